"""The neuralab model file format, and the checks of a file's form that ``load`` makes before
it builds anything: an ``.npz`` archive whose members are all "<name>.npy" (``array_names``),
each with a valid ``.npy`` header of no objects that announces exactly the bytes it holds
(``npy_header``; ``read_npy`` reads the data), and a JSON header, under ``SPEC_KEY``, that says
format ``FORMAT`` and version ``VERSION`` (``parse_json_header``), with the model's spec and, where they exist, its tied
parameters, the column names it was trained on, the names of its classes, the name of the
loss it was trained with (one of ``nn.losses``' own: "mse", "mae", "bce", "bce_logits", "cross_entropy", "hinge"),
the reach of its training inputs (``input_reach``, a number >= 0) and the names of the metrics
``fit`` was given (``metrics``, names ``evaluate`` takes with that loss). Whether the
arrays and the names fit the model they describe is ``load.py``'s and ``model_names.py``'s.
Anything wrong raises ``InvalidModelFile``, which ``load`` and ``save`` turn into a ValueError.
"""
import functools
import io
import json
import math
import tokenize
from typing import NamedTuple

import numpy as np

# the longest column or class name a header may hold, the model's rule (``nn.names``)
from ..nn.losses import LOSSES
from ..nn.names import MAX_NAME_CHARS, too_long_name

SPEC_KEY = "__neuralab__"
FORMAT = "neuralab"
VERSION = 1

# The longest integer a header may hold: a spec's integers are layer sizes and the like, of a
# few digits, and Python takes quadratic time to convert one of thousands (past 4,300 it refuses,
# with a message that suggests raising its limit).
_MAX_DIGITS = 100
# A .npy header's version: the bytes of its length (version 3.0 is for structured dtypes only).
_HEADER_LENGTH_BYTES = {(1, 0): 2, (2, 0): 4}
# The longest .npy header read, NumPy's own limit: a header is a short dict, and a crafted one of
# 4 GB (a few MB compressed) would be read whole before NumPy refused it.
_MAX_NPY_HEADER = 10_000
# The bytes of an array's data read at a time (zipfile hands each piece over in a copy of its own)
_READ_BYTES = 2 ** 24
# What each list of names in the header names, for its error message
_NAMED = {"feature_names": "column names", "class_names": "class names"}


# The losses a file names, by their own names (``Loss.name``): they take no arguments, so the
# name is the whole loss.
SAVED_LOSSES = tuple(dict.fromkeys(cls.name for cls in LOSSES.values()))


def with_npz(path):
    """``path`` (a ``pathlib.Path``) with ".npz" appended, unless it ends in ".npz", in any case
    (``model.NPZ`` too): the file ``save`` writes, and the one ``load`` tries next."""
    return path if path.suffix.lower() == ".npz" else path.with_name(path.name + ".npz")


class InvalidModelFile(Exception):
    """Why a file is not a model file; ``load`` and ``save`` turn it into the public ValueError."""


def array_names(archive):
    """The array names in the archive: every member must be "<name>.npy", each name once."""
    names = set()
    for member in archive.namelist():
        name = member.removesuffix(".npy")
        if name == member or name in names:
            raise InvalidModelFile(f"unexpected archive member {member!r}{_torch_hint(archive)}")
        names.add(name)
    return names


def _torch_hint(archive):
    """Why a zip that ``torch.save`` wrote (its pickle is "<name>/data.pkl") does not load, or
    "": an easy mistake next to ``to_torch``, and one that ``load`` must not "fix", since reading
    it means unpickling, which runs whatever code the file holds."""
    if not any(member.endswith("/data.pkl") for member in archive.namelist()):
        return ""
    return ("; it looks like a PyTorch checkpoint (torch.save), which neuralab does not read "
            "(it never unpickles): load it with torch.load, or save the neuralab model with "
            "model.save(path)")


class NpyHeader(NamedTuple):
    """What the ``.npy`` header of an archive member says: the array's shape and dtype, whether
    its data is in Fortran (column-major) order, and where the data starts in the member, in
    bytes. ``save`` checks the arrays it holds in memory by their shape and dtype alone."""
    shape: tuple
    dtype: np.dtype
    fortran_order: bool = False
    offset: int = 0


def npy_header(archive, name):
    """The ``NpyHeader`` of array ``name``, without reading its data, after checking that the
    member holds exactly the bytes the header announces: NumPy reads that many and would ignore
    more (a file that was tampered with, or two files run together)."""
    info = archive.getinfo(name + ".npy")
    with archive.open(info) as fp:
        # NumPy's reader of a damaged header raises more than ValueError: tokenize's TokenError
        # for an unclosed "(", SyntaxError for a dtype of ",f4"
        try:
            version = np.lib.format.read_magic(fp)
            if version not in _HEADER_LENGTH_BYTES:
                raise InvalidModelFile(f"{name!r}: unsupported .npy format version {version}")
            length = fp.read(_HEADER_LENGTH_BYTES[version])
            size = int.from_bytes(length, "little")
            if size > _MAX_NPY_HEADER:  # refused before it is read
                raise InvalidModelFile(f"{name!r} has a .npy header of {size:,} bytes; an array's "
                                       f"header has at most {_MAX_NPY_HEADER:,}")
            shape, fortran_order, dtype = _parsed_npy_header(version, length + fp.read(size))
        except (ValueError, SyntaxError, tokenize.TokenError) as err:
            raise InvalidModelFile(f"{name!r} is not a valid .npy array ({err})") from None
        offset = fp.tell()
    if dtype.hasobject:
        raise InvalidModelFile(f"{name!r} holds Python objects (pickled data is never loaded)")
    if any(n < 0 for n in shape):  # NumPy's reader takes them: its announced size would be below 0
        raise InvalidModelFile(f"{name!r} has shape {shape} in its .npy header, a dimension below 0")
    announced = math.prod(shape) * dtype.itemsize
    if info.file_size - offset > announced:  # fewer are refused when read (``read_npy``)
        raise InvalidModelFile(f"{name!r} holds {info.file_size - offset} bytes of data where its header "
                               f"announces {announced}")
    return NpyHeader(shape, dtype, fortran_order, offset)


@functools.lru_cache(maxsize=64)
def _parsed_npy_header(version, data):
    """(shape, fortran_order, dtype) of a .npy header, ``data`` its bytes after the magic string,
    parsed by NumPy. Remembered: NumPy's parser (``ast.literal_eval``) takes about 0.1 ms, and
    a model's headers repeat, four alike in each BatchNorm1d of n features (10,000 BatchNorm1d
    layers took 14 s to load while NumPy parsed each header twice)."""
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    return read(io.BytesIO(data))


def read_npy(archive, name, header):
    """The array of member ``name``, whose ``NpyHeader`` ``npy_header`` read and checked: its data
    alone is read, a piece at a time, into an array of its own (writable, as parameters must
    be), in native byte order."""
    array = np.empty(header.shape[::-1] if header.fortran_order else header.shape, header.dtype)
    into = array.reshape(-1).view(np.uint8)
    with archive.open(name + ".npy") as fp:
        fp.seek(header.offset)
        done = 0
        while done < into.size and (n := fp.readinto(into[done:done + _READ_BYTES])):
            done += n
    if done < into.size:  # (the central directory's size was checked: the member's data is short)
        raise InvalidModelFile(f"{name!r} ends after {done} bytes of data where its header announces "
                               f"{into.size}")
    return np.ascontiguousarray(array.T if header.fortran_order else array,
                                dtype=header.dtype.newbyteorder("="))


def parse_json_header(data):
    """(spec, tied, feature_names, class_names, loss, input_reach, metrics, categories) from the JSON
    header's bytes, after checking its format name and version; each list of names, the loss's
    name, the input reach and the metric names are None when the header has none (a file
    written before neuralab kept class names has no "class_names", one written before it kept
    the loss, or of a model never fitted, no "loss" and no "input_reach")."""
    try:
        meta = json.loads(data.decode("utf-8"), parse_constant=_no_constant, parse_int=_parse_int)
    except (ValueError, RecursionError) as err:  # UnicodeDecodeError, JSONDecodeError, _parse_int's
        raise InvalidModelFile(f"the spec is not valid JSON ({type(err).__name__}: {err})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise InvalidModelFile(f"the header does not say format {FORMAT!r}")
    if type(meta.get("version")) is int and meta["version"] > VERSION:
        raise InvalidModelFile(f"format version {meta['version']} was written by a newer neuralab; this "
                       f"one reads version {VERSION}: upgrade neuralab to load it")
    if type(meta.get("version")) is not int or meta["version"] != VERSION:
        raise InvalidModelFile(f"format version {meta.get('version')!r} is not supported "
                       f"(this neuralab reads version {VERSION})")
    if "spec" not in meta:
        raise InvalidModelFile("the header has no 'spec' (the model's layers)")
    if extra := sorted(set(meta) - {"format", "version", "spec", "tied", "loss", "metrics", "input_reach",
                                    "categories", *_NAMED}):
        raise InvalidModelFile(f"unexpected header keys {extra}")
    tied = meta.get("tied", {})
    if not isinstance(tied, dict) or not all(isinstance(v, str) for v in tied.values()):
        raise InvalidModelFile(f"'tied' must map parameter names to parameter names, got {tied!r}")
    loss = meta.get("loss")
    if loss is not None and loss not in SAVED_LOSSES:
        raise InvalidModelFile(f"'loss' must be one of the names {', '.join(SAVED_LOSSES)}, got {str(loss)[:100]}")
    reach = meta.get("input_reach")
    if reach is not None:
        check_input_reach(reach)
    return (meta["spec"], tied, *(_names(meta.get(key), key) for key in _NAMED), loss, reach,
            _metric_names(meta.get("metrics"), loss), _categories(meta.get("categories")))


def _categories(categories):
    """The header's "categories" ({column: its categories, a list of texts}) if None or such a
    dict of short texts; whether each names one of the model's columns, ``model_names`` checks."""
    if categories is None:
        return None
    if not (isinstance(categories, dict) and categories and all(
            isinstance(column, str) and isinstance(names, list) and names and all(isinstance(n, str) for n in names)
            for column, names in categories.items())):
        raise InvalidModelFile(f"'categories' must map each one-hot column to the list of its categories "
                               f"(texts), got {str(categories)[:100]}")
    if (long := too_long_name([*categories, *(n for names in categories.values() for n in names)])) is not None:
        raise InvalidModelFile(f"'categories' holds a name of {len(long):,} characters; a name may have at "
                               f"most {MAX_NAME_CHARS:,}")
    return categories


def check_input_reach(reach, name="'input_reach'"):
    """Refuses an "input_reach" that is no finite number >= 0 (``train.input_reach``: the reach of
    the training inputs, which predict compares new inputs with), saying it as ``name``."""
    if not (type(reach) in (int, float) and math.isfinite(reach) and reach >= 0):
        raise InvalidModelFile(f"{name} must be a number >= 0, got {str(reach)[:100]}")


def _names(names, key):
    """``names``, the header's entry ``key``, if it is None or a non-empty list of texts of at
    most MAX_NAME_CHARS characters each."""
    if names is not None and not (isinstance(names, list) and names and all(isinstance(n, str) for n in names)):
        raise InvalidModelFile(f"{key!r} must be a list of {_NAMED[key]} (texts: numbers written as texts, "
                               f"tuple(map(str, names))), got {str(names)[:100]}")
    if names is not None and (long := too_long_name(names)) is not None:
        raise InvalidModelFile(f"{key!r} holds a name of {len(long):,} characters; a name may have at "
                               f"most {MAX_NAME_CHARS:,}")
    return names


def _metric_names(metrics, loss):
    """``metrics``, the header's list of the metric names ``fit`` was given, if None or names
    that ``evaluate`` takes with the loss named ``loss`` (or None): the function that reads
    them checks them."""
    if metrics is None:
        return None
    if not isinstance(metrics, list):
        raise InvalidModelFile(f"'metrics' must be a list of metric names, got {str(metrics)[:100]}")
    from ..train.metrics import resolve  # here: only a file that names metrics needs train's import
    try:
        resolve(metrics, LOSSES[loss]() if loss is not None else None)
    except (TypeError, ValueError) as err:
        raise InvalidModelFile(f"'metrics': {str(err)[:300]}") from None
    return metrics


def _no_constant(name):
    raise json.JSONDecodeError(f"{name} is not allowed", name, 0)


def _parse_int(digits):
    if len(digits) > _MAX_DIGITS:
        raise ValueError(f"a number of {len(digits):,} digits; a spec's numbers have at most "
                         f"{_MAX_DIGITS}")
    return int(digits)
