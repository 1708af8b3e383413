"""The ``model`` message: the scene's network as a file the learner downloads and loads with
``neuralab.load``, taking the data's own columns and predicting in the target's units."""
import base64
import tempfile
from pathlib import Path

from .. import nn
from ..nn import losses


def model_message(net, data, model_lock):
    """The ``model`` message of ``net`` trained on ``data``: the network as ``Sequential.save``
    writes it, base64-encoded; ``model_lock`` is held while the file is written from the weights
    the training thread moves, not while it is read back and encoded.

    The file's model takes the data's own columns, whatever the network's inputs are made of:
    on the plane, when they are not just x1, x2, it starts with ``nn.PlaneFeatures`` of them
    (x1², sin x1, ...), so that it takes the points (x1, x2); data off the plane, and a
    two-column CSV drawn on the plane, are standardised, so it starts with that
    standardisation before anything else (a CSV's points are its columns standardised).
    A regression's model ends with the inverse of the target's standardisation, y = σ·t + μ,
    so that it predicts in the target's units, as ``neuralab train``'s does; it knows the
    columns it takes by name (``feature_names``) and, for classes, what each output stands for
    (``class_names``, as the page names them: a file's, a dataset's, a drawing's 0, 1, ...), and
    the categories of an upload's text columns read as 0/1 columns (``categories``: town_Lyon,
    town_Paris are {"town": ("Lyon", "Paris")}), so that ``predict`` takes a raw "town" column
    (``nn.one_hot_inputs``), as ``neuralab train``'s does; the exported script's file keeps the
    same names. It remembers the
    loss and metrics the page scores it with, as a fitted model does (``model.loss``,
    ``model.metrics``), so that ``evaluate(X, y)`` on the data's own columns and labels gives the
    page's numbers (a regression's in the target's units, squared), where it asked for a loss:
    a teacher scores the models a class hands in alike. A network that learns one-hot rows by
    MSE (an identity output for classes) remembers none: its labels are not what it compares."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.npz"
        with model_lock():
            _file_model(net, data).save(path)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    # (no file name: the page names the file by its data, network, epoch and time, download-name.js)
    return {"type": "model", "data": encoded}


def _file_model(net, data):
    """The Sequential the file holds (see ``model_message``), named by its columns and classes."""
    layers = net.model.layers
    if net.plane_features:   # (the scene's network names it: export.js writes it too)
        layers = [nn.PlaneFeatures(net.plane_features), *layers]
    if data.standardize is not None:
        layers = [data.standardize, *layers]
    if data.target_standardize is not None:
        layers = [*layers, data.target_standardize.inverse()]
    model = nn.Sequential(*layers)
    # the columns it takes, by name: a DataFrame of them given to it later is checked
    model.feature_names = tuple(data.axes or ("x1", "x2")) if data.is_2d else tuple(data.feature_names)
    if data.categories:   # an upload's text columns, one-hot: predict reads a raw "town" column, as neuralab train's
        model.categories = data.categories
    if data.classification and data.class_names is not None:   # its predictions turned into 'setosa'
        model.class_names = tuple(map(str, data.class_names))
    if not net.one_hot:   # (the loss of the outputs: a sigmoid's or softmax's, which evaluate pairs with it)
        model.loss, model.metrics = losses.get(net.loss), list(net.metrics)
    return model
