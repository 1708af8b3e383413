"""Diagnoses: what a ``Monitor`` recorded, turned into plain-language problems with remedies.

Each rule reads the records and returns a ``Diagnosis`` naming its evidence (the
numbers it saw) and the course's remedies, or nothing. ``diagnose(monitor)`` runs them all;
a healthy run gives an empty ``Report``, whose text says "no problems found". A finding that
costs this run nothing (dead ReLUs in a network that fits its data anyway) is a note, of
severity "info", with no remedies, listed after the problems and not counted as one. The words
(titles, remedies and how each face applies them) are in ``remedies.py``; ``Diagnosis`` and
``Report`` in ``diagnosis.py``.

The rules that read the loss curve and how training ended (learning rate too high, inputs the
network cannot compute with) are in ``diagnose_loss.py``, the one of a target far from unit scale in
``diagnose_target.py``; what
"start", "end" and "initial" loss mean, and when the network fits its data, is in
``diagnose_curve.py``; overfitting, which reads the validation loss, is in
``diagnose_overfitting.py``; the one of a
loss that rose again after it had converged (Adam's steps that do not shrink) is in
``diagnose_late.py``; those that read the gradients and activations (step units, vanishing and
exploding gradients, dead ReLUs) are in ``diagnose_gradients.py``, no gradient in
``diagnose_no_gradient.py``, saturated units in ``diagnose_saturation.py`` (what the first steps show of the learning rate, and which ReLU units
died, in ``diagnose_first_step.py``),
and those of the scale the weights started at (exploding activations, weights too small for the
depth, which vanishing gradients reports) in ``diagnose_scale.py``; the one
that reads the output layer (a sigmoid output pinned where its loss passes no gradient, on wrong
answers) is in ``diagnose_output.py``; the one of a hidden layer whose units started equal and
stayed so (init="zeros") is in ``diagnose_symmetry.py``; those that read the inputs the first
layer takes (inputs that never vary; columns far from unit scale, in a network that does not fit
its data) are in ``diagnose_inputs.py`` (their tests in ``input_scale.py``), the one of a column
whose spread one value holds (a marker of missing values, standardised) in ``diagnose_lone_inputs.py``; the one of a
classifier that learnt its training points and nothing that holds on new ones (random labels) in ``diagnose_memorised.py``; those of a run that ended while its
loss still fell (in small steps, slowly from a plateau near guessing's loss, or at its usual pace)
in ``diagnose_progress.py``. The two rules here are reported only when none of the others explains
a loss that barely moves, or stays at the level of guessing, so they read them all; the loss of
guessing, and how close to it a run is, in ``diagnose_chance.py``. Rules read each other's findings: ``diagnose_cache.py``
has each computed once per report. A rule names a layer, or the held-out data, in the words of the
report it is for (``monitor_words.py``: the monitor's "1 Tanh", or names its reader gave). A report
lists its severe problems first, then the warnings, then the notes, and within each the data's scale
first (inputs, then target: ``RULES``); it never advises both a lower and a larger learning rate
(``diagnose_progress.lower_rate_advised``).

    steps_too_large       ("learning rate too high", when ``learning_rate_too_high`` found none of its
                          signs) the first step, or one of the first 32, was one the learning rate
                          made large (>= 30 % of the weights with a gradient less than 10 times
                          them, ``diagnose_first_step.large_step``), and a classifier with hidden
                          layers that does not fit its data learnt nothing
                          (``diagnose_curve.learnt_nothing``: a loss >= 0.9 x that of guessing,
                          ``diagnose_chance``, at an accuracy, when fit logged one, at most a quarter
                          of the way from the largest class's share to 1). Severe at >= 1.25 x
                          guessing's loss, answers confidently wrong, which those steps gave: 2-4-2-1
                          ReLU on moons x4 at SGD's lr 10 (a first step of 48 %, a loss 6.2 times
                          guessing's) was told "no better than guessing" and to raise the learning
                          rate. Below that, a warning that names both causes, the steps or labels that
                          hold nothing, with the check of the labels among its remedies: random labels
                          end at guessing's loss at any step size (18 of 18 such runs at SGD's lr 1 to 3
                          or Adam's 0.1 scored the same at a tenth of it, and read "severe"), and so did
                          2-16-16-1 sigmoid on a spiral at lr 3 (35 % at step 4, 1.03 times), which
                          nothing in the records tells from them. Not when an output pinned by such
                          steps is reported (``pinned_output``, ``no_gradient``), whose evidence names
                          them, nor saturated hidden units, whose first remedy is a lower learning rate
    learning_rate_too_low after >= 20 steps, the loss fell steadily (in >= 2/3 of the epochs) but by
                          less than 10 % from start to end and less than 1 % over the second half
                          of the epochs (``second_half_fall``: the means of the last tenth of them
                          and of the tenth before the middle, as no_better_than_guessing judges it;
                          or less than 5 % when it crawls: in steps below 3e-4 of the weights, falling
                          in >= 80 % of the second half's epochs, which moons at SGD's lr 1e-5 did,
                          0.950 -> 0.919 at 1.33 x guessing's loss, read "no better than guessing: a
                          larger step would not leave it"; not when ``still_improving`` names it;
                          any run falls 1 % from its start at last: lr 1e-5 took
                          1,400 epochs), and is still above half the initial
                          loss (not reported when symmetric units, severe vanishing gradients,
                          dead or saturated units, or no gradient already explain why it cannot
                          move, nor beside an output pinned on wrong answers, whose loss passes
                          them next to no gradient at any step size and whose report advises a
                          lower learning rate: XOR at lr 0.3, a loss flat at 25, read both "a lower"
                          and "raise it 3 to 10-fold"), nor when the target is
                          far from unit scale: the loss then measures the target's scale, nor
                          when the inputs are: a column of σ 0.001 needs weights of 1000 to move
                          the loss, and standardising them is the remedy, not a larger step; nor
                          beside any problem that advises a lower learning rate,
                          ``diagnose_progress.lower_rate_advised``).
                          Its evidence quotes the step size against the typical 1e-3, and its larger
                          learning rate is by 10 to 100 for steps >= 100 times smaller
                          (``diagnose_progress.larger_rate``). The remedy "Adam" is left out when the
                          optimizer already adapts its step
                          size per parameter: Adam, AdamW and RMSProp divide it by a running RMS of
                          the gradient
    no_better_than_guessing  a classifier (a cross-entropy loss, or MSE on targets that are all 0
                          or 1: 0/1 columns or one-hot rows) whose training loss, after >= 20
                          epochs and >= 500 steps (or >= 100 epochs: a full batch takes one step
                          each), is still >= 0.97 x the loss of always predicting the class shares
                          (``diagnose_chance``: ln 2 for two balanced classes, or the targets'
                          variance for MSE, 0.25; none when fit weighed the samples unequally,
                          whose weighted shares the monitor cannot tell; the means over the last
                          tenth of the epochs), no longer falls (< 5 % over the second half of the
                          epochs, ``second_half_fall``) and, when fit logged an accuracy and the
                          network has hidden layers, scores at most a quarter of the way from the
                          largest class's share to 1 (logistic regression on XOR or circles: 0.693,
                          50-58 %; a training R², 1 - loss / variance, says no more than the loss
                          does; a straight boundary is judged by its loss alone: 0.97 of guessing's
                          on circles scored 68 % of the training points, 60 % of the held-out ones).
                          One rule names it and sets its severity: "no better than guessing",
                          severe, when it found nothing (>= 0.97 x guessing's loss, and the accuracy
                          on the validation data less than a fifth of the way from the largest
                          class's share to 1, or not logged); else "barely better than guessing"
                          (``diagnose_chance.guessing``: a straight boundary on a noisy spiral, 57 %
                          on the training points and 63.5 % on the playground's test points, read
                          "no better than guessing"), a note without remedies (below). The remedies: a
                          hidden layer and input features (x1·x2, x1², ...) for a network without
                          a hidden layer, which draws a straight boundary (its evidence says so;
                          its labels are not doubted: XOR's are fine); features and a larger
                          learning rate or Adam (not for a run on an adaptive optimizer already,
                          nor at >= 1.25 x guessing's loss: confident wrong answers, which no
                          plateau gives) for one with them (a plateau: a sigmoid network at SGD's
                          lr 0.03); and, when none helps, the labels may hold nothing the inputs
                          tell (random labels: 0.99). Without a hidden layer, a loss >= 1.25 x
                          guessing's is of steps too large for the inputs' scale (weights of 0 give
                          guessing's loss): a lower learning rate and standardised inputs come first
                          (logistic regression on Gaussians of σ 11 at SGD's lr 0.1, 1.47 times, read
                          "add a hidden layer"; at lr 0.01 it reached 62 %). "Barely better than
                          guessing" is a note: the inputs may carry little about the classes (two
                          balanced classes 0.6σ apart, 2,000 samples: 61 % at best, 0.94 ln 2),
                          which no remedy changes, or the network's boundary may not follow theirs
                          (yet), which more units, a larger step, or for a straight one a hidden layer
                          or features may change; and a straight boundary may be the best there is
                          (two Gaussians of equal spread, 60 to 64 % at best: 21 of 24 logistic fits
                          read "barely better" with a hidden layer's remedies, 17 as warnings, where a
                          2-8-1 network at the same accuracy read nothing); at >= 1.25 x guessing's
                          loss it stays a warning. Neither when another
                          rule names a problem (dead units, a step size, ...: that report says
                          why), nor for a model with Dropout, whose epoch loss is that of a network
                          with units dropped. When a column of the inputs has a root mean square of
                          5 or more (``diagnose_inputs.inputs_off_scale``: moons, circles or XOR
                          times 8), the evidence names the columns and standardising comes first:
                          logistic regression on XOR x 8 ended at 1.17 x guessing's loss and was
                          told of a hidden layer alone
"""
import numpy as np

from .diagnose_cache import once_per_report, one_report
from .diagnose_chance import GUESSED, STALLED, guessing
from .diagnose_first_step import first_step_in_words, large_step, pinning_steps
from .diagnose_gradients import dead_relus, exploding_gradients, step_units, vanishing_gradients
from .diagnose_no_gradient import gradient_blocked, no_gradient
from .diagnose_saturation import saturated_units
from .diagnose_inputs import constant_inputs, inputs_off_scale, unscaled_inputs
from .diagnose_lone_inputs import lone_input_value
from .diagnose_late import ADAPTIVE, late_rise
from .diagnose_curve import fits_the_data, initial_loss, learnt_nothing, loss_trend, second_half_fall, task_metric
from .diagnose_loss import LEARNT, MIN_STEPS, inputs_out_of_range, learning_rate_too_high
from .diagnose_memorised import memorised
from .diagnose_output import pinned_output
from .diagnose_overfitting import overfitting
from .diagnose_falling import STEADY
from .diagnose_progress import (SMALL_STEPS, cut_short, larger_rate, lower_rate_advised, slow_plateau, step_size,
                                steps_in_words, still_improving)
from .diagnose_scale import exploding_activations
from .diagnose_shares import chance_level
from .diagnose_symmetry import symmetric_units
from .diagnose_target import unscaled_target
from .monitor_rates import at_rates, rates_over
from .diagnosis import SEVERITIES, Report, metric_in_words, note, problem, short_number
from .remedies import Remedy, for_the_run

TOO_LOW_DROP = 0.01         # relative fall of the loss over the second half of the epochs
TOO_LOW_TOTAL = 0.1         # relative fall of the loss, first epoch to last
FAR_ABOVE = 1.25            # a loss this x guessing's, or more, is of confident wrong answers


@once_per_report
def learning_rate_too_low(m):
    rates = [lr for _, lr in rates_over(m, 1, m.step)]
    if rates and not any(rates):       # every step, not only the records' (a rate 0 between them moves nothing)
        return _no_learning_rate(m)
    trend = loss_trend(m)
    if trend is None or m.step < MIN_STEPS or m.diverged:
        return None
    start, end, span = trend
    epoch_loss = m.epoch_logs.get("loss", [])
    steady = len(epoch_loss) < 2 or (np.diff(epoch_loss) < 0).mean() >= 2 / 3  # not a wobble
    initial = initial_loss(m)
    if not (np.isfinite(start) and np.isfinite(end)) or start <= 1e-8 or not steady:
        return None
    # judged over the second half too: any run falls 1 % from its first epoch at last (lr 1e-5, 1,400
    # epochs), and a slow loss is as slow as it was; under 3 epochs the whole run is that half
    drop, half, steps = (start - end) / start, second_half_fall(epoch_loss), step_size(m)
    recent = half[0] if half is not None else drop
    # or a crawl: steps far below the usual size, the loss falling in nearly every epoch of the second half
    # (moons at SGD's lr 1e-5: 0.950 -> 0.919, 1.33 x guessing's loss, read "no better than guessing")
    crawling = (half is not None and recent < STALLED and steps is not None and steps < SMALL_STEPS
                and (np.diff(epoch_loss[half[1]:]) < 0).mean() >= STEADY)
    if (not 0 <= drop < TOO_LOW_TOTAL or not (recent < TOO_LOW_DROP or crawling)
            or (initial is not None and end < LEARNT * initial)):
        return None  # moving, or it learnt before (a fast first epoch, then a plateau)
    if still_improving(m) is not None:
        return None  # that report names the small steps of a loss still falling
    too_large = steps_too_large(m)
    if gradient_blocked(m) or (too_large is not None and too_large.severity == "severe"):
        # the gradient cannot flow: a larger step would not help, the other report says why
        return None
    pinned = pinned_output(m)
    if pinned is not None and pinned.severity != "info":
        return None  # its wrong answers get next to no gradient, whatever the step: it advises a lower lr
    if lower_rate_advised(m) is not None:   # one report never advises both a lower and a larger one
        return None
    if unscaled_target(m) is not None:  # the loss measures how far the target is, not the step size
        return None
    if unscaled_inputs(m) is not None or lone_input_value(m) is not None:  # the inputs set how fast it can move
        return None
    lr = at_rates(m, 1, m.step)
    since = (f", {recent:.2%} over the last {m.epochs_seen - m.epoch_logs['epoch'][half[1]]} epochs"
             if half is not None else "")
    said = steps_in_words(steps) if steps is not None else ""
    small = f". {said[:1].upper()}{said[1:]}" if said else ""
    return problem("learning_rate_too_low", False,
                   f"the loss fell only {drop:.2%} {span} ({short_number(start)} to "
                   f"{short_number(end)}{since}), steadily{' ' + lr if lr else ''}{small}",
                   without=("adam",) if _adaptive(m) else (), instead=larger_rate(steps))


def _no_learning_rate(m):
    """Every recorded step taken at lr 0 (torch takes 0 too): no step moves the weights, and the loss
    stays where it started, which no other rule reads as a problem (it is no plateau of small steps,
    no rise, no vanishing gradient), so the report said "no problems found"."""
    loss = m.epoch_logs.get("loss", [])
    stayed = (f": the loss stayed at {short_number(loss[-1])} over {len(loss)} epochs"
              if len(loss) > 1 and np.ptp(loss) == 0 else "")
    return problem("learning_rate_too_low", True, f"every step was taken at lr 0, so none changed the weights{stayed}",
                   without=("adam", "check_gradients"),
                   instead={"lr": Remedy("set a learning rate above 0 (Adam's default is 0.001, SGD's usual "
                                         "0.01 to 0.1)", "lr")})


def _adaptive(m):
    """Whether the fit's optimizer adapts its step size per parameter (Adam, AdamW, RMSProp):
    then "Adam" is no remedy to give."""
    return isinstance((m.params or {}).get("optimizer"), ADAPTIVE)


@once_per_report
def steps_too_large(m):
    step, chance, trend = large_step(m), chance_level(m), loss_trend(m)
    if (step is None or not m.hidden or m.step < MIN_STEPS or not learnt_nothing(m)
            or fits_the_data(m) is not None or learning_rate_too_high(m) is not None):
        return None
    pinned = (pinned_output(m) or no_gradient(m)) and any(pinning_steps(m, n) for n in m.activations
                                                         if n not in m.hidden)
    saturated = saturated_units(m)
    if pinned or (saturated is not None and saturated.severity != "info"):
        return None   # that report names the steps that drove z into the tails, and advises a lower lr
    metric, ratio = task_metric(m), trend[1] / chance[0]
    scored = f", {metric_in_words(metric)}" if metric is not None and metric[0] != "R²" else ""
    evidence = (f"{first_step_in_words(m, step)}, and the network has learnt nothing since: the training loss is "
                f"{short_number(trend[1])}, {f'{ratio:.0%} of' if ratio < 10 else f'{ratio:.3g} times'} "
                f"{short_number(chance[0])}, the loss of always predicting the class shares{scored}")
    # the gradient was smaller than the weights: clipping it would not have made the step smaller
    if ratio >= FAR_ABOVE:   # answers confidently wrong: the steps threw the weights there, labels cannot
        return problem("learning_rate_too_high", True,
                       f"{evidence}. Steps that large throw the weights past any minimum, or into the flat tails "
                       f"of the units, where no later step brings them back", without=("clip",))
    # at guessing's loss, labels that hold nothing end the same at any step size (random labels at SGD's
    # lr 1 to 3 and at lr / 10 alike): both causes, and the check that tells them apart
    return problem("learning_rate_too_high", False,
                   f"{evidence}. Either those steps threw the weights where no later step brings them back, or "
                   f"the labels hold nothing the inputs tell, and no step size finds anything; a run at a tenth "
                   f"of the learning rate tells which", without=("clip",),
                   also=(("no_better_than_guessing", "labels"),))


@once_per_report
def no_better_than_guessing(m):
    found = guessing(m)
    others = (rule(m) for rule in RULES if rule is not no_better_than_guessing)
    if found is None or any(d is not None and d.severity != "info" for d in others):
        return None   # another report says why the loss cannot fall: dead units, a step size, ...
    evidence, ratio, above = found
    # the name says what it found, from the loss and, as the learner sees it, the held-out accuracy
    little = ratio < GUESSED or above
    if little:   # weak inputs, which nothing fixes, or a boundary of the wrong shape
        shape = ("this network has not found a boundary that follows theirs: more units may find it, or "
                 "a larger learning rate, if it sits on a plateau its steps are too small to leave" if m.hidden else
                 "the boundary this network draws does not follow theirs: without a hidden layer it is a straight "
                 "line, which a hidden layer or input features (products and squares of the inputs) bend. A "
                 "straight boundary may also be the best there is: for two classes of Gaussian points with equal "
                 "spreads it is, and a network with hidden layers scores no better there")
        evidence = (f"{evidence}. The inputs may carry little about the classes, and then no network does much "
                    f"better, nor on new data; or {shape}")
        if ratio < FAR_ABOVE:     # nothing says which: a note
            return note("barely_better_than_guessing", evidence)
    # without a hidden layer the boundary is a straight line, which no step size bends, and which
    # fails XOR whatever its labels hold: severe for nothing; with them, a plateau (a sigmoid network at
    # SGD's lr 0.03) that a larger step may leave, or labels with nothing to learn, but not when the loss
    # is well above guessing's: confident wrong answers, which no plateau gives (steps too large give
    # them: ``learning_rate_too_high``)
    without, also = ("hidden",) if m.hidden else ("lr", "adam", "labels"), ()
    if m.hidden and _adaptive(m):
        without += ("adam",)
    if not m.hidden and not little:
        evidence += ("; this network has no hidden layer: its output is a linear function of its inputs, so "
                     "its boundary between the classes is straight (a line, a plane, ...) in the space of those "
                     "inputs")
    if ratio >= FAR_ABOVE:
        without += ("lr", "adam")
        evidence += (f"; a loss {ratio:.3g} times guessing's is that of answers confidently wrong, not of a "
                     f"plateau: a larger step would not leave it")
        if not m.hidden:   # 0 weights give guessing's loss: steps that settle do not end this far above it
            also = (("learning_rate_too_high", "lr"), ("unscaled_inputs", "standardise"))
            evidence += (". Without a hidden layer, weights of 0 and a bias at the class shares give guessing's "
                         "loss: steps too large for the scale of the inputs (the gradient grows with it) keep "
                         "overshooting it, where a smaller step settles (logistic regression on Gaussians of "
                         "σ 11 at SGD's lr 0.1: 1.47 times; at lr 0.01, 0.95 times and 62 %)")
    first, scale = tuple(key for _, key in also), inputs_off_scale(m)
    if scale is not None and "standardise" not in first:
        # the inputs' scale first: z = W x + b moves x times as far per step of W, past where it learns
        also, first = also + (("unscaled_inputs", "standardise"),), ("standardise",)
        evidence += (f"; and its inputs are far from unit scale: {scale}, where standardised columns have a root "
                     f"mean square of 1. z = W x + b moves with x, so each step of the weights moves it that many "
                     f"times as far, past the boundary it was to learn: standardise them first")
    return problem("barely_better_than_guessing" if little else "no_better_than_guessing", not little, evidence,
                   without=without, also=also, first=first)


@once_per_report
def cut_short_alone(m):
    """``diagnose_progress.cut_short`` when no other rule names a problem: more epochs cure neither
    dead units nor overfitting, and would fit the training points of either better still."""
    others = (rule(m) for rule in RULES if rule not in (cut_short_alone, no_better_than_guessing))
    return None if any(d is not None and d.severity != "info" for d in others) else cut_short(m)


# the data's scale first, among problems of one severity: a step size or units judged on inputs or a
# target far from unit scale are judged anew once they are standardised (raw flats diverged at SGD's lr
# 0.01 to 1e-4, each time told to lower it, and "inputs far from unit scale" came last at lr 1e-5)
RULES = (inputs_out_of_range, constant_inputs, lone_input_value, unscaled_inputs, unscaled_target, learning_rate_too_high,
         steps_too_large, late_rise, symmetric_units, step_units, no_gradient, exploding_gradients,
         exploding_activations, vanishing_gradients, dead_relus, saturated_units, pinned_output, memorised,
         overfitting, learning_rate_too_low, still_improving, slow_plateau, cut_short_alone, no_better_than_guessing)


def diagnose(monitor):
    """Run every rule on ``monitor``'s records; a ``Report`` with the severe problems first,
    the notes last (inputs that never vary alone, when they are found). The remedies are said for
    the run (``remedies.for_the_run``): its optimizer, and its length for a schedule's step size."""
    from .monitor import Monitor   # here: monitor.py imports this module
    if not isinstance(monitor, Monitor):
        raise TypeError(f"diagnose reads what a train.Monitor recorded during fit, got "
                        f"{type(monitor).__name__}: train with monitor = train.Monitor() in "
                        f"fit(..., callbacks=[monitor]), then monitor.report() (or train.diagnose(monitor))")
    with one_report(monitor):   # a finding that several rules read is computed once
        found = [d for d in (rule(monitor) for rule in RULES) if d is not None]
    # inputs that never vary are the whole story: every unit is on, off or pinned for all rows
    # alike, and no network, learning rate or number of epochs helps until they vary (the dead
    # ReLU units of inputs of zeros were told to try leaky ReLU and a lower learning rate)
    found = [d for d in found if d.name == "constant_inputs"] or found
    params = getattr(monitor, "params", None) or {}
    epochs = params.get("epochs") or monitor.epochs_seen or None
    found = [for_the_run(d, params.get("optimizer"), epochs) for d in found]
    found.sort(key=lambda d: SEVERITIES.index(d.severity))
    return Report(found)
