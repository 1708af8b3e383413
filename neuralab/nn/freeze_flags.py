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
               "optimizer=optim.Adam(model[-1].parameters()) trains the last layer alone, "
               "and fit keeps the weights of the others as they are")


def freeze_switch(flag, owner, doc):
    """A property ``flag`` that reads True, takes True and refuses False with ``FROZEN_HERE``;
    ``owner(obj)`` names the object in the message ("Dense(4, 3)"), ``doc`` is help()'s text."""
    def get(obj):
        return True

    def set_(obj, value):
        if not check_bool(value, flag):
            raise ValueError(f"{owner(obj)}.{flag} = False is refused: nothing here reads {flag}, so "
                             f"the layer would train all the same. Instead, {FROZEN_HERE}")
    return property(get, set_, doc=doc)


class TrainableFlag:
    """Keras's ``layer.trainable``, for ``nn.Layer``: see the module's docstring."""

    __slots__ = ()

    trainable = freeze_switch(
        "trainable", short_repr,
        "True. Keras's switch: setting it False is refused, since nothing here reads it. Here "
        + FROZEN_HERE + " (model.frozen_parameters lists them after fit).")
