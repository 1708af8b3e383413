"""Two mistakes of a learner's own training loop that were silent or bare: backward run twice on
one forward pass (the gradients doubled without a word; PyTorch refuses), and the model's
optimizer asked for before any fit (a bare AttributeError)."""
import warnings

import numpy as np
import pytest

from neuralab import data, nn, optim


def _lm_batch():
    X, y = data.load("moons", n_samples=16, seed=0)
    return X.astype(np.float32), y.reshape(-1, 1).astype(np.float32)


def test_a_second_backward_of_one_forward_pass_is_warned_of_and_doubles_the_gradients():
    X, y = _lm_batch()
    model, loss = nn.MLP([2, 4, 1], output="sigmoid"), nn.BCELoss()
    loss(model.forward(X, training=True), y)
    model.backward(loss.backward())
    once = [p.grad.copy() for p in model.parameters()]
    with pytest.warns(nn.BackwardTwiceWarning, match="backward ran twice on one forward pass"):
        model.backward(loss.backward())
    for p, g in zip(model.parameters(), once):
        np.testing.assert_allclose(p.grad, 2 * g, rtol=1e-6)


def test_a_forward_before_each_backward_is_silent_and_a_nested_model_warns_once():
    X, y = _lm_batch()
    model = nn.Sequential(nn.Sequential(nn.Dense(2, 3), nn.ReLU()), nn.Dense(3, 1), nn.Sigmoid())
    loss = nn.BCELoss()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2):   # gradient accumulation over two passes: no warning
            loss(model.forward(X, training=True), y)
            model.backward(loss.backward())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.backward(loss.backward())
    assert [w.category for w in caught] == [nn.BackwardTwiceWarning]


def test_the_optimizer_asked_for_before_fit_says_how_to_have_one():
    model = nn.MLP([2, 4, 1], output="sigmoid")
    with pytest.raises(AttributeError, match=r"Sequential has no optimizer yet: fit sets model.optimizer .* "
                                             r"opt = optim.SGD\(model.parameters\(\), lr=0.1\)"):
        optim.StepLR(model.optimizer, 2)
    with pytest.raises(AttributeError, match="history = model.fit"):
        model.history
    assert getattr(model, "optimizer", None) is None   # getattr's default still answers
    X, y = _lm_batch()
    opt = optim.SGD(model.parameters(), lr=0.1)
    model.fit(X, y, loss="bce", optimizer=opt, epochs=1, verbose=0)
    assert model.optimizer is opt and model.history.epoch == [0]
