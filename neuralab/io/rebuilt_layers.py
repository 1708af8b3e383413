"""Whether each layer of a model comes back as itself from its spec, as ``load`` rebuilds it
(``Layer.from_spec``, then the file's arrays): ``save`` checks it (``load.check_loadable``)
before it writes a file. A layer of your own can fail it three ways, each named with its fix:

- its class name is held by another class (``class ReLU(nn.Layer)``), as which it would load
  (``check_names_held``, and the class check of ``check_rebuilt_layers``);
- its ``config()`` leaves out a constructor argument, which would load with its default;
- it makes a parameter after its constructor (in its first forward pass), which has no place
  to load into.
"""
import inspect
import math
import numbers

from ..nn import layer as layer_module
from ..nn.parameter import Parameter
from .file_format import InvalidModelFile


def check_names_held(model):
    """Refuse a layer of ``model`` whose class name another class holds in the registry: the
    spec would rebuild as that class, if it rebuilds at all."""
    for layer in model.walk():
        if (holder := layer_module.REGISTRY.get(type(layer).__name__)) is not None:
            _check_class(layer, holder)


def check_rebuilt_layers(model, rebuilt):
    """Refuse a layer of ``model`` that its counterpart in ``rebuilt`` (the model built again from
    its spec) is not: another class, other settings or other parameters of its own."""
    for (path, layer), built in zip(model.named_layers(), rebuilt.walk()):
        _check_class(layer, type(built))
        _check_settings(layer, built)
        _check_parameters(path, layer, built)


def _check_class(layer, loads_as):
    """Refuse ``layer`` if ``load`` would rebuild it as ``loads_as``, which is neither its class
    nor one it derives from (see ``nn.layer.loads_as_refusal``)."""
    if message := layer_module.loads_as_refusal(type(layer), loads_as):
        raise InvalidModelFile(message)


def _check_settings(layer, built):
    """Refuse a layer whose settings (the attributes named like its constructor's arguments,
    holding plain values: numbers, text, None, and tuples or lists of them) the layer rebuilt
    from its spec does not have: a layer of your own whose ``config()`` leaves out a constructor
    argument would load with its default, an ELU(alpha=0.3) as ELU(), silently. Other attributes
    (a counter that forward moves, what ``fit`` sets on the model) are state, not settings."""
    rebuilt, arguments = vars(built), inspect.signature(type(layer).__init__).parameters
    for name, value in vars(layer).items():
        if name not in arguments or name not in rebuilt or not _plain(value):
            continue
        if not _same(value, rebuilt[name]):
            kind = type(layer).__name__
            raise InvalidModelFile(
                f"{kind}.{name} is {value!r}, but {kind}(**config()) has {rebuilt[name]!r}: the model "
                f"would load with that; config() must return every constructor argument (here "
                f"{{'{name}': self.{name}, ...}}) and the constructor set {name} from it")


def _check_parameters(path, layer, built):
    """Refuse a layer (at ``path`` in the model) whose own parameters are not those of the layer
    rebuilt from its spec: a parameter made after the constructor, in the first forward pass once
    the input's width is known (as a Keras layer is built), has no place to load into. The
    arrays' check that follows would say only that they do not match the model."""
    held, made = _own_parameters(layer), _own_parameters(built)
    if set(held) == set(made):  # in another order they load all the same: by name
        return
    kind, where = type(layer).__name__, f"layer {path} {layer!r}" if path else repr(layer)
    extra, missing = [n for n in held if n not in made], [n for n in made if n not in held]
    if extra:
        what = f"holds the parameter {', '.join(map(repr, extra))}, which {kind}(**config()) does not make"
    else:
        what = f"lacks the parameter {', '.join(map(repr, missing))}, which {kind}(**config()) makes"
    raise InvalidModelFile(f"{where} {what}: load rebuilds each layer that way, so the file would "
                           f"not load; make every parameter in the constructor, from the "
                           f"arguments config() returns")


def _own_parameters(layer):
    """The names of the parameters ``layer`` holds itself, not through the layers inside it."""
    return [name for name, child in layer._children() if isinstance(child, Parameter)]


def _plain(value):
    if isinstance(value, (tuple, list)):
        return all(map(_plain, value))
    return value is None or isinstance(value, (numbers.Number, str))


def _same(a, b):
    """Equal settings; NaN equals NaN (a NaN setting rebuilds as NaN)."""
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, numbers.Real) and isinstance(b, numbers.Real) and math.isnan(a) and math.isnan(b):
        return True
    if all(isinstance(v, numbers.Number) for v in (a, b)) or all(isinstance(v, str) for v in (a, b)):
        return bool(a == b)  # 0.3 and np.float32(0.3) only if equal; np.str_ saves and loads as a str
    return type(a) is type(b) and a == b

