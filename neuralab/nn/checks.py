"""Argument checks shared by every package: an error naming the parameter, raised before any
state changes. A value of the wrong kind raises ``ArgumentTypeError``, a value of the right kind
out of range a ``ValueError``."""
import functools
import inspect
import math
import numbers
import os
import pathlib

import numpy as np

from ..spelling import did_you_mean
from . import tables


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type: a TypeError, as Python's own; also a ValueError, so that
    code reading specs and files, which refuses bad values with ValueError, refuses it alike."""


def check_type(value, name, kind, expected, error=ArgumentTypeError):
    """``value`` if it is an instance of ``kind`` (a class or a tuple of them); ``expected``
    describes what is allowed in the ``error`` (a class taking the message). A bool passes only if
    ``kind`` names bool: to Python True is the integer 1, as an argument it is a mistake."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        shown = repr(value)  # quoted if on one line (a long model's, an array's take many)
        raise error(f"{name} must be {expected}, got {type(value).__name__}"
                    + ("" if "\n" in shown else f" {shown}"))
    return value


def check_keywords(function, options, valid, hint=None):
    """Refuse the first of ``options`` (keyword arguments, a dict) that ``function`` (its name)
    does not take, with the TypeError Python would raise bare, plus the way to it:
    ``hint(name, value)`` gives the way to the same thing here (scikit-learn's random_state is
    seed, Keras's validation_split is validation_data, torch's pos_weight is a per-sample weight)
    or None, and then the closest of the ``valid`` names is suggested. The message ends with the
    names ``function`` takes."""
    for name, value in options.items():
        if name not in valid:
            way = (hint(name, value) if hint else None) or did_you_mean(name, valid).strip()
            raise TypeError(f"{function}() got an unexpected keyword argument {name!r}"
                            + (f" ({way})" if way else "")
                            + (f"; it takes {', '.join(valid)}" if valid else "; it takes no arguments"))


def _taken(signature):
    """The names of the keyword arguments a function of ``signature`` takes (not ``self``)."""
    return [name for name, p in signature.parameters.items()
            if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def keyword_way(ways, name, value):
    """The answer in ``ways`` to keyword ``name`` given ``value``: a sentence, or a function of the
    value for answers that repeat it (Keras's ``learning_rate=0.1`` is told ``lr=0.1``)."""
    way = ways.get(name)
    return way(value) if callable(way) else way


def checked_keywords(ways, missing=None):
    """A decorator of a constructor's ``__init__``, or of a function such as ``MLP``: the keywords
    it does not take are refused with ``check_keywords`` before Python binds the arguments, so
    that Keras's GaussianNoise(stddev=0.1) is told what does its job here (``ways``, as above, or,
    for a constructor, a function of the class giving them, for subclasses that answer alike in
    words of their own), not "missing 1 required positional argument: 'std'". Required
    arguments stay required, with no placeholder default, and help() and Jupyter show the
    function's own signature (``functools.wraps``), not a catch-all ``**unexpected``.

    ``missing``, a sentence, is what a call without a required argument is told instead of
    Python's bare "missing 1 required positional argument" (Keras's Dense(8), which names one
    size where nn.Dense takes two)."""
    def decorate(function):
        signature = inspect.signature(function)
        is_constructor = function.__name__ == "__init__"
        positional = [p.name for p in signature.parameters.values() if p.kind in (p.POSITIONAL_ONLY,
                                                                                  p.POSITIONAL_OR_KEYWORD)]
        required = [p.name for p in signature.parameters.values() if p.default is p.empty
                    and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]

        @functools.wraps(function)
        def checked(*args, **keywords):
            unknown = {k: v for k, v in keywords.items() if k not in signature.parameters}
            owner = type(args[0]) if is_constructor else None
            if unknown:
                answers = ways(owner) if owner and callable(ways) else ways
                check_keywords(owner.__name__ if owner else function.__name__, unknown, _taken(signature),
                               lambda name, value: keyword_way(answers, name, value))
            if missing is not None and (lacking := [name for name in required if name not in keywords
                                                    and name not in positional[:len(args)]]):
                raise TypeError(f"{owner.__name__ if owner else function.__name__}() missing "
                                f"{' and '.join(map(repr, lacking))}: {missing}")
            return function(*args, **keywords)
        return checked
    return decorate


# The signature help() and Jupyter show for a constructor that takes no arguments, whose
# ``*args, **unexpected`` are there only for ``check_no_arguments`` to refuse in words: ReLU(),
# MSELoss(), as they are called (set as ``__init__.__signature__``).
NO_ARGUMENTS = inspect.Signature([inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)])


def check_no_arguments(obj, args, unexpected, ways):
    """For the constructor of a class that takes no arguments, ``__init__(self, *args,
    **unexpected)``: a keyword is refused first (torch's ReLU(inplace=True) gets its answer from
    ``ways``), then a positional argument, as Python's own words say it."""
    if unexpected:
        check_keywords(type(obj).__name__, unexpected, [], lambda name, value: keyword_way(ways, name, value))
    if args:
        raise TypeError(f"{type(obj).__name__}() takes no arguments")


def check_path(value, name="path", error=ValueError, type_error=ArgumentTypeError):
    """``value`` as a ``pathlib.Path`` with ``~`` expanded, if it is a str or a path object
    (``os.PathLike``); None, a number or an open file is refused naming ``name`` (a
    ``type_error``), and so is (an ``error``) "", which ``pathlib`` reads as ".", the current
    folder, a NUL character, which no file name holds, and a ``~user`` whose home folder is
    unknown (pathlib's error names no path). A caller whose refusals are errors of its own
    (``load_csv``'s, CsvErrors) passes their classes, each taking the message."""
    check_type(value, name, (str, os.PathLike), "a path (str or pathlib.Path)", type_error)
    text = os.fspath(value)
    if text == "":
        raise error(f"{name} is empty: give a file or folder name ('.' for the current folder)")
    if "\0" in text:
        raise error(f"{name} {text!r} holds a NUL character (\\0), which no file name can hold")
    try:
        return pathlib.Path(value).expanduser()
    except RuntimeError:
        home = pathlib.Path(text).parts[0]  # "~" or "~user"
        whose = f"user {home[1:]!r}" if home != "~" else "the current user (HOME is not set)"
        raise error(f"{name} {text!r}: {home} is the home folder of {whose}, which is unknown "
                    f"here; give the full path") from None


def check_writable(path, example):
    """Refuses ``path`` (a ``pathlib.Path``) if it is a folder (``example``, a file name, is
    suggested inside it) or if its folder can neither be found nor made: checked before training,
    a file a callback writes at an epoch's end never fails after that epoch changed the weights."""
    if path.is_dir():
        raise ValueError(f"path {str(path)!r} is a folder; name a file inside it, e.g. "
                         f"{str(path / example)!r}")
    folder = pathlib.Path(os.path.realpath(path)).parent   # a link's target is what gets written
    while not folder.exists() and folder != folder.parent:  # the folders made on writing end here
        folder = folder.parent
    if not folder.is_dir():
        raise ValueError(f"path {str(path)!r} cannot be written: {str(folder)!r} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"path {str(path)!r} cannot be written: no permission to write in {str(folder)!r}")


def check_bool(value, name):
    """``value`` as a bool if it is True or False (NumPy's too); 1, "no" and None are refused."""
    return bool(check_type(value, name, (bool, np.bool_), "True or False"))


def check_number(value, name, ok=None, expected="a finite number", kind=numbers.Real):
    """``value`` as a float (an int if ``kind`` is ``numbers.Integral``) if it is a finite number
    of ``kind`` with ``ok(value)``; ``expected`` describes the allowed values."""
    check_type(value, name, kind, expected)
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int past the float range
        finite = False
    if not finite or (ok is not None and not ok(value)):
        raise ValueError(f"{name} must be {expected}, got {_shown(value)}")
    return int(value) if kind is numbers.Integral else float(value)


# the ε float32 holds, as Python floats (comparing a float with NumPy's float32 casts it, with
# an overflow warning for 1e300)
EPS_RANGE = float(np.finfo(np.float32).smallest_subnormal), float(np.finfo(np.float32).max)


def check_eps(value, added_to):
    """An ε added to ``added_to`` before a square root or a division keeps it from 0: a number
    float32 holds, whatever the dtype (a model may be converted later). One that rounds to 0
    lets 0/0 through (BatchNorm's constant feature; Adam's or RMSProp's entry whose gradients
    were all 0, a dead ReLU unit's weight), one that rounds to inf makes every result 0."""
    return check_number(value, "eps", lambda v: EPS_RANGE[0] <= v <= EPS_RANGE[1],
                        f"a positive number float32 holds, 1.4e-45 to 3.4e38 (added to {added_to})")


def _shown(value):
    """``value`` as a message shows it: an integer of more than 16 digits in powers of ten
    (10**400 is 1.00e+400, not its 401 digits; no float holds it), anything else by repr."""
    digits = str(abs(value)) if isinstance(value, numbers.Integral) else ""
    if len(digits) <= 16:
        return repr(value)
    return f"{'-' * (value < 0)}{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"


def check_int(value, name, minimum=1, maximum=None):
    """``value`` as an int in ``[minimum, maximum]`` (None: no bound); bools and floats are refused."""
    value = int(check_type(value, name, numbers.Integral, "an integer"))
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        allowed = (f"between {minimum} and {maximum}" if None not in (minimum, maximum)
                   else f">= {minimum}" if maximum is None else f"<= {maximum}")
        raise ValueError(f"{name} must be {allowed}, got {_shown(value)}")
    return value


# The largest layer size: more is a typo or a crafted file.
MAX_SIZE = 1_000_000


def check_size(value, name):
    """A layer size: an integer from 1 to ``MAX_SIZE`` (larger is a typo or a crafted file)."""
    return check_int(value, name, minimum=1, maximum=MAX_SIZE)


def refuse_masked(value, name):
    """``value`` as it came, unless it is a NumPy masked array with masked entries: ``np.asarray``
    keeps the numbers under the mask and drops the mask, so those entries would be read as data
    (a masked label 7 becomes class 7). A masked array with nothing masked is its plain data."""
    if isinstance(value, np.ma.MaskedArray) and np.ma.is_masked(value):
        count = int(np.ma.count_masked(value))
        raise ValueError(f"{name} is a masked array with {count} masked value{'s' * (count != 1)}, "
                         f"which would be read as the numbers under the mask: fill them in first "
                         f"({name}.filled(...)) or drop the samples that hold them")
    return value


def as_array(value, name, numbers_only=False):
    """``np.asarray(value)`` for what may hold any kind of values (targets, class labels), with
    the errors named: nested lists of different lengths ("rows of different lengths", where NumPy
    speaks of an "inhomogeneous shape") and masked entries (``refuse_masked``). A pandas table
    of nullable numbers, which NumPy reads as objects, comes back as float64 (``tables``); with
    ``numbers_only``, a table with columns of anything else (text, dates) is refused, naming them."""
    refuse_masked(value, name)
    try:
        array = np.asarray(value)
    except ValueError:  # "setting an array element with a sequence ... inhomogeneous shape"
        raise ValueError(f"{name} holds rows of different lengths (a ragged nested list): give "
                         f"every sample the same number of values") from None
    if array.dtype == object and tables.is_table(value):   # pandas' nullable numbers (Int64, Float64)
        table = tables.table_numbers(value)
        if table is None and numbers_only:
            raise tables.not_numbers(value, name)
        return array if table is None else table
    if numbers_only and array.dtype.kind in "Mm" and tables.is_table(value):   # dates or durations alone
        raise tables.not_numbers(value, name)
    return array


def undefined_hook(obj, method, what):
    """The error of a base class's method that a subclass is to define and did not (``method``
    with its signature; ``what`` says what it must do): raised when it is called, so a class of
    one's own that lacks it is named with the fix, not met with a bare NotImplementedError."""
    return NotImplementedError(f"{type(obj).__name__} defines no {method}, which it needs here: {what}")

