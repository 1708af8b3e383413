"""Training frozen: no gradient flows, and why. ``gradient_blocked`` gathers the severe findings
that stop the gradient (symmetric or step units, vanishing gradients, dead or saturated units, and
``no_gradient`` itself); the findings of a loss that barely moves read it, since behind such a
block the step size is not the cause. ``diagnose.py`` runs them with the others.

    no_gradient           after >= 20 steps and in >= 90 % of at least 3 records, the weight
                          gradients are 0 or negligible: ‖dL/dW‖·‖W‖ < 1e-6 x the loss (total norms;
                          to first order, no change of the weights as large as the weights could
                          move the loss by a millionth), while the loss did not fall to half its
                          initial value (a converged loss near 0 is no frozen one). Severe. Its
                          evidence names the causes the records show: an output sigmoid/tanh pinned
                          in its flat tails (BCE on a sigmoid at exactly 0 or 1 has a zero gradient),
                          weights too small for the depth, dead units, exploding activations, a
                          learning rate too high; first of all, inputs far from unit scale (large or
                          off-centre columns, ``input_scale.far_from_zero``), with their μ and σ and
                          how many times larger each step of z is than on standardised inputs: then
                          "standardise the inputs" comes first and He/Xavier initialisation is left
                          out (moons x1000 stayed frozen under He's, and trained once standardised).
                          An output pinned by large steps whose rate was lowered since (a schedule,
                          the playground's box: ``monitor_rates.lowered_since``) stays pinned, as no
                          gradient moves its weights: the evidence says so, and "start again from
                          fresh weights at the lower learning rate" takes the place of "a lower
                          learning rate" and comes first (SGD at lr 30 on circles, divided by 10
                          every 20 epochs, stayed frozen at lr 3 and 0.3). A learning rate too high,
                          which the evidence points to ("see Learning rate too high"), leaves "a
                          lower learning rate" to that finding: the report says it once. Not reported
                          when severe dead ReLUs or saturated hidden units already explain it, nor
                          for a network without a hidden layer at the loss of guessing
                          (``diagnose_chance.guessing``): logistic regression on XOR (full batch, SGD,
                          1,000 epochs) fell from 1.19 to ln 2, its minimum, where the gradient is 0
                          because nothing is left to learn (no_better_than_guessing says so)
"""
import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_chance import guessing
from .diagnose_curve import initial_loss, loss_trend
from .diagnose_first_step import dead_layers, pinning_in_words, pinning_steps, probe_in_words
from .diagnose_gradients import grad_series, dead_relus, step_units, vanishing_gradients
from .diagnose_loss import LEARNT, MIN_STEPS, SEE_RATE, learning_rate_too_high, lower_rate_said
from .diagnose_saturation import SATURATED, saturated_units
from .diagnose_scale import activation_growth, exploding_activations, small_start
from .diagnose_symmetry import symmetric_units
from .diagnosis import layers_listed, problem, share, short_number
from .input_scale import columns_in_words, far_from_zero, judged, step_growth
from .monitor_rates import fresh_at, lowered_since, rate_at, rates_in_words
from .monitor_words import named, short_loss

FROZEN = 1e-6               # ‖dL/dW‖·‖W‖ / loss: below it, the gradient is negligible
FROZEN_SHARE = 0.9          # share of the records whose gradient is negligible
MIN_RECORDS = 3             # records needed to call a run frozen


@once_per_report
def gradient_blocked(m):
    """The severe findings that say why the gradient cannot flow (symmetric or step units, vanishing
    gradients, dead or saturated units, no gradient): behind them a network learns nothing, whatever
    its step size or labels, and a finding that reads a loss which barely moves (a learning rate too
    low) or a held-out score at guessing's (``diagnose_memorised``) has found their effect."""
    return [d for d in (symmetric_units(m), step_units(m), vanishing_gradients(m), dead_relus(m),
                        saturated_units(m), no_gradient(m)) if d is not None and d.severity == "severe"]


@once_per_report
def no_gradient(m):
    names, g = grad_series(m)
    if len(g) < MIN_RECORDS or m.step < MIN_STEPS or m.diverged or not m.loss["loss"]:
        return None
    w = np.array([m.weights[n]["weight_norm"] for n in names], dtype=np.float64).T
    loss = np.interp(m.steps, m.loss["step"], m.loss["loss"])     # the loss around each record
    with np.errstate(over="ignore", invalid="ignore"):
        g_total, w_total = np.sqrt((g ** 2).sum(axis=1)), np.sqrt((w ** 2).sum(axis=1))
        frozen = g_total * w_total <= FROZEN * loss
    initial = initial_loss(m)
    trend = loss_trend(m)
    end = trend[1] if trend is not None else float(m.loss["loss"][-1])
    if (frozen.mean() < FROZEN_SHARE or initial is None or not np.isfinite(end) or end <= 0
            or end < LEARNT * initial):
        return None       # gradients flow, or the loss fell (a converged loss has tiny gradients)
    if any(d is not None and d.severity == "severe" for d in (dead_relus(m), saturated_units(m),
                                                              symmetric_units(m))):
        return None       # the other report says why no gradient flows
    if not m.hidden and guessing(m) is not None:
        return None       # a straight boundary at its best, guessing's loss: a minimum, whose gradient is 0
    small = frozen & (g_total > 0)                 # frozen but not 0: the loss there is > 0
    if not small.any():
        how = "were exactly 0"
    else:
        worst = np.max(g_total[small] * w_total[small] / loss[small])
        how = f"were negligible (‖dL/dW‖·‖W‖ at most {short_number(worst)} x the loss)"
    # the rule's bar is half the initial loss: a loss halved to the digit said "did not fall (0.266 to 0.133)"
    fell = "did not fall" if end >= initial else "did not halve"
    why, first, lowered = _why_frozen(m)
    # no initialisation keeps z near 0 on inputs of that scale (x1000 moons under He's: still frozen)
    without = ("init",) if "standardise" in first else ()
    # nor standardising one row, or columns that never vary: it makes every input 0
    without += ("standardise",) if getattr(m, "inputs", None) and not judged(m.inputs) else ()
    # a step too large is Learning rate too high's to say, which the evidence points to: its remedy, once
    if not lowered and lower_rate_said(m):
        without += ("lr",)
    return problem("no_gradient", True,
                   f"in {frozen.sum()} of the {len(frozen)} records (steps {m.steps[0]} to {m.steps[-1]}) the "
                   f"gradients {how}, and the loss {fell} ({short_loss(m, initial)} to {short_loss(m, end)}). "
                   f"Why: {why}", without=without,
                   first=first, instead={"lr": fresh_at(lowered)} if lowered else None)


def input_names(m):
    """The model's ``feature_names`` when there is one per column of the inputs the monitor read, else None."""
    names = getattr(getattr(m, "model", None), "feature_names", None)
    return names if names is not None and len(names) == len(m.inputs["mean"]) else None


def _why_frozen(m):
    """What the records show of why no gradient flows, in words, the keys of the remedies they name
    the cause for (to come first: "lr" when large steps pinned the output), and the lower rate the
    run has now when the learning rate was lowered since those steps (``lowered_since``), else None:
    the output stays pinned at any rate, so fresh weights at that rate come first, in the place of
    "a lower learning rate"."""
    causes, first, lowered = [], (), None
    inputs = getattr(m, "inputs", None)
    far = far_from_zero(inputs) if inputs else ()
    if len(far):   # first: x1000 moons froze at SGD's 0.1 and Adam's 0.01, and He's init changed nothing
        causes.append(f"the inputs are far from unit scale: {columns_in_words(far, inputs, input_names(m))}, where "
                      f"standardised columns have μ 0 and σ 1. z = W x + b moves with x, so each step of the first "
                      f"layer's weights moved z {short_number(step_growth(inputs))} times as far as on standardised "
                      f"inputs, into the flat tails of the units and the output")     # (the remedy, first, says it)
        first = ("standardise",)
    if small_start(m) is not None and vanishing_gradients(m) is not None:   # (that finding quotes the layers)
        causes.append("weights too small for the depth (see Vanishing gradients)")
    outputs = [n for n in m.activations if n not in m.hidden and m.activations[n].get("saturated")]
    too_high = learning_rate_too_high(m) is not None
    pointed = False
    if outputs and m.activations[outputs[-1]]["saturated"][-1] >= SATURATED:
        s, steps = m.activations[outputs[-1]], pinning_steps(m, outputs[-1])
        lowered = lowered_since(m, rate_at(m, steps[1][2])) if steps is not None else None
        # the steps that pinned it are the ones Learning rate too high blames: by their size and rate, pointed there
        pointed = too_high and steps is not None and not lowered
        causes.append(f"the output {named(m, outputs[-1])} is pinned in its flat tails for "
                      f"{s['saturated'][-1]:.0%} of {probe_in_words(m, brief=True)}"
                      + (f"{', ' if pointed else '; '}{pinning_in_words(m, steps, pointed=pointed)}"
                         if steps is not None else "")
                      + (f" ({SEE_RATE})" if pointed else "")
                      + (f". The learning rate was lowered since ({rates_in_words(m, 1, m.steps[-1])}), which "
                         f"leaves it pinned: only fresh weights free it" if lowered else ""))
        first += ("fresh_weights",) if lowered else ("lr",) if steps is not None else ()
    dead = dead_layers(m)
    if dead:
        causes.append(f"dead ReLU units ({layers_listed([(named(m, n), f) for n, f in dead], share)})")
    if exploding_activations(m) is not None:
        growth = activation_growth(m, 0)
        causes.append(f"the hidden activations grow {growth[0]:.3g}-fold from {named(m, growth[1])} to "
                      f"{named(m, growth[2])} (see Exploding activations)")
    if too_high and not pointed:
        causes.append(f"a step too large for the network ({SEE_RATE})")
    return ("; ".join(causes) if causes else
            "a saturated output (a sigmoid pinned at 0 or 1) or dead units pass no gradient back"), first, lowered
