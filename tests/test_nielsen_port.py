"""Nielsen's network.py and network2.py (Neural Networks and Deep Learning) as a reader of the
book ports them: the same steps for his η and λ, his initialisers by name, his "Epoch 0: 9129 /
10000", and his names and column vectors answered with the way here."""
import functools

import numpy as np
import pytest

import neuralab
from neuralab import nn, optim, train


def _sigmoid(z):
    return 0.5 * (1 + np.tanh(z / 2))   # σ(z) without overflow for large |z|


def _nielsen_sgd(weights, biases, X, Y, eta, lmbda, cost, epochs, mini_batch_size):
    """network2.py's SGD without shuffling: per sample column vectors, backprop, then
    w -> (1 - η λ/n) w - (η/m) Σ nabla_w and b -> b - (η/m) Σ nabla_b."""
    weights, biases, n = [w.copy() for w in weights], [b.copy() for b in biases], len(X)
    for _ in range(epochs):
        for k in range(0, n, mini_batch_size):
            nabla_w = [np.zeros_like(w) for w in weights]
            nabla_b = [np.zeros_like(b) for b in biases]
            for x, y in zip(X[k:k + mini_batch_size], Y[k:k + mini_batch_size]):
                activations = [x.reshape(-1, 1)]
                for w, b in zip(weights, biases):
                    activations.append(_sigmoid(w @ activations[-1] + b))
                a = activations[-1]
                delta = a - y.reshape(-1, 1)   # CrossEntropyCost.delta
                if cost == "mse":              # QuadraticCost.delta: (a - y) σ'(z)
                    delta = delta * a * (1 - a)
                for layer in range(len(weights) - 1, -1, -1):
                    nabla_b[layer] += delta
                    nabla_w[layer] += delta @ activations[layer].T
                    a_prev = activations[layer]
                    delta = (weights[layer].T @ delta) * a_prev * (1 - a_prev)
            weights = [(1 - eta * lmbda / n) * w - eta / mini_batch_size * nw for w, nw in zip(weights, nabla_w)]
            biases = [b - eta / mini_batch_size * nb for b, nb in zip(biases, nabla_b)]
    return weights, biases


@pytest.mark.parametrize("cost, eta, lmbda", [("mse", 3.0, 0.0), ("bce", 0.5, 5.0), ("mse", 0.5, 5.0)])
def test_nielsens_eta_and_lambda_take_the_same_steps_as_lr_c_eta_and_l2_lambda_over_c_n(float64, cost, eta, lmbda):
    # his costs sum over the K outputs where MSELoss and BCELoss take their mean: c = K/2 for the
    # quadratic cost (½‖a − y‖²), K for the cross-entropy; the hints and the docs page say so
    rng = np.random.default_rng(1)
    n, sizes = 60, [8, 5, 4]
    X = rng.random((n, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    weights = [rng.standard_normal((b, a)) / np.sqrt(a) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal((b, 1)) for b in sizes[1:]]
    expected_w, expected_b = _nielsen_sgd(weights, biases, X, Y, eta, lmbda, cost, epochs=2, mini_batch_size=10)

    c = sizes[-1] / 2 if cost == "mse" else sizes[-1]
    model = nn.MLP(sizes, activation="sigmoid", output="sigmoid")
    dense = model.layers[::2]
    for layer, w, b in zip(dense, weights, biases):
        layer.weight.data[...], layer.bias.data[...] = w, b.ravel()
    model.fit(X, Y, loss=cost, optimizer=optim.SGD(model.parameters(), lr=c * eta), epochs=2, batch_size=10,
              shuffle=False, verbose=0, metrics=[], penalty=train.L2(lmbda / (c * n)))
    for layer, w, b in zip(dense, expected_w, expected_b):
        np.testing.assert_allclose(layer.weight.data, w, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(layer.bias.data, b.ravel(), rtol=1e-10, atol=1e-12)


# -- his initialisers ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["lecun_normal", "lecun_uniform"])
def test_lecun_initialisers_draw_variance_one_over_fan_in_as_nielsens_default_does(name):
    W = nn.Dense(400, 300, init=name, rng=0).weight.data
    assert W.shape == (300, 400) and W.dtype == neuralab.get_default_dtype()
    assert abs(W.mean()) < 0.002 and W.var() == pytest.approx(1 / 400, rel=0.03)
    if name == "lecun_uniform":   # U(-a, a) with a = sqrt(3 / fan_in)
        assert np.abs(W).max() <= np.sqrt(3 / 400) and np.abs(W).max() > 0.99 * np.sqrt(3 / 400)


def test_lecun_normal_is_nielsens_randn_over_sqrt_n_in():
    drawn = nn.init.lecun_normal((30, 784), rng=np.random.default_rng(5))
    nielsen = np.random.default_rng(5).normal(0.0, 1.0, (30, 784)) / np.sqrt(784)
    np.testing.assert_allclose(drawn, nielsen.astype(drawn.dtype), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name, way", [
    ("randn", "functools.partial(nn.init.normal, std=1.0)"),
    ("large_weight_initializer", "functools.partial(nn.init.normal, std=1.0)"),
    ("default_weight_initializer", "init='lecun_normal'"),
])
def test_numpys_and_nielsens_init_names_get_the_init_that_draws_the_same(name, way):
    with pytest.raises(ValueError, match=r"^unknown init") as refused:
        nn.MLP([784, 30, 10], init=name)
    assert way in str(refused.value)


def test_the_advised_standard_normal_draws_nielsens_large_weights():
    neuralab.seed(0)
    W = nn.Dense(784, 30, init=functools.partial(nn.init.normal, std=1.0)).weight.data
    assert W.std() == pytest.approx(1.0, rel=0.02)


# -- "Epoch 0: 9129 / 10000" --------------------------------------------------------------------
def _digits_like(rng, n, k=4, features=6):
    y = rng.integers(0, k, n)
    X = rng.normal(0, 0.3, (n, features))
    X[np.arange(n), y] += 2.0   # each class lights its own input
    return X, y


def test_correct_count_prints_and_records_nielsens_count_each_epoch(capsys):
    rng = np.random.default_rng(0)
    X, y = _digits_like(rng, 120)
    X_test, y_test = _digits_like(rng, 50)
    neuralab.seed(0)
    model = nn.MLP([6, 8, 4], activation="sigmoid", output="sigmoid", init="lecun_normal")
    counted, after_each = train.CorrectCount(X_test, y_test), []
    record = train.LambdaCallback(on_epoch_end=lambda epoch, logs: after_each.append(
        int(np.sum(model.predict(X_test).argmax(axis=1) == y_test))))
    history = model.fit(X, np.eye(4)[y], loss="mse", optimizer=optim.SGD(model.parameters(), lr=6.0), epochs=3,
                        batch_size=10, verbose=0, callbacks=[counted, record])
    assert history.history["test_correct"] == after_each
    assert capsys.readouterr().out.splitlines() == [f"Epoch {k}: {c} / 50" for k, c in enumerate(after_each)]
    assert after_each[-1] > 25   # it learns: more than chance (12 of 50)


def test_correct_count_takes_one_hot_rows_as_their_classes_and_can_stay_quiet(capsys):
    rng = np.random.default_rng(1)
    X, y = _digits_like(rng, 40)
    model = nn.MLP([6, 4], output="sigmoid", rng=0)
    labels, one_hot = train.CorrectCount(X, y, verbose=False), train.CorrectCount(X, np.eye(4)[y], name="training")
    history = model.fit(X, np.eye(4)[y], loss="bce", optimizer="sgd", epochs=2, verbose=0, metrics=[],
                        callbacks=[labels, one_hot])
    assert history.history["test_correct"] == history.history["training_correct"]
    assert len(capsys.readouterr().out.splitlines()) == 2   # the quiet one printed nothing


@pytest.mark.parametrize("make, message", [
    (lambda X: train.CorrectCount(X, [0, 1]), "one class per row of X"),
    (lambda X: train.CorrectCount(X[:, 0], [0, 1, 2]), "must have 2 dimensions"),
    (lambda X: train.CorrectCount(X, [0, 1, 2], name=""), "name must be a word"),
])
def test_correct_count_refuses_data_that_is_not_labelled_rows(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make(np.ones((3, 2)))


@pytest.mark.parametrize("outputs, labels, message", [
    (1, [0, 1, 1], "this model gives 1: give it one output per class"),
    (2, [0, 1, 2], r"labels must be in 0\.\.1"),
])
def test_correct_count_refuses_a_model_it_cannot_count_before_any_update(outputs, labels, message):
    X = np.eye(3)
    model = nn.MLP([3, outputs], output="sigmoid", rng=0)
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=message):
        model.fit(X, np.zeros((3, outputs)), loss="mse", optimizer=optim.SGD(model.parameters(), lr=1.0),
                  epochs=1, verbose=0, callbacks=[train.CorrectCount(X, labels)])
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))


# -- his names and his column vectors -------------------------------------------------------------
@pytest.mark.parametrize("name, way", [
    ("SGD", "model.fit(X, Y, loss='mse'"), ("SGD", "train.CorrectCount(X_test, y_test)"),
    ("feedforward", "model(X)"), ("backprop", "model.backward(loss.backward())"),
    ("update_mini_batch", "optimizer.step()"), ("biases", "model.parameters()"), ("sizes", "nn.MLP([784, 30, 10])"),
])
def test_nielsens_network_names_are_answered_with_the_way_here(name, way):
    with pytest.raises(AttributeError) as refused:
        getattr(nn.MLP([784, 30, 10], activation="sigmoid", output="sigmoid"), name)
    assert way in str(refused.value)


@pytest.mark.parametrize("make, way", [
    (lambda params: optim.SGD(params, eta=3.0), "lr = c·η, c = K/2 with loss='mse' and K with 'bce'"),
    (lambda params: optim.SGD(params, lr=0.5, lmbda=5.0), "L2(λ / (n·K)) with loss='bce'"),
    (lambda params: train.L2(lmbda=5.0), "L2(2λ / (n·K)) with 'mse'"),
])
def test_nielsens_eta_and_lmbda_keywords_name_lr_and_l2_in_his_units(make, way):
    with pytest.raises(TypeError, match="unexpected keyword argument") as refused:
        make(nn.Dense(2, 2).parameters())
    assert way in str(refused.value)


def test_fit_names_the_penalty_for_nielsens_lmbda():
    model = nn.MLP([2, 2], output="sigmoid")
    with pytest.raises(TypeError, match="penalty=train.L2") as refused:
        model.fit(np.eye(2), np.eye(2), loss="mse", optimizer="sgd", epochs=1, verbose=0, lmbda=5.0)
    assert "Nielsen's (λ/2n) Σ w²" in str(refused.value)


def test_a_sample_as_nielsens_column_vector_is_told_to_be_a_row():
    model = nn.MLP([784, 30, 10], activation="sigmoid", output="sigmoid")
    x = np.zeros((784, 1))
    with pytest.raises(ValueError, match=r"got \(784, 1\) \(one sample as a column\? samples are rows here: "
                                         r"x\.T, shape \(1, 784\)\)"):
        model.forward(x)
    assert model(x.T).shape == (1, 10)   # the advice, followed, works


@pytest.mark.parametrize("name, way", [("QuadraticCost", "loss='mse'"), ("quadratic", "his cost is K/2 times it"),
                                       ("CrossEntropyCost", "loss='bce'"), ("cross_entropy_cost", "K · η")])
def test_nielsens_cost_names_get_the_loss_and_its_scale(name, way):
    model = nn.MLP([2, 2], output="sigmoid")
    with pytest.raises(ValueError, match=rf"^unknown loss '{name}': Nielsen's") as refused:
        model.fit(np.eye(2), np.eye(2), loss=name, optimizer="sgd", epochs=1, verbose=0)
    assert way in str(refused.value)
    if name[0].isupper():   # network2.QuadraticCost, looked up in nn
        with pytest.raises(AttributeError, match=f"neuralab.nn has no {name}: Nielsen's {name}"):
            getattr(nn, name)
