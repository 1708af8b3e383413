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
    itself), found among the Sequentials alive: the layer it names is one that has parameters
    and is not the one being frozen. nn.MLP([2, 16, 1], output="sigmoid") ends with its Sigmoid,
    so "model[-1]" would give the optimizer nothing, and the fix of that, model.parameters(),
    would train the layer meant to stay frozen. ``FROZEN_HERE`` itself when no model holds it."""
    model = _outermost_model(thing)
    if model is None:
        return FROZEN_HERE
    layers, n = model.layers, len(model.layers)
    frozen = next((i for i, layer in enumerate(layers) if _holds(layer, thing)), None)
    others = [i for i, layer in enumerate(layers) if layer.parameters() and i != frozen]
    if not others:
        return FROZEN_HERE
    start = ("a layer is frozen by leaving its parameters out of the optimizer (fit keeps the weights "
             "of the others as they are): ")
    last = others[-1]
    if frozen is not None and frozen > last:   # the last layer with weights is the one to freeze
        return (start + f"optimizer=optim.Adam(model[:{frozen}].parameters()) trains the layers before "
                        f"{short_repr(layers[frozen])}, model[{frozen}]")
    after = "" if last == n - 1 else (f" (model[-1], {short_repr(layers[-1])}, has no parameters: "
                                      f"an optimizer over them would get none)")
    return (start + f"optimizer=optim.Adam(model[{last - n}].parameters()) trains "
                    f"{short_repr(layers[last])}, the model's last layer with weights, alone{after}")


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
