"""A regression target of values 0..100 with the marker -999 in one row. -999 lies only 20 times
past the others (99999 lies 2,000 times): it is known by its shape, all nines, which the target
standardised (-60.2) no longer shows, and the warning gives its clues: all nines, and the only
negative value among values 0 or more. In the test part it is named before training, as 99999 is,
and fit's "targets in other units?" is not said; in the training part, the run's last words on a
loss still falling name that row, which holds most of the training error, not "try more epochs"."""
import pytest

from spreadsheets import SCORES_ROWS, scores_csv, split_rows

from neuralab import cli


def _train(path, tmp_path, capsys, *options):
    code = cli.main(["train", "--data", path, "--target", "y", "--quiet", "--seed", "0",
                     "--out", str(tmp_path / "run"), *options])
    out, err = capsys.readouterr()
    assert code == 0
    return out, err


@pytest.mark.parametrize("marker, clues", [("-999", "all nines and the only negative value"),
                                           ("-9999", "all nines and the only negative value"),
                                           ("-20000", "the only negative value")])
def test_a_negative_marker_in_the_test_part_is_named_as_a_marker(tmp_path, capsys, marker, clues):
    row = split_rows(SCORES_ROWS)[0][2]
    path = scores_csv(tmp_path / "scores.csv", marker, row)
    out, err = _train(path, tmp_path, capsys, "--epochs", "20")
    warned = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warned) == 1 and warned[0].startswith(
        f"warning: target column 'y' holds {marker} in row {row + 1} of {path} (the test part), far past every "
        "training target (")
    assert (f"({clues}: a marker of missing values?)" in warned[0]
            and f"--na-values {marker} --missing drop drops every row that holds it" in warned[0])
    assert "other units" not in err and "y_val" not in err


def test_a_marker_in_the_training_part_ends_the_run_on_its_row_not_on_more_epochs(tmp_path, capsys):
    row = split_rows(SCORES_ROWS)[1][5]
    path = scores_csv(tmp_path / "scores.csv", "-999", row)
    out, err = _train(path, tmp_path, capsys, "--epochs", "100")   # the network still learning that row
    first, *rest = [line for line in err.splitlines() if line.startswith("warning:")]
    assert first.startswith(f"warning: target column 'y' holds -999 in row {row + 1} of {path}, ")
    assert "(all nines and the only negative value: a marker of missing values?)" in first
    still = [line for line in rest if "still falling" in line]
    assert len(still) == 1 and still[0].endswith(
        f": row {row + 1} of {path} (the training part), whose target -999 the warning before training named, "
        f"holds {still[0].split(' holds ')[1].split(' of ')[0]} of the training squared error: more epochs would "
        "go on fitting that one row")
    share = float(still[0].split(" holds ")[1].split("%")[0])
    assert 50 <= share < 100
    assert "try more epochs" not in err and "--epochs" not in err


def test_the_same_file_without_the_marker_draws_none_of_it(tmp_path, capsys):
    out, err = _train(scores_csv(tmp_path / "scores.csv"), tmp_path, capsys)
    assert "warning:" not in err and "marker" not in out + err and "one row" not in out + err
