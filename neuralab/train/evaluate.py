"""``predict`` and ``evaluate``: a model's outputs and scores in evaluation mode, a batch at a time,
and the scoring ``fit`` reuses for its validation data after every epoch."""
import numpy as np

from ..nn import losses
from ..nn.sample_weight import check_sample_weight, weight_scale
from . import metrics as metric_fns
from .checks import batch_size_of, check_data, rows
from .logits import logits_model


def metric_logs(metric_table, pred, y):
    return {name: fn(pred, y) for name, fn in metric_table.items()}


def predict(model, X, batch_size=None):
    """The model's output for X in evaluation mode, computed ``batch_size`` rows at a time."""
    X = rows(model, X)
    size = batch_size_of(batch_size, len(X))
    return np.concatenate([model.forward(X[i:i + size]) for i in range(0, len(X), size)])


def evaluate(model, X, y, loss=None, metrics=None, batch_size=None, sample_weight=None):
    """{"loss": ..., metric: ...} on (X, y) in evaluation mode. ``loss`` and ``metrics``
    default to the ones of the last ``fit``; as in ``fit``, a loss that applies the model's last
    activation itself is given the logits before it (``logits_model``).

    ``sample_weight`` (one non-negative number per sample) makes the loss the weighted mean
    Σ w_i ℓ_i / Σ w_i over all of X, ``loss(pred, y, weight=w)``; the metrics stay unweighted, as
    Keras's ``metrics`` (class weights: ``sample_weight=class_weights[labels]``)."""
    loss = losses.get(loss if loss is not None else getattr(model, "loss", None) or _no_loss())
    metrics = metrics if metrics is not None else getattr(model, "metrics", "auto")
    X, y = check_data(model, X, y)
    weight = None if sample_weight is None else check_sample_weight(sample_weight, len(X))
    pred = predict(logits_model(model, loss), X, batch_size)
    targets = loss.check_target(pred, y)
    metric_table = metric_fns.resolve(metrics, loss)
    # model.evaluate -> evaluate: the warning points at the user's line
    metric_fns.warn_per_output_accuracy(metric_table, pred[0].size, y, stacklevel=3)
    return scores(pred, y, targets, loss, metric_table, weight)


def scores(pred, y, targets, loss, metric_table, weight=None):
    """The loss and metrics of predictions ``pred`` for labels ``y`` (``targets``: y as
    ``loss.check_target`` returned it), the loss weighted by ``weight`` (float64, checked) if
    given. ``fit`` checks its validation set once, then scores it with this after every epoch.

    The loss is computed from ``pred`` in float64, as the metrics are: a score is read, never
    differentiated, and a float32 regression in units of 1e20 has a loss past float32's range
    (its squares overflow) that is an ordinary number in float64."""
    pred = pred.astype(np.float64, copy=False)
    logs = {"loss": loss.forward(pred, targets, None if weight is None else weight_scale(weight, pred.dtype))}
    logs.update(metric_logs(metric_table, pred, y))
    return logs


def _no_loss():
    raise ValueError("evaluate needs a loss: pass loss=... or call fit first")
