"""`neuralab train | head -3`: a reader that stops reading early does not cost the run its files."""
import os
import subprocess
import sys

from neuralab import load


def test_a_run_whose_reader_has_gone_still_writes_its_model(tmp_path):
    # it ended with "neuralab: error: [Errno 32] Broken pipe" at its first line and removed its folder
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the run prints anything: every print meets it
    try:
        result = subprocess.run([sys.executable, "-m", "neuralab.cli", "train", "--dataset", "xor", "--epochs", "3",
                                 "--out", str(tmp_path / "run")], stdout=write_end, stderr=subprocess.PIPE,
                                text=True, timeout=300)
    finally:
        os.close(write_end)
    assert result.returncode == 0 and result.stderr.strip().startswith("0%"), result.stderr  # the bar alone
    assert "Broken pipe" not in result.stderr and "Exception" not in result.stderr
    assert load(tmp_path / "run" / "model.npz").predict([[1.0, -1.0]]).shape == (1, 1)
    assert sorted(path.name for path in (tmp_path / "run").iterdir()) == [
        "confusion_matrix.png", "decision_boundary.png", "history.csv", "loss.png", "metrics.json", "model.npz"]
