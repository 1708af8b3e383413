"""Diagnoses of the scale the weights started at, read off the hidden activations at the first
record (step 1: the initial weights, one step on). A Dense layer multiplies the scale of what
it passes on by about ‖W‖ over the norm Xavier's initialisation gives it (``xavier_norm``; He's
is sqrt(2) times larger, for ReLU, which zeroes half of z): weights drawn at that scale keep the
activations' scale from layer to layer, larger ones make it grow, smaller ones make it shrink,
each layer multiplying it again.

    exploding_activations at the first record (step 1: the initial weights, one step on), the scale
                          of the hidden activations, sqrt(mean² + std²) on the probe, grows >= 10-fold
                          from the first hidden activation layer to the last (severe when >= 100-fold,
                          or still >= 10-fold at the last record): the weights are too large for the
                          depth, and each layer multiplies the scale again. He/Xavier networks stay
                          below 7 at initialisation (widths 4 to 64, depths up to 10, 40 seeds each),
                          but a network that learns may raise the ratio above 10 (inputs scaled by
                          0.01, long training), which is why only the start is judged. Not reported
                          when the learning rate is too high and made the first step large
                          (``diagnose_first_step.first_step``: it changed the weights by >= 30 %
                          with a gradient smaller than the weights), so step 1 no longer shows the
                          initial weights; nor when every weight layer was drawn by He's or Xavier's
                          initialisation at its scale (``drawn_at_scale``), which keep the growth below
                          7, and the first step changed the weights by >= 30 % whatever the gradient:
                          raw flats (a year of μ 1972 among the inputs) under SGD at lr 0.01 took a
                          first step of 1,500 times the weights, with a gradient 1e5 times them, and was
                          told of He initialisation, which it had (``unscaled_inputs`` names the cause); nor
                          when the weights started too small (``small_start``): what varies with
                          the input shrinks, and the scale that grew is the biases' (one step of
                          Adam at lr 0.3 sets them to ±0.3)
    small_start           not a finding of its own: ``vanishing_gradients`` reports it, with the
                          cause and the remedy. At the first record whose probe held 2 rows or more
                          (at batch size 1, step 1's probe is one row: no spread) the spread of the hidden
                          activations (``spread``: how much a unit's output varies over the probe,
                          without the biases, which one step of Adam sets to ±lr everywhere)
                          shrinks >= 10-fold from the first hidden activation layer to the last,
                          and Dense layers between them started below a quarter of Xavier's norm
                          (``Monitor.start_norms``): the weights are too small for the depth (the
                          course's N(0, 0.01²) start), the activations shrink layer by layer, and
                          each layer's gradient dL/dW[l] = δ[l]ᵀ a[l-1] with them, while the ratio
                          of the first layer's gradient to the last's, which ``vanishing_gradients``
                          reads otherwise, stays near 1: δ shrinks going back as a shrinks going
                          forward. Measured at step 1 on moons (2-w-...-w-1, widths 4 to 256, 2 to
                          10 hidden layers, 3 seeds, SGD at 0.1 and Adam at 0.01): N(0, 0.01²)
                          starts at 0.011 to 0.16 of Xavier's norm and is found in 91 % of the tanh,
                          93 % of the ReLU and all of the sigmoid networks (the others have 2 or 3
                          hidden layers, or 256 units, whose activations shrink less than 10-fold);
                          Xavier, He and neuralab's defaults start at 0.78 to 1.9 of it,
                          torch.nn.Linear's default at 0.43 to 0.71, and none is found (a sigmoid
                          network's spread shrinks 4-fold per layer at Xavier's scale: the share of
                          Xavier's norm is what tells weights too small from an activation whose
                          slope is at most 1/4, which the gradient ratio reports)
    drawn_at_scale        not a finding of its own: whether weight layers were drawn by He's or
                          Xavier's initialisation (``Dense.init``) and started at the norm it gives;
                          then "He initialisation" is no remedy for dead ReLU units or vanishing
                          gradients (``diagnose_gradients``), and activations that grew at step 1
                          grew by the first step (``exploding_activations``). Beside it
                          ``biases_started_at_zero`` (``Monitor.start_biases``), for dead ReLU units
    large_weights         not a finding of its own: what ``saturated_units`` says of the weights that
                          compute the z of units in the tails, grown >= 4-fold by the steps (at the
                          learning rate they grew at) or >= 4 times Xavier's norm before the first
                          step recorded (``started_large``): then fresh weights come first
"""
import numpy as np

from ..nn.dense import Dense
from .diagnose_cache import once_per_report
from .diagnose_first_step import (FIRST_STEP, GREW, first_step, growth_lr, grown_in_words, grown_weights,
                                  probe_in_words, weights_before)
from .diagnose_loss import learning_rate_too_high
from .monitor_rates import rate_at, rates_in_words
from .monitor_words import named, short_ratio
from .diagnosis import layers_listed, problem, short_number

ACT_GROWTH = 10.0           # activation scale, last hidden layer / first hidden layer, at step 1
XAVIER_SCALE = 2.0          # ‖W‖ before the first step / Xavier's: up to it, a layer started at its scale
SMALL_START = 0.25          # ‖W‖ before the first step / Xavier's: below it, a layer started too small


def xavier_norm(layer):
    """The norm a Dense ``layer``'s weights get from Xavier's variance 2/(n_in + n_out):
    sqrt(n_out·n_in·2/(n_in + n_out)), the expected ‖W‖ of a draw."""
    n_out, n_in = layer.weight.data.shape
    return float(np.sqrt(n_out * n_in * 2 / (n_in + n_out)))


def started_at_xavier_scale(m, name, layer):
    """Whether the Dense ``layer`` (``name`` in the records) started at Xavier's scale: its ‖W‖
    before the first step (``Monitor.start_norms``) at most 2 times ``xavier_norm``. A uniform
    Xavier draw reaches sqrt(3) times it at most, even in a layer of 2 weights; weights drawn
    larger (He for 2 inputs, normal(std=1), a function of your own) or scaled up by hand after
    ``Dense.init`` drew them do not pass.
    Not the first recorded ‖W‖: it is one step in, which a large learning rate has already taken
    past Xavier's scale (Adam at lr 0.3: 1.6 times). Every layer in the records has that norm: the
    record that first names it keeps it."""
    return m.start_norms[name] <= XAVIER_SCALE * xavier_norm(layer)


HE_INITS = ("he_uniform", "he_normal", "kaiming_uniform", "kaiming_normal")    # nn.init's names of He's draw
XAVIER_INITS = ("xavier_uniform", "xavier_normal", "glorot_uniform", "glorot_normal")


def init_norm(layer):
    """The norm a Dense ``layer``'s own initialisation (``Dense.init``) gives its weights: He's
    sqrt(2·n_out) (Var(W) = 2/n_in over n_out·n_in weights), Xavier's ``xavier_norm``; None for another."""
    if layer.init in HE_INITS:
        return float(np.sqrt(2 * layer.out_features))
    return xavier_norm(layer) if layer.init in XAVIER_INITS else None


def drawn_at_scale(m, names, inits=HE_INITS + XAVIER_INITS):
    """Whether every one of the weight layers ``names`` is a Dense layer drawn by one of ``inits``
    (``Dense.init``: nn.MLP draws ReLU layers by "he_uniform", the others and its output by
    "xavier_uniform") whose ‖W‖ before the first step (``Monitor.start_norms``) was between a quarter
    of and 2 times the norm that draw gives (``init_norm``): not scaled by hand, nor trained, since.
    Then the initialisation is what the run has already, and it kept the activations' scale at the
    start."""
    layers = dict(m.watched)
    return bool(names) and all(
        isinstance(layers.get(name), Dense) and layers[name].init in inits and name in m.start_norms
        and SMALL_START <= m.start_norms[name] / init_norm(layers[name]) <= XAVIER_SCALE for name in names)


def biases_started_at_zero(m, names):
    """Whether every one of the weight layers ``names`` had its biases at 0, or none, before the first
    step (``Monitor.start_biases``): then "start them at 0" is what the run has already."""
    return bool(names) and all(m.start_biases.get(name, 0.0) == 0 for name in names)


def started_large(m, saturated):
    """[(name, ‖W‖ before the first step, that many times ``xavier_norm``)] of the Dense layers right
    before the ``saturated`` activation layers whose ‖W‖ before the first step recorded was >= 4
    times the norm Xavier's initialisation gives: weights grown in an earlier run (a Monitor of its
    own over a model trained before; the playground's after an edit of the network, which keeps
    the trained weights) or drawn that large (init="ones" on a wide layer, a function of your own).
    Neither Xavier's nor He's initialisation (sqrt(2) times it) draws them so, and the playground's
    blocks start at one or the other."""
    layers = dict(m.watched)
    large = []
    for name in weights_before(m, saturated):
        layer, start = layers.get(name), m.start_norms.get(name)
        if isinstance(layer, Dense) and start and start >= GREW * xavier_norm(layer):
            large.append((name, start, start / xavier_norm(layer)))
    return large


def large_weights(m, saturated):
    """(words, grown, lowered, large): what the weights that compute the z of the ``saturated`` layers
    show, in words to add to their evidence. ``grown``: those the steps grew >= 4-fold
    (``grown_weights``), named with the learning rate they grew at (``growth_lr``); ``lowered``:
    whether the rate of the last record's step is lower than that one (``lowered_since``: the
    playground's box lowered from 10 to 0.1 left them 94 % in the tails: a lower step leaves grown
    weights as they are, for units in the tails pass too little gradient to shrink them); ``large``:
    those >= 4 times Xavier's scale before the first step recorded (``started_large``)."""
    grown, large = grown_weights(m, saturated), started_large(m, saturated)
    words, lowered = "", False
    if grown:
        t, lr, steady = growth_lr(m, grown)
        at = "" if lr is None else f" (lr {'' if steady else 'up to '}{lr:g})"
        words += (f"; the weights that compute their z grew from their start ({grown_in_words(m, grown)}; "
                  f"{GREW:g}-fold by step {t}): steps this large{at} drive z into the tails")
        lowered = lowered_since(m, grown)
        if lowered:
            words += lowered_in_words(m, "units in the flat tails pass")
    if large:
        words += "; the weights that compute their z were " + started_large_in_words(m, large)
    return words, grown, lowered, large


def lowered_since(m, grown):
    """Whether the learning rate of the last record's step (``monitor_rates.rate_at``) is lower than the
    one the ``grown`` weights (``grown_weights``) grew at (``growth_lr``): the records show that a lower
    one left them as large as they grew. Not the optimizer's rate now: lowered after the last record
    (the playground's box, typed into between two records 400 steps apart), no record shows what it did."""
    lr, last = growth_lr(m, grown)[1], rate_at(m, m.steps[-1])
    return lr is not None and last is not None and last < lr


def lowered_in_words(m, what):
    """What a learning rate lowered after the weights grew (``lowered_since``) leaves, in words, with the
    rates of the run up to the last record (``monitor_rates.rates_in_words``): ``what`` is the units, or
    output, in the tails ("units in the flat tails pass")."""
    return (f". The learning rate was lowered since ({rates_in_words(m, 1, m.steps[-1])}), which leaves the "
            f"weights as large as they grew: {what} too little gradient to shrink them")


def started_large_in_words(m, large):
    """``started_large``'s layers in words, each ‖W‖ as a multiple of the norm Xavier's initialisation
    gives, the scale that tells: "already large before the first step recorded, ‖W‖ in times Xavier's
    norm: 0 Dense 21, 2 Dense 21 (weights trained before, or drawn that large)"; a span for many layers
    (``layers_listed``)."""
    return ("already large before the first step recorded, ‖W‖ in times Xavier's norm: "
            + layers_listed([(named(m, name), times) for name, _, times in large], short_ratio)
            + " (weights trained before, or drawn that large)")


def activation_growth(m, i, spread=False):
    """(ratio, first, last, scale_first, scale_last, layers) at record ``i``: the scale
    sqrt(mean² + std²) of the last hidden activation layer over that of the first, ``layers``
    hidden activation layers apart (with ``spread``, their ``spread``: how much the units vary
    with the input, without the biases); None when there are fewer than two of them or the first
    one's scale is 0 or not finite."""
    key = "spread" if spread else "mean"
    names = [n for n in m.activations if n in m.hidden and m.activations[n].get(key)]
    if len(names) < 2:
        return None
    stats = [m.activations[n] for n in (names[0], names[-1])]
    with np.errstate(over="ignore", invalid="ignore"):
        first, last = (float(s["spread"][i] if spread else np.hypot(s["mean"][i], s["std"][i]))
                       for s in stats)
    if not (np.isfinite(first) and np.isfinite(last) and first > 0):
        return None
    return last / first, names[0], names[-1], first, last, len(names) - 1


@once_per_report
def exploding_activations(m):
    start = activation_growth(m, 0)
    if start is None or start[0] < ACT_GROWTH:
        return None
    if first_step(m) is not None and learning_rate_too_high(m) is not None:
        return None   # the first record shows weights that one step of a large lr has already changed
    if _first_record_moved(m) and drawn_at_scale(m, list(m.weights)):
        return None   # He's and Xavier's draws keep the growth below 7: the first step, not the start, grew it
    if small_start(m) is not None:
        return None   # what varies with the input shrinks: the scale that grew is the biases' (Adam's ±lr)
    ratio, first, last, s_first, s_last, layers = start
    end = activation_growth(m, -1) if len(m.steps) > 1 else None
    still = end is not None and end[0] >= ACT_GROWTH
    later = "" if end is None else (f"; at step {m.steps[-1]} it is {end[0]:.3g}-fold"
                                    + (", training has not undone it" if still else ""))
    return problem("exploding_activations", ratio >= ACT_GROWTH ** 2 or still,
                   f"at step {m.steps[0]} the scale of the hidden activations (sqrt(mean² + std²) on "
                   f"{probe_in_words(m)}) grows {ratio:.3g}-fold from {named(m, first)} ({short_number(s_first)}) to "
                   f"{named(m, last)} ({short_number(s_last)}): {ratio ** (1 / layers):.3g} times per layer on "
                   f"average over the {layers} layers after the first{later}")


def _first_record_moved(m):
    """Whether the step of the first record changed the weights by >= 30 % (the median over the weight
    layers of ‖ΔW‖ / ‖W‖), whatever the gradient: step 1 then shows weights far from where they started."""
    ratios = [w["update_ratio"][0] for w in m.weights.values() if w["update_ratio"]]
    return bool(ratios) and float(np.median(ratios)) >= FIRST_STEP


@once_per_report
def small_start(m):
    """(growth, small, i) when the weights started too small for the depth (see the module
    docstring): ``growth`` is ``activation_growth`` of the spreads at record ``i`` (a ratio <= 1/10),
    the first whose probe held 2 rows or more (at batch size 1 the probe holds one row at step 1,
    over which nothing varies: its spread is NaN); ``small`` the [(name, ‖W‖ before the first step
    / Xavier's norm)] of the Dense layers between the first and the last hidden activation layer
    that started below a quarter of it; None otherwise."""
    spreads = [s["spread"] for n, s in m.activations.items() if n in m.hidden and s.get("spread")]
    i = next((i for i, spread in enumerate(spreads[0]) if np.isfinite(spread)), None) if spreads else None
    # a step's biases are no signal: Adam's are ±lr
    growth = activation_growth(m, i, spread=True) if i is not None else None
    if growth is None or growth[0] > 1 / ACT_GROWTH:
        return None
    names = [n for n, _ in m.watched]
    first, last = names.index(growth[1]), names.index(growth[2])
    between = [(name, layer) for name, layer in m.watched[first + 1:last]
               if name in m.start_norms and isinstance(layer, Dense)]
    small = [(name, m.start_norms[name] / xavier_norm(layer)) for name, layer in between
             if m.start_norms[name] < SMALL_START * xavier_norm(layer)]
    return (growth, small, i) if small else None
