"""An epoch's logs in ``fit``: its "loss" (and "penalty") and its metrics, from the batches that
ran (``EpochTotals``), and its "val_" scores (``validation_logs``).

Each batch b weighs W_b, its number of samples, or with sample weights w its Σ_{i in b} w_i, so
that the epoch's loss is the mean over its samples, Σ W_b L_b / Σ W_b (with weights, the epoch's
Σ w_i ℓ_i / Σ w_i). The metrics are computed once per epoch, on the outputs each batch's forward
pass gave its samples, gathered in the samples' own order, where their labels are y as it is."""
import numpy as np

from ..nn.dtype import all_finite
from .divergence import validation_divergence
from .evaluate import PREDICT_BATCH_SIZE, forward_in_batches, metric_logs, scores


class EpochTotals:
    """The running sums of one epoch (``start`` begins the next): ``add`` each batch after its
    update, then ``logs``. ``w_unit`` is each sample's weight divided by the largest (None without
    weights): the sums of weights of at most 1 cannot overflow."""

    def __init__(self, n, w_unit, metric_table, penalties):
        self.n, self.w_unit, self.metric_table, self.penalties = n, w_unit, metric_table, penalties
        # the outputs of an epoch's batches, for its metrics: one array for all epochs, allocated at
        # the first batch (a list of them concatenated would hold the epoch's outputs twice, and
        # 200,000 samples of 1000 classes are 800 MB in float32)
        self.out = None

    def start(self):
        """A new epoch: nothing summed, no sample ran."""
        self.loss, self.penalty, self.weight, self.ran = 0.0, 0.0, 0.0, np.zeros(self.n, bool)

    def add(self, idx, batch_loss, batch_penalty, out):
        """The batch of samples ``idx``: its loss L_b and penalty, weighing W_b, and its outputs."""
        batch_weight = len(idx) if self.w_unit is None else float(self.w_unit[idx].sum())
        self.loss += batch_loss * batch_weight
        self.penalty += batch_penalty * batch_weight
        self.weight += batch_weight
        if self.metric_table:  # in the samples' own order: their targets are y as it is
            if self.out is None:
                self.out = np.empty((self.n,) + out.shape[1:], out.dtype)
            self.out[idx] = out
            self.ran[idx] = True

    def logs(self, y):
        """The epoch's "loss", "penalty" (with penalties) and metrics, over the samples of the
        batches that ran: all of them, but for a stop request or batches of weight 0."""
        logs = {"loss": self.loss / self.weight}
        if self.penalties:  # the part of "loss" the penalties make: loss - penalty compares with val_loss
            logs["penalty"] = self.penalty / self.weight
        if self.metric_table:
            done = self.ran.all()
            logs.update(metric_logs(self.metric_table, self.out if done else self.out[self.ran],
                                    y if done else y[self.ran]))
        return logs


def validation_logs(net, loss, plan, epoch):
    """(the "val_loss" and "val_<metric>" of ``plan.validation`` after ``epoch``, None), scored on
    ``net``'s outputs, 4096 rows a pass as ``predict`` does; or (None, (stop reason, Advice)) when
    those outputs overflowed (``divergence.validation_divergence``): that epoch is not recorded."""
    X_val, y_val, val_targets, val_weights = plan.validation
    with np.errstate(over="ignore", invalid="ignore"):  # as in training: then said
        val_pred = forward_in_batches(net, X_val, PREDICT_BATCH_SIZE)
    if not all_finite(val_pred):
        return None, validation_divergence(plan.X, X_val, val_pred, plan.optimizer, loss, epoch)
    val = scores(val_pred, y_val, val_targets, loss, plan.metric_table, val_weights)
    return {"val_" + k: v for k, v in val.items()}, None
