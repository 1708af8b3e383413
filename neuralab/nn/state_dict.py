"""A model's weights as a dict of arrays by name, and back: torch's ``state_dict`` and
``load_state_dict``, which the PyTorch tutorials save and load a model with.

    state = model.state_dict()            {"0.weight": W[1], "0.bias": b[1], "2.weight": W[2], ...}
    model.load_state_dict(state)          W[l] ← state[...] for every parameter and buffer

The names are ``named_parameters`` and ``named_buffers``'s, torch's names for the same module
(``io.to_torch(model).state_dict()`` has the same keys, and torch's BatchNorm a count of batches
more, which loading here skips), so a dict from either side loads into the other. Saved without pickle, it is a ``.npz`` file:

    np.savez("model_weights.npz", **model.state_dict())          # torch.save(model.state_dict(), path)
    model.load_state_dict(np.load("model_weights.npz"))         # model.load_state_dict(torch.load(path))

The file holds the numbers alone; the model is built by your code first, as in torch.
``model.save(path)`` and ``neuralab.load(path)`` keep the layers too.

Two differences from torch, both to spare a learner a surprise:
- ``state_dict`` gives copies. torch's tensors share the parameters' memory, so a "best weights"
  dict kept during training changes with the next step unless deep-copied.
- ``load_state_dict`` refuses NaN and inf (a model saved after training diverged) and a
  buffer its layer refuses (a negative BatchNorm1d running_var), as ``neuralab.load`` does.
Everything is checked before any value is written: a refused dict leaves the model as it was.
The values are written into the arrays in place, cast to the model's dtype (torch's
``copy_``), so an optimizer built on ``model.parameters()`` goes on with them.
"""
from collections import namedtuple
from collections.abc import Mapping
from os import PathLike

import numpy as np

from .course_parameters import course_parameters_hint

# What torch's load_state_dict returns: the names the model has and the dict lacks, and the
# names the dict has and the model lacks (both empty unless strict=False let them pass)
IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])
# The entry of the JSON header in a whole model's file, ``model.save(path)``'s (io.file_format's
# SPEC_KEY: nn sits below io and cannot import it): a dict that holds it is no state_dict's
MODEL_FILE_KEY = "__neuralab__"


def state_dict(model):
    """{name: a copy of its array} of every parameter, then every buffer, of ``model``."""
    named = [*((name, p.data) for name, p in model.named_parameters()), *model.named_buffers()]
    return {name: array.copy() for name, array in named}


def owner_of(layers, dotted):
    """(layer, attribute) that the dotted name of a parameter or buffer ends in: "2.weight" is
    (the layer at path "2", "weight"). ``layers`` is the model's ``dict(named_layers())``, made
    once for all the names: looking each one up from the top would list a Sequential's layers
    again for every array (3,000 BatchNorm1d layers took 20 s to load)."""
    path, _, attribute = dotted.rpartition(".")
    return layers[path], attribute


def load_state_dict(model, state_dict, strict=True):
    """Write the arrays of ``state_dict`` ({name: array}, a dict, ``np.load``'s archive of a ``.npz``
    or a torch state_dict) into ``model``'s parameters and buffers of the same names; return
    ``IncompatibleKeys(missing_keys, unexpected_keys)``. With ``strict=True`` the names must be
    exactly the model's; with ``strict=False`` the names they share are loaded, the others left.
    The arrays of a whole model's file (``model.save``'s, with its ``MODEL_FILE_KEY`` entry) are
    refused with strict=True, named so, with ``neuralab.load`` to read it."""
    kind = type(model).__name__
    if isinstance(state_dict, (str, PathLike)):
        raise TypeError(f"{kind}.load_state_dict takes the dict of arrays, not a file: "
                        f"model.load_state_dict(np.load({str(state_dict)!r}))")
    if not isinstance(state_dict, Mapping):
        other = (": other.state_dict() gives its dict" if hasattr(state_dict, "named_parameters") else
                 ": np.savez(path, **model.state_dict()) saves the dict, np.load(path) gives it back"
                 if isinstance(state_dict, np.ndarray) else "")
        raise TypeError(f"{kind}.load_state_dict takes a dict of arrays by name, as model.state_dict() "
                        f"gives, got {type(state_dict).__name__}{other}")
    buffers, layers = dict(model.named_buffers()), dict(model.named_layers())
    targets = {**{name: p.data for name, p in model.named_parameters()}, **buffers}
    missing = [name for name in targets if name not in state_dict]
    unexpected = [name for name in state_dict if name not in targets and not _torch_batch_count(layers, name)]
    if strict and MODEL_FILE_KEY in unexpected:
        raise ValueError(_whole_model_words(kind, state_dict))
    if strict and (missing or unexpected):
        raise ValueError(f"{kind}.load_state_dict: the names do not match the model's: missing "
                         f"{listed_names(missing)}, unexpected {listed_names(unexpected)}{_prefix_hint(missing, unexpected)} "
                         f"(strict=False loads the names they share){course_parameters_hint(state_dict)}")
    values = {name: _checked(kind, name, state_dict[name], targets[name]) for name in targets if name in state_dict}
    for name in values.keys() & buffers.keys():
        owner, attribute = owner_of(layers, name)
        try:
            owner.check_buffer(attribute, values[name])
        except ValueError as err:
            raise ValueError(f"{kind}.load_state_dict: {name!r}: {err}") from None
    for name, value in values.items():
        targets[name][...] = value      # in place: the optimizer's views see the new values
    return IncompatibleKeys(missing, unexpected)


def _whole_model_words(kind, archive):
    """What to do with the arrays of a file ``model.save`` wrote: it holds the layers too, and
    ``neuralab.load`` reads it. The file's name is np.load's (its archive keeps it), else "path"."""
    path = getattr(getattr(archive, "zip", None), "filename", None)
    path = "path" if path is None else repr(str(path))
    return (f"{kind}.load_state_dict: these arrays are a whole model's file, written by model.save(path), its "
            f"layers in the {MODEL_FILE_KEY!r} entry: neuralab.load({path}) reads it as a model; "
            f"model.load_state_dict(neuralab.load({path}).state_dict()) puts its weights in this one")


def _torch_batch_count(layers, name):
    """Whether ``name`` is torch's BatchNorm buffer "num_batches_tracked" of a BatchNorm1d here,
    which keeps no such count: torch uses it only with momentum=None, which BatchNorm1d refuses."""
    path, _, attribute = name.rpartition(".")
    return attribute == "num_batches_tracked" and type(layers.get(path)).__name__ == "BatchNorm1d"


def _checked(kind, name, value, target):
    """``value`` as an array in ``target``'s dtype, after checking that it is real numbers, all
    finite, of ``target``'s shape."""
    array = np.asarray(value)
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{kind}.load_state_dict: {name!r} must be an array of numbers, got dtype {array.dtype}")
    if array.shape != target.shape:
        raise ValueError(f"{kind}.load_state_dict: {name!r} has shape {array.shape}, the model's has "
                         f"{target.shape} (a dict saved from a model of other sizes?)")
    if not np.isfinite(array).all():
        raise ValueError(f"{kind}.load_state_dict: {name!r} contains NaN or inf (saved after training diverged?)")
    return array.astype(target.dtype, copy=False)


def _prefix_hint(missing, unexpected):
    """When the names differ by a first part alone ("0.linear_relu_stack.0.weight" beside
    "linear_relu_stack.0.weight"), what that part is: a dict saved from the model inside a
    Sequential, loaded into the model alone, or the other way round. "" otherwise."""
    if not missing or len(missing) != len(unexpected):
        return ""
    for longer, shorter, whose in ((unexpected, missing, "dict's"), (missing, unexpected, "model's")):
        pairs = list(zip(sorted(longer), sorted(shorter)))
        prefixes = {long[:len(long) - len(short)] for long, short in pairs}
        prefix = prefixes.pop() if len(prefixes) == 1 else ""
        if prefix.endswith(".") and all(long == prefix + short for long, short in pairs):
            return (f"; the {whose} names have {prefix!r} in front: a model inside a Sequential "
                    f"and the model alone name the same weights so")
    return ""


def listed_names(names, limit=5):
    """The first ``limit`` of ``names`` quoted, in brackets, or \"none\"."""
    if not names:
        return "none"
    return "[" + ", ".join(map(repr, names[:limit])) + (", ...]" if len(names) > limit else "]")
