"""Dropout against PyTorch's inverted dropout in float64: the identity in evaluation; in training
x ⊙ mask / (1 - p) forward and δ ⊙ mask / (1 - p) backward with the very mask it drew (compared
with autograd); the statistics of the masks; reproducibility; refusal of bad p."""
import json

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn, optim
from neuralab.io import to_torch
from neuralab.nn.random import default_rng
from torch_reference import assert_close, tensor

SHAPES = [(1,), (7,), (16, 5), (3, 4, 5), (2, 3, 4, 5)]
PROBABILITIES = [0.1, 0.5, 0.8]


def nonzero_input(rng, shape):
    """Normal values pushed away from 0, so that a zero in the output means a dropped unit."""
    x = rng.standard_normal(shape)
    return x + np.sign(x)


@pytest.mark.parametrize("shape", SHAPES)
def test_evaluation_is_the_identity(float64, shape):
    rng = np.random.default_rng(0)
    x, delta = rng.standard_normal(shape), rng.standard_normal(shape)
    layer = nn.Dropout(0.5)
    assert_close(layer(x), x)
    assert_close(layer.backward(delta), delta)
    assert_close(layer.forward(x), x)  # forward's own default is evaluation too, as layer(x)'s


def test_evaluation_passes_inf_and_nan_through_as_torch_does(float64):
    x = np.array([[np.inf, -np.inf, np.nan, 1.5]])
    np.testing.assert_array_equal(nn.Dropout(0.5)(x), torch.nn.Dropout(0.5).eval()(tensor(x)).numpy())


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("p", PROBABILITIES)
@pytest.mark.parametrize("shape", SHAPES)
def test_training_matches_torch_with_the_same_mask(float64, shape, p, seed):
    rng = np.random.default_rng(seed)
    x, delta = nonzero_input(rng, shape), rng.standard_normal(shape)
    layer = nn.Dropout(p, rng=rng)
    out = layer(x, training=True)
    mask = out != 0  # the units it kept; x has no zeros
    np.testing.assert_array_equal(mask, layer.mask)

    x_t = tensor(x, requires_grad=True)
    out_t = x_t * tensor(mask) / (1 - p)
    out_t.backward(tensor(delta))
    assert_close(out, out_t)
    assert_close(layer.backward(delta), x_t.grad)


@pytest.mark.parametrize("p", PROBABILITIES)
def test_keep_rate_and_expected_output(float64, p):
    rng = np.random.default_rng(7)
    x = nonzero_input(rng, (3, 4))
    draws = 20_000
    out = nn.Dropout(p, rng=rng)(np.broadcast_to(x, (draws, 3, 4)), training=True)
    kept = (out != 0).mean()
    assert abs(kept - (1 - p)) < 5 * np.sqrt(p * (1 - p) / out.size)
    # each sample of x ⊙ mask / (1 - p) has mean x and standard deviation |x| sqrt(p / (1 - p))
    standard_error = np.abs(x) * np.sqrt(p / (1 - p) / draws)
    assert (np.abs(out.mean(axis=0) - x) < 5 * standard_error).all()


def test_neuralab_seed_repeats_the_masks(float64):
    x = np.ones((50, 20))
    layer = nn.Dropout(0.5)
    neuralab.seed(3)
    first, second = layer(x, training=True), layer(x, training=True)
    neuralab.seed(3)
    np.testing.assert_array_equal(layer(x, training=True), first)
    np.testing.assert_array_equal(layer(x, training=True), second)
    assert not np.array_equal(first, second)  # a fresh mask for every forward pass


def test_an_explicit_generator_is_used_instead_of_the_library_one(float64):
    x = np.ones((50, 20))
    state = default_rng().bit_generator.state
    a = nn.Dropout(0.5, rng=np.random.default_rng(4))(x, training=True)
    b = nn.Dropout(0.5, rng=np.random.default_rng(4))(x, training=True)
    np.testing.assert_array_equal(a, b)
    assert default_rng().bit_generator.state == state


def test_p_zero_is_the_identity_in_training(float64):
    rng = np.random.default_rng(0)
    x, delta = rng.standard_normal((8, 3)), rng.standard_normal((8, 3))
    generator = np.random.default_rng(1)
    layer = nn.Dropout(0.0, rng=generator)
    state = generator.bit_generator.state
    assert_close(layer(x, training=True), x)
    assert_close(layer.backward(delta), delta)
    assert generator.bit_generator.state == state  # no mask drawn: later draws stay as they were


def test_fit_trains_with_dropout_and_evaluate_and_predict_run_without(float64):
    """p = 0.999999 drops every input of a Dense(3, 1) (about 6e-5 chance to keep one of the
    60 here): in fit its output is the bias b alone, so the reported loss is mean((b - y)²) and
    dL/dW = δ.T @ 0 = 0 leaves W as it was; evaluate and predict see X itself: X @ W.T + b."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 3)), rng.standard_normal((20, 1))
    model = nn.Sequential(nn.Dropout(0.999999), nn.Dense(3, 1, rng=rng))
    W, b = model[1].weight.data.copy(), model[1].bias.data.copy()
    history = model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
                        batch_size="full", shuffle=False, seed=0, verbose=0)
    assert history.history["loss"] == [pytest.approx(np.mean((b - y) ** 2), rel=1e-12)]
    np.testing.assert_array_equal(model[1].weight.data, W)
    assert not np.array_equal(model[1].bias.data, b)  # the bias was trained
    expected = X @ W.T + model[1].bias.data
    np.testing.assert_allclose(model.predict(X), expected, rtol=1e-12)
    assert model.evaluate(X, y)["loss"] == pytest.approx(np.mean((expected - y) ** 2), rel=1e-12)


def test_keeps_float32():
    x = np.ones((4, 3), np.float32)
    layer = nn.Dropout(0.25)
    assert layer(x, training=True).dtype == np.float32
    assert layer.backward(x).dtype == np.float32


def test_keeps_the_shape_so_a_model_reads_its_width_past_it():
    assert nn.Dropout(0.2).output_shape((4, 3)) == (4, 3)
    assert nn.Sequential(nn.Dropout(0.2), nn.Dense(4, 2)).input_features() == 4


def test_default_p_is_torchs():
    assert nn.Dropout().p == torch.nn.Dropout().p


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, "0.5", None, float("nan"), True])
def test_bad_p_is_refused_before_anything_changes(p):
    state = default_rng().bit_generator.state
    with pytest.raises(ValueError, match=r"p must be .*\[0, 1\)"):
        nn.Dropout(p)
    assert default_rng().bit_generator.state == state


def test_spec_round_trip_and_torch_export():
    layer = nn.Dropout(0.3)
    spec = layer.to_spec()
    assert spec == {"type": "Dropout", "p": 0.3}
    assert nn.Layer.from_spec(json.loads(json.dumps(spec))).p == 0.3
    module = to_torch(nn.Sequential(nn.Dense(3, 2), layer))
    assert isinstance(module[1], torch.nn.Dropout) and module[1].p == 0.3 and not module.training
