"""The note of a run whose test loss rose while its training loss fell: overfitting, which
``neuralab train`` without --monitor would otherwise leave the table to show unexplained. A
classifier's, when its test loss rose above the loss of guessing while its accuracy stayed high
(iris at its defaults: training loss 0.0008, test loss 1.32 above guessing's ln 3 = 1.10, at 93 %
test accuracy); a regression's, when its test R² fell with it (a noisy CSV of 60 rows at the
defaults: R² 0.34 at epoch 22, -0.06 at the end, which the R² note blamed on the learning rate).

The test loss is the mean of −ln p over the test rows, p the probability given to a row's own
class. A network that fits its training rows ever more closely grows ever more certain of its
answers, and a test row it answers wrong with p near 0 costs ever more: a few of them lift the
loss past guessing's while the accuracy hardly moves. Whether the loss rose is judged as the
training Monitor judges it (``diagnose_overfitting``: the validation loss ends ≥ 10 % above its
lowest, at least a fifth of the run after it, while the training loss went on falling, both as
means over a tenth of the epochs), read off the run's History rather than a Monitor's records.
"""
import numpy as np

from ..train.diagnose_loss import LEARNT
from ..train.diagnose_overfitting import validation_rise   # the Monitor's judgement, reused
from .report import number

# Checked on iris at its defaults: --l2 1e-2 brought the test loss from 1.32 to 0.088 (accuracy 0.93
# -> 0.97, and no rise left to note); --l2 1e-3, the Monitor's usual advice, only to 0.68, still rising;
# --early-stopping 20 to 0.55 (at 0.90: it trains on the 80 % of the training rows it does not hold out)
REMEDIES = ("try --l2 1e-2, a penalty on large weights that keeps its answers less certain, or --early-stopping 20, "
            "which keeps the weights of the epoch of lowest validation loss")


# Checked on a CSV of 60 rows, y = 5·x1 + 3·x2 + N(0, 4²) with 3 columns of noise, at the defaults
# (5-16-16-1, 300 epochs: test R² 0.34 at epoch 22, -0.06 at the end): --l2 1e-1 ended at 0.65 with no
# rise left; --l2 1e-2 at 0.26 and --early-stopping 20 at 0.27 (its validation part: 10 rows). With
# --layers auto,128,128,auto (0.68 at epoch 10, 0.42 at the end): --l2 1e-1 0.66, 1e-2 0.57, 1e-3 0.52
# and still rising, --dropout 0.3 0.59; --early-stopping 20 -0.08. A smaller network did not help:
# --layers auto,8,auto 0.23, still rising.
REGRESSION_REMEDIES = ("try --l2 1e-1, a penalty on large weights that keeps its answers smooth (1e-2 may do for "
                       "a larger file)")
# The test R² must fall by this from its best: a rise in a test MSE near 0 (R² 0.9990 to 0.9985) is no loss
# worth a note; plane and sine at their defaults end within 0.001 of their best
R2_FALL = 0.05


def overfitting_note(history, guessing):
    """The note for a classifier's run (``history``: its ``History``, the test part as its
    validation data) whose test loss rose (``validation_rise``) to end above ``guessing``, the
    loss of predicting the class shares (``output.guessing_loss``, the dotted line of loss.png),
    while its training loss fell to below half its first epoch's (LEARNT: it learnt its rows; a
    network that learnt nothing has nothing to overfit with); None otherwise, and for a loss that
    rose but ends below guessing's (wine at 97 %: 0.03 -> 0.08, which loss.png shows and --monitor
    explains). ``guessing`` None (MSE, class weights): no note."""
    logs = history.history
    val = logs.get("val_loss") or []
    if guessing is None or not _rose(logs) or not val[-1] > guessing:
        return None
    best = int(np.argmin(val))
    accuracy = logs.get("val_accuracy") or []
    then = (f"; test accuracy {number(accuracy[best])} at epoch {best + 1}, {number(accuracy[-1])} at the end"
            if len(accuracy) == len(val) else "")
    return (f"note: the test loss was lowest at epoch {best + 1} ({number(val[best])}) and rose to "
            f"{number(val[-1])}, above the {number(guessing)} of guessing the class shares, while the training loss "
            f"fell: the model grew overconfident on its training rows (overfitting), and a test row it answers wrong "
            f"with near-certainty costs much (−ln p, p its probability of the right class){then}; {REMEDIES}")


def regression_overfitting_note(history, loss_name="mse"):
    """The note for a regression's run (``history``: its ``History``, the test part as its
    validation data, "val_r2" logged; ``loss_name``, "mse" or "mae", names its loss) whose test
    loss rose (``validation_rise``) while its training loss fell to below half its first epoch's,
    and whose test R² fell by R2_FALL or more from its value at the epoch of lowest test loss; None
    otherwise."""
    logs = history.history
    val, r2 = logs.get("val_loss") or [], logs.get("val_r2") or []
    if len(r2) != len(val) or not _rose(logs):
        return None
    best = int(np.argmin(val))
    if not r2[best] - r2[-1] >= R2_FALL:
        return None
    return (f"note: the test loss ({loss_name.upper()}) was lowest at epoch {best + 1} (test R² {number(r2[best])}), then rose while "
            f"the training loss went on falling, to a test R² of {number(r2[-1])} at the end: the network fitted its "
            f"training rows' noise (overfitting); {REGRESSION_REMEDIES}")


def _rose(logs):
    """Whether the History ``logs`` show a test loss that rose (``validation_rise``) after the
    training loss fell to below half its first epoch's (LEARNT: it learnt its rows; a network that
    learnt nothing has nothing to overfit with)."""
    val, loss = logs.get("val_loss") or [], logs.get("loss") or []
    return (len(val) == len(loss) > 0 and loss[-1] < LEARNT * loss[0]
            and validation_rise(logs, len(val)) is not None)
