"""The default floating dtype, the one place that turns user input into arrays, and the
conversion of a layer's arrays to another dtype (``convert_layer``, which ``Layer.to`` runs).

Parameters are created in the default dtype (float32 unless changed). The dtype a layer
computes in follows two rules:

1. float32 and float64 inputs are used as they are; any other numbers (integers, bools,
   float16, longdouble) are converted to the default dtype. Not float16: NumPy has no BLAS
   for it, so a float16 matrix product runs in NumPy's own loops, some 90 times slower than in
   float32 (128×256 by 256×256), with errors a thousand times larger (an 11-bit significand),
   and e^z overflows from z = 11.
2. Where the input meets a layer's own arrays (a Dense weight, BatchNorm's γ), NumPy's
   promotion gives the wider dtype: a float32 input to a float64 model computes in float64,
   and so does a float64 input to a float32 model. A layer without parameters (an activation,
   Dropout) keeps its input's dtype, and so does ``Standardize``, which casts back to it.

So "computation keeps the input's floating dtype" holds when input and model agree. Mixing
them promotes rather than casting every layer's output back to the input's dtype, which would
cost a pass per layer and throw away the precision a float64 model was made for (gradient
checks run float64 models); PyTorch refuses the mix outright.
"""
import numbers

import numpy as np

from . import tables
from .checks import as_array
from .habits import TORCH_LAYER_KEYWORDS
from .short_label import QUOTED_CHARS, short_label

_FLOAT_DTYPES = (np.float32, np.float64)
_default_dtype = np.float32


def set_default_dtype(dtype):
    """Set the dtype new parameters are created in: ``np.float32`` (default) or ``np.float64``.
    Models that exist keep theirs: ``model.to(dtype)`` converts one."""
    global _default_dtype
    _default_dtype = float_dtype(dtype)


def float_dtype(dtype):
    """``dtype`` as np.float32 or np.float64 (a name or a NumPy dtype of either is taken), or a
    TypeError naming what was given."""
    expected = "dtype must be np.float32 or np.float64"
    if dtype is None:  # np.dtype(None) is float64: a missing value must not choose for the user
        raise TypeError(f"{expected}, got None")
    if isinstance(dtype, str) and dtype.partition(":")[0].strip().lower() in ("cpu", "cuda", "mps"):
        # torch's model.to("cpu"): a device, where .to here takes only a dtype
        raise TypeError(f"{expected}, got {dtype!r}, a torch device: {TORCH_LAYER_KEYWORDS['device']}")
    try:
        kind = np.dtype(dtype).type
    except (TypeError, ValueError):
        raise TypeError(f"{expected}, got {dtype!r}") from None
    if kind not in _FLOAT_DTYPES:  # what was given, not NumPy's reading of it (int is int64)
        raise TypeError(f"{expected}, got {getattr(dtype, '__name__', dtype)!r}")
    return kind


def get_default_dtype():
    """The dtype new parameters are created in."""
    return _default_dtype


def convert_layer(layer, dtype):
    """``Layer.to``: every parameter (values and gradient) and buffer of ``layer`` and the layers
    inside it converted to ``dtype`` in place, all or none; returns ``layer``. A buffer is found
    through its owner's attribute of the name ``named_buffers`` gives it."""
    dtype = float_dtype(dtype)
    layers = dict(layer.named_layers())
    held = []  # (owner, attribute, buffer): all found before anything changes
    for dotted, buffer in layer.named_buffers():
        path, _, name = dotted.rpartition(".")
        while path not in layers:  # "1.stats.mean": layer "1" names it "stats.mean"
            path, _, head = path.rpartition(".")
            name = f"{head}.{name}"
        owner = layers[path]
        if getattr(owner, name, None) is not buffer:
            # an array's dtype cannot change in place: only an attribute can take a new one
            raise TypeError(f"{type(owner).__name__}.named_buffers() gives {dotted!r}, which is not "
                            f"an attribute of that name holding the array, so to() cannot convert it: "
                            f"keep each buffer in an attribute named as named_buffers() names it")
        held.append((owner, name, buffer))
    # every array converted before any is put back: an error on the way (a value past
    # float32's range, under np.errstate(over="raise")) leaves the model as it was
    params = [(p, p.data.astype(dtype, copy=False)) for p in layer.parameters()]
    buffers = [(owner, name, buffer.astype(dtype, copy=False)) for owner, name, buffer in held]
    for p, data in params:
        p.data = data  # its gradient follows
    for owner, name, converted in buffers:
        if name in vars(owner):  # past a BufferSlot's check: what a buffer holds is not ``to``'s
            vars(owner)[name] = converted  # to refuse, and a refusal now would leave it half done
        else:
            setattr(owner, name, converted)
    return layer


def cast_numbers(value, dtype, kinds="biuf", keep_float_arrays=False):
    """``value`` as an array of ``dtype`` if it holds numbers of the dtype ``kinds`` (a list,
    Python numbers, integers, bools, floats), converted straight from them: an integer past 2^24
    does not go through float32, the default dtype ``as_float_array`` would give it. With
    ``keep_float_arrays``, a NumPy array or scalar of floats stays as it is, its dtype being a
    choice. Anything else (text, None, a ragged list, other kinds) comes back as it came, for
    ``as_float_array`` to refuse by name or take as it is."""
    if keep_float_arrays and isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind == "f":
        return value
    try:
        array = as_array(value, "value")   # a pandas table of nullable numbers: its numbers
    except (TypeError, ValueError):  # ragged lists, masked entries: refused by name later
        return value
    return array.astype(dtype) if array.dtype.kind in kinds else value


def all_finite(a):
    """Whether the non-empty float array ``a`` holds no NaN and no ±inf, in constant memory:
    ``np.isfinite(a).all()`` first builds a boolean array of a's shape (750 MB for 1,000,000
    MNIST rows, at every check of them). The smallest and largest values tell the same: both are
    NaN when any value is (NaN propagates through min and max), and ±inf is one of them when an
    infinity is among the values."""
    return bool(np.isfinite(a.min()) and np.isfinite(a.max()))


def first_non_finite(a):
    """The index of ``a``'s first NaN or ±inf in C order, as a tuple of ints, for the message
    that names it (``a`` holds one: see ``all_finite``)."""
    return tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])


def non_finite_words(name, a):
    """"X contains NaN or inf (first at index (5, 0))": how a refusal names the first NaN or
    ±inf of the array ``a`` called ``name`` (``a`` holds one: see ``all_finite``)."""
    return f"{name} contains NaN or inf (first at index {first_non_finite(a)})"


def as_float_array(x, name="x", ndim=None, finite=True):
    """``x`` as a floating ndarray: float inputs keep their dtype, others get the default dtype.

    Raises a ``ValueError`` naming ``name`` when the number of dimensions is not ``ndim``, when
    it is empty, or (with ``finite``) when it holds NaN or inf; and for nested lists of different
    lengths and masked arrays with masked entries (``checks.as_array``).
    """
    if (type(x) is np.ndarray and x.dtype.type in _FLOAT_DTYPES and not finite
            and (ndim is None or x.ndim == ndim or (type(ndim) is tuple and x.ndim in ndim)) and x.size):
        return x  # the common case inside a training loop: nothing to convert or check
    try:
        arr = as_array(x, name, numbers_only=True)
    except TypeError as err:
        if tables.is_table(x):  # its columns that hold no numbers, named already
            raise
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}: {err}") from None
    if arr.dtype.kind not in "biuf":  # strings, objects (None), complex: refused, not cast
        raise TypeError(f"{name} must be an array of real numbers, got {type(x).__name__} "
                        f"of dtype {arr.dtype}{_objects_fix(arr, name)}")
    if arr.dtype.type not in _FLOAT_DTYPES:
        arr = arr.astype(_default_dtype)
    if ndim is not None and arr.ndim not in np.atleast_1d(ndim):
        raise ValueError(f"{name} must have {_dimensions(ndim)}, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if finite and not all_finite(arr):
        raise ValueError(non_finite_words(name, arr))
    return arr


def _objects_fix(arr, name):
    """How an array of Python objects ``arr`` becomes numbers, for its refusal: a pandas table's
    ``df.values`` is one when its columns differ in type (floats beside ``get_dummies``' bools),
    though every cell is a number, which ``astype(float)`` reads; else the first cell that is no
    number (text, None), by its index, and what to do with it. "" for any other array. The cells
    are looked at one by one, as no NumPy operation tells a number among objects, on this error
    path only, up to the first that is no number."""
    if arr.dtype != object or arr.ndim == 0:
        return ""
    shown = name if name.isidentifier() else "x"
    for index, cell in np.ndenumerate(arr):
        if not isinstance(cell, (numbers.Real, np.bool_)):
            where = f"column {index[1]} of row {index[0]}" if arr.ndim == 2 else f"index {index}"
            fix = ("turn that column into numbers (a category into one 0/1 column per value, pd.get_dummies) "
                   "or drop it" if isinstance(cell, str) else "fill it in or drop its row")
            return f", whose {where} is {short_label(repr(cell), QUOTED_CHARS)}, no number: {fix}"
    return (f", whose cells are all numbers (as a pandas table's .values holds when its columns differ in "
            f"type): pass {shown}.astype(float), or take df.to_numpy(dtype=float) instead of df.values")


def _dimensions(ndim):
    """``ndim`` (a number or a tuple of them) as an error message says it: "1 dimension",
    "2 dimensions", "1 or 2 dimensions", "1 to 4 dimensions"."""
    counts = ndim if isinstance(ndim, tuple) else (ndim,)
    if len(counts) > 2 and counts == tuple(range(counts[0], counts[-1] + 1)):
        return f"{counts[0]} to {counts[-1]} dimensions"
    if len(counts) > 1:
        return f"{', '.join(map(str, counts[:-1]))} or {counts[-1]} dimensions"
    return f"{counts[0]} dimension" + ("" if counts[0] == 1 else "s")
