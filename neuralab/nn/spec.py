"""A model as data: every layer's spec is a small JSON-able dict, {"type": its class's name,
**config()}, from which the same layer is built again (with new weights: ``save`` keeps those).

``Layer.to_spec`` and ``Layer.from_spec`` are the doors; this module holds the registry that
turns a spec's "type" back into a class. Every subclass of Layer registers itself by its class
name when it is defined (``register``); a name stays with the first class that takes it."""
import keyword

from .checks import ArgumentTypeError

REGISTRY = {}


def register(cls):
    """Register ``cls`` under its class name, the "type" its specs carry, unless another class
    holds the name. The built-ins take theirs when neuralab.nn is imported: a user's own
    ``class ReLU(nn.Layer)`` works as any class does but does not change what files saying
    "ReLU" load as (``to_spec`` and save refuse to write it). The same class defined again (same
    module and qualified name: a notebook cell run twice) takes the old one's place."""
    held = REGISTRY.get(cls.__name__)
    if held is None or _class_name(held) == _class_name(cls):
        REGISTRY[cls.__name__] = cls


def loads_as_refusal(cls, loads_as):
    """Why a layer of class ``cls`` cannot be rebuilt as ``loads_as`` from its spec, the class
    its name gives in the registry (a name stays with the class that took it first): "" when
    ``loads_as`` is ``cls`` or a class it derives from (a Sequential of your own rebuilds as a
    Sequential). By module and name, since a notebook cell run again makes a new class of the
    same name."""
    if _class_name(loads_as) in map(_class_name, cls.__mro__):
        return ""
    return (f"{_class_name(cls)} would load as {_class_name(loads_as)}, the layer type that holds the "
            f"name {loads_as.__name__!r}: give your class another name")


def _class_name(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


class UnknownLayerType(ValueError):
    """A spec names a layer type no class has taken; ``own_class`` when the name could be a class
    of the user's own that is not defined (yet) here, rather than a misspelling or a module path."""

    def __init__(self, message, kind, own_class):
        super().__init__(message)
        self.kind, self.own_class = kind, own_class


def spec_of(layer):
    """{"type": the class name, **config()}, refused for a class of your own whose name another
    class holds (``class ReLU(nn.Layer)``): its spec would rebuild as that class, silently."""
    kind = type(layer)
    holder = REGISTRY.get(kind.__name__)
    if holder is not None and (message := loads_as_refusal(kind, holder)):
        raise ValueError(message)
    return {"type": kind.__name__, **layer.config()}


def layer_from_spec(spec, base):
    """The layer ``spec`` describes, built by its constructor; refused unless it is a ``base``
    (the class ``from_spec`` was called on) and its type and arguments are known."""
    if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
        raise ValueError(f"a layer spec must be a dict with a 'type' string, got {spec!r}")
    kind = spec["type"]
    named = REGISTRY.get(kind)
    if named is None or kind.startswith("_"):
        advice, own_class = _type_advice(kind)
        raise UnknownLayerType(f"unknown layer type {kind!r}; known types: {known_types()}. {advice}",
                               kind, own_class)
    if not issubclass(named, base):
        raise ValueError(f"this spec is of a {kind}, which is no {base.__name__}: "
                         f"nn.Layer.from_spec(spec) builds whichever layer a spec names")
    return named._from_config({k: v for k, v in spec.items() if k != "type"})


def known_types():
    """The layer types a spec may name, as a comma-separated list."""
    return ", ".join(sorted(k for k in REGISTRY if not k.startswith("_")))


def _type_advice(kind):
    """What to write for an unknown "type", and whether it names a class of the user's own: a
    spec holds a class's name alone, and a file loads whichever module defines the class."""
    name = kind.rpartition(".")[2]
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        return "A layer's type is its class's name, such as 'Dense'", False
    if name != kind:
        return f"A layer's type is its class's name without a module: {name!r}, not {kind!r}", False
    from .. import nn   # (imported when asked: nn imports this module)
    if hasattr(nn, kind):
        return f"nn.{kind} is no layer a spec builds (a base class, or not a layer)", False
    # (the spec holds no base class: an activation of your own derives from nn.Activation)
    return (f"A layer class of your own must be defined (or imported) before the model is loaded, "
            f"under the same name: the class {kind} you wrote, with the same constructor and "
            f"config()"), True


def build(cls, args):
    """``cls(**args)``, a constructor's complaint said as a bad spec."""
    try:
        return cls(**args)
    except ArgumentTypeError as err:  # a value of the wrong type: the constructor named it
        raise ValueError(f"bad arguments for {cls.__name__}: {err}") from None
    except TypeError as err:          # Python's: an argument the constructor does not take
        raise ValueError(f"bad arguments for {cls.__name__}: {err} (a layer is rebuilt as "
                         f"{cls.__name__}(**config()): its config() must return the arguments "
                         f"of its constructor)") from None
