"""Load models saved by ``io.save`` (spec + weights in one ``.npz`` file), trusting nothing.

``load`` trusts nothing in the file: it never unpickles (it reads each array's bytes itself, and
refuses a dtype of Python objects), refuses a spec of
more than ``MAX_LAYERS`` layers or nested more than ``MAX_DEPTH`` deep before building anything,
rebuilds the model with ``Layer.from_spec`` (which refuses unknown layer types) on placeholder
arrays that take no memory (``nn.placeholders``: no initial weights are drawn, so a small
crafted file that declares huge layers allocates nothing), refuses a model of more than
``MAX_MODEL_VALUES`` values in all (parameters and buffers: a few MB of compressed zeros can
unpack to gigabytes) as soon as the layers built so far pass it, checks every array header
(names, shapes, float32/float64, one dtype for all the parameters, no objects) before reading
any data, reading each header once (``file_format.npy_header``), refuses NaN and inf and
any buffer value its layer refuses (``Layer.check_buffer``: a Standardize σ ≤ 0, a negative
BatchNorm1d running_var), and only then puts the weights in. The column names ``fit`` read off a
DataFrame (``feature_names``) come back with them, one per input, and the names of the classes
that ``neuralab train`` gave a classifier (``class_names``, one per output, or two for one
output: see ``model_names``); a file without them (one written before neuralab kept class
names) loads with ``None``. The loss the model was last fitted with, when the file names it,
becomes ``model.loss``, and its metrics' names ``model.metrics``, which ``evaluate`` uses when
given none, as after ``fit``. The file holds no optimizer state: the loaded model has no
``model.optimizer``; to go on training exactly, see ``io.save``'s docstring
(``optimizer.state_dict()`` kept beside the file, ``load_state_dict`` after ``load``).
Anything wrong gives ``ValueError("<path>: not a valid neuralab model file: <reason>")``.
``save`` runs the same checks (``check_loadable``) before it writes anything.
The parameters have no gradient until a backward pass writes one (their arrays take no memory
till then).
Loading changes nothing outside the new model: not the file, not the default dtype, not the
random generator, whether it succeeds or fails.

The format itself (``SPEC_KEY``, ``FORMAT``, ``VERSION``) and the checks of the archive's
members, of each ``.npy`` header and of the JSON header are in ``file_format.py``.
"""
import functools
import zipfile
import zlib

try:
    import lzma
except ImportError:  # a Python built without it; zipfile then refuses LZMA members itself
    lzma = None

import numpy as np

from ..nn import losses
from ..nn.checks import check_path, checked_keywords
from ..nn.dense import MAX_MODEL_VALUES
from ..nn.layer import Layer
from ..nn.placeholders import TooManyValues, placeholders
from ..nn.replace_file import not_a_file
from ..nn.spec import UnknownLayerType, known_types
from ..nn.state_dict import listed_names, owner_of
from ..nn.user_line import Collected
from .file_format import (FORMAT, SPEC_KEY, VERSION, InvalidModelFile, NpyHeader, array_names,
                          npy_header, parse_json_header, read_npy, with_npz)
from .model_names import restore_categories, restore_names
from .rebuilt_layers import check_names_held, check_rebuilt_layers

# FORMAT and VERSION live in file_format.py; ``save`` imports them from here with the rest
__all__ = ["load", "check_loadable", "too_many_values", "mixed_dtypes", "InvalidModelFile", "SPEC_KEY",
           "FORMAT", "VERSION", "MAX_LAYERS", "MAX_DEPTH"]

_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_MAX_SPEC_BYTES = 10_000_000
# The most layers a model file may hold (Sequentials count too) and the deepest they may nest.
# Far above any real model: a hundred hidden blocks of Dense, BatchNorm1d, activation and dropout
# make 400 layers, nested one or two deep. Far below what hurts: the worst file they let through,
# 10,000 ReLUs inside 32 nested Sequentials (under 1 kB compressed), loads in under a second and
# takes a tenth of the 1,000 frames of recursion Python allows; 20,000 ReLUs inside 300 took a
# minute (each Sequential checks all the layers inside it when it is built), 600,000 in one 9 s.
# Layers with arrays take longer: 10,000 BatchNorm1d(1), four arrays each (an 11 MB file), take
# 5 s of CPU, most of it building the layers and opening 40,000 archive members (10 s while
# NumPy parsed each member's .npy header twice).
MAX_LAYERS = 10_000
MAX_DEPTH = 32
# What a damaged compressed member raises while zipfile reads it: zlib.error for deflate (the
# compression of np.savez_compressed), LZMAError for LZMA; bzip2's OSError and EOFError are
# caught with the other errors of a damaged archive.
_DECOMPRESSION_ERRORS = (zlib.error,) + ((lzma.LZMAError,) if lzma else ())


class OwnClassMissing(InvalidModelFile):
    """The file is sound, but its spec names a layer class of the user's own that is not defined
    in this session (see ``nn.spec.UnknownLayerType``)."""


def too_many_values(model):
    """"N values in parameters and buffers, more than the MAX_MODEL_VALUES a model file may
    hold" if ``model`` holds more than that, else "". The one limit that both ``save`` (so that
    it never writes a file ``load`` would refuse) and ``load`` apply; it looks at sizes only, so
    ``load`` can apply it to placeholders before reading any data. A parameter that layers
    share counts in each of them, as ``load`` builds every layer before it ties them."""
    total = (sum(p.size for _, p in model.named_parameters(remove_duplicate=False))
             + sum(buffer.size for _, buffer in model.named_buffers()))
    if total <= MAX_MODEL_VALUES:
        return ""
    return (f"{total:,} values in parameters and buffers, more than the {MAX_MODEL_VALUES:,} "
            f"a model file may hold")


def check_loadable(model, header, arrays):
    """Raise ``InvalidModelFile`` if the file of ``header`` (the JSON bytes) and ``arrays`` ({name:
    array}) that ``save`` is about to write would not load as ``model``: the checks of ``load``,
    the same functions, on the arrays in memory instead of a file's."""
    try:
        rebuilt = _rebuild(*parse_json_header(header))
    except InvalidModelFile:
        # a class whose name another class holds may not even rebuild (its config() is not the
        # holder's constructor's): name that, rather than the holder's TypeError
        check_names_held(model)
        raise
    check_rebuilt_layers(model, rebuilt)
    _check_headers(rebuilt, set(arrays), lambda name: NpyHeader(arrays[name].shape, arrays[name].dtype))
    _check_values(rebuilt, arrays)


# torch.load's options, which the PyTorch quickstart writes (torch.load("model.pth", weights_only=True))
TORCH_LOAD_KEYWORDS = {
    "weights_only": "neuralab.load never unpickles, so every load is as safe as torch's weights_only=True, "
                    "and it gives back the whole model, its layers and weights: leave weights_only out",
    "map_location": "neuralab computes with NumPy on the CPU, so there is no device: leave map_location out",
}


@checked_keywords(TORCH_LOAD_KEYWORDS)
def load(path):
    """The model saved at ``path`` (".npz" is tried too if ``path`` does not exist, unless it
    ends in ".npz", in any case).

    Raises ``FileNotFoundError`` if there is no such file, ``IsADirectoryError`` if ``path`` is
    a folder (such as a ``neuralab train`` output folder: give its ``model.npz``) and
    ``ValueError`` if it names no file (/dev/null, /dev/stdin, a named pipe: ``not_a_file``) or
    the file is not a valid neuralab model file (see the module docstring for every check).

    >>> import os, tempfile
    >>> import numpy as np
    >>> from neuralab import load, nn
    >>> model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = model.save(os.path.join(folder, "xor"))        # writes xor.npz
    ...     load(os.path.join(folder, "xor"))                 # finds it, rebuilds it from its spec
    Sequential(Dense(2, 4), ReLU(), Dense(4, 1), Sigmoid())
    """
    path = check_path(path)
    if not path.exists() and with_npz(path).exists():
        path = with_npz(path)
    if path.is_dir():
        raise IsADirectoryError(f"cannot load {path}: it is a folder; give the model file inside "
                                f"it, such as {path / 'model.npz'}")
    if what := not_a_file(path):   # /dev/null reads as an empty file, a named pipe waits for a writer
        raise ValueError(f"cannot load {path}: it is {what}, not a model file; give the .npz file "
                         f"that model.save wrote")
    with open(path, "rb") as f:
        return _read(f, path)


def _read(f, path):
    try:
        start = f.read(len(np.lib.format.MAGIC_PREFIX))
        f.seek(0)
        if start.startswith(np.lib.format.MAGIC_PREFIX):
            raise InvalidModelFile("a single .npy array, not an .npz archive")
        if not start.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            raise InvalidModelFile("not an .npz archive (it does not start like a zip file)")
        try:
            archive = zipfile.ZipFile(f)
        except zipfile.BadZipFile as err:
            # it starts like a zip (checked above), but the table of contents that ends every zip
            # file is missing or unreadable: most often a file cut short
            raise InvalidModelFile(f"a truncated or damaged .npz archive: it starts as one, but "
                                   f"its end is missing or unreadable ({err}); was it copied or "
                                   f"downloaded only in part?") from None
        with archive:
            return _read_npz(archive)
    except OwnClassMissing as err:
        raise ValueError(f"{path}: {err}") from None
    except InvalidModelFile as err:
        raise ValueError(f"{path}: not a valid neuralab model file: {err}") from None
    # a damaged archive, found while reading it
    except (ValueError, EOFError, OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError,
            UnicodeDecodeError, OverflowError, *_DECOMPRESSION_ERRORS) as err:
        # (zipfile's EOFError says nothing: the file ends before a member it lists does)
        why = str(err) or ("the file ends inside one of its members" if isinstance(err, EOFError) else "no details")
        raise ValueError(f"{path}: not a valid neuralab model file: damaged archive "
                         f"({type(err).__name__}: {why})") from None


def _read_npz(archive):
    """The model of the ``.npz`` archive (a ``zipfile.ZipFile``): each member's ``.npy`` header is
    read once (``npy_header``), and its data after all of them were checked (``read_npy``)."""
    names = array_names(archive)
    if SPEC_KEY not in names:
        raise InvalidModelFile(f"no {SPEC_KEY!r} entry (the model's spec)")
    header = npy_header(archive, SPEC_KEY)
    if header.dtype != np.uint8 or len(header.shape) != 1 or header.shape[0] > _MAX_SPEC_BYTES:
        raise InvalidModelFile(f"{SPEC_KEY!r} must be a 1-D uint8 array of at most {_MAX_SPEC_BYTES} bytes, "
                       f"got dtype {header.dtype} and shape {header.shape}")
    model = _rebuild(*parse_json_header(read_npy(archive, SPEC_KEY, header).tobytes()))
    # every array, those a layer of your own makes without an initialiser too (they escape the
    # running total of ``_rebuild``); sizes only: nothing is read yet
    if too_many := too_many_values(model):
        raise InvalidModelFile(f"its spec declares {too_many}")
    headers = _check_headers(model, names - {SPEC_KEY}, functools.partial(npy_header, archive))
    values = {name: read_npy(archive, name, header) for name, header in headers.items()}
    _check_values(model, values)

    for name, p in model.named_parameters():
        # grad None: no gradient yet (a step before any backward warns), and a buffer of the
        # loaded shape and dtype that nothing writes until the first backward pass, so a model
        # loaded only to predict never pays for its gradients.
        p.data, p.grad = values[name], None
    layers = dict(model.named_layers())
    for name, buffer in model.named_buffers():
        _set_buffer(layers, name, buffer, values[name])
    return model


def _check_headers(model, names, header):
    """{name: NpyHeader} of every array ``model`` expects, after checking that ``names`` are
    exactly those arrays and that ``header(name)``, the ``NpyHeader`` of each, fits: float32 or
    float64 in either byte order (native once read), of the shape the model expects, and the
    same dtype for all the parameters (a model computes in one: ``predict`` refuses a mix).
    Headers only: ``load`` checks every one before it reads any data."""
    parameters = {n: p.shape for n, p in model.named_parameters()}
    expected = parameters | {n: buffer.shape for n, buffer in model.named_buffers()}
    missing, extra = sorted(set(expected) - names), sorted(names - set(expected))
    if missing or extra:
        raise InvalidModelFile(f"the arrays do not match the model: missing {listed_names(missing)}, "
                       f"unexpected {listed_names(extra)}")
    headers = {}
    for name, expected_shape in expected.items():
        headers[name] = found = header(name)
        if found.dtype.newbyteorder("=") not in _DTYPES:
            raise InvalidModelFile(f"{name!r} has dtype {found.dtype} (expected float32 or float64)")
        if found.shape != expected_shape:
            raise InvalidModelFile(f"{name!r} has shape {found.shape}, the model expects {expected_shape}")
    if mixed := mixed_dtypes([(name, headers[name].dtype.newbyteorder("=")) for name in parameters]):
        usual, odd = mixed
        raise InvalidModelFile(f"its parameters mix dtypes, {listed_names([name for name, _ in odd])} in "
                               f"{odd[0][1]} and the others in {usual}, and a model computes in one: "
                               f"convert it before saving, model.to(np.{usual})")
    return headers


def mixed_dtypes(named):
    """(the usual dtype, [(name, dtype) of each other]) of ``named``, (name, dtype) pairs, when
    they hold more than one dtype, the usual being the most common; None when they hold one.
    ``load`` and ``save`` refuse parameters of mixed dtypes, and so does ``to_torch``."""
    dtypes = [dtype for _, dtype in named]
    if len(set(dtypes)) < 2:
        return None
    usual = max(set(dtypes), key=dtypes.count)
    return usual, [(name, dtype) for name, dtype in named if dtype != usual]


def _check_values(model, values):
    """Refuse NaN and inf in ``values`` ({name: array}), and any buffer value its layer in
    ``model`` refuses (``Layer.check_buffer``, the rule the layer's constructor applies)."""
    for name, value in values.items():
        if not np.isfinite(value).all():
            raise InvalidModelFile(f"{name!r} contains NaN or inf (training diverged?)")
    layers = dict(model.named_layers())
    for name, _ in model.named_buffers():
        owner, attribute = owner_of(layers, name)
        try:
            owner.check_buffer(attribute, values[name])
        except ValueError as err:
            raise InvalidModelFile(f"{name!r}: {err}") from None


def _put(layers, dotted, p):
    """Make ``p`` the parameter at ``dotted``: a layer's attribute ("2.weight"), or an item of a
    list, tuple or dict a layer keeps its parameters in ("1.params.0", "1.p.W", see
    ``Layer._children``)."""
    path, _, attribute = dotted.rpartition(".")
    if path in layers:
        setattr(layers[path], attribute, p)
        return
    path, _, name = path.rpartition(".")
    owner = layers[path]
    items = getattr(owner, name)
    if isinstance(items, dict):
        items[attribute] = p
        return
    i = int(attribute)
    if isinstance(items, list):
        items[i] = p  # in place: the layer may hold the list under another name too
    else:
        setattr(owner, name, (*items[:i], p, *items[i + 1:]))


def _tie(model, tied):
    """Share again each parameter that was shared when saved: the layer at ``path`` gets the
    Parameter object of ``first``, which must be a parameter of the same shape used only once."""
    params, layers = dict(model.named_parameters()), dict(model.named_layers())
    every = dict(model.named_parameters(remove_duplicate=False))
    for path, first in tied.items():
        if first in params and every.get(path) is params[first] and first not in tied:
            continue  # tied already: the layer's constructor shares it (self.p = {"b": dense.bias})
        if path not in params or first not in params or first in tied:
            raise InvalidModelFile(f"'tied' entry {path!r}: {first!r} names no parameter that can be shared")
        if params[path].shape != params[first].shape:
            raise InvalidModelFile(f"'tied' entry {path!r}: its shape {params[path].shape} differs from "
                           f"the shape {params[first].shape} of {first!r}")
        _put(layers, path, params[first])


def _rebuild(spec, tied, feature_names=None, class_names=None, loss=None, input_reach=None, metrics=None,
             categories=None):
    """The model that ``spec`` and ``tied`` describe, on placeholders (the file's arrays replace
    every value), after checking from the JSON alone that it has at most ``MAX_LAYERS`` layers
    nested at most ``MAX_DEPTH`` deep; refused as soon as the layers built so far hold more
    than ``MAX_MODEL_VALUES`` values, before the placeholders of the others exist. It keeps
    ``feature_names``, one per input feature, as ``fit`` left them, ``class_names``, one
    per class its outputs stand for (``model_names.restore_names``), the ``loss`` it was
    fitted with, by name, as ``model.loss``, the names of the ``metrics`` it was fitted with as
    ``model.metrics`` (``evaluate``'s default, as after ``fit``), and the reach of its training
    inputs as ``model.input_reach`` (``train.input_reach``: predict warns of inputs far past it),
    and the categories of its one-hot columns as ``model.categories`` (``nn.one_hot_inputs``)."""
    _check_size(spec)
    try:
        # Collected: a model file is no line a user typed (its layers' constructors warned where
        # they were built: a Keras-style BatchNorm1d momentum), so its layers' warnings are kept
        # back, whoever wrote it; a spec of your own given to Layer.from_spec is one, and warns
        # as the constructor does
        with placeholders(max_values=MAX_MODEL_VALUES), Collected():
            model = Layer.from_spec(spec)
    except TooManyValues as err:
        raise InvalidModelFile(f"its spec declares {err}, the most a model file may hold") from None
    except UnknownLayerType as err:
        if err.own_class:   # a sound file, of a model with a layer of a class not defined here
            raise OwnClassMissing(f"unknown layer type {err.kind!r}, not defined in this session: a layer "
                                  f"class of your own is defined (or imported) before neuralab.load, with "
                                  f"the name, constructor and config() it had when the model was saved "
                                  f"(the layer types defined here: {known_types()})") from None
        raise InvalidModelFile(f"bad spec: ValueError: {err}") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError,
            MemoryError, OverflowError) as err:
        raise InvalidModelFile(f"bad spec: {type(err).__name__}: {err}") from None
    _tie(model, tied)
    restore_names(model, feature_names, class_names)
    restore_categories(model, categories)
    if loss is not None:
        model.loss = losses.get(loss)
    if metrics is not None:
        model.metrics = metrics
    if input_reach is not None:
        model.input_reach = float(input_reach)
    return model


def _check_size(spec):
    """Refuse a spec of more than MAX_LAYERS layers, or with layers nested more than MAX_DEPTH
    deep, walking its JSON with a stack of its own (no recursion, nothing built yet)."""
    layers, stack = 1, [(spec, 0)]  # (a layer's spec, how many Sequentials it is inside)
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidModelFile(f"its spec nests layers more than {MAX_DEPTH} deep, the most a model "
                           f"file may hold")
        children = node.get("layers") if isinstance(node, dict) else None
        if not isinstance(children, list):
            continue
        layers += len(children)
        if layers > MAX_LAYERS:
            raise InvalidModelFile(f"its spec declares more than the {MAX_LAYERS:,} layers a model file "
                           f"may hold")
        stack.extend((child, depth + 1) for child in children)


def _set_buffer(layers, dotted, buffer, value):
    """Put ``value`` in buffer ``dotted``: its owner's attribute of that name is replaced (so the
    saved dtype is kept) when it holds this buffer; otherwise the values are copied in place.
    ``layers`` is the model's ``dict(named_layers())``."""
    owner, attribute = owner_of(layers, dotted)
    if getattr(owner, attribute, None) is buffer:
        setattr(owner, attribute, value)
    else:
        buffer[...] = value
