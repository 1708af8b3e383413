"""Everything ``fit`` checks and builds before its first batch: ``prepare_fit`` refuses a wrong
argument (with the way to right it) before the model or the optimizer changes, and returns a
``FitPlan`` holding what the training loop reads: the checked data and targets, the batches, the
optimizer, the penalties and the settings the callbacks are told."""
import contextlib
import types

import numpy as np

from .. import optim
from ..nn import tables
from ..nn.checks import check_bool
from ..nn.names import fit_columns
from ..nn.parameter import refuse_mixed_dtypes
from ..nn.parameter_guard import refusing_new_parameters
from ..nn.random import as_rng
from ..nn.sample_weight import check_sample_weight
from . import clipping
from . import metrics as metric_fns
from .callbacks import as_callback_list
from .checks import (batch_bounds, batch_size_of, check_augment, check_batches, check_data, check_target,
                     validation_parts)
from .far_past import warn_far_past_training
from .frozen import check_optimizer_params, refuse_nothing_to_train, warn_of_frozen_statistics
from .regularization import as_penalties
from .sample_weights import sample_weights


class FitPlan(types.SimpleNamespace):
    """What ``prepare_fit`` checked and built, for ``fit``'s loop to read:

        X, y, targets     the training inputs, their labels, and y as the loss takes it
        n, bounds         the number of samples, and each batch's (start, stop) in the shuffled order
        weights, w_unit   each sample's weight, sample_weight × class_weight (None without), and
                          the same divided by its largest, for the epoch's weighted mean
        validation        (X_val, y_val, their targets, their weights or None), or None
        metric_table      the metrics' names and functions;  names, classes  the columns and
                          class names fit keeps on the model
        optimizer, params the Optimizer, and the parameters it updates (what is clipped);
                          frozen: the model's other parameters, whose gradients are cleared too
        penalties         (penalty, the parameters it weighs) pairs
        epochs, shuffle, rng, augment, clip_norm, clip_value   the settings, checked
        untrained         no update yet, by this fit or an earlier one (which left
                          model.optimizer): see ``divergence.divergence_advice``
        callbacks, run    the user's callbacks, and the settings they are told (``History.params``)
    """


def prepare_fit(model, net, loss, X, y, *, optimizer, epochs, batch_size, validation_data, shuffle, callbacks,
                verbose, metrics, seed, penalty, clip_norm, clip_value, augment, sample_weight, class_weight):
    """Check every argument of ``fit`` (see its docstring), in the order its errors are said, and
    return a ``FitPlan``. ``net`` is the network the loss takes the output of (``logits_model``)."""
    refuse_pairs(X)
    metric_table = metric_fns.resolve(metrics, loss)
    names = fit_columns(X, model)  # (a name too long for a model file is refused now, not at save)
    categories = dataset_categories(X)   # (X becomes its array below)
    classes = dataset_classes(X)
    X, y = check_data(model, X, y)
    # Row-major once here, not at every batch: a column-major X (a DataFrame's .to_numpy(),
    # df.values) made each batch's X.take(idx, axis=0) copy the whole of X into C order first,
    # ~300 times slower an epoch. The same values, so the same results, bit for bit.
    X = np.ascontiguousarray(X)
    if validation_data is not None:
        X_val, y_val, w_val = validation_parts(validation_data)
        tables.check_columns(names, X_val, "X_val")
        X_val, y_val = check_data(model, X_val, y_val, name="X_val")
        X_val = np.ascontiguousarray(X_val)   # (its 4096-row slices, as X's batches)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    if batch_size is None:  # predict's default (4096 rows a pass), but Keras's fit reads it as 32
        raise ValueError("batch_size=None is ambiguous: give a number of samples (32 by default, as "
                         "in Keras), or 'full' for batch gradient descent over all of X")
    n = len(X)
    if isinstance(batch_size, str) and batch_size == "auto":   # scikit-learn's MLP's default
        raise ValueError(f"batch_size='auto' is scikit-learn's min(200, len(X)): give the number, here "
                         f"batch_size={min(200, n)}, or 'full' for batch gradient descent over all of X")
    size = batch_size_of(batch_size, n)
    check_batches(model, n, size)
    bounds = batch_bounds(model, n, size)
    refuse_nothing_to_train(model)
    if isinstance(optimizer, (str, type)):  # a name, or a class: optim.get builds it
        optimizer = optim.get(optimizer, model.parameters())
    elif not isinstance(optimizer, optim.Optimizer):
        raise TypeError(f"optimizer must be a neuralab Optimizer or its name, got {optim.not_an_optimizer(optimizer)}")
    else:
        check_optimizer_params(optimizer, model)
    penalties = [(p, p.parameters(model)) for p in as_penalties(penalty)]
    refuse_mixed_dtypes(model)
    for value, name in ((clip_norm, "clip_norm"), (clip_value, "clip_value")):
        if value is not None:
            clipping.check_positive(value, name)
    shuffle = check_bool(shuffle, "shuffle")
    check_augment(augment)
    rng = as_rng(seed)
    if verbose not in (0, 1, 2):  # (True and False are 1 and 0)
        raise ValueError(f"verbose must be 0 (silent), 1 (a progress bar) or 2 (a line per epoch), got {verbose!r}")
    callbacks = as_callback_list(callbacks)

    # Last, what takes the model's output shape, from forward passes of one sample, which replace
    # the layers' caches: a mistyped name or option above leaves a backward waiting for its turn
    # its pass, and a refusal below makes backward refuse, as after a refused predict (those
    # passes are ``_one_pass``'s, never to be differentiated, not a 1-sample pass of X's).
    validation = None
    with getattr(model, "_one_pass", contextlib.nullcontext)(), refusing_new_parameters(model):
        if validation_data is not None:
            val_targets = check_target(net, loss, X_val, y_val, "X_val", metric_table)
            val_weights = None if w_val is None else check_sample_weight(
                w_val, len(X_val), "sample_weight_val (validation_data[2])", "X_val")
            validation = (X_val, y_val, val_targets, val_weights)
        targets = check_target(net, loss, X, y, metric_table=metric_table)
        weights = sample_weights(net, loss, X, targets, sample_weight, class_weight)
    logged = ["loss", *metric_table]
    logged += ["val_" + k for k in logged] if validation is not None else []
    logged[1:1] = ["penalty"] if penalties else []  # where each epoch's logs hold it, with no val_ twin
    run = {"epochs": int(epochs), "steps": len(bounds), "batch_size": size, "samples": n,
           "validation_samples": len(X_val) if validation is not None else None,
           "verbose": verbose, "optimizer": optimizer, "logged": logged}
    trained = {id(p) for p in optimizer.params}
    # Frozen layers (an optimizer over some of the model's parameters) still get gradients from
    # backward and the penalties; cleared after each step with the others, they never pile up.
    frozen = [p for p in model.parameters() if id(p) not in trained]
    warn_of_frozen_statistics(model, trained)
    if validation is not None:
        warn_far_past_training(X, X_val, y, y_val)
    return FitPlan(
        X=X, y=y, targets=targets, n=n, bounds=bounds, validation=validation, metric_table=metric_table,
        names=names, classes=classes, categories=categories, optimizer=optimizer, params=optimizer.params,
        frozen=frozen, penalties=penalties, epochs=int(epochs), shuffle=shuffle, rng=rng, augment=augment,
        clip_norm=clip_norm, clip_value=clip_value, callbacks=callbacks, run=run,
        # each batch's share of the epoch's loss, W_b = Σ w_i, on weights of at most 1: no overflow
        weights=weights, w_unit=None if weights is None else weights / weights.max(),
        untrained=optimizer.t == 0 and getattr(model, "optimizer", None) is None)


def refuse_pairs(X, method="fit"):
    """Refuses a list (or zip) of (x, y) pairs given for X, Nielsen's ``training_data =
    list(zip(X, Y))``, with the two arrays ``method`` takes instead: read as X, the pairs made
    "rows of different lengths" or "X and y first". A list of rows of numbers ([[0, 1], ...],
    XOR's) is X itself: a pair is a tuple whose first item is a sample, not a number. Nielsen's
    samples and one-hot targets are columns, (784, 1) and (10, 1): those are ravelled into rows."""
    if isinstance(X, zip):   # an iterator: looking into it would use it up
        raise TypeError(f"{method} got a zip of (x, y) pairs? Make it a list, pairs = list(zip(...)), and "
                        f"give X and y as two arrays: X = np.array([x for x, _ in pairs]), "
                        f"y = np.array([y for _, y in pairs]); then model.{method}(X, y, ...)")
    if not (isinstance(X, (list, tuple)) and X and isinstance(X[0], tuple) and len(X[0]) == 2
            and np.ndim(X[0][0]) >= 1):
        return
    x, y = X[0]
    raise TypeError(f"{method} got a list of (x, y) pairs? Give X and y as two arrays: "
                    f"X = np.array([{_as_row('x', x)} for x, _ in pairs]), "
                    f"y = np.array([{_as_row('y', y)} for _, y in pairs]); then model.{method}(X, y, ...)")


def _as_row(name, value):
    """``name``, or ``np.ravel(name)`` when ``value`` is a column (n, 1), Nielsen's vectors: a row
    of X (of y, one-hot) is a sample's n values side by side."""
    shape = np.shape(value)
    return f"np.ravel({name})" if len(shape) == 2 and shape[1] == 1 else name


def dataset_categories(X):
    """The categories of a Dataset's one-hot columns (``load_csv(one_hot=...)``), which ``fit`` keeps
    as ``model.categories`` so that ``predict`` reads a raw column of them (``nn.one_hot_inputs``);
    None for anything else, or a Dataset without them."""
    return dict(X.categories) if tables.is_dataset(X) and getattr(X, "categories", None) else None


def dataset_classes(X):
    """The class names ``fit`` keeps as ``model.class_names`` when ``X`` is a classification
    Dataset, as ``neuralab train`` keeps them (``evaluate`` then reads text labels by them, and
    ``save`` writes them); None for anything else, whose labels are numbers that name no class."""
    return tuple(map(str, X.class_names)) if tables.is_dataset(X) and X.class_names is not None else None
