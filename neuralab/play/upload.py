"""An uploaded CSV: ``parse_csv(text, target, filename, task, delimiter, decimal, one_hot, missing,
ignore)`` -> ``Upload``, read by the library's own ``load_csv``, with its errors in the page's terms.

``load_csv`` names the file it read and, in a refusal (a ``CsvError``), each argument that would fix
it as data, an ``Advice`` (``task='multiclass'``, ``delimiter=';'``, ``decimal=','``,
``one_hot=['sex']``, ``missing='drop'``, ``ignore=['Name']``); the page uploads a temporary copy,
and has a menu for each of those arguments instead (Task, Separator, Decimal mark, Text columns,
Missing cells) and a box to tick for each column to leave out (Leave out). ``in_page_terms`` says
the refusal with the menus' words, made from the advice's fields (``MENUS``), here only: the
reasons stay ``load_csv``'s own. ``named_control`` names the control its first advice sets, where
the page moves the focus; a warning of the file (a ``Note``) names the control that mends it alike.

``served_csv`` holds the file that ``neuralab play --data FILE --target COL`` read as the server
started, which every session holds from its start as if its page had uploaded it, warnings too
(a column to leave out is said as --ignore, the option the server is started with: ``leave_out``).
"""
import functools
import itertools
import os
import re
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .. import data as datasets
from ..data.csv_cells import is_number
from ..data.csv_error import Advice, CsvError, PythonOnly, Said
from ..data.csv_one_hot import MAX_CATEGORIES, missing_categories, missing_text
from ..data.csv_rows import LineError, column_names, read_rows, records
from ..data.csv_width import TooManyFeatures, most_categories
from ..data.identifier_columns import RoundedWholeNumbersWarning, identifier_columns, identifier_reason
from ..nn.user_line import Collected
from .protocol import ProtocolError
from .upload_message import MAX_UPLOAD_ROWS, train_command

# The page's words for load_csv's tasks, delimiters and decimal marks: its upload's Task,
# Separator and Decimal mark menus (static/data.js), which the errors name ("choose 'classes'
# as the task", "choose 'semicolon (;)' as the separator").
TASK_WORDS = {"auto": "auto", "binary": "two classes", "multiclass": "classes", "regression": "a number"}
SEPARATOR_WORDS = {",": "comma (,)", ";": "semicolon (;)", "\t": "tab", "|": "vertical bar (|)"}
DECIMAL_WORDS = {".": "point (1.5)", ",": "comma (1,5)"}
# The Text columns and Missing cells menus: load_csv's one_hot (None: a column of text is
# refused; "auto": each becomes one 0/1 column per category) and missing
TEXT_COLUMN_WORDS = {None: "refuse", "auto": "one 0/1 column per category"}
MISSING_WORDS = {"refuse": "refuse", "drop": "drop the row"}
# load_csv's argument -> (how the page's advice chooses a choice of its menu, how it mentions one,
# the menu's words, the choice that leaves the argument out)
MENUS = {"task": ("choose {} as the task", "the task {}", TASK_WORDS, "auto"),
         "delimiter": ("choose {} as the separator", "the separator {}", SEPARATOR_WORDS, None),
         "decimal": ("choose {} as the decimal mark", "the decimal mark {}", DECIMAL_WORDS, "."),
         "one_hot": ("choose {} for Text columns", "{} for Text columns", TEXT_COLUMN_WORDS, None),
         "missing": ("choose {} for Missing cells", "{} for Missing cells", MISSING_WORDS, "refuse"),
         # not a menu: a box to tick beside each of the file's columns
         "ignore": ("tick {} under Leave out", "{} ticked under Leave out", None, ())}
# The control that sets each argument of the page's, by its name, for a refusal of its value ("the
# task must be one of ..."), which only a page that sent what its menus do not offer meets
CONTROL_NAMES = {"task": "the task", "delimiter": "the separator", "decimal": "the decimal mark",
                 "one_hot": "Text columns", "missing": "Missing cells", "ignore": "Leave out",
                 "target": "the target column"}
MAX_CLASSES = 10
# input columns: MNIST written as a CSV has 784; every frame carries the first layer's weights
# from each of them (50,000 columns made 1.6 MB frames, 75 a second)
MAX_FEATURES = 1_024
# Uploads read at once, by all the sessions: load_csv builds a file's X, 0/1 columns and all, and
# a CSV of 1 MB whose 24 text columns made 1,374 took 213 MB to read and refuse: X and a copy of
# its 0/1 columns (now its categories are counted against MAX_FEATURES before X is built: 14 MB
# for 1,141 columns, 70 MB before); the server's 32 worker threads reading one each, from sockets
# sending it in a loop, would have taken 7 GB. Two at once read as many a second (they share the
# GIL), and take at most twice that.
READING = threading.BoundedSemaphore(2)


def _python_words(target):
    """The page's words for what only Python has in ``load_csv``'s messages (``PythonOnly``, by
    kind; ``target``: the upload's target column): a line of pandas, and leaving out a "sep="
    line's delimiter (the menu preselects it), said not at all; ignore's columns are those
    ticked under Leave out; one_hot, a list of columns the page never sends (its upload asks
    for every column of text or none), is its Text columns menu, and its limit is said in
    categories; float64 and a missing-value marker kept as a class are neuralab train's
    options, as the page has neither."""
    command = train_command(target)
    return {"pandas": "", "or default": "",
            "ignored": " once the columns ticked under Leave out are left out",
            "ignore names": "Leave out ticks", "one_hot": "Text columns",
            "one_hot's limit": f"{MAX_CATEGORIES} categories",
            "default dtype": ", in which the playground computes,",
            "float64": f"train on it with {command} --dtype float64",
            "keep marker": f"train on it with {command} --na-values '' to keep it"}


@dataclass(eq=False)
class Upload:
    """An uploaded CSV: its Dataset, the file's name (None when the page sent none), the target
    column and the ``task``, ``delimiter``, ``decimal``, ``one_hot``, ``missing`` and ``ignore``
    the page asked ``load_csv`` for (its defaults: "auto", None for the file's "sep=" line or
    ',', ".", None, "refuse" and no column)."""

    dataset: datasets.Dataset
    file: str | None
    target: str
    task: str = "auto"
    delimiter: str | None = None
    decimal: str = "."
    one_hot: str | None = None
    missing: str = "refuse"
    ignore: tuple = ()
    warned: tuple = ()   # load_csv's warnings, as Notes in the page's terms (a 10-digit ID float32 rounds)
    served: bool = False   # the server's CSV (served_csv), read as whoever runs the server chose alone
    # what the page's next hello brings back to find it kept after its session closed (upload_kept)
    key: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    def read_as(self):
        """How the file was read, as a "csv" state keeps it (``link_csv``) and the scene's dataset
        says it (``build._csv_source``): the target column and the options asked of ``load_csv``,
        named as ``upload_csv`` names them. Columns as lists, as JSON brings them back: a link's
        ``read_as`` is compared with this one (``link_csv.opened_csv``), which a tuple of them
        (``ignore``, or ``one_hot`` as ``served_csv`` may be given it) would never equal."""
        one_hot = list(self.one_hot) if isinstance(self.one_hot, (list, tuple)) else self.one_hot
        return {"target": self.target, "task": self.task, "delimiter": self.delimiter, "decimal": self.decimal,
                "one_hot": one_hot, "missing": self.missing, "ignore": list(self.ignore)}

    def notes(self, reloaded=False):
        """What the page says of the file with the data's warnings, each time the CSV is chosen:
        what reading it left out or read as nothing (the rows that "drop the row" dropped, the
        rows kept with a category missing: 0 in each of its column's 0/1 columns), and each
        column of numbers that looks like an identifier (``identifier_columns``: PassengerId),
        with how to leave it out (``leave_out``). (An identifier is said here, after the file
        is read, not in a refusal's advice: a file of numbers alone has no refusal, and a
        refusal is ``load_csv``'s, made before the columns are numbers to look at.) And what
        ``load_csv`` warned of as it read the file: a column of whole numbers float32 reads as
        fewer (an ID of ten digits, which then differs in no longer every row). Each a ``Note``,
        with the control that mends it (an identifier's Leave out box), in the words of a page
        ``reloaded`` (``Note.reloaded``: the file to choose again first) when the session found
        the upload kept for a page come back to it without the file (``upload_kept``)."""
        ds, said = self.dataset, []
        if len(ds.dropped_rows):
            dropped, n = len(ds.dropped_rows), len(ds) + len(ds.dropped_rows)
            said.append(Note(f"{dropped:,} of the {n:,} rows were dropped for a missing cell "
                             f"({missing_text(ds.missing_cells)}); {len(ds):,} are left to train and test on."))
        if encoded := missing_categories(ds):
            said.append(Note(f"The rows missing a category ({missing_text(encoded)}) were kept, with 0 in each "
                             f"of that column's 0/1 columns."))
        for name in identifier_columns(ds):
            reason, tick = identifier_reason(name, f"{len(ds):,}"), leave_out(name, self.served, " again", self.file)
            reason = reason[0].upper() + reason[1:]
            said.append(tick.worded(functools.partial("{}; {} to leave it out.".format, reason)))
        said += [text.worded(lambda words: f"{words[0].upper()}{words[1:]}.") for text in self.warned]
        return [note.on_page(reloaded) for note in said]


class Note(str):
    """A warning the page is told of an upload (``Upload.notes``), in its words, with the
    ``control`` of the upload form that mends it, as a refusal's (``ProtocolError.control``,
    ``named_control``): {"name": "ignore", "column": "PassengerId"}, the Leave out box of a column
    to leave out; None when no control of the form mends it (the rows dropped, the server's CSV's
    columns). ``protocol.error`` sends it as the warning's ``control``, as it sends a refusal's.
    ``reloaded``: its words on a page reloaded, which holds no copy of the file (its form lists
    no columns until the file is chosen again: static/data.js, ``showHeld``), when they differ:
    the control is the same, the box that mends it once the file is chosen again."""

    def __new__(cls, text, control=None, reloaded=None):
        note = super().__new__(cls, text)
        note.control, note.reloaded = control, reloaded
        return note

    def worded(self, words):
        """The ``Note`` of ``words(said)`` for each of this one's words (its own and ``reloaded``),
        with its control."""
        return Note(words(str(self)), self.control, None if self.reloaded is None else words(self.reloaded))

    def on_page(self, reloaded):
        """The note as a page says it, ``reloaded`` or not."""
        return Note(self.reloaded, self.control) if reloaded and self.reloaded is not None else self


def leave_out(column, served, again="", file=None):
    """How the page says to leave ``column`` out, as a ``Note``: an upload's Leave out box, ticked
    before "Use this CSV" is pressed (``again``: pressed again, for a file already taken), said and
    named as ``load_csv``'s advice ignore=[column] is in a refusal (``in_menu_words``,
    ``control_of``). A page reloaded holds no copy of the file (``file``, its name), whose boxes
    its form lists once it is chosen again: its words (``Note.reloaded``) say to choose it first.
    (A page whose socket dropped and opened again still holds its copy, and says so in its hello,
    ``has_file``: it gets the words of the page that uploaded it.) The server's CSV's (``served``) boxes show
    only the columns the server left out, and cannot be ticked (static/data.js, ``showHeld``: the
    page holds no copy of the file to read again): whoever runs the server leaves it out, with
    ``neuralab play``'s --ignore, which its terminal spells out ("pass --ignore id", with the
    columns' quotes its shell needs); no control of the page's mends it."""
    if served:
        return Note(f"ask whoever runs the server to restart it with {column!r} in --ignore")
    advice = Advice("pass", "ignore", [column])
    tick = in_menu_words(advice)
    return Note(tick + (f' and press "Use this CSV"{again}' if again else ""), control_of(advice),
                f'choose {file or "the file"} again, {tick} and press "Use this CSV"')


def parse_csv(text, target, filename=None, task="auto", delimiter=None, decimal=".", one_hot=None,
              missing="refuse", ignore=()):
    """An uploaded CSV (text) -> Upload, with ``load_csv``'s errors in the page's terms."""
    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        with READING, Collected() as warned:   # (said with the file's notes, not on the server's stderr)
            ds = datasets.load_csv(path, target=target, task=task, delimiter=delimiter, decimal=decimal,
                                   one_hot=one_hot, missing=missing, ignore=ignore, max_features=MAX_FEATURES)
    except TooManyFeatures as err:   # counted before X is built: said as held says it of one built
        raise too_many_inputs(err.n_features, target, err.categories) from None
    except CsvError as err:   # every refusal of load_csv's: another error is a bug, to surface as one
        raise ProtocolError(in_page_terms(err, path, target), control=named_control(err)) from None
    finally:
        os.unlink(path)
    said = _in_page_words(warned.caught, target, len(ds), path, file=filename)
    return held(ds, Upload(ds, filename, target, task, delimiter, decimal, one_hot, missing, tuple(ignore), said))


def served_csv(ds, path, target, task="auto", delimiter=None, decimal=".", one_hot=None, missing="refuse",
               ignore=(), warned=()):
    """The CSV that ``neuralab play --data`` serves to every page: ``ds``, read from ``path`` by
    ``load_csv`` with these arguments as the server started (and refused, before it listens, in
    ``neuralab train --data``'s words), held as each page's upload of its file's name, with an
    upload's limits, the rows' too: the message of an upload bounds those (``upload_message``).
    ``warned``: what ``load_csv`` warned of as it read the file (the warnings ``Collected``
    keeps), which a page that opens on the file is told as an upload's are, in the same words but
    how to leave a column out, which only whoever runs the server can (``leave_out``)."""
    rows = len(ds) + len(ds.dropped_rows)
    if rows > MAX_UPLOAD_ROWS:
        raise _too_many_rows(rows, target)
    return held(ds, Upload(ds, os.path.basename(path), target, task, delimiter, decimal, one_hot, missing,
                           tuple(ignore or ()), _in_page_words(warned, target, len(ds), path, served=True), served=True))


def refuse_too_long(path, target, delimiter=None, decimal="."):
    """Refuses the CSV ``path`` of more rows than ``MAX_UPLOAD_ROWS`` in ``served_csv``'s words,
    counted before ``load_csv`` reads them, which it did whole to refuse them (200,000 rows of 11
    columns of numbers: 1.0 s and 25 MB; counted, 0.2 s and 2 MB). Its line ends first, a
    megabyte at a time: no more of them, no more rows. Past the limit, its rows as ``load_csv``'s reader counts
    them: without a quote, each line is one, but for those of spaces and delimiters alone, which
    it skips; with one, which may hold a line break in a cell, its records (``csv_rows.records``).
    A file ``load_csv`` refuses (no such file, its header or the target not in it, a record) is
    its to say, as it reads the file next."""
    try:
        with open(path, "rb") as file:
            chunks = [(chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n"), b'"' in chunk)
                      for chunk in iter(lambda: file.read(2**20), b"")]
        if sum(ends for ends, _ in chunks) <= MAX_UPLOAD_ROWS:   # the rows after the header are fewer
            return
        names, skip, chosen = read_rows(Path(path), delimiter, decimal, header_only=True)
        if target not in column_names(names):   # load_csv names the columns it has
            return
        with open(path, newline="", encoding="utf-8-sig") as file:
            lines = itertools.islice(file, skip, None)
            rows = (sum(1 for _ in records(lines, chosen, skip)) if any(quote for _, quote in chunks)
                    else sum(1 for line in lines if line.replace(chosen, "").strip()))
    except (OSError, CsvError, LineError, UnicodeDecodeError):
        return
    if rows > MAX_UPLOAD_ROWS:
        raise _too_many_rows(rows, target)


def _too_many_rows(rows, target):
    """The refusal of a file of ``rows`` rows, more than ``MAX_UPLOAD_ROWS``."""
    return ProtocolError(f"the CSV has {rows:,} rows; the playground takes at most {MAX_UPLOAD_ROWS:,}",
                         f"keep at most {MAX_UPLOAD_ROWS:,} of them (a sample of the file), or train on all of "
                         f"them with {train_command(target)}")


def held(ds, upload):
    """``upload`` of ``ds``, which ``load_csv`` read, once ``ds`` fits the playground: at most
    ``MAX_FEATURES`` input columns and ``MAX_CLASSES`` classes (a ``ProtocolError`` else)."""
    target, decimal = upload.target, upload.decimal
    if ds.n_features > MAX_FEATURES:
        raise too_many_inputs(ds.n_features, target, ds.categories)
    if ds.task != "regression" and ds.n_classes > MAX_CLASSES:
        # classes that are numbers (a price, an age read as classes) are likely a quantity
        numbers = all(is_number(name, decimal) for name in ds.class_names)
        raise ProtocolError(f"the target {target!r} has {ds.n_classes} classes; the playground takes at most "
                            f"{MAX_CLASSES}", ("choose 'a number' as the task if it is a quantity, or " if numbers
                                               else "") + "choose another target column, or train on it with "
                            f"{train_command(target)}", control={"name": "task" if numbers else "target"})
    ds.name = "csv"
    return upload


def too_many_inputs(n_features, target, categories=None):
    """The refusal of a file of ``n_features`` input columns, more than ``MAX_FEATURES``: those
    that Text columns' 0/1 columns make (``categories``: each text column's, as a ``Dataset``
    holds them), when they pass it, named (a file of 12 columns became 1,080), with the Leave
    out box of the column of most categories."""
    said = f"the CSV has {n_features:,} input columns"
    if not categories:
        return ProtocolError(f"{said}; the playground takes at most {MAX_FEATURES:,}",
                             f"train on it with {train_command(target)}")
    widest, made = most_categories(categories)
    return ProtocolError(f"{said}, {sum(map(len, categories.values())):,} of them the 0/1 columns of the "
                         f"categories of its text columns ({made}); the "
                         f"playground takes at most {MAX_FEATURES:,}",
                         f"tick the columns of most categories under Leave out, or train on it with "
                         f"{train_command(target)}", control={"name": "ignore", "column": widest[0]})


def _in_page_words(warnings, target, rows, path, served=False, file=None):
    """``load_csv``'s ``warnings`` of the file ``path`` (of ``rows`` rows; ``served``: the server's
    CSV; ``file``: the page's name of it), as the page says each, a ``Note``: a column of whole
    numbers float32 rounds into fewer (``RoundedWholeNumbersWarning``), in words made from its
    fields, how to leave it out (``leave_out``, whose box mends it; not a target's, which cannot
    be left out) and, as the page computes in float32, neuralab train in float64 to keep them
    apart; another in ``in_page_terms``, with the control its advice names first (``named_control``)."""
    said = []
    for warning in warnings:
        if isinstance(warning, RoundedWholeNumbersWarning):
            keep_apart = f"{train_command(target)} --dtype float64 keeps them apart"
            note = leave_out(warning.column, served, " again", file=file).worded(
                functools.partial(warning.saying, keep_apart, rows=f"{rows:,}"))
            said.append(Note(note) if warning.target else note)   # (a target has no box: no control)
        else:
            said.append(Note(in_page_terms(warning, path, target), named_control(warning)))
    return tuple(said)


def named_control(err):
    """The control of the upload form that ``load_csv``'s refusal or warning ``err`` advises first
    (its ``said``'s first ``Advice``: ``control_of``), for the page to move the focus to; None
    when it advises none."""
    advice = getattr(err, "said", Said()).advice()
    return None if advice is None else control_of(advice)


def control_of(advice):
    """The control of the upload form that follows ``load_csv``'s ``advice``: {"name": an argument
    of ``MENUS``}, with "column", the first column named, for ``ignore`` (its Leave out box)."""
    column = {"column": advice.value[0]} if advice.argument == "ignore" and advice.value else {}
    return {"name": advice.argument, **column}


def in_menu_words(advice):
    """An ``Advice`` of ``load_csv`` as the page says it, with the words of its menu (``MENUS``):
    pass task='multiclass' -> "choose 'classes' as the task", delimiter=';' -> "choose 'semicolon
    (;)' as the separator", leave out decimal=',' -> "choose 'point (1.5)' as the decimal mark"
    (the choice that leaves the argument out), one_hot=['sex', 'embarked'] -> "choose 'one 0/1
    column per category' for Text columns" (the menu's one choice, which encodes every column of
    text), missing='drop' -> "choose 'drop the row' for Missing cells", ignore=['Name', 'Ticket']
    -> "tick 'Name', 'Ticket' under Leave out"; a mention, "the separator 'comma (,)'", and
    "... was chosen" for one passed; an argument named, as its control (``CONTROL_NAMES``)."""
    if advice.verb == "named":
        return CONTROL_NAMES[advice.argument]
    choose, mention, words, default = MENUS[advice.argument]
    if advice.argument == "ignore":   # the columns' own names, on the boxes to tick
        label = ", ".join(map(repr, advice.value))
    else:
        value = (default if advice.verb == "leave out"
                 else "auto" if advice.argument == "one_hot" else advice.value)   # the menu encodes every column
        label = repr(words.get(value, value))
    if advice.verb == "passed":
        return mention.format(label) + " was chosen"
    return mention.format(label) if advice.verb == "mention" else choose.format(label)


def in_page_terms(err, path, target="COLUMN"):
    """``load_csv``'s refusal or warning ``err`` of the temporary file ``path``, as the page says
    it: "the uploaded file", each ``Advice`` of a ``CsvError`` in its menu's words
    (``in_menu_words``), and what only Python has in the page's (``_python_words``, whose
    commands train on the ``target`` column)."""
    said = getattr(err, "said", None)
    words = _python_words(target)
    message = str(err) if said is None else said.saying(
        lambda part: words[part.kind] if isinstance(part, PythonOnly) else in_menu_words(part))
    # (the temporary copy's own name, in a command that makes a CSV of it, is the learner's FILE:
    # "iconv -f utf-16 -t utf-8 FILE.csv > FILE-utf8.csv")
    stem = re.escape(os.path.splitext(os.path.basename(path))[0])
    return re.sub(rf"\b{stem}(?=[.-])", "FILE", message.replace(path, "the uploaded file"))
