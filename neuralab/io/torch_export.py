"""Export a neuralab model to an equivalent ``torch.nn.Module`` (PyTorch is imported only here).

Each layer type maps to a converter in ``TORCH_EXPORTERS``: ``converter(layer, torch)`` returns
the torch module computing the same function with the same weights. A new layer adds its own::

    from neuralab.io import TORCH_EXPORTERS
    TORCH_EXPORTERS[GELU] = lambda layer, torch: torch.nn.GELU()

The module it returns must name its parameters as the layer's ``named_parameters()`` does
("weight" for ``self.weight``, "params.0" for ``self.params[0]``), which ``to_torch`` checks
layer by layer, naming the converter that does not.

A ``Sequential`` becomes a ``torch.nn.Sequential`` with the same indices, so the exported
``state_dict()`` names are neuralab's ``named_parameters()`` and ``named_buffers()`` names
("0.weight", "0.bias", "1.running_mean", ...; torch's BatchNorm adds "num_batches_tracked").

Step, Standardize and PlaneFeatures have no torch equivalent: they become ``TorchStep``,
``TorchStandardize`` and ``TorchPlaneFeatures``, ``torch.nn.Module`` classes of this module.
They can only be made once torch is imported, so they are made on first use, yet found by name
at module level (``__getattr__``, PEP 562) as pickle finds a class, while ``import neuralab``
still does not import torch.

To keep an exported model, save its weights, ``torch.save(module.state_dict(), "model.pt")``,
which ``torch.load("model.pt")`` reads by default (``weights_only=True``, nothing unpickled):
``module.load_state_dict(...)`` of a module built again (``to_torch`` of the same model, or
its ``neuralab.load``) takes them. ``torch.save(module)`` pickles the module itself, which
``torch.load`` refuses by default since torch 2.6; ``torch.load(path, weights_only=False)``
rebuilds it, in a new process too, but runs whatever code the file holds: only for files of
your own. An exported model traces with ``torch.export.export`` (give the batch dimension as
dynamic to take any batch size), torch's way to deploy a model now.
"""
import functools
import re

import numpy as np

from ..nn.activations import Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Step, Tanh
from ..nn.batchnorm import BatchNorm1d
from ..nn.dense import Dense
from ..nn.dropout import Dropout
from ..nn.flatten import Flatten
from ..nn.layer import Layer
from ..nn.plane_features import FEATURES, PlaneFeatures
from ..nn.sequential import Sequential
from ..nn.standardize import Standardize
from .load import mixed_dtypes


def to_torch(model):
    """The ``torch.nn.Module`` equivalent to ``model``, in evaluation mode (like ``predict``).

    Weights are copied (not shared with ``model``) and keep their dtype; a parameter that
    layers of ``model`` share is one parameter of the module too. A layer type with no entry in
    ``TORCH_EXPORTERS`` raises a ``ValueError`` naming it and how to add one; a converter whose
    module names its parameters otherwise than the layer does, a ``RuntimeError`` naming it.
    Torch's random generator is left as it was: a converter of your own may build a module that
    draws initial weights (a ``torch.nn.Linear`` off the "meta" device), which would change the
    numbers a seeded script gets.

    >>> import numpy as np, torch
    >>> from neuralab import io, nn
    >>> model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    >>> module = io.to_torch(model)
    >>> module
    Sequential(
      (0): Linear(in_features=2, out_features=8, bias=True)
      (1): ReLU()
      (2): Linear(in_features=8, out_features=1, bias=True)
      (3): Sigmoid()
    )
    >>> X = np.random.default_rng(1).standard_normal((5, 2)).astype(np.float32)
    >>> np.allclose(module(torch.from_numpy(X)).detach().numpy(), model.predict(X), atol=1e-6)
    True
    """
    if not isinstance(model, Layer):
        raise TypeError(f"to_torch expects a neuralab Layer or Sequential, got {type(model).__name__}")
    _refuse_mixed_dtypes(model)
    torch = _import_torch()
    with torch.random.fork_rng(devices=[]):  # the CPU generator, where modules are built
        module = _convert(model, torch)
    for path, first in model.shared_parameters().items():  # tied weights stay tied
        owner, attribute = path.rpartition(".")[::2]
        setattr(module.get_submodule(owner), attribute, module.get_parameter(first))
    exported = [name for name, _ in module.named_parameters()]
    expected = [name for name, _ in model.named_parameters()]
    if exported != expected:  # each layer's names matched (see _convert): the ties did not
        raise RuntimeError(f"to_torch: exported parameter names {exported} differ from the "
                           f"model's {expected} once its shared parameters are tied again "
                           f"({model.shared_parameters()})")
    return module.eval()


def _refuse_mixed_dtypes(model):
    """A torch module computes in one dtype and refuses a float32 input to a float64 Linear,
    where NumPy promotes: a model whose parameters mix float32 and float64 (a weight assigned
    ``np.array(...)``, NumPy's float64, in a float32 model) would export into a module that fails
    on every input. So do running statistics of another dtype than their layer's (a model
    converted by its parameters alone). Standardize's buffers may differ: TorchStandardize
    computes in them and casts back, as neuralab does."""
    standardize = {path for path, layer in model.named_layers() if isinstance(layer, Standardize)}
    dtypes = [(name, p.data.dtype) for name, p in model.named_parameters()]
    dtypes += [(name, b.dtype) for name, b in model.named_buffers() if name.rpartition(".")[0] not in standardize]
    if mixed := mixed_dtypes(dtypes):
        usual, odd = mixed
        odd = [f"{name} is {dtype.name}" for name, dtype in odd]
        raise ValueError(f"to_torch: {', '.join(odd[:3])}{', ...' if len(odd) > 3 else ''} where the "
                         f"model's other arrays are {usual.name}, and a torch module computes in "
                         f"one dtype: convert the model first, model.to(np.float32) or "
                         f"model.to(np.float64) (a weight assigned np.array(...) is NumPy's float64; "
                         f"layer.weight.data[...] = values keeps the weight's dtype)")


def _import_torch():
    try:
        import torch
    except ImportError as err:
        raise ImportError("to_torch needs PyTorch, which is not installed: pip install torch") from err
    return torch


def _convert(layer, torch):
    """The torch module of ``layer``, made by its converter and checked: the module's parameters
    must have the layer's names (``named_parameters()``), or ``state_dict()`` names and tied
    weights would not match. Each layer is checked as it is converted, the layers inside a
    Sequential before the Sequential, so that a wrong converter is named, not its container's."""
    kind = type(layer)
    if kind not in TORCH_EXPORTERS and isinstance(layer, Sequential):
        # a Sequential of your own exports as a Sequential, as it saves (its spec says
        # "Sequential"); a subclass of another layer may compute something else: it needs an entry
        kind = Sequential
    converter = TORCH_EXPORTERS.get(kind)
    name = kind.__name__
    if converter is None:
        # by name, but for a class of your own named like a built-in one (class ReLU(nn.Layer)),
        # which is then named by its module, and the built-in left out of the list
        same_name = [cls for cls in TORCH_EXPORTERS if cls.__name__ == name]
        known = ", ".join(sorted(cls.__name__ for cls in TORCH_EXPORTERS if cls not in same_name))
        label = name
        if same_name:
            label = f"{kind.__module__}.{kind.__qualname__}"
            known += (f" (and {same_name[0].__module__}.{same_name[0].__qualname__}, the built-in "
                      f"layer of the same name, which this class is not)")
        parent = next((cls for cls in kind.__mro__[1:] if cls in TORCH_EXPORTERS), None)
        same = (f" (or, if it computes just what {parent.__name__} does, TORCH_EXPORTERS[{name}] = "
                f"TORCH_EXPORTERS[{parent.__name__}])" if parent is not None else "")
        raise ValueError(f"to_torch: no PyTorch equivalent for layer {label}; exportable layers: "
                         f"{known}. A layer of your own exports once you give it a converter, which "
                         f"returns the torch.nn.Module computing the same function with the same "
                         f"weights (its parameters named as the layer's named_parameters()): "
                         f"from neuralab.io import TORCH_EXPORTERS; "
                         f"TORCH_EXPORTERS[{name}] = lambda layer, torch: ...{same}")
    module = converter(layer, torch)
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"to_torch: the converter of {name}, TORCH_EXPORTERS[{name}], returned "
                        f"{type(module).__name__}, not a torch.nn.Module")
    exported = [n for n, _ in module.named_parameters(remove_duplicate=False)]
    expected = [n for n, _ in layer.named_parameters(remove_duplicate=False)]
    if exported != expected:
        raise RuntimeError(f"to_torch: the converter of {name}, TORCH_EXPORTERS[{name}], made a "
                           f"module whose parameters are named {exported}, where the layer's are "
                           f"{expected} (its named_parameters()): give the torch module's "
                           f"parameters the layer's names, so that state_dict() matches")
    if kind is not Sequential:  # a Sequential's layers were checked as they were converted
        _check_weights(module, layer, name, torch)
    return module


def _check_weights(module, layer, name, torch):
    """Refuse a module whose parameters are not the layer's weights: another shape or dtype (a
    float64 tensor in a float32 model fails at the module's first call, deep in torch), or other
    values (a converter that built a fresh ``torch.nn.Linear`` and forgot to copy the weights in
    would export another function, without a word). A parameter that shares memory with the
    layer's (``torch.from_numpy``) is copied, as ``to_torch`` promises: training the module
    would otherwise move the model's weights too."""
    ours = dict(layer.named_parameters(remove_duplicate=False))
    for path, tensor in module.named_parameters(remove_duplicate=False):
        data, where = ours[path].data, f"to_torch: the converter of {name}, TORCH_EXPORTERS[{name}], made"
        attribute = re.sub(r"[.](\d+)", r"[\1]", path)   # params.0 is layer.params[0]
        copy = f"torch.nn.Parameter(torch.tensor(layer.{attribute}.data))"
        dtype = torch.from_numpy(np.empty(0, data.dtype)).dtype
        if tuple(tensor.shape) != data.shape or tensor.dtype != dtype:
            raise RuntimeError(f"{where} its parameter {path} {tuple(tensor.shape)}, {tensor.dtype}, where "
                               f"the layer's is {data.shape}, {data.dtype}: make it from the layer's "
                               f"array, {copy}")
        values = tensor.detach().cpu().numpy()
        if not np.array_equal(values, data, equal_nan=True):
            raise RuntimeError(f"{where} its parameter {path} with other values than the layer's: copy the "
                               f"layer's weights in, {copy}, so that the module computes what the model does")
        if np.shares_memory(values, data):
            with torch.no_grad():
                tensor.data = tensor.data.clone()


def _tensor(array, torch):
    return torch.from_numpy(np.array(array, copy=True, order="C"))


def _dense(layer, torch):
    """A Linear built on the "meta" device, which holds no numbers: it neither allocates nor draws
    initial weights only to have them replaced (a copy of a weight, made to read its dtype, went too)."""
    weight = _tensor(layer.weight.data, torch)
    linear = torch.nn.Linear(layer.in_features, layer.out_features, bias=layer.bias is not None,
                             dtype=weight.dtype, device="meta")
    linear.weight = torch.nn.Parameter(weight)
    if layer.bias is not None:
        linear.bias = torch.nn.Parameter(_tensor(layer.bias.data, torch))
    return linear


def _batchnorm(layer, torch):
    """Same γ, β and running statistics. torch's extra buffer ``num_batches_tracked`` stays 0: it
    only matters with ``momentum=None`` (a cumulative average), which neuralab does not have."""
    norm = torch.nn.BatchNorm1d(layer.num_features, eps=layer.eps, momentum=layer.momentum)
    norm.weight = torch.nn.Parameter(_tensor(layer.weight.data, torch))
    norm.bias = torch.nn.Parameter(_tensor(layer.bias.data, torch))
    norm.running_mean = _tensor(layer.running_mean, torch)
    norm.running_var = _tensor(layer.running_var, torch)
    return norm


@functools.cache
def _step_class():
    torch = _import_torch()

    class TorchStep(torch.nn.Module):
        """a = 1 if z ≥ 0 else 0, in z's dtype (Rosenblatt's threshold unit); f'(z) = 0.

        ``z >= 0`` alone has no gradient: torch's backward pass would stop there, leaving the
        layers before it without gradients (and raise if none come after it). 0·z, with NaN and
        ±inf made 0, adds nothing to a and links it to z with the derivative neuralab's backward
        uses: δ[l-1] = δ[l] · 0. Plain tensor operations, so ``torch.jit.script`` still works."""

        def forward(self, z):
            return (z >= 0).to(z.dtype) + (z * 0).nan_to_num(0.0, 0.0, 0.0)

    TorchStep.__qualname__ = "TorchStep"  # pickle finds it there: see __getattr__
    return TorchStep


@functools.cache
def _standardize_class():
    torch = _import_torch()

    class TorchStandardize(torch.nn.Module):
        """a = (x - μ) / σ, or a = x·σ + μ with ``inverse``, with μ and σ as the buffers "mean"
        and "std", computed in their dtype and returned in x's, as neuralab does: float64
        statistics (those of float64 data) in front of a float32 network hand it float32."""

        def __init__(self, mean, std, inverse=False):
            super().__init__()
            self.register_buffer("mean", mean)
            self.register_buffer("std", std)
            self.inverse = inverse

        def forward(self, x):
            return (x * self.std + self.mean if self.inverse else (x - self.mean) / self.std).to(x.dtype)

    TorchStandardize.__qualname__ = "TorchStandardize"  # pickle finds it there: see __getattr__
    return TorchStandardize


@functools.cache
def _plane_features_class():
    torch = _import_torch()

    class TorchPlaneFeatures(torch.nn.Module):
        """a = [f_1(x1, x2), ..., f_k(x1, x2)] for the feature names ``names``: the lines of
        ``nn.plane_features.FEATURES`` themselves, computed with torch's sin (their ``lib``), so
        that autograd differentiates them. Keeps x's dtype."""

        def __init__(self, names):
            super().__init__()
            self.names = list(names)

        def extra_repr(self):
            return f"names={self.names!r}"

        def forward(self, x):
            x1, x2 = x[:, 0], x[:, 1]
            return torch.stack([FEATURES[name].function(x1, x2, lib=torch) for name in self.names], dim=1)

    TorchPlaneFeatures.__qualname__ = "TorchPlaneFeatures"  # pickle finds it there: see __getattr__
    return TorchPlaneFeatures


_TORCH_CLASSES = {"TorchStep": _step_class, "TorchStandardize": _standardize_class,
                  "TorchPlaneFeatures": _plane_features_class}


def __getattr__(name):
    """``TorchStep``, ``TorchStandardize`` and ``TorchPlaneFeatures``, made (and torch imported)
    on first use (PEP 562): pickle looks an exported module's classes up here by name, in a
    process that has not exported anything yet too, and gets the one class each name stands for
    (``functools.cache``)."""
    if name in _TORCH_CLASSES:
        return _TORCH_CLASSES[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


TORCH_EXPORTERS = {
    Sequential: lambda layer, torch: torch.nn.Sequential(*(_convert(l, torch) for l in layer.layers)),
    Dense: _dense,
    Dropout: lambda layer, torch: torch.nn.Dropout(layer.p),
    Flatten: lambda layer, torch: torch.nn.Flatten(),
    BatchNorm1d: _batchnorm,
    Identity: lambda layer, torch: torch.nn.Identity(),
    Step: lambda layer, torch: _step_class()(),
    Standardize: lambda layer, torch: _standardize_class()(_tensor(layer.mean, torch), _tensor(layer.std, torch),
                                                         layer.inverted),
    PlaneFeatures: lambda layer, torch: _plane_features_class()(layer.names),
    Sigmoid: lambda layer, torch: torch.nn.Sigmoid(),
    Tanh: lambda layer, torch: torch.nn.Tanh(),
    ReLU: lambda layer, torch: torch.nn.ReLU(),
    LeakyReLU: lambda layer, torch: torch.nn.LeakyReLU(negative_slope=layer.alpha),
    Softmax: lambda layer, torch: torch.nn.Softmax(dim=layer.axis),
}
