"""gradcheck's answer on a layer of your own says, when it fails, which array is worst and, for
a backward that assigns ``.grad`` instead of adding to it, that cause; a pass is a plain float."""
import numpy as np

from neuralab import nn, train


class _GainForCheck(nn.Layer):
    keeps_shape = True

    def __init__(self, n=2, assign=False, forget_a=False):
        self.n, self.assign, self.forget_a = n, assign, forget_a
        self.a = nn.Parameter(np.array([0.7, 1.6][:n]), "a")

    def forward(self, x, training=False):
        self.x = x
        return x * self.a.data

    def backward(self, grad_out):
        g = (grad_out * self.x).sum(axis=0)
        if self.assign:
            self.a.grad = g
        else:
            self.a.grad += g
        return grad_out if self.forget_a else grad_out * self.a.data


def _check_model(layer):
    return nn.Sequential(nn.Dense(2, 2, rng=np.random.default_rng(0)), layer, nn.Dense(2, 1, rng=np.random.default_rng(1)))


def _check_data():
    return np.random.default_rng(2).standard_normal((5, 2))


def test_a_pass_is_a_plain_number():
    result = train.gradcheck(_check_model(_GainForCheck()), None, _check_data())
    assert result < 1e-7 and repr(result) == repr(float(result))


def test_an_assigning_backward_is_named_with_its_cause():
    result = train.gradcheck(_check_model(_GainForCheck(assign=True)), None, _check_data())
    assert result > 0.1
    assert result.worst == "1.a"
    assert "+=" in repr(result) and "1.a" in repr(result) and "assigns" in repr(result)


def test_a_wrong_formula_names_the_worst_array():
    result, errors = train.gradcheck(_check_model(_GainForCheck(forget_a=True)), None, _check_data(),
                                     details=True)
    assert result.worst == max(errors, key=errors.get)
    assert result.worst in str(result) and "assigns" not in str(result)
