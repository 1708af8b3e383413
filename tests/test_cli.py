"""`neuralab train` as a user runs it: outputs, reproducibility, options and one-line errors."""
import json
import subprocess
import sys

import numpy as np
import pytest

from neuralab import cli, load


def run(*args):
    return subprocess.run([sys.executable, "-m", "neuralab.cli", *args], capture_output=True, text=True,
                          timeout=300)


def test_default_run_writes_model_and_figures(tmp_path):
    out = tmp_path / "run"
    result = run("train", "--epochs", "150", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "spiral" in result.stdout and "2-16-16-1" in result.stdout
    assert "epoch 150/150" in result.stderr and "loss=" in result.stderr  # progress bar
    for line in ("train", "test"):
        assert any(row.startswith(line) for row in result.stdout.splitlines())
    assert f"to {out}/" in result.stdout
    for name in ("model.npz", "loss.png", "decision_boundary.png", "metrics.json"):
        assert (out / name).stat().st_size > 0
    for name in ("loss.png", "decision_boundary.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = json.loads((out / "metrics.json").read_text())
    assert report["results"]["test"]["accuracy"] > 0.9
    model = load(out / "model.npz")
    assert [layer.to_spec()["type"] for layer in model.layers][-1] == "Sigmoid"


def test_same_seed_gives_the_same_model_bit_for_bit(tmp_path):
    models = []
    for name, seed in (("a", "3"), ("b", "3"), ("c", "4")):
        assert cli.main(["train", "--dataset", "moons", "--epochs", "3", "--seed", seed, "--quiet",
                         "--out", str(tmp_path / name)]) == 0
        models.append(np.load(tmp_path / name / "model.npz"))
    a, b, c = models
    for key in a.files:
        np.testing.assert_array_equal(a[key], b[key])
    assert not np.array_equal(a["0.weight"], c["0.weight"])


@pytest.mark.parametrize("args", [
    ["--dataset", "iris", "--layers", "auto,8,auto", "--optimizer", "nesterov", "--lr", "0.05"],
    ["--dataset", "iris", "--loss", "mse", "--optimizer", "rmsprop"],
    ["--dataset", "sine", "--activation", "tanh", "--optimizer", "adamw", "--batch-size", "full"],
    ["--dataset", "circles", "--loss", "bce_logits", "--output", "identity", "--optimizer", "sgd",
     "--batch-size", "1"],
    ["--dataset", "gaussians", "--optimizer", "momentum", "--activation", "leaky_relu"],
    ["--dataset", "spiral", "--samples", "300", "--noise", "0.3", "--layers", "2,8,8,1"],
])
def test_options(tmp_path, args):
    assert cli.main(["train", *args, "--epochs", "2", "--quiet", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "model.npz").exists()


def test_own_csv_data(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 3))
    labels = np.where(X[:, 0] + X[:, 1] > 0, "yes", "no")
    rows = ["a,b,c,label"] + [f"{x[0]:.4f},{x[1]:.4f},{x[2]:.4f},{lab}" for x, lab in zip(X, labels)]
    path = tmp_path / "mine.csv"
    path.write_text("\n".join(rows) + "\n")
    result = run("train", "--data", str(path), "--target", "label", "--epochs", "20", "--quiet",
                 "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "3-16-16-1" in result.stdout
    assert not (tmp_path / "out" / "decision_boundary.png").exists()  # 3 features: no plane to draw


@pytest.mark.parametrize("args, message", [
    (["--dataset", "spirals"], "spiral"),
    (["--dataset", "iris", "--noise", "0.1"], "noise"),
    (["--dataset", "moons", "--samples", "0"], "n_samples"),
    (["--layers", "3,16,1"], "2 features"),
    (["--layers", "auto,0,auto"], "positive integer"),
    (["--layers", "auto,16,4"], "needs 1"),
    (["--batch-size", "0"], "--batch-size"),
    (["--epochs", "0"], "--epochs"),
    (["--test-size", "1.5"], "--test-size"),
    (["--data", "missing.csv", "--target", "y"], "missing.csv"),
    (["--data", "x.csv"], "--target"),
    (["--dataset", "sine", "--loss", "bce"], "--loss"),
    (["--dataset", "iris", "--loss", "bce", "--output", "sigmoid"], "two classes"),
])
def test_errors_are_one_line(tmp_path, args, message):
    result = run("train", "--epochs", "1", "--quiet", "--out", str(tmp_path / "o"), *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuralab: error:") and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_help_explains_every_option():
    result = run("train", "--help")
    assert result.returncode == 0
    for option in ("--dataset", "--data", "--target", "--layers", "--activation", "--output", "--loss",
                   "--optimizer", "--lr", "--batch-size", "--samples", "--noise", "--epochs", "--seed", "--test-size", "--out",
                   "--quiet"):
        assert option in result.stdout
