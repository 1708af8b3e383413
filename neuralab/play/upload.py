"""An uploaded CSV: ``parse_csv(text, target, filename, task, delimiter, decimal)`` -> ``Upload``,
read by the library's own ``load_csv``, with its errors in the page's terms.

``load_csv`` names the file it read and the Python argument that would fix a refusal
(``task='multiclass'``, ``delimiter=';'``, ``decimal=','``); the page uploads a temporary copy,
and has a menu for each of those arguments instead (Task, Separator, Decimal mark).
``in_page_terms`` rewrites both, here only: the reasons stay ``load_csv``'s own.
"""
import ast
import os
import re
import tempfile
from dataclasses import dataclass

from .. import data as datasets
from ..data.csv_cells import is_number
from .protocol import ProtocolError

# The page's words for load_csv's tasks, delimiters and decimal marks: its upload's Task,
# Separator and Decimal mark menus (static/data.js), which the errors name ("choose 'classes'
# as the task", "choose 'semicolon (;)' as the separator").
TASK_WORDS = {"auto": "auto", "binary": "two classes", "multiclass": "classes", "regression": "a number"}
SEPARATOR_WORDS = {",": "comma (,)", ";": "semicolon (;)", "\t": "tab", "|": "vertical bar (|)"}
DECIMAL_WORDS = {".": "point (1.5)", ",": "comma (1,5)"}
# load_csv's argument -> (the menu's name, its words, the choice that leaves the argument out)
MENUS = {"task": ("task", TASK_WORDS, "auto"), "delimiter": ("separator", SEPARATOR_WORDS, None),
         "decimal": ("decimal mark", DECIMAL_WORDS, ".")}
MAX_CLASSES = 10
# input columns: MNIST written as a CSV has 784; every frame carries the first layer's weights
# from each of them (50,000 columns made 1.6 MB frames, 75 a second)
MAX_FEATURES = 1_024
# load_csv's advice names an argument, with its value as Python writes it: "pass task='multiclass'",
# "leave out decimal=','", or "delimiter=',' was passed"; "pass delimiter=';', or leave it out"
# (the file's own "sep=;" line) is one choice on the page, whose menu preselects that line's ';'.
_ARGUMENT = re.compile(r"""(pass |leave out )?\b(task|delimiter|decimal)=(['"])(.*?)\3(, or leave it out| was passed)?""")


# What a session that holds no CSV says to a page whose ``hello`` named one (a session made anew:
# the server restarted, the socket dropped, or a link was opened), a warning after the scene of
# the default data it started on instead (``Session.hello``), and what to do
NOT_HELD = ("The server holds no uploaded CSV for this page (it restarted, the connection dropped, or a link "
            "was opened): the default data is shown.")
NOT_HELD_FIX = 'Choose "Uploaded CSV" in the Data menu to upload the file again.'


@dataclass(eq=False)
class Upload:
    """An uploaded CSV: its Dataset, the file's name (None when the page sent none), the target
    column and the ``task``, ``delimiter`` and ``decimal`` the page asked ``load_csv`` for (its
    defaults: "auto", None for the file's "sep=" line or ',', and ".")."""

    dataset: datasets.Dataset
    file: str | None
    target: str
    task: str = "auto"
    delimiter: str | None = None
    decimal: str = "."


def parse_csv(text, target, filename=None, task="auto", delimiter=None, decimal="."):
    """An uploaded CSV (text) -> Upload, with ``load_csv``'s errors in the page's terms."""
    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        ds = datasets.load_csv(path, target=target, task=task, delimiter=delimiter, decimal=decimal)
    except (ValueError, TypeError) as err:
        raise ProtocolError(in_page_terms(str(err), path)) from None
    finally:
        os.unlink(path)
    if ds.n_features > MAX_FEATURES:
        raise ProtocolError(f"the CSV has {ds.n_features:,} input columns; the playground takes at most "
                            f"{MAX_FEATURES:,}", f"train on it with neuralab train --data FILE --target {target}")
    if ds.task != "regression" and ds.n_classes > MAX_CLASSES:
        # classes that are numbers (a price, an age read as classes) are likely a quantity
        numbers = all(is_number(name, decimal) for name in ds.class_names)
        raise ProtocolError(f"the target {target!r} has {ds.n_classes} classes; the playground takes at most "
                            f"{MAX_CLASSES}", ("choose 'a number' as the task if it is a quantity, or " if numbers
                                               else "") + "choose another target column, or train on it with "
                            f"neuralab train --data FILE --target {target}")
    ds.name = "csv"
    return Upload(ds, filename, target, task, delimiter, decimal)


def in_page_terms(message, path):
    """``load_csv``'s message about the temporary file ``path``, as the page says it: "the
    uploaded file", and the menu's choice where it names an argument: "pass task='multiclass'"
    -> "choose 'classes' as the task", "pass delimiter=';'" -> "choose 'semicolon (;)' as the
    separator", "leave out decimal=','" -> "choose 'point (1.5)' as the decimal mark" (the
    choice that leaves the argument out), and a mention, "delimiter=',' was passed" -> "the
    separator 'comma (,)' was chosen"."""
    def choice(match):
        verb, argument, value, tail = match[1], match[2], ast.literal_eval(match[3] + match[4] + match[3]), match[5]
        menu, words, default = MENUS[argument]
        label = words.get(default if verb == "leave out " else value, value)
        if verb:
            return f"choose {label!r} as the {menu}"
        return f"the {menu} {label!r}" + (" was chosen" if tail == " was passed" else "")
    return _ARGUMENT.sub(choice, message.replace(path, "the uploaded file"))
