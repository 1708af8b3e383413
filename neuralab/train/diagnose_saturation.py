"""The diagnosis of hidden sigmoid/tanh units in their flat tails, and the remedies of such units, or
of an output pinned there (``diagnose_output.py``), that a run already has or lacks.

    saturated_units       in the last record, >= 50 % of a hidden sigmoid/tanh layer's outputs are
                          in the flat tails (severe >= 90 %); the output layer may saturate, so it
                          is not judged here (``diagnose_output`` judges it with the loss). Its
                          remedies are those the run lacks: "a lower learning rate" when the
                          weights that compute a saturated layer's z grew >= 4-fold from before
                          the first step (named in the evidence, with the learning rate they grew
                          at: ``diagnose_scale.large_weights``), unless Learning rate too high
                          gives it (``diagnose_loss.lower_rate_said``), which the evidence then
                          points to ("For the step size, see ..."), then "start again from fresh
                          weights", which comes first, and the lower rate is not advised again,
                          when the run's learning rate is lower already (a lower one leaves grown
                          weights as they are: the playground's box lowered from 10 to 0.1 left
                          2-8-8-1 sigmoid units 91 to 100 % in the tails, told "steps this large
                          (lr 0.1)") or when those weights were >= 4 times Xavier's scale before
                          the first step recorded (trained before: the playground keeps them
                          through an edit of the network, with a new monitor); "Xavier
                          initialisation" unless every Dense layer started at its scale,
                          "standardise the inputs" unless they are (``remedies_in_place``). A
                          note, not a problem, below 90 % when
                          the network learns with them (``diagnose_falling.learning_anyway``):
                          2-32-1 sigmoid on a checkerboard (its raw ±6 inputs) at Adam's lr 0.01,
                          54 % in the tails and 89 % right after 200 epochs (98 % after 1,000), was
                          told to lower the lr and standardise, and either ended at guessing's loss.
                          Not a note when the weights were >= 4 times Xavier's scale before the first
                          step (drawn that large): 2-16-16-1 sigmoid under weights x20, told "train for
                          longer", reached 89-92 % in 500 epochs, where fresh weights reached 93-97 %.
                          A note (it learns with them, or fits its data anyway) leaves out the
                          weights behind the units, which only a problem's remedies need, and names
                          only the remedies the run lacks for when they would matter: each grown
                          layer's ‖W‖, how the network learns and every remedy took 2-8-8-1 notes to
                          720-740 characters
"""
import numpy as np

from ..nn.dense import Dense
from .diagnose_cache import once_per_report
from .diagnose_curve import fits_the_data, problem_unless_it_fits, ways_keep
from .diagnose_falling import learning_anyway
from .diagnose_first_step import SEVERE_FRACTION, judged_probe
from .diagnose_loss import SEE_RATE, lower_rate_said
from .diagnose_scale import large_weights, started_at_xavier_scale
from .input_scale import judged
from .monitor_words import named
from .diagnosis import note

SATURATED = 0.5             # fraction of saturated outputs in a hidden sigmoid/tanh layer


@once_per_report
def saturated_units(m):
    layers = [(s["saturated"][-1], n) for n, s in m.activations.items()
              if s.get("saturated") and n in m.hidden]
    bad = [(f, n) for f, n in layers if f >= SATURATED]
    if not bad:
        return None
    evidence = (f"hidden outputs in the flat tails ({_tails(m, [n for _, n in bad])}) at step {m.steps[-1]}: "
                + ", ".join(f"{named(m, n)} {f:.0%}" for f, n in bad))
    said, grown, lowered, large = large_weights(m, [n for _, n in bad])
    # below 90 % in the tails, the units left on their slopes learn on: no problem while the loss falls,
    # unless the weights were that large from the start: 2-16-16-1 sigmoid under weights x20 learnt on to
    # 89-92 % in 500 epochs, where fresh Xavier weights reached 93-97 %
    learning = learning_anyway(m) if max(bad)[0] < SEVERE_FRACTION else None
    if learning is not None and not large:
        # a note says what the network learns, not why the units saturated (the cause is for a problem's
        # remedies); beside Learning rate too high, "change nothing" would contradict that finding
        then = (f"; for the step size, {SEE_RATE}" if lower_rate_said(m) else
                ": train for longer before changing anything")
        return note("saturated_units", f"{evidence}. But the network learns with them: {learning}. Units in "
                                       f"the tails draw sharp boundaries{then}")
    if fits_the_data(m) is None:     # a problem: the weights behind it say which remedies apply
        evidence += said
    if learning is not None:
        evidence += (f". The network learns all the same: {learning}; but slowly, as units that start in the "
                     f"tails pass little gradient")
    # a lower lr is what the run lacks, not one it has already; where it has one, or the weights were
    # that large from its start, only fresh weights bring z back to the slopes (``pinned_output`` alike);
    # beside Learning rate too high, the lower rate is that finding's to say, pointed to, once
    lower, fresh = bool(grown) and not lowered, lowered or bool(large)
    if lower and lower_rate_said(m):
        evidence += f". For the step size, {SEE_RATE}"
        lower = False
    in_place = remedies_in_place(m)
    ways = [way for way, lacking in (("fresh weights", fresh), ("a lower learning rate", lower),
                                     ("standardised inputs", "standardise" not in in_place),
                                     ("Xavier initialisation", "xavier" not in in_place), ("ReLU", True)) if lacking]
    return problem_unless_it_fits(m, "saturated_units", max(bad)[0] >= SEVERE_FRACTION, evidence,
                                  f"Units in the tails learn slowly; where that matters, {ways_keep(ways)} them "
                                  f"on their slopes",
                                  without=in_place + (() if lower else ("lr",))
                                  + (() if grown or large else ("fresh_weights",)),
                                  first=("fresh_weights",) if fresh else ())


# where each kind's outputs count as in the flat tails (``layer_stats.saturated_fraction``)
TAILS = {"tanh": "|tanh| > 0.99", "sigmoid": "sigmoid < 0.01 or > 0.99"}


def _tails(m, names):
    """The flat tails of the kinds of the activation layers ``names``, in words: "|tanh| > 0.99"; both
    kinds' for a network of both, or records that do not say (set by hand)."""
    kinds = [kind for kind in TAILS if any(getattr(m, "kinds", {}).get(n) == kind for n in names)] or TAILS
    return ", ".join(TAILS[kind] for kind in kinds)


@once_per_report
def remedies_in_place(m):
    """The keys of the remedies for saturated units that the run already has, so that the advice
    is not to do what is done:

    - "standardise" when the probe's input columns are centred and of unit scale or less: the
      root mean square of their means <= 0.3 (64 rows of standardised columns give ~0.13; moons'
      raw columns 0.4) and every std <= 2; and when it cannot help: inputs of one row, or of
      columns that never vary, which standardising makes all 0 (``input_scale.judged``);
    - "xavier" when every Dense layer started at Xavier's scale (``diagnose_scale.started_at_xavier_scale``).
    """
    keys = []
    probe = m.probe
    inputs = getattr(m, "inputs", None)
    if inputs and not judged(inputs):
        keys.append("standardise")
    elif judged_probe(m):
        flat = np.asarray(probe, np.float64).reshape(len(probe), -1)
        if np.sqrt(np.mean(flat.mean(axis=0) ** 2)) <= 0.3 and np.all(flat.std(axis=0) <= 2):
            keys.append("standardise")
    layers = dict(m.watched)                # the monitor's (a nested Sequential opened)
    started = []
    for name in m.weights:
        layer = layers.get(name)
        if not isinstance(layer, Dense):
            return tuple(keys)
        started.append(started_at_xavier_scale(m, name, layer))
    if started and all(started):
        keys.append("xavier")
    return tuple(keys)
