"""Argument checks shared by the classic models: clear ValueErrors before any state changes."""
import numpy as np

from ..nn.dtype import as_float_array


def check_lr(lr):
    if not isinstance(lr, (int, float, np.integer, np.floating)) or isinstance(lr, bool) \
            or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    return float(lr)


def check_inputs(X, n_features):
    """X as a finite float array of shape (m, n_features)."""
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != n_features:
        raise ValueError(f"X must have shape (m, {n_features}), got {X.shape}")
    return X


def check_labels(y, m):
    """y as a finite float vector of shape (m,), given as (m,) or (m, 1)."""
    y = as_float_array(y, "y", ndim=(1, 2))
    if (y.ndim == 2 and y.shape[1] != 1) or y.shape[0] != m:
        raise ValueError(f"y must have shape ({m},) to match X, got {y.shape}")
    return y.reshape(m)
