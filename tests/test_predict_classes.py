"""model.predict_classes: the class of each row, read from the outputs as accuracy reads them."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn


def _trained_for_classes(output, loss, ds, seed=0):
    sizes = [ds.X.shape[1], 8, 1 if output in ("sigmoid", "identity") and loss != "cross_entropy"
             else len(ds.class_names)]
    model = nn.MLP(sizes, activation="tanh", output=output, rng=seed)
    if loss == "mse":   # a softmax trained on one-hot rows, as the course's first classifiers are
        model.fit(ds.X, data.one_hot(ds.y, sizes[-1]), loss=loss, optimizer="adam", epochs=5, verbose=0,
                  seed=seed)
        model.class_names = ds.class_names
    else:
        model.fit(ds, loss=loss, optimizer="adam", epochs=5, verbose=0, seed=seed)
    return model


@pytest.mark.parametrize("output, loss", [("sigmoid", "bce"), ("sigmoid", "bce_logits"),
                                          ("identity", "bce_logits")])
def test_a_binary_model_is_read_at_its_boundary_not_by_argmax(output, loss):
    # the README's np.array(model.class_names)[model.predict(X).argmax(1)] named every row of a
    # one-output model class 0
    ds = data.load("moons", n_samples=200, seed=1)
    model = _trained_for_classes(output, loss, ds)
    out = model.predict(ds.X)[:, 0]
    index = (out >= (0.5 if output == "sigmoid" else 0.0)).astype(int)
    assert 0 < index.sum() < len(index)  # both classes predicted: argmax would give all 0
    names = model.predict_classes(ds.X)
    np.testing.assert_array_equal(names, np.asarray(model.class_names)[index])
    assert np.mean(names == np.asarray(model.class_names)[ds.y.astype(int)]) == pytest.approx(
        model.evaluate(ds)["accuracy"])


@pytest.mark.parametrize("output, loss", [("softmax", "cross_entropy"), ("identity", "cross_entropy"),
                                          ("softmax", "mse")])
def test_a_model_of_k_outputs_is_read_by_argmax(output, loss):
    ds = data.load("iris")
    model = _trained_for_classes(output, loss, ds)
    names = model.predict_classes(ds.X)
    np.testing.assert_array_equal(names, np.asarray(ds.class_names)[model.predict(ds.X).argmax(1)])
    assert set(names) <= set(ds.class_names)


def test_without_class_names_it_gives_indices_and_a_loaded_model_gives_the_same(tmp_path):
    X, y = data.load("xor", n_samples=64, seed=0)
    model = nn.MLP([2, 8, 1], activation="tanh", output="sigmoid", rng=0)
    model.fit(X, y, loss="bce", optimizer="adam", epochs=3, verbose=0)
    index = model.predict_classes(X)
    assert index.dtype == np.int64 and index.shape == (64,)
    np.testing.assert_array_equal(index, (model.predict(X)[:, 0] >= 0.5).astype(int))
    ds = data.load("iris")
    named = _trained_for_classes("softmax", "cross_entropy", ds)
    loaded = neuralab.load(named.save(tmp_path / "iris"))
    np.testing.assert_array_equal(loaded.predict_classes(ds.X), named.predict_classes(ds.X))


def test_what_is_no_classifier_is_refused_with_the_way():
    X, y = data.load("sine", n_samples=32, seed=0)
    regression = nn.MLP([1, 4, 1], rng=0)
    regression.fit(X, y, loss="mse", optimizer="sgd", epochs=1, verbose=0)
    with pytest.raises(ValueError, match="is for classifiers: this model ends with Dense and was trained "
                                         "with mse.*nn.Softmax"):
        regression.predict_classes(X)
    multi_label = nn.MLP([2, 4, 3], output="sigmoid", rng=0)
    with pytest.raises(ValueError, match=r"3 sigmoid outputs answer yes or no each.*model.predict\(X\) >= 0.5"):
        multi_label.predict_classes(np.zeros((2, 2)))
    with pytest.raises(TypeError, match=r"predict_classes needs X, the samples as rows.*model.predict_classes\(X\)"):
        multi_label.predict_classes()
    with pytest.raises(TypeError, match="unexpected keyword argument 'threshold'"):
        multi_label.predict_classes(np.zeros((2, 2)), threshold=0.3)
