"""An uploaded CSV: ``parse_csv(text, target, filename, task)`` -> ``Upload``, read by the
library's own ``load_csv``, with its errors in the page's terms.

``load_csv`` names the file it read and the Python argument that would fix a refusal
(``task='multiclass'``); the page uploads a temporary copy, and has a task menu instead of an
argument. ``in_page_terms`` rewrites both, here only: the reasons stay ``load_csv``'s own.
"""
import os
import re
import tempfile
from dataclasses import dataclass

from .. import data as datasets
from .protocol import ProtocolError

# The page's words for load_csv's tasks (its "Task" menu of the upload: static/data.js).
TASK_WORDS = {"auto": "auto", "binary": "two classes", "multiclass": "classes", "regression": "a number"}
MAX_CLASSES = 10
# load_csv's advice names the argument, as `pass task='multiclass'` (or with double quotes)
_TASK_ARGUMENT = re.compile(r"""(pass )?task=['"](\w+)['"]""")


@dataclass(eq=False)
class Upload:
    """An uploaded CSV: its Dataset, the file's name (None when the page sent none), the target
    column and the task the page asked for (``task`` of ``load_csv``: "auto" by default)."""

    dataset: datasets.Dataset
    file: str | None
    target: str
    task: str = "auto"


def parse_csv(text, target, filename=None, task="auto"):
    """An uploaded CSV (text) -> Upload, with ``load_csv``'s errors in the page's terms."""
    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        ds = datasets.load_csv(path, target=target, task=task)
    except (ValueError, TypeError) as err:
        raise ProtocolError(in_page_terms(str(err), path)) from None
    finally:
        os.unlink(path)
    if ds.task == "regression" or ds.n_classes <= MAX_CLASSES:
        ds.name = "csv"
        return Upload(ds, filename, target, task)
    raise ProtocolError(f"the target {target!r} has {ds.n_classes} classes; the playground takes at most {MAX_CLASSES}")


def in_page_terms(message, path):
    """``load_csv``'s message about the temporary file ``path``, as the page says it: "the
    uploaded file", and the Task menu's choice where it names the argument ("pass
    task='multiclass'" -> "choose 'classes' as the task")."""
    def choice(match):
        word = TASK_WORDS.get(match[2], match[2])
        return f"choose {word!r} as the task" if match[1] else f"the task {word!r}"
    return _TASK_ARGUMENT.sub(choice, message.replace(path, "the uploaded file"))
