"""Argument checks shared by the classic models: clear ValueErrors before any state changes."""
import numpy as np

from ..nn.dense import rows_hint
from ..nn.dtype import as_float_array
from ..nn.parameter import cast_numbers


def check_lr(lr):
    if not isinstance(lr, (int, float, np.integer, np.floating)) or isinstance(lr, bool) \
            or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    return float(lr)


def check_inputs(X, n_features, dtype=None):
    """X as a finite float array of shape (m, n_features), in ``dtype`` if one is given (converted
    from what was given: integers straight to it, not through the default dtype). A vector is
    refused with the reshape that makes it rows (one sample, or one feature)."""
    try:
        X = as_float_array(_in(X, dtype), "X", ndim=2)
    except ValueError as err:
        raise ValueError(f"{err}{rows_hint(X, n_features, 'X')}") from None
    if X.shape[1] != n_features:
        raise ValueError(f"X must have shape (m, {n_features}), got {X.shape}")
    return X


def check_labels(y, m, dtype=None):
    """y as a finite float vector of shape (m,), given as (m,) or (m, 1), in ``dtype`` if one is
    given; text labels are refused with the mapping to 0 and 1 (``labels_hint``)."""
    if np.asarray(y).dtype.kind in "USO":
        raise TypeError(f"y must hold the labels 0 and 1, got text labels{labels_hint(np.asarray(y))}")
    y = as_float_array(_in(y, dtype), "y", ndim=(1, 2))
    if (y.ndim == 2 and y.shape[1] != 1) or y.shape[0] != m:
        raise ValueError(f"y must have shape ({m},) to match X, got {y.shape}")
    return y.reshape(m)


def _in(x, dtype):
    """``x`` as an array of ``dtype`` if one is given and it holds numbers; as it came otherwise."""
    return x if dtype is None else cast_numbers(x, dtype)


def labels_hint(y):
    """How to turn the labels ``y`` (not 0 and 1) into 0 and 1, for an error message: ±1 labels
    by (y + 1) // 2, any other two by comparing with the one that is to be 1; more than two
    classes need another model. "" when y holds no two labels to map."""
    values = np.unique(y.ravel())
    if len(values) > 2:
        return (f"; y holds {len(values)} different labels, and this model separates two classes "
                f"(for more, train an nn.MLP with a softmax output)")
    if len(values) < 2:
        return ""
    if values.dtype.kind in "biuf" and values.tolist() == [-1, 1]:
        return "; map ±1 labels with (y + 1) // 2"
    one = values[1].item()  # a Python value, which prints as typed: 2, 'yes'
    one = int(one) if isinstance(one, float) and one.is_integer() else one
    return f"; map the two labels with (y == {one!r}).astype(int), which makes {one!r} the class 1"
