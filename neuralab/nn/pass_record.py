"""Which forward pass a Sequential's layers hold, and whether ``Sequential.backward`` may
differentiate it: backward refuses, with the way to right it, a pass whose gradients would
silently be another pass's, and warns of one it takes but may not mean.

Each layer keeps only its last pass. ``model._caches`` says which pass that is:

    "pending"     a training pass, forward(x, training=True): taken
    "evaluation"  model(x): taken, with an ``EvaluationPassWarning`` if layers train differently
    "ready"       backpropagated: again doubles the gradients (``BackwardTwiceWarning``; torch
                  refuses it)
    refused:
    None          no forward pass yet
    "replaced"    overwritten by the next forward pass or by predict
    "predict"     predict's or evaluate's batches (``predict_passes``)
    "failed"      a pass that raised midway (``fail_pass``)

A slice (model[:-1]) shares the layers, so each pass stamps its number on the layers it ran
(``layer._ran_in``): one that another model's pass ("shared") or its own call ("by hand",
forward_hooks.py) ran since, or that was put in after the pass ("new"), is refused too.
"""
import contextlib
import itertools

from .forward_hooks import BY_HAND
from .model_methods import ModelMethods
from .sequential_repr import short_repr
from .user_line import warn


class EvaluationPassWarning(UserWarning):
    """An evaluation-mode pass where a training one was meant, through layers that train
    differently: a Sequential backpropagated one (see ``Sequential.backward``), or a layer of
    one's own called ``self.drop(h)``, or ``self.drop.forward(h)`` without ``training``, inside
    its training forward (``evaluation_calls.py``)."""


class BackwardTwiceWarning(UserWarning):
    """A Sequential backpropagated the same forward pass a second time (see ``Sequential.backward``)."""


# Numbers for forward passes: each layer is stamped with the pass that ran it last
_pass_ids = itertools.count(1)


def start_pass(model, training):
    """Record a new forward pass of ``model`` (see the module docstring); return its number, which
    ``Sequential.forward`` stamps on each layer it runs."""
    if training:
        model._caches = "pending"
    else:  # a second evaluation pass after a replaced one is one to differentiate
        model._caches = "replaced" if model._caches == "pending" else "evaluation"
    model._pass_id = next(_pass_ids)
    return model._pass_id


def fail_pass(model):
    """A forward pass of ``model`` raised midway: backward refuses the caches, now half from it."""
    model._caches = "failed"


@contextlib.contextmanager
def predict_passes(model):
    """Around ``predict`` and ``evaluate``, whose forward passes (a batch at a time) are never to
    be differentiated: backward would see only the last batch. Afterwards every Sequential of the
    model, nested ones too, refuses backward, whatever came before: "replaced" where a training
    pass was waiting for it, "predict" elsewhere, once a pass ran."""
    nets = [layer for layer in model.walk() if isinstance(layer, ModelMethods)]  # the Sequentials
    waiting = [net._caches in ("pending", "replaced") for net in nets]
    stamps = [layer._ran_in for layer in model.layers]
    try:
        yield
    finally:
        # A call refused before any pass ran (a wrong shape, a missing loss) changes nothing.
        # Its passes may be the model's or its logits' (``model[:-1]``): the layers say.
        if stamps != [layer._ran_in for layer in model.layers]:
            for net, was_waiting in zip(nets, waiting):
                net._caches = "replaced" if was_waiting else "predict"


def check_backward(model, grad_out):
    """Before ``model.backward(grad_out)``: refuse a pass the layers no longer hold, or a δ that is
    not the shape of the pass's output; warn of an evaluation pass through layers that train
    differently and of a second backward; then mark the pass as backpropagated ("ready")."""
    state = model._caches
    if state != "pending" and state != "ready" and state != "evaluation":
        by_hand = state is None and any(layer._ran_in is BY_HAND for layer in model.layers)
        raise ValueError(REFUSED["layers by hand" if by_hand else state])
    for i, layer in enumerate(model.layers):
        if layer._ran_in != model._pass_id:
            why = "by hand" if layer._ran_in is BY_HAND else "new" if layer._ran_in is None else "shared"
            raise ValueError(REFUSED[why].format(i=i, layer=short_repr(layer)))
    model._check_delta(grad_out, model._output.shape, ", which loss.backward() returns "
                       "(L = loss(a, y); model.backward(loss.backward()))")
    if state == "evaluation":
        _warn_of_evaluation_pass(model)
    elif state == "ready":
        _warn_of_second_backward(model)
    model._caches = "ready"


# Why ``check_backward`` refuses each state it refuses.
REFUSED = {
    None: "backward before any forward pass: each layer keeps what its forward computed for "
          "backward, so run model.forward(x) first",
    "failed": "backward: the last forward pass failed, leaving the layers before the one that "
              "raised with its values and the others with an earlier pass's; run forward(x) "
              "again (forward(x, training=True) to train), then backward",
    "replaced": "backward: a forward pass (predict, evaluate or forward) ran between "
                "forward(training=True) and backward and replaced the values backward needs "
                "(each layer keeps only its last pass); run forward(training=True) again for "
                "this batch, and call predict after backward or before that forward (to "
                "differentiate an evaluation pass instead, run forward(x) again, then backward)",
    "predict": "backward: the last forward passes were those of predict or evaluate, "
               "which are not for your backward (predict and evaluate run a batch at a time: "
               "backward would see only the last batch); run forward(x) again for the pass to "
               "differentiate (model(x), or forward(x, training=True) to train), then "
               "backward, and call predict or evaluate after backward",
    "by hand": "backward: layer {i} {layer} ran on its own (layer.forward(a) or layer(a)) "
               "after the model's forward pass, and replaced the values backward needs from it "
               "(each layer keeps only its last pass): run the layers one by one before "
               "model.forward(x, training=True) to look at their outputs, or go back through "
               "them one by one too, for layer in reversed(model.layers): δ = layer.backward(δ)",
    "layers by hand": "backward: the model ran no forward pass of its own; its layers ran one "
                      "by one (layer.forward(a)): go back through them one by one the same way, "
                      "for layer in reversed(model.layers): δ = layer.backward(δ), or run "
                      "model.forward(x) (training=True to train) and then model.backward(δ)",
    "new": "backward: layer {i} {layer} did not run in the forward pass that backward "
           "differentiates: it was put in after it (model[i] = layer); run "
           "forward(x, training=True) again for this batch, then backward",
    "shared": "backward: another model holding these layers ran a forward pass after this "
              "one's (a slice such as model[:-1] and the model it came from share their "
              "layers, and each layer keeps only its last pass): run forward(x, training=True) "
              "on this model again for this batch, then backward, and call the other model's "
              "predict or forward after backward",
}


def _warn_of_second_backward(model):
    """The ``BackwardTwiceWarning``, once for the whole model: the nested Sequentials, which
    this backward runs through again, are marked as told (``_told``)."""
    for layer in model.walk():
        _told(layer, "ready")
    warn(BackwardTwiceWarning(
        "backward ran twice on one forward pass: each backward adds its gradients into .grad, "
        "so they are now twice this batch's (PyTorch refuses a second backward). Run "
        "forward(x, training=True) again before each backward, and optimizer.zero_grad() after "
        "each step; to add up the gradients of several batches on purpose, run each batch's "
        "forward and backward"))


def _warn_of_evaluation_pass(model):
    """The ``EvaluationPassWarning``, once for the whole model: the nested Sequentials, whose
    passes were evaluation passes too, are marked as told (``_told``)."""
    differ = []
    for layer in model.walk():  # one walk: this runs at every backward of such a pass
        if layer.trains_differently:
            differ.append(repr(layer))
        else:
            _told(layer, "evaluation")
    if differ:
        warn(
            f"backward of an evaluation-mode pass, through {', '.join(differ)}: they ran as at "
            f"prediction (no dropout, running statistics, which did not move). model(x) is "
            f"model.forward(x) in evaluation mode: to train, run model.forward(x, "
            f"training=True). (Gradients of the evaluation pass on purpose: filter "
            f"nn.EvaluationPassWarning.)", EvaluationPassWarning)


def _told(layer, state):
    """A nested Sequential (a ``ModelMethods``: Sequential itself would be a circular import) in
    ``state`` ("evaluation", "ready"), which the model's backward has just warned of, marked as a
    pass waiting for that backward ("pending"): its own backward, run by the model's, warns of it
    no more."""
    if isinstance(layer, ModelMethods) and layer._caches == state:
        layer._caches = "pending"
