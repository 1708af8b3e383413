"""A layer of your own that keeps a Parameter's array instead of the Parameter (``self.W =
self.weight.data``): the optimizer's first step moves the values to a flat array, so the alias
goes stale and training changes nothing. Refused when the layer is built, naming the attribute."""
import numpy as np
import pytest

from neuralab import nn, optim


class _AliasScale(nn.Layer):
    keeps_shape = True

    def __init__(self, n, keep="W"):
        self.n = n
        self.weight = nn.Parameter(np.ones(n, dtype=nn.get_default_dtype()), "weight")
        if keep == "W":
            self.W = self.weight.data
        elif keep == "view":
            self.W = self.weight.data[:1]
        elif keep == "grad":
            self.dW = self.weight.grad
        elif keep == "copy":
            self.W0 = self.weight.data.copy()

    def forward(self, x, training=False):
        self.x = x
        return x * self.weight.data

    def backward(self, grad_out):
        self.weight.grad += (grad_out * self.x).sum(axis=0)
        return grad_out * self.weight.data

    def config(self):
        return {"n": self.n}


@pytest.mark.parametrize("keep, attribute, what", [("W", "W", "data"), ("view", "W", "data"),
                                                     ("grad", "dW", "grad")])
def test_alias_of_a_parameter_array_is_refused_naming_layer_attribute_and_fix(keep, attribute, what):
    with pytest.raises(TypeError) as info:
        _AliasScale(3, keep=keep)
    message = str(info.value)
    assert f"_AliasScale.{attribute}" in message
    assert f"self.weight.{what}" in message
    assert "first step" in message


def test_alias_inside_a_list_is_refused():
    class _AliasList(_AliasScale):
        def __init__(self, n):
            super().__init__(n, keep="none")
            self.arrays = [self.weight.data]

    with pytest.raises(TypeError, match=r"_AliasList\.arrays\[0\]"):
        _AliasList(2)


def test_a_copy_is_no_alias_and_the_layer_trains():
    layer = _AliasScale(2, keep="copy")
    opt = optim.SGD(layer.parameters(), lr=0.5)
    layer(np.ones((1, 2)), training=True)
    layer.backward(np.ones((1, 2)))
    opt.step()
    assert np.allclose(layer.weight.data, 0.5)
    assert np.allclose(layer.W0, 1.0)


def test_built_in_layers_hold_no_alias():  # built without the refusal
    model = nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dropout(0.1), nn.Dense(4, 2))
    assert len(model.parameters()) == 6
