"""neuralab train reads a regression's test R² against answering the mean for every row when the
network does no better: a run at Adam lr 5 printed a test R² of −2372 with no word, where a
classification is read against always answering its most common class."""
import re

import numpy as np

from neuralab import cli
from neuralab.cli.report import mean_baseline_note

NOTE = "note: answering the mean target for every row scores R² 0"


def _train(tmp_path, capsys, *options):
    assert cli.main(["train", "--dataset", "sine", "--quiet", "--seed", "0", "--out", str(tmp_path / "o"),
                     *options]) == 0
    return capsys.readouterr().out


def test_a_run_worse_than_the_mean_is_told_so_with_its_r2(tmp_path, capsys):
    out = _train(tmp_path, capsys, "--epochs", "3", "--optimizer", "adam", "--lr", "5")
    r2 = float(re.search(r"^test .* (\S+)$", out, re.M).group(1))
    assert r2 < 0
    assert f"{NOTE}; the test R² of " in out and "worse than that" in out and "--monitor" in out


def test_a_run_that_learnt_prints_no_such_note(tmp_path, capsys):
    out = _train(tmp_path, capsys, "--epochs", "60")
    assert float(re.search(r"^test .* (\S+)$", out, re.M).group(1)) > 0.5
    assert NOTE not in out


def _noise_csv(tmp_path):
    """300 rows of 3 inputs and a target drawn apart from them: nothing to learn that carries to new rows."""
    rng = np.random.default_rng(0)
    path = tmp_path / "noise.csv"
    np.savetxt(path, rng.standard_normal((300, 4)), fmt="%.4f", delimiter=",", header="a,b,c,y", comments="")
    return path


def test_with_monitor_the_note_quotes_what_it_found_and_does_not_send_the_user_to_it(tmp_path, capsys):
    # "--monitor says which" stood right above the monitor's "no problems found"
    assert cli.main(["train", "--data", str(_noise_csv(tmp_path)), "--target", "y", "--epochs", "20", "--monitor",
                     "--quiet", "--seed", "0", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    (note,) = [line for line in out.splitlines() if line.startswith(NOTE)]
    assert "Training monitor: no problems found." in out
    assert "--monitor" not in note
    assert note.endswith("(the training monitor found no problem with the training itself: the inputs may carry "
                         "too little of the target to predict it)")


def test_the_note_reads_r2_at_zero_as_no_better_and_is_silent_above_it():
    assert "is no better than that" in mean_baseline_note(-0.001)
    assert "is worse than that" in mean_baseline_note(-2.5)
    assert mean_baseline_note(0.2) is None and mean_baseline_note(float("nan")) is None
    # --monitor named only when it was not given; its findings quoted when it was
    assert mean_baseline_note(-0.5).endswith("--monitor says which)")
    said = mean_baseline_note(-0.5, ["Overfitting", "Learning rate too high"])
    assert said.endswith("(the training monitor's findings below: Overfitting, Learning rate too high)")
    assert "--monitor" not in mean_baseline_note(-0.5, [])
