"""Standardize(..., inverse=True), what ``.inverse()`` makes: y = a·σ + μ with μ and σ the target's
own, shown as such (it was a standardisation by −μ/σ and 1/σ: a learner read Standardize(1) with
mean −2.55 and std 6.8e-6 behind the network and took it for a second standardisation). Against
torch, its gradient, save/load, to_torch, and a file saved the old way."""
import numpy as np
import pytest
import torch

from neuralab import nn
from neuralab.io import load, save, to_torch
from neuralab.train import gradcheck
from torch_reference import assert_close, tensor

MEAN, STD = np.array([250_000.0, -3.0]), np.array([60_000.0, 0.25])


def test_the_inverse_keeps_the_data_s_mean_and_std_and_says_it_is_an_inverse():
    layer = nn.Standardize(2, mean=MEAN, std=STD)
    undo = layer.inverse()
    assert repr(undo) == "Standardize(2, inverse=True)" and repr(layer) == "Standardize(2)"
    np.testing.assert_array_equal(undo.mean, MEAN)
    np.testing.assert_array_equal(undo.std, STD)
    assert repr(undo.inverse()) == "Standardize(2)"                  # the inverse of the inverse
    text = nn.Sequential(nn.Dense(3, 2), undo).summary(print_fn=None)
    assert "Standardize(2, inverse=True)" in text


@pytest.mark.parametrize("m", [1, 7])
def test_forward_and_input_gradient_match_torch(float64, m):
    rng = np.random.default_rng(m)
    undo = nn.Standardize(2, mean=MEAN, std=STD, inverse=True)
    a, delta = rng.standard_normal((m, 2)), rng.standard_normal((m, 2))
    a_t = tensor(a, requires_grad=True)
    out_t = a_t * tensor(STD) + tensor(MEAN)
    out_t.backward(tensor(delta))
    assert_close(undo.forward(a, training=True), out_t)
    assert_close(undo.backward(delta), a_t.grad)
    np.testing.assert_allclose(nn.Standardize(2, mean=MEAN, std=STD).forward(undo.forward(a)), a, rtol=1e-9)


def test_gradcheck_through_a_network_ending_in_the_inverse(float64):
    rng = np.random.default_rng(4)
    model = nn.Sequential(nn.Dense(3, 4, rng=rng), nn.Tanh(), nn.Dense(4, 2, rng=rng),
                          nn.Standardize(2, mean=[1.0, -2.0], std=[3.0, 0.5], inverse=True))
    assert gradcheck(model, nn.MSELoss(), rng.standard_normal((6, 3)), rng.standard_normal((6, 2))) < 1e-6


def test_save_load_and_to_torch_keep_the_inverse(tmp_path, float64):
    rng = np.random.default_rng(2)
    model = nn.Sequential(nn.Dense(3, 2, rng=rng), nn.Standardize(2, mean=MEAN, std=STD).inverse())
    loaded = load(save(model, tmp_path / "model"))
    assert repr(loaded.layers[-1]) == "Standardize(2, inverse=True)"
    x = rng.standard_normal((5, 3))
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    with torch.no_grad():
        np.testing.assert_allclose(to_torch(model)(torch.from_numpy(x)).numpy(), model.predict(x), rtol=1e-12)


def test_a_file_saved_before_the_flag_loads_as_the_standardisation_it_holds(tmp_path, float64):
    # then the inverse was a standardisation by -μ/σ and 1/σ, its config {"in_features": 2}
    rng = np.random.default_rng(3)
    old = nn.Sequential(nn.Dense(3, 2, rng=rng), nn.Standardize(2, mean=-MEAN / STD, std=1 / STD))
    path = save(old, tmp_path / "old")
    assert old.layers[-1].config() == {"in_features": 2}
    loaded = load(path)
    x = rng.standard_normal((4, 3))
    np.testing.assert_allclose(loaded.predict(x), nn.Sequential(*old.layers[:1], nn.Standardize(2, mean=MEAN, std=STD,
                               inverse=True)).predict(x), rtol=1e-9)


def test_a_non_boolean_inverse_is_refused():
    with pytest.raises(TypeError, match=r"inverse must be True or False, got 'yes'"):
        nn.Standardize(2, inverse="yes")
