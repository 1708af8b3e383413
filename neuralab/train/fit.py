"""The one training loop: mini-batch gradient descent with callbacks.

For each epoch, the samples are shuffled afresh from a seeded generator, then for each batch:

    a = model.forward(X_batch, training=True)     forward pass, layers cache what backward needs
    L = loss(a, y_batch)                          mean loss over the batch (with sample weights,
                                                  loss(a, y_batch, weight=w_batch): Σ w_i ℓ_i / Σ w_i)
    model.backward(loss.backward())               δ flows back, every parameter's .grad fills
    optimizer.step(); optimizer.zero_grad()       W <- W - α·dL/dW (or momentum, Adam, ...)

Batch size 1 is stochastic gradient descent, the whole set (``batch_size="full"``) is batch
gradient descent; everything in between is mini-batch. Progress bars, early stopping and the
playground's live view are callbacks around this loop, never copies of it.
"""
import contextlib
import math

import numpy as np

from .. import optim
from ..nn import losses, tables
from ..nn.checks import check_bool
from ..nn.dtype import all_finite
from ..nn.names import fit_columns
from ..nn.parameter import refuse_mixed_dtypes
from ..nn.parameter_guard import refusing_new_parameters
from ..nn.sample_weight import check_sample_weight, weight_scale
from ..nn.random import as_rng, drawing_from
from . import clipping
from . import metrics as metric_fns
from .callbacks import CallbackList, as_callback_list
from .checks import (augmented, batch_bounds, batch_size_of, check_augment, check_batches, check_data,
                     check_target, validation_parts, warn_far_past_training)
from .divergence import (VALIDATION_DATA, all_weights_finite, divergence_advice, input_past_training,
                         refuse_non_finite_augmented, stop_diverged)
from .evaluate import PREDICT_BATCH_SIZE, forward_in_batches, metric_logs, scores
from .frozen import check_optimizer_params, refuse_nothing_to_train, warn_of_frozen_statistics
from .history import History
from .input_reach import record_input_reach
from .logits import logits_model
from .progress import EpochLines, ProgressBar
from .regularization import as_penalties
from .sample_weights import sample_weights


def _backward(model, delta):
    if model.skips_input_grad:
        model.backward(delta, input_grad=False)
    else:
        model.backward(delta)


def fit(model, X, y, *, loss, optimizer, epochs, batch_size=32, validation_data=None,
        shuffle=True, callbacks=(), verbose=1, metrics="auto", seed=None, penalty=None,
        clip_norm=None, clip_value=None, augment=None, sample_weight=None, class_weight=None):
    """Train ``model`` on (X, y) and return a ``History``.

    >>> from neuralab import data, nn
    >>> X, y = data.load("moons", n_samples=200, seed=0)
    >>> model = nn.MLP([2, 16, 1], output="sigmoid", rng=0)
    >>> history = model.fit(X, y, loss="bce", optimizer="adam", epochs=5, verbose=0)
    >>> sorted(history.history)
    ['accuracy', 'loss']

    loss       a Loss or its name ("mse", "bce", "bce_logits", "cross_entropy"); a model that ends
               with the Softmax (Sigmoid) that cross_entropy (bce_logits) applies itself is
               trained through the layers before it, on their logits (see ``logits_model``)
    optimizer  an Optimizer over ``model.parameters()``, or a name ("adam", "sgd", ...): a name
               builds a new one at each call, whose moments, step count and learning rate start
               over (Keras keeps the compiled one); ``model.optimizer`` is the one the last fit
               used, so ``optimizer=model.optimizer`` goes on where it stopped
    epochs     passes over the data;  batch_size  an int, or "full" for batch gradient descent
               (with BatchNorm1d, a last batch of 1 sample joins the batch before it)
    validation_data  (X_val, y_val), evaluated after every epoch into "val_loss", "val_<metric>"
               (4096 rows a pass, as ``predict``), or a Dataset (its X and y, its names checked);
               (X_val, y_val, sample_weight_val) weighs "val_loss" as ``evaluate(sample_weight=)``
               does (class_weight is for training only, as in Keras)
    metrics    "auto" (accuracy for classification losses, MSE/MAE/R² for MSE) or a list of names
    seed       seeds all fit draws: the shuffling, the augmentation and the dropout masks (of
               Dropout layers without an rng of their own); None draws them from the
               generator ``neuralab.seed`` resets, an int or a Generator leaves that one alone
    verbose    1 shows a progress bar, 2 one line per epoch, 0 nothing; a ProgressBar or EpochLines
               among the callbacks (``ProgressBar(file=sys.stdout)``) shows instead
    penalty    L1(λ) / L2(λ) or a list of them: added to the training loss and its gradient
               (the reported "loss" includes it, and "penalty" is its part, so that "loss" minus
               "penalty" is the data loss that "val_loss" is)
    clip_norm, clip_value   clip gradients by global norm / by value before each update
    augment    a function (X_batch, rng) -> X_batch applied to every training batch, never to
               validation data (see ``neuralab.data.augment``)
    sample_weight  one non-negative number per sample of X, shape (m,): each batch's loss is
               loss(pred, y_batch, weight=w_batch), the weighted mean Σ w_i ℓ_i / Σ w_i (a
               weight of 2 counts a sample twice; a weight of 0 leaves it out)
    class_weight   for bce, bce_logits and cross_entropy with labels or one-hot targets: each
               sample also weighs its class's weight, from a dict {class: weight} (a class left
               out weighs 1, as in Keras), a sequence indexed by class, or "balanced" (as in
               scikit-learn, n / (n_classes · count(class)): each class present weighs n / n_classes
               in all); multiplied with sample_weight when both are given, as in Keras

    With weights, History's "loss" is the weighted mean of the epoch's batch losses, each batch
    b weighing W_b = Σ_{i in b} w_i: Σ W_b L_b / Σ W_b, the epoch's Σ w_i ℓ_i / Σ w_i (without
    weights W_b is the batch's size, as before); the metrics stay unweighted, as Keras's
    ``metrics``. A batch whose weights are all 0 (class weights of 0 can leave one) has no
    weighted mean: it is skipped, as the loop with ``if not w_batch.any(): continue`` before its
    forward pass would skip it: no forward pass, no update (momentum and Adam's moments do not
    move), no callback call, and the epoch's loss and metrics are over the batches that ran.
    (Keras's default divides a batch's Σ w_i ℓ_i by its size rather than by Σ w_i, so that its
    loss and steps grow with the weights, and there such a batch gives a zero gradient on which
    the optimizer steps anyway; a torch loop dividing by Σw gets 0/0 = NaN.)

    A DataFrame's column names are kept as ``model.feature_names`` (as scikit-learn's
    ``feature_names_in_``): ``predict``, ``evaluate``, validation data and a later ``fit`` then
    refuse a DataFrame whose columns are others or in another order, which the weights would
    read by position without a word; ``save`` and ``load`` keep them (a name longer than a model
    file keeps, ``nn.names.MAX_NAME_CHARS``, is refused before training).

    A ``data.Dataset`` given alone, ``fit(ds, ...)``, is its X and y, as Keras's fit takes a
    dataset (y besides it is refused): its ``feature_names`` are kept and checked as a
    DataFrame's, and a classification's ``class_names`` are kept as ``model.class_names``.

    ``model.frozen_parameters`` is the set of the model's parameters the optimizer did not hold:
    frozen in this fit (Keras's non-trainable weights), counted apart by ``summary()``, and not
    said again when a later fit goes on with ``model.optimizer``.

    X keeps its floating dtype, as in the explicit loop, which ``fit`` repeats bit for bit:
    float64 data (NumPy's default) on a float32 model computes every layer in float64, about
    twice as slow as ``X.astype(np.float32)`` (``data.load`` gives the model's default dtype).

    ``model.history`` is the last fit's History, as in Keras: when an interrupt (Ctrl-C) or an
    error in a callback ends fit before it returns, it holds the epochs completed before, and the
    model keeps the weights of its last update (as a note under the interrupt's traceback says).

    If the loss, a gradient or a running statistic (BatchNorm1d's) becomes NaN or infinite,
    training stops before that update (the weights and running statistics stay the last finite
    ones), ``History.stop_reason`` says where, and a ``DivergenceWarning`` suggests a lower
    learning rate (or standardised inputs); before the model's first update, standardised
    inputs (or MSE targets, those that overflowed), since the learning rate cannot be the cause;
    callbacks get the cause (``divergence.CAUSES``) at on_train_end. An update of finite gradients that
    itself overflows (a learning rate near the float range, 1e36 in float32) is caught at the
    next batch, with the weights infinite, and the stop reason says so: keeping a copy to
    restore would cost ~4 % of a step. The last update of an epoch is caught at its end, before
    the validation pass, as are weights grown so large (finite) that the validation outputs
    overflow; that epoch is not recorded.
    """
    loss = losses.get(loss)
    net = logits_model(model, loss)  # the layers the loss takes the output of
    metric_table = metric_fns.resolve(metrics, loss)
    names = fit_columns(X, model)  # (a name too long for a model file is refused now, not at save)
    classes = dataset_classes(X)
    X, y = check_data(model, X, y)
    if validation_data is not None:
        X_val, y_val, w_val = validation_parts(validation_data)
        tables.check_columns(names, X_val, "X_val")
        X_val, y_val = check_data(model, X_val, y_val, name="X_val")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    if batch_size is None:  # predict's default (4096 rows a pass), but Keras's fit reads it as 32
        raise ValueError("batch_size=None is ambiguous: give a number of samples (32 by default, as "
                         "in Keras), or 'full' for batch gradient descent over all of X")
    n = len(X)
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
    val_weights = None
    with getattr(model, "_one_pass", contextlib.nullcontext)(), refusing_new_parameters(model):
        if validation_data is not None:
            val_targets = check_target(net, loss, X_val, y_val, "X_val", metric_table)
            if w_val is not None:
                val_weights = check_sample_weight(w_val, len(X_val), "sample_weight_val "
                                                  "(validation_data[2])", "X_val")
        targets = check_target(net, loss, X, y, metric_table=metric_table)
        w_samples = sample_weights(net, loss, X, targets, sample_weight, class_weight)
    # each batch's share of the epoch's loss, W_b = Σ w_i, on weights of at most 1: no overflow
    w_unit = None if w_samples is None else w_samples / w_samples.max()
    progress = (None, ProgressBar(), EpochLines())[verbose]
    if any(isinstance(cb, (ProgressBar, EpochLines)) for cb in callbacks):  # the user's own takes
        progress = None  # verbose's place, as a ProgbarLogger does in Keras: two bars drew over each other
    cbs = CallbackList(callbacks + ([progress] if progress else []))
    logged = ["loss", *metric_table]
    logged += ["val_" + k for k in logged] if validation_data is not None else []
    logged[1:1] = ["penalty"] if penalties else []  # where each epoch's logs hold it, with no val_ twin
    run = {"epochs": int(epochs), "steps": len(bounds), "batch_size": size, "samples": n,
           "validation_samples": len(X_val) if validation_data is not None else None,
           "verbose": verbose, "optimizer": optimizer, "logged": logged}
    cbs.set_context(model, run)
    params = optimizer.params  # what is clipped: the gradients the updates use
    trained = {id(p) for p in params}
    # Frozen layers (an optimizer over some of the model's parameters) still get gradients from
    # backward and the penalties; cleared after each step with the others, they never pile up.
    frozen = [p for p in model.parameters() if id(p) not in trained]
    warn_of_frozen_statistics(model, trained)
    if validation_data is not None:
        warn_far_past_training(X, X_val, y, y_val)
    buffers = [b for _, b in model.named_buffers()]  # running statistics, restored on divergence
    saved_buffers = [b.copy() for b in buffers]
    in_step = False  # between a batch's forward pass and its update: its buffers can go back
    # no update yet, by this fit or an earlier one (which left model.optimizer): see divergence_advice
    untrained = optimizer.t == 0 and getattr(model, "optimizer", None) is None
    history = History(run)
    # what the last fit left, put back if this one fails before its first update
    kept = {name: vars(model)[name] for name in _FIT_ATTRIBUTES if name in vars(model)}
    steps_before, lr_before = optimizer.t, optimizer.lr
    model.zero_grad()
    # the outputs of an epoch's batches, for its metrics: one array for all epochs, allocated at
    # the first batch (a list of them concatenated would hold the epoch's outputs twice, and
    # 200,000 samples of 1000 classes are 800 MB in float32)
    epoch_out = None
    diverged = None  # the Advice of a NaN or inf that stopped training: on_train_end tells its cause (the Monitor)
    try:
        model.stop_training = False
        cbs.on_train_begin()
        # what evaluate() uses by default once accepted, the optimizer to go on with, and the
        # History that keeps the epochs done when an interrupt (Ctrl-C) ends fit without a return
        model.loss, model.metrics, model.optimizer, model.history = loss, metrics, optimizer, history
        # what a later fit with this optimizer leaves frozen without a word (a set: a list of
        # Parameters on a layer would count among its own, see Layer._children)
        model.frozen_parameters = frozenset(frozen)
        model.feature_names = names
        record_input_reach(model, X)   # what predict reads new inputs against
        if classes is not None:  # a classification Dataset's; a fit on arrays keeps the model's own
            model.class_names = classes
        for epoch in range(int(epochs)):
            cbs.on_epoch_begin(epoch)
            if model.stop_training:  # asked before the epoch's first batch: none of it runs
                history.stop_reason = _stop_reason(model.stop_training, f"before epoch {epoch + 1}")
                break
            order = rng.permutation(n) if shuffle else np.arange(n)
            total_loss, total_penalty, total_weight, ran = 0.0, 0.0, 0.0, np.zeros(n, bool)
            for batch, (start, stop) in enumerate(bounds):
                idx = order[start:stop]
                w_batch = None if w_samples is None else w_samples[idx]
                if w_batch is not None and not w_batch.any():  # no weighted mean: skipped (see above)
                    continue
                X_batch = X.take(idx, axis=0)  # X[idx], in NumPy's faster routine for whole rows
                if augment is not None:
                    X_batch = augmented(augment, X_batch, rng)
                cbs.on_batch_begin(batch)
                for saved, b in zip(saved_buffers, buffers):
                    np.copyto(saved, b)
                in_step = True
                # Overflow is how divergence shows itself: let it produce inf/NaN, then stop cleanly.
                # The dropout masks come from rng too, so that seed fixes them (see nn.random).
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"), drawing_from(rng):
                    out = net.forward(X_batch, training=True)
                    scale = None if w_batch is None else weight_scale(w_batch, out.dtype)
                    batch_loss = loss.forward(out, targets[idx], scale)
                    _backward(net, loss.backward())
                    batch_penalty = 0.0
                    for p, weights in penalties:
                        batch_penalty += p.value(weights)
                        p.add_grad(weights)
                    batch_loss += batch_penalty
                    loss_finite = math.isfinite(batch_loss)
                    grads_finite = loss_finite and optimizer.grads_finite()
                    # running statistics (a few values each) can overflow while the batch's own
                    # statistics keep the loss finite: predict would then give one value for all
                    buffers_finite = grads_finite and all(np.isfinite(b).all() for b in buffers)
                if not buffers_finite:
                    if augment is not None:
                        refuse_non_finite_augmented(X_batch)
                    what = (f"the loss became {batch_loss}" if not loss_finite else
                            "the gradient overflowed (a NaN or inf entry, or a norm past the float range)"
                            if not grads_finite else "the running statistics overflowed (a BatchNorm's "
                            "running variance past the float range)")
                    what += f" at epoch {epoch + 1}, batch {batch + 1}"
                    # One pass over the weights, on this way out only: an update that overflowed
                    # them (see above) is said, not left for the user to find.
                    weights_finite = all_weights_finite(params)
                    if not weights_finite:
                        what += ", with the weights holding inf or NaN"
                    never_updated = untrained and optimizer.t == 0 and weights_finite
                    advice = divergence_advice(optimizer, loss, grads_finite, never_updated)
                    model.zero_grad()
                    for saved, b in zip(saved_buffers, buffers):
                        np.copyto(b, saved)
                    diverged = stop_diverged(model, history, what, advice)
                    break
                if clip_value is not None:
                    clipping.clip_grad_value_(params, clip_value)
                if clip_norm is not None:
                    clipping.clip_grad_norm_(params, clip_norm)
                optimizer.step()  # an update that overflows gives inf (Optimizer.step): the next batch says so
                in_step = False
                batch_weight = len(idx) if w_batch is None else float(w_unit[idx].sum())
                total_loss += batch_loss * batch_weight
                total_penalty += batch_penalty * batch_weight
                total_weight += batch_weight
                if metric_table:  # in the samples' own order: their targets are y as it is
                    if epoch_out is None:
                        epoch_out = np.empty((n,) + out.shape[1:], out.dtype)
                    epoch_out[idx] = out
                    ran[idx] = True
                cbs.on_batch_end(batch, {"loss": batch_loss, "size": len(idx)})  # gradients still there
                optimizer.zero_grad()
                for p in frozen:
                    p.zero_grad()
                if model.stop_training:  # a stop request ends the epoch after this batch
                    break
            if history.stop_reason:
                break
            # The epoch's last update can overflow the weights with no next batch to say so: said
            # now, before the validation pass computes with them (one pass per epoch, not per batch).
            if not all_weights_finite(params):
                diverged = stop_diverged(model, history, f"the last update of epoch {epoch + 1} overflowed the "
                                         f"weights (inf or NaN)", divergence_advice(optimizer, loss, False, False))
                break
            logs = {"loss": total_loss / total_weight}  # over the samples of the batches that ran
            if penalties:  # the part of "loss" the penalties make: loss - penalty compares with val_loss
                logs["penalty"] = total_penalty / total_weight
            if metric_table:  # over the samples of the batches that ran: all of them, but for
                done = ran.all()  # a stop request or batches of weight 0
                logs.update(metric_logs(metric_table, epoch_out if done else epoch_out[ran],
                                        y if done else y[ran]))
            if validation_data is not None:
                with np.errstate(over="ignore", invalid="ignore"):  # as in training: then said
                    val_pred = forward_in_batches(net, X_val, PREDICT_BATCH_SIZE)
                if not all_finite(val_pred):  # finite weights so large that the outputs overflow, or
                    advice = (input_past_training(X, X_val, val_pred)  # a value X_val alone holds
                              or divergence_advice(optimizer, loss, False, False))
                    diverged = stop_diverged(model, history, f"the outputs for {VALIDATION_DATA} overflowed "
                                             f"(inf or NaN) after epoch {epoch + 1}", advice)
                    break
                val = scores(val_pred, y_val, val_targets, loss, metric_table, val_weights)
                logs.update({"val_" + k: v for k, v in val.items()})
            try:
                cbs.on_epoch_end(epoch, logs)  # callbacks may add to logs ("lr"): record after them
            finally:  # the epoch is done: an interrupt (Ctrl-C) in a callback keeps it in model.history
                history.append(epoch, logs)
            if model.stop_training:
                history.stop_reason = _stop_reason(model.stop_training, f"after epoch {epoch + 1}")
                break
    except BaseException as err:
        # An error between a batch's forward pass and its update (BCELoss refusing logits, an
        # interrupt) leaves the weights of the batch's start but running statistics the forward
        # moved: they go back too. After the update, both stay as that update left them.
        if in_step:
            for saved, b in zip(saved_buffers, buffers):
                np.copyto(b, saved)
        model.zero_grad()  # a half-done batch's gradients would be added to the next loop's
        if optimizer.t == steps_before:  # nothing trained: evaluate and the next fit see the last fit's
            for name in _FIT_ATTRIBUTES:
                vars(model).pop(name, None)
            vars(model).update(kept)
            optimizer.lr = lr_before  # a schedule function's lr for an epoch that never trained
        # every bar, the user's own among the callbacks too: the error then prints below it,
        # and a bar left open (a notebook's traceback keeps it) garbles every later one
        for bar in cbs.callbacks:
            if isinstance(bar, ProgressBar):
                bar.on_train_end()
        if isinstance(err, KeyboardInterrupt) and hasattr(err, "add_note"):  # (Python 3.11+)
            err.add_note(_interrupted(history, optimizer.t - steps_before))
        raise
    cbs.on_train_end({"history": history, "diverged": diverged is not None,
                      "divergence_cause": diverged and diverged.cause, "divergence_row": diverged and diverged.found,
                      "callbacks": tuple(callbacks)})
    return history


# What ``fit`` leaves on the model: the loss and metrics evaluate uses, the optimizer to go on
# with, its History, and the columns of the DataFrame or Dataset it learned from (kept by a fit
# on arrays, which have none: the weights are still those columns'), a Dataset's class names,
# the parameters it left frozen, and the last stop request (a callback's reason).
_FIT_ATTRIBUTES = ("loss", "metrics", "optimizer", "history", "feature_names", "class_names", "frozen_parameters",
                   "stop_training", "input_reach")


def dataset_classes(X):
    """The class names ``fit`` keeps as ``model.class_names`` when ``X`` is a classification
    Dataset, as ``neuralab train`` keeps them (``evaluate`` then reads text labels by them, and
    ``save`` writes them); None for anything else, whose labels are numbers that name no class."""
    return tuple(map(str, X.class_names)) if tables.is_dataset(X) and X.class_names is not None else None


def _interrupted(history, updates):
    """What a Ctrl-C left, said under its traceback (a note): a notebook's stop button printed a
    bare ``KeyboardInterrupt`` under fit's frames, which said nothing of the model it left."""
    if not updates:
        return "fit was interrupted before its first update: the model is as it was before this fit"
    n, epochs = len(history.epoch), history.params["epochs"]
    return (f"fit was interrupted after {updates} update{'s' if updates > 1 else ''}, with {n} of {epochs} "
            f"epoch{'s' if epochs > 1 else ''} complete: the model keeps the weights of its last update, and "
            f"model.history the epochs complete; another fit(..., optimizer=model.optimizer) trains on from "
            f"there (its epochs counted anew)")


def _stop_reason(request, when):
    """``History.stop_reason`` for a callback's stop request: its sentence, or a plain one."""
    return request if isinstance(request, str) else f"stopped by a callback {when}"
