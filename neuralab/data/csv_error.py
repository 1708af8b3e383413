"""``load_csv``'s refusals as data: a ``CsvError`` is a ValueError whose message is a ``Said``, a
sequence of parts, so that each face says the same refusal in its own words.

A part is a text, the same in every face ("column 'b', row 1 (line 2): empty cell"), an ``Advice``
naming one of ``load_csv``'s arguments, or ``PythonOnly`` words that only Python has (a line of
pandas, ``na_values=()``). ``str()`` is the Python text: an ``Advice`` is said as the argument is
written, ``pass missing='drop'``; the playground says it as its menu's choice ("choose 'drop the
row' for Missing cells", play/upload.py), from the same fields, and moves the focus to the menu
of the first advice.

>>> err = CsvError("data.csv: column 'b', row 1 (line 2): empty cell (fill in or drop the row, or ",
...                Advice("pass", "missing", "drop"), " to drop all rows with a missing cell)")
>>> str(err)
"data.csv: column 'b', row 1 (line 2): empty cell (fill in or drop the row, or pass missing='drop' to drop all rows with a missing cell)"
>>> err.said.advice()
Advice(verb='pass', argument='missing', value='drop')

A refusal of an argument's value names the argument as its subject, an ``Advice`` too, ``named``:
Python says ``task``, the command line ``--task``, the page its menu, "the task". A value of the
wrong type is a ``CsvTypeError``, a TypeError as Python's own are, and a CsvError still; a path
where no file is, a ``CsvFileNotFoundError``, a FileNotFoundError as ``open``'s is.
"""
from dataclasses import dataclass

# how Python says an advice, before and after it: "pass task='multiclass'", "leave out decimal=','",
# the second of two arguments to pass ("pass delimiter=';' and decimal=','": "and"), one named
# ("with decimal=',' a number is written 1,5": "mention"), one named as it was passed ("but
# delimiter=',' was passed": "passed"), and the argument alone, whose value is refused ("task must
# be one of ...": "named", said without its value)
VERBS = {"pass": ("pass ", ""), "leave out": ("leave out ", ""), "and": ("", ""), "mention": ("", ""),
         "passed": ("", " was passed"), "named": ("", "")}


@dataclass(frozen=True)
class Advice:
    """One of ``load_csv``'s ``argument``s that a message names with its ``value``: to ``pass``
    it, to ``leave out`` (the value it then loses), passed ``and`` the advice before; or not
    advice, a ``mention`` of the value, or of the value as it was ``passed``, or the argument
    ``named`` alone, as the subject of the refusal of its ``value`` (the value at fault, said by
    no face: "task must be one of ..., got 'classes'" says it in its text)."""

    verb: str
    argument: str
    value: object

    def __post_init__(self):
        if self.verb not in VERBS:
            raise ValueError(f"verb must be one of {', '.join(VERBS)}, got {self.verb!r}")

    def __str__(self):
        if self.verb == "named":
            return self.argument
        before, after = VERBS[self.verb]
        return f"{before}{self.argument}={self.value!r}{after}"

    @property
    def advises(self):
        """Whether it says to do something: not a mention, nor the argument named."""
        return self.verb not in ("mention", "passed", "named")


@dataclass(frozen=True)
class PythonOnly:
    """Words only Python has, told apart by ``kind`` for a face to say its own instead (or
    nothing): "pandas", a line of pandas that makes a column numbers; "or default", leaving out
    a delimiter that a "sep=" line declares; "ignore names" and "ignored", ``ignore``'s columns;
    "one_hot", the argument named (a list of columns, which the command line has too, as an
    option, and the page has not); "one_hot's limit", its most categories; "keep marker",
    na_values=() that keeps a marker as a class; "default dtype" and "float64", the dtype and
    computing in float64."""

    kind: str
    text: str

    def __str__(self):
        return self.text


class Said(tuple):
    """A message as its parts (texts, ``Advice``, ``PythonOnly``), put together with ``+``, as
    texts are; ``str()`` is the Python text. An f-string would make it one text: build with ``+``."""

    def __new__(cls, *parts):
        flat = []
        for part in parts:
            flat.extend(part if isinstance(part, Said) else [part] if part != "" else [])
        return super().__new__(cls, flat)

    def __add__(self, other):
        return Said(*self, other)

    def __radd__(self, other):
        return Said(other, *self)

    def __str__(self):
        return "".join(map(str, self))

    def join(self, items):
        """The ``items`` (texts or Saids) with this between them, as ``str.join``."""
        return Said(*(part for i, item in enumerate(items) for part in ((self, item) if i else (item,))))

    def saying(self, words):
        """The message in a face's words: each part that is not a text as ``words(part)`` says it."""
        return "".join(part if isinstance(part, str) else words(part) for part in self)

    def advice(self):
        """The first ``Advice`` that says to do something (``advises``), or None."""
        return next((part for part in self if isinstance(part, Advice) and part.advises), None)


class CsvError(ValueError):
    """``load_csv``'s refusal of a file or of an argument's value, as the parts of its message
    (``said``, a ``Said``): every refusal of ``load_csv`` is one."""

    def __init__(self, *parts):
        self.said = Said(*parts)
        super().__init__(str(self.said))


class CsvTypeError(CsvError, TypeError):
    """``load_csv``'s refusal of an argument's type (``one_hot="sex"``, ``target=3``): a TypeError,
    as Python's own refusals of a type are, and a CsvError, said in each face's words alike."""


class CsvFileNotFoundError(CsvError, FileNotFoundError):
    """``load_csv``'s refusal of a path where no file is: a FileNotFoundError, as ``open``'s is,
    and a CsvError, said in each face's words alike."""
