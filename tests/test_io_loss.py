"""A model's loss in its file: the loss of its last fit is saved by name, so that the model loaded
evaluates as it did, without ``loss=``; text labels are read as the model's classes; a file
without a loss (an older one, a model never fitted) still loads, and says how to name it."""
import json
import re

import numpy as np
import pytest

import neuralab
from neuralab import cli, data, nn


def _sl_fitted(loss="bce", output="sigmoid"):
    X, y = data.load("moons", n_samples=120, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 8, 1], output=output)
    model.fit(X, y, loss=loss, optimizer="adam", epochs=5, verbose=0)
    return model, X, y


def _sl_header(path):
    with np.load(path) as saved:
        return json.loads(saved["__neuralab__"].tobytes())


@pytest.mark.parametrize("loss, output", [("bce", "sigmoid"), ("bce_logits", None), ("mse", None)])
def test_a_loaded_model_evaluates_with_the_loss_it_was_fitted_with(tmp_path, loss, output):
    # it said "evaluate needs a loss: pass loss=... or call fit first", and fit would retrain it
    model, X, y = _sl_fitted(loss, output)
    path = model.save(tmp_path / "m.npz")
    assert _sl_header(path)["loss"] == loss
    loaded = neuralab.load(path)
    assert loaded.evaluate(X, y) == model.evaluate(X, y, loss=loss)
    assert _sl_header(loaded.save(tmp_path / "again.npz"))["loss"] == loss   # kept on a second save


def test_a_file_without_a_loss_loads_and_evaluate_says_how_to_name_it(tmp_path):
    model, X, y = _sl_fitted()
    with np.load(model.save(tmp_path / "m.npz")) as saved:
        arrays = dict(saved)
    header = json.loads(arrays["__neuralab__"].tobytes())
    del header["loss"]   # as a file written before neuralab kept the loss
    arrays["__neuralab__"] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    np.savez(tmp_path / "old.npz", **arrays)
    old = neuralab.load(tmp_path / "old.npz")
    with pytest.raises(ValueError, match=re.escape(
            'evaluate needs a loss: pass the one the model was trained with (loss="mse" for a regression, '
            '"bce" after a sigmoid output, "cross_entropy" for one output per class), or call fit first')):
        old.evaluate(X, y)
    assert old.evaluate(X, y, loss="bce") == model.evaluate(X, y, loss="bce")
    assert "loss" not in _sl_header(nn.MLP([2, 1]).save(tmp_path / "unfitted.npz"))


def test_a_crafted_loss_is_refused_and_a_loss_of_ones_own_is_not_written(tmp_path):
    model, _, _ = _sl_fitted()
    with np.load(model.save(tmp_path / "m.npz")) as saved:
        arrays = dict(saved)
    header = json.loads(arrays["__neuralab__"].tobytes()) | {"loss": "__import__('os')"}
    arrays["__neuralab__"] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    np.savez(tmp_path / "crafted.npz", **arrays)
    with pytest.raises(ValueError, match=re.escape(
            "not a valid neuralab model file: 'loss' must be one of the names mse, mae, bce, bce_logits, "
            "cross_entropy, hinge, got __import__('os')")):
        neuralab.load(tmp_path / "crafted.npz")

    class SavedLossOfMyOwn(nn.BCELoss):
        name = "bce"
    model.loss = SavedLossOfMyOwn()
    assert "loss" not in _sl_header(model.save(tmp_path / "own.npz"))


def test_a_model_from_the_cli_evaluates_text_labels_as_its_classes(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((80, 2))
    labels = np.where(X[:, 0] - X[:, 1] > 0, "yes", "no")
    path = tmp_path / "people.csv"
    path.write_text("a,b,said\n" + "".join(f"{a:.4f},{b:.4f},{label}\n" for (a, b), label in zip(X, labels)))
    assert cli.main(["train", "--data", str(path), "--target", "said", "--epochs", "3", "--quiet",
                     "--out", str(tmp_path / "out")]) == 0, capsys.readouterr().err
    model = neuralab.load(tmp_path / "out" / "model.npz")
    assert model.class_names == ("no", "yes")
    # it said "y must hold numbers, got dtype <U3; number the labels 0..K-1 with classes, y = np.unique(..."
    expected = model.evaluate(X, (labels == "yes").astype(int), loss="bce")
    assert model.evaluate(X, labels) == expected
    assert model.evaluate(X, list(labels.astype(object)), loss="bce") == expected
    with pytest.raises(ValueError, match=re.escape(
            "y holds the label 'maybe', which is none of the model's classes 'no', 'yes': fix or drop its "
            "rows, or give y as class indices (class k is model.class_names[k])")):
        model.evaluate(X, np.where(labels == "yes", "maybe", labels))


def test_a_model_built_from_fitted_layers_is_told_to_take_the_network_s_loss(tmp_path):
    # the README's house-price model: Standardize, the fitted network's layers, the inverse; a
    # learner's evaluate(X, y) on it after load was refused with "call fit first", which retrains
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((30, 2)), rng.standard_normal(30)
    net = nn.MLP([2, 4, 1], rng=rng)
    net.fit(X, y, loss="mse", optimizer="adam", epochs=2, verbose=0)
    model = nn.Sequential(nn.Standardize(2), *net.layers, nn.Standardize(1).inverse())
    with pytest.raises(ValueError, match=re.escape("has not been fitted itself: give it the network's, "
                                                   "model.loss = net.loss, before saving it")):
        model.evaluate(X, y)
    model.loss = net.loss
    loaded = neuralab.load(model.save(tmp_path / "house"))
    assert loaded.evaluate(X, y) == model.evaluate(X, y, loss="mse")
