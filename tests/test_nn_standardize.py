"""Standardize, the input standardisation as a first layer: (x - μ) / σ against torch in float64,
its input gradient, gradcheck, a network built on it, save/load and to_torch with its buffers,
and bad arguments."""
import numpy as np
import pytest
import torch

from neuralab import data, nn
from neuralab.io import load, save, to_torch
from neuralab.train import L2, gradcheck
from torch_reference import assert_close, tensor


def statistics(rng, n):
    return 3 * rng.standard_normal(n), np.exp(rng.standard_normal(n))


@pytest.mark.parametrize("m, n", [(1, 1), (5, 3), (64, 10)])
def test_forward_and_input_gradient_match_torch(float64, m, n):
    rng = np.random.default_rng(m * n)
    mean, std = statistics(rng, n)
    layer = nn.Standardize(n, mean=mean, std=std)
    x = rng.standard_normal((m, n)) * 5
    delta = rng.standard_normal((m, n))
    x_t = tensor(x, requires_grad=True)
    out_t = (x_t - tensor(mean)) / tensor(std)
    out_t.backward(tensor(delta))
    assert_close(layer.forward(x, training=True), out_t)
    assert_close(layer.backward(delta), x_t.grad)
    assert layer.parameters() == [] and layer.num_parameters() == 0


def test_gradcheck_passes_through_a_network_that_starts_with_it(float64):
    rng = np.random.default_rng(1)
    mean, std = statistics(rng, 3)
    model = nn.Sequential(nn.Standardize(3, mean=mean, std=std), nn.Dense(3, 4), nn.Tanh(), nn.Dense(4, 2))
    X = rng.standard_normal((6, 3)) * 4 + 2
    assert gradcheck(model, nn.CrossEntropyLoss(), X, rng.integers(0, 2, 6)) < 1e-6


def test_raw_inputs_through_it_give_what_standardised_inputs_give_the_network(float64):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((50, 4)) * [1, 10, 100, 0.1] + [5, -3, 40, 0]
    scaler = data.Standardizer().fit(X)
    net = nn.MLP([4, 8, 1], output="sigmoid")
    model = nn.Sequential(nn.Standardize(4, mean=scaler.mean, std=scaler.std), *net.layers)
    np.testing.assert_allclose(model.predict(X), net.predict(scaler.transform(X)), rtol=1e-12)
    assert model.input_features() == 4


def test_its_statistics_are_saved_loaded_and_exported(tmp_path, float64):
    rng = np.random.default_rng(3)
    mean, std = statistics(rng, 3)
    model = nn.Sequential(nn.Standardize(3, mean=mean, std=std), nn.Dense(3, 2))
    loaded = load(save(model, tmp_path / "model"))
    X = rng.standard_normal((7, 3))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    np.testing.assert_array_equal(loaded.layers[0].mean, mean)
    assert loaded.to_spec() == model.to_spec()
    module = to_torch(model)
    assert set(module.state_dict()) == {"0.mean", "0.std", "1.weight", "1.bias"}
    with torch.no_grad():
        assert_close(model.predict(X), module(tensor(X)))


def test_optimizers_and_penalties_leave_it_alone(float64):
    rng = np.random.default_rng(4)
    mean, std = statistics(rng, 2)
    model = nn.Sequential(nn.Standardize(2, mean=mean, std=std), nn.Dense(2, 1))
    model.fit(rng.standard_normal((20, 2)), rng.standard_normal(20), loss="mse", optimizer="adam",
              epochs=3, verbose=0, penalty=L2(0.1))
    np.testing.assert_array_equal(model.layers[0].mean, mean)
    np.testing.assert_array_equal(model.layers[0].std, std)


@pytest.mark.parametrize("kwargs, message", [
    ({"in_features": 0}, "in_features"),
    ({"in_features": 2, "mean": [1.0, 2.0, 3.0]}, r"^Standardize\.mean must have shape \(2,\) \(one value per "
                                                  r"feature\), got shape \(3,\): the layer is Standardize\(2\)"),
    ({"in_features": 2, "std": [1.0, 0.0]}, "^Standardize.std: std must be positive"),
    ({"in_features": 2, "std": [1.0, -1.0]}, "^Standardize.std: std must be positive"),
    ({"in_features": 2, "mean": [1.0, np.nan]}, "^Standardize.mean must hold finite float32 numbers, got nan"),
    ({"in_features": 2, "std": [[1.0, 1.0]]},
     r"got shape \(1, 2\); it holds as many values: reshape it, np\.reshape\(value, \(2,\)\)"),
    ({"in_features": 2, "mean": 1.0}, r"got shape \(\); for one number in every entry, np\.full\(\(2,\), value\)"),
    ({"in_features": 1, "std": 0.0}, "std must be positive"),
    ({"in_features": 2, "std": np.float32([1.0, 2.7e-40])}, r"std 2\.7e-40 is below the smallest normal float32 "
                                                            r"\(1\.18e-38\)"),
])
def test_bad_statistics_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nn.Standardize(**kwargs)


def test_a_std_below_float32s_normal_numbers_is_refused_with_the_way_out():
    # a target spread over 1e-40 in float32: its inverse's σ, 1/σ, was inf, and neuralab train
    # trained, then failed to save with "std contains NaN or inf"
    with pytest.raises(ValueError, match=r"1/std passes the float range; rescale them .* or work in float64"):
        nn.Standardize(1, mean=np.float32(1e-40), std=np.float32(2.7e-40))
    assert np.isfinite(nn.Standardize(1, std=np.float32(1.2e-38)).inverse().std[0])   # a normal float32
    # the way out named: in float64 the same statistics are normal numbers, and undone exactly
    layer = nn.Standardize(1, mean=np.float64(1e-40), std=np.float64(2.7e-40))
    y = np.array([[1e-40], [3e-40]])
    np.testing.assert_allclose(layer.inverse().forward(layer.forward(y)), y, rtol=1e-12)


@pytest.mark.parametrize("std", [[1.0, 0.0], [1.0, -2.0]])
def test_load_refuses_a_std_the_constructor_refuses_with_the_same_reason(tmp_path, std):
    # a hand-edited or damaged file: σ = 0 would give inf predictions, σ < 0 flipped ones
    path = save(nn.Sequential(nn.Standardize(2), nn.Dense(2, 1)), tmp_path / "model.npz")
    with np.load(path) as npz:
        arrays = dict(npz) | {"0.std": np.array(std)}
    np.savez(path, **arrays)
    with pytest.raises(ValueError) as constructor:
        nn.Standardize(2, std=std)
    with pytest.raises(ValueError, match="not a valid neuralab model file") as loading:
        load(path)
    reason = str(loading.value).partition("'0.std': ")[2]
    assert reason.startswith("std must be positive") and str(constructor.value) == f"Standardize.std: {reason}"


def test_inputs_of_the_wrong_width_are_refused():
    layer = nn.Standardize(3)
    with pytest.raises(ValueError, match=r"Standardize expects inputs of shape \(batch, 3\), got \(4, 2\)"):
        layer.forward(np.zeros((4, 2)))


def test_float64_statistics_in_a_float32_network_export_to_torch():
    # data.Standardizer fitted on float64 data (or statistics given as Python lists) holds float64
    # buffers; the exported module promoted x to float64 and the float32 Linear after it failed
    rng = np.random.default_rng(5)
    X = rng.standard_normal((9, 3)) * [1, 50, 0.01] + [0, 1000, 3]
    scaler = data.Standardizer().fit(X)
    model = nn.Sequential(nn.Standardize(3, mean=scaler.mean, std=scaler.std), nn.Dense(3, 2),
                          nn.Tanh(), nn.Dense(2, 1))
    assert model.layers[0].mean.dtype == np.float64 and model.layers[1].weight.data.dtype == np.float32
    module = to_torch(model)
    x = X.astype(np.float32)
    with torch.no_grad():
        out = module(torch.from_numpy(x)).numpy()
    expected = model.predict(x)
    assert out.dtype == expected.dtype == np.float32
    np.testing.assert_allclose(out, expected, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(module[0](torch.from_numpy(x)).numpy(), model.layers[0](x))


def test_the_inverse_of_a_standardisation_undoes_it(float64):
    layer = nn.Standardize(3, mean=[1.0, -2.0, 300.0], std=[0.5, 4.0, 1000.0])
    x = np.random.default_rng(0).standard_normal((5, 3)) * 100
    np.testing.assert_allclose(layer.inverse().forward(layer.forward(x)), x, rtol=1e-12)
    np.testing.assert_allclose(layer.inverse().forward(x), x * layer.std + layer.mean, rtol=1e-12)


def test_summary_refuses_a_standardisation_of_another_width():
    # it kept any shape (Layer's default): summary printed Dense(2, 3) then Standardize(4), which
    # forward refuses
    with pytest.raises(ValueError, match=r"^layer 1 Standardize\(4\): Standardize expects samples of "
                                         r"shape \(4,\), got \(3,\)$"):
        nn.Sequential(nn.Dense(2, 3), nn.Standardize(4)).summary(print_fn=None)
    with pytest.raises(ValueError, match=r"^Standardize expects samples of shape \(3,\), got \(3, 2\)$"):
        nn.Standardize(3).output_shape((3, 2))  # forward takes (batch, 3) only
    text = nn.Sequential(nn.Standardize(2), nn.Dense(2, 1)).summary(print_fn=None)
    assert "Standardize(2)  (None, 2)" in text


def test_one_feature_takes_the_statistics_of_a_standardizer_fitted_on_targets_of_shape_m():
    # the way to put the target's scaling behind a network, as neuralab train does; a
    # Standardizer fitted on y of shape (m,) holds 0-d statistics, which were refused
    y = np.array([3.0, 5.0, 10.0])
    scaler = data.Standardizer().fit(y)
    undo = nn.Standardize(1, mean=scaler.mean, std=scaler.std).inverse()
    np.testing.assert_allclose(undo.forward(scaler.transform(y).reshape(-1, 1)), y.reshape(-1, 1), rtol=1e-6)
