"""An activation of your own: its function and derivative take array-likes with no private
helper, and MLP, which takes built-in names only, points to nn.Sequential for it."""
import numpy as np
import pytest

from neuralab import nn, train


class _OwnSquare(nn.Activation):
    def function(self, z):
        return z ** 2

    def derivative(self, z):
        return 2 * z


def test_own_function_and_derivative_take_a_list_as_floats_of_the_default_dtype():
    a, d = _OwnSquare().function([1, 2]), _OwnSquare().derivative([1, 2])
    assert a.dtype == d.dtype == nn.get_default_dtype()
    assert a.tolist() == [1.0, 4.0] and d.tolist() == [2.0, 4.0]


def test_own_function_keeps_an_array_dtype_and_gives_a_number_for_a_number():
    assert _OwnSquare().function(np.array([3.0], np.float64)).dtype == np.float64
    assert isinstance(_OwnSquare().function(3), np.floating)


def test_own_activation_trains_and_passes_gradcheck():
    model = nn.Sequential(nn.Dense(2, 3), _OwnSquare(), nn.Dense(3, 1))
    X = np.random.default_rng(0).standard_normal((6, 2))
    assert train.gradcheck(model, "mse", X, X[:, :1]) < 1e-6


def test_mlp_with_an_unknown_activation_name_points_to_sequential():
    with pytest.raises(ValueError, match=r"unknown activation 'square'.*nn\.Sequential\(nn\.Dense\(2, 8\), "
                                         r"YourActivation\(\), nn\.Dense\(8, 1\)\)"):
        nn.MLP([2, 8, 1], activation="square")
