"""Save models as spec + weights in one ``.npz`` file — no pickle anywhere.

The file is a plain NumPy ``.npz`` archive (a zip of ``.npy`` arrays):

    "__neuralab__"        the JSON header {"format": "neuralab", "version": 1, "spec": ...}
                          as UTF-8 bytes in a uint8 array
    "0.weight", "0.bias"  each parameter and buffer under its dotted name
                          (``named_parameters`` / ``named_buffers``, the names torch also uses)

A parameter that layers share (tied weights) is stored once, under its first name; the header's
"tied" entry, present only then, maps each other use to it ({"2.weight": "0.weight"}), and
``load`` shares it again. The columns of the DataFrame the model was trained on
(``model.feature_names``) are the header's "feature_names", and the names of the classes its
outputs stand for (``model.class_names``) its "class_names", and the categories of its one-hot
columns (``model.categories``, {"town": ["Lyon", "Paris"]}) its "categories", each present only
then and only while it fits the model (see ``model_names``). The loss of the model's last ``fit``
(``model.loss``) is its "loss", by name, when it is one of neuralab's own: a model loaded from the
file then evaluates with it, as the model did (a loss of your own is not written). The reach of
its training inputs (``model.input_reach``, set by ``fit``) is its "input_reach": ``predict`` on
the loaded model warns of inputs far past it (``train.input_reach``). The names of the metrics
``fit`` was given (``model.metrics``) are its "metrics", so that ``evaluate`` on the loaded model
scores what it scored (unless they were "auto", which the loss chooses again).

The file holds the model, what predicts: not the state of its training. The optimizer's
(its step count, its momentum or Adam's averages: as many numbers as the model's again, or
twice as many) and the History stay out, so a loaded model has no ``model.optimizer``, and an
optimizer built anew over its parameters starts from no momentum (plain SGD goes on exactly).
To go on exactly where training stopped, keep the optimizer's state beside the model file,
``optimizer.state_dict()``: its arrays in an ``np.savez`` archive, the rest as JSON, no pickle
(``optim.state`` shows both); later, load the model, build the same optimizer over
``loaded.parameters()`` and give it ``optimizer.load_state_dict(state)``: the next steps are
those the first run would have taken, bit for bit.

``save`` runs ``load``'s checks (``io.load``) on the model before it writes anything, so it
never writes a file that ``load`` refuses.
"""
import json
import os

import numpy as np

from ..nn import losses
from ..nn.checks import check_path
from ..nn.layer import Layer
from ..nn.replace_file import not_a_file, replacing
from ..nn.user_line import warn
from .file_format import SAVED_LOSSES, check_input_reach, with_npz
from .load import FORMAT, SPEC_KEY, VERSION, InvalidModelFile, check_loadable, too_many_values
from .model_names import saved_names


# The endings of other libraries' model files, and what they name: ".npz" is added to them as to
# any name, which "m.keras" hid, so the file written is named in a warning
_HDF5 = "an HDF5 file (Keras's)"
OTHER_FORMATS = {".keras": "a Keras model file", ".h5": _HDF5, ".hdf5": _HDF5, ".pt": "a PyTorch file",
                 ".pth": "a PyTorch file"}


class OtherFormatWarning(UserWarning):
    """``save`` wrote neuralab's own .npz to a file named as another library's ("m.keras" is written
    m.keras.npz). A class of its own, for ModelCheckpoint, which saves every epoch, to say it once."""


def _not_json(model):
    """Which layer's ``config()`` holds a value JSON cannot hold, by its place and key, with the
    fix; "" if none does. NumPy's numbers (``np.int64(3)``, what indexing an array gives) are
    the usual ones: json refuses them without a word of which layer or argument."""
    for path, layer in model.named_layers():
        for key, value in layer.config().items():
            try:
                json.dumps(value, allow_nan=False)
            except TypeError:
                plain = (f"self.{key}.tolist()" if isinstance(value, np.ndarray) else
                         f"int(self.{key})" if isinstance(value, np.integer) else
                         f"float(self.{key})" if isinstance(value, np.floating) else "a number, text or a list")
                fix = f"make config() return plain Python values, here {plain}"
            except ValueError:
                fix = "a NaN or inf setting cannot be saved"
            else:
                continue
            where = f"layer {path} ({type(layer).__name__})" if path else type(layer).__name__
            return f"{where}.config()[{key!r}] is {value!r} of type {type(value).__name__}; {fix}"
    return ""


def _state(model):
    """{dotted name: ndarray} of everything that is saved: parameters, then buffers."""
    arrays = {}
    for name, value in [(n, p.data) for n, p in model.named_parameters()] + list(model.named_buffers()):
        if name in arrays or name == SPEC_KEY:
            raise ValueError(f"cannot save: two arrays would be stored under the name {name!r}")
        arrays[name] = value
    return arrays


def saved_loss(model):
    """The name of ``model.loss`` (set by ``fit``, or by ``load`` from a file) when it is one of
    neuralab's losses, which its name rebuilds; None for none, or a loss of your own."""
    loss = getattr(model, "loss", None)
    name = getattr(loss, "name", None)
    return name if name in SAVED_LOSSES and type(loss) is type(losses.get(name)) else None


def saved_metrics(model):
    """The list of metric names ``fit`` was given (``model.metrics``), which ``evaluate`` uses
    when given none; None when there are none to keep: no fit yet, or "auto", what a model
    without metrics uses too (the loss chooses them)."""
    metrics = getattr(model, "metrics", "auto")
    if isinstance(metrics, str) and metrics == "auto":
        return None
    return [] if metrics is None else [metrics] if isinstance(metrics, str) else list(metrics)


def save(model, path):
    """Write ``model`` (spec + parameters + buffers) to ``path``; return the ``pathlib.Path`` written.

    As ``np.savez`` does, ".npz" is appended when ``path`` does not end with it (in any case),
    so ``save(model, "xor")`` writes ``xor.npz``, and ``save(model, "m.keras")`` ``m.keras.npz``,
    with a warning that names it (``OTHER_FORMATS``: a name of Keras's or PyTorch's files, which
    neither reads); a folder is refused (``IsADirectoryError``), and
    a name ending in "/" that names none (``FileNotFoundError``), and a name of what is no file
    (``ValueError``: /dev/null, /dev/stdout, a named pipe, given or with ".npz"), which nothing
    replaces and beside which nothing is written. The
    file is written next to its destination and moved into place, so an existing file is either
    fully replaced or left as it was, with its permissions, and a link to it stays a link to
    the new file (``nn.replace_file``); a file you may not write is refused (``PermissionError``)
    as ``open`` refuses it.
    Weights keep their dtype. Whatever ``load`` would refuse is refused (``ValueError``) before
    anything is written: ``save`` rebuilds the model from its spec on placeholders, as ``load``
    does, and runs ``load``'s checks on it and on the arrays it is about to write (NaN or inf
    weights, a buffer its layer refuses such as a Standardize σ of 0 set by hand, an array of the
    wrong shape, parameters of mixed dtypes, more than ``MAX_MODEL_VALUES`` values or
    ``MAX_LAYERS`` layers), and on the layers of your own (``io.rebuilt_layers``): a class that
    shares a built-in layer's name (``class ReLU(nn.Layer)``) would load as the built-in, and
    state kept in a plain array (``self.mean = np.zeros(n)``, moved by forward) would load as
    the constructor makes it: keep it as a buffer (see ``nn.Layer``).

    >>> import os, tempfile
    >>> import numpy as np
    >>> import neuralab
    >>> from neuralab import nn
    >>> model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    >>> X = np.random.default_rng(0).standard_normal((5, 2)).astype(np.float32)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = save(model, os.path.join(folder, "moons"))      # or model.save(...)
    ...     arrays = sorted(np.load(path).files)
    ...     again = neuralab.load(path)
    >>> path.name, arrays                                   # the spec, then each parameter by name
    ('moons.npz', ['0.bias', '0.weight', '2.bias', '2.weight', '__neuralab__'])
    >>> np.array_equal(again.predict(X), model.predict(X))  # the same weights: the same predictions
    True
    """
    if not isinstance(model, Layer):
        raise TypeError(f"save expects a neuralab Layer or Sequential, got {type(model).__name__}")
    given, path = path, check_path(path)
    named = path
    # A folder is not a file name: "runs/" or "~/runs" would otherwise write runs.npz next to it.
    names_folder = str(given).endswith(("/", os.sep))
    if names_folder and not path.is_dir():
        raise FileNotFoundError(f"cannot save to {given}: a name ending in {str(given)[-1]} names a "
                                f"folder, and there is no folder {path}; give a file name, such as "
                                f"{path / 'model.npz'} once the folder exists, or {path}.npz")
    if not names_folder and not path.is_dir():  # ("/" and "." are folders: no name to add it to)
        path = with_npz(path)
    if path.is_dir():
        raise IsADirectoryError(f"cannot save to {given}: {path} is a folder; give a file name "
                                f"such as {path / 'model.npz'}")
    for name in dict.fromkeys((named, path)):   # "/dev/null" would write /dev/null.npz
        if what := not_a_file(name):
            it = "it" if name == named else name
            raise ValueError(f"cannot save to {given}: {it} is {what}, not a file; give the name of "
                             f"the model file to write, such as model.npz")
    arrays = _state(model)
    if too_many := too_many_values(model):
        raise ValueError(f"cannot save: the model holds {too_many}")
    try:
        spec = model.to_spec()
    except ValueError as err:  # a class of your own named like another (nn.Layer.to_spec)
        raise ValueError(f"cannot save: {err}") from None
    meta = {"format": FORMAT, "version": VERSION, "spec": spec}
    if model.shared_parameters():
        meta["tied"] = model.shared_parameters()
    meta |= saved_names(model)
    if (loss := saved_loss(model)) is not None:
        meta["loss"] = loss
    if (metrics := saved_metrics(model)) is not None:
        meta["metrics"] = metrics
    if getattr(model, "input_reach", None) is not None:
        meta["input_reach"] = float(model.input_reach)
        try:   # before JSON, which would refuse an inf without naming it
            check_input_reach(meta["input_reach"], "model.input_reach")
        except InvalidModelFile as err:
            raise ValueError(f"cannot save: {err}") from None
    try:
        header = json.dumps(meta, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as err:
        culprit = _not_json(model)
        raise ValueError(f"cannot save: the model's spec is not JSON: {err}{culprit and ': '}{culprit}") from None
    try:
        check_loadable(model, header, arrays)
    except InvalidModelFile as err:
        raise ValueError(f"cannot save: {err}") from None
    arrays[SPEC_KEY] = np.frombuffer(header, dtype=np.uint8)

    if not path.parent.is_dir():  # else the error would name the hidden temporary file
        raise FileNotFoundError(f"cannot save {path}: there is no folder {path.parent}")
    try:
        with replacing(path) as f:
            np.savez(f, **arrays)
    except OSError as err:
        raise type(err)(err.errno, f"cannot save {path}: {err.strerror}") from None
    if other := OTHER_FORMATS.get(named.suffix.lower()):  # (so path is named + ".npz")
        warn(f"saved to {path}, neuralab's own format (a NumPy .npz archive), not {other} as the name "
             f"{named.name} says; neuralab.load({str(given)!r}) reads it back (name it {named.stem}.npz "
             f"to say what it is)", OtherFormatWarning)
    return path
