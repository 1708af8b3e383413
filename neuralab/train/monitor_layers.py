"""Which layers the training ``Monitor`` watches, the name it gives each, and the series each one
gets (see ``monitor_data.py`` for what the series hold).

A monitor watches the layers of the model in the order they run, a nested Sequential opened
(``watched_layers``), and names each "<index>:<class>" ("1:Tanh", ``layer_labels``): its index
in that list, which is its index in ``model.layers`` when nothing is nested. ``Monitor.watched``
holds the (name, layer) pairs of the last ``fit``, the one way the diagnoses and the report look
a layer up by the name the records give it.

Of those layers, the weight layers (``watched_weights``) get the norms, update ratios and
histograms of their weights, the activation layers (subclasses of ``nn.Activation``) the
statistics of their outputs on the probe batch; ``MonitorLayout`` sets up their empty series.
"""
import numpy as np

from ..nn.activations import Activation, ReLU, Sigmoid, Tanh
from ..nn.batchnorm import BatchNorm1d
from ..nn.dense import Dense
from ..nn.sequential import Sequential
from .monitor_report import holds_layers
from .regularization import regularized_parameters


def activation_kind(layer):
    """"sigmoid", "tanh", "relu" or None: which extra statistic an activation layer gets."""
    for cls, kind in ((Sigmoid, "sigmoid"), (Tanh, "tanh"), (ReLU, "relu")):
        if type(layer) is cls:
            return kind
    return None


def watched_weights(layer):
    """The weights the monitor watches in ``layer``: the parameters it lists in ``regularized``,
    or, when it lists none, its Parameters of 2 or more dimensions (see ``monitor.py``).
    A layer holding other layers (a nested Sequential, a block) is no weight layer of its own:
    its matrices are its layers', and lumped together they would read as one layer."""
    if holds_layers(layer):
        return regularized_parameters(layer)
    return regularized_parameters(layer) or [p for p in layer.parameters() if p.data.ndim >= 2]


def watched_layers(model):
    """The layers the monitor watches, in the order they run: the model's, a nested Sequential's
    opened (the body of ``nn.Sequential(body, head)``, the form a fine-tuned model takes, was one
    layer of no weights of its own, and went unwatched). A monitor's name for a layer is
    "<index>:<kind>", its index in this list: the index in ``model.layers`` when nothing is nested."""
    layers = []
    for layer in getattr(model, "layers", [model]):
        layers.extend(watched_layers(layer) if isinstance(layer, Sequential) else [layer])
    return layers


def layer_labels(layers):
    """The monitor's name of each of ``layers`` (``watched_layers``): "<index>:<class>" ("1:Tanh")."""
    return [f"{i}:{type(layer).__name__}" for i, layer in enumerate(layers)]


class MonitorLayout:
    """The part of ``Monitor`` that sets up the empty series of the layers it watches."""

    def _lay_out(self):
        """An empty series for each weight and activation layer of ``watched``, the largest |b| of each
        weight layer's bias before training (``start_biases``), and the sets the diagnoses read:
        ``hidden`` (the activation layers a weight layer follows), ``kinds`` and ``sign_only`` (a weight
        layer of one input standardised by a BatchNorm1d)."""
        last_weight = -1
        for i, (name, layer) in enumerate(self.watched):
            params = watched_weights(layer)
            if params:
                self._params[name] = params
                self.weights[name] = {"weight_norm": [], "grad_norm": [], "update_ratio": []}
                self.histograms[name] = {}
                last_weight = i
                bias = getattr(layer, "bias", None)
                if bias is not None:    # before the first step: whether the biases started at 0
                    self.start_biases[name] = float(np.abs(bias.data).max(initial=0.0))
            elif isinstance(layer, Activation):
                kind = activation_kind(layer)
                self.kinds[name] = kind
                self.activations[name] = {"mean": [], "std": [], "spread": []}
                if kind in ("sigmoid", "tanh"):
                    self.activations[name]["saturated"] = []
                elif kind == "relu":
                    self.activations[name]["dead"] = []
                self.histograms[name] = {}
        self.hidden = {n for i, (n, _) in enumerate(self.watched)
                       if n in self.activations and i < last_weight}
        for name in self.activations:
            if self.kinds[name] == "sigmoid" and name not in self.hidden:
                self.activations[name]["clamped"] = []
        self.sign_only = {n for (n, layer), (_, after) in zip(self.watched, self.watched[1:])
                          if isinstance(layer, Dense) and layer.in_features == 1
                          and isinstance(after, BatchNorm1d)}
        # the layers in front of the first weight layer: when none holds Parameters or buffers
        # (BatchNorm's running statistics move with every training batch), the inputs that layer
        # takes from the probe cannot change once the probe is complete (``Monitor.inputs``)
        first = next((i for i, (n, _) in enumerate(self.watched) if n in self.weights), len(self.watched))
        self._fixed_front = not any(layer.parameters() or next(layer.named_buffers(), None)
                                    for _, layer in self.watched[:first])
