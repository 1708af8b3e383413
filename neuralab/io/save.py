"""Save and load models as spec + weights in one ``.npz`` file — no pickle anywhere.

The file is a plain NumPy ``.npz`` archive (a zip of ``.npy`` arrays):

    "__neuralab__"        the JSON header {"format": "neuralab", "version": 1, "spec": ...}
                          as UTF-8 bytes in a uint8 array
    "0.weight", "0.bias"  each parameter and buffer under its dotted name
                          (``named_parameters`` / ``named_buffers``, the names torch also uses)

A parameter that layers share (tied weights) is stored once, under its first name; the header's
"tied" entry, present only then, maps each other use to it ({"2.weight": "0.weight"}), and
``load`` shares it again.

``load`` trusts nothing in the file: it opens it with ``allow_pickle=False``, rebuilds the model
with ``Layer.from_spec`` (which refuses unknown layer types) on placeholder arrays that take no
memory (``nn.init.placeholders``: no initial weights are drawn, so a small crafted file that
declares huge layers allocates nothing), refuses a model of more than ``MAX_MODEL_VALUES``
values in all (parameters and buffers: a few MB of compressed zeros can unpack to gigabytes),
checks every array header (names, shapes, float32/float64, no objects) before reading any data,
refuses NaN and inf and any buffer value its layer refuses (``Layer.check_buffer``: a
Standardize σ ≤ 0, a negative BatchNorm1d running_var), and only then puts the weights in.
Anything wrong gives ``ValueError("<path>: not a valid neuralab model file: <reason>")``.
The parameters' gradients are zeros that take no memory until a backward pass writes them.
Loading changes nothing outside the new model: not the file, not the default dtype, not the
random generator, whether it succeeds or fails.
"""
import json
import os
import pathlib
import uuid
import zipfile

import numpy as np

from ..nn import init as initializers
from ..nn.checks import check_path
from ..nn.dense import MAX_MODEL_VALUES
from ..nn.layer import Layer

SPEC_KEY = "__neuralab__"
FORMAT = "neuralab"
VERSION = 1
_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_MAX_SPEC_BYTES = 10_000_000


def _state(model):
    """{dotted name: ndarray} of everything that is saved: parameters, then buffers."""
    arrays = {}
    for name, value in [(n, p.data) for n, p in model.named_parameters()] + list(model.named_buffers()):
        if name in arrays or name == SPEC_KEY:
            raise ValueError(f"cannot save: two arrays would be stored under the name {name!r}")
        arrays[name] = value
    return arrays


def _too_many_values(arrays):
    """"N values in parameters and buffers, more than the MAX_MODEL_VALUES a model file may
    hold" if ``arrays`` ({name: array}) hold more than that, else "". The one limit that both
    ``save`` (so that it never writes a file ``load`` would refuse) and ``load`` apply; it looks
    at sizes only, so ``load`` can apply it to placeholders before reading any data."""
    total = sum(array.size for array in arrays.values())
    if total <= MAX_MODEL_VALUES:
        return ""
    return (f"{total:,} values in parameters and buffers, more than the {MAX_MODEL_VALUES:,} "
            f"a model file may hold")


def save(model, path):
    """Write ``model`` (spec + parameters + buffers) to ``path``; return the ``pathlib.Path`` written.

    As ``np.savez`` does, ".npz" is appended when ``path`` does not end with it, so
    ``save(model, "xor")`` writes ``xor.npz``; a folder is refused (``IsADirectoryError``). The
    file is written next to its destination and moved into place, so an existing file is either
    fully replaced or left as it was.
    Weights keep their dtype; NaN or inf weights, and a model of more than ``MAX_MODEL_VALUES``
    values, are refused (``ValueError``) because ``load`` would refuse them.
    """
    if not isinstance(model, Layer):
        raise TypeError(f"save expects a neuralab Layer or Sequential, got {type(model).__name__}")
    given, path = path, check_path(path)
    # A folder is not a file name: "runs/" or "~/runs" would otherwise write runs.npz next to it.
    folder = None
    if str(given).endswith(("/", os.sep)) or path.is_dir():
        folder = path
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    if folder is None and path.is_dir():
        folder = path
    if folder is not None:
        raise IsADirectoryError(f"cannot save to {given}: {folder} is a folder; give a file name "
                                f"such as {folder / 'model.npz'}")
    arrays = _state(model)
    if too_many := _too_many_values(arrays):
        raise ValueError(f"cannot save: the model holds {too_many}")
    for name, value in arrays.items():
        if value.dtype not in _DTYPES:
            raise ValueError(f"cannot save {name!r}: dtype {value.dtype} (expected float32 or float64)")
        if not np.isfinite(value).all():
            raise ValueError(f"cannot save {name!r}: it contains NaN or inf (training diverged?)")
    meta = {"format": FORMAT, "version": VERSION, "spec": model.to_spec()}
    if model.shared_parameters():
        meta["tied"] = model.shared_parameters()
    try:
        header = json.dumps(meta, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise ValueError(f"cannot save: the model's spec is not JSON: {err}") from None
    arrays[SPEC_KEY] = np.frombuffer(header.encode("utf-8"), dtype=np.uint8)

    if not path.parent.is_dir():  # else the error would name the hidden temporary file
        raise FileNotFoundError(f"cannot save {path}: there is no folder {path.parent}")
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "xb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def load(path):
    """The model saved at ``path`` (".npz" is tried too if ``path`` does not exist).

    Raises ``FileNotFoundError`` if there is no such file and ``ValueError`` if the file is not
    a valid neuralab model file (see the module docstring for every check).
    """
    path = check_path(path)
    if not path.exists() and path.suffix != ".npz" and path.with_name(path.name + ".npz").exists():
        path = path.with_name(path.name + ".npz")
    with open(path, "rb") as f:
        return _read(f, path)


class _Invalid(Exception):
    """Why a file is not a model file; ``load`` turns it into the public ValueError."""


def _read(f, path):
    try:
        start = f.read(len(np.lib.format.MAGIC_PREFIX))
        f.seek(0)
        if start.startswith(np.lib.format.MAGIC_PREFIX):
            raise _Invalid("a single .npy array, not an .npz archive")
        if not start.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            raise _Invalid("not an .npz archive (it does not start like a zip file)")
        try:
            npz = np.load(f, allow_pickle=False)
        except (ValueError, EOFError, OSError, zipfile.BadZipFile) as err:
            raise _Invalid(f"not an .npz archive ({err})") from None
        with npz:
            return _read_npz(npz)
    except _Invalid as err:
        raise ValueError(f"{path}: not a valid neuralab model file: {err}") from None
    except (ValueError, EOFError, OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError,
            UnicodeDecodeError, OverflowError) as err:  # a damaged archive, found while reading it
        raise ValueError(f"{path}: not a valid neuralab model file: damaged archive "
                         f"({type(err).__name__}: {err})") from None


def _read_npz(npz):
    names = _member_names(npz.zip)
    if SPEC_KEY not in names:
        raise _Invalid(f"no {SPEC_KEY!r} entry (the model's spec)")
    spec, tied = _spec(npz)
    model = _build(spec)
    _tie(model, tied)

    expected = {n: p.data for n, p in model.named_parameters()} | dict(model.named_buffers())
    if too_many := _too_many_values(expected):  # the placeholders' sizes: nothing is read yet
        raise _Invalid(f"its spec declares {too_many}")
    missing, extra = sorted(set(expected) - names), sorted(names - set(expected) - {SPEC_KEY})
    if missing or extra:
        raise _Invalid(f"the arrays do not match the model: missing {_names(missing)}, "
                       f"unexpected {_names(extra)}")
    dtypes = {}
    for name, array in expected.items():  # every header is checked before any data is read
        shape, dtypes[name] = _header(npz.zip, name)
        if dtypes[name].newbyteorder("=") not in _DTYPES:  # either byte order; native once read
            raise _Invalid(f"{name!r} has dtype {dtypes[name]} (expected float32 or float64)")
        if shape != array.shape:
            raise _Invalid(f"{name!r} has shape {shape}, the model expects {array.shape}")

    values = {}
    for name, dtype in dtypes.items():
        values[name] = np.ascontiguousarray(npz[name], dtype=dtype.newbyteorder("="))
        if not np.isfinite(values[name]).all():
            raise _Invalid(f"{name!r} contains NaN or inf")
    for name, _ in model.named_buffers():  # the rule the layer's constructor applies
        owner, attribute = model.locate(name)
        try:
            owner.check_buffer(attribute, values[name])
        except ValueError as err:
            raise _Invalid(f"{name!r}: {err}") from None

    for name, p in model.named_parameters():
        # np.zeros, not zeros_like, which writes every zero: calloc'd pages take no memory
        # until the first backward pass writes them, so a loaded model used only to predict
        # never pays for its gradients.
        p.data, p.grad = values[name], np.zeros(values[name].shape, values[name].dtype)
    for name, buffer in model.named_buffers():
        _set_buffer(model, name, buffer, values[name])
    return model


def _member_names(archive):
    """The array names in the archive: every member must be "<name>.npy", each name once."""
    names = set()
    for member in archive.namelist():
        name = member.removesuffix(".npy")
        if name == member or name in names:
            raise _Invalid(f"unexpected archive member {member!r}")
        names.add(name)
    return names


def _header(archive, name):
    """(shape, dtype) from the .npy header of array ``name``, without reading its data."""
    with archive.open(name + ".npy") as fp:
        try:
            version = np.lib.format.read_magic(fp)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(fp)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(fp)
            else:
                raise _Invalid(f"{name!r}: unsupported .npy format version {version}")
        except ValueError as err:
            raise _Invalid(f"{name!r} is not a valid .npy array ({err})") from None
    if dtype.hasobject:
        raise _Invalid(f"{name!r} holds Python objects (pickled data is never loaded)")
    return shape, dtype


def _spec(npz):
    """The layer spec from the JSON header, after checking its format name and version."""
    shape, dtype = _header(npz.zip, SPEC_KEY)
    if dtype != np.uint8 or len(shape) != 1 or shape[0] > _MAX_SPEC_BYTES:
        raise _Invalid(f"{SPEC_KEY!r} must be a 1-D uint8 array of at most {_MAX_SPEC_BYTES} bytes, "
                       f"got dtype {dtype} and shape {shape}")
    try:
        meta = json.loads(npz[SPEC_KEY].tobytes().decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise _Invalid(f"the spec is not valid JSON ({type(err).__name__}: {err})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise _Invalid(f"the header does not say format {FORMAT!r}")
    if type(meta.get("version")) is int and meta["version"] > VERSION:
        raise _Invalid(f"format version {meta['version']} was written by a newer neuralab; this "
                       f"one reads version {VERSION}: upgrade neuralab to load it")
    if type(meta.get("version")) is not int or meta["version"] != VERSION:
        raise _Invalid(f"format version {meta.get('version')!r} is not supported "
                       f"(this neuralab reads version {VERSION})")
    if not {"format", "version", "spec"} <= set(meta) <= {"format", "version", "spec", "tied"}:
        raise _Invalid(f"unexpected header keys {sorted(set(meta) - {'format', 'version', 'spec'})}")
    tied = meta.get("tied", {})
    if not isinstance(tied, dict) or not all(isinstance(v, str) for v in tied.values()):
        raise _Invalid(f"'tied' must map parameter names to parameter names, got {tied!r}")
    return meta["spec"], tied


def _tie(model, tied):
    """Share again each parameter that was shared when saved: the layer at ``path`` gets the
    Parameter object of ``first``, which must be a parameter of the same shape used only once."""
    params = dict(model.named_parameters())
    for path, first in tied.items():
        if path not in params or first not in params or first in tied:
            raise _Invalid(f"'tied' entry {path!r}: {first!r} names no parameter that can be shared")
        if params[path].shape != params[first].shape:
            raise _Invalid(f"'tied' entry {path!r}: its shape {params[path].shape} differs from "
                           f"the shape {params[first].shape} of {first!r}")
        setattr(*model.locate(path), params[first])


def _no_constant(name):
    raise json.JSONDecodeError(f"{name} is not allowed", name, 0)


def _build(spec):
    try:
        with initializers.placeholders():  # the file's arrays replace every value
            return Layer.from_spec(spec)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError,
            MemoryError, OverflowError) as err:
        raise _Invalid(f"bad spec: {type(err).__name__}: {err}") from None


def _names(names, limit=5):
    if not names:
        return "none"
    return "[" + ", ".join(map(repr, names[:limit])) + (", ...]" if len(names) > limit else "]")


def _set_buffer(model, dotted, buffer, value):
    """Put ``value`` in buffer ``dotted``: its owner's attribute of that name is replaced (so the
    saved dtype is kept) when it holds this buffer; otherwise the values are copied in place."""
    owner, attribute = model.locate(dotted)
    if getattr(owner, attribute, None) is buffer:
        setattr(owner, attribute, value)
    else:
        buffer[...] = value
