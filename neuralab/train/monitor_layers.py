"""Which layers the training ``Monitor`` watches, the name it gives each, and the series each one
gets (see ``monitor_data.py`` for what the series hold).

A monitor watches the layers of the model in the order they run, a nested Sequential opened
(``watched_layers``), and names each as ``model.summary()`` lists it: its row's index and its
class, "1 Tanh" (``layer_labels``); the first layer of a Sequential nested at 1 is "1.0 Dense", as
its weights are "1.0.weight". ``Monitor.watched`` holds the (name, layer) pairs of the last
``fit``, the one way the diagnoses and the report look a layer up by the name the records give
it (``position``, ``layer_class``).

Of those layers, the weight layers (``watched_weights``) get the norms, update ratios and
histograms of their weights, the activation layers (subclasses of ``nn.Activation``) the
statistics of their outputs on the probe batch; ``MonitorLayout`` sets up their empty series.
"""
import numpy as np

from ..nn.activations import Activation, ReLU, Sigmoid, Tanh
from ..nn.batchnorm import BatchNorm1d
from ..nn.dense import Dense
from ..nn.sequential import Sequential
from ..nn.summary import summary_rows
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
    """(index, layer) for each layer the monitor watches, in the order they run: the model's, a
    nested Sequential's opened (the body of ``nn.Sequential(body, head)``, the form a fine-tuned
    model takes, was one layer of no weights of its own, and went unwatched), each with the index
    of its row in ``model.summary()`` ("1.0" inside the layer 1), which numbers them."""
    if not isinstance(model, Sequential):
        return [("0", model)]
    return [(index, layer) for index, layer in summary_rows(model) if not isinstance(layer, Sequential)]


def layer_labels(model):
    """(name, layer) for each layer the monitor watches (``watched_layers``), named as
    ``model.summary()`` lists it, its index and class: "1 Tanh", "1.0 Dense"."""
    return [(f"{index} {type(layer).__name__}", layer) for index, layer in watched_layers(model)]


def position(m, name):
    """The place of the layer ``name`` in the order the monitor ``m``'s layers run (0 for the
    first), as ``m.watched`` lists them: a nested Sequential's last layer ("1.2 Dense") comes
    right before the layer after that Sequential ("2 ReLU"). Records set by hand, with no layers
    watched, are of a flat model: the index their name starts with."""
    names = [n for n, _ in m.watched]
    return names.index(name) if name in names else int(name.split(" ", 1)[0])


def layer_class(m, name):
    """The class name of the layer the monitor ``m`` calls ``name`` ("Sigmoid"): the layer's, in
    ``m.watched``; for records set by hand, with no layers watched, the one its name ends with."""
    layer = dict(m.watched).get(name)
    return type(layer).__name__ if layer is not None else name.split(" ", 1)[-1]


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
