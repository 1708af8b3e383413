"""The diagnosis of a classifier that learnt its training points and nothing that holds on new ones.

    memorised             a classifier with hidden layers (``diagnose_shares.chance_level``; a straight
                          boundary memorises nothing: logistic regression on circles scores 68 % of its
                          training points by their quirks, 60 % of new ones) trained for >= 20 epochs with
                          validation data, whose training loss, over the last tenth of the epochs, is
                          below 0.97 x the loss of always predicting the class shares, while on the
                          validation data the loss is above that loss, and above the training loss by
                          >= 0.1 x it, and the accuracy, when fit logged one, less than a fifth of the
                          way from the largest class's share to 1: what memorising gives. Answers
                          memorised point by point are confident and of no use on new points: the loss
                          there rises above guessing's by >= 0.6 times as much as the training loss fell
                          below it (random labels: 0.8 to 2.9 times); a pattern learnt, however weakly,
                          carries part of what it gained (sigmoid networks on a spiral of true labels,
                          63 to 66 % of their training points and 52 to 56 % of new ones: 0.25 to 0.55
                          times; one at noise 0.5, 0.89 times, is reported: its noise memorised), and its
                          remedies are those of a network that has not learnt enough. What it learnt of
                          the training points does not carry to new ones: the labels may not follow from
                          the inputs (random labels, or labels shuffled apart from their rows, can only be
                          memorised point by point), or the training points are too few for a pattern to
                          show through what the network memorises. Severe: the model is no better than
                          guessing on new data. ``overfitting`` is then silent: its remedies lower a
                          validation loss that is above its best, where here there is nothing learnt to
                          keep. Not reported beside a severe finding that says why the network learns
                          nothing (``diagnose_no_gradient.gradient_blocked``: saturated or dead units, no
                          gradient, ...): such a network scores at guessing's on new points for that
                          reason (2-8-8-1 sigmoid on a spiral at Adam's lr 0.1, its units 86 and 92 % in the
                          tails: 73 % of its training points, 58 % of new ones). Nor is a training
                          accuracy above guessing's alone read as learnt: 2-8-8-1 sigmoid on a spiral at
                          SGD's lr 10 scored 60 % of its training points, by their quirks, at 1.29 times
                          guessing's loss.

Measured: moons (200 points, y shuffled; another 200 for validation, shuffled too) on 2-32-32-1 ReLU,
Adam at lr 0.01, 200 epochs: training accuracy 60 to 63 % and a training loss 0.91 to 0.93 x ln 2,
validation accuracy 49 to 52 % and a validation loss 1.15 to 1.17 x ln 2. It read "no problems found"
with the note "barely better than guessing", or "overfitting" (300 points), whose remedies assume
something was learnt. Healthy runs have a validation loss far below guessing's; inputs that carry
a weak signal are not reported: a straight boundary between Gaussians of σ 11, 2√2 apart, scores 60 %
on its training points and 55 % on new ones, at 0.96 and 1.00 x ln 2, a gap of 0.04 x ln 2 where
memorised random labels open one of 0.22 to 0.33 x ln 2.
"""
import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_chance import ABOVE, GUESS_EPOCHS, GUESSED, validation_metric
from .diagnose_curve import epochs_run, task_metric
from .diagnose_no_gradient import gradient_blocked
from .diagnose_shares import chance_level
from .monitor_words import held_out_data, held_out_loss
from .diagnosis import metric_in_words, problem, short_number

GAP = 0.1     # the validation loss above the training loss, as a share of guessing's, that memorising opens
COST = 0.6    # the validation loss above guessing's, as a share of the training loss's fall below it


@once_per_report
def memorised(m):
    chance, logs = chance_level(m), m.epoch_logs
    train = np.asarray(logs.get("loss", []), np.float64)
    val = np.asarray(logs.get("val_loss", []), np.float64)
    if chance is None or not m.hidden or m.diverged or len(val) != len(train) or len(val) < 3 or chance[0] <= 0:
        return None     # (a straight boundary has no points to memorise: its training score is the sample's quirks)
    if epochs_run(m) < GUESS_EPOCHS:
        return None    # too early: a network memorises before it generalises as often as after
    if len(logs.get("penalty", ())) == len(train):
        train = train - np.asarray(logs["penalty"], np.float64)   # the data loss, as val_loss is
    w = max(1, len(val) // 10)
    end_train, end_val = float(train[-w:].mean()), float(val[-w:].mean())
    if not (np.isfinite(end_train) and np.isfinite(end_val)):
        return None
    metric, held = task_metric(m, last=w), validation_metric(m, w)
    metric = None if metric is not None and metric[0] == "R²" else metric
    # the training loss says whether it learnt: a network of saturated units answered 60 % of its training
    # points right at 1.29 x guessing's loss
    learnt = end_train < GUESSED * chance[0]
    guesses = held is None or held < chance[1] + (1 - chance[1]) * ABOVE
    if not (learnt and guesses and end_val - end_train >= GAP * chance[0]):
        return None     # (a straight boundary on weak inputs is as poor on both: nothing memorised)
    # memorised answers are confident and of no use on new points: there they cost about what they gain
    # on the training points; a pattern learnt, however weakly, carries part of its gain
    if end_val - chance[0] < COST * (chance[0] - end_train):
        return None
    if gradient_blocked(m):
        return None     # that report says why it learns nothing, and so scores at guessing's on new points
    larger = "larger" if len(m.classes["shares"]) <= 2 or m.classes["binary"] else "largest"
    scored = f", {metric_in_words(metric, 1)}" if metric is not None else ""
    held_said = f" and {metric[0] if metric else 'accuracy'} {held:.1%}" if held is not None else ""
    evidence = (f"over the last {w} logged epochs the training loss is {short_number(end_train)} "
                f"({end_train / chance[0]:.0%} of {short_number(chance[0])}, the loss of always predicting "
                f"the class shares){scored}, while on {held_out_data(m)} the loss is {short_number(end_val)} "
                f"({end_val / chance[0]:.0%} of it){held_said}, where always predicting the {larger} class "
                f"scores {chance[1]:.1%}. What the network learnt of its training points does not hold on new "
                f"ones: either the labels do not follow from the inputs (random labels, or labels shuffled "
                f"apart from their rows, can only be memorised point by point), or the training points are "
                f"too few for a pattern to show through what the network memorises of each")
    if held is None:
        evidence += f" (fit logged no accuracy: this is read from the {held_out_loss(m)} alone)"
    return problem("memorised", True, evidence, first=("labels",))
