"""Every refusal of ``load_csv`` is a ``CsvError``, made where the refusal is: of the file (its kind,
its header, its rows) and of an argument's value (``CsvTypeError``, a TypeError too, for its type).
``except data.CsvError`` catches them all; the command line says them as written, not rewritten as
a library error ("column 'seed'" is no --seed), and an argument whose value is refused is named as
each face sets it: ``task`` in Python, --task on the command line, "the task" on the page. The
command line's advice to leave a column out is the option as its parser spells it."""
import ast
import gzip
import pathlib

import numpy as np
import pytest

import neuralab
from neuralab import cli
from neuralab.cli import _build_parser, _options
from neuralab.cli.dataset import _in_options
from neuralab.cli.errors import in_command_terms
from neuralab.cli.leaks import warn_identifier_columns, warn_leaking_columns
from neuralab.data import CsvError, Dataset, load_csv
from neuralab.data.csv_error import CsvTypeError
from neuralab.data.identifier_columns import RoundedWholeNumbersWarning
from neuralab.play.upload import in_page_terms

ROWS = "".join(f"{i},{i % 3},{i % 2}\n" for i in range(30))

# name: (the file's bytes, or None for a folder, and what the refusal says)
FILES = {
    "empty": (b"", "is empty: expected a header line"),
    "header only": (b"a,y\n", "has a header but no data rows"),
    "no header": (b"1,2\n3,4\n", "has no header: its first line ('1', '2') holds numbers"),
    "names twice": (b"seed,seed,y\n1,2,0\n3,4,1\n", "the header gives the name 'seed' to columns 1, 2"),
    "row index": (b",a,y\n0,1,0\n1,2,1\n2,3,0\n", "column 1 has no name and holds the row numbers 0, 1, 2"),
    "stray cell": (b"a,y,\n1,0,\n2,1,\n3,0,lr\n", "row 3 (line 4) has a cell, 'lr', under the header's last"),
    "quote left open": (b'a,y\n"1,0\n2,1\n', "line 2: a quote (\") left open there runs its cell on"),
    "gzip": (gzip.compress(b"a,y\n1,0\n"), "is a gzip-compressed file (its first bytes are 1f 8b)"),
    "utf-16": ("a,y\n1,0\n".encode("utf-16"), "is UTF-16 text (its first bytes, ff fe,"),
    "latin-1": ("a,y\n1,caf\xe9\n".encode("latin-1"), "is not UTF-8 text: line 2 holds the byte 0xe9"),
    "one class": (b"a,y\n1,x\n2,x\n", "target column 'y' is 'x' in every row"),
    "folder": (None, "is a folder, not a CSV file"),
}


@pytest.mark.parametrize("name", FILES)
def test_every_refusal_of_a_file_is_a_csv_error(tmp_path, name):
    content, said = FILES[name]
    path = tmp_path / "seed.csv"
    path.mkdir() if content is None else path.write_bytes(content)
    with pytest.raises(CsvError, match=r"^" + str(path).replace("\\", "\\\\")) as refused:
        load_csv(path, "y")
    assert said in str(refused.value)


@pytest.mark.parametrize("name", ["names twice", "stray cell", "one class"])
def test_the_command_line_says_a_refusal_of_the_file_as_load_csv_wrote_it(tmp_path, capsys, name):
    # a refusal that was no CsvError went through the rewriting of library names: 'seed' as '--seed'
    path = tmp_path / "lr" / "seed.csv"
    path.parent.mkdir()
    path.write_bytes(FILES[name][0])
    with pytest.raises(CsvError) as refused:
        load_csv(path, "y")
    assert cli.main(["train", "--data", str(path), "--target", "y", "--out", str(tmp_path / "run")]) == 2
    assert capsys.readouterr().err == f"neuralab: error: {refused.value}\n"


# (load_csv's arguments, the exception, Python's words, the command line's, the page's)
ARGUMENTS = [
    ({"task": "classes"}, CsvError, "task must be one of auto,", "--task must be one of auto,",
     "the task must be one of auto,"),
    ({"delimiter": ";;"}, CsvError, "delimiter must be one character", "--delimiter must be one character",
     "the separator must be one character"),
    ({"decimal": "x"}, CsvError, "decimal must be '.' or ','", "--decimal must be '.' or ','",
     "the decimal mark must be '.' or ','"),
    ({"missing": "skip"}, CsvError, "missing must be 'refuse'", "--missing must be 'refuse'",
     "Missing cells must be 'refuse'"),
    ({"one_hot": "sex"}, CsvTypeError, "one_hot must be 'auto'", "--one-hot must be 'auto'",
     "Text columns must be 'auto'"),
    ({"ignore": "a"}, CsvTypeError, "ignore must be a list of column names", "--ignore must be a list of column names",
     "Leave out must be a list of column names"),
    ({"ignore": ["a", 1]}, CsvTypeError, "ignore must name columns by their header's text",
     "--ignore must name columns by their header's text", "Leave out must name columns by their header's text"),
    ({"na_values": "NA"}, CsvTypeError, "na_values must be a list, tuple or set", "--na-values must be a list, tuple",
     None),
    ({"target": 3}, CsvTypeError, "target must be a column name (str)", "--target must be a column name (str)",
     "the target column must be a column name (str)"),
]


@pytest.mark.parametrize("options, kind, python, command, page", ARGUMENTS,
                         ids=[", ".join(map(repr, case[0].values())) for case in ARGUMENTS])
def test_an_arguments_refused_value_is_named_as_each_face_sets_it(tmp_path, options, kind, python, command, page):
    path = tmp_path / "data.csv"
    path.write_text("a,b,y\n" + ROWS, encoding="utf-8")
    with pytest.raises(kind) as refused:
        load_csv(path, **{"target": "y", **options})
    err = refused.value
    assert str(err).startswith(python), str(err)
    assert isinstance(err, TypeError) == (kind is CsvTypeError)
    assert in_command_terms(err, _options(_build_parser().commands["train"])).startswith(command)
    if page is not None:   # the page never passes na_values
        assert in_page_terms(err, str(path)).startswith(page)


def _raised_here():
    """(file, line, the exception's name) of each exception that neuralab/data's CSV modules raise
    or return, made by a call there: ``raise X(...)``, ``return X(...)``."""
    data = pathlib.Path(neuralab.__file__).parent / "data"
    for path in [*data.glob("csv*.py"), data / "identifier_columns.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            made = node.exc if isinstance(node, ast.Raise) else node.value if isinstance(node, ast.Return) else None
            name = getattr(made.func, "id", "") if isinstance(made, ast.Call) else ""
            if name.endswith("Error"):
                yield path.name, node.lineno, name


def test_the_csv_modules_make_no_plain_value_or_type_error():
    # a refusal made a plain ValueError reaches the command line rewritten and the page as Python
    made = list(_raised_here())
    assert len(made) > 40
    # (LineError is csv's error with its line, which the reader words as a CsvError; Advice's own
    # check refuses a verb of neuralab's code, not of a user's)
    plain = [(file, line, name) for file, line, name in made
             if name not in ("CsvError", "CsvTypeError", "CsvFileNotFoundError", "LineError")
             and file != "csv_error.py"]
    assert not plain, plain


def _classes_ds(name):
    """A Dataset of 20 rows whose one column, ``name``, alone tells its two classes apart."""
    return Dataset(np.arange(20.0).reshape(-1, 1), (np.arange(20) >= 10).astype(int), "binary", 2,
                   feature_names=(name,), class_names=("no", "yes"))


def test_the_three_warnings_leave_a_column_out_with_the_option_the_parser_spells(capsys, monkeypatch):
    said, parsed = {}, _options(_build_parser().commands["train"])
    for spelling in ("--ignore", "--leave-out"):
        monkeypatch.setattr(cli, "_options", lambda command, spelling=spelling: {**parsed, "ignore": spelling})
        warn_identifier_columns(Dataset(np.arange(12.0).reshape(-1, 1), np.arange(12) % 2, "binary", 2,
                                        feature_names=("row id",)))
        warn_leaking_columns(_classes_ds("life boat"), np.arange(20.0).reshape(-1, 1), np.arange(20) >= 10, "y")
        rounded = _in_options(RoundedWholeNumbersWarning("customer id", "rounded", True, 12))
        said[spelling] = capsys.readouterr().err.splitlines() + [rounded]
    for spelling, lines in said.items():
        assert len(lines) == 3, lines
        assert lines[0].endswith(f"pass {spelling} 'row id' to leave it out"), lines[0]
        assert lines[1].endswith(f"pass {spelling} 'life boat' to leave it out"), lines[1]
        assert lines[2].endswith(f"pass {spelling} 'customer id' to leave it out"), lines[2]
