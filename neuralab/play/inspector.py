"""The page's Inspector and Trace panels, one training sample each: a unit's z, a, weights,
gradients and map (``inspect``), and the sample through the whole network, forward, loss,
backward and the plain gradient step (``trace``), with the engine's own layers and loss. Their
numbers go in JSON replies, rounded to 6 significant digits.

Like the views, they read the model and never train it: the session calls ``inspect`` holding
its model lock, and ``trace`` works on a copy.
"""
import numpy as np

from .. import nn
from ..nn import losses
from .features import GRID
from .forward_pass import ACTIVATIONS, forward_all, shown_units
from .protocol import ProtocolError


def _round(values):
    """float64 numbers rounded to 6 significant digits, as nested lists."""
    a = np.asarray(values, dtype=np.float64)
    return np.vectorize(lambda v: float(f"{v:.6g}"), otypes=[np.float64])(a).tolist() if a.size else a.tolist()


def _weight_layer(model, index):
    """The Dense layer that makes the units of layer ``index`` (itself, or the one before it)."""
    for i in range(index, -1, -1):
        if isinstance(model.layers[i], nn.Dense):
            return i, model.layers[i]
    raise ProtocolError(f"layer {index} ({type(model.layers[index]).__name__}) has no weights before it: "
                        "inspect a dense layer or a block after one")


def inspect(net, data, grads, layer, unit, sample):
    """One unit: its z and a for a training sample, its weights and gradients, its map. A
    regression's output unit also has ``y`` = σ·a + μ, the sample's ``actual`` value beside it (its
    prediction alone could not be judged), and its map in the target's units."""
    model = net.model
    if not 0 <= layer < len(model.layers):
        raise ProtocolError(f"layer must be in 0..{len(model.layers) - 1}, got {layer}")
    outs = forward_all(model, data.X_train[sample:sample + 1])
    width = outs[layer].shape[1]
    if not 0 <= unit < width:
        raise ProtocolError(f"unit must be in 0..{width - 1} for layer {layer}, got {unit}")
    i, dense = _weight_layer(model, layer)
    after = model.layers[layer + 1] if layer + 1 < len(model.layers) else None
    shown = layer + 1 if isinstance(model.layers[layer], nn.Dense) and isinstance(after, ACTIVATIONS) else layer
    gW, gb = grads.get(i, (np.zeros_like(dense.weight.data), np.zeros_like(dense.bias.data)))
    reply = {"type": "inspect", "layer": layer, "unit": unit, "sample": sample,
             "z": _round(outs[i][0, unit]), "a": _round(outs[shown][0, unit]),
             "bias": _round(dense.bias.data[unit]), "weights": _round(dense.weight.data[unit]),
             "grad_bias": _round(gb[unit]), "grad_weights": _round(gW[unit])}
    if shown == len(model.layers) - 1 and data.target_standardize is not None:
        # a regression's output: z and a are the standardised t the network learns; y = σ·a + μ
        reply["y"] = _round(data.in_target_units(outs[shown])[0, unit])
        reply["actual"] = _round(data.y_train[sample])
    if data.is_2d:
        plane = forward_all(model, data.grid_inputs)
        reply["map"] = {"size": GRID, "values": _round(shown_units(model, data, shown, plane[shown])[:, unit])}
    return reply


def trace(net, data, lr, sample):
    """Forward and backward for one training sample with the engine's own layers and loss, and
    the plain gradient step W - lr·dW, on ``net`` (the caller passes a copy). The numbers are the
    network's own: a regression's ``target`` is the standardised one it learns, t = (y - μ)/σ;
    ``value`` is y, and ``prediction`` the output in the target's units, σ·t̂ + μ."""
    model = net.trained
    x = data.X_train[sample:sample + 1]
    target = net.targets(data.t_train[sample:sample + 1], data.n_classes)
    forward, a = [], x
    for i, layer in enumerate(net.model.layers):
        z = a
        a = layer.forward(a, training=False)
        entry = {"index": i, "kind": _kind(layer), "z": _round(a[0] if isinstance(layer, nn.Dense) else z[0]),
                 "a": _round(a[0])}
        if isinstance(layer, nn.Dense):  # the W and b of z = W·a + b, as this copy holds them
            entry.update(weights=_round(layer.weight.data), bias=_round(layer.bias.data))
        forward.append(entry)
        if i == len(model.layers) - 1:
            # what ``trained`` outputs, and the loss takes: the logits, when the loss fuses the
            # output activation (softmax, sigmoid), which is still shown as the model applies it
            output = a
    loss = losses.get(net.trained_loss)
    value = loss(output, target)
    model.zero_grad()
    delta, backward = loss.backward(), []
    for i in range(len(model.layers) - 1, -1, -1):
        layer = model.layers[i]
        entry = {"index": i, "delta": _round(delta[0])}
        delta = layer.backward(delta)
        if isinstance(layer, nn.Dense):
            entry.update(grad_weights=_round(layer.weight.grad), grad_bias=_round(layer.bias.grad))
        backward.append(entry)
    update = [{"index": i, "lr": lr, "new_weights": _round(layer.weight.data - lr * layer.weight.grad)}
              for i, layer in enumerate(model.layers) if isinstance(layer, nn.Dense)]
    reply = {"type": "trace", "sample": sample, "input": _round(x[0]), "target": _round(np.ravel(target)),
             "forward": forward, "loss": _round(value), "backward": backward, "update": update}
    if data.target_standardize is not None:
        reply.update(value=_round(data.y_train[sample]), prediction=_round(data.in_target_units(output)[0, 0]))
    return reply


def _kind(layer):
    if isinstance(layer, nn.Dense):
        return "dense"
    if isinstance(layer, nn.Dropout):
        return "dropout"
    if isinstance(layer, nn.BatchNorm1d):
        return "batchnorm"
    return "activation"
