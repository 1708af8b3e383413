"""When training diverges: the loss, a gradient, the running statistics, the weights or the
validation outputs become NaN or infinite. ``fit`` stops before the update that would spread
them (the weights stay the last finite ones where it can), says where in ``History.stop_reason``,
warns with a ``DivergenceWarning``, and advises: a lower learning rate, or, where the learning
rate cannot be the cause, the data's scale or the value at fault."""
import warnings

import numpy as np

from ..nn import losses
from ..nn.dtype import all_finite, first_non_finite


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss, a gradient, the running statistics, the weights (after
    an epoch's last update) or the validation outputs became NaN or infinite."""


def stop_diverged(model, history, reason):
    """Ends training on a NaN or inf: the reason in ``history.stop_reason`` and a
    DivergenceWarning. Returns True, what fit tells the callbacks at ``on_train_end``."""
    history.stop_reason = reason
    warnings.warn(f"training stopped: {reason}", DivergenceWarning,
                  stacklevel=4)  # here -> fit -> model.fit -> the user's line
    model.stop_training = True
    return True


def all_weights_finite(params):
    """Whether every weight is finite: one pass over them, at an epoch's end or on the way out."""
    return all(all_finite(p.data) for p in params)


def divergence_advice(optimizer, loss, grads_finite, never_updated):
    """What to try after training stopped.

    Before the model's first update (``never_updated``) the learning rate cannot be the cause:
    the starting weights already take the data past the float range, so its scale is to blame,
    and for MSE the targets' too (their squared errors). Afterwards a lower learning rate comes
    first, and standardised inputs where only the running statistics overflowed (the values
    reaching them).
    """
    lower = f"try a lower learning rate (now {optimizer.lr:g})"
    if not never_updated:
        return f"standardise the inputs, or {lower}" if grads_finite else lower
    targets = (", and the targets too (a second Standardizer on y: its inverse_transform brings "
               "the predictions back to y's units)" if isinstance(loss, losses.MSELoss) else "")
    return (f"nothing was updated yet, so the learning rate is not the cause but the data's scale: "
            f"standardise the inputs with data.Standardizer{targets}")


def refuse_non_finite_augmented(X_batch):
    """An augment's NaN or inf, named before the divergence it causes is blamed on the learning
    rate. Looked for only once the loss or a gradient is no longer finite: no pass per batch."""
    if not all_finite(X_batch):
        row = first_non_finite(X_batch)[0]
        raise ValueError(f"augment returned NaN or inf (first in row {row} of a batch of "
                         f"{len(X_batch)}): it must return finite values")


def input_past_training(X, X_val, pred):
    """Why the outputs ``pred`` of X_val overflowed, in words, when a row of X_val whose outputs
    did holds a value more than 10 times every |x| of the training data X: a marker of missing
    values (float32's largest, 3.4e38) or data in other units, which no learning rate makes
    finite. None when those rows lie near X's range: the weights grew too large (a value a little
    past the training ones overflows only with weights that nearly overflow on X too)."""
    rows = np.flatnonzero(~np.isfinite(pred.reshape(len(pred), -1)).all(axis=1))
    reach = np.abs(X_val[rows].reshape(len(rows), -1)).max(axis=1)  # those rows only: few
    bound = max(-X.min(), X.max())
    if not reach.max() > 10 * bound:
        return None
    i = int(rows[reach.argmax()])
    return (f"row {i} of X_val holds {reach.max():.3g}, far past every value of the training data "
            f"(|x| <= {bound:.3g}): a marker of missing values, or data in other units? Fix or "
            f"leave out that row")
