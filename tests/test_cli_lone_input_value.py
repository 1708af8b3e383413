"""`neuralab train --monitor` on a CSV whose column holds a missing-value marker (99999 among values
in 0..1): the warning before training names the value, its row in the file and the remedy; the
monitor's finding after training points back to it in a few words, and does not tell the learner
to standardise inputs the command has standardised."""
import numpy as np

from neuralab import cli

MARKER_LINE = 4      # the marker's row as the file numbers it (1 = the first under the header)


def _cl_csv(path, m=300):
    """a, b -> label, with 99999 in column b at row MARKER_LINE; the labels follow a + b."""
    X = np.random.default_rng(0).uniform(0, 1, (m, 2))
    y = (X.sum(axis=1) > 1).astype(int)
    X[MARKER_LINE - 1, 1] = 99999
    path.write_text("a,b,label\n" + "".join(f"{a:.4f},{b:.4f},{t}\n" for (a, b), t in zip(X, y)))
    return path


def test_the_marker_is_warned_of_before_training_and_the_finding_points_back_to_it(tmp_path, capsys):
    csv = _cl_csv(tmp_path / "lone.csv")
    assert cli.main(["train", "--data", str(csv), "--target", "label", "--epochs", "30", "--quiet", "--monitor",
                     "--out", str(tmp_path / "run")]) == 0
    out, err = capsys.readouterr()
    warned = [line for line in err.splitlines() if "99999" in line]
    assert len(warned) == 1 and warned[0].startswith(
        f"warning: column 'b' holds 99999 in row {MARKER_LINE} of {csv}, over 99.9% of the column's spread")
    assert "fix or drop that row" in warned[0]
    report = out[out.index("Training monitor:"):]
    assert "[warning] One value holds an input column's spread" in report
    assert "Inputs far from unit scale" not in report and "standardise the inputs" not in report
    # said once: the finding names the column and points back, without the warning's numbers again
    assert "column 'b' holds the value the warning before training named (" in report
    assert "99.9%" not in report and "99999" not in report and "end within" not in report
    assert "- replace or drop that value: in the data file, at the row the warning before training names" in report
