"""The ``upload_csv`` message's checks: the CSV's text, its target column and what the page asks
``load_csv`` to read it with (``upload.parse_csv`` reads it; see docs/playground-protocol.md).

Each option is ``load_csv``'s argument of the same name, and the page's menu for it: Task
(``task``), Separator (``delimiter``), Decimal mark (``decimal``), Text columns (``one_hot``: null,
a column of text refused, or "auto", every one read as one 0/1 column per category), Missing cells
(``missing``: "refuse" or "drop" the rows with a missing cell), and the boxes of Leave out
(``ignore``: the columns left out of the data, such as a passenger's name or ticket).
"""
import io
import shlex

from ..data.csv_rows import LineError, records
from . import field_checks as check
from .field_checks import ProtocolError

MAX_UPLOAD = 1_000_000           # characters of an uploaded CSV
MAX_UPLOAD_ROWS = 20_000
MAX_IGNORED = 2_000              # columns an upload may leave out
CSV_TASKS = ("auto", "binary", "multiclass", "regression")   # load_csv's task of an upload
ONE_HOT = (None, "auto")         # load_csv's one_hot of an upload
MISSING = ("refuse", "drop")     # load_csv's missing
FIELDS = ("filename", "task", "delimiter", "decimal", "one_hot", "missing", "ignore")


def check_upload(msg):
    """The validated ``upload_csv`` message ``msg``: every option present, its default where the
    page sent none."""
    check.fields(msg, "upload_csv", ("type", "text", "target"), FIELDS)
    text, target = check.text(msg["text"], "text", MAX_UPLOAD), check.text(msg["target"], "target", 200)
    delimiter = check.delimiter(msg.get("delimiter"))
    if _line_breaks(text) > MAX_UPLOAD_ROWS and _records(text, delimiter) > MAX_UPLOAD_ROWS:
        raise ProtocolError(f"the CSV has more than {MAX_UPLOAD_ROWS:,} rows",
                            f"keep at most {MAX_UPLOAD_ROWS:,} of them (a sample of the file), or train on all of "
                            f"them with {train_command(target)}")
    # a name, never a path: the exported script opens it next to itself
    filename = check.text(msg.get("filename", ""), "filename", 200).replace("\\", "/").rsplit("/", 1)[-1]
    one_hot = msg.get("one_hot")
    if one_hot not in ONE_HOT:
        raise ProtocolError(f"one_hot must be null (a column of text is refused) or 'auto' (one 0/1 column per "
                            f"category), got {check.shown(one_hot)}")
    return {"type": "upload_csv", "text": text, "target": target, "filename": filename or None,
            **_options(msg, delimiter), "one_hot": one_hot}


def _options(msg, delimiter, prefix=""):
    """The options of ``msg`` that an upload and a link check alike, their defaults where it has
    none (the ``delimiter`` checked already): task, decimal, missing and ignore, each refused by
    its name after ``prefix``."""
    return {"task": check.choice(msg.get("task", "auto"), f"{prefix}task", CSV_TASKS), "delimiter": delimiter,
            "decimal": check.decimal(msg.get("decimal", ".")),
            "missing": check.choice(msg.get("missing", "refuse"), f"{prefix}missing", MISSING),
            "ignore": _ignored(msg.get("ignore", []), f"{prefix}ignore")}


def check_read_as(read_as, name):
    """A "csv" state's ``read_as`` (``link_csv``): None, or how its file was read, the target
    column and the options of ``upload_csv`` ({"target": "price", "task": "auto", "delimiter": ",",
    "decimal": ".", "one_hot": "auto", "missing": "drop", "ignore": ["id"]}), each checked as an
    upload's; ``one_hot`` may also be a list of columns, as ``neuralab play --one-hot town`` reads
    the server's CSV."""
    if read_as is None:
        return None
    check.fields(read_as, name, ("target",), FIELDS[1:])
    one_hot = read_as.get("one_hot")
    if isinstance(one_hot, list):
        one_hot = _ignored(one_hot, f"{name}.one_hot")
    elif one_hot not in ONE_HOT:
        raise ProtocolError(f"{name}.one_hot must be null, 'auto' or a list of columns, got {check.shown(one_hot)}")
    return {"target": check.text(read_as["target"], f"{name}.target", 200),
            **_options(read_as, check.delimiter(read_as.get("delimiter")), f"{name}."), "one_hot": one_hot}


def _ignored(names, name="ignore"):
    """``ignore`` (``name``): a list of distinct column names (load_csv says which the file does not have)."""
    if not isinstance(names, list) or len(names) > MAX_IGNORED:
        raise ProtocolError(f"{name} must be a list of at most {MAX_IGNORED:,} column names, got {check.shown(names)}")
    names = [check.text(column, f"{name}[]", 200) for column in names]
    if len(set(names)) != len(names):
        raise ProtocolError(f"{name} must name each column once, got {check.shown(names)}")
    return names


def train_command(target):
    """The command that trains on the uploaded file, named FILE, what the playground does not
    take (more rows, classes or columns, float64): ``neuralab train`` with ``target`` quoted as a
    shell needs it ("--target 'Wert €'")."""
    return f"neuralab train --data FILE --target {shlex.quote(target)}"


def _records(text, delimiter):
    """The records of a CSV's text that are not blank, as load_csv's reader reads them
    (``csv_rows.records``): a quoted cell's line breaks end no row, where a file of 12,000 reviews
    of two lines each has 24,000 line ends. Counted only past the limit of line ends, which most
    files are not; up to a record the reader refuses, of which load_csv then says more."""
    count = 0
    try:
        for _ in records(io.StringIO(text, newline=""), delimiter or ",", 0):
            count += 1
    except LineError:
        pass
    return count


def _line_breaks(text):
    """The line ends of a CSV's text, whichever its system wrote: "\\r\\n" (Windows), "\\n" or
    a lone "\\r" (old Macs), each of which load_csv reads as the end of a row."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")
