"""neuralab train reads a regression's test R² against answering the mean for every row when the
network does no better: a run at Adam lr 5 printed a test R² of −2372 with no word, where a
classification is read against always answering its most common class."""
import re

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


def test_the_note_reads_r2_at_zero_as_no_better_and_is_silent_above_it():
    assert "is no better than that" in mean_baseline_note(-0.001)
    assert "is worse than that" in mean_baseline_note(-2.5)
    assert mean_baseline_note(0.2) is None and mean_baseline_note(float("nan")) is None
