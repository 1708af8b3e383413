"""The switches that freeze a layer in Keras (``layer.trainable = False``) and in torch
(``p.requires_grad = False``), refused when they are set.

Nothing here reads them: a layer trains whenever its parameters are in the optimizer. Stored as
plain attributes, they let a "frozen" layer go on training without a word (in ``fit``, and in a
loop of one's own, which nothing checks), so the assignment itself is refused, naming the way a
layer is frozen here. Setting True is allowed and changes nothing: every layer already trains,
and code that unfreezes (``for p in model.parameters(): p.requires_grad = True``) runs as it is.
Reading either gives True, so torch's ``filter(lambda p: p.requires_grad, model.parameters())``
keeps every parameter, as it would in torch with nothing frozen.

A property on the class, not a ``__setattr__``: that would cost every attribute a forward sets.
torch's call, ``model.requires_grad_(False)`` or ``p.requires_grad_(False)``, is answered with the
same way (``requires_grad_hint``, through ``habits``), said for the model at hand (``frozen_here``).
"""
from .checks import check_bool
from .sequential_repr import short_repr

FROZEN_HERE = ("a layer is frozen by leaving its parameters out of the optimizer: "
               "optimizer=optim.Adam(model[i].parameters()) trains layer i alone (a layer with weights: "
               "an activation has none), and fit keeps the weights of the others as they are")


def freeze_switch(flag, owner, doc):
    """A property ``flag`` that reads True, takes True and refuses False with the way to freeze
    (``frozen_here``); ``owner(obj)`` names the object in the message ("Dense(4, 3)"), ``doc``
    is help()'s text."""
    def get(obj):
        return True

    def set_(obj, value):
        if not check_bool(value, flag):
            raise ValueError(f"{owner(obj)}.{flag} = False is refused: nothing here reads {flag}, so "
                             f"the layer would train all the same. Instead, {frozen_here(obj)}")
    return property(get, set_, doc=doc)


def frozen_here(thing):
    """``FROZEN_HERE`` said for the model that holds ``thing`` (a layer, a parameter, or the model
    itself), found among the Sequentials alive; ``FROZEN_HERE`` itself when no model holds it.

    - A layer or a parameter (``model[0].trainable = False``, ``model[0].weight.requires_grad
      = False``): the part of the model it is, and the optimizer over the other layers'
      parameters, ``model[1:].parameters()`` (a parameter's own layer is left out whole; the
      parameter alone too, as torch freezes it, with its bias still trained).
    - The model itself (``model.requires_grad_(False)``): freezing all of it leaves nothing to
      train; to fine-tune, the optimizer over the last layer with weights.

    The layers named are ones that have parameters: nn.MLP([2, 16, 1], output="sigmoid") ends
    with its Sigmoid, so "model[-1]" would give the optimizer nothing, and the fix of that,
    model.parameters(), would train the layer meant to stay frozen.
    """
    model = _outermost_model(thing)
    if model is None:
        return FROZEN_HERE
    layers = model.layers
    frozen = next((i for i, layer in enumerate(layers) if _holds(layer, thing)), None)
    others = [i for i, layer in enumerate(layers) if layer.parameters() and i != frozen]
    if frozen is not None and not layers[frozen].parameters():
        return (f"{short_repr(layers[frozen])}, model[{frozen}], has no parameters: there is nothing to "
                f"freeze (it computes a fixed function)")
    if not others:
        return FROZEN_HERE
    if frozen is None:
        return (f"{_START}; freezing the whole model would leave nothing to train. To fine-tune, "
                f"{_last_alone(layers, others[-1])}")
    return f"{_START}: {_part(model, thing, frozen)}{_the_others(layers, frozen, others)}{_alone(model, thing)}"


# How every text of frozen_here begins: the way, whatever is frozen
_START = ("a layer is frozen by leaving its parameters out of the optimizer (fit keeps the weights "
          "of the others as they are)")


def _last_alone(layers, last):
    """The optimizer over ``layers[last]``, the last layer with weights, alone."""
    n = len(layers)
    after = "" if last == n - 1 else (f" (model[-1], {short_repr(layers[-1])}, has no parameters: "
                                      f"an optimizer over them would get none)")
    return (f"optimizer=optim.Adam(model[{last - n}].parameters()) trains {short_repr(layers[last])}, "
            f"the model's last layer with weights, alone{after}")


def _part(model, thing, frozen):
    """Where ``thing`` is in ``model``, when it is not the layer ``model[frozen]`` itself:
    "model[0].weight is a parameter of model[0], Dense(2, 8), and "."""
    if thing is model.layers[frozen]:
        return ""
    named = _parameter_path(model, thing)
    what = f"{named} is a parameter" if named else "it is a layer"
    return f"{what} of model[{frozen}], {short_repr(model.layers[frozen])}, and "


def _parameter_path(model, thing):
    """The expression of the parameter ``thing`` in ``model``, "model[0].weight" ("model[1][0].weight"
    inside a nested Sequential); None for what is no parameter of it."""
    path = next((name for name, p in model.named_parameters() if p is thing), None)
    if path is None:
        return None
    *owners, attribute = path.split(".")
    return "model" + "".join(f"[{o}]" if o.isdigit() else f".{o}" for o in owners) + f".{attribute}"


def _alone(model, thing):
    """For a parameter, the optimizer over all the others: torch's p.requires_grad_(False) freezes
    that array alone, and its layer's bias goes on training."""
    named = _parameter_path(model, thing)
    if named is None:
        return ""
    return (f"; to freeze {named} alone, as torch does (the rest of its layer trained): "
            f"optimizer=optim.Adam([p for p in model.parameters() if p is not {named}])")


def _the_others(layers, frozen, others):
    """The optimizer over the parameters of every layer but ``layers[frozen]``."""
    before, after = any(i < frozen for i in others), any(i > frozen for i in others)
    if after and not before and len(others) == 1:
        return _last_alone(layers, others[0])
    parts = ([f"model[:{frozen}]"] if before else []) + ([f"model[{frozen + 1}:]"] if after else [])
    which = ("the layers before" if not after else "the layers after" if not before
             else "every layer but")
    return (f"optimizer=optim.Adam({' + '.join(f'{part}.parameters()' for part in parts)}) trains "
            f"{which} {short_repr(layers[frozen])}, model[{frozen}]")


def requires_grad_hint(thing):
    """What ``thing.requires_grad_`` answers (torch's call, as ``model.requires_grad_(False)``,
    ``p.requires_grad_(False)``): the way to freeze ``thing`` here, ``frozen_here``."""
    return (f"{frozen_here(thing)}; requires_grad_(True) has nothing to do here (every parameter the "
            f"optimizer holds trains)")


def _holds(layer, thing):
    """Whether ``layer`` is ``thing``, or holds it among its layers or parameters."""
    return (any(sub is thing for _, sub in layer.named_layers())
            or any(p is thing for p in layer.parameters()))


def _outermost_model(thing):
    """The Sequential alive that holds ``thing`` (or is it) and is held by none of the others
    (the one with the most layers); None if none does."""
    from .sequential import live_models   # here: sequential.py imports the layers, which import this
    holders = [net for net in list(live_models) if _holds(net, thing)]
    return max(holders, key=lambda net: len(list(net.named_layers())), default=None)


class TrainableFlag:
    """Keras's ``layer.trainable``, for ``nn.Layer``: see the module's docstring."""

    __slots__ = ()

    trainable = freeze_switch(
        "trainable", short_repr,
        "True. Keras's switch: setting it False is refused, since nothing here reads it. Here "
        + FROZEN_HERE + " (model.frozen_parameters lists them after fit).")
