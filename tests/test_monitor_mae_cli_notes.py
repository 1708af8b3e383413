"""``neuralab train --loss mae`` on a target whose training part holds the marker -999 among values
0..100: under MSE the run's last words on a loss still falling name that row, which holds most of
the squared error and draws the training to it (tests/test_cli_marker_endings.py); under MAE every
row pulls with sign(ŷ − y), -999 no harder than the others, so that note is not given: "try more
epochs" is (the same run at lr 0.01 and 100 epochs reaches a test R² of 0.91), and the warning
before training still names the marker."""

from spreadsheets import SCORES_ROWS, scores_csv, split_rows

from neuralab import cli


def _train(path, tmp_path, capsys, loss):
    code = cli.main(["train", "--data", path, "--target", "y", "--quiet", "--seed", "0", "--epochs", "5", "--lr", "0.0003",
                     "--loss", loss, "--out", str(tmp_path / loss)])
    out, err = capsys.readouterr()
    assert code == 0
    return err


def test_under_mae_the_marked_row_is_not_said_to_draw_the_training(tmp_path, capsys):
    row = split_rows(SCORES_ROWS)[1][5]
    path = scores_csv(tmp_path / "scores.csv", "-999", row)
    said = {loss: _train(path, tmp_path, capsys, loss) for loss in ("mse", "mae")}
    for err in said.values():
        assert f"warning: target column 'y' holds -999 in row {row + 1} of {path}, " in err
    assert "of the training squared error: more epochs would go on fitting that one row" in said["mse"]
    assert "squared error" not in said["mae"] and "that one row" not in said["mae"]
    assert "the training loss was still falling" in said["mae"] and "try more epochs (--epochs, now 5)" in said["mae"]
