"""Training some layers and not others: an optimizer over part of a model's parameters leaves the
rest frozen (``fit`` clears their gradients at every step). What ``fit`` checks of that before it
trains: a model with nothing to train, an optimizer over none of the model, layers that would not train without the user having
chosen it, and frozen batch normalisation whose running statistics training would still move."""

from ..nn.batchnorm import BatchNorm1d
from ..nn.sequential import Sequential
from ..nn.user_line import warn


def refuse_nothing_to_train(model):
    """Refuses a model without parameters (``nn.Sequential(nn.ReLU())``): an optimizer built for
    it would be refused for an empty ``params`` the user never passed, or one of another model for
    holding none of its own."""
    if not model.parameters():
        kinds = ", ".join(dict.fromkeys(type(layer).__name__ for _, layer in model.named_layers()
                                        if not isinstance(layer, Sequential)))
        raise ValueError(f"this model has no parameters to train (its layers: {kinds or 'none'}): "
                         f"add a layer with weights, such as nn.Dense(in_features, out_features)")


def check_optimizer_params(optimizer, model):
    """Refuses an optimizer over none of the model's parameters, and warns when some of the
    model's layers would not train for a reason the user most likely did not choose:
    - it holds parameters that are not the model's: a layer replaced after the optimizer was built
      (``model.layers[0] = nn.Dense(...)``), or the old model's optimizer given to a new one;
    - it is the one the model's last fit used (``model.optimizer``), and the model has gained
      layers since (``model.append(...)``), which it cannot hold.
    An optimizer over only some of the model's parameters is fine otherwise: the others are
    frozen, on purpose (and remain so when a later fit goes on with it)."""
    ours = {id(p) for p in model.parameters()}
    held = [id(p) in ours for p in optimizer.params]
    if not any(held):
        raise ValueError("the optimizer updates none of this model's parameters: "
                         "build it from model.parameters()")
    mine = {id(p) for p in optimizer.params}
    left = [p for p in model.parameters() if id(p) not in mine]
    rebuild = "build the optimizer again from model.parameters() (or over the layers to train)"
    if not all(held):
        untrained = _layers_holding(model, left)
        untrained = f"; this model's {untrained}, whose parameters it does not hold, would not train" if untrained else ""
        warn(f"the optimizer holds {held.count(False)} parameters that are not this model's "
             f"(a layer replaced after the optimizer was built?): they get no gradient"
             f"{untrained}; {rebuild}")
    elif optimizer is vars(model).get("optimizer") and "frozen_parameters" in vars(model):
        added = _layers_holding(model, [p for p in left if p not in model.frozen_parameters])
        if added:
            warn(f"this model's {added} joined it after its last fit, whose optimizer this is: "
                 f"built before, the optimizer does not hold the new parameters, which would "
                 f"not train; {rebuild}")


def _layers_holding(model, params):
    """"layer 2 Dense(32, 5)" (or "layers 2 ..., 3 ...") for the layers of ``model`` that hold
    one of ``params`` (their containers, Sequentials, left out); "" if none."""
    ids = {id(p) for p in params}
    found = [f"{path} {layer!r}" for path, layer in model.named_layers()
             if not isinstance(layer, Sequential) and any(id(p) in ids for p in layer.parameters())]
    return f"{'layers' if len(found) > 1 else 'layer'} {', '.join(found)}" if found else ""


def warn_of_frozen_statistics(model, trained):
    """Warn when a frozen BatchNorm1d (the optimizer holds none of its parameters) would still
    change: fit runs every layer in training mode, so its running statistics move towards the
    new data's (μ ← (1 − momentum) μ + momentum μ_batch), which changes the predictions of every
    model that holds it, the one its body was taken from too. torch's ``body.eval()`` keeps them:
    here the mode is per call, and a part kept as it was is a part run in evaluation mode, on its
    own: its outputs are the features the new layers train on."""
    for path, layer in model.named_layers():
        if (isinstance(layer, BatchNorm1d) and layer.momentum > 0 and layer.parameters()
                and not any(id(p) in trained for p in layer.parameters())):
            warn(f"layer {path} {layer!r} is frozen (the optimizer holds none of its parameters), "
                 f"but fit runs it in training mode: its running statistics move to this data's. "
                 f"To keep the frozen part as it is (torch's body.eval()), train the new layers "
                 f"on its output as a model of their own, head = nn.Sequential(...); "
                 f"head.fit(body.predict(X), y, ...), then nn.Sequential(body, head)")
            return
