"""``predict`` and ``evaluate``: a model's outputs and scores in evaluation mode, a batch at a time,
and the scoring ``fit`` reuses for its validation data after every epoch."""
import dis
import numbers
import sys

import numpy as np

from ..nn import losses
from ..nn.checks import as_array
from ..nn.labels import is_text
from ..nn.names import model_classes
from ..nn.tables import listed
from ..nn.sample_weight import check_sample_weight, weight_scale
from ..spelling import closest
from . import metrics as metric_fns
from .checks import batch_size_of, check_data, rows
from .input_reach import warn_inputs_far_past
from .logits import logits_model
from .model_argument import check_model

# Rows per forward pass of ``predict`` and ``evaluate`` by default. A pass holds its activations,
# and each layer keeps what it cached of them until the next pass: 1,000,000 MNIST rows through
# a 784-256-128-10 network in one pass take 2.4 GB in float32 (1.9 GB still held after it), in
# batches of 4096 rows about 15 MB; past a few thousand rows a pass is no faster per row. (Keras
# predicts 32 rows at a time, which NumPy's cost per call makes slower.)
PREDICT_BATCH_SIZE = 4096
# Elements per chunk of the float64 copy of the predictions that ``scores`` computes the loss on:
# 2 MB each, whatever the number of classes (the loss keeps its own copies of the last chunk).
SCORE_CHUNK = 2 ** 18


def metric_logs(metric_table, pred, y):
    """Each metric of ``metric_table`` on (pred, y). An error squared past float64's range (targets
    of 1e200) makes MSE inf, as it makes the loss, under np.errstate(all="raise") too."""
    with np.errstate(over="ignore", invalid="ignore"):
        return metric_fns.score(metric_table, pred, y)


def predict(model, X, batch_size=None):
    """The model's output for X in evaluation mode, computed ``batch_size`` rows at a time:
    by default (None) ``PREDICT_BATCH_SIZE`` = 4096, which bounds the memory a call takes by one
    batch's activations rather than all of X's; "full" runs X in one pass. X is an array, a
    DataFrame or a ``data.Dataset``: the names of a table's columns (a Dataset's
    ``feature_names``) are checked against the model's, which reads its inputs by position.

    For layers that treat each row on its own (Dense, the activations, and in evaluation mode
    Dropout and BatchNorm1d), the output is that of one pass up to rounding, not bit for bit:
    BLAS may sum a matrix product in another order for another number of rows, so float32
    outputs can differ in their last digits (about 1e-7 relative) from one batch size to another.
    """
    check_model(model, "predict")
    X = rows(model, X)
    warn_inputs_far_past(model, X)
    return _outputs(model, X, batch_size)


def _outputs(model, X, batch_size):
    """``predict``'s outputs for the checked rows ``X``."""
    size = PREDICT_BATCH_SIZE if batch_size is None else batch_size
    return forward_in_batches(model, X, batch_size_of(size, len(X)))


def forward_in_batches(model, X, size):
    """``model.forward(X)`` (evaluation mode), ``size`` rows at a time, into one array allocated
    from the first batch's output: gathering the batches in a list and concatenating them would
    hold the output twice."""
    first = model.forward(X[:size], training=False)
    if size >= len(X):  # one pass: its output as it is, unless it is (a view of) X itself
        return first.copy() if np.may_share_memory(first, X) else first
    out = np.empty((len(X),) + first.shape[1:], first.dtype)
    out[:size] = first
    for start in range(size, len(X), size):
        out[start:start + size] = model.forward(X[start:start + size], training=False)
    return out


def evaluate(model, X, y, loss=None, metrics=None, batch_size=None, sample_weight=None):
    """{"loss": ..., metric: ...} on (X, y) in evaluation mode, a dict (Keras's return_dict=True;
    ``Scores`` answers its list habits, ``scores[1]`` and ``loss, acc = scores``). ``loss`` and ``metrics``
    default to the ones of the last ``fit``; as in ``fit``, a loss that applies the model's last
    activation itself is given the logits before it (``logits_model``). The predictions are
    computed ``batch_size`` rows at a time, as ``predict`` computes them (4096 by default).

    Labels written as text ("yes", "no") are read as the model's classes, when it knows them
    (``class_names``, which ``neuralab train`` records): label ``class_names[k]`` is class k.
    A ``data.Dataset`` given alone, ``evaluate(ds)``, is scored on its X and y, its
    ``feature_names`` checked against the model's as a DataFrame's columns are.

    ``sample_weight`` (one non-negative number per sample) makes the loss the weighted mean
    Σ w_i ℓ_i / Σ w_i over all of X, ``loss(pred, y, weight=w)``; the metrics stay unweighted, as
    Keras's ``metrics`` (class weights: ``sample_weight=class_weights[labels]``).

    A model that knows nothing, p = 0.5 for every sample, scores L = ln 2 on any binary data:

    >>> from neuralab import data, nn
    >>> X, y = data.load("moons", n_samples=100, seed=0)
    >>> untrained = nn.MLP([2, 1], output="sigmoid", init="zeros")
    >>> scores = untrained.evaluate(X, y, loss="bce", metrics=["accuracy"])   # this function, as a method
    >>> round(scores["loss"], 4), scores["accuracy"]       # ln 2 = 0.6931; p ≥ 0.5 says 1, right for half
    (0.6931, 0.5)
    """
    return Scores(evaluate_outputs(model, X, y, loss, metrics, batch_size, sample_weight)[0])


# The instructions that unpack what they iterate, ``a, b = x`` and ``a, *rest = x``
_UNPACKING = frozenset({dis.opmap["UNPACK_SEQUENCE"], dis.opmap["UNPACK_EX"]})
_NOT_A_LIST = "evaluate returns a dict, not Keras's list [loss, metric, ...]"


class Scores(dict):
    """``evaluate``'s dict, {"loss": ..., metric: ...}, which answers Keras's habits of its list
    [loss, metric, ...] in words: ``scores[1]`` is told the key to read (it was a bare
    ``KeyError: 1``), and ``loss, acc = scores`` is refused, naming ``.values()``: Python
    unpacks a dict's keys, so it gave loss = 'loss' and acc = 'accuracy', strings that a learner
    then printed or plotted without an error; ``f"{scores:.3f}"``, Keras's float of a loss
    alone, is told to format ``scores['loss']``. Every other use is a dict's: ``scores["loss"]``,
    ``for name in scores``, ``list(scores)``, ``dict(scores)``, ``**scores``, ``.items()``,
    ``json.dumps(scores)``, printing."""

    def __iter__(self):
        """The keys, as a dict's, unless the caller is unpacking: told by the instruction its
        frame runs, the unpacking itself (``for``, ``list()`` and ``zip`` run another)."""
        caller = sys._getframe(1)
        if caller.f_code.co_code[caller.f_lasti] in _UNPACKING:
            names = list(super().__iter__())
            targets = ", ".join(name if name.isidentifier() else f"score{k}" for k, name in enumerate(names))
            raise TypeError(f"{_NOT_A_LIST}: unpacking it gives its keys ({', '.join(map(repr, names))}); take "
                            f"its values, {targets} = model.evaluate(X, y).values(), or each by name, "
                            f"model.evaluate(X, y)[{names[0]!r}]")
        return super().__iter__()

    def __format__(self, spec):
        """The dict as printed, for an empty ``spec`` (``f"{scores}"``); a number's spec,
        ``f"{scores:.3f}"``, is Keras's habit of a loss alone returned as a float, told the
        score to format (Python's words name neither)."""
        if not spec:
            return str(self)
        names = list(self)
        raise TypeError(f"evaluate returns a dict of scores ({', '.join(map(repr, names))}), not a number: format "
                        f"one of them by name, f\"{{scores[{names[0]!r}]:{spec}}}\"")

    def __missing__(self, key):
        names = list(self)
        held = ", ".join(map(repr, names))
        if isinstance(key, numbers.Integral) and not isinstance(key, bool):
            way = f"scores[{names[key]!r}], not scores[{key}]" if -len(names) <= key < len(names) else "each score by name"
            raise KeyError(f"{_NOT_A_LIST}: read {way} (it holds {held})")
        near = closest(key, names) or [name for name in names if isinstance(key, str) and name.startswith(key)]
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise KeyError(f"{key!r} was not scored: evaluate's dict holds {held}{hint}; other metrics by "
                       f"metrics=[...]")


def evaluate_outputs(model, X, y, loss=None, metrics=None, batch_size=None, sample_weight=None):
    """(``evaluate``'s scores, the outputs they were computed from, the network that gave them):
    ``model``, or the layers before a last activation the loss applies itself, whose outputs are
    then that activation's logits (``logits_model``). For a caller that needs the outputs too
    (``neuralab train``'s confusion matrices), without a second pass over X."""
    check_model(model, "evaluate")
    loss = losses.get(loss if loss is not None else getattr(model, "loss", None) or _no_loss())
    metrics = metrics if metrics is not None else getattr(model, "metrics", "auto")
    X, y = check_data(model, X, class_indices(model, y), method="evaluate")
    warn_inputs_far_past(model, X)
    weight = None if sample_weight is None else check_sample_weight(sample_weight, len(X))
    # before the forward passes, as every check of the arguments alone: a refused metric name
    # leaves a backward waiting for its turn its pass (see ``ModelMethods._one_pass``) and costs
    # no pass over a large X
    metric_table = metric_fns.resolve(metrics, loss)
    net = logits_model(model, loss, y)
    pred = _outputs(net, X, batch_size)
    targets = loss.check_target(pred, y)
    metric_fns.warn_per_output_accuracy(metric_table, pred[0].size, y)
    return scores(pred, y, targets, loss, metric_table, weight), pred, net


def scores(pred, y, targets, loss, metric_table, weight=None):
    """The loss and metrics of predictions ``pred`` for labels ``y`` (``targets``: y as
    ``loss.check_target`` returned it), the loss weighted by ``weight`` (float64, checked) if
    given. ``fit`` checks its validation set once, then scores it with this after every epoch.

    The loss is computed in float64, as the metrics are: a score is read, never differentiated,
    and a float32 regression in units of 1e20 has a loss past float32's range (its squares
    overflow) that is an ordinary number in float64. It is computed a chunk of rows at a time
    (``SCORE_CHUNK`` elements), so that neither the float64 copy nor what the loss caches of it
    (log-probabilities of every class) grows with the data: the mean over all m rows is
    L = Σ_b (m_b / m) L_b of the chunks' means L_b, and with weights each chunk's part
    Σ_{i in b} (w_i / Σw) ℓ_i, whose sum is the weighted mean. (The metrics compute in float64
    themselves where it matters.)"""
    scale = None if weight is None else weight_scale(weight, np.float64)
    m = len(pred)
    step = max(1, SCORE_CHUNK // max(1, pred[0].size))
    total = 0.0
    for start in range(0, m, step):
        part = pred[start:start + step].astype(np.float64)
        if scale is None:
            total += loss.forward(part, targets[start:start + step]) * (len(part) / m)
        else:
            total += loss.forward(part, targets[start:start + step], scale[start:start + step])
    logs = {"loss": total}
    logs.update(metric_logs(metric_table, pred, y))
    return logs


def class_indices(model, y):
    """``y`` as class indices when it holds text labels and ``model.class_names`` names its
    classes (k for ``class_names[k]``), or as it came: numbers, or text for a model that knows
    no classes, which ``check_data`` refuses with the way to number them. A label that is none
    of the model's classes is refused, naming them."""
    names = model_classes(model)
    if not isinstance(names, (list, tuple)):
        return y
    labels = as_array(y, "y")
    if labels.ndim != 1 or not is_text(labels):
        return y
    texts, inverse = np.unique(labels.astype(str), return_inverse=True)
    index = {str(name): k for k, name in enumerate(names)}
    if unknown := [text for text in texts.tolist() if text not in index]:
        raise ValueError(f"y holds the label {unknown[0]!r}, which is none of the model's classes {listed(names)}: "
                         f"fix or drop its rows, or give y as class indices (class k is model.class_names[k])")
    return np.array([index[text] for text in texts.tolist()], dtype=np.int64)[inverse]


def _no_loss():
    raise ValueError('evaluate needs a loss: pass the one the model was trained with (loss="mse" for a '
                     'regression, "bce" after a sigmoid output, "cross_entropy" for one output per class), or '
                     'call fit first (a model remembers its loss after fit, and in the file it is saved to then); '
                     'a model built from fitted layers, nn.Sequential(..., *net.layers, ...), has not been fitted '
                     'itself: give it the network\'s, model.loss = net.loss, before saving it')
