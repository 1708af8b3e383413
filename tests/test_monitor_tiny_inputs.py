"""The training monitor names inputs far below unit scale as a whole: pixels divided by 255 twice
(``data.load("mnist")`` gives them divided once, and a Keras tutorial's ``x_train / 255.0`` divides
them again: 0 to 0.0039), standardised columns divided by 1000. It says their span, their std and
how many times smaller it is than a standardised input's, and to standardise them (or, for pixels,
not to divide them again). It stays silent on the built-in datasets as ``data.load`` gives them and
as they are usually prepared, on 0/1, one-hot and sparse columns, and on a column of tiny values
among columns of unit scale. ``neuralab train`` and the playground standardise every input
themselves, so their monitors see none: a CSV of tiny values fits through the command."""
import json
import re

import numpy as np
import pytest

import neuralab
from neuralab import cli, data, nn
from neuralab.train import Monitor
from neuralab.train.input_scale import far_columns, tiny_reach
from neuralab.train.layer_stats import input_columns
from test_data_idx import make_mnist
from test_monitor_unscaled_inputs import STANDARDISE, _unscaled_run

TINY_WORDS = "hold columns far below unit scale, all that vary (|x| <= 0.01): they span "
TWICE = "pixels divided twice? data.load('mnist') gives them / 255 already"
ONCE = ("for pixels divided by 255 already (data.load('mnist') and data.load('fashion_mnist') give them so), "
        "do not divide them again: X as data.load gives it, or X * 255.0 where it was divided twice")


def _digits_divided_twice():
    """digits' 8×8 pixels in 0..16 divided by 16, then by 255 as a Keras tutorial does: 0 to 1/255."""
    X, y = data.load("digits")
    return _unscaled_run(np.asarray(X, np.float32)[:600] / 16 / 255, np.asarray(y)[:600], loss="cross_entropy",
                         epochs=10)


def test_pixels_divided_by_255_twice_are_said_with_their_numbers_and_not_to_divide_again():
    report = _digits_divided_twice().report()
    assert report.names[0] == "unscaled_inputs"
    evidence = report[0].evidence
    said = re.search(r"0 to 0\.00392, std (\S+): about (\S+) times below a standardised input's std of 1; "
                     + re.escape(TWICE), evidence)
    std, times = map(float, said.groups())
    assert 6 / 16 / 255 / 2 < std < 6 / 16 / 255 * 2          # digits' pixels: std 6 in 0..16
    assert times == pytest.approx(1 / std, rel=0.01)
    assert "the network does not fit its training data (training accuracy" in evidence
    assert report[0].advice() == [f"{STANDARDISE}: data.Standardizer", ONCE]   # not "X / 255.0" again
    # the ReLU units they leave dead are told why, and not to lower a learning rate that killed none
    dead = report[report.names.index("dead_relus")]
    assert ("The inputs are far below unit scale (|x| up to 0.00392), so z = W x + b is about its bias b for every "
            "input" in dead.evidence)
    assert not any("learning rate" in r for r in dead.advice())
    # the same pixels divided once are quiet about their scale
    X, y = data.load("digits")
    once = _unscaled_run(np.asarray(X, np.float32)[:600] / 16, np.asarray(y)[:600], loss="cross_entropy", epochs=10)
    assert "unscaled_inputs" not in once.report().names


def test_a_keras_port_that_divides_fashion_mnist_by_255_again_is_told(tmp_path):
    make_mnist(tmp_path, n=64, prefix="train")
    ds = data.load("fashion_mnist", directory=tmp_path)
    train_images = ds.images / 255.0                  # Keras's tutorial line, on pixels in [0, 1] already
    neuralab.seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Dense(784, 16), nn.ReLU(), nn.Dense(16, 10))
    monitor = Monitor(every=5)
    model.fit(train_images, ds.y, loss="cross_entropy", optimizer="adam", epochs=5, batch_size=16, verbose=0,
              callbacks=[monitor], metrics=["accuracy"])
    found = next(d for d in monitor.report() if d.name == "unscaled_inputs")
    assert TINY_WORDS + "0 to 0.00392" in found.evidence and TWICE in found.evidence
    assert found.advice()[-1] == ONCE


def test_standardised_columns_divided_by_1000_are_told_to_be_standardised_without_pixels():
    X, y = data.load("wine")
    X = data.Standardizer().fit_transform(np.asarray(X, np.float32)) / 1000
    report = _unscaled_run(X, np.asarray(y), loss="cross_entropy", epochs=5).report()
    assert report.names[0] == "unscaled_inputs"
    assert TINY_WORDS in report[0].evidence and "times below a standardised input's std of 1" in report[0].evidence
    assert "pixels" not in report[0].evidence
    assert report[0].advice() == [f"{STANDARDISE}: data.Standardizer"]


def _columns(*columns):
    return input_columns(np.column_stack(columns))


def test_only_inputs_whose_every_varying_column_is_tiny_are_tiny():
    rng = np.random.default_rng(0)
    tiny = rng.normal(0, 0.001, 64)
    assert list(far_columns(_columns(tiny, tiny * 2))) == ["tiny"]
    assert list(far_columns(_columns(tiny, np.full(64, 0.5)))["tiny"]) == [0]   # a constant column is no signal
    assert tiny_reach(_columns(tiny)) == pytest.approx(np.abs(tiny).max())
    # none of these is: a tiny column among one of unit scale, 0/1 flags, one-hot classes, a sparse
    # column of counts, a rare one-hot class in 1 row of 64, pixels divided by 255 once
    flags = (rng.random(64) < 0.5).astype(float)
    one_hot = np.eye(3)[rng.integers(0, 3, 64)]
    sparse, rare = np.where(rng.random(64) < 0.05, 3.0, 0.0), np.eye(64)[0]
    pixels = rng.integers(0, 256, (64, 5)) / 255
    for columns in ((tiny, rng.normal(size=64)), (tiny, flags), (*one_hot.T,), (tiny, sparse), (tiny, rare),
                    (*pixels.T,)):
        inputs = _columns(*columns)
        assert tiny_reach(inputs) is None and "tiny" not in far_columns(inputs)


# the built-in datasets as data.load gives them, and as they are usually prepared
PREPARED = {"as loaded": lambda X: X, "standardised": lambda X: data.Standardizer().fit_transform(X)}
BUILT_IN = [(name, how) for name in ("and", "or", "xor_gate", "circles", "moons", "spiral", "gaussians",
                                     "checkerboard", "xor", "plane", "sine", "iris", "wine", "breast_cancer")
            for how in PREPARED] + [("digits", "as loaded"), ("digits", "divided by 16")]


@pytest.mark.parametrize("name, how", BUILT_IN, ids=[f"{n}-{h}" for n, h in BUILT_IN])
def test_the_built_in_datasets_are_never_tiny(name, how):
    ds = data.load(name)
    X = np.asarray(ds.X, np.float32)
    X = X / 16 if how == "divided by 16" else PREPARED[how](X)
    regression = ds.task == "regression"
    y = np.asarray(ds.y, np.float32 if regression else np.int64)
    classes = 1 if regression or ds.n_classes == 2 else ds.n_classes
    neuralab.seed(0)
    model = nn.MLP([X.shape[1], 8, classes], output=None if regression or classes == 1 else "softmax")
    monitor = Monitor(every=5)
    loss = "mse" if regression else "bce_logits" if classes == 1 else "cross_entropy"
    model.fit(X, y, loss=loss, optimizer="adam", epochs=3, verbose=0, callbacks=[monitor])
    assert tiny_reach(monitor.inputs) is None
    assert not any("all that vary" in d.evidence for d in monitor.report())


def test_neuralab_train_standardises_a_csv_of_tiny_values_and_fits_it(tmp_path, capsys):
    # the command standardises every input column, so its monitor sees them at unit scale: moons
    # divided by 1000 fit as moons do, and nothing is said of their scale
    X, y = data.load("moons", n_samples=300, seed=0)
    csv = tmp_path / "tiny.csv"
    np.savetxt(csv, np.column_stack([X / 1000, y]), delimiter=",", header="x1,x2,label", comments="", fmt="%.9g")
    assert cli.main(["train", "--data", str(csv), "--target", "label", "--epochs", "60", "--monitor", "--quiet",
                     "--seed", "0", "--out", str(tmp_path / "run")]) == 0
    out = capsys.readouterr().out
    assert "on standardised inputs" in out
    assert "Training monitor:" in out and "far from unit scale" not in out and "all that vary" not in out
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["results"]["train"]["accuracy"] >= 0.95
