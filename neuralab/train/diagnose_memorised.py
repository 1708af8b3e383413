"""The diagnosis of a classifier that learnt its training points and nothing that holds on new ones.

    memorised             a classifier with hidden layers (``diagnose_shares.chance_level``; a straight
                          boundary memorises nothing: logistic regression on circles scores 68 % of its
                          training points by their quirks, 60 % of new ones) trained for >= 20 epochs with
                          validation data, whose training loss, over the last tenth of the epochs, is
                          below 0.97 x the loss of always predicting the class shares (or whose training
                          accuracy is more than a quarter of the way from the largest class's share to
                          1), while on the validation data the loss is still >= 0.97 x that loss, and
                          above the training loss by >= 0.1 x it, and the accuracy, when fit logged one,
                          less than a fifth of the way from that share to 1. What it learnt of the training points does not carry to new ones: the
                          labels may not follow from the inputs (random labels, or labels shuffled apart
                          from their rows, can only be memorised point by point), or the training points
                          are too few for a pattern to show through what the network memorises. Severe:
                          the model is no better than guessing on new data. ``overfitting`` is then
                          silent: its remedies lower a validation loss that is above its best, where
                          here there is nothing learnt to keep.

Measured: moons (200 points, y shuffled; another 200 for validation, shuffled too) on 2-32-32-1 ReLU,
Adam at lr 0.01, 200 epochs: training accuracy 60 to 63 % and a training loss 0.91 to 0.93 x ln 2,
validation accuracy 49 to 52 % and a validation loss 1.17 x ln 2. It read "no problems found" with
the note "barely better than guessing", or "overfitting" (300 points), whose remedies assume
something was learnt. Healthy runs have a validation loss far below guessing's; inputs that carry
a weak signal are not reported: a straight boundary between Gaussians of σ 11, 2√2 apart, scores 60 %
on its training points and 55 % on new ones, at 0.96 and 1.00 x ln 2, a gap of 0.04 x ln 2 where
memorised random labels open one of 0.22 to 0.33 x ln 2.
"""
import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_chance import ABOVE, GUESS_EPOCHS, GUESSED, validation_metric
from .diagnose_curve import epochs_run, task_metric
from .diagnose_shares import chance_level, tells_classes_apart
from .monitor_words import held_out_data, held_out_loss
from .diagnosis import metric_in_words, problem, short_number

GAP = 0.1     # the validation loss above the training loss, as a share of guessing's, that memorising opens


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
    learnt = end_train < GUESSED * chance[0] or (metric is not None and tells_classes_apart(metric[1], chance[1]))
    guesses = end_val >= GUESSED * chance[0] and (held is None or held < chance[1] + (1 - chance[1]) * ABOVE)
    if not (learnt and guesses and end_val - end_train >= GAP * chance[0]):
        return None     # (a straight boundary on weak inputs is as poor on both: nothing memorised)
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
