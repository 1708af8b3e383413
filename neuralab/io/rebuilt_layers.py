"""Whether each layer of a model comes back as itself from its spec, as ``load`` rebuilds it
(``Layer.from_spec``, then the file's arrays): ``save`` checks it (``load.check_loadable``)
before it writes a file. A layer of your own can fail it four ways, each named with its fix:

- its class name is held by another class (``class ReLU(nn.Layer)``), as which it would load
  (``check_names_held``, and the class check of ``check_rebuilt_layers``);
- its ``config()`` leaves out a constructor argument, which would load with its default;
- it makes a parameter after its constructor (in its first forward pass), which has no place
  to load into;
- it keeps state in a plain array attribute that the file would not hold (``_check_arrays``).
"""
import inspect
import math
import numbers

import numpy as np

from ..nn import spec as layer_specs
from ..nn.parameter import Parameter
from .file_format import InvalidModelFile


def check_names_held(model):
    """Refuse a layer of ``model`` whose class name another class holds in the registry: the
    spec would rebuild as that class, if it rebuilds at all."""
    for layer in model.walk():
        if (holder := layer_specs.REGISTRY.get(type(layer).__name__)) is not None:
            _check_class(layer, holder)


def check_rebuilt_layers(model, rebuilt):
    """Refuse a layer of ``model`` that its counterpart in ``rebuilt`` (the model built again from
    its spec) is not: another class, other settings, other parameters of its own, or other
    values in an array attribute that the file would not hold."""
    for (path, layer), built in zip(model.named_layers(), rebuilt.walk()):
        _check_class(layer, type(built))
        _check_settings(layer, built)
        _check_parameters(path, layer, built)
        _check_arrays(path, layer, built)


def _check_class(layer, loads_as):
    """Refuse ``layer`` if ``load`` would rebuild it as ``loads_as``, which is neither its class
    nor one it derives from (see ``nn.spec.loads_as_refusal``)."""
    if message := layer_specs.loads_as_refusal(type(layer), loads_as):
        raise InvalidModelFile(message)


def _check_settings(layer, built):
    """Refuse a layer whose settings (the attributes named like its constructor's arguments,
    holding plain values: numbers, text, None, and tuples or lists of them) the layer rebuilt
    from its spec does not have: a layer of your own whose ``config()`` leaves out a constructor
    argument would load with its default, an ELU(alpha=0.3) as ELU(), silently. An array is
    compared by its values (``_check_arrays``); other attributes (a counter that forward moves,
    what ``fit`` sets on the model) are state, not settings."""
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


def _check_arrays(path, layer, built):
    """Refuse a layer (at ``path``) holding in a plain attribute an array that its constructor
    makes (``built``, the layer rebuilt from its spec, has one there) with other values now:
    state that forward updates, a running mean kept in ``self.mean = np.zeros(n)``, or an array
    argument that ``config()`` does not return as it is. The file holds parameters and buffers
    only, so the model would load with the constructor's values, silently. What forward keeps
    for backward (``self.a_prev``, ``self.mask``) does not count: the constructor makes none of
    it. (A constructor's array made by ``nn.init`` is compared with ``load``'s placeholder, of
    arbitrary values: keep such state as a buffer.)"""
    made = vars(built)
    arrays = {name: value for name, value in vars(layer).items()
              if isinstance(value, np.ndarray) and isinstance(made.get(name), np.ndarray)}
    if not arrays:  # (most layers: what they keep in arrays, forward made)
        return
    saved = {id(buffer) for _, buffer in layer.named_buffers()}
    for name, value in arrays.items():
        first = made[name]
        if id(value) in saved or (value.shape == first.shape and np.array_equal(
                value, first, equal_nan=value.dtype.kind in "fc")):
            continue  # saved, or as the constructor makes it: it loads as it is
        kind = type(layer).__name__
        where = f"layer {path} ({kind})" if path else kind
        fix = (f"config() must return it as plain values, {{'{name}': self.{name}.tolist(), ...}}"
               if name in inspect.signature(type(layer).__init__).parameters else
               f"keep it as a buffer, which save writes: yield it from the layer's named_buffers, "
               f"def named_buffers(self, prefix=''): yield prefix + '{name}', self.{name} (or make it "
               f"an nn.Parameter if it is trained)")
        raise InvalidModelFile(f"{where} holds self.{name}, an array whose values differ from those "
                               f"{kind}(**config()) makes, and a model file holds only parameters and "
                               f"buffers: the model would load with the constructor's values; {fix}")


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

