"""Parameter attributes that refuse anything but a Parameter: ``layer.weight = np.array(...)``
raises a TypeError instead of taking the weight out of the model (``_ParameterSlot``).

``Layer.__init_subclass__`` wraps the ``__init__`` of every layer class in ``_guarding``, so that
once a layer is built its class gets a slot for each attribute that holds a Parameter: the
layers of your own are guarded too, with no declaration.
"""
import functools
import weakref

from .parameter import Parameter, wrong_shape

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


def _guarding(init):
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
