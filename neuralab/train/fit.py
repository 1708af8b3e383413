"""The one training loop: mini-batch gradient descent with callbacks.

For each epoch, the samples are shuffled afresh from a seeded generator, then for each batch:

    a = model.forward(X_batch, training=True)     forward pass, layers cache what backward needs
    L = loss(a, y_batch)                          mean loss over the batch (with sample weights,
                                                  loss(a, y_batch, weight=w_batch): Σ w_i ℓ_i / Σ w_i)
    model.backward(loss.backward())               δ flows back, every parameter's .grad fills
    optimizer.step(); optimizer.zero_grad()       W <- W - η·dL/dW (or momentum, Adam, ...)

Batch size 1 is stochastic gradient descent, the whole set (``batch_size="full"``) is batch
gradient descent; everything in between is mini-batch. Progress bars, early stopping and the
playground's live view are callbacks around this loop, never copies of it. What is not the
loop lives beside it: the checks of fit's arguments (``fit_setup``), an epoch's logs
(``epoch_logs``), the running statistics a diverged batch puts back (``saved_statistics``), the
stop on a NaN or inf (``divergence``), the warning of a run frozen with every gradient exactly 0
(``frozen_training``), the warning of inputs far below unit scale in a run that does not fit its
data (``tiny_inputs``), what fit leaves on the model (``fit_attributes``) and the steps a Ctrl-C
cannot cut in two (``whole_steps``).
"""
import numpy as np

from ..nn import losses
from ..nn.random import drawing_from
from ..nn.sample_weight import weight_scale
from . import clipping
from .callbacks import CallbackList
from .checks import augmented
from .divergence import (all_weights_finite, divergence_advice, nonfinite_reason, refuse_non_finite_augmented,
                         step_divergence, stop_diverged)
from .epoch_logs import EpochTotals, validation_logs
from .fit_attributes import BeforeFit, leave_on_model
from .fit_setup import prepare_fit
from .frozen_training import FrozenTraining
from .history import History
from .logits import logits_model
from .model_argument import check_model
from .progress import EpochLines, ProgressBar
from .saved_statistics import SavedStatistics
from .tiny_inputs import warn_tiny_inputs
from .unreached import warn_unreached
from .whole_steps import WholeSteps


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

    loss       a Loss or its name ("mse", "mae", "bce", "bce_logits", "cross_entropy", "hinge"); a model that ends
               with the Softmax (Sigmoid) that cross_entropy (bce_logits) applies itself is
               trained through the layers before it, on their logits (see ``logits_model``)
    optimizer  an Optimizer over ``model.parameters()``, or a name ("adam", "sgd", ...): a name
               builds a new one at each call, whose moments, step count and learning rate start
               over (Keras keeps the compiled one); ``model.optimizer`` is the one the last fit
               used, so ``optimizer=model.optimizer`` goes on where it stopped
    epochs     passes over the data;  batch_size  an int, or "full" for batch gradient descent
               (with BatchNorm1d, a last batch under half a batch joins the batch before it)
    validation_data  (X_val, y_val), evaluated after every epoch into "val_loss", "val_<metric>"
               (4096 rows a pass, as ``predict``), or a Dataset (its X and y, its names checked);
               (X_val, y_val, sample_weight_val) weighs "val_loss" as ``evaluate(sample_weight=)``
               does (class_weight is for training only, as in Keras)
    metrics    "auto" (accuracy for classification losses and hinge's signs, MSE/MAE/R² for MSE) or a list of names
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
    A Ctrl-C during an update (``optimizer.step()``) takes effect once that update is complete:
    every parameter is then as that step left it, never some of one step and some of the one
    before, and the optimizer's state (moments, step count) is that step's too, so that
    ``optimizer=model.optimizer`` goes on exactly (``whole_steps``).

    If the loss, a gradient or a running statistic (BatchNorm1d's) becomes NaN or infinite,
    training stops before that update (the weights and running statistics stay the last finite
    ones), ``History.stop_reason`` says where, and a ``DivergenceWarning`` suggests a lower
    learning rate (or standardised inputs); before the model's first update, standardised
    inputs (or MSE targets, those that overflowed), since the learning rate cannot be the cause;
    callbacks get the cause (``divergence.CAUSES``) at on_train_end. A run whose loss stays put
    while every gradient is exactly 0 (a sigmoid output saturated at exactly 0 or 1 under BCE: the
    course's "random large" initialisation) is told once by a ``FrozenTrainingWarning``, with the
    cause and the way out, unless a ``train.Monitor`` watches, whose report says it; either way
    ``History.frozen`` records it. Inputs far below unit scale as a whole (every column that varies
    within ±0.01: pixels divided by 255 twice) in a run that does not fit its training data are told
    at its end by a ``TinyInputsWarning``, in the Monitor's words, unless a Monitor watches
    (``tiny_inputs``). An update of finite gradients that itself overflows (a
    learning rate near the float range, 1e36 in float32) is caught at the next batch, with the
    weights infinite, and the stop reason says so: keeping a copy to restore would cost ~4 % of
    a step. The last update of an epoch is caught at its end, before the validation pass, as are
    weights grown so large (finite) that the validation outputs overflow; that epoch is not
    recorded.
    """
    check_model(model, "fit")
    loss = losses.get(loss)
    # The loop runs net, not model: a model ending with the Softmax (Sigmoid) that cross_entropy
    # (bce_logits) applies itself is trained on its logits, the layers before that activation
    # (the same objects: training them trains the model, which still predicts probabilities).
    net = logits_model(model, loss, y)
    plan = prepare_fit(model, net, loss, X, y, optimizer=optimizer, epochs=epochs, batch_size=batch_size,
                       validation_data=validation_data, shuffle=shuffle, callbacks=callbacks, verbose=verbose,
                       metrics=metrics, seed=seed, penalty=penalty, clip_norm=clip_norm, clip_value=clip_value,
                       augment=augment, sample_weight=sample_weight, class_weight=class_weight)
    X, targets, weights, rng = plan.X, plan.targets, plan.weights, plan.rng  # read at every batch
    optimizer, augment = plan.optimizer, plan.augment
    cbs = CallbackList(plan.callbacks + _progress(verbose, plan.callbacks))
    cbs.set_context(model, plan.run)
    history = History(plan.run)
    statistics = SavedStatistics(model)   # put back when a batch diverges or raises before its update
    before = BeforeFit(model, optimizer, statistics)   # put back when fit fails before its first update
    totals = EpochTotals(plan.n, plan.w_unit, plan.metric_table, plan.penalties)
    # training never needs dL/dx, which the first layer skips if it can (a layer of your own's
    # backward may take no input_grad)
    skip_dx = {"input_grad": False} if net.skips_input_grad else {}
    model.zero_grad()
    diverged = None  # the Advice of a NaN or inf that stopped training: on_train_end tells its cause (the Monitor)
    steps = WholeSteps()
    # every gradient 0: history.frozen, and a warning whose advice reads the optimizer's rate
    frozen_run = FrozenTraining(net, X, plan.params, history, plan.callbacks, optimizer)
    last_batch = len(plan.bounds) - 1
    steps_done = 0
    try:
        model.stop_training = False
        cbs.on_train_begin()
        leave_on_model(model, plan, loss, metrics, history)
        for epoch in range(plan.epochs):
            cbs.on_epoch_begin(epoch)
            if model.stop_training:  # asked before the epoch's first batch: none of it runs
                history.stop_reason = _stop_reason(model.stop_training, f"before epoch {epoch + 1}")
                break
            order = rng.permutation(plan.n) if plan.shuffle else np.arange(plan.n)
            totals.start()
            for batch, (start, stop) in enumerate(plan.bounds):
                idx = order[start:stop]
                w_batch = None if weights is None else weights[idx]
                if w_batch is not None and not w_batch.any():  # no weighted mean: skipped (see above)
                    continue
                X_batch = X.take(idx, axis=0)  # X[idx], in NumPy's faster routine for whole rows
                if augment is not None:
                    X_batch = augmented(augment, X_batch, rng)
                cbs.on_batch_begin(batch)
                statistics.save()
                # Overflow is how divergence shows itself: let it produce inf/NaN, then stop cleanly.
                # The dropout masks come from rng too, so that seed fixes them (see nn.random).
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"), drawing_from(rng):
                    out = net.forward(X_batch, training=True)
                    scale = None if w_batch is None else weight_scale(w_batch, out.dtype)
                    batch_loss = loss.forward(out, targets[idx], scale)
                    net.backward(loss.backward(), **skip_dx)
                    if steps_done == 0:   # once: a parameter the first backward misses never trains
                        warn_unreached(net, plan.params)
                    batch_penalty = _add_penalties(plan.penalties)
                    batch_loss += batch_penalty
                    reason = nonfinite_reason(batch_loss, optimizer, statistics)
                if reason is not None:  # stop before this update, which would spread the NaN or inf
                    diverged = _stop_before_update(model, plan, loss, history, statistics, X_batch, reason,
                                                   f" at epoch {epoch + 1}, batch {batch + 1}")
                    break
                if plan.clip_value is not None:
                    clipping.clip_grad_value_(plan.params, plan.clip_value)
                if plan.clip_norm is not None:
                    clipping.clip_grad_norm_(plan.params, plan.clip_norm)
                with steps:   # a Ctrl-C during the update waits for its end (whole_steps)
                    optimizer.step()  # an update that overflows gives inf (Optimizer.step): the next batch says so
                    statistics.updated()
                totals.add(idx, batch_loss, batch_penalty, out)
                steps_done += 1
                cbs.on_batch_end(batch, {"loss": batch_loss, "size": len(idx)})  # gradients still there
                if batch == last_batch:
                    frozen_run.last_batch(out)
                optimizer.zero_grad()
                for p in plan.frozen:
                    p.zero_grad()
                if model.stop_training:  # a stop request ends the epoch after this batch
                    break
            if history.stop_reason:
                break
            # The epoch's last update can overflow the weights with no next batch to say so: said
            # now, before the validation pass computes with them (one pass per epoch, not per batch).
            if not all_weights_finite(plan.params):
                diverged = stop_diverged(model, X, history, f"the last update of epoch {epoch + 1} overflowed the "
                                         f"weights (inf or NaN)", divergence_advice(optimizer, loss, False, False))
                break
            logs = totals.logs(plan.y)
            frozen_run.epoch_end(epoch, logs["loss"])
            if plan.validation is not None:
                val_logs, overflow = validation_logs(net, loss, plan, epoch)
                if overflow:
                    diverged = stop_diverged(model, X, history, *overflow)
                    break
                logs.update(val_logs)
            try:
                cbs.on_epoch_end(epoch, logs)  # callbacks may add to logs ("lr"): record after them
            finally:  # the epoch is done: an interrupt (Ctrl-C) in a callback keeps it in model.history
                history.append(epoch, logs)
            if model.stop_training:
                history.stop_reason = _stop_reason(model.stop_training, f"after epoch {epoch + 1}")
                break
    except BaseException as err:
        before.recover(err, cbs, history)
        raise
    finally:
        steps.close()
    warn_tiny_inputs(net, X, history, plan.callbacks)   # a run that does not fit on inputs far below unit scale
    cbs.on_train_end({"history": history, "diverged": diverged is not None,
                      "divergence_cause": diverged and diverged.cause, "divergence_row": diverged and diverged.found,
                      "callbacks": tuple(plan.callbacks)})
    return history


def _progress(verbose, callbacks):
    """The progress display ``verbose`` asks for, as a list of at most one callback: none when the
    user's callbacks hold their own ProgressBar or EpochLines, which takes verbose's place, as a
    ProgbarLogger does in Keras (two bars drew over each other)."""
    if verbose == 0 or any(isinstance(cb, (ProgressBar, EpochLines)) for cb in callbacks):
        return []
    return [ProgressBar() if verbose == 1 else EpochLines()]


def _add_penalties(penalties):
    """Add each penalty's gradient into its parameters' ``.grad``; return the sum of their values."""
    batch_penalty = 0.0
    for p, weights in penalties:
        batch_penalty += p.value(weights)
        p.add_grad(weights)
    return batch_penalty


def _stop_before_update(model, plan, loss, history, statistics, X_batch, reason, where):
    """End training on ``reason`` (``divergence.nonfinite_reason``'s), found ``where`` in a batch
    before its update: its gradients and the running statistics it moved are dropped, so that the
    model stays as the last update left it. Returns the Advice (``divergence.stop_diverged``)."""
    if plan.augment is not None:  # an augment's own NaN is named, not blamed on the learning rate
        refuse_non_finite_augmented(X_batch)
    model.zero_grad()
    statistics.restore()
    return stop_diverged(model, plan.X, history, *step_divergence(reason, where, plan.optimizer, loss,
                                                                  plan.untrained))


def _stop_reason(request, when):
    """``History.stop_reason`` for a callback's stop request: its sentence, or a plain one."""
    return request if isinstance(request, str) else f"stopped by a callback {when}"
