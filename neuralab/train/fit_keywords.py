"""The keywords ``fit``, ``evaluate`` and ``predict`` take, checked before anything runs: a keyword
of Keras's fit or evaluate, of scikit-learn's MLPClassifier, or of the course, that has another
form here is refused with that form (``KERAS_KEYWORDS``), any other unknown one with the nearest
name; arguments after X and y given by position are refused with the call by name, and a call
without fit's loss, optimizer or epochs with the call that has them."""
import inspect
import numbers

from ..nn.checks import check_keywords, keyword_way
from ..nn.habits import KEEP_PROB, L2_IN_OTHER_TERMS
from ..nn.scikit_learn_habits import SCIKIT_LEARN_TRAINING, optimizer_lr

# Keywords of Keras's fit and evaluate that have another form here.
_L2 = (f"an L2 penalty is penalty=train.L2(λ): {L2_IN_OTHER_TERMS} (the optimizer's weight_decay=λ decays "
       f"the biases too)")
# Keras's evaluate takes no class_weight either: class weights shape training, a score takes the
# per-sample weights they stand for
_CLASS_WEIGHTS_FOR_A_SCORE = ("to score with class weights, give each sample its class's: "
                              "sample_weight=class_weights[labels] (labels 0..K-1)")
# Validation scored less often or in batches: left out of fit and done in a callback, whose
# logs.update reaches the History (NaN in the epochs it skips) and verbose's output.
_VALIDATION_IN_A_CALLBACK = (
    "validation_data is scored whole after every epoch (4096 rows a pass, as predict); to score it "
    "every k epochs or in other batches, "
    "leave it out and score it in a callback: callbacks=train.LambdaCallback(on_epoch_end=lambda epoch, "
    "logs: logs.update(val_loss=model.evaluate(X_val, y_val, batch_size=256)['loss']) "
    "if epoch % k == k - 1 else None)")
KERAS_KEYWORDS = {
    # max_iter, alpha, tol, ...: the estimator's options, fit's here; and learning_rate, scikit-learn's
    # schedule ("adaptive") or Keras's number (0.01)
    **SCIKIT_LEARN_TRAINING,
    "validation_split": "hold out the validation data yourself: validation_data=(X_val, y_val), "
                        "e.g. from data.train_test_split (Keras's validation_split=0.2 takes the last rows, "
                        "unshuffled: k = int(len(X) * (1 - 0.2)), fit(X[:k], y[:k], validation_data=(X[k:], y[k:])))",
    "lr": optimizer_lr,
    "x": "X and y come first, by position: fit(X, y, ...)",
    "class_weight": _CLASS_WEIGHTS_FOR_A_SCORE,
    "initial_epoch": "call fit again to go on from where the last fit stopped, with "
                     "optimizer=model.optimizer to keep its moments and step count; each History "
                     "counts its epochs from 0",
    "steps_per_epoch": "an epoch is one pass over X, in ceil(len(X) / batch_size) steps: choose "
                       "batch_size for the number of steps",
    "validation_freq": _VALIDATION_IN_A_CALLBACK,
    "validation_batch_size": _VALIDATION_IN_A_CALLBACK,
    "validation_steps": _VALIDATION_IN_A_CALLBACK,
    "return_dict": "evaluate always returns a dict, {'loss': ..., metric: ...}",
    # the course's and Keras's regularisation, which is a penalty or a layer here
    "lambd": _L2, "lmbda": _L2, "l2": _L2, "weight_decay": _L2, "kernel_regularizer": _L2,
    "keep_prob": f"dropout is a layer: {KEEP_PROB}",
    # Andrew Ng's course: nn_model(X, Y, n_h, num_iterations=10000, print_cost=True), full-batch gradient descent
    "num_iterations": lambda v: (f"the course's iterations of gradient descent on all of X are epochs of one "
                                 f"step each here: fit(..., epochs={v!r}, batch_size='full')"),
    # the nnfs book's Model.train(..., print_every=100), which counts steps (batches) within an epoch
    "print_every": lambda v: (f"verbose=2 prints a line per epoch, and with verbose=0, "
                              f"callbacks=[train.EpochLines(every={v!r})] one every {v!r} epochs; a line every "
                              f"{v!r} batches, as the nnfs book's: callbacks=[train.LambdaCallback(on_batch_end="
                              f"lambda batch, logs: print(batch, logs) if batch % {v!r} == 0 else None)]"),
    "print_cost": ("each epoch's cost is kept in history.history['loss']; the course's line every 100 "
                   "iterations is verbose=0, callbacks=[train.EpochLines(every=100)]"),
    "learning_rate": lambda v: (SCIKIT_LEARN_TRAINING["learning_rate"](v) if isinstance(v, str) else
                                f"{optimizer_lr(v)}; the course's gradient descent, θ -= α dθ, is "
                                f"optim.SGD(model.parameters(), lr={v!r}) with batch_size='full'"),
    "verbose": "evaluate and predict print nothing, as Keras's verbose=0 does: give verbose=0 or leave it out",
    # Keras's data pipelines and multi-output models: X here is an array in memory, the model has one output
    **{name: "X is an array in memory, read a batch at a time in this process: leave it out"
       for name in ("workers", "use_multiprocessing", "max_queue_size")},
    "loss_weights": "a model here has one output and one loss: leave loss_weights out",
    "weighted_metrics": "the metrics stay unweighted; sample_weight weighs the loss, in fit and in evaluate",
    "steps": "evaluate and predict take every row of X: give X[:n] for the first n",
    "callbacks": "evaluate and predict call no callbacks: each is one call that returns its result",
}


def check_fit_keywords(function, kwargs, positional=()):
    """Refuse a keyword ``function`` (``fit`` or ``evaluate``) does not take, with the
    replacement of a Keras keyword or the nearest name, before Python's bare TypeError; and
    arguments after X and y given by position (Keras' ``fit(x, y, batch_size, epochs)``).
    ``verbose=0`` (or False) to a function without verbose is taken out of ``kwargs``, the
    caller's dict of keywords, in place: it asks for the nothing such a function prints."""
    if not kwargs and not positional:  # the usual call: no signature to read (predict runs per frame)
        return
    taken = [name for name in inspect.signature(function).parameters if name not in ("model", "X", "y")]
    if "verbose" not in taken and _quiet(kwargs.get("verbose")):
        del kwargs["verbose"]   # Keras's evaluate(X, y, verbose=0) asks for what they do
    if positional:
        shown = ", ".join(repr(value) if isinstance(value, (numbers.Number, str)) else type(value).__name__
                          for value in positional)
        raise TypeError(f"{function.__name__} takes X and y by position and the rest by name, got {shown} "
                        f"after them: write {function.__name__}(X, y, "
                        f"{', '.join(f'{k}=...' for k in taken[:3])}); it takes {', '.join(taken)}")
    check_keywords(function.__name__, kwargs, taken, lambda name, value: keyword_way(KERAS_KEYWORDS, name, value))


def _quiet(verbose):
    """Whether ``verbose`` is 0 or False, Keras's "print nothing", which ``evaluate`` and ``predict``
    do already: their ``check_fit_keywords`` takes it out of the keywords (other values, which ask
    for output they never give, are refused with ``KERAS_KEYWORDS["verbose"]``)."""
    return isinstance(verbose, numbers.Integral) and verbose == 0   # False is an Integral too


def check_required(function, kwargs):
    """Refuse a call of ``function`` (fit) without the keywords it requires (loss, optimizer,
    epochs), naming them with the call that has them, rather than Python's bare "missing 3
    required keyword-only arguments": scikit-learn's fit(X, y), which a Pipeline or
    cross_val_score makes, takes its settings from the estimator, and a model here has none."""
    required = [name for name, p in inspect.signature(function).parameters.items()
                if p.kind == p.KEYWORD_ONLY and p.default is p.empty]
    if lacking := [name for name in required if name not in kwargs]:
        raise TypeError(f"{function.__name__} needs {', '.join(lacking)}, given by name: model.{function.__name__}(X, "
                        f"y, loss='cross_entropy', optimizer='adam', epochs=20) (loss='mse' for a regression); "
                        f"a model here is no scikit-learn estimator, whose fit(X, y) takes them from the model")
