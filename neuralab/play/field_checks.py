"""The checks of one field of a playground message: a JSON object's fields, a number in its
range, an integer, a choice, a text of bounded length, an upload's delimiter and decimal mark;
``each`` checks an object's fields by a table of these checks (``protocol.DATASET_RULES``).
Each returns the value it checked or raises ``ProtocolError`` with one sentence that names the
field, what it must be and the value refused (quoted short: a two-megabyte field does not come
back as a two-megabyte message).
"""
import math
import numbers
import reprlib


class ProtocolError(ValueError):
    """A message the server refuses; ``suggestion`` says what would be accepted, ``field`` (set
    by the state's checks) where the refused value stands in the state ("hparams.lr"), and
    ``control`` the upload form's control that the advice names first ({"name": "missing"}, or
    {"name": "ignore", "column": "Name"} for a column's Leave out box), where the page moves the
    focus."""

    field = None

    def __init__(self, message, suggestion="", control=None):
        super().__init__(message)
        self.suggestion = suggestion
        self.control = control


# How a refused value is quoted in an error: a long one is cut in its middle ('aaa...aaa'), so that
# a two-megabyte field does not come back as a two-megabyte message.
_QUOTE = reprlib.Repr()
_QUOTE.maxstring = _QUOTE.maxlong = _QUOTE.maxother = 40


def shown(value):
    return _QUOTE.repr(value)


def json_object(obj, where):
    if not isinstance(obj, dict):
        raise ProtocolError(f"{where} must be a JSON object, got {type(obj).__name__}")
    return obj


def fields(obj, where, required=(), optional=()):
    unknown = sorted(set(json_object(obj, where)) - set(required) - set(optional))
    if unknown:
        known = ", ".join(list(required) + list(optional)) or "none"
        named = ", ".join(shown(name)[1:-1] for name in unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        raise ProtocolError(f"{where} has unknown field(s) {named}", f"known fields: {known}")
    missing = [k for k in required if k not in obj]
    if missing:
        raise ProtocolError(f"{where} is missing {', '.join(missing)}")
    return obj


def each(d, section, rules, words=None):
    """The fields of ``d`` named in ``rules`` ({field: (checked, *bounds)}), each checked. A refused
    one is named by ``words`` (its box's label, which the learner reads beside the box) or else
    by its path, which the error's ``field`` keeps either way for the page and for programs."""
    out = {}
    for key, (checked, *bounds) in rules.items():
        if key not in d:
            continue
        try:
            out[key] = checked(d[key], (words or {}).get(key, f"{section}.{key}"), *bounds)
        except ProtocolError as err:
            err.field = f"{section}.{key}"
            raise
    return out


def number(value, name, lo, hi):
    # a JSON integer is exact and finite at any size (math.isfinite(10**400) raises OverflowError)
    finite = isinstance(value, int) or (isinstance(value, numbers.Real) and math.isfinite(value))
    if isinstance(value, bool) or not finite:
        raise ProtocolError(f"{name} must be a number, got {shown(value)}")
    if not lo <= value <= hi:
        raise ProtocolError(f"{name} must be in [{lo:g}, {hi:g}], got {shown(value)}")
    return float(value)


def integer(value, name, lo, hi):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(f"{name} must be an integer, got {shown(value)}")
    if not lo <= value <= hi:
        raise ProtocolError(f"{name} must be in {lo}..{hi}, got {shown(value)}")
    return value


def choice(value, name, choices):
    if value not in choices:
        raise ProtocolError(f"{name} must be one of {', '.join(choices)}, got {shown(value)}")
    return value


def delimiter(value):
    """An upload's ``delimiter``: None (load_csv's default: the one a first line "sep=X"
    declares, else ',', or with decimal "," the one of ';', tab and '|' that alone splits the
    first lines evenly) or one character that a "sep=" line could declare, so not a double
    quote (the quote around cells) nor a line break."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 1 or value in '"\r\n':
        raise ProtocolError(f"delimiter must be one character between the cells, such as ',' or ';' (not a "
                            f"quote or a line break), or null for the file's own, got {shown(value)}")
    return value


def decimal(value):
    """An upload's ``decimal``: load_csv's decimal mark, "." (the default) or "," (1,5)."""
    if value not in (".", ","):
        raise ProtocolError(f"decimal must be '.' or ',', the mark before a number's fraction, got {shown(value)}")
    return value


def text(value, name, limit):
    if not isinstance(value, str):
        raise ProtocolError(f"{name} must be text, got {type(value).__name__}")
    if len(value) > limit:
        raise ProtocolError(f"{name} is too long ({len(value):,} characters; at most {limit:,})")
    return value
