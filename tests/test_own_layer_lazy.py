"""A layer of your own that makes a parameter in its first forward pass: fit's optimizer, built
before that pass, would not hold it, so it would not train, silently. fit refuses it, naming the
layer and the parameter, and leaves the layer as it was."""
import numpy as np
import pytest

from neuralab import data, nn


class _LazyGain(nn.Layer):
    keeps_shape = True

    def __init__(self):
        self.a = None

    def forward(self, x, training=False):
        if self.a is None:
            self.a = nn.Parameter(np.full(x.shape[1], 1.5, x.dtype), "a")
        self.x = x
        return x * self.a.data

    def backward(self, grad_out):
        self.a.grad += (grad_out * self.x).sum(axis=0)
        return grad_out * self.a.data


class _LazyNoInit(_LazyGain):
    def __init__(self):
        pass

    def forward(self, x, training=False):
        if "a" not in vars(self):
            self.a = nn.Parameter(np.full(x.shape[1], 1.5, x.dtype), "a")
        self.x = x
        return x * self.a.data


@pytest.mark.parametrize("kind", [_LazyGain, _LazyNoInit])
def test_fit_refuses_a_parameter_made_in_forward_and_leaves_the_layer_as_it_was(kind):
    X, y = data.load("moons", n_samples=32, seed=0)
    model = nn.Sequential(nn.Dense(2, 2), kind(), nn.Dense(2, 1))
    with pytest.raises(ValueError) as info:
        model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0)
    message = str(info.value)
    assert f"layer 1 ({kind.__name__})" in message
    assert "'a'" in message and "__init__" in message
    assert len(model.parameters()) == 4  # the two Dense layers' only
    assert ("a" in vars(model[1])) == (kind is _LazyGain)
    assert getattr(model[1], "a", None) is None


def test_fit_trains_a_parameter_made_before_fit_by_a_forward_pass():
    X, y = data.load("moons", n_samples=32, seed=0)
    model = nn.Sequential(nn.Dense(2, 2), _LazyGain(), nn.Dense(2, 1))
    model.predict(X)  # makes it: the optimizer fit builds holds it
    model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=2, verbose=0)
    assert not np.allclose(model[1].a.data, 1.5)
