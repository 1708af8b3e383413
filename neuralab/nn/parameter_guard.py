"""Guarded layer attributes. Parameter attributes refuse anything but a Parameter:
``layer.weight = np.array(...)`` raises a TypeError instead of taking the weight out of the
model (``_ParameterSlot``). Buffer attributes (running statistics) take only values their layer
can use, converted to its dtype (``BufferSlot``).

``Layer.__init_subclass__`` wraps the ``__init__`` of every layer class in ``guarded_init``, so that
once a layer is built its class gets a slot for each attribute that holds a Parameter: the
layers of your own are guarded too, with no declaration. A buffer's slot is declared in the
class body (``running_mean = BufferSlot("one value per feature")``).
"""
import functools
import weakref

import numpy as np

from .dtype import as_float_array, cast_numbers
from .parameter import Parameter, shape_fix, wrong_shape

# {layer class: the attribute names that every instance of it built so far has set}, for
# ``_guard_parameters``; weak, so that a class defined again (a notebook cell run twice) can go.
_ALWAYS_SET = weakref.WeakKeyDictionary()


class _ParameterSlot:
    """Guards an attribute that holds a Parameter: assigning anything else to it is refused.

    ``layer.weight = np.array(...)`` would otherwise take the weight out of ``parameters()``
    (they are found by walking the attributes), so that summary, save and any optimizer built
    afterwards no longer see it, and forward fails later on an array that has no ``.data``.
    None is accepted where the layer's ``optional_parameters`` allows it (a Dense layer without
    bias), anything at all while the attribute holds no Parameter.

    The slot defines ``__set__`` but no ``__get__``: reading ``layer.weight`` still finds the
    value in the instance's dictionary with no Python call, and the attributes forward sets on
    every batch (``a_prev``, ``mask``) have no slot. Training pays only what any class attribute
    of that name costs, CPython 3.11 no longer specialising the read: some 17 ns a read, a third
    of a microsecond per training step of a small MLP (0.5%). (A ``__setattr__`` on Layer would
    check every attribute forward sets: 13% more time per forward pass; a ``__get__`` here, 7%
    more per step.) Without ``__get__``, an instance that lacks the attribute would read the
    slot itself: hence ``_guard_parameters`` puts slots only where every instance of the class
    sets the attribute.
    """

    def __init__(self, name):
        self.name = name

    def __set__(self, layer, value):
        held = layer.__dict__.get(self.name)
        if (isinstance(held, Parameter) and not isinstance(value, Parameter)
                and not (value is None and self.name in layer.optional_parameters)):
            given = "None" if value is None else f"a value of type {type(value).__name__}"
            raise TypeError(f"{type(layer).__name__}.{self.name} is a Parameter, found by "
                            f"parameters(), the optimizer and save; assigning {given} would take "
                            f"it out of the model. Write the values into it instead: "
                            f"layer.{self.name}.data[...] = value (or assign an nn.Parameter)")
        if isinstance(held, Parameter) and held.fixed_shape and isinstance(value, Parameter):
            if value.data.shape != held.data.shape:  # a Parameter of the right shape ties, or replaces
                raise ValueError(wrong_shape(f"{self.name}.data", held.data.shape,
                                             value.data.shape))
            value.fixed_shape = True
        layer.__dict__[self.name] = value


def guarded_init(init):
    """A layer class's ``__init__`` that, once the layer is built (when the outermost
    ``__init__`` returns: a subclass's calls its parent's first), guards its parameters.

    Every layer class gets it from ``Layer.__init_subclass__``, so that the parameters of a
    class of your own are guarded too, with no declaration. (A metaclass could do the same, but
    it would make every ``isinstance(x, Layer)`` take the slow path, 55 ns more.)
    """
    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if type(self).__init__ is __init__:
            _guard_parameters(self)
    return __init__


def _guard_parameters(layer):
    """Put a ``_ParameterSlot`` on the class of ``layer`` for each of its attributes that holds
    a Parameter: only for those that every instance of the class built so far has set (a class
    that gives some instances no ``self.b`` at all loses the slot of ``b``), and only for names
    the class does not define otherwise (a class attribute, a method)."""
    cls, names = type(layer), vars(layer).keys()
    common = _ALWAYS_SET[cls] = names & _ALWAYS_SET.get(cls, names)
    for name in [n for n, v in vars(cls).items() if isinstance(v, _ParameterSlot) and n not in common]:
        delattr(cls, name)
    for name, value in vars(layer).items():
        if isinstance(value, Parameter) and name in common and not hasattr(cls, name):
            setattr(cls, name, _ParameterSlot(name))


class BufferSlot:
    """Guards a buffer attribute, an array saved with the model but not learned
    (``BatchNorm1d.running_mean``, ``Standardize.std``): an assignment is checked and converted
    before the layer takes it, and a value it cannot use is refused naming the attribute, with
    the layer left as it was. Unguarded, ``bn.running_mean = np.zeros(3)`` on a layer of 4
    features failed only in the next forward pass, with NumPy's broadcasting error, a list only
    in the arithmetic, a negative variance gave NaN outputs with a RuntimeWarning, and ``save``
    or ``to_torch`` refused what forward had taken.

    The value must be real numbers, finite, of the shape the buffer has (``holds`` says what
    it holds, for the message), and pass its layer's ``check_buffer`` rule (a variance ≥ 0, a
    σ > 0), the rule ``neuralab.load`` applies to a file's values. It is stored as a copy (the
    layer updates its buffers in place, which must not write into the caller's array) in the
    layer's dtype, that of its parameters, as torch's ``load_state_dict`` casts into the
    buffer it fills: a float64 array or a list of numbers keeps a float32 BatchNorm1d in
    float32, where NumPy would make its outputs, and the layers after it, float64. A layer
    without parameters (Standardize) computes in its input's dtype whatever its buffers'
    (``nn.dtype``): a float32 or float64 array keeps its own, as its constructor keeps it, and
    anything else (a list, integers) takes the dtype the buffer had. So ``Layer.to`` and
    ``load``, which assign converted buffers after the parameters, keep the dtype they give.

    Not checked: the first value (the constructor's own, a placeholder inside ``load``), the
    array itself assigned back (``bn.running_var += 1`` works in place, then assigns it), and
    writes into the array, ``bn.running_mean[...] = values``, which training does on every
    batch and which therefore cost nothing more; ``save`` checks those (``check_buffer``).
    Like ``_ParameterSlot`` it has no ``__get__``: reading the attribute finds the array in the
    instance's dictionary with no Python call.
    """

    def __init__(self, holds=""):
        self.holds = holds

    def __set_name__(self, owner, name):
        self.name = name

    def __set__(self, layer, value):
        held = layer.__dict__.get(self.name)
        if held is not None and value is not held:
            value = self._checked(layer, held, value)
        layer.__dict__[self.name] = value

    def _checked(self, layer, held, value):
        """``value`` as a new array for buffer ``held`` of ``layer``, or the error that says why not."""
        label = f"{type(layer).__name__}.{self.name}"
        dtype = _buffer_dtype(layer, held, value)
        try:
            with np.errstate(over="ignore"):  # 1e300 into float32 is inf: refused below, by name
                array = as_float_array(cast_numbers(value, dtype), label, finite=False).astype(dtype)
        except TypeError as err:  # text, None: say what it takes
            holds = f" ({self.holds})" if self.holds else ""
            raise TypeError(f"{err}; it takes numbers of shape {held.shape}{holds}") from None
        if array.shape != held.shape:
            raise ValueError(self._wrong_shape(label, held.shape, array.shape, layer))
        if not np.isfinite(array).all():
            raise ValueError(f"{label} must hold finite {dtype.name} numbers, got "
                             f"{array[~np.isfinite(array)][0]} (NaN, inf, or a number past "
                             f"{dtype.name}'s range ±{np.finfo(dtype).max:.3g})")
        try:
            layer.check_buffer(self.name, array)
        except ValueError as err:
            raise ValueError(f"{label}: {err}") from None
        return array

    def _wrong_shape(self, label, expected, shape, layer):
        """The message for ``label``, a buffer of shape ``expected``, given an array of ``shape``,
        with the fix that fits: a reshape of as many values, ``np.full`` of one number, or else
        a layer of the other size (statistics of 3 features belong to a layer of 3)."""
        holds = f" ({self.holds})" if self.holds else ""
        return f"{label} must have shape {expected}{holds}, got shape {shape}" + shape_fix(
            expected, shape, fill=f"; for one number in every entry, np.full({expected}, value)",
            other=(f": the layer is {layer!r}, and statistics of another shape belong to a "
                   f"{type(layer).__name__} of another size"))


def _buffer_dtype(layer, held, value):
    """The dtype a buffer of ``layer`` that holds ``held`` takes ``value`` in (see
    ``BufferSlot``): its parameters' dtype; without parameters, a float32 or float64 array's
    own, else ``held``'s."""
    parameters = layer.parameters()
    if parameters:
        return parameters[0].data.dtype
    if isinstance(value, np.ndarray) and value.dtype in (np.float32, np.float64):
        return value.dtype
    return held.dtype
