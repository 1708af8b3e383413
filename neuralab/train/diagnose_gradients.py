"""Diagnoses that read the gradients and activations: whether the gradient flows back through
every layer, and at what scale. Those of the scale the weights started at (exploding activations,
weights too small for the depth) are in ``diagnose_scale.py``; hidden sigmoid/tanh units in their
flat tails (saturated units) in ``diagnose_saturation.py``.

Each rule reads a ``Monitor``'s per-layer records (gradient and weight norms, activation statistics
on the probe) and returns a ``Diagnosis`` naming its evidence and remedies, or nothing;
``diagnose.py`` runs them with the others. Vanishing gradients, dead ReLUs and no gradient are
not reported when a hidden layer's units started equal and stayed so (``diagnose_symmetry``):
that is their cause, and a random start the remedy.

    step_units            a hidden activation layer is a step function (named "<i>:Step"): its
                          derivative is 0, so no gradient reaches the weight layers before it,
                          whatever the data or the learning rate. Severe; vanishing gradients and a
                          learning rate too low are then not reported (this is why nothing moves)
    vanishing_gradients   median over the records of ‖dL/dW‖ first layer / ‖dL/dW‖ last layer
                          < 1e-2 (severe below 1e-4): the early layers barely learn. A first layer
                          of one input followed by BatchNorm is left out (its gradient is 0 by
                          construction: the normalisation keeps only the signs of its weights).
                          Also when the weights started too small for the depth
                          (``diagnose_scale.small_start``: activations that shrink >= 10-fold over
                          the hidden layers at step 1, from weights below a quarter of Xavier's
                          scale), where the ratio stays near 1 while every gradient is tiny: its
                          evidence names that cause, severe when they shrink >= 100-fold. Its
                          remedies then leave out "use ReLU" (ReLU units shrink as much under
                          weights that small, and He or Xavier initialisation is the fix) unless a
                          hidden layer is a sigmoid (whose slope, at most 1/4, shrinks δ by
                          itself); dead ReLUs, which follow (z = W a + b is its bias once W a
                          vanished), are then not reported. Not reported from the ratio alone
                          when saturated_units blames the learning rate (units in the flat tails
                          behind weights the steps grew 4-fold: tanh at lr 10 gave a ratio of
                          3e-9, and "use ReLU, He" came before "lower the learning rate")
    exploding_gradients   that ratio > 1e2, or the total gradient norm grew more than 100-fold
                          from the first quarter of the records to the last (not from weights that
                          started too small for the depth: their gradients grow as they do)
    dead_relus            in the last record, a ReLU layer has >= 50 % dead units (severe >= 90 %),
                          judged on a probe of at least 10 samples (``diagnose_first_step``). When
                          the first step was one the learning rate made too large (>= 30 % of the
                          weights), or early steps were and the units died during them
                          (``killing_step``), the evidence says so and "a lower learning rate"
                          comes first among the remedies; learning_rate_too_high names that step as
                          the cause (one step of lr 10 switched the units off). But when the run
                          learnt all the same (not ``diagnose_curve.learnt_nothing``) it is a note:
                          the units that remain learnt what noisy data allow (2-32-32-1 on Gaussians
                          of σ 3 at SGD's lr 0.3, 85 % held out, as at lr 0.1; on circles of noise
                          0.6 at Adam's lr 0.1, 96 %, where "severe" read as a contradiction). When
                          the network fits its training data anyway (training R² or accuracy
                          >= 0.99, else a loss that fell 100-fold: ``fits_the_data`` in
                          ``diagnose_curve.py``), it is a note
                          (severity "info", no remedies): the units that remain were enough, and
                          the lost capacity matters only on harder data or when a network
                          underfits. So are vanishing_gradients and saturated_units. Its remedies
                          leave out what the run has (``_dead_in_place``): He initialisation when
                          the layers that compute the dead units' z were drawn by it at its scale
                          (nn.MLP's default for ReLU), starting the biases at 0 when they started
                          there (nn.Dense's default, ``Monitor.start_biases``). Severe also when a
                          layer is >= 75 % dead in a network that learnt nothing
                          (``learnt_nothing``: momentum SGD at lr 1, 81 and 88 % dead at 52 %, was a
                          warning). The cause comes first: biases that started far below 0 (|b| >= 1
                          before the first step, median b <= -1 now: a dead unit's bias gets no
                          gradient) put "start them at 0" first and say so (biases of -20 were told
                          leaky ReLU first, which stayed at guessing); a large learning rate
                          (``_large_rate``: SGD's lr / (1 - momentum) >= 1, Adam's >= 0.1, the
                          largest of the steps up to the last record, lowered since or not) beside
                          units of a network that learnt nothing puts "a lower learning rate"
                          first (at lr 0.1 those runs learnt). When the rate of the last record's
                          step is below the one that switched them off (a schedule, or the
                          playground's box, lowered it since: ``lowered_since``), the evidence says
                          so and "start again from fresh weights at the lower learning rate" takes
                          the place of "a lower learning rate": a unit switched off gets no gradient
                          at any rate, so it stays dead where the large rate left its weights
                          (momentum SGD at lr 1 lowered to 0.01 at step 601 left 81-88 % dead at
                          56 %, and was told "a lower learning rate" first). When no step of the
                          learning rate's switched them off and ``unscaled_target`` is reported, the
                          evidence names the target's scale and "a lower learning rate" is left out:
                          each step pushes the output up towards the target, and the units the next
                          layer weighs negatively down (flats' prices in euros under Adam at lr
                          0.001: the 18 of 32 units that died were all weighed negatively at the
                          start; standardised, none died; a lower rate is slower still). When no
                          such step switched them off and the inputs are far below unit scale as a
                          whole (``input_scale.tiny_reach``: digits divided by 16, then by 255,
                          50 to 75 % of a 64-16-10 network dead under Adam at 0.01), the evidence
                          names that and "a lower learning rate" is left out: z = W x + b is about
                          its bias b for every input, so a unit whose bias falls below 0 is off for
                          all of them, and standardising the inputs is the remedy. Beside Learning rate
                          too high, reported as a problem (``diagnose_loss.lower_rate_said``), "a lower
                          learning rate" is that finding's to say, once: the evidence points to it
                          ("For the step size, see Learning rate too high")
"""
import numpy as np

from ..nn.batchnorm import BatchNorm1d
from .. import optim
from .diagnose_cache import once_per_report
from .diagnose_first_step import (SEVERE_FRACTION, dead_in_words, dead_layers, first_step_in_words,
                                  killing_step, largest_early_step,
                                  weights_before)
from .diagnose_curve import fits_the_data, learnt_nothing, problem_unless_it_fits, task_metric, ways_keep
from .diagnose_loss import SEE_RATE, lower_rate_said
from .diagnose_scale import (ACT_GROWTH, HE_INITS, biases_started_at_zero, drawn_at_scale,
                             small_start, XAVIER_INITS)
from .diagnose_saturation import saturated_units
from .diagnose_late import ADAPTIVE
from .diagnose_symmetry import symmetric_units
from .diagnose_target import unscaled_target
from .input_scale import tiny_reach
from .monitor_layers import layer_class, position
from .monitor_rates import fresh_at, lowered_since, rate_at, rates_in_words, rates_over
from .monitor_words import named
from .diagnosis import layers_listed, metric_in_words, note, problem, short_number

VANISHING_RATIO = 1e-2      # first-layer / last-layer gradient norm
EXPLODING_RATIO = 1e2
GROWTH = 1e2                # total gradient norm, last quarter of the records / first quarter
FAR_BIAS = 1.0              # |b| from which a start bias is far from 0 (nn.Dense starts them at 0)
MOSTLY_DEAD = 0.75          # dead units of a layer from which a network that learnt nothing is severe
LARGE_SGD_LR = 1.0          # SGD's lr / (1 - momentum) from which it names the rate beside dead units
LARGE_ADAPTIVE_LR = 0.1     # Adam's, AdamW's or RMSProp's


def grad_series(m):
    """(names, array (records, layers)) of the weight layers' gradient norms."""
    names = list(m.weights)
    if not names or not m.steps:
        return names, np.zeros((0, len(names)))
    return names, np.array([m.weights[n]["grad_norm"] for n in names], dtype=np.float64).T


@once_per_report
def _depth_ratio(m):
    """Median over the records of ‖dL/dW‖ of the first layer / of the last one. A first layer
    of one input whose outputs a BatchNorm standardises is passed over: BN(w·x + b) keeps only
    the sign of w, so its gradient is 0 whatever reaches it (a rounding error, 1e-5 of the last
    layer's), and the next weight layer is the first that shows how the gradient flows."""
    names, g = grad_series(m)
    while names and names[0] in m.sign_only:
        names, g = names[1:], g[:, 1:]
    if len(names) < 2 or not len(g):
        return None
    ok = (g[:, -1] > 0) & np.isfinite(g[:, 0]) & np.isfinite(g[:, -1])
    if not ok.any():
        return None
    ratio = float(np.median(g[ok, 0] / g[ok, -1]))
    first, last = float(np.median(g[ok, 0])), float(np.median(g[ok, -1]))
    return ratio, names[0], names[-1], first, last, int(ok.sum())


@once_per_report
def step_units(m):
    steps = [n for n in m.activations if n in m.hidden and layer_class(m, n) == "Step"]
    names, g = grad_series(m)
    before = [i for i, n in enumerate(names) if steps and position(m, n) < position(m, steps[-1])]
    if not before:  # no step, or only on the inputs, with nothing before it to train
        return None
    largest = (f"; the largest gradient norm recorded for them is {short_number(g[:, before].max())}"
               if len(g) else "")
    layers, learners = ", ".join(named(m, n) for n in steps), ", ".join(named(m, names[i]) for i in before)
    return problem("step_units", True,
                   f"the hidden activation layer{'s' if len(steps) > 1 else ''} {layers} "
                   f"{'are step functions' if len(steps) > 1 else 'is a step function'}, whose derivative is 0: "
                   f"no gradient reaches {learners}, so they never learn{largest}")


@once_per_report
def vanishing_gradients(m):
    found, small = _depth_ratio(m), small_start(m)
    deep = found is not None and found[0] < VANISHING_RATIO
    if not (deep or small) or step_units(m) is not None:
        return None  # a step's derivative is 0: its own report says so
    if symmetric_units(m) is not None:
        return None  # units that start equal: a random start is the remedy, its own report says so
    if not small and _saturated_by_the_steps(m):
        return None  # units in the flat tails pass nothing back: that report blames the learning rate
    evidence = []
    if deep:   # what is wrong first; a start too small is why (its gradients are then said here already)
        ratio, first, last, g_first, g_last, n = found
        times = f"{1 / ratio:.3g} times smaller" if ratio > 0 else "zero"
        evidence.append(f"the gradient norm of the first layer ({named(m, first)}) is {short_number(g_first)}, "
                        f"of the last ({named(m, last)}) {short_number(g_last)}: {times} (median over {n} records)")
    if small:
        evidence.append(_too_small(m, *small, gradients=not deep))
    severe = (deep and found[0] < VANISHING_RATIO ** 2) or (small and small[0][0] <= 1 / ACT_GROWTH ** 2)
    # weights too small shrink ReLU's activations as well: the start is the remedy, and ReLU one only for
    # a sigmoid, whose slope, at most 1/4, shrinks δ by itself (tanh's is 1 at 0, as ReLU's)
    without = _vanishing_in_place(m) + (("relu",) if small and not _sigmoid(m) else ())
    # a note names the remedies the run lacks, for when it would matter
    ways = [way for key, way in (("relu", "ReLU"), ("init", "He or Xavier initialisation"),
                                 ("batchnorm", "batch normalisation")) if key not in without]
    return problem_unless_it_fits(m, "vanishing_gradients", severe, "; ".join(evidence),
                                  "Vanishing gradients slow the first layers' learning, which matters in "
                                  "deeper networks and on harder data"
                                  + (f": there, {ways_keep(ways)} them flowing" if ways else ""),
                                  without=without)


def _sigmoid(m):
    """Whether a hidden activation layer is a sigmoid."""
    return any(layer_class(m, name) == "Sigmoid" for name in m.hidden)


def _saturated_by_the_steps(m):
    """Whether ``saturated_units`` blames the weights: hidden units in the flat tails, behind weights
    the steps grew >= 4-fold or that were that large from the start (its remedies "a lower learning
    rate" and "fresh weights" are kept only then). Their slope, near 0, is what makes the first
    layers' gradients vanish (tanh 2-4-2-1 at lr 10: 3e8 times smaller), and "use ReLU, He" would
    not have helped a step size that drives z into the tails."""
    d = saturated_units(m)
    return d is not None and any(getattr(r, "key", None) in ("lr", "fresh_weights") for r in d.remedies)


def _too_small(m, growth, small, i, gradients=True):
    """The evidence of weights too small for the depth (``small_start``), in words; with ``gradients``,
    the range of the gradients' norms they shrink (said once: the depth ratio quotes them otherwise)."""
    ratio, first, last, s_first, s_last, _ = growth
    shares = layers_listed([(named(m, name), share) for name, share in small])
    grads = [w["grad_norm"][i] for w in m.weights.values() if len(w["grad_norm"]) > i]
    norms = (f"dL/dW[l] = δ[l]ᵀ a[l-1] with them (‖dL/dW‖ {short_number(min(grads))} to {short_number(max(grads))})"
             if gradients else "with them")
    return (f"the weights started too small for the depth: at step {m.steps[i]} the hidden activations "
            f"shrink {f'{1 / ratio:.3g}-fold' if ratio > 0 else 'to nothing'} from {named(m, first)} (spread "
            f"{short_number(s_first)}) to {named(m, last)} ({short_number(s_last)}), and the gradients {norms}. "
            f"‖W‖ at the start over Xavier's norm: {shares}")


def _vanishing_in_place(m):
    """The keys of the remedies for vanishing gradients that the network already has: "relu"
    when no hidden activation is a sigmoid or tanh (a 20-layer ReLU network with weights too small
    was told to use ReLU), "init" when its hidden layers are ReLU layers drawn by He's initialisation
    at its scale (``diagnose_scale.drawn_at_scale``), or sigmoid/tanh layers drawn by Xavier's (an
    8-layer sigmoid MLP, Xavier's by default, was told "Xavier for tanh/sigmoid"), "batchnorm" when
    it normalises between its layers."""
    kinds = {layer_class(m, name) for name in m.hidden}
    keys = [] if kinds & {"Sigmoid", "Tanh"} else ["relu"]
    for family, inits in (({"ReLU"}, HE_INITS), ({"Sigmoid", "Tanh"}, XAVIER_INITS)):
        if kinds and kinds <= family and drawn_at_scale(m, weights_before(m, m.hidden), inits):
            keys.append("init")     # nn.MLP's defaults: He's for ReLU layers, Xavier's for the others
    model = getattr(m, "model", None)
    if model is not None and any(isinstance(layer, BatchNorm1d) for layer in model.walk()):
        keys.append("batchnorm")
    return tuple(keys)


@once_per_report
def exploding_gradients(m):
    found = _depth_ratio(m)
    if found is not None and found[0] > EXPLODING_RATIO:
        ratio, first, last, g_first, g_last, n = found
        return problem("exploding_gradients", ratio > EXPLODING_RATIO ** 2,
                       f"the gradient norm of the first layer ({named(m, first)}) is {short_number(g_first)}, "
                       f"of the last ({named(m, last)}) {short_number(g_last)}: {ratio:.3g} times larger "
                       f"(median over {n} records)")
    _, g = grad_series(m)
    if len(g) < 4:
        return None
    total = np.sqrt((g ** 2).sum(axis=1))
    quarter = len(total) // 4
    start, end = float(np.median(total[:quarter])), float(np.median(total[-quarter:]))
    # from weights too small for the depth (``small_start``), the gradients grow as the weights
    # reach their scale: that is learning, not an explosion, and vanishing_gradients names the start
    if start > 0 and end > GROWTH * start and small_start(m) is None:
        return problem("exploding_gradients", end > GROWTH ** 2 * start,
                       f"the total gradient norm grew from {short_number(start)} (steps {m.steps[0]}-"
                       f"{m.steps[quarter - 1]}) to {short_number(end)} (steps {m.steps[-quarter]}-"
                       f"{m.steps[-1]}), {end / start:.3g} times")
    return None


@once_per_report
def dead_relus(m):
    layers = dead_layers(m)
    if not layers or symmetric_units(m) is not None:
        return None  # (units dead from a start at W = 0: the report of symmetric units says so)
    if small_start(m) is not None and vanishing_gradients(m) is not None:
        return None  # z = W a + b is its bias where W a vanished: that report names the start
    step, first, lowered = killing_step(m), (), None
    # "a lower learning rate" is said where the report blames the rate (Learning rate too high, or fit's stop
    # reason beside it): a problem here leaves it out and points there, once (a report of both listed it twice)
    said_there = fits_the_data(m) is None and lower_rate_said(m)
    evidence = dead_in_words(m, layers, step)
    if step is not None:   # steps of a third of the weights or more, the lr's: they can switch units off
        first, lowered = ("lr",), lowered_since(m, rate_at(m, step[2]))
        # pointing there (below), or in a note of what the network learnt anyway, the step by its size and
        # rate alone: the finding stays a paragraph
        brief = not lowered and (said_there or learnt_nothing(m) is False)
        evidence += f", after {first_step_in_words(m, step, brief)}"
    elif learnt_nothing(m) is True and _large_rate(m) is not None:   # units that died later, at a large rate
        evidence, first = f"{evidence}. {_large_rate(m)}", ("lr",)
        lowered = lowered_since(m, max(_rates(m)))
    if lowered:   # a lower rate is what the run has now: fresh weights at it, not a lower one still
        quoted = "" if step is None else f" ({rates_in_words(m, 1, m.steps[-1])})"   # (``_large_rate`` quoted it)
        evidence += (f". The learning rate was lowered since{quoted}, which leaves them dead: only fresh weights "
                     f"bring them back")
        first = ("fresh_weights",)
    negative = _negative_biases(m, [n for n, _ in layers])
    if negative:   # biases of -20 at the start: leaky ReLU, advised first, left the network at guessing
        evidence += (f". The biases of {negative} started far below 0, so z = W a + b is below 0 for every input "
                     f"and the units never switch on: start them at 0")
        first = ("biases",)
    # beside a Learning rate too high that says "lower the learning rate", the rate is its to say, once;
    # He initialisation is none to name where it drew the weights already
    rate_there = lower_rate_said(m) and not lowered
    keep = ["leaky ReLU"] + ([] if rate_there else [f"{'fresh weights at the lower' if lowered else 'a lower'} "
                                                    f"learning rate"])
    keep += [] if "init" in _dead_in_place(m, [n for n, _ in layers]) else ["He initialisation"]
    when_it_matters = (f"Dead units are lost capacity: on harder data, {ways_keep(keep)} more alive"
                       + (f". For the step size, {SEE_RATE}" if rate_there else ""))
    if step is not None and learnt_nothing(m) is False:   # noisy data, not the lost units, may set its score
        metric = task_metric(m)
        scored = f": {metric_in_words(metric)}" if metric is not None else ""
        return note("dead_relus", f"{evidence}. The network learnt with the units that remain, above "
                                  f"guessing{scored}. {when_it_matters}")
    target = unscaled_target(m)
    pushed = step is None and target is not None and target.severity != "info"
    if pushed:     # no step of the lr's switched them off: the climb to the target's scale did
        evidence += (". Every step pushes the output up towards targets far from unit scale (see Target far from "
                     "unit scale), and so pushes down the units the next layer weighs negatively, until they "
                     "switch off")
    tiny = tiny_reach(m.inputs) if step is None and getattr(m, "inputs", None) else None
    if tiny is not None:     # nor did a step: z = W x + b is its bias alone for inputs this small
        evidence += (f". The inputs are far below unit scale (|x| up to {short_number(tiny)}), so z = W x + b is "
                     f"about its bias b for every input, and a unit whose bias falls below 0 is off for all of them")
    # severe by its cost too: most units dead in a network left at guessing (81-88 % dead, 52 % right; random
    # labels, which no network learns, left 64 % of a layer dead, and are named by ``memorised``)
    elsewhere = said_there and not (pushed or lowered or tiny is not None)
    most, nothing = max(f for _, f in layers), learnt_nothing(m) is True
    severe = most >= SEVERE_FRACTION or (nothing and most >= MOSTLY_DEAD)
    if severe and nothing:   # its accuracy says so, where fit logged one
        metric = task_metric(m)
        evidence += (". With them the network learnt nothing: "
                     + (metric_in_words(metric) if metric is not None else "a loss at guessing's level"))
    if elsewhere:
        evidence += f". For the step size, {SEE_RATE}"
    return problem_unless_it_fits(m, "dead_relus", severe, evidence, when_it_matters,
                                  without=_dead_in_place(m, [n for n, _ in layers])
                                  + (("lr",) if pushed or lowered or tiny is not None or elsewhere else ())
                                  + (() if lowered else ("fresh_weights",)),
                                  first=first, instead={"fresh_weights": fresh_at(lowered)} if lowered else None)


def _rates(m):
    """The finite learning rates of the steps up to the last record (``monitor_rates.rates_over``), in order."""
    return [lr for _, lr in rates_over(m, 1, m.steps[-1]) if np.isfinite(lr)] if m.steps else []


def _large_rate(m):
    """The run's learning rate in words when it is large for inputs of unit scale: SGD's lr / (1 - momentum)
    >= 1 (its steps add up to that many gradients), or an adaptive optimizer's lr >= 0.1 (its step is about
    lr per weight); else None. Momentum SGD at lr 1, 81-88 % of its units dead at 52 %, and SGD at lr 1 on
    circles (2-4-2-1, 45-48 %) learnt at lr 0.1; told "leaky ReLU" first, the momentum run rose to 68 % only.
    The rate judged is the largest of the steps up to the last record, which found the units dead
    (``monitor_rates.rates_over``), and its changes are quoted: one lowered once they had died (by a
    schedule, or in the playground's box) leaves them dead, and the last record's alone read "not large"."""
    optimizer = (m.params or {}).get("optimizer")
    rates = _rates(m)
    if optimizer is None or not rates:
        return None
    lr = max(rates)
    momentum = getattr(optimizer, "momentum", 0.0) if isinstance(optimizer, optim.SGD) else None
    if momentum is None and not (isinstance(optimizer, ADAPTIVE) and lr >= LARGE_ADAPTIVE_LR):
        return None
    if momentum is not None and momentum < 1 and lr / (1 - momentum) < LARGE_SGD_LR:
        return None
    step = largest_early_step(m, 0.0)
    effective = f"{lr / (1 - momentum):.3g} with momentum {momentum:g}" if momentum and momentum < 1 else ""
    changed = rates_in_words(m, 1, m.steps[-1]) if len(rates) > 1 else ""   # "lr fell from 1 to 0.01 at step 900"
    said = "; ".join(words for words in (effective, changed) if words)
    said = f" ({said})" if said else ""
    rate = f"learning rate, {lr:g}{said}, is large" if not changed else f"learning rate was large, up to {lr:g}{said}"
    took = f": its steps changed the weights by up to {step[0]:.0%} (step {step[2]})" if step else ""
    return (f"{type(optimizer).__name__}'s {rate}{took}. Such a step can push a unit's z below 0 for every "
            f"input, where no gradient reaches it")


def _negative_biases(m, dead):
    """The weight layers before the ``dead`` ReLU layers whose biases started far from 0 (the largest |b|
    >= 1 before the first step, ``Monitor.start_biases``) and are far below 0 now (median b <= -1: a dead
    unit's bias gets no gradient, so it is where it started), in words ("0 Dense (median b -20)"); "" for none."""
    layers = dict(m.watched)
    found = []
    for name in weights_before(m, dead):
        bias = getattr(layers.get(name), "bias", None)
        if bias is not None and m.start_biases.get(name, 0.0) >= FAR_BIAS and np.median(bias.data) <= -FAR_BIAS:
            found.append(f"{named(m, name)} (median b {np.median(bias.data):.3g})")
    return ", ".join(found)


def _dead_in_place(m, dead):
    """The keys of the remedies for the ``dead`` ReLU layers that the run already has: "init" when the
    weight layers that compute their z were drawn by He's initialisation at its scale
    (``diagnose_scale.drawn_at_scale``: nn.MLP's default for ReLU), "biases" when those layers' biases
    started at 0 (``biases_started_at_zero``: nn.Dense's default)."""
    before = weights_before(m, dead)
    return ((("init",) if drawn_at_scale(m, before, HE_INITS) else ())
            + (("biases",) if biases_started_at_zero(m, before) else ()))
