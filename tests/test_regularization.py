"""L1/L2 penalties: values and gradients against PyTorch, which parameters count, and fit."""
import numpy as np
import pytest
import torch

from neuralab import nn, optim
from neuralab.train import L1, L2, Callback


def _model(seed=0):
    return nn.MLP([4, 6, 5, 2], activation="tanh", rng=np.random.default_rng(seed))


@pytest.mark.parametrize("penalty_cls", [L1, L2])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_value_and_gradient_equal_torch(float64, penalty_cls, seed):
    model = _model(seed)
    rate = 0.37
    penalty = penalty_cls(rate)
    weights = [torch.tensor(layer.weight.data, requires_grad=True) for layer in model.layers
               if isinstance(layer, nn.Dense)]
    if penalty_cls is L2:
        expected = rate / 2 * sum((w ** 2).sum() for w in weights)
    else:
        expected = rate * sum(w.abs().sum() for w in weights)
    expected.backward()
    assert penalty.value(model) == pytest.approx(expected.item(), rel=1e-12)
    penalty.add_grad(model)
    dense = [layer for layer in model.layers if isinstance(layer, nn.Dense)]
    for layer, w in zip(dense, weights):
        np.testing.assert_allclose(layer.weight.grad, w.grad.numpy(), rtol=1e-12)
        assert not layer.bias.grad.any()  # biases are never penalised unless asked


@pytest.mark.parametrize("penalty_cls", [L1, L2])
def test_the_value_of_a_float32_model_is_a_python_float(penalty_cls):
    # NumPy 2 keeps float32 in float32 + a Python float: a float32 value would round the
    # reported loss it is added to
    model = _model()
    assert model.layers[0].weight.data.dtype == np.float32
    weights = [layer.weight.data.astype(np.float64) for layer in model.layers if isinstance(layer, nn.Dense)]
    expected = (0.37 * sum(np.abs(w).sum() for w in weights) if penalty_cls is L1 else
                0.37 / 2 * sum((w ** 2).sum() for w in weights))
    value = penalty_cls(0.37).value(model)
    assert type(value) is float and value == pytest.approx(expected, rel=1e-6)


def test_bias_only_when_asked_and_chosen_layers_only():
    model = _model()
    first = model.layers[0]
    assert L2(1.0).parameters(model) == [layer.weight for layer in model.layers if isinstance(layer, nn.Dense)]
    assert L2(1.0, layers=[first]).parameters(model) == [first.weight]
    assert L2(1.0, layers=first, include_bias=True).parameters(model) == [first.weight, first.bias]


def test_a_penalty_prints_what_it_penalises():
    # it printed L2(0.01) for L2(0.01, layers=[...], include_bias=True) too, which penalises another set
    model = _model()
    assert repr(L2(0.01)) == "L2(0.01)" and repr(L1(1e-4)) == "L1(0.0001)"
    assert repr(L1(0.5, layers=model.layers[0], include_bias=True)) == \
        f"L1(0.5, layers=[{model.layers[0]!r}], include_bias=True)"
    assert repr([L2(0.1, include_bias=True)]) == "[L2(0.1, include_bias=True)]"


def test_l2_penalty_equals_sgd_weight_decay():
    """With plain SGD, adding (λ/2)‖W‖² to the loss is exactly weight_decay=λ on the weights."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((40, 4)), rng.integers(0, 2, 40)
    a, b = _model(3), _model(3)
    a.fit(X, y, loss="cross_entropy", optimizer=optim.SGD(a.parameters(), lr=0.1), epochs=3,
          batch_size=8, penalty=L2(0.05), seed=0, verbose=0)
    weights = [p for name, p in b.named_parameters() if name.endswith("weight")]
    biases = [p for name, p in b.named_parameters() if name.endswith("bias")]
    decay, plain = optim.SGD(weights, lr=0.1, weight_decay=0.05), optim.SGD(biases, lr=0.1)
    loss, order_rng = nn.CrossEntropyLoss(), np.random.default_rng(0)
    for _ in range(3):
        order = order_rng.permutation(40)
        for start in range(0, 40, 8):
            idx = order[start:start + 8]
            loss(b.forward(X[idx], training=True), y[idx])
            b.backward(loss.backward())
            decay.step()
            plain.step()
            b.zero_grad()
    for pa, pb in zip(a.parameters(), b.parameters()):
        np.testing.assert_allclose(pa.data, pb.data, rtol=1e-5, atol=1e-7)


def test_fit_reports_the_penalised_loss():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((16, 4)), rng.integers(0, 2, 16)
    model = _model()
    before = nn.CrossEntropyLoss()(model.predict(X), y) + L1(0.5).value(model)
    history = model.fit(X, y, loss="cross_entropy", optimizer=optim.SGD(model.parameters(), lr=0.0),
                        epochs=1, batch_size="full", penalty=L1(0.5), verbose=0)
    assert history.history["loss"][0] == pytest.approx(before, rel=1e-5)
    # its part, so that loss - penalty is the data loss, as val_loss is (they compared unlike before)
    assert history.history["penalty"][0] == pytest.approx(L1(0.5).value(model), rel=1e-6)


def test_the_penalty_is_logged_with_each_epoch_and_only_with_a_penalty():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((40, 4)), rng.integers(0, 2, 40)
    model = _model()
    history = model.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=3, batch_size=8, penalty=L2(0.1),
                        validation_data=(X, y), verbose=0, seed=0)
    assert len(history.history["penalty"]) == 3 and all(p > 0 for p in history.history["penalty"])
    data_loss = np.subtract(history.history["loss"], history.history["penalty"])
    assert (data_loss > 0).all() and (data_loss < history.history["loss"]).all()
    assert "penalty" not in _model().fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0).history
    # the loss curve's train line is that data loss, as the validation line beside it is
    from neuralab.train import plots
    line = plots.loss_curves(history).axes[0].get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), data_loss)
    assert line.get_label() == "train, penalty aside"


class _H8LoggedKeys(Callback):
    """Records what fit tells the callbacks it logs, and what each epoch's logs hold."""

    def on_train_begin(self, logs=None):
        self.logged, self.keys = list(self.params["logged"]), []

    def on_epoch_end(self, epoch, logs=None):
        self.keys.append(list(logs))


def test_the_callbacks_are_told_the_penalty_is_logged():
    # params["logged"] is the keys of each epoch's logs: a callback laying out its columns (or a
    # checkpoint's "{penalty}" in its path, checked before training) reads it
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((24, 4)), rng.integers(0, 2, 24)
    watch = _H8LoggedKeys()
    _model().fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=2, batch_size=8, metrics=["accuracy"],
                 penalty=[L1(0.01), L2(0.1)], validation_data=(X, y), verbose=0, callbacks=[watch])
    assert watch.keys == [watch.logged] * 2 and "penalty" in watch.logged and "val_penalty" not in watch.logged


def test_l1_drives_weights_to_zero():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((200, 10))
    y = X[:, :1] * 2.0  # only the first feature matters
    model = nn.Sequential(nn.Dense(10, 1, rng=rng))
    model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.05), epochs=60,
              batch_size=20, penalty=L1(0.05), verbose=0)
    w = model.layers[0].weight.data[0]
    assert abs(w[0]) > 1.5 and np.all(np.abs(w[1:]) < 0.05)


@pytest.mark.parametrize("rate", [-1.0, float("nan"), float("inf"), "0.1", None, True])
def test_bad_rate(rate):
    with pytest.raises(ValueError, match="rate"):
        L2(rate)


def test_bad_layers_and_bad_penalty_in_fit():
    with pytest.raises(TypeError, match="layers"):
        L1(0.1, layers=["dense"])
    model = _model()
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(TypeError, match="penalty"):
        model.fit(np.zeros((4, 4)), np.zeros(4, int), loss="cross_entropy", optimizer="sgd", epochs=1,
                  penalty="l2", verbose=0)
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))


class _TwoPaths(nn.Layer):
    """A learner's layer: z = x W1ᵀ + x W2ᵀ + b, its two weights kept in a list."""

    regularized = ("weights",)

    def __init__(self, n_in=4, n_out=2, seed=0):
        rng = np.random.default_rng(seed)
        self.weights = [nn.Parameter(rng.standard_normal((n_out, n_in))),
                        nn.Parameter(rng.standard_normal((n_out, n_in)))]
        self.bias = nn.Parameter(rng.standard_normal(n_out))

    def forward(self, x, training=False):
        self.a_prev = x
        return x @ (self.weights[0].data + self.weights[1].data).T + self.bias.data

    def backward(self, grad_out):
        for w in self.weights:
            w.grad += grad_out.T @ self.a_prev
        self.bias.grad += grad_out.sum(axis=0)
        return grad_out @ (self.weights[0].data + self.weights[1].data)


def test_regularized_may_name_a_list_of_parameters_each_penalised(float64):
    # fit crashed: AttributeError: 'list' object has no attribute 'data'
    from neuralab.train.monitor import Monitor
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((10, 4)), rng.standard_normal((10, 2))
    layer = _TwoPaths()
    w1, w2 = layer.weights
    assert L2(1.0).parameters(layer) == [w1, w2]
    assert L2(1.0, include_bias=True).parameters(layer) == [w1, w2, layer.bias]
    assert L2(0.3).value(layer) == pytest.approx(0.15 * ((w1.data ** 2).sum() + (w2.data ** 2).sum()))
    # one full-batch SGD step: the penalty adds λW to each weight's gradient, nothing to the bias's
    plain, penalised = nn.Sequential(_TwoPaths()), nn.Sequential(_TwoPaths())
    start = [p.data.copy() for p in plain.parameters()]
    for model, penalty in ((plain, None), (penalised, L2(0.5))):
        model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
                  batch_size="full", penalty=penalty, callbacks=[Monitor(every=1)], verbose=0)
    for w0, a, b in zip(start, plain.parameters(), penalised.parameters()):
        expected = 0.1 * 0.5 * w0 if w0.ndim == 2 else 0 * w0
        np.testing.assert_allclose(a.data - b.data, expected, rtol=1e-12, atol=1e-15)


class _Gain(nn.Layer):
    """a = x · g: its ``regularized`` set as the test needs."""

    def __init__(self):
        self.g, self.scale, self.pair = nn.Parameter(np.ones(3)), 2.0, [nn.Parameter(np.ones(3)), "w"]

    def forward(self, x, training=False):
        return x * self.g.data


@pytest.mark.parametrize("regularized, error, message", [
    (("scale",), TypeError, "_Gain.regularized names 'scale', which holds a float: L1/L2 penalise Parameters"),
    (("pair",), TypeError, "_Gain.regularized names 'pair', which holds a list holding a str"),
    (("gain",), AttributeError, "_Gain.regularized names 'gain', which the layer has no attribute of"),
    ("g", TypeError, r"_Gain.regularized must be a tuple of attribute names, such as \('weight',\), got 'g'"),
])
def test_regularized_naming_anything_but_parameters_is_refused_naming_the_layer_and_attribute(
        monkeypatch, regularized, error, message):
    monkeypatch.setattr(_Gain, "regularized", regularized, raising=False)
    layer = _Gain()
    with pytest.raises(error, match=message):
        L1(0.1).value(layer)
    monkeypatch.setattr(_Gain, "regularized", ("g",))
    assert L1(0.1).parameters(layer) == [layer.g]


def test_a_bad_regularized_is_refused_by_fit_before_training_starts(monkeypatch):
    # fit finds the penalised parameters once, before any callback or update
    monkeypatch.setattr(_Gain, "regularized", ("scale",), raising=False)
    model = nn.Sequential(_Gain(), nn.Dense(3, 1))
    before = [p.data.copy() for p in model.parameters()]
    began = []

    class Began(Callback):
        def on_train_begin(self, logs=None):
            began.append(True)

    with pytest.raises(TypeError, match="_Gain.regularized names 'scale'"):
        model.fit(np.ones((4, 3)), np.ones(4), loss="mse", optimizer="sgd", epochs=1, verbose=0,
                  penalty=L2(0.1), callbacks=[Began()])
    assert began == []
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))
    assert all(not p.grad.any() for p in model.parameters())


def test_include_bias_counts_a_bias_the_layer_lists_itself_once(monkeypatch):
    layer = _TwoPaths()
    monkeypatch.setattr(_TwoPaths, "regularized", ("weights", "bias"))
    assert L2(1.0, include_bias=True).parameters(layer) == [*layer.weights, layer.bias]
    # the value and gradient of a parameter listed once: (λ/2)·Σb² and λ·b
    only_bias = L2(2.0, layers=layer, include_bias=True)
    monkeypatch.setattr(_TwoPaths, "regularized", ("bias",))
    assert only_bias.value(layer) == pytest.approx((layer.bias.data ** 2).sum())
    only_bias.add_grad(layer)
    np.testing.assert_array_equal(layer.bias.grad, 2.0 * layer.bias.data)
