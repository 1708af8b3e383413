"""BatchNorm1d against torch.nn.BatchNorm1d in float64: outputs, input and parameter gradients
under random γ, β and random upstream gradients, in training and in evaluation; running
statistics over several steps; gradcheck; save/load, to_torch and spec round trips; bad input.
Then MLP(dropout=..., batchnorm=...): its layers, its spec, prediction, training."""
import json
import re
import warnings

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn, optim
from neuralab.io import load, save, to_torch
from neuralab.nn.checks import EPS_RANGE
from neuralab.nn.random import default_rng
from neuralab.train import gradcheck
from torch_reference import assert_close, tensor, train_step_both

SHAPES = [(2, 1), (5, 3), (32, 8), (4, 3, 5), (1, 3, 4)]  # (m, C) and (m, C, L)


def make_batchnorm(rng, num_features, **kwargs):
    """γ and β random (they start at 1 and 0, which would hide a missing γ or β term)."""
    layer = nn.BatchNorm1d(num_features, **kwargs)
    layer.weight.data[:] = rng.standard_normal(num_features)
    layer.bias.data[:] = rng.standard_normal(num_features)
    return layer


def torch_batchnorm(layer):
    """A torch.nn.BatchNorm1d holding a copy of the layer's γ, β and running statistics."""
    twin = torch.nn.BatchNorm1d(layer.num_features, eps=layer.eps, momentum=layer.momentum,
                                dtype=torch.float64)
    with torch.no_grad():
        for name, value in [(n, p.data) for n, p in layer.named_parameters()] + list(layer.named_buffers()):
            getattr(twin, name).copy_(tensor(value))
    return twin


def batch(rng, shape):
    """Features with different means and scales, as pre-activations have."""
    scale = np.exp(rng.standard_normal((1, shape[1]) + (1,) * (len(shape) - 2)))
    return 3 * rng.standard_normal((1, shape[1]) + (1,) * (len(shape) - 2)) + scale * rng.standard_normal(shape)


def step_both(layer, twin, x, rng, training):
    """One forward and backward in both, with a random upstream gradient (never all ones: it
    gives a zero input gradient in training); compares everything; returns our input gradient."""
    twin.train(training)
    x_t = tensor(x, requires_grad=True)
    out_t = twin(x_t)
    delta = rng.standard_normal(out_t.shape)
    out_t.backward(tensor(delta))
    out = layer.forward(x, training=training)
    grad_in = layer.backward(delta)
    assert_close(out, out_t)
    assert_close(grad_in, x_t.grad)
    for name, p in layer.named_parameters():
        assert_close(p.grad, getattr(twin, name).grad)
    for name, buffer in layer.named_buffers():
        assert_close(buffer, getattr(twin, name))
    return grad_in


# -- against PyTorch ------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("training", [True, False], ids=["training", "evaluation"])
def test_matches_torch(float64, shape, training, seed):
    rng = np.random.default_rng(seed)
    layer = make_batchnorm(rng, shape[1])
    layer.running_mean[:] = rng.standard_normal(shape[1])
    layer.running_var[:] = np.exp(rng.standard_normal(shape[1]))
    step_both(layer, torch_batchnorm(layer), batch(rng, shape), rng, training)


def test_training_input_gradient_is_not_zero_and_matches_torch(float64):
    rng = np.random.default_rng(0)
    layer = make_batchnorm(rng, 4)
    x = batch(rng, (16, 4))
    grad_in = step_both(layer, torch_batchnorm(layer), x, rng, training=True)
    assert np.abs(grad_in).mean() > 0.1
    # why the upstream gradient must be random: all ones gives zero, up to rounding (γ/σ times
    # the dtype's machine epsilon: not exactly 0, as the docstring once said)
    for dtype in (np.float64, np.float32):
        z = x.astype(dtype)
        layer(z, training=True)
        scale = np.abs(layer.weight.data / layer.sigma_eps.ravel()).max()
        assert np.abs(layer.backward(np.ones_like(z))).max() <= 16 * scale * np.finfo(dtype).eps


@pytest.mark.parametrize("eps, momentum", [(1e-5, 0.1), (1e-3, 0.3), (0.5, 1.0), (1e-5, 0.0)])
@pytest.mark.parametrize("shape", [(8, 3), (6, 3, 4)])
def test_running_statistics_and_gradients_over_five_steps(float64, shape, eps, momentum):
    """Five training steps with gradients accumulating (no zero_grad), then evaluation."""
    rng = np.random.default_rng(5)
    layer = make_batchnorm(rng, shape[1], eps=eps, momentum=momentum)
    twin = torch_batchnorm(layer)
    for _ in range(5):
        step_both(layer, twin, batch(rng, shape), rng, training=True)
    assert not np.allclose(layer.running_var, 1) or momentum == 0
    step_both(layer, twin, batch(rng, (3,) + shape[1:]), rng, training=False)


def test_running_variance_is_the_unbiased_batch_variance(float64):
    x = np.array([[1.0], [2.0], [6.0]])
    layer = nn.BatchNorm1d(1, momentum=1.0)
    layer(x, training=True)
    assert_close(layer.running_mean, np.array([3.0]))
    assert_close(layer.running_var, np.array([7.0]))  # Σ(x - 3)² / (3 - 1); the biased one is 14/3


def test_evaluation_output_of_a_sample_does_not_depend_on_its_batch(float64):
    rng = np.random.default_rng(0)
    layer = make_batchnorm(rng, 3)
    layer(batch(rng, (10, 3)), training=True)
    x = batch(rng, (6, 3))
    assert_close(layer(x)[:2], layer(x[:2]))
    assert not np.allclose(layer(x, training=True)[:2], layer(x[:2], training=True))


def test_forward_without_training_is_evaluation_and_moves_no_statistics(float64):
    rng = np.random.default_rng(3)
    layer = make_batchnorm(rng, 3)
    layer(batch(rng, (10, 3)), training=True)
    twin = torch_batchnorm(layer).eval()
    x = batch(rng, (6, 3))
    assert_close(layer.forward(x), twin(tensor(x)))  # the default, as layer(x)'s
    assert_close(layer.running_mean, twin.running_mean)
    assert_close(layer.running_var, twin.running_var)


def test_fit_normalises_with_the_batch_and_evaluate_and_predict_with_the_running_statistics(float64):
    """One full-batch epoch of BatchNorm1d(3, momentum=0.3) alone, computed by hand: fit's loss
    is that of x̂ = (X - μ) / sqrt(σ² + ε) (γ = 1, β = 0, σ² biased); the running statistics move
    0.3 of the way from (0, 1) to (μ, the unbiased variance), as torch's (Keras' momentum would
    be 0.7); evaluate and predict use them and move nothing."""
    rng = np.random.default_rng(6)
    X, y = batch(rng, (12, 3)), rng.standard_normal((12, 3))
    model = nn.Sequential(nn.BatchNorm1d(3, momentum=0.3))
    history = model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
                        batch_size="full", shuffle=False, verbose=0)
    x_hat = (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + 1e-5)
    assert history.history["loss"] == [pytest.approx(np.mean((x_hat - y) ** 2), rel=1e-12)]
    bn = model[0]
    mean, var = 0.7 * 0 + 0.3 * X.mean(axis=0), 0.7 * 1 + 0.3 * X.var(axis=0, ddof=1)
    np.testing.assert_allclose(bn.running_mean, mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, var, rtol=1e-12)
    gamma, beta = bn.weight.data, bn.bias.data
    assert not np.array_equal(gamma, np.ones(3))  # trained: not the start's identity
    expected = gamma * (X - mean) / np.sqrt(var + 1e-5) + beta
    running = bn.running_mean.copy(), bn.running_var.copy()
    np.testing.assert_allclose(model.predict(X), expected, rtol=1e-12)
    assert model.evaluate(X, y)["loss"] == pytest.approx(np.mean((expected - y) ** 2), rel=1e-12)
    np.testing.assert_allclose(model.predict(X[:1]), expected[:1], rtol=1e-12)  # one sample alone
    np.testing.assert_array_equal(bn.running_mean, running[0])
    np.testing.assert_array_equal(bn.running_var, running[1])


def test_evaluation_passes_inf_and_nan_through_as_torch_does(float64):
    rng = np.random.default_rng(4)
    layer = make_batchnorm(rng, 3)
    layer(batch(rng, (10, 3)), training=True)
    x = batch(rng, (4, 3))
    x[0, 0], x[1, 1], x[2, 2] = np.inf, -np.inf, np.nan
    assert_close(layer(x), torch_batchnorm(layer).eval()(tensor(x)))  # NaN and ±inf where torch has them


# -- finite differences ---------------------------------------------------------------------------
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(6, 3), (3, 2, 4)])
def test_gradcheck(shape, training):
    rng = np.random.default_rng(1)
    layer = make_batchnorm(rng, shape[1])
    worst, errors = gradcheck(layer, None, batch(rng, shape), training=training, details=True)
    assert set(errors) == {"input", "weight", "bias"}
    assert worst < 1e-6


def test_gradcheck_of_an_mlp_with_batchnorm():
    rng = np.random.default_rng(2)
    model = nn.MLP([4, 6, 5, 2], activation="tanh", batchnorm=True, rng=rng)
    for layer in model.layers:
        if isinstance(layer, nn.BatchNorm1d):
            layer.weight.data[:] = rng.standard_normal(layer.num_features)
            layer.bias.data[:] = rng.standard_normal(layer.num_features)
    X, y = batch(rng, (8, 4)), rng.standard_normal((8, 2))
    assert gradcheck(model, "mse", X, y, training=True) < 1e-6


# -- saving, exporting, spec ----------------------------------------------------------------------
def trained_model(rng, **norm_settings):
    """An MLP with batch norm whose running statistics are no longer 0 and 1; ``norm_settings``
    (eps, momentum) for its BatchNorm1d layers."""
    if norm_settings:
        model = nn.Sequential(nn.Dense(3, 5, rng=rng), nn.BatchNorm1d(5, **norm_settings), nn.ReLU(),
                              nn.Dense(5, 4, rng=rng), nn.BatchNorm1d(4, **norm_settings), nn.ReLU(),
                              nn.Dense(4, 2, rng=rng))
    else:
        model = nn.MLP([3, 5, 4, 2], batchnorm=True, rng=rng)
    for _ in range(4):
        model.forward(batch(rng, (10, 3)), training=True)
    return model


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_save_load_keeps_running_statistics_and_predictions(tmp_path, dtype):
    before = neuralab.get_default_dtype()
    neuralab.set_default_dtype(dtype)
    try:
        rng = np.random.default_rng(0)
        model = trained_model(rng)
        loaded = load(save(model, tmp_path / "bn"))
    finally:
        neuralab.set_default_dtype(before)
    buffers = dict(loaded.named_buffers())
    assert list(buffers) == ["1.running_mean", "1.running_var", "4.running_mean", "4.running_var"]
    for name, value in model.named_buffers():
        assert buffers[name].dtype == dtype
        np.testing.assert_array_equal(buffers[name], value)
    x = batch(rng, (7, 3)).astype(dtype)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_load_refuses_a_negative_running_variance_and_accepts_zero(tmp_path):
    # a variance is never negative, and sqrt(running_var + ε) of one below -ε is NaN; 0 is the
    # variance of a feature that was constant over training, and ε keeps its σ positive
    path = save(nn.Sequential(nn.Dense(3, 2), nn.BatchNorm1d(2)), tmp_path / "model.npz")
    with np.load(path) as npz:
        arrays = dict(npz)
    np.savez(path, **arrays | {"1.running_var": np.array([0.0, 0.0], np.float32)})
    x = np.ones((4, 3), np.float32)
    assert np.isfinite(load(path).predict(x)).all()
    np.savez(path, **arrays | {"1.running_var": np.array([1.0, -1e-8], np.float32)})
    with pytest.raises(ValueError, match=r"model file: '1\.running_var': running_var must be ≥ 0 "
                                         r"\(it is a variance\), got -1e-08"):
        load(path)


# the defaults, and settings of one's own, which torch's BatchNorm1d must be given (its own
# defaults, ε 1e-5 and momentum 0.1, gave outputs 2.46 apart for ε = 0.1)
NORM_SETTINGS = [{}, {"eps": 0.1, "momentum": 0.5}]


@pytest.mark.parametrize("norm_settings", NORM_SETTINGS)
def test_to_torch_computes_the_same_function(float64, norm_settings):
    rng = np.random.default_rng(1)
    model = trained_model(rng, **norm_settings)
    module = to_torch(model)
    assert not module.training and isinstance(module[1], torch.nn.BatchNorm1d)
    assert (module[1].eps, module[1].momentum) == (model[1].eps, model[1].momentum)
    state = module.state_dict()
    for name, value in list(model.named_buffers()) + [(n, p.data) for n, p in model.named_parameters()]:
        assert_close(value, state[name])
    x = batch(rng, (9, 3))
    with torch.no_grad():
        assert_close(model.predict(x), module(tensor(x)))


@pytest.mark.parametrize("norm_settings", NORM_SETTINGS)
def test_to_torch_trains_like_neuralab(float64, norm_settings):
    """The exported module, switched to training mode, follows neuralab step for step
    under plain SGD: same weights and same running statistics after three steps."""
    rng = np.random.default_rng(2)
    model = trained_model(rng, **norm_settings)
    module = to_torch(model).train()
    ours, theirs = optim.SGD(model.parameters(), lr=0.1), torch.optim.SGD(module.parameters(), lr=0.1)
    for _ in range(3):
        train_step_both(model, module, ours, theirs, batch(rng, (10, 3)), rng.standard_normal((10, 2)))
    state = module.state_dict()
    for name, value in list(model.named_buffers()) + [(n, p.data) for n, p in model.named_parameters()]:
        assert_close(value, state[name])


def test_spec_round_trip():
    layer = nn.BatchNorm1d(4, eps=1e-3, momentum=0.2)
    spec = layer.to_spec()
    assert spec == {"type": "BatchNorm1d", "num_features": 4, "eps": 1e-3, "momentum": 0.2}
    rebuilt = nn.Layer.from_spec(json.loads(json.dumps(spec)))
    assert rebuilt.to_spec() == spec and repr(rebuilt) == repr(layer)
    assert [name for name, _ in rebuilt.named_parameters()] == ["weight", "bias"]


def test_parameters_buffers_and_no_penalty():
    layer = nn.BatchNorm1d(3)
    np.testing.assert_array_equal(layer.weight.data, np.ones(3))
    np.testing.assert_array_equal(layer.bias.data, np.zeros(3))
    np.testing.assert_array_equal(layer.running_mean, np.zeros(3))
    np.testing.assert_array_equal(layer.running_var, np.ones(3))
    assert layer.regularized == () and layer.num_parameters() == 6


# -- bad input ------------------------------------------------------------------------------------
def test_one_value_per_feature_is_refused_in_training_only(float64):
    layer = make_batchnorm(np.random.default_rng(0), 3)
    with pytest.raises(ValueError, match=r"more than 1 value per channel when training.*\(1, 3\)"):
        layer(np.ones((1, 3)), training=True)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        layer(np.ones((1, 3, 1)), training=True)
    np.testing.assert_array_equal(layer.running_mean, np.zeros(3))
    np.testing.assert_array_equal(layer.running_var, np.ones(3))
    assert layer(np.ones((1, 3))).shape == (1, 3)


@pytest.mark.parametrize("x", [np.ones((4, 5)), np.ones(3), np.ones((2, 3, 4, 5)), np.ones((2, 4, 3))],
                         ids=["wrong width", "1-D", "4-D", "features last"])
@pytest.mark.parametrize("training", [True, False])
def test_wrong_shape_names_the_expected_shape_and_changes_nothing(x, training):
    layer = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match=r"\(batch, 3\) or \(batch, 3, length\)"):
        layer(x, training=training)
    np.testing.assert_array_equal(layer.running_mean, np.zeros(3))


@pytest.mark.parametrize("kwargs, name", [
    ({"num_features": 0}, "num_features"), ({"num_features": 2.5}, "num_features"),
    ({"num_features": True}, "num_features"), ({"num_features": "3"}, "num_features"),
    ({"eps": 0}, "eps"), ({"eps": -1e-5}, "eps"), ({"eps": float("nan")}, "eps"),
    ({"eps": float("inf")}, "eps"), ({"eps": "1e-5"}, "eps"),
    ({"eps": 1e-50}, "eps"), ({"eps": 1e300}, "eps"),  # 0 and inf in float32
    ({"momentum": -0.1}, "momentum"), ({"momentum": 1.5}, "momentum"), ({"momentum": None}, "momentum"),
    ({"momentum": float("nan")}, "momentum"),
], ids=repr)
def test_bad_arguments_are_refused(kwargs, name):
    with pytest.raises(ValueError, match=name):
        nn.BatchNorm1d(**{"num_features": 3, **kwargs})


@pytest.mark.parametrize("momentum", [0.9, 0.99, 0.999, 0.51])
def test_a_keras_style_momentum_is_warned_of_naming_keras_equivalent(tmp_path, momentum):
    """Keras's momentum weighs the old running statistics (its 0.99 is 0.01 here): written here it
    made evaluation use, near enough, the last batch's statistics, without a word. Where the layer
    is built, once: not again when its spec is read back (save checks that its file loads, at
    every epoch of a ModelCheckpoint; load)."""
    keras = round(1 - momentum, 12)
    said = rf"BatchNorm1d\(momentum={momentum:g}\) weighs each new batch .* pass momentum={keras:g}$"
    with pytest.warns(UserWarning, match=said) as caught:
        layer = nn.BatchNorm1d(3, momentum=momentum)
    assert len(caught) == 1 and caught[0].filename == __file__   # the user's line, not the library's
    assert layer.momentum == momentum   # a warning: torch takes it too
    save(nn.Sequential(layer), tmp_path / "bn.npz")   # warnings are errors here
    assert load(tmp_path / "bn.npz")[0].momentum == momentum
    # the value it names is Keras's: moving = momentum · moving + (1 - momentum) · batch mean
    x = np.random.default_rng(0).normal(2.0, 1.0, (16, 3))
    suggested = nn.BatchNorm1d(3, momentum=keras).to(np.float64)
    suggested(x, training=True)
    assert_close(suggested.running_mean, momentum * 0.0 + (1 - momentum) * x.mean(axis=0))


@pytest.mark.parametrize("spec", [
    {"type": "BatchNorm1d", "num_features": 3, "momentum": 0.99},
    {"type": "Sequential", "layers": [{"type": "Dense", "in_features": 2, "out_features": 3},
                                      {"type": "BatchNorm1d", "num_features": 3, "momentum": 0.99}]},
], ids=["layer", "nested"])
def test_a_keras_style_momentum_in_a_spec_of_your_own_is_warned_of_as_by_the_constructor(tmp_path, spec):
    # from_spec said nothing of it (the warning was kept back for every spec read back), while
    # a file that save wrote of the same layer loads quietly: its line was warned of where it was built
    with pytest.warns(UserWarning, match=r"BatchNorm1d\(momentum=0.99\) .* pass momentum=0.01$") as caught:
        built = nn.Layer.from_spec(spec)
    assert len(caught) == 1 and caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = save(nn.Sequential(built), tmp_path / "bn.npz")
        assert load(path).to_spec() == nn.Sequential(built).to_spec()


@pytest.mark.parametrize("momentum", [0.0, 0.01, 0.1, 0.3, 0.5, 1.0])
def test_a_torch_style_momentum_is_not_warned_of(momentum):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nn.BatchNorm1d(3, momentum=momentum).momentum == momentum


@pytest.mark.parametrize("eps", [EPS_RANGE[0], 1e-5, EPS_RANGE[1]])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_accepted_eps_keeps_a_constant_feature_finite(dtype, eps):
    """A constant feature has σ² = 0, so σ = √ε: an ε that float32 rounded to 0 gave x̂ = 0/0."""
    layer = nn.BatchNorm1d(2, eps=eps)
    x = np.stack([np.full(4, 3.0), np.arange(4.0)], axis=1).astype(dtype)
    y = layer(x, training=True)
    assert np.isfinite(y).all()
    np.testing.assert_array_equal(y[:, 0], 0)  # x - μ = 0 exactly, γ = 1, β = 0


# -- MLP(dropout=..., batchnorm=...) --------------------------------------------------------------
@pytest.mark.parametrize("dropout, batchnorm, block", [
    (0.0, False, [nn.Dense, nn.Tanh]),
    (0.3, False, [nn.Dense, nn.Tanh, nn.Dropout]),
    (0.0, True, [nn.Dense, nn.BatchNorm1d, nn.Tanh]),
    (0.3, True, [nn.Dense, nn.BatchNorm1d, nn.Tanh, nn.Dropout]),
])
def test_mlp_hidden_blocks(dropout, batchnorm, block):
    model = nn.MLP([4, 8, 6, 2], activation="tanh", output="softmax", dropout=dropout, batchnorm=batchnorm)
    assert [type(layer) for layer in model.layers] == block + block + [nn.Dense, nn.Softmax]
    hidden = [layer for layer in model.layers if isinstance(layer, nn.Dense)][:-1]
    assert all((layer.bias is None) == batchnorm for layer in hidden)  # β replaces the bias
    assert model.layers[-2].bias is not None
    assert [layer.p for layer in model.layers if isinstance(layer, nn.Dropout)] == [dropout] * 2 * (dropout > 0)
    assert [layer.num_features for layer in model.layers if isinstance(layer, nn.BatchNorm1d)] == [8, 6] * batchnorm


def test_mlp_spec_round_trip():
    model = nn.MLP([3, 5, 2], activation="leaky_relu", dropout=0.25, batchnorm=True)
    spec = model.to_spec()
    assert spec["layers"][1:4] == [{"type": "BatchNorm1d", "num_features": 5, "eps": 1e-5, "momentum": 0.1},
                                   {"type": "LeakyReLU", "alpha": 0.01}, {"type": "Dropout", "p": 0.25}]
    rebuilt = nn.Layer.from_spec(json.loads(json.dumps(spec)))
    assert rebuilt.to_spec() == spec and repr(rebuilt) == repr(model)


def test_mlp_predict_is_deterministic_and_training_is_not():
    rng = np.random.default_rng(0)
    model = nn.MLP([3, 16, 1], dropout=0.5, batchnorm=True, rng=rng)
    x = batch(rng, (20, 3))
    np.testing.assert_array_equal(model.predict(x), model.predict(x))
    assert not np.array_equal(model.forward(x, training=True), model.forward(x, training=True))


def test_mlp_with_dropout_and_batchnorm_learns():
    neuralab.seed(0)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((256, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.float64)  # XOR of the signs: needs the hidden layer
    model = nn.MLP([2, 32, 32, 1], dropout=0.1, batchnorm=True, rng=rng)
    history = model.fit(X, y, loss="bce_logits", optimizer=optim.Adam(model.parameters(), lr=0.01),
                        epochs=30, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert model.evaluate(X, y)["accuracy"] > 0.9


@pytest.mark.parametrize("kwargs, name", [
    ({"dropout": 1.0}, "dropout"), ({"dropout": -0.1}, "dropout"), ({"dropout": "0.5"}, "dropout"),
    ({"dropout": None}, "dropout"), ({"batchnorm": "yes"}, "batchnorm"), ({"batchnorm": 1}, "batchnorm"),
], ids=repr)
def test_mlp_bad_options_are_refused_before_drawing_weights(kwargs, name):
    state = default_rng().bit_generator.state
    with pytest.raises(ValueError, match=name):
        nn.MLP([2, 3, 1], **kwargs)
    assert default_rng().bit_generator.state == state


def test_repr_shows_only_what_differs_from_the_defaults():
    assert repr(nn.BatchNorm1d(8)) == "BatchNorm1d(8)"
    assert repr(nn.BatchNorm1d(8, momentum=0.2)) == "BatchNorm1d(8, momentum=0.2)"
    assert "BatchNorm1d(16) " in nn.MLP([2, 16, 1], batchnorm=True).summary(print_fn=None)


def test_a_gradient_of_zeros_still_counts_as_a_gradient():
    # backward wrote γ's and β's gradients with +=, which counts only a nonzero one: the optimizer
    # skipped BatchNorm where δ was all zero (a zero-initialised layer after it), and its step
    # count fell behind torch's, whose grad there is a tensor of zeros, not None
    bn = nn.BatchNorm1d(4)
    bn.forward(np.random.default_rng(0).standard_normal((8, 4)), training=True)
    bn.backward(np.zeros((8, 4)))
    assert bn.weight.has_grad and bn.bias.has_grad
    assert not bn.weight.grad.any() and not bn.bias.grad.any()


@pytest.mark.parametrize("sample", [(3,), (3, 4), (3, 1), (4,), (2,), (4, 3), (3, 4, 5), ()], ids=repr)
def test_output_shape_refuses_the_samples_forward_refuses(sample):
    # it kept any shape (Layer's default): summary printed Dense(2, 3) then BatchNorm1d(4), which
    # forward refuses
    layer = nn.BatchNorm1d(3)
    x = np.ones((2, *sample))
    if x.ndim in (2, 3) and x.shape[1] == 3:
        assert layer.output_shape(sample) == layer(x).shape[1:] == sample
    else:
        with pytest.raises(ValueError, match=r"\(batch, 3\) or \(batch, 3, length\)"):
            layer(x)
        with pytest.raises(ValueError, match=rf"^BatchNorm1d expects samples of shape \(3,\) or \(3, "
                                             rf"length\), got {re.escape(str(sample))}$"):
            layer.output_shape(sample)


def test_summary_refuses_a_batchnorm_of_another_width():
    with pytest.raises(ValueError, match=r"^layer 1 BatchNorm1d\(4\): BatchNorm1d expects samples of "
                                         r"shape \(4,\) or \(4, length\), got \(3,\)$"):
        nn.Sequential(nn.Dense(2, 3), nn.BatchNorm1d(4)).summary(print_fn=None)
    text = nn.Sequential(nn.Dense(2, 3), nn.BatchNorm1d(3), nn.ReLU()).summary(print_fn=None)
    assert "BatchNorm1d(3)  (None, 3)" in text


def test_a_failed_sequential_forward_puts_back_the_running_statistics_it_moved():
    # a Sequential forward that failed in a later layer kept layer 0's new running statistics
    model = nn.Sequential(nn.BatchNorm1d(2), nn.Dense(3, 1))
    x = np.arange(8.0).reshape(4, 2)
    with pytest.raises(ValueError, match=r"layer 1 Dense"):
        model.forward(x, training=True)
    np.testing.assert_array_equal(model[0].running_mean, np.zeros(2))
    np.testing.assert_array_equal(model[0].running_var, np.ones(2))
    model[0](x, training=True)  # a pass that succeeded stays
    model[0].undo_running_update()
    np.testing.assert_array_equal(model[0].running_mean, np.zeros(2))
    model[0].running_mean[...] = 7.0  # changed since: a second call putting the old ones back would show
    model[0].undo_running_update()  # once only: a second call puts back nothing older
    np.testing.assert_array_equal(model[0].running_mean, np.full(2, 7.0))
    model[0].running_mean[...] = 0.0
    model[0](x, training=True)
    mean = model[0].running_mean.copy()
    model[0](x)  # evaluation moves nothing, so there is nothing to undo
    model[0].undo_running_update()
    np.testing.assert_array_equal(model[0].running_mean, mean)


def test_gamma_and_beta_keep_their_shape_when_set_by_hand():
    # γ of 3 values in a BatchNorm1d(4) was taken, and forward failed with NumPy's broadcast error
    layer = nn.BatchNorm1d(4)
    with pytest.raises(ValueError, match=r"^weight\.data must keep its shape \(4,\), got an array of shape \(3,\)"):
        layer.weight.data = np.ones(3)
    with pytest.raises(ValueError, match=r"^bias\.data must keep its shape \(4,\)"):
        layer.bias = nn.Parameter(np.zeros((4, 1)))
    layer.weight.data = [1, 2, 3, 4]
    assert layer.weight.data.dtype == layer.bias.data.dtype


@pytest.mark.parametrize("overflow, error", [("raise", FloatingPointError), ("warn", RuntimeWarning)])
def test_fz_a_running_variance_past_float32_s_range_raises_with_both_statistics_kept(overflow, error):
    # float64 inputs of 1e20 give σ² = 1e40, past a float32 running_var: under
    # np.errstate(over="raise") the error came after running_mean had moved, and under a
    # warnings filter of "error" (pytest's here) after running_var had become inf as well
    bn = nn.BatchNorm1d(2)
    bn.running_mean[...] = [0.5, -0.5]
    kept = bn.running_mean.copy(), bn.running_var.copy()
    X = np.array([[1e20, 1.0], [-1e20, 2.0], [3e20, 0.0]])
    with warnings.catch_warnings(), np.errstate(over=overflow):
        warnings.simplefilter("error")
        with pytest.raises(error):
            bn.forward(X, training=True)
        np.testing.assert_array_equal(bn.running_mean, kept[0])
        np.testing.assert_array_equal(bn.running_var, kept[1])
        with pytest.raises(error):  # in a model too, the layer that raised included
            nn.Sequential(nn.Identity(), bn).forward(X, training=True)
        np.testing.assert_array_equal(bn.running_var, kept[1])
