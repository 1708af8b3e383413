"""A Sequential's ``layers``: a list that refuses what would break the network, and the slot
that makes whatever is assigned to ``model.layers`` one."""
import inspect

from ..spelling import as_python_name
from .habits import TORCH_NN_NAMES, torch_class
from .layer import Layer
from .sequential_repr import short_repr


class LayerList(list):
    """A Sequential's ``layers``: a list that checks what goes into it, at construction and at
    every change (``model.layers[-1] = nn.Dense(...)``, ``append``, ``insert``, ``extend``,
    ``+=``): each item must be a layer, and none may appear twice, nested ones included.

    A layer keeps what its forward computed (``a_prev``, ``mask``, ...) for its backward: used
    twice in one network, its second forward would overwrite what the first one's backward
    needs, and the gradients would be silently wrong. A refused change leaves the list as it was.
    Removing (``del``, ``pop``, ``remove``) needs no check."""

    def __init__(self, layers=()):
        super().__init__(layers)
        self._check()

    def __reduce__(self):  # copy and pickle rebuild it whole, not an append at a time
        return type(self), (list(self),)

    def _check(self):
        seen = set()
        for i, layer in enumerate(self):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential takes layers; item {i} is {not_a_layer(layer)}")
            try:
                inside_layers = list(layer.walk())
            except RecursionError:  # model.layers[0] = model: its walk never ends
                raise ValueError(f"item {i} contains the network it was put into; a network cannot "
                                 f"be one of its own layers (its forward pass would never end)") from None
            for inside in inside_layers:
                if id(inside) in seen:
                    raise ValueError(f"{short_repr(inside)} appears twice in the network: a layer keeps its "
                                     f"forward pass for its backward, so each place needs a new one "
                                     f"(e.g. {type(inside).__name__}(...) again)")
                seen.add(id(inside))

    def _changed(change):
        """``change``, a list method, followed by the check; undone if the check refuses."""
        def checked(self, *args):
            before = list(self)
            result = change(self, *args)
            try:
                self._check()
            except BaseException:
                list.__setitem__(self, slice(None), before)
                raise
            return result
        checked.__name__ = change.__name__
        return checked

    __setitem__ = _changed(list.__setitem__)
    __iadd__ = _changed(list.__iadd__)
    __imul__ = _changed(list.__imul__)
    append = _changed(list.append)
    extend = _changed(list.extend)
    insert = _changed(list.insert)
    del _changed


def not_a_layer(item):
    """What ``item``, given where a layer goes, is, and the layer that was meant: a layer class
    (``nn.ReLU`` without its parentheses, the commonest slip) is called; an activation's name
    (Keras's ``"relu"``) and a torch module (``torch.nn.Linear``, a subclass of torch.nn.Module)
    get the layer of that job here; another torch object (a tensor) is named as torch's."""
    from .. import nn   # the package, whole by the time a network is built (it imports this module)

    if isinstance(item, type) and issubclass(item, Layer):
        return f"the class {item.__name__} itself: call it to make a layer, {_call(item)}"
    activation = nn.ACTIVATIONS.get(as_python_name(item)) if isinstance(item, str) else None
    if activation is not None:   # "relu", and as written elsewhere: "ReLU", "Leaky_ReLU", "leaky-relu"
        return (f"str {item!r}: a layer here is an object, {_call(activation, 'nn.')} "
                f"(names are what nn.MLP(sizes, activation=...) takes)")
    torch_cls = torch_class(item)   # torch.nn.ReLU, or torch.nn.ReLU()
    if torch_cls is not None:
        kind = torch_cls.__name__
        if not _is_torch_module(torch_cls):
            return f"torch's {kind}: a layer here is an object such as {_call(nn.Dense, 'nn.')}"
        ours = getattr(nn, kind, None)
        way = TORCH_NN_NAMES.get(kind) or (
            f"{_call(ours, 'nn.')} is its counterpart here" if isinstance(ours, type) and issubclass(ours, Layer)
            else "build the network from neuralab's layers (nn.Dense, the activations, nn.BatchNorm1d, nn.Dropout)")
        return f"torch's {kind}, a PyTorch module: {way}"
    kind = type(item).__name__
    return f"{kind} {item!r}" if isinstance(item, (str, int, float)) else kind


def _is_torch_module(cls):
    """Whether the torch class ``cls`` is torch.nn.Module or a subclass, told without importing
    torch (its Tensor, optimizers and the rest are not modules)."""
    return any(c.__name__ == "Module" and c.__module__ == "torch.nn.modules.module" for c in cls.__mro__)


def _call(cls, prefix=""):
    """The call that makes a layer of class ``cls``: ``ReLU()``, or ``Dense(...)`` when it needs
    arguments."""
    needed = any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                 for p in inspect.signature(cls).parameters.values())
    return f"{prefix}{cls.__name__}({'...' if needed else ''})"


class LayersSlot:
    """``Sequential.layers``: an assignment (``model.layers = [...]``, the constructor's too) is
    made a ``LayerList``, checked as every change to it is; a plain list would take a string or
    a repeated layer, met only in the next forward or backward. It has no ``__get__``: a read
    finds the list in the instance's dictionary, with no Python call."""

    def __set__(self, model, layers):
        model.__dict__["layers"] = LayerList(layers)
