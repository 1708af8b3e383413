"""Classification through fit and evaluate: the loss and the accuracy that fit a model's output
(one class out of K, or K yes/no answers), and the messages for labels given in another form."""
import warnings

import numpy as np
import pytest

from neuralab import data, nn
from neuralab.nn.losses import CrossEntropyLoss
from neuralab.train.metrics import resolve


def _digits(n=300):
    X, y = data.load("digits")
    return X[:n], y[:n]


def _weights(model):
    return [p.data.copy() for p in model.parameters()]


def _unchanged(model, before):
    for a, b in zip(_weights(model), before, strict=True):
        np.testing.assert_array_equal(a, b)


def _fit(model, X, y, **kwargs):
    return model.fit(X, y, **{"optimizer": "adam", "epochs": 1, "verbose": 0, **kwargs})


# -- a Softmax before bce, the mirror of those logits_model refuses -----------------------------
@pytest.mark.parametrize("nested", [False, True])
def test_a_softmax_over_k_outputs_before_bce_is_refused_naming_cross_entropy(nested):
    # digits with one-hot targets reported "accuracy" 0.82 untrained (argmax: 0.087): every one
    # of the 10 outputs counted as a yes/no answer
    X, y = _digits()
    model = nn.MLP([64, 16, 10], output="softmax", rng=np.random.default_rng(0))
    if nested:
        model = nn.Sequential(model.layers[0], nn.Sequential(*model.layers[1:]))
    before = _weights(model)
    for run in (lambda: _fit(model, X, data.one_hot(y, n_classes=10), loss="bce"),
                lambda: model.evaluate(X, data.one_hot(y, n_classes=10), loss=nn.BCELoss())):
        with pytest.raises(ValueError, match=r"ends with a Softmax over its 10 outputs .* BCELoss scores each "
                                             r"output as a yes/no answer .* counts the 9 zeros .* Use "
                                             r"loss='cross_entropy' \(fit trains it on the logits before the "
                                             r"Softmax\); .* end the model with Sigmoid$"):
            run()
    _unchanged(model, before)
    if not nested:   # the loss named: trained on the logits before the Softmax
        _fit(model, X, y, loss="cross_entropy")


def test_a_softmax_over_one_output_before_bce_is_refused_as_always_1():
    X, y = _digits(40)
    model = nn.Sequential(nn.Dense(64, 1), nn.Softmax())
    with pytest.raises(ValueError, match=r"Softmax over one output, which is always 1, .* end the model "
                                         r"with Sigmoid for the probability of class 1"):
        _fit(model, X, y % 2, loss="bce")


def test_bce_on_sigmoid_or_identity_outputs_and_mse_on_a_softmax_are_still_taken():
    X, y = _digits(60)
    multi_label = np.stack([y % 2, y > 4, y == 0], axis=1).astype(float)
    _fit(nn.MLP([64, 8, 3], output="sigmoid"), X, multi_label, loss="bce")
    _fit(nn.MLP([64, 8, 3], output="softmax"), X, data.one_hot(y % 3, n_classes=3), loss="mse")


# -- "accuracy" with bce on K outputs: per-output accuracy ---------------------------------------
def test_accuracy_of_bce_on_k_outputs_against_one_hot_rows_warns_that_it_is_per_output():
    X, y = _digits()
    Y = data.one_hot(y, n_classes=10)
    model = nn.MLP([64, 16, 10], output="sigmoid", rng=np.random.default_rng(0))
    for run in (lambda: _fit(model, X, Y, loss="bce", validation_data=(X, Y)),
                lambda: model.evaluate(X, Y, loss="bce")):
        with pytest.warns(UserWarning, match=r"'accuracy' is binary accuracy: the fraction of the 10 outputs "
                                             r".* one-hot rows, one class per sample, where answering no to "
                                             r"all scores 0\.9\. .* loss='cross_entropy'; "
                                             r"metrics=\['binary_accuracy'\] keeps this number") as caught:
            run()
        assert len(caught) == 1 and caught[0].filename == __file__   # once, at the user's line
    logs = model.evaluate(X, Y, loss="bce", metrics=["binary_accuracy"])   # its own name: no warning
    p = model.predict(X)
    assert logs["binary_accuracy"] == pytest.approx(((p >= 0.5) == (Y > 0.5)).mean())


def test_accuracy_of_multi_label_targets_or_one_output_does_not_warn():
    X, y = _digits(100)
    multi_label = np.stack([y % 2, y > 4, y == 0], axis=1).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = nn.MLP([64, 8, 3], output="sigmoid")
        _fit(model, X, multi_label, loss="bce")
        model.evaluate(X, multi_label)
        _fit(nn.MLP([64, 8, 1], output="sigmoid"), X, (y % 2).reshape(-1, 1), loss="bce")


def test_binary_accuracy_with_cross_entropy_is_refused_naming_accuracy():
    # it thresholded the logits of one class out of K at 0.5, each as a yes/no answer
    with pytest.raises(ValueError, match=r"binary_accuracy scores each output as a yes/no answer .* "
                                         r"cross_entropy's outputs are the logits of one class out of K: "
                                         r"use metrics=\['accuracy'\]"):
        resolve(["binary_accuracy"], CrossEntropyLoss())
    X, y = _digits(60)
    model = nn.MLP([64, 8, 10], output="softmax")
    before = _weights(model)
    with pytest.raises(ValueError, match=r"use metrics=\['accuracy'\]"):
        _fit(model, X, data.one_hot(y, n_classes=10), loss="cross_entropy", metrics=["binary_accuracy"])
    with pytest.raises(ValueError, match=r"use metrics=\['accuracy'\]"):
        model.evaluate(X, y, loss="cross_entropy", metrics="binary_accuracy")
    _unchanged(model, before)


# -- labels in another form --------------------------------------------------------------------
def test_text_labels_are_told_how_to_be_numbered():
    X, y = _digits(60)
    names = np.array(["zero", "one", "two"])[y % 3]
    model = nn.MLP([64, 8, 3])
    with pytest.raises(TypeError, match=r"^y must hold numbers, got dtype <U4; number the labels 0\.\.K-1 "
                                        r"with classes, y = np\.unique\(y, return_inverse=True\) .*"
                                        r"np\.searchsorted\(classes, y_test\)$"):
        _fit(model, X, names, loss="cross_entropy")
    with pytest.raises(TypeError, match=r"y must hold numbers, got dtype object; number the labels"):
        model.evaluate(X, names.astype(object), loss="cross_entropy")
    classes, labels = np.unique(names, return_inverse=True)   # the way given works
    with pytest.raises(TypeError, match=r"^y_val must hold numbers, .* then y_val = "
                                        r"np\.searchsorted\(classes, y_val\)$"):
        _fit(model, X, labels, loss="cross_entropy", validation_data=(X, names))
    _fit(model, X, labels, loss="cross_entropy", validation_data=(X, np.searchsorted(classes, names)))
    assert list(classes[labels]) == list(names)
    with pytest.raises(TypeError, match=r"^y must hold numbers, got dtype object$"):   # no text: no hint
        model.evaluate(X, np.array([None] * 60), loss="cross_entropy")


def test_fit_and_evaluate_pass_on_the_losses_hints_for_labels():
    X, y = _digits(60)
    model = nn.MLP([64, 8, 10], output="sigmoid")
    with pytest.raises(ValueError, match=r"one class label per sample, for 10 outputs\? .* use "
                                         r"loss='cross_entropy'"):
        _fit(model, X, y, loss="bce")
    with pytest.raises(ValueError, match=r"map the labels 1\.\.10 to 0\.\.9 with y - 1$"):
        nn.MLP([64, 8, 10]).evaluate(X, np.arange(60) % 10 + 1, loss="cross_entropy")
    lacking = y[y != 9]
    with pytest.raises(ValueError, match=r"data\.one_hot\(y, n_classes=10\)"):
        _fit(nn.MLP([64, 8, 10]), X[y != 9], data.one_hot(lacking), loss="cross_entropy")



@pytest.mark.parametrize("loss, output", [("bce", "sigmoid"), ("bce_logits", None), ("mse", None)])
def test_two_class_one_hot_rows_for_one_output_are_told_to_take_the_column_of_class_1(loss, output):
    # it said only "target shape (40, 2) does not match prediction shape (40, 1)"
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((40, 2)), rng.integers(0, 2, 40)
    model = nn.MLP([2, 4, 1], output=output)
    before = _weights(model)
    with pytest.raises(ValueError, match=r"target shape \(40, 2\) does not match prediction shape \(40, 1\) "
                                         r"\(one-hot rows of two classes for one output\? it takes the column of "
                                         r"class 1, y\[:, 1\]"):
        _fit(model, X, data.one_hot(y), loss=loss)
    _unchanged(model, before)
    Y = data.one_hot(y)
    assert np.array_equal(Y[:, 1], y)                  # the advice: class 1's column is the label
    _fit(model, X, Y[:, 1], loss=loss)


class TemperedSoftmax(nn.Softmax):
    """softmax(z / T): a Softmax with a function of its own."""

    def __init__(self, T=2.0):
        super().__init__()
        self.T = T

    def config(self):
        return {"T": self.T}

    def function(self, z):
        return super().function(np.asarray(z) / self.T)

    def derivative(self, z):
        raise NotImplementedError  # never reached: fit refuses before any pass


def test_a_softmax_of_your_own_before_cross_entropy_is_refused_not_replaced_by_the_plain_one():
    # isinstance(last, Softmax) held, so fit stripped it and trained softmax(z), not softmax(z / T)
    X, y = data.load("iris")
    model = nn.Sequential(nn.Dense(4, 3), TemperedSoftmax())
    before = [p.data.copy() for p in model.parameters()]
    for call in (lambda: model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0),
                 lambda: model.evaluate(X, y, loss="cross_entropy")):
        with pytest.raises(ValueError, match=r"ends with TemperedSoftmax, a Softmax with a function of its "
                                             r"own.*plain softmax"):
            call()
    for p, b in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.data, b)


class SharpenedSigmoid(nn.Sigmoid):
    """σ(5z), by a forward of its own."""

    def forward(self, x, training=False):
        return super().forward(5 * np.asarray(x), training)


def test_a_sigmoid_with_a_forward_of_its_own_before_bce_logits_is_refused_too():
    X, y = data.load("moons", n_samples=40, seed=0)
    model = nn.Sequential(nn.Dense(2, 1), SharpenedSigmoid())
    with pytest.raises(ValueError, match=r"ends with SharpenedSigmoid, a Sigmoid with a function of its own"):
        model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0)
