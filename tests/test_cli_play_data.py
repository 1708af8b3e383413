"""``neuralab play --data FILE --target COL``: a teacher's CSV that every page of the class has.

The file is read once, as the server starts, with ``neuralab train``'s own CSV options; a file
it cannot read is refused in train's words, with exit status 2, and no server starts. Play takes
neither --na-values nor --dtype (the page has no such menu, and its Python script could not read
the file so again): advice of either is said as a neuralab train command, which train takes."""
import shlex

import pytest
from test_play_upload_rounded_ids import _rounded_ids_csv

from neuralab.cli import _build_parser, main


def _class_csv(path, classes=2):
    """Six rows: a name (text), two numbers and a label of ``classes`` classes."""
    labels = [f"c{i % classes}" for i in range(max(6, classes))]
    path.write_text("name,x1,x2,label\n" + "".join(f"n{i},{i % 3},{i * 0.5},{label}\n"
                                                    for i, label in enumerate(labels)))
    return path


def test_play_takes_train_s_csv_options():
    args = _build_parser().parse_args(["play", "--data", "exam.csv", "--target", "passed", "--ignore", "name",
                                       "--task", "binary", "--delimiter", "tab", "--missing", "drop"])
    assert (args.data, args.target, args.ignore, args.task, args.delimiter, args.missing) == \
        ("exam.csv", "passed", ["name"], "binary", "\t", "drop")


def test_the_file_is_served_to_every_page_as_read_with_the_options(served, tmp_path, capsys):
    path = _class_csv(tmp_path / "exam.csv")
    assert main(["play", "--no-browser", "--data", str(path), "--target", "label", "--ignore", "name"]) == 0
    [upload] = served
    assert (upload.file, upload.target, upload.ignore) == ("exam.csv", "label", ("name",))
    assert list(upload.dataset.feature_names) == ["x1", "x2"] and len(upload.dataset) == 6
    assert "every page has exam.csv (target 'label')" in capsys.readouterr().out


def test_without_data_no_csv_is_served(served):
    assert main(["play", "--no-browser"]) == 0
    assert served == [None]


@pytest.mark.parametrize("options", [["--target", "lab"],        # no such column
                                     ["--target", "label"],      # a column of text among the features
                                     ["--target", "label", "--missing", "drop", "--decimal", ","]])
def test_a_file_it_cannot_read_is_refused_in_train_s_words_and_no_server_starts(served, tmp_path, capsys, options):
    path = str(_class_csv(tmp_path / "exam.csv"))
    assert main(["train", "--data", path, *options]) == 2
    train_said = capsys.readouterr().err
    assert main(["play", "--no-browser", "--data", path, *options]) == 2
    out, err = capsys.readouterr()
    assert err == train_said and err.startswith("neuralab: error: ") and err.count("\n") == 1
    assert served == [] and "serving" not in out


def test_a_csv_option_without_data_is_refused_as_train_refuses_it(served, capsys):
    assert main(["train", "--target", "label"]) == 2
    train_said = capsys.readouterr().err
    assert main(["play", "--no-browser", "--target", "label"]) == 2
    assert capsys.readouterr().err == train_said == "neuralab: error: --target goes with --data FILE.csv\n"
    assert served == []


def test_a_file_past_the_playground_s_limits_is_refused_with_train_as_the_way(served, tmp_path, capsys):
    path = _class_csv(tmp_path / "many.csv", classes=12)
    assert main(["play", "--no-browser", "--data", str(path), "--target", "label", "--ignore", "name"]) == 2
    err = capsys.readouterr().err
    assert "has 12 classes; the playground takes at most 10" in err
    assert f"train on it with neuralab train --data {path} --target label --ignore name" in err
    assert served == []


def test_a_column_named_as_an_option_s_argument_stays_its_name(served, tmp_path, capsys):
    path = tmp_path / "many.csv"
    path.write_text("x1,x2,seed\n" + "".join(f"{i},{i % 3},c{i % 12}\n" for i in range(24)))
    assert main(["play", "--no-browser", "--data", str(path), "--target", "seed"]) == 2
    err = capsys.readouterr().err
    assert "the target 'seed' has 12 classes" in err and err.endswith(f"--data {path} --target seed\n")


def _advised_train(said):
    """The arguments after "neuralab train" of the command that ends ``said``."""
    return shlex.split(said[said.index("neuralab train"):])[2:]


def _parses(argv):
    """Whether the ``neuralab`` parser takes ``argv`` (argparse exits on what it does not take)."""
    try:
        _build_parser().parse_args(argv)
    except SystemExit:
        return False
    return True


def test_play_takes_neither_na_values_nor_dtype_and_its_help_names_neither(capsys):
    assert not _parses(["play", "--data", "f.csv", "--target", "t", "--na-values", ""])
    assert not _parses(["play", "--dtype", "float64"])
    capsys.readouterr()
    play_help = _build_parser().commands["play"].format_help()
    assert "--na-values" not in play_help and "--dtype" not in play_help and "a marker such as NA" in play_help
    assert "see --na-values" in _build_parser().commands["train"].format_help()


def test_a_class_named_na_is_advised_as_a_train_command_that_reads_it(served, tmp_path, capsys):
    path = tmp_path / "regions.csv"
    path.write_text("x1,x2,region\n" + "".join(f"{i},{i % 3},{['EU', 'NA'][i % 2]}\n" for i in range(12)))
    assert main(["play", "--no-browser", "--data", str(path), "--target", "region", "--task", "binary"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and served == []
    assert f"train on it with neuralab train --data {path} --target region --task binary --na-values '' to keep" in err
    argv = _advised_train(err.removesuffix(" to keep it)\n"))
    assert argv[-2:] == ["--na-values", ""]
    out = tmp_path / "run"
    assert main(["train", *argv, "--epochs", "1", "--quiet", "--out", str(out)]) == 0
    assert "'NA'" in capsys.readouterr().out   # the class kept, by the very command advised


@pytest.mark.parametrize("ids, options, said", [
    (True, ["--target", "label", "--task", "regression", "--ignore", "name"], "keeps them apart"),
    (False, ["--target", "label"], "")])
def test_float64_is_advised_as_a_train_command_that_play_does_not_need(served, tmp_path, capsys, ids, options, said):
    """A column of whole numbers past float32's (a ten-digit target, warned of as the server
    starts), and a value past float32's range (refused): --dtype float64 is train's."""
    path = tmp_path / "ids.csv"
    big = [f"{7_100_000_000 + 7 * i}" if ids else ("1e40" if i == 3 else str(i)) for i in range(12)]
    path.write_text("name,x,label\n" + "".join(f"n{i},{i % 5},{value}\n" for i, value in enumerate(big))
                    if ids else "x,label\n" + "".join(f"{value},{i % 2}\n" for i, value in enumerate(big)))
    status = main(["play", "--no-browser", "--data", str(path), *options])
    err = capsys.readouterr().err
    assert status == (0 if ids else 2) and "pass --dtype" not in err and "the default --dtype" not in err
    line = next(line for line in err.splitlines() if "--dtype float64" in line)
    argv = _advised_train(line.removesuffix(f" {said}") if said else line)
    assert argv[:4] == ["--data", str(path), *options[:2]] and argv[-2:] == ["--dtype", "float64"]
    assert _parses(["train", *argv]) and not _parses(["play", *argv])


def test_what_reading_the_file_warned_of_is_told_to_each_page_too(served, tmp_path, capsys):
    # a ten-digit ID that float32 rounds: the terminal says it, and every page opening on the file
    # is told it as after an upload of the file, but how to leave it out: a page cannot tick the
    # served file's Leave out boxes, whoever runs the server restarts it with --ignore
    path = tmp_path / "houses.csv"
    path.write_text(_rounded_ids_csv())
    assert main(["play", "--no-browser", "--data", str(path), "--target", "price", "--task", "regression"]) == 0
    [upload] = served
    assert ": pass --ignore id to leave it out" in capsys.readouterr().err   # the terminal's, as before
    [said] = upload.warned
    assert "'id' in --ignore" in said and "Leave out" not in said


def test_a_file_too_wide_is_refused_by_its_header_before_its_rows_are_read(served, tmp_path, capsys, monkeypatch):
    """A file of 20,000 rows × 1,100 columns took 300 MB to read, then to refuse: its header says it."""
    from neuralab.play.upload import MAX_FEATURES
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"p{j}" for j in range(MAX_FEATURES + 2)) + ",label\n"
                    + "".join(",".join(["1"] * (MAX_FEATURES + 2)) + f",{'ab'[i % 2]}\n" for i in range(6)))
    from neuralab.data import csv as csv_module
    checker, read = csv_module.CellChecker, []   # (made to read the rows, after the header's checks)
    monkeypatch.setattr(csv_module, "CellChecker", lambda *args, **kwargs: read.append(args) or checker(*args, **kwargs))
    assert main(["play", "--no-browser", "--data", str(path), "--target", "label", "--ignore", "p0"]) == 2
    assert capsys.readouterr().err == (f"neuralab: error: {path}: the CSV has {MAX_FEATURES + 1:,} input columns; "
                                       f"the playground takes at most {MAX_FEATURES:,}: train on it with neuralab "
                                       f"train --data {path} --target label --ignore p0\n")
    assert read == [] and served == []
    assert main(["play", "--no-browser", "--data", str(path), "--target", "label", "--ignore", "p0,p1"]) == 0
    assert len(read) == 1 and len(served) == 1
