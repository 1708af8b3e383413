"""The diagnoses of a run that ended while its loss was still falling: in steps too small for the
problem, slowly, from a plateau near the loss of guessing, or at its usual pace, cut short. A report
made while the fit runs on (the playground's, whose fit runs until ❚❚ pauses it: ``running``) says
the loss "is still falling after N epochs", not "was still falling when the run ended".

    still_improving       after >= 5 logged epochs, in a network that does not fit its training data
                          (``fits_the_data``), the epoch loss (the data loss, without an L1/L2 penalty)
                          over the last fifth of the epochs fell in >= 80 % of them, by >= 1 % of its
                          level, and by >= 20 % of what it fell over the first fifth (from the initial
                          loss, or a classifier's from the loss of guessing when it started above it):
                          it had not levelled off, where a run that converged falls 20 to 100
                          times more slowly at its end than at its start; and its steps were small: the
                          median of ‖ΔW‖ / ‖W‖ over the weight layers, in the last 5 records of each, is
                          below 3e-4 (healthy runs step 1e-4 to 5e-3 of the weights, those that still
                          fall fast at the end 2e-3 and more: a spiral at Adam's lr 0.01, still
                          escaping its plateau at epoch 100, is not reported). Below a training
                          accuracy or R² of 0.95, a fall of >= 5 % over the second half of the run,
                          in >= 80 % of its epochs, counts as not levelled off whatever the first
                          fifth's pace (``_falling_steadily``): a fast first epoch (moons at SGD's lr
                          0.01: 0.67 -> 0.35) hid 7 to 15 % more over the second half, at 85 to 89 %
                          where the network reaches 97 %. A warning whose
                          remedies are a larger learning rate, by 10 to 100 when the steps are >= 100
                          times below the typical 1e-3 (``larger_rate``; else by 3 to 10), more epochs
                          and Adam (not for a run on an adaptive optimizer). Not when the inputs or the
                          MSE target are far from
                          unit scale (``unscaled_inputs``, ``unscaled_target``): their scale then sets
                          the pace, and standardising them is the remedy; nor beside a problem that
                          advises a lower learning rate (``lower_rate_advised``: one report never
                          advises both; Adam at lr 5 on standardised flats, its units dead, stepped
                          7e-9 of its weights while its loss fell as the output's bias found the
                          mean), nor behind a blocked gradient or exploding activations, whose
                          small steps no larger rate mends. ``learning_rate_too_low`` names a loss
                          that barely moves at all.
    cut_short             the same fall, at >= 10 % of the first fifth's pace (not 20 %; or the same
                          fall over the second half), in steps of a
                          usual size (3e-4 or more), in a run that ended (not ``running``) below a
                          training accuracy or R² of 0.95, having learnt something (not
                          ``diagnose_curve.learnt_nothing``). A warning: more epochs, or many with early
                          stopping (with validation data). Reported only when no other rule names a
                          problem (``diagnose.cut_short_alone``): not when ``still_improving`` or
                          ``slow_plateau`` names the fall, and more epochs cure neither dead units nor
                          overfitting (2-32-32-1 ReLU on moons with biases of -3 has both dead units
                          and a loss still falling). Measured over 108 healthy runs (9 datasets,
                          1 to 3 hidden layers, Adam/SGD/momentum, 50 to 300 epochs) and 32 on noisy
                          data (Gaussians of σ 2.5 at 80 to 95 %): silent on every run within 3 points
                          of its dataset's best held-out accuracy (XOR on 2-16-16-1 tanh at SGD's lr
                          0.1, 98.9 % and still falling 30 % over its last fifth, is left alone by the
                          0.95). Of 12 runs of 8 or 20 epochs at SGD's lr 0.01, which all read "no
                          problems found", it names 7 (digits at 43 % after 8 epochs); of the others,
                          one is at 95.5 % and 4 sit on a plateau near guessing's loss, not steadily
                          falling. It also names 3 healthy-settings runs that had more to learn: a
                          spiral at Adam's lr 0.003 (88 %, falling 45 % over its last 40 epochs) and
                          XOR on 2-32-1 sigmoid (91 and 93 %).
    slow_plateau          a classifier with hidden layers, after >= 20 epochs, whose training loss (the mean
                          over the last tenth of the epochs) is still >= 0.9 x the loss of always
                          predicting the class shares (``diagnose_shares.chance_level``), yet fell >= 5 %
                          over the second half of the epochs (``second_half_fall``: "no better than
                          guessing" reads a loss that fell less), and by >= 1 % from the tenth of the
                          epochs before the last tenth to the last (means over each): it sits on a plateau near guessing's loss that it leaves
                          slowly. A warning (not when ``still_improving``, the small steps, names it):
                          more epochs, Adam (not for a run on an adaptive optimizer), ReLU (for sigmoid
                          and tanh hidden units) and more units. Measured: checkerboard (600 points, its
                          raw ±6 inputs) on 2-32-1 sigmoid at SGD's lr 0.1, 200 epochs: 0.694 -> 0.658,
                          62 % (read nothing); at Adam's lr 0.01, 89 % in 200 epochs and 98 % in 1,000;
                          2-32-32-1 ReLU, 96 % in 200.

Measured (moons, 300 points, noise 0.2, standardised, 2-16-16-1 ReLU, batches of 32): SGD at lr 1e-4,
50 epochs: 0.711 -> 0.637, 61 % (read "barely better than guessing", a note); at 200 epochs 79 % (read
nothing); a step ratio of 1e-5 and a last fifth falling at 0.37 and 0.42 of the first fifth's pace.
SGD at lr 1e-3, 50 epochs (86 %, 7e-5, 0.26) and Adam at lr 1e-4 (88 %, 1.7e-4, 0.34) are as slow.
Healthy runs of moons, circles, spiral and digits at Adam's 0.003 to 0.01 or SGD's 0.01 to 0.1 end at
0.05 of that pace or less.
"""
import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_gradients import dead_relus, exploding_gradients
from .diagnose_no_gradient import gradient_blocked, no_gradient
from .diagnose_inputs import unscaled_inputs
from .diagnose_late import ADAPTIVE, late_rise
from .diagnose_chance import GUESS_EPOCHS, STALLED
from .diagnose_falling import FIFTH, STEADY, data_loss, fifth_in_words, last_fifth, still_falling
from .diagnose_curve import (GUESSING, epochs_run, fits_the_data, has_dropout, initial_loss, learnt_nothing,
                             second_half_fall, task_metric)
from .diagnose_loss import learning_rate_too_high
from .diagnose_output import pinned_output
from .diagnose_saturation import saturated_units
from .diagnose_scale import exploding_activations
from .diagnose_shares import chance_level
from .diagnose_target import unscaled_target
from .diagnosis import metric_in_words, problem
from .monitor_rates import at_rates
from .monitor_words import short_loss, short_ratio
from .remedies import Remedy

PACE = 0.2            # last fifth's fall / first fifth's from which the loss has not levelled off
SMALL_STEPS = 3e-4    # median ‖ΔW‖ / ‖W‖ of the last records below which the steps are small
LAST_RECORDS = 5
NEAR_FIT = 0.95       # training accuracy or R² below which a run cut short has more to learn
CUT_PACE = 0.1        # PACE for a run cut short: its steps are not small, its accuracy below NEAR_FIT
HALF_FALL = 0.05      # or a fall over the second half from which the loss has not levelled off (if steady)
TYPICAL_STEP = 1e-3   # ‖ΔW‖ / ‖W‖ of a run that learns at a usual pace
FAR_BELOW = 100       # steps this many times smaller than TYPICAL_STEP call for a 10-100x larger rate


def step_size(m):
    """The median over the weight layers of the median ‖ΔW‖ / ‖W‖ of their last 5 records; None
    without records."""
    per_layer = [np.median(s["update_ratio"][-LAST_RECORDS:]) for s in m.weights.values() if s["update_ratio"]]
    return float(np.median(per_layer)) if per_layer else None


def running(m):
    """Whether the last fit has epochs left to run: the playground's runs until ❚❚ pauses it, so its
    report is made while the run goes on (a fit that ran all its epochs, or that EarlyStopping
    ended, has ended)."""
    return m.epochs_seen < (m.params or {}).get("epochs", 0) and m.early_stopping is None


def _not_levelled(m, least_pace):
    """The run's last fifth in words, with its pace against the first fifth's, when the loss over it
    fell steadily (``last_fifth``) at >= ``least_pace`` of that pace, or, below a training accuracy or R²
    of 0.95, by >= 5 % over the second half of the run, falling in >= 80 % of its epochs
    (``_falling_steadily``), in a network that does not fit its data and whose inputs and target are near
    unit scale (see the module docstring); else None."""
    loss = data_loss(m)
    if loss is None or fits_the_data(m) is not None:
        return None
    q, initial, fifth = len(loss) // FIFTH, initial_loss(m), last_fifth(loss)
    if initial is None or fifth is None:
        return None
    last, falling, last_fall = fifth
    # a classifier's fall to the loss of guessing the class shares learns nothing of the inputs: a
    # checkerboard's 1.12 -> 0.69 in its first 40 epochs made a climb of 6 % in its last 40 look slow
    chance = chance_level(m)
    guessed = chance is not None and 0 < chance[0] < initial
    first_fall = (chance[0] if guessed else initial) - loss[q - 1]
    # a fast first fifth (moons at SGD's lr 0.01: 0.67 -> 0.35 in its first epoch) hides a slow fall
    # that goes on: 9 to 15 % over the second half, at 85 to 89 % where the same network reaches 97 %
    # (below a training accuracy or R² of 0.95: an 8-layer regression at R² 0.953 after 10 epochs falls so)
    metric = task_metric(m)
    steadily = _falling_steadily(loss) if metric is None or metric[1] < NEAR_FIT else None
    if last_fall < least_pace * max(first_fall, 0.0) and steadily is None:
        return None     # levelled off: not a run cut short
    if unscaled_inputs(m) is not None or unscaled_target(m) is not None:
        return None     # their scale sets the pace: standardising them is the remedy
    epochs = f"{q} epochs" if q > 1 else "epoch"
    moved = "rose" if loss[q - 1] > initial else "fell"
    start = f"{short_loss(m, initial)} to {short_loss(m, loss[q - 1])}"     # (the first from before the first step)
    # a first fifth that stayed above guessing's loss, or rose (the first steps' noise at a small lr),
    # has no pace to compare with: what it did is said instead
    ratio = last_fall / first_fall if first_fall > 0 else None
    if ratio is not None and last_fall >= least_pace * first_fall:
        amount = f"{ratio:.0%} of" if ratio < 2 else f"{ratio:.3g} times"
        below = f" below {short_loss(m, chance[0])}, the loss of always predicting the class shares" if guessed else ""
        pace = f"{amount} what it fell over the first {epochs}{below} ({start})"
    elif ratio is None:
        above = (f", and stayed above {short_loss(m, chance[0])}, the loss of always predicting the class shares"
                 if guessed else "")
        pace = f"where over the first {epochs} it {moved} from {start}{above}"
    else:
        pace = f"and {steadily}"
    now = f"is still falling after {epochs_run(m)} epochs" if running(m) else "was still falling when the run ended"
    return f"the training loss {now}: {fifth_in_words(m, last, falling)}, {pace}"


def _falling_steadily(loss):
    """The second half of the epoch losses in words when the loss fell by >= 5 % over it
    (``second_half_fall``) and in >= 80 % of its epochs: a loss that levelled off wobbles on its
    batches' noise; else None."""
    fall, middle = second_half_fall(loss)
    falls = np.diff(loss[middle:]) < 0
    if fall < HALF_FALL or falls.mean() < STEADY:
        return None
    return f"{fall:.1%} over the second half of the run, falling in {falls.sum()} of its {len(falls)} epochs"


@once_per_report
def lower_rate_advised(m):
    """The problem reported that advises a lower learning rate (a learning rate too high, a late rise,
    exploding gradients, dead or saturated units, an output pinned by large steps, no gradient), or
    None. A report that advises a lower one advises no larger one (``still_improving``,
    ``learning_rate_too_low`` in ``diagnose.py``): Adam at lr 5 on standardised flats, its ReLU units
    dead and its loss still falling in steps of 7e-9 of the weights while the output's bias found the
    mean (training R² −0.02), read "lower the learning rate" and "raise it 3 to 10-fold"."""
    found = (learning_rate_too_high(m), late_rise(m), exploding_gradients(m), dead_relus(m), saturated_units(m),
             pinned_output(m), no_gradient(m))
    return next((d for d in found if d is not None and d.severity != "info"
                 and any(getattr(r, "key", None) == "lr" for r in d.remedies)), None)


@once_per_report
def still_improving(m):
    falling, steps = _not_levelled(m, PACE), step_size(m)
    if falling is None or steps is None or not steps < SMALL_STEPS or lower_rate_advised(m) is not None:
        return None    # (small steps behind dead units or weights the lr grew are no step size too small)
    if gradient_blocked(m) or exploding_activations(m) is not None:
        return None    # layers that get no gradient take no step, and activations that explode need a small one
    optimizer = (m.params or {}).get("optimizer")
    # the rates of the steps it measured, those of its last 5 records
    lr = (at_rates(m, m.steps[-LAST_RECORDS:][0], m.step, type(optimizer).__name__) if optimizer is not None
          else "") or "at its learning rate"
    metric = task_metric(m)
    scored = f"; {metric_in_words(metric, 1)}" if metric is not None else ""
    # (how many times smaller than usual the steps are says they are small)
    return problem("still_improving", False, f"{falling}{scored}. {lr[:1].upper()}{lr[1:]}, {steps_in_words(steps)}",
                   without=("adam",) if isinstance(optimizer, ADAPTIVE) else (), instead=larger_rate(steps))


def steps_in_words(steps):
    """``step_size`` against the typical step, in words: "each step changes a layer's weights by 2.5e-06 of
    their norm, 400 times less than at a usual pace (0.001; ‖ΔW‖ / ‖W‖, the median over the layers)"."""
    what = "‖ΔW‖ / ‖W‖, the median over the layers"   # (as ``first_step_in_words`` says it)
    if steps <= 0:
        return f"no step changes the weights ({what})"
    against = (f"{short_ratio(TYPICAL_STEP / steps)} times less than at a usual pace ({TYPICAL_STEP:g}; {what})"
               if steps < TYPICAL_STEP else f"as at a usual pace ({TYPICAL_STEP:g} or more; {what})")
    return f"each step changes a layer's weights by {steps:.2g} of their norm, {against}"


def larger_rate(steps):
    """{"lr": the remedy of a larger learning rate, by as much as the steps are small}: steps 400 times
    smaller than typical (SGD at lr 1e-5) were told to multiply it by 3 to 10, twice over, and ended at lr
    1e-3, still 30 times too slow. A step grows with the learning rate (in proportion for SGD and Adam),
    so steps >= 100 times too small call for 10 to 100 times the rate; {} for smaller gaps or no records,
    which keep the remedy's own 3 to 10."""
    if not steps or steps * FAR_BELOW > TYPICAL_STEP:
        return {}     # (no step at all: no multiple of the rate makes one)
    return {"lr": Remedy(f"raise the learning rate (multiply it by 10 to 100): steps {TYPICAL_STEP / steps:.3g} times "
                         f"smaller than usual reach where the loss levels off only after that many times the epochs",
                         "lr")}


@once_per_report
def cut_short(m):
    falling, metric = _not_levelled(m, CUT_PACE), task_metric(m)
    if falling is None or metric is None or not metric[1] < NEAR_FIT or running(m) or learnt_nothing(m):
        return None     # (the playground's run goes on: it is not cut short)
    steps = step_size(m)
    size = f" ({steps:.2g} of the weights' norm each)" if steps is not None else ""
    # EarlyStopping watches the validation loss: a fit without validation data has none to watch
    return problem("cut_short", False,
                   f"{falling}; {metric_in_words(metric, 1)}. Its steps are of a usual size{size}: more "
                   f"epochs take it further",
                   without=() if m.epoch_logs.get("val_loss") else ("early_stopping",))


@once_per_report
def slow_plateau(m):
    chance, loss = chance_level(m), data_loss(m)
    if (chance is None or loss is None or not m.hidden or chance[0] <= 0 or epochs_run(m) < GUESS_EPOCHS
            or has_dropout(m) or fits_the_data(m) is not None or still_improving(m) is not None):
        return None
    w = max(1, len(loss) // 10)
    # means over tenths of the epochs: at a plateau the batches' noise makes a third of the epochs rise
    falling = still_falling(loss)
    if falling is None or falling[1] < GUESSING * chance[0] or second_half_fall(loss)[0] < STALLED:
        return None     # learnt something, or no longer falling: "no better than guessing" reads that
    before, end = falling
    optimizer = (m.params or {}).get("optimizer")
    metric = task_metric(m, last=w)
    scored = f", {metric_in_words(metric, 1)}" if metric is not None and metric[0] != "R²" else ""
    soft = any(m.kinds.get(n) in ("sigmoid", "tanh") for n in m.hidden)
    return problem("slow_plateau", False,
                   f"after {epochs_run(m)} epochs the training loss is {short_loss(m, end)} (a mean over the last "
                   f"tenth of them), {end / chance[0]:.0%} of {short_loss(m, chance[0])}, the loss of always "
                   f"predicting the class shares{scored}, and still falling: {short_loss(m, before)} over the "
                   f"tenth before ({(before - end) / before:.1%} less). A pattern of many pieces needs many units "
                   f"bent into place at once"
                   + (", and sigmoid/tanh units pass little gradient where they flatten" if soft else ""),
                   without=(("adam",) if isinstance(optimizer, ADAPTIVE) else ()) + (() if soft else ("relu",)))
