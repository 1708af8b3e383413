"""First steps too large, the ReLU units they switched off and the outputs they pinned: what the
first record (step 1) and the first 32 steps (``Monitor.first_updates``) show of the learning rate,
read by ``learning_rate_too_high`` (``diagnose_loss.py``), which names such steps as the cause of
dead units, by ``dead_relus`` (``diagnose_gradients.py``), whose evidence then says so, by
``exploding_activations`` (``diagnose_scale.py``), which step 1 no longer judges, and by
``pinned_output`` (``diagnose_output.py``) and ``no_gradient``, which name them beside an output
they pinned; and the weights that grew >= 4-fold from the start (``grown_weights``), with the
learning rate they grew at (``growth_lr``), which ``saturated_units`` reads too.

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
    early_steps           when the first step was not that large: the largest of the first 32 steps
                          (``Monitor.first_updates``: the median over the weight layers of ‖ΔW‖ / ‖W‖,
                          ‖W‖ before the step) changed the weights by >= 30 %, with a gradient less
                          than 10 times them, and the ReLU layers ``dead_layers`` names were >= 50 %
                          dead already at the first record after those 32 steps (step 41 at a record
                          every 20 steps, 401 in the playground), more of them than at step 1:
                          several large steps, not the first, switched them off (units dead from
                          the start, under weights too small for the depth, were not). On the
                          plane, 2-4-2-1 ReLU networks at SGD's lr 1 to 10 took a first step of 1
                          to 20 % of the weights, then steps of 64 % to 15-fold by step 10, and
                          their second hidden layer was dead by step 21. Units that die late (lr 1
                          on circles: after early steps below about half the weights, dead from
                          step ~200 or ~600, as the machine's rounding leads the run) are not named
                          here, nor those that die at SGD's lr 0.03 to 0.1,
                          whose early steps stay below 25 % (a 2-unit layer on the plane that dies
                          at any of them is named at lr 0.3, after steps of 66 to 128 %)
    dead_layers           the ReLU layers whose units output 0 for every sample of the probe (>= 10
                          rows, or every training input: ``judged_probe``) at the last record, >= 50 %
                          of them (a dead unit passes no
                          gradient back, so nothing revives it: dz = da · 1[z > 0] = 0 for every
                          sample). 2-4-2-1 and 2-8-8-1 ReLU networks on circles after a first step
                          of SGD's lr 10 end with every unit of their second hidden layer dead, at
                          50 % accuracy
"""
import numpy as np

from .monitor_rates import rate_at, rates_over
from .monitor_layers import position
from .monitor_words import named, short_ratio
from .diagnosis import layers_listed, share, short_number

FIRST_STEP = 0.3            # update ratio of the first step beyond which step 1 is no longer the start
STEP_GRADIENT = 10.0        # ‖dL/dW‖ / ‖W‖ of that step below which the learning rate made it large
DEAD = 0.5                  # fraction of dead units in a ReLU layer
SEVERE_FRACTION = 0.9       # fraction of a layer's units (dead, saturated) from which it is severe
MIN_PROBE = 10              # probe samples needed to call a unit dead
GREW = 4.0                  # ‖W‖ last record / before the first step: the steps drove z into the tails


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


def killing_step(m):
    """(update, gradient, t) of a step the learning rate made large enough to switch the units of
    ``dead_layers`` off: the first (``first_step``, t = 1) or the largest of the first 32 when the
    units were dead by the next record (see ``early_steps`` in the module docstring); else None."""
    step = first_step(m)
    if step is not None:
        return (*step, 1)
    dead, step = dead_layers(m), largest_early_step(m)
    return step if dead and step is not None and _dead_early(m, dead) else None


def largest_early_step(m, least=FIRST_STEP):
    """(update, gradient, t): the largest of the steps ``Monitor.first_updates`` holds, t, the median
    over the weight layers of its ‖ΔW‖ / ‖W‖ and of its ‖dL/dW‖ / ‖W‖ (‖W‖ before it), when it
    changed the weights by >= ``least`` (30 %) with a gradient less than 10 times them; else None."""
    first = [(s["update_ratio"], s["grad_ratio"]) for s in getattr(m, "first_updates", {}).values()]
    if not first:
        return None
    with np.errstate(invalid="ignore"):
        update, gradient = np.median(np.asarray(first, np.float64), axis=0)   # (steps,) each
    update = np.where(np.isfinite(update), update, -np.inf)
    t = int(np.argmax(update))
    if not (update[t] >= least and gradient[t] < STEP_GRADIENT):
        return None
    return float(update[t]), float(gradient[t]), t + 1


def large_step(m):
    """(update, gradient, t) of steps the learning rate made large: the first (``first_step``, t = 1)
    or else the largest of the first 32 (``largest_early_step``); None when neither was."""
    step = first_step(m)
    return (*step, 1) if step is not None else largest_early_step(m)


def pinning_steps(m, name):
    """(grown, step) when steps the learning rate made large (``large_step``) are behind the z of the
    output ``name`` sitting in the flat tails: ``grown``, the weight layers up to the output whose ‖W‖
    grew >= 4-fold from before the first step (``grown_weights``: the output's own, or one before it,
    whose larger activations its z sums), ``step`` as ``large_step`` gives it; else None. SGD at lr
    10 to 30 on the plane pinned a sigmoid output on one class after first steps of 7 to 92 times the
    weights, which grew 14 to 92-fold; at lr 10 on circles (inputs x4) the layer before the output
    grew 8.5-fold, the output's own 1.3-fold."""
    step = large_step(m)
    below = [n for n in m.weights if position(m, n) < position(m, name)]
    grown = _grown(m, below) if step is not None else []
    return (grown, step) if grown else None


def pinning_in_words(m, found, pointed=False):
    """``pinning_steps`` in words: "the weights that lead to its z grew up to 92-fold after a first step
    that changed the weights by 130 % (lr 30): steps this large drive z into the tails", the growth of the
    layer that grew most (a finding that gave each layer's ‖W‖ ran past 600 characters), the step by its
    size and rate (``first_step_in_words``, brief: its gloss and gradient are Learning rate too high's to
    explain; beside the output's share and loss they took the finding past 500); ``pointed``, for a
    finding that points to Learning rate too high, "put there by a first step that changed the weights
    by 130 % (lr 30): steps this large drive z into the tails"."""
    grown, step = found
    most = max(end / start for _, start, end in grown)
    grew = f"the weights that lead to its z grew {'up to ' if len(grown) > 1 else ''}{short_ratio(most)}-fold after "
    return (f"{'put there by ' if pointed else grew}{first_step_in_words(m, step, brief=True)}: steps this large "
            f"drive z into the tails")


def _dead_early(m, dead):
    """Whether each of the ``dead`` layers was >= 50 % dead at the first record after the steps
    ``Monitor.first_updates`` holds (units that died later died of something else), more of them
    in one at least than at step 1 (units dead from the start, under weights too small for the
    depth, were not switched off by the steps)."""
    i = _after_first_updates(m)
    if i is None:
        return False
    series = [m.activations[n]["dead"] for n, _ in dead]
    return all(len(s) > i and s[i] >= DEAD for s in series) and any(s[i] > s[0] for s in series)


def _after_first_updates(m):
    """The index of the first record taken after the steps ``Monitor.first_updates`` holds, or None."""
    held = len(next(iter(m.first_updates.values()))["update_ratio"])
    return next((i for i, t in enumerate(m.steps) if t > held), None)


def first_step_in_words(m, step, brief=False):
    """``killing_step``'s (update, gradient, t) in words, with the learning rate of step t: "a first
    step that changed the weights by 130 % (...) with a gradient 0.1 times their norm (lr 10)", or
    "early steps that changed the weights by up to 186 % (step 4; the first, 15 %; ...) ..."; ``brief``,
    by their size and rate alone, for a finding that points to the one that says the rest, or beside the
    facts of its own ("a first step that changed the weights by 130 % (lr 10)")."""
    update, gradient, t = step
    by = f"{update:.0%}" if update < 10 else f"{update:.3g} times their norm"
    taken = _step_lr(m, t)
    lr = f" (lr {taken:g})" if taken is not None else ""
    median = "‖ΔW‖ / ‖W‖, the median over the layers"   # (as ``diagnose_progress`` says it)
    when = [] if t == 1 else [f"step {t}; the first, {_first_update(m):.0%}"]
    said = "; ".join(when + ([] if brief else [median]))
    what = ("a first step that changed the weights by" if t == 1 else
            "early steps that changed the weights by up to")
    gradient = "" if brief else f" with a gradient {short_number(gradient)} times their norm"
    return f"{what} {by}{f' ({said})' if said else ''}{gradient}{lr}"


def _step_lr(m, t):
    """The learning rate step ``t`` was taken at (``monitor_rates.rate_at``; a schedule lowers it
    later: a first step of lr 3 read "(lr 0.375)", the last record's, after 40 epochs of StepLR)."""
    lr = rate_at(m, t)
    return lr if lr is not None and np.isfinite(lr) else None


def _first_update(m):
    """The median over the weight layers of ‖ΔW‖ / ‖W‖ at step 1."""
    return float(np.median([s["update_ratio"][0] for s in m.first_updates.values()]))


def dead_layers(m):
    """[(name, fraction)] of the ReLU layers with >= 50 % dead units at the last record (see the
    module docstring); empty when the probe is too small to judge (``judged_probe``)."""
    if not judged_probe(m):
        return []
    return [(n, s["dead"][-1]) for n, s in m.activations.items() if s.get("dead") and s["dead"][-1] >= DEAD]


def judged_probe(m):
    """Whether the probe can tell a unit dead (or its inputs' scale): it holds >= 10 rows, or every
    training input. A unit at 0 for 3 rows of many may wake for the others; for all of XOR's 4,
    it is dead on the data itself (a 2-4-1 ReLU network stuck at 75 % with 3 of its 4 units dead
    was reported as having no problem)."""
    return m.probe is not None and (len(m.probe) >= MIN_PROBE or m.probe_is_all)


def probe_in_words(m, rows=None, brief=False):
    """The monitor's probe batch (``Monitor``'s docstring) as a finding's evidence says it to a
    learner, who never named it: the rows it runs forward at each record, "64 training rows checked
    every 20 steps" (the interval now: it doubles as the records are thinned); "all
    4 training rows" when they are every one; "30 rows given as Monitor(probe=...)" when the
    learner gave them. ``rows``: how many it held when read (fewer while small batches fill it),
    else all it holds ("the training rows ..." for records read back without it). ``brief``, "64
    training rows", for a finding that says the share of them at the last record, now, not when."""
    if rows is None:
        rows = "the" if m.probe is None else len(m.probe)
    if m.probe_is_all:
        return f"all {rows} training rows"
    if m.user_probe is not None:
        return f"{rows} rows given as Monitor(probe=...)"
    return f"{rows} training rows" + ("" if brief else f" checked every {m.every} steps")


def dead_in_words(m, layers, step=None):
    """``dead_layers`` in words: "units that output 0 on 64 training rows checked every 20
    steps, at step 4001: 1 ReLU 100%, 3 ReLU 88%" (``probe_in_words``); after early steps
    that switched them off (``killing_step``'s ``step``, t > 1), "at step 41 already and at step 4001"."""
    when = f"step {m.steps[-1]}"
    if step is not None and step[2] > 1:
        when = f"step {m.steps[_after_first_updates(m)]} already and at {when}"
    return (f"units that output 0 on {probe_in_words(m)}, at {when}: "
            + layers_listed([(named(m, n), f) for n, f in layers], share))


def weights_before(m, activations):
    """The names of the weight layers right before the ``activations`` layers: those that compute
    their z."""
    by_position = {position(m, n): n for n in m.weights}
    return [by_position[position(m, n) - 1] for n in activations if position(m, n) - 1 in by_position]


def grown_weights(m, saturated):
    """[(name, ‖W‖ at the start, ‖W‖ at the last record)] of the weight layers right before the
    ``saturated`` activation layers (those that compute their z) whose ‖W‖ grew >= 4-fold from
    before the first step: steps that large (a large learning rate) drove z = W a + b into the
    tails. Learning at a usual rate grows them 1.3 to 2.4-fold (2-16-16-1 tanh on moons and circles,
    Adam at lr 0.003 to 0.01, SGD at 0.1 to 1); Adam at 0.1 to 1, 4.8 to 39-fold."""
    return _grown(m, weights_before(m, saturated))


def growth_lr(m, grown):
    """(t, lr, steady) of the ``grown`` layers (``grown_weights``): t, the first record at which one
    of them had reached 4 times its ‖W‖ from before the first step; lr, the largest learning rate
    of the steps up to it (``monitor_rates.rates_over``: the steps that grew them were taken before
    it), None when the monitor noted none (no optimizer); ``steady``, whether all of them had it.
    Not the lr of the last record (``Monitor.lr``): lowered once the weights had grown, as the
    playground's Learning rate box lowers it mid-run, that one read "steps this large (lr 0.1)"
    beside weights that lr 10 had grown 8-fold."""
    i = min(next(j for j, norm in enumerate(m.weights[name]["weight_norm"]) if norm >= GREW * start)
            for name, start, _ in grown)
    taken = [lr for _, lr in rates_over(m, 1, m.steps[i]) if np.isfinite(lr)]
    if not taken:
        return m.steps[i], None, False
    return m.steps[i], max(taken), min(taken) == max(taken)


def _grown(m, weights):
    """[(name, ‖W‖ at the start, ‖W‖ at the last record)] of the ``weights`` layers whose ‖W‖ grew
    >= 4-fold from before the first step."""
    grown = []
    for weight in weights:
        start = m.start_norms.get(weight)
        if start and m.weights[weight]["weight_norm"]:
            end = m.weights[weight]["weight_norm"][-1]
            if end >= GREW * start:
                grown.append((weight, start, end))
    return grown


def grown_in_words(m, grown):
    """``grown_weights`` in words, each layer by the report's name of it and how many times its ‖W‖ grew
    from before the first step: "0 Dense 5.59-fold, 2 Dense 4.66-fold" (the norms themselves, "‖W‖ 2.13
    to 11.9", told a learner nothing more); of three layers or more, the last (nearest the output) so and
    the others counted, by how far the most grew: "4 Dense 64.8-fold and 2 more, up to 66.2-fold" (a
    paragraph that listed three layers ran past 700 characters)."""
    said = [f"{named(m, w)} {end / start:.3g}-fold" for w, start, end in grown]
    if len(grown) < 3:
        return ", ".join(said)
    return f"{said[-1]} and {len(grown) - 1} more, up to {max(end / start for _, start, end in grown[:-1]):.3g}-fold"
