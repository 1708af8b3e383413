"""Guarded layer attributes. Parameter attributes refuse anything but a Parameter:
``layer.weight = np.array(...)`` raises a TypeError instead of taking the weight out of the
model (``_ParameterSlot``). Buffer attributes (running statistics) take only values their layer
can use, converted to its dtype (``BufferSlot``).

``Layer.__init_subclass__`` wraps the ``__init__`` of every layer class in ``guarded_init``, so that
once a layer is built its class gets a slot for each attribute that holds a Parameter: the
layers of your own are guarded too, with no declaration. A buffer's slot is declared in the
class body (``running_mean = BufferSlot("one value per feature")``).
"""
import contextlib
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
            refuse_parameter_aliases(self)
    return __init__


def refuse_parameter_aliases(layer):
    """Refuse a layer whose constructor kept a Parameter's array instead of the Parameter:
    ``self.W = self.weight.data`` (or a view of it, or of ``grad``), directly or in a list or
    tuple attribute.

    An optimizer's first step moves the values of all its parameters into one flat array and
    makes each ``data`` and ``grad`` a view of it (``optim.Optimizer``), so such an array keeps
    the values from before: a forward computing with it never sees an update, and training
    changes nothing, silently (PyTorch keeps an alias live; a NumPy array cannot be moved).
    Checked once, when the layer is built, so that training pays nothing for it; an array taken
    in forward is taken afresh at every pass and is no trap.
    """
    arrays = {p_name: (p.data, p._grad) for p_name, p in layer.named_parameters()}
    if not arrays:
        return
    for name, value in vars(layer).items():
        items = ([(f"{name}[{i}]", v) for i, v in enumerate(value)] if isinstance(value, (list, tuple))
                 else [(name, value)])
        for label, item in items:
            if not isinstance(item, np.ndarray):
                continue
            for p_name, (data, grad) in arrays.items():
                for what, array in (("data", data), ("grad", grad)):
                    if np.may_share_memory(item, array) and np.shares_memory(item, array):
                        raise TypeError(_alias_message(layer, label, p_name, what))


def _alias_message(layer, label, p_name, what):
    kind = type(layer).__name__
    use = ("read self.{p}.data where you compute, e.g. x @ self.{p}.data.T in forward" if what == "data"
           else "add into self.{p}.grad in backward, e.g. self.{p}.grad += ...").format(p=p_name)
    return (f"{kind}.{label} holds the array of self.{p_name}.{what} (it shares its memory), not the "
            f"Parameter: an optimizer's first step moves every parameter's values and gradient into "
            f"one flat array, and {label} would be left with the old one, so training would change "
            f"nothing it computes. Keep only the Parameter and {use} (a copy, "
            f"self.{p_name}.{what}.copy(), is fine for keeping the starting values)")


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


@contextlib.contextmanager
def refusing_new_parameters(model):
    """Refuse a parameter that appears in ``model`` during the block (``fit``'s first forward
    pass, which learns the output's shape), and put back what its layer held before.

    A layer that makes a parameter in its first forward pass, once it knows the input's width
    (as a Keras layer builds itself), makes it after ``fit`` built the optimizer from
    ``model.parameters()``: the optimizer would not hold it, so it would not train, and nothing
    would say so. Made in ``__init__``, it is trained, saved and loaded like any other.
    """
    known = {id(p) for p in model.parameters()}
    before = {id(layer): dict(vars(layer)) for layer in model.walk()}
    yield
    made = [(path, layer, name) for path, layer in model.named_layers() for name, child in layer._children()
            if isinstance(child, Parameter) and id(child) not in known]
    if not made:
        return
    for _, layer, name in made:  # as it was: the attribute's old value, or none
        held = before.get(id(layer))
        if held is not None and name in vars(layer):
            if name in held:
                vars(layer)[name] = held[name]
            else:
                del vars(layer)[name]
    path, layer, name = made[0]
    where = f"layer {path} ({type(layer).__name__})" if path else type(layer).__name__
    raise ValueError(f"{where} made its parameter {name!r} in its forward pass, after the optimizer was "
                     f"built from model.parameters(): the optimizer would not hold it, so it would not "
                     f"train (and save could not write it). Make every parameter in __init__, from "
                     f"the constructor's arguments (e.g. an n_features argument for its width: "
                     f"self.{name} = nn.Parameter(np.ones(n_features, dtype=nn.get_default_dtype()))); "
                     f"the layer is left as it was before this fit")


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
