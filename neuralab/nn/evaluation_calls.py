"""``layer(x)`` or ``layer.forward(x)`` inside a training pass: the PyTorch habits that train
without dropout, unsaid.

In PyTorch a module keeps its mode (``model.train()``), so a Module's forward calls its layers
as ``self.drop(h)`` and they drop while training. Here the mode is an argument: ``layer(x)`` is
``layer.forward(x, training=False)``, an evaluation pass, so a layer of your own whose forward
calls ``self.drop(h)`` trains with Dropout's masks off and BatchNorm1d's running statistics in
place of the batch's, with no error, only a network that fits worse. So does
``self.drop.forward(h)``, torch's other habit: forward's ``training`` left out is False too.

``Layer.__call__``, and a layer's wrapped forward called without ``training``
(``forward_hooks.OMITTED``), ask ``check_evaluation_call`` whether it runs so: inside the forward
of a layer that runs with training=True, on a layer that computes something else in training
(``trains_differently``: Dropout, BatchNorm1d, or a layer holding one). It then warns
(``EvaluationPassWarning``, once per line of code, as warnings go), naming the call to write.

It costs nothing in ``fit``, whose passes call ``forward`` with ``training``, never ``__call__``:
the check runs only when a learner's code calls a layer, or its forward without ``training``, and
reads the stack, where every running forward of a layer class has its wrapper's frame
(``forward_hooks.marking_own_passes``) with its ``self`` and ``training``: no flag to set and
reset at every pass, and each thread sees its own passes.
"""
import sys

from .forward_hooks import marking_own_passes
from .pass_record import EvaluationPassWarning
from .sequential_repr import short_repr
from .user_line import warn

# The code of every layer class's wrapped forward: one function, so one code object for all
_FORWARD = marking_own_passes(lambda self, x, training=False: None, None).__code__


def check_evaluation_call(layer, how="call"):
    """Warn if ``layer(x)`` (``how`` "call"), or ``layer.forward(x)`` without ``training``
    ("forward"), an evaluation pass, runs inside a training forward pass of another layer (the
    nearest forward running, whose mode it would be expected to follow) and ``layer``, or a
    layer in it, computes something else in training."""
    frame = sys._getframe(2)   # past this function and Layer.__call__ or the wrapped forward
    while frame is not None and frame.f_code is not _FORWARD:
        frame = frame.f_back
    if frame is None or not frame.f_locals["training"]:
        return
    differ = [inside for inside in layer.walk() if inside.trains_differently]
    if differ:
        _warn(frame.f_locals["self"], layer, differ, how)


def _warn(outer, layer, differ, how):
    """The warning for ``layer(x)`` or ``layer.forward(x)`` (``how``) inside ``outer``'s training
    forward, ``differ`` the layers in it that train differently. ``layer`` is named as the
    attribute of ``outer`` that holds it, if one does (``self.drop``), else by its repr."""
    name = next((f"self.{key}" for key, value in vars(outer).items() if value is layer), None)
    call = name or "layer"
    held = name or short_repr(layer)
    if how == "call":
        said, fix = f"{held}(x), an evaluation pass", f"{call}(x, training)"
    else:
        said, fix = (f"{held}.forward(x) without training, an evaluation pass",
                     f"{call}.forward(x, training) or {call}(x, training)")
    warn(EvaluationPassWarning(
        f"{type(outer).__name__}.forward(x, training=True) calls {said}, so {', '.join(map(repr, differ))} runs as "
        f"at prediction (no dropout, running statistics): pass training on, {fix}; for an evaluation pass on "
        f"purpose, {call}.forward(x, training=False)"))
