"""neuralab train says load_csv's refusals from their parts (``CsvError.said``): each argument it
advises as the option is typed on a command line ("pass --delimiter ';' and --decimal ,"), what
only Python has in the command's words (--na-values '', --dtype float64), and the file's and
columns' names as written: a column 'seed' is not the option --seed."""
import pathlib
import re
import shlex

import pytest

from neuralab import cli
from neuralab.cli import _build_parser, _options
from neuralab.cli.errors import _python_words
from neuralab.play import upload

ROWS = range(30)


def _refusal(tmp_path, capsys, name, text, *options):
    """The one line ``neuralab train --data NAME --target y *options`` refuses the CSV ``text`` with."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert _train(tmp_path, path, *options) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"neuralab: error: {path}"), err
    return err


def _train(tmp_path, path, *options):
    return cli.main(["train", "--data", str(path), "--target", "y", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "run"), *options])


# (file, its text, the options given, what the refusal says to do)
ADVISED = {
    "semicolons": ("a;b;y\n" + "".join(f"{i},5;{i % 3},25;{i % 2}\n" for i in ROWS), (),
                   "is the file separated by ';'? pass --delimiter ';' and --decimal ',' (its numbers have decimal "
                   "commas: '0,5')"),
    "tabs": ("a\tb\ty\n" + "".join(f"{i}\t{i % 3}\t{i % 2}\n" for i in ROWS), (),
             "is the file separated by '\\t'? pass --delimiter tab\n"),
    "spaced": ("a,home town,y\n" + "".join(f"{i},{'xyz'[i % 3]},{i % 2}\n" for i in ROWS), (),
               "pass --one-hot 'home town' to read each category as a 0/1 column of its own, or pass --ignore "
               "'home town' to leave it out\n"),
    "marker": ("a,y\n" + "".join(f"{i},{('NA', 'EU')[i % 2]}\n" for i in ROWS), (),
               "'NA' is a missing value (fill in or drop the row, or pass --missing drop to drop all rows with a "
               "missing cell; the column has 15 missing values, in rows 1, 3, 5, …; if 'NA' is a class here, pass "
               "--na-values '' to keep it)\n"),
    "words": ("a,y\n" + "".join(f"{i},{'xy'[i % 2]}\n" for i in ROWS), ("--task", "regression"),
              "this target column holds words: if they are class names, leave out --task\n"),
    "declared": ("sep=;\na;y\n" + "".join(f"{i};{i % 2}\n" for i in ROWS), ("--delimiter", ","),
                 "its first line 'sep=;' declares ';' between the cells, but --delimiter ',' was given: pass "
                 "--delimiter ';', or leave it out\n"),
    "huge": ("a,y\n1e39,0\n" + "".join(f"{i},{i % 2}\n" for i in ROWS), (),
             "'1e39' is too large for float32, the default --dtype, whose largest value is 3.403e+38: rescale the "
             "column, or pass --dtype float64\n"),
    "ignored": ("a,y\n" + "".join(f"{i},{i % 2}\n" for i in ROWS), ("--ignore", "a"),
                "needs at least one feature column besides the target once --ignore's columns are left out\n"),
    "unknown": ("a,y\n" + "".join(f"{i},{i % 2}\n" for i in ROWS), ("--ignore", "zz"),
                "--ignore names the column 'zz', which the file does not have; its feature columns are 'a'\n"),
    "names": ("a,name,y\n" + "".join(f"{i},n{i},{i % 2}\n" for i in ROWS), ("--one-hot", "name"),
              "(a different value in most rows, or more than the 100 categories --one-hot takes)"),
}


@pytest.mark.parametrize("name", ADVISED)
def test_load_csvs_advice_is_the_option_as_typed_on_a_command_line(tmp_path, capsys, name):
    text, options, advice = ADVISED[name]
    err = _refusal(tmp_path, capsys, f"{name}.csv", text, *options)
    assert advice in err
    assert not re.search(r"\w='|\w=\(|\w=\[|na_values|set_default_dtype", err), err   # no Python spelling


# (file, the advice a learner copies from the refusal onto the command line)
FOLLOWED = {"semicolons": "--delimiter ';' and --decimal ','", "tabs": "--delimiter tab",
            "spaced": "--one-hot 'home town'", "marker": "--na-values ''"}


@pytest.mark.parametrize("name", FOLLOWED)
def test_the_advice_copied_onto_the_command_line_reads_the_file(tmp_path, capsys, name):
    text, options, _ = ADVISED[name]
    err = _refusal(tmp_path, capsys, f"{name}.csv", text, *options)
    assert f"pass {FOLLOWED[name]}" in err
    # as the shell splits it: quotes gone, '' an empty value
    typed = [word for word in shlex.split(FOLLOWED[name]) if word != "and"]
    assert _train(tmp_path, tmp_path / f"{name}.csv", *options, *typed) == 0, capsys.readouterr().err


def test_a_file_and_columns_named_like_options_are_named_as_written(tmp_path, capsys):
    # the command line rewrote the library's argument names anywhere in the message: a column
    # 'seed' became '--seed', and its advice "pass --one-hot --seed,--lr"; seed.csv "--seed.csv"
    text = "seed,lr,y\n" + "".join(f"{'ab'[i % 2]},{'cd'[i % 2]},{i % 2}\n" for i in ROWS)
    err = _refusal(tmp_path, capsys, "seed.csv", text)
    assert err.endswith("seed.csv: column 'seed', row 1 (line 2): 'a' is not a number; this column holds text, and so "
                        "does column 'lr', but features must be numbers: pass --one-hot seed,lr to read each category "
                        "as a 0/1 column of its own, or pass --ignore seed,lr to leave these columns out\n"), err


def test_a_refusal_of_the_file_names_it_as_written_in_a_folder_named_like_an_option(tmp_path, capsys):
    # a refusal that is no CsvError ("is empty") had its path rewritten: lr/seed.csv as --lr/--seed.csv
    (tmp_path / "lr").mkdir()
    path = tmp_path / "lr" / "seed.csv"
    path.write_text("", encoding="utf-8")
    assert _train(tmp_path, path) == 2
    assert capsys.readouterr().err == (f"neuralab: error: {path} is empty: expected a header line of column names, "
                                       f"then data rows\n")


def test_a_refusal_that_is_no_csv_error_names_columns_and_file_as_written(tmp_path, capsys, monkeypatch):
    # "target column 'seed' is 'x' in every row" was rewritten as a library error: '--seed', and
    # the file ./one_hot/lr.csv, which load_csv names one_hot/lr.csv, as --one-hot/--lr.csv
    monkeypatch.chdir(tmp_path)
    (tmp_path / "one_hot").mkdir()
    (tmp_path / "one_hot" / "lr.csv").write_text("delimiter,task,ignore,seed\n1,2,3,x\n4,5,6,x\n", encoding="utf-8")
    assert cli.main(["train", "--data", "./one_hot/lr.csv", "--target", "seed", "--out", "run"]) == 2
    assert capsys.readouterr().err == ("neuralab: error: one_hot/lr.csv: target column 'seed' is 'x' in every row: "
                                       "there is nothing to learn, whatever the task; choose another target column, "
                                       "or add rows where it holds other values\n")


# (the text of seed.csv, the options given, what the refusal says): one_hot and ignore, named
# without a value, are their options, and the columns named like options are as written
NAMED = [("lr,one_hot,y\n1,m,0\n3,f,1\n", ("--one-hot", "one_hot", "--ignore", "one_hot"),
          "--ignore names the column 'one_hot', which --one-hot names too: leave it out of --one-hot to leave it out "
          "of the data, or out of the columns ignored to encode it\n"),
         ("lr,seed,y\n" + "".join(f"{i},{i},{i % 2}\n" for i in range(150)), ("--one-hot", "seed"),
          "more than the 100 categories --one-hot takes; it reads as numbers, a quantity perhaps: leave it out of "
          "--one-hot to read them as numbers\n"),
         ("lr,seed,y\n" + "".join(f"{i},n{i},{i % 2}\n" for i in ROWS), ("--one-hot", "seed"),
          "pass --ignore seed to leave it out instead of --one-hot\n"),
         ("lr,seed,y\n1,,0\n3,,1\n", ("--one-hot", "seed"),
          "column 'seed' has no category to one-hot encode: every cell is missing; remove it from --one-hot and pass "
          "--ignore seed\n"),
         ("lr,task,y\n1,2,0\n3,4,1\n", ("--one-hot", "tsk"),
          "--one-hot names the column 'tsk', which the file does not have; did you mean 'task'? its feature columns "
          "are 'lr', 'task'\n")]


@pytest.mark.parametrize("text, options, said", NAMED, ids=("both", "numbers", "names", "all missing", "unknown"))
def test_one_hot_and_ignore_named_in_a_refusal_are_their_options(tmp_path, capsys, text, options, said):
    assert _refusal(tmp_path, capsys, "seed.csv", text, *options).endswith(said)


def test_every_kind_of_words_only_python_has_is_said_in_the_command_lines_and_on_the_page():
    # a kind of PythonOnly without a face's words would end a refusal in a traceback
    sources = pathlib.Path(cli.__file__).parents[1] / "data"
    kinds = {kind for path in sources.glob("*.py")
             for kind in re.findall(r"PythonOnly\(\s*\"([^\"]+)\"", path.read_text(encoding="utf-8"))}
    options = _options(_build_parser().commands["train"])
    assert len(kinds) >= 8 and kinds - {"pandas"} <= set(_python_words(options)), kinds
    assert kinds <= set(upload._python_words("y")), kinds


def test_a_delimiter_of_more_than_one_character_is_refused_by_its_option(tmp_path, capsys):
    path = tmp_path / "two.csv"
    path.write_text("a;;y\n1;;0\n2;;1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        _train(tmp_path, path, "--delimiter", ";;")
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err == ("neuralab: error: argument --delimiter: needs one character, such as ',' "
                                             "or ';' (or 'tab'), got ';;' (see neuralab train --help)\n")
