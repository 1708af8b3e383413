"""The network a state describes for a scene's data (``build.Data``): its hidden blocks, and the
head (output activation and loss) its task asks for.

``build_net(state, data, old)`` -> ``Net``, copying the trained weights of ``old`` into every
block whose ``id`` and inputs are unchanged (``transplant.py``); it raises ``ProtocolError`` for
a head the task cannot take, before anything changes.
"""
import functools
from dataclasses import dataclass, field

import numpy as np

from .. import data as datasets
from .. import nn
from ..nn.init import DEFAULT_FOR_ACTIVATION
from ..nn.names import too_long_name
from .features import labels
from .layer_names import layer_names
from .protocol import ProtocolError
from .transplant import transplant

# The loss each output activation is fused into, on the logits z before it: softmax with
# cross-entropy, sigmoid with binary cross-entropy (L = log(1 + e^z) − y·z). The pair is the same
# function as activation then loss, costs fewer operations per batch, and never takes log 0;
# at the output δ = ∂L/∂z = a − y for both.
FUSED_LOSS = {"cross_entropy": "cross_entropy", "bce": "bce_logits"}
# A regression's scores: R², the same in any units, and the MSE of the standardised target, the
# loss without its L1/L2 penalty, which the page shows in the target's units (× σ²).
REGRESSION_METRICS = ("r2", "mse")


@dataclass(eq=False)
class Net:
    """The model, the part of it the loss trains, and what each layer belongs to."""

    model: nn.Sequential            # the whole network, output activation included
    trained: nn.Sequential          # the same layers, without an output activation its loss fuses
    loss: str                       # the loss of the model's output ("bce", "cross_entropy", "mse")
    output: str                     # the output activation
    owners: list                    # per layer of ``model``: the id of its block, or "output"
    inputs: list                    # feature names
    one_hot: bool = False           # MSE against one-hot rows (multi-class with identity output)
    metrics: list = field(default_factory=list)
    plane_features: list | None = None   # names of the nn.PlaneFeatures making ``inputs`` of the points
    kept: dict = field(default_factory=dict)   # {layer: given all its own}: the old weights it holds (transplant)
    init: str = "auto"              # the Initial weights its Dense layers were drawn with (hparams.init)

    # The names depend on the layers alone, and a network is never edited in place: a layer or
    # unit added, an activation or the features changed, builds a new Net (``build_net``), whose
    # names are built anew; a weight set by hand renames nothing. So they are cached on the Net,
    # and every frame, diagnosis and scene of it reads them without building them again.
    @functools.cached_property
    def names(self):
        """Per layer of ``model``, the page's name of the block it belongs to (``layer_names``)."""
        return layer_names(self)

    @functools.cached_property
    def trains_differently(self):
        """Whether a layer acts otherwise while training (Dropout, BatchNorm's batch statistics): an
        epoch's mean loss over its batches is then not the predicting network's (training.py)."""
        return any(isinstance(layer, (nn.Dropout, nn.BatchNorm1d)) for layer in self.model.layers)

    @property
    def trained_loss(self):
        """The loss ``trained`` is fitted with: ``loss`` itself, or its form on the logits."""
        return FUSED_LOSS.get(self.loss, self.loss)

    def targets(self, y, n_classes):
        return datasets.one_hot(y, n_classes).astype(nn.get_default_dtype()) if self.one_hot else y

    def describe(self):
        """The scene's ``network``: the inputs, the ``nn.PlaneFeatures`` that makes them of the
        points (the downloaded model's first layer, None: none), every layer of the model with
        the page's name of it (``names``: every panel names a layer by it), and the head."""
        layers, width = [], len(self.inputs)
        for i, (layer, owner, name) in enumerate(zip(self.model.layers, self.owners, self.names)):
            entry = {"index": i, "block": owner, "name": name, "in": width, "units": width, "activation": None}
            if isinstance(layer, nn.Dense):
                entry.update(kind="dense", units=layer.out_features)
            elif isinstance(layer, nn.Dropout):
                entry.update(kind="dropout", p=layer.p)
            elif isinstance(layer, nn.BatchNorm1d):
                entry.update(kind="batchnorm")
            else:
                entry.update(kind="activation", activation=type(layer).name)
            width = entry["units"]
            layers.append(entry)
        return {"inputs": list(self.inputs), "plane_features": self.plane_features, "layers": layers,
                "output": {"activation": self.output, "loss": self.loss}}


def _head(output, data):
    """(output activation, loss, number of outputs, one-hot targets) for the task."""
    task, k = data.task, data.n_classes
    if output == "auto":
        output = {"binary": "sigmoid", "multiclass": "softmax", "regression": "identity"}[task]
    if task == "regression" and output != "identity":
        raise ProtocolError(f"output {output!r} is for classification; this dataset is a regression",
                            "use output identity (or auto)")
    if output == "sigmoid" and task == "multiclass":
        raise ProtocolError(f"output sigmoid is for two classes; this dataset has {k}",
                            "use softmax (or auto)")
    if output == "sigmoid":
        return output, "bce", 1, False
    if output == "softmax":
        return output, "cross_entropy", k, False
    return output, "mse", (k if task == "multiclass" else 1), task == "multiclass"


def build_net(state, data, old=None):
    """The network of ``state`` for ``data``; trained weights of ``old`` kept where ids match.

    A generator seeded with the scene's ``weights_seed`` draws the initial weights, in the order
    the exported script draws them from the library's generator after ``neuralab.seed(seed)``;
    the dropout masks come, in both, from ``fit(seed=seed)``'s own generator, of the dataset's
    seed (the Dropout layers have none). ``hparams.init`` draws the weights of every Dense layer
    (``hparams.py``'s ``INITS``; "auto": each hidden layer's as its activation asks, the output's Xavier).
    The same scene and clicks give the same run, and the
    script repeats it bit for bit. Nothing comes from the library's generator itself: it is one
    per process, and every session's training thread would draw from it in turn."""
    output, loss, n_out, one_hot = _head(state["output"], data)
    rng = np.random.default_rng(weights_seed(state))
    dropout, init = state["hparams"]["dropout"], state["hparams"]["init"]
    layers, owners, width = [], [], len(data.feature_names)

    def add(layer, owner):
        layers.append(layer)
        owners.append(owner)

    for block in state["layers"]:
        if block["type"] == "dense":
            act = block["activation"]
            hidden_init = DEFAULT_FOR_ACTIVATION[act] if init == "auto" else init
            add(nn.Dense(width, block["units"], init=hidden_init, rng=rng), block["id"])
            add(nn.activations.get(act), block["id"])
            if dropout > 0:
                add(nn.Dropout(dropout), block["id"])
            width = block["units"]
        elif block["type"] == "dropout":
            add(nn.Dropout(block["p"]), block["id"])
        else:
            add(nn.BatchNorm1d(width), block["id"])
    add(nn.Dense(width, n_out, init="xavier_uniform" if init == "auto" else init, rng=rng), "output")
    if output != "identity":
        add(nn.activations.get(output), "output")
    model = nn.Sequential(*layers)
    trained = nn.Sequential(*layers[:-1]) if loss in FUSED_LOSS else model
    model.feature_names = trained.feature_names = _input_names(data)
    net = Net(model, trained, loss, output, owners, list(data.feature_names), one_hot,
              ["accuracy"] if data.classification else REGRESSION_METRICS, _plane_features(data), init=init)
    if old is not None:
        net.kept = transplant(net, old)
    return net


def _input_names(data):
    """The network's inputs as the page's Features column names them (a CSV's columns, 'Sex=male';
    on the plane, X₁² or 'height²': ``features.labels``), kept as ``feature_names`` by the model, as
    a fit on a DataFrame keeps its columns: what the monitor's findings name the columns by. None
    for names longer than a model keeps, which fit would refuse (``nn.names.MAX_NAME_CHARS``)."""
    names = tuple(labels(data.feature_names, data.axes) if data.is_2d else data.feature_names)
    return None if too_long_name(names) is not None else names


def weights_seed(state):
    """The seed the state's initial weights are drawn with: its ``weights_seed``, which each reset
    moves on (``next_weights_seed``), or, before any, the dataset's seed."""
    seed = state["weights_seed"]
    return state["dataset"]["seed"] if seed is None else seed


def next_weights_seed(state):
    """The ``weights_seed`` of a reset: the one after the state's, so that every reset draws other
    weights and a link or a script of the scene draws the same ones (within the seeds' range)."""
    return (weights_seed(state) + 1) % 2**31


def _plane_features(data):
    """The names of the ``nn.PlaneFeatures`` layer that computes the network's inputs from the
    points (x1, x2) of 2-D data: the first layer of the downloaded model and of the exported
    script, which take the points. None when the inputs are x1, x2 themselves, or the columns
    of data off the plane."""
    if data.is_2d and data.feature_names != ["x1", "x2"]:
        return list(data.feature_names)
    return None
