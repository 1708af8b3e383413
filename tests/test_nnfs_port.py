""""Neural Networks from Scratch in Python" (Kinsley & Kukieła, the nnfs book) as its reader ports
it: the book's training loop, written here from its equations in float64 (weights (n_inputs,
n_neurons), the fused softmax and cross-entropy backward, L2 as λ Σ w² on one layer, inverted
dropout with rate the share dropped, Adam with ε = 1e-7 and decay lr / (1 + decay·t)), takes the
same steps as fit with the settings docs/coming-from-nnfs.md gives; and the book's names are
answered with the way here."""
import re

import numpy as np
import pytest

from neuralab import nn, optim, train


def _book_spiral(samples, classes, rng):
    """The book's spiral: per class k, r = linspace(0, 1), t = linspace(4k, 4(k + 1)) + 0.2·randn,
    x = (r sin 2.5t, r cos 2.5t); the classes in blocks."""
    X, y = np.zeros((samples * classes, 2)), np.repeat(np.arange(classes), samples)
    for k in range(classes):
        r = np.linspace(0.0, 1.0, samples)
        t = np.linspace(4 * k, 4 * (k + 1), samples) + 0.2 * rng.standard_normal(samples)
        X[k * samples:(k + 1) * samples] = np.column_stack([r * np.sin(2.5 * t), r * np.cos(2.5 * t)])
    return X, y


def _book_training(W1, W2, X, y, epochs, lr, decay, l2, rate, dropout_rng):
    """The book's loop in the (n_inputs, n_neurons) layout: forward, the fused backward, L2 on the
    first layer's weights and biases (2λw in the gradient), Adam with its decayed lr."""
    params = {"W1": W1.copy(), "b1": np.zeros((1, W1.shape[1])), "W2": W2.copy(), "b2": np.zeros((1, W2.shape[1]))}
    m1, v1 = {k: np.zeros_like(p) for k, p in params.items()}, {k: np.zeros_like(p) for k, p in params.items()}
    Y, n = np.eye(W2.shape[1])[y], len(X)
    for t in range(epochs):
        z1 = X @ params["W1"] + params["b1"]
        a1 = np.maximum(z1, 0)
        mask = (dropout_rng.random(a1.shape) >= rate) / (1 - rate) if rate else 1.0
        d1 = a1 * mask
        z2 = d1 @ params["W2"] + params["b2"]
        p = np.exp(z2 - z2.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        dz2 = (p - Y) / n                                    # the combined softmax and loss backward
        dd1 = dz2 @ params["W2"].T
        dz1 = dd1 * mask * (z1 > 0)
        grads = {"W2": d1.T @ dz2, "b2": dz2.sum(axis=0, keepdims=True),
                 "W1": X.T @ dz1 + 2 * l2 * params["W1"], "b1": dz1.sum(axis=0, keepdims=True) + 2 * l2 * params["b1"]}
        current_lr = lr / (1 + decay * t)                    # pre_update_params
        for k, g in grads.items():
            m1[k] = 0.9 * m1[k] + 0.1 * g
            v1[k] = 0.999 * v1[k] + 0.001 * g ** 2
            m_hat, v_hat = m1[k] / (1 - 0.9 ** (t + 1)), v1[k] / (1 - 0.999 ** (t + 1))
            params[k] -= current_lr * m_hat / (np.sqrt(v_hat) + 1e-7)
    return params


@pytest.mark.parametrize("l2, rate, lr, decay", [(0.0, 0.0, 0.05, 5e-7), (5e-4, 0.0, 0.02, 5e-7),
                                                 (5e-4, 0.1, 0.05, 5e-5), (0.0, 0.0, 0.05, 0.05)])
def test_the_books_spiral_loop_and_fit_take_the_same_steps(float64, l2, rate, lr, decay):
    # chapters 10, 14 and 15: Adam(learning_rate, decay) is Adam(eps=1e-7) with LambdaLR stepped per
    # update, weight_regularizer_l2=λ and bias_regularizer_l2=λ are L2(2λ, include_bias=True) on that
    # layer, Layer_Dropout(rate) is Dropout(rate); decay=0.05 makes a schedule error visible
    rng = np.random.default_rng(0)
    X, y = _book_spiral(30, 3, rng)
    W1, W2 = 0.01 * rng.standard_normal((2, 16)), 0.01 * rng.standard_normal((16, 3))
    epochs = 40
    expected = _book_training(W1, W2, X, y, epochs, lr, decay, l2, rate, np.random.default_rng(7))

    dense1, dense2 = nn.Dense(2, 16), nn.Dense(16, 3)
    dense1.weight.data[...], dense2.weight.data[...] = W1.T, W2.T      # the book's weights, transposed
    layers = [dense1, nn.ReLU(), *([nn.Dropout(rate, rng=7)] if rate else []), dense2, nn.Softmax()]
    model = nn.Sequential(*layers)
    opt = optim.Adam(model.parameters(), lr=lr, eps=1e-7)
    scheduler = optim.LambdaLR(opt, lambda t: 1 / (1 + decay * t))
    penalty = train.L2(2 * l2, layers=[dense1], include_bias=True) if l2 else None
    history = model.fit(X, y, loss="cross_entropy", optimizer=opt, epochs=epochs, batch_size=len(X), verbose=0,
                        shuffle=False, penalty=penalty, callbacks=[train.LearningRateScheduler(scheduler, per="batch")])
    for name, got in (("W1", dense1.weight.data.T), ("b1", dense1.bias.data), ("W2", dense2.weight.data.T),
                      ("b2", dense2.bias.data)):
        np.testing.assert_allclose(got, expected[name].reshape(got.shape), rtol=1e-10, atol=1e-12, err_msg=name)
    assert history.history["lr"][-1] == pytest.approx(lr / (1 + decay * (epochs - 1)), rel=1e-12)


def test_a_wrong_decay_order_would_fail_the_comparison(float64):
    # the schedule the book uses sets update t's lr from t = 0: starting from t = 1 is another run
    rng = np.random.default_rng(0)
    X, y = _book_spiral(20, 3, rng)
    W1, W2 = 0.01 * rng.standard_normal((2, 8)), 0.01 * rng.standard_normal((8, 3))
    expected = _book_training(W1, W2, X, y, 10, 0.05, 0.5, 0.0, 0.0, None)
    dense1, dense2 = nn.Dense(2, 8), nn.Dense(8, 3)
    dense1.weight.data[...], dense2.weight.data[...] = W1.T, W2.T
    model = nn.Sequential(dense1, nn.ReLU(), dense2)
    opt = optim.Adam(model.parameters(), lr=0.05, eps=1e-7)
    late = optim.LambdaLR(opt, lambda t: 1 / (1 + 0.5 * (t + 1)))
    model.fit(X, y, loss="cross_entropy", optimizer=opt, epochs=10, batch_size=len(X), verbose=0,
              callbacks=[train.LearningRateScheduler(late, per="batch")])
    assert not np.allclose(dense1.weight.data.T, expected["W1"], rtol=1e-6)


def test_the_books_decay_is_inverse_time_decay_of_the_update():
    f = optim.inverse_time_decay(0.05, 5e-7)
    assert [f(t) for t in (0, 1, 10_000)] == [0.05, 0.05 / (1 + 5e-7), 0.05 / (1 + 5e-7 * 10_000)]
    stairs = optim.inverse_time_decay(1.0, 0.5, decay_steps=10, staircase=True)    # Ng's scheduled decay
    assert [stairs(t) for t in (0, 9, 10, 25)] == [1.0, 1.0, 1 / 1.5, 1 / 2.0]


@pytest.mark.parametrize("call, error, words", [
    (lambda: optim.inverse_time_decay(0.05, -1e-3), ValueError, "decay_rate"),
    (lambda: optim.inverse_time_decay(0.05, 1e-3, decay_steps=0), ValueError, "decay_steps"),
    (lambda: optim.inverse_time_decay(0.05, 1e-3, staircase="yes"), TypeError, "staircase"),
    (lambda: optim.inverse_time_decay(optim.SGD(nn.Dense(1, 1).parameters(), lr=0.1), 1e-3), TypeError,
     r"optim\.inverse_time_decay\(0\.1, decay_rate=\.\.\.\).*optim\.LambdaLR\(optimizer, lambda t: 1 / "),
])
def test_inverse_time_decay_refuses_bad_arguments_by_name(call, error, words):
    with pytest.raises(error, match=words):
        call()


# -- the book's names, answered -----------------------------------------------------------------
@pytest.mark.parametrize("module, name, way", [
    (nn, "Layer_Dense", r"nn\.Dense\(n_inputs, n_neurons\).*layer\.weight\.data\.T"),
    (nn, "Activation_ReLU", r"nn\.ReLU\(\)"),
    (nn, "Layer_Dropout", r"p is its rate, the share of units dropped \(Layer_Dropout\(0\.1\) is nn\.Dropout\(0\.1\)\)"),
    (nn, "Activation_Softmax", r"nn\.Softmax\(\).*loss='cross_entropy'"),
    (nn, "Loss_CategoricalCrossentropy", r"nn\.CrossEntropyLoss\(\)"),
    (nn, "Activation_Softmax_Loss_CategoricalCrossentropy", r"nn\.CrossEntropyLoss\(\).*\(p − y\) / m"),
    (optim, "Optimizer_Adam", r"optim\.Adam\(model\.parameters\(\), lr=0\.001, eps=1e-7\).*optim\.LambdaLR"),
    (optim, "Optimizer_SGD", r"optim\.SGD\(model\.parameters\(\), lr=1\.0\), and its momentum=0\.9 is momentum=0\.9"),
    (optim, "Optimizer_RMSprop", r"optim\.RMSProp\(model\.parameters\(\), lr=0\.001, alpha=0\.9, eps=1e-7\)"),
    (optim, "Optimizer_Adagrad", r"optim\.Adagrad\(model\.parameters\(\), lr=1\.0, eps=1e-7\)"),
])
def test_the_books_classes_are_answered_with_the_ones_here(module, name, way):
    with pytest.raises(AttributeError, match=rf"^{module.__name__}\.*.* has no {name}: .*{way}"):
        getattr(module, name)


def test_the_books_layer_dropout_rate_is_the_share_dropped_here_too():
    a = nn.Dropout(0.1, rng=0).forward(np.ones((200, 100)), training=True)
    assert np.mean(a == 0) == pytest.approx(0.1, abs=0.01) and np.allclose(a[a > 0], 1 / 0.9)


@pytest.mark.parametrize("optimizer_name, ours", [
    ("Optimizer_RMSprop", lambda ps: optim.RMSProp(ps, lr=0.001, alpha=0.9, eps=1e-7)),
    ("Optimizer_Adagrad", lambda ps: optim.Adagrad(ps, lr=1.0, eps=1e-7)),
])
def test_the_books_rmsprop_and_adagrad_are_the_settings_named(float64, optimizer_name, ours):
    # the book's: cache = ρ cache + (1 − ρ) g² (Adagrad: cache += g²), w −= lr g / (√cache + 1e-7)
    w0 = np.random.default_rng(0).standard_normal(5)
    p = nn.Parameter(w0.copy())
    opt, w, cache = ours([p]), w0.copy(), np.zeros(5)
    lr = 0.001 if optimizer_name == "Optimizer_RMSprop" else 1.0
    for _ in range(5):
        g = 2 * w
        cache = 0.9 * cache + 0.1 * g ** 2 if optimizer_name == "Optimizer_RMSprop" else cache + g ** 2
        w = w - lr * g / (np.sqrt(cache) + 1e-7)
        p.grad[...] = 2 * p.data
        opt.step()
        opt.zero_grad()
    np.testing.assert_allclose(p.data, w, rtol=1e-12)


def test_the_books_sgd_momentum_is_torchs_while_the_lr_is_constant(float64):
    # the book's: m = μ m − lr g, w += m; torch's v = μ v + g, w −= lr v, so m = −lr v
    w0 = np.random.default_rng(1).standard_normal(4)
    p = nn.Parameter(w0.copy())
    opt, w, m = optim.SGD([p], lr=0.1, momentum=0.9), w0.copy(), np.zeros(4)
    for _ in range(6):
        m = 0.9 * m - 0.1 * (2 * w)
        w = w + m
        p.grad[...] = 2 * p.data
        opt.step()
        opt.zero_grad()
    np.testing.assert_allclose(p.data, w, rtol=1e-12)


def test_the_books_layer_attributes_get_the_names_here():
    dense = nn.Dense(2, 3)
    out = dense.forward(np.ones((4, 2)), training=True)
    dinputs = dense.backward(np.ones_like(out))
    assert dinputs.shape == (4, 2) and dense.weight.grad.T.shape == (2, 3) and dense.bias.grad[None, :].shape == (1, 3)
    for name, way in (("output", r"out = layer\.forward\(X, training=True\)"),
                      ("dinputs", r"dinputs = layer\.backward\(dvalues\)"),
                      ("dweights", r"layer\.weight\.grad\.T"), ("dbiases", r"layer\.bias\.grad\[None, :\]"),
                      ("inputs", r"layer\.a_prev")):
        with pytest.raises(AttributeError, match=rf"^Dense has no {name}: .*{way}"):
            getattr(dense, name)
    assert not hasattr(dense, "output")     # an AttributeError still: getattr(layer, "output", None) works


@pytest.mark.parametrize("call, way", [
    (lambda m: m.set(loss=None), r"^Sequential has no set\(\): .*model\.fit\(X, y, loss='cross_entropy'"),
    (lambda m: m.finalize(), r"^Sequential has no finalize\(\): .*no set\(\) or finalize\(\) step"),
    (lambda m: m.train(None, None, epochs=10), r"the nnfs book's model\.train\(X, y, epochs=10, batch_size=128\) "
                                               r"is model\.fit\("),
    (lambda m: m.save_parameters("x"), r"np\.savez\(path, \*\*model\.state_dict\(\)\)"),
    (lambda m: m.load_parameters("x"), r"model\.load_state_dict\(np\.load\(path\)\)"),
])
def test_the_books_model_methods_name_fit_and_the_state_dict(call, way):
    model = nn.Sequential(nn.Dense(2, 3))
    before = model.state_dict()
    with pytest.raises(AttributeError, match=way):
        call(model)
    assert all(np.array_equal(before[k], v) for k, v in model.state_dict().items())


@pytest.mark.parametrize("keyword, way", [
    ("weight_regularizer_l2", r"train\.L2\(2 \* λ, layers=\[dense\]\).*include_bias=True"),
    ("bias_regularizer_l2", r"include_bias=True penalises the biases too"),
    ("weight_regularizer_l1", r"train\.L1\(λ, layers=\[dense\]\)"),
])
def test_the_books_regularizer_keywords_name_fits_penalty(keyword, way):
    with pytest.raises(TypeError, match=way):
        nn.Dense(2, 64, **{keyword: 5e-4})


def test_the_books_l2_is_l2_of_twice_lambda(float64):
    # λ Σ w² in the loss (the book's regularization_loss): L2(2λ) adds (2λ/2) Σ w²
    dense = nn.Dense(3, 2)
    model = nn.Sequential(dense)
    penalty = train.L2(2 * 5e-4, layers=[dense], include_bias=True)
    dense.bias.data[...] = [0.5, -1.0]
    expected = 5e-4 * (np.sum(dense.weight.data ** 2) + np.sum(dense.bias.data ** 2))
    assert penalty.value(model) == pytest.approx(expected, rel=1e-12)


def test_the_optimizers_decay_keyword_is_answered_with_lambda_lr_and_that_runs():
    with pytest.raises(TypeError, match=r"scheduler = optim\.LambdaLR\(opt, lambda t: 1 / \(1 \+ decay \* t\)\)"):
        optim.Adam(nn.Dense(2, 2).parameters(), lr=0.05, decay=5e-7)
    opt = optim.Adam(nn.Dense(2, 2).parameters(), lr=0.05)
    decay = 5e-7
    scheduler = optim.LambdaLR(opt, lambda t: 1 / (1 + decay * t))
    scheduler.step()
    assert opt.lr == 0.05 / (1 + decay)


def test_the_books_print_every_is_answered_with_a_callback_that_prints_every_k_batches(capsys):
    model = nn.Sequential(nn.Dense(2, 1, rng=0), nn.Sigmoid())
    X, y = np.random.default_rng(0).normal(size=(40, 2)), np.tile([0.0, 1.0], 20)
    before = model.state_dict()
    with pytest.raises(TypeError, match=r"print_every.*train\.EpochLines\(every=10\)\] one every 10 epochs; a line "
                                        r"every 10 batches, as the nnfs book's: (callbacks=\[.*\])\)") as refused:
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size=2, print_every=10)
    assert all(np.array_equal(before[k], v) for k, v in model.state_dict().items())
    written = re.search(r"as the nnfs book's: callbacks=(\[.*\])\)", str(refused.value)).group(1)
    callbacks = eval(written, {"train": train})   # the answer's own text runs
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size=2, verbose=0, callbacks=callbacks)
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["0", "10"]   # 20 batches
