"""The note of a classifier whose test loss rose above the loss of guessing while its accuracy
stayed high: overfitting, which ``neuralab train`` without --monitor would otherwise leave the
table to show unexplained (iris at its defaults: training loss 0.0008, test loss 1.32 above
guessing's ln 3 = 1.10, at 93 % test accuracy).

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


def overfitting_note(history, guessing):
    """The note for a classifier's run (``history``: its ``History``, the test part as its
    validation data) whose test loss rose (``validation_rise``) to end above ``guessing``, the
    loss of predicting the class shares (``output.guessing_loss``, the dotted line of loss.png),
    while its training loss fell to below half its first epoch's (LEARNT: it learnt its rows; a
    network that learnt nothing has nothing to overfit with); None otherwise, and for a loss that
    rose but ends below guessing's (wine at 97 %: 0.03 -> 0.08, which loss.png shows and --monitor
    explains). ``guessing`` None (MSE, class weights): no note."""
    logs = history.history
    val, loss = logs.get("val_loss") or [], logs.get("loss") or []
    if guessing is None or len(val) != len(loss) or not loss or not loss[-1] < LEARNT * loss[0]:
        return None
    if not val[-1] > guessing or validation_rise(logs, len(val)) is None:
        return None
    best = int(np.argmin(val))
    accuracy = logs.get("val_accuracy") or []
    then = (f"; test accuracy {number(accuracy[best])} at epoch {best + 1}, {number(accuracy[-1])} at the end"
            if len(accuracy) == len(val) else "")
    return (f"note: the test loss was lowest at epoch {best + 1} ({number(val[best])}) and rose to "
            f"{number(val[-1])}, above the {number(guessing)} of guessing the class shares, while the training loss "
            f"fell: the model grew overconfident on its training rows (overfitting), and a test row it answers wrong "
            f"with near-certainty costs much (−ln p, p its probability of the right class){then}; {REMEDIES}")
