"""The default floating dtype and the one place that turns user input into arrays.

Parameters are created in the default dtype (float32 unless changed); computation keeps the
floating dtype of its input, so float64 inputs to a float64 model give float64 results.
"""
import numpy as np

_FLOAT_DTYPES = (np.float32, np.float64)
_default_dtype = np.float32


def set_default_dtype(dtype):
    """Set the dtype new parameters are created in: ``np.float32`` (default) or ``np.float64``."""
    global _default_dtype
    expected = "dtype must be np.float32 or np.float64"
    if dtype is None:  # np.dtype(None) is float64: a missing value must not choose for the user
        raise TypeError(f"{expected}, got None")
    try:
        kind = np.dtype(dtype).type
    except (TypeError, ValueError):
        raise TypeError(f"{expected}, got {dtype!r}") from None
    if kind not in _FLOAT_DTYPES:
        raise TypeError(f"{expected}, got {np.dtype(kind).name}")
    _default_dtype = kind


def get_default_dtype():
    """The dtype new parameters are created in."""
    return _default_dtype


def as_float_array(x, name="x", ndim=None, finite=True):
    """``x`` as a floating ndarray: float inputs keep their dtype, others get the default dtype.

    Raises a ``ValueError`` naming ``name`` when the number of dimensions is not ``ndim``, when
    it is empty, or (with ``finite``) when it holds NaN or inf.
    """
    if (type(x) is np.ndarray and x.dtype.type in _FLOAT_DTYPES and not finite
            and (ndim is None or x.ndim == ndim or (type(ndim) is tuple and x.ndim in ndim)) and x.size):
        return x  # the common case inside a training loop: nothing to convert or check
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}: {err}") from None
    if arr.dtype.kind not in "biuf":  # strings, objects (None), complex: refused, not cast
        raise TypeError(f"{name} must be an array of real numbers, got {type(x).__name__} "
                        f"of dtype {arr.dtype}")
    if arr.dtype.type not in _FLOAT_DTYPES:
        arr = arr.astype(_default_dtype)
    if ndim is not None and arr.ndim not in np.atleast_1d(ndim):
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if finite and not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(f"{name} contains NaN or inf (first at index {tuple(int(i) for i in bad)})")
    return arr
