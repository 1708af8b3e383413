"""fit warns after its first backward of a parameter that backward gave no gradient: the
optimizer leaves such a parameter as it is, so it never trained, without a word (PReLU's slope
written as an nn.Activation stayed at 0.25 through any fit)."""
import warnings

import numpy as np
import pytest

from neuralab import data, nn


class SlopeActivation(nn.Activation):
    """a = z for z > 0, alpha·z below: alpha is a parameter that Activation's backward never reaches."""

    def __init__(self):
        self.alpha = nn.Parameter(np.array([0.25], nn.get_default_dtype()), "alpha")

    def function(self, z):
        return np.where(z > 0, z, self.alpha.data * z)

    def derivative(self, z):
        return np.where(z > 0, 1.0, self.alpha.data)


class ForgetfulGainAndShift(nn.Layer):
    """y = a ⊙ x + b whose backward adds to a's gradient, or with ``forget`` to neither's but a's."""
    keeps_shape = True

    def __init__(self, forget=False):
        self.forget = forget
        dtype = nn.get_default_dtype()
        self.a, self.b = nn.Parameter(np.full(2, 0.5, dtype), "a"), nn.Parameter(np.zeros(2, dtype), "b")

    def forward(self, x, training=False):
        self.x = x
        return x * self.a.data + self.b.data

    def backward(self, grad_out):
        self.a.grad += (grad_out * self.x).sum(axis=0)
        if not self.forget:
            self.b.grad += grad_out.sum(axis=0)
        return grad_out * self.a.data


def _fit(model):
    X, y = data.load("moons", n_samples=40, seed=0)
    model.fit(X, y, loss="bce_logits", optimizer="adam", epochs=2, verbose=0, seed=0)


def test_a_parameter_of_an_activation_is_named_with_the_cause():
    model = nn.Sequential(nn.Dense(2, 4, rng=np.random.default_rng(0)), SlopeActivation(), nn.Dense(4, 1))
    with pytest.warns(UserWarning, match=r"^fit: backward gave 1\.alpha no gradient, so the optimizer leaves it "
                                         r"as it is: the backward of layer 1 \(SlopeActivation\) never adds to "
                                         r"self\.alpha\.grad .*an nn\.Activation's backward") as caught:
        _fit(model)
    assert len(caught) == 1   # once, not at every batch
    assert model[1].alpha.data[0] == np.float32(0.25)


def test_a_parameter_a_backward_of_your_own_forgets_is_named_without_the_activation_cause():
    with pytest.warns(UserWarning, match=r"backward gave 0\.b no gradient.*layer 0 \(ForgetfulGainAndShift\) "
                                         r"never adds to self\.b\.grad \(self\.b\.grad \+= \.\.\.\)$"):
        _fit(nn.Sequential(ForgetfulGainAndShift(forget=True), nn.Dense(2, 1)))


def test_a_backward_that_reaches_every_parameter_fits_without_a_word():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _fit(nn.Sequential(ForgetfulGainAndShift(), nn.Dense(2, 1)))
