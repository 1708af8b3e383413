"""A first step too large, and the ReLU units it switched off: what the first record (step 1)
shows of the learning rate, read by ``learning_rate_too_high`` (``diagnose_loss.py``), which names
such a step as the cause of dead units, by ``dead_relus`` (``diagnose_gradients.py``), whose
evidence then says so, and by ``exploding_activations`` (``diagnose_scale.py``), which step 1 no
longer judges.

    first_step            the first step changed the weights by >= 30 % (the median over the weight
                          layers of the update ratio ‖ΔW‖ / ‖W‖, finite: a start at W = 0 has no
                          scale to change) with a gradient less than 10 times the weights (the
                          median of ‖dL/dW‖ / ‖W‖): the learning rate, not the gradient, made the
                          step large (a too-large initialisation gives gradients 100 to 10^4 times
                          the weights, or none at all; He-initialised ReLU networks on circles
                          0.03 to 7 times, the most on the playground's plane, inputs up to ±6).
                          SGD at lr 0.03 to 0.3 takes steps of 0.1 to 10 % of the weights (and up
                          to 2-fold on the plane, which killed the units of 2-4-2-1 networks there:
                          those are named too); at lr 1, 3-fold to 16-fold (a gradient 1.1 times
                          the weights) and at lr 10, 50 % to 66-fold
    dead_layers           the ReLU layers whose units output 0 for every sample of the probe (>= 10
                          rows) at the last record, >= 50 % of them (a dead unit passes no
                          gradient back, so nothing revives it: dz = da · 1[z > 0] = 0 for every
                          sample). 2-4-2-1 and 2-8-8-1 ReLU networks on circles after a first step
                          of SGD's lr 10 end with every unit of their second hidden layer dead, at
                          50 % accuracy
"""
import numpy as np

from .remedies import short_number

FIRST_STEP = 0.3            # update ratio of the first step beyond which step 1 is no longer the start
STEP_GRADIENT = 10.0        # ‖dL/dW‖ / ‖W‖ of that step below which the learning rate made it large
DEAD = 0.5                  # fraction of dead units in a ReLU layer
SEVERE_FRACTION = 0.9       # fraction of a layer's units (dead, saturated) from which it is severe
MIN_PROBE = 10              # probe samples needed to call a unit dead


def first_step(m):
    """(update, gradient): the medians over the weight layers of the first record's update ratio
    ‖ΔW‖ / ‖W‖ and of ‖dL/dW‖ / ‖W‖, when the learning rate made that step large (see the module
    docstring); None otherwise."""
    first = [(w["update_ratio"][0], w["grad_norm"][0] / w["weight_norm"][0])
             for w in m.weights.values() if w["update_ratio"] and w["weight_norm"][0] > 0]
    if not first:
        return None
    update, gradient = np.median(first, axis=0)
    if not (np.isfinite(update) and update >= FIRST_STEP and gradient < STEP_GRADIENT):
        return None
    return float(update), float(gradient)


def first_step_in_words(m, step):
    """``first_step``'s (update, gradient) in words: "a first step that changed the weights by 130 %
    with a gradient 0.1 times their norm (lr 10)"."""
    update, gradient = step
    by = f"{update:.0%}" if update < 10 else f"{update:.3g} times their norm"
    lr = f" (lr {m.lr:g})" if m.lr is not None else ""
    return (f"a first step that changed the weights by {by} (median ‖ΔW‖ / ‖W‖ over the weight layers) "
            f"with a gradient {short_number(gradient)} times their norm{lr}")


def dead_layers(m):
    """[(name, fraction)] of the ReLU layers with >= 50 % dead units at the last record (see the
    module docstring); empty when the probe holds fewer than 10 rows."""
    if m.probe is None or len(m.probe) < MIN_PROBE:
        return []
    return [(n, s["dead"][-1]) for n, s in m.activations.items() if s.get("dead") and s["dead"][-1] >= DEAD]


def dead_in_words(m, layers):
    """``dead_layers`` in words: "units that output 0 for every one of the 64 probe samples at step
    4001: 1:ReLU 100%, 3:ReLU 88%"."""
    return (f"units that output 0 for every one of the {len(m.probe)} probe samples at step {m.steps[-1]}: "
            + ", ".join(f"{n} {f:.0%}" for n, f in layers))
