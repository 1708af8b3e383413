"""When training diverges: the loss, a gradient, the running statistics, the weights or the
validation outputs become NaN or infinite. ``fit`` stops before the update that would spread
them (the weights stay the last finite ones where it can), says where in ``History.stop_reason``,
warns with a ``DivergenceWarning``, and advises: a lower learning rate (after standardised inputs
or targets, when they are far from unit scale: ``scale_first``), or, where the learning rate cannot be the
cause, the data's scale or the value at fault.

The advice and its cause are chosen together, here, so that they never disagree: ``fit`` tells
the callbacks the cause (``on_train_end``'s ``logs["divergence_cause"]``, also the warning's
``cause``), and the training monitor blames the learning rate only when it can be to blame:

    "learning_rate"   the weights were updated: a step too large can be the cause, and a lower
                      learning rate comes first
    "inputs"          before the first update: the starting weights take the inputs past the
                      float range (their outputs, a gradient or BatchNorm's running statistics)
    "targets"         before the first update, for MSE: the targets, not the outputs, are so far
                      from 0 that their squared errors overflow
    "validation_row"  the validation outputs overflowed on a row of X_val far past every value of
                      the training data, which no learning rate makes finite
"""
import math
from typing import NamedTuple

import numpy as np

from ..nn import losses
from ..nn.dtype import all_finite, first_non_finite
from ..nn.user_line import warn
from .far_past import FIX_ROW, far_past_training, far_past_words
from .first_layer_inputs import first_layer_columns
from .input_scale import columns_in_words, far_from_zero
from .target_stats import far_target_rms


CAUSES = ("learning_rate", "inputs", "targets", "validation_row")  # see the module docstring
LOWER_RATE = "try a lower learning rate"    # fit's advice where a step too large can be the cause
SCALE_INPUTS = "standardise the inputs"     # put first when they are far from unit scale (``scale_first``)
SCALE_TARGETS = "standardise the targets"   # an MSE loss's, likewise
# fit's advice in a stop reason, by the key of the training monitor's remedy that says the same
# (``remedies.HOW``): a finding leaves those out of its remedies (``fit_advised``)
ADVICE_KEYS = {"lr": LOWER_RATE, "standardise": SCALE_INPUTS, "standardise_target": SCALE_TARGETS}
VALIDATION_DATA = "the validation data"  # X_val in fit's stop reasons, which a face renames (in_own_terms)


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss, a gradient, the running statistics, the weights (after
    an epoch's last update) or the validation outputs became NaN or infinite. ``cause``: one of
    ``CAUSES`` (None for a warning raised elsewhere, as by ``warnings.warn(text, DivergenceWarning)``);
    ``found``: for "validation_row", the (row, value, bound) of X_val it names
    (``far_past.far_past_training``), for a caller that names that row its own way (``in_own_terms``)."""

    def __init__(self, message, cause=None, found=None):
        super().__init__(message)
        self.cause, self.found = cause, found


class Advice(NamedTuple):
    """What to try after a divergence (``words``), what it blames (``cause``, one of ``CAUSES``)
    and, for "validation_row", the row of X_val at fault (``found``: row, value, bound)."""
    cause: str
    words: str
    found: tuple = None


def stop_diverged(model, X, history, what, advice):
    """Ends training of ``model`` on ``X`` on a NaN or inf: "<what>; <advice>" in
    ``history.stop_reason`` and a DivergenceWarning. Returns the advice, whose cause (and row) fit
    tells the callbacks at ``on_train_end``. Advice to lower the learning rate puts standardising
    the inputs or the targets first when they are far from unit scale (``scale_first``)."""
    if advice.cause == "learning_rate":
        advice = scale_first(model, X, advice)
    history.stop_reason, history.diverged = f"{what}; {advice.words}", True
    warn(DivergenceWarning(f"training stopped: {history.stop_reason}", advice.cause, advice.found))
    model.stop_training = True
    return advice


def scale_first(model, X, advice):
    """``advice`` to lower the learning rate, with standardising the data put first where it is far
    from unit scale, since each step grows with it and a lower learning rate only slows the treadmill:
    - the inputs, when those the model's first weight layer takes of the data ``X`` fit trained on
      (``first_layer_inputs``: X's, not the last batch's, whose few rows have a μ and σ of their
      own) hold large or off-centre columns (``input_scale.far_from_zero``: a root mean square
      >= 30, or |μ| >= 5 and >= 3σ): each step of that layer's weights grows with them. Raw flats,
      a year of μ 1972 among the inputs, diverged under SGD at lr 0.01, 0.001 and 0.0001, each
      time told to try a lower one, and at lr 1e-5 learnt nothing;
    - the targets of an MSE loss, when those it cached have a root mean square above 10
      (``target_stats.far_target_rms``): the gradient 2(ŷ - y)/m grows with y (MAE's sign(ŷ - y)/m
      does not: not said for it). A price in euros
      (3e5) on standardised inputs diverged under SGD at lr 0.01, 0.001 and 0.0001 alike."""
    clauses = [clause for clause in (_inputs_clause(model, X), _target_clause(model)) if clause]
    if not clauses:
        return advice
    return advice._replace(words=f"{'; '.join(clauses)}; then, if it still diverges, {advice.words}")


def _inputs_clause(model, X):
    """What to do about inputs far from unit scale (``scale_first``), or None."""
    inputs = first_layer_columns(model, X)
    if inputs is None:
        return None
    columns = far_from_zero(inputs)
    if not len(columns):
        return None
    names = getattr(model, "feature_names", None)
    names = names if names is not None and len(names) == len(inputs["mean"]) else None
    return (f"{SCALE_INPUTS} with data.Standardizer first: {columns_in_words(columns, inputs, names)} "
            f"{'is' if len(columns) == 1 else 'are'} far from unit scale, and each step of the first layer's "
            f"weights grows with them")


def _target_clause(model):
    """What to do about MSE targets far from unit scale (``scale_first``), or None."""
    rms = far_target_rms(model)
    if rms is None:
        return None
    return (f"{SCALE_TARGETS} with a data.Standardizer on y first (its inverse_transform brings the "
            f"predictions back to y's units): their root mean square is {rms:.3g}, and each step grows with them")


def stop_fact(reason, cause=None):
    """What happened, of a stop reason of fit's (``History.stop_reason``, "<what>; <advice>", or its
    renaming by ``in_own_terms``), without the advice: for a training monitor's finding, whose
    remedies give it, so that a report says each thing once, fact then remedy. The "<what>", and
    for "validation_row" the row of X_val at fault, which is a fact too ("row 12 of X_val holds
    3.4e+38, far past ..."), without FIX_ROW after it. None for no reason."""
    if not reason:
        return None
    if cause == "validation_row":
        return reason.removesuffix(f" {FIX_ROW}")
    return reason.split("; ", 1)[0]     # (the "<what>" holds no "; ")


def fit_advised(reason):
    """The keys of the training monitor's remedies (``remedies.HOW``) that fit's stop reason ``reason``
    advised (``ADVICE_KEYS``): a lower learning rate (``divergence_advice``), standardising the inputs
    or the targets first (``scale_first``). A finding that would advise one of them too leaves it to
    that line, which the command line's error and the playground's banner are built from, and keeps
    its fact: the report says each remedy once. () for no reason."""
    return tuple(key for key, words in ADVICE_KEYS.items() if reason and words in reason)


def in_own_terms(text, found, words, data):
    """``text`` (a stop reason, or its DivergenceWarning's message) with X_val called ``data``,
    as the face calls the part it holds out ("the test part"), and the row of X_val that it
    names (``found``, the warning's or ``on_train_end``'s "divergence_row"; None if it names
    none) said in ``words``: the command line and the playground name the data file's row and
    the value the file holds, where fit saw a shuffled, standardised X_val
    (``far_past.far_past_in_data``)."""
    if found is not None:
        text = text.replace(far_past_words(*found), words)
    return text.replace(VALIDATION_DATA, data)


def all_weights_finite(params):
    """Whether every weight is finite: one pass over them, at an epoch's end or on the way out."""
    return all(all_finite(p.data) for p in params)


def nonfinite_reason(batch_loss, optimizer, statistics):
    """Why a training step cannot be taken: (what became NaN or infinite, in words, whether the
    gradients are finite), or None when the loss, the gradients and the running statistics
    (``statistics``, a ``SavedStatistics``) all are. Each is looked at only when the one before is
    finite: the loss is one number, the gradients one pass, the running statistics a few values."""
    loss_finite = math.isfinite(batch_loss)
    grads_finite = loss_finite and optimizer.grads_finite()
    if grads_finite and statistics.finite():
        return None
    what = (f"the loss became {batch_loss}" if not loss_finite else
            "the gradient overflowed (a NaN or inf entry, or a norm past the float range)"
            if not grads_finite else "the running statistics overflowed (a BatchNorm's "
            "running variance past the float range)")
    return what, grads_finite


def step_divergence(reason, where, optimizer, loss, untrained):
    """The stop reason and the ``Advice`` for ``reason`` (``nonfinite_reason``'s), found ``where``
    (" at epoch e, batch b") before the update. ``untrained``: no update before this fit either."""
    what, grads_finite = reason
    what += where
    # One pass over the weights, on this way out only: an update that overflowed them (caught at
    # the next batch, see fit) is said, not left for the user to find.
    weights_finite = all_weights_finite(optimizer.params)
    if not weights_finite:
        what += ", with the weights holding inf or NaN"
    never_updated = untrained and optimizer.t == 0 and weights_finite
    return what, divergence_advice(optimizer, loss, grads_finite, never_updated)


def validation_divergence(X, X_val, val_pred, optimizer, loss, epoch):
    """The stop reason and the ``Advice`` when the outputs ``val_pred`` for X_val overflowed after
    ``epoch``: finite weights so large that the outputs overflow, or a value X_val alone holds."""
    advice = input_past_training(X, X_val, val_pred) or divergence_advice(optimizer, loss, False, False)
    return f"the outputs for {VALIDATION_DATA} overflowed (inf or NaN) after epoch {epoch + 1}", advice


def divergence_advice(optimizer, loss, grads_finite, never_updated):
    """What to try after training stopped, an ``Advice``.

    Before the model's first update (``never_updated``) the learning rate cannot be the cause:
    the starting weights already take the data past the float range, so its scale is to blame.
    The inputs', unless the loss is MSE, the outputs ŷ it cached are finite and its targets y
    reach further (max |y| >= max |ŷ|): then the targets' squared errors (ŷ - y)² overflowed,
    whatever the inputs. Afterwards a lower learning rate comes first, and standardised inputs
    where only the running statistics overflowed (the values reaching them).
    """
    lower = f"{LOWER_RATE} (now {optimizer.lr:g})"
    if not never_updated:
        return Advice("learning_rate", f"{SCALE_INPUTS}, or {lower}" if grads_finite else lower)
    blame = "nothing was updated yet, so the learning rate is not the cause but"
    if not grads_finite and _targets_reach_further(loss):
        return Advice("targets", f"{blame} the targets' scale: standardise them with a data.Standardizer "
                                 f"on y (its inverse_transform brings the predictions back to y's units)")
    return Advice("inputs", f"{blame} the data's scale: standardise the inputs with data.Standardizer")


def _targets_reach_further(loss):
    """Whether ``loss`` is MSE and the targets it cached lie further from 0 than its finite outputs."""
    if not isinstance(loss, losses.MSELoss) or not all_finite(loss.pred):
        return False
    return float(np.abs(loss.target).max()) >= float(np.abs(loss.pred).max())


def refuse_non_finite_augmented(X_batch):
    """An augment's NaN or inf, named before the divergence it causes is blamed on the learning
    rate. Looked for only once the loss or a gradient is no longer finite: no pass per batch."""
    if not all_finite(X_batch):
        row = first_non_finite(X_batch)[0]
        raise ValueError(f"augment returned NaN or inf (first in row {row} of a batch of "
                         f"{len(X_batch)}): it must return finite values")


def input_past_training(X, X_val, pred):
    """Why the outputs ``pred`` of X_val overflowed, an ``Advice`` of cause "validation_row", when
    one of the rows whose outputs did lies far past the training data X
    (``far_past.far_past_training``), which no learning rate makes finite. None when those rows lie
    near X's range: the weights grew too large (a value a little past the training ones overflows
    only with weights that nearly overflow on X too)."""
    rows = np.flatnonzero(~np.isfinite(pred.reshape(len(pred), -1)).all(axis=1))
    found = far_past_training(X, X_val, rows)  # those rows only: few
    return None if found is None else Advice("validation_row", f"{far_past_words(*found)} {FIX_ROW}", found)
