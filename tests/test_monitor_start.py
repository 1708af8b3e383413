"""The Monitor keeps the network as it started, before any step (``start_activations``), exactly:
what ``plots.layer_stats(monitor, record="start")`` draws, for the figures of initial weights."""
import copy
import json

import numpy as np
import pytest

import neuralab
from neuralab import data, nn
from neuralab.train import Monitor, plots
from neuralab.train.layer_stats import mean_std, unit_spread


def _model():
    """A small MLP with a BatchNorm (running statistics that training moves) and small weights."""
    neuralab.seed(0)
    return nn.Sequential(nn.Dense(2, 16, init="normal"), nn.BatchNorm1d(16), nn.ReLU(),
                         nn.Dense(16, 16, init="normal"), nn.Tanh(), nn.Dense(16, 1))


def _fit(model, callbacks):
    X, y = data.load("moons", n_samples=120, noise=0.3, seed=0)
    model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=2, batch_size=16, verbose=0, seed=0,
              callbacks=callbacks)


def _activation_stats(model, probe):
    """{name: (std, spread)} of the model's activation layers on ``probe``, in evaluation mode (as
    the Monitor computes them, float32 and all: what differs can only be the weights)."""
    out, a = {}, probe
    for i, layer in enumerate(model.layers):
        a = layer.forward(a, training=False)
        if isinstance(layer, nn.Activation):
            out[f"{i} {type(layer).__name__}"] = (mean_std(a)[1], unit_spread(a))
    return out


@pytest.mark.parametrize("given_probe", [False, True], ids=["collected probe", "probe given"])
def test_the_start_is_the_initial_weights_exactly_and_training_is_untouched(given_probe):
    model = _model()
    initial = copy.deepcopy(model)
    X, _ = data.load("moons", n_samples=120, noise=0.3, seed=1)
    # 40 rows: a collected probe fills over 3 batches of 16, while the weights move
    monitor = Monitor(every=5, probe=X[:40] if given_probe else None, probe_size=40)
    _fit(model, [monitor])

    assert len(monitor.probe) == 40
    expected = _activation_stats(initial, monitor.probe)
    assert set(monitor.start_activations) == set(expected) == {"2 ReLU", "4 Tanh"}
    for name, (std, spread) in expected.items():
        assert monitor.start_activations[name]["std"] == pytest.approx(std, rel=1e-12)
        assert monitor.start_activations[name]["spread"] == pytest.approx(spread, rel=1e-12)
    # and saved with the rest, as JSON
    saved = json.loads(json.dumps(monitor.to_dict()))["start_activations"]
    assert saved["4 Tanh"]["spread"] == pytest.approx(expected["4 Tanh"][1], rel=1e-12)
    # the first record, after the first step, is another network's
    assert monitor.activations["2 ReLU"]["std"][0] != pytest.approx(expected["2 ReLU"][0], rel=1e-12)
    for name, layer in (("0 Dense", initial.layers[0]), ("3 Dense", initial.layers[3])):
        assert monitor.start_norms[name] == pytest.approx(np.linalg.norm(layer.weight.data), rel=1e-12)

    # the starting weights were run through and put back: training went as it does unwatched
    twin = copy.deepcopy(initial)
    _fit(twin, [])
    for (name, p), (_, q) in zip(model.named_parameters(), twin.named_parameters()):
        np.testing.assert_array_equal(p.data, q.data, err_msg=name)
    for (name, b), (_, c) in zip(model.named_buffers(), twin.named_buffers()):
        np.testing.assert_array_equal(b, c, err_msg=name)


def test_layer_stats_draws_the_start_and_refuses_a_monitor_that_kept_none():
    model = _model()
    monitor = Monitor(every=5)
    _fit(model, [monitor])
    ax = plots.layer_stats(monitor, stat="activation_spread", record="start").axes[0]
    drawn = ax.lines[0].get_ydata()
    np.testing.assert_allclose(drawn, [monitor.start_activations[n]["spread"] for n in ("2 ReLU", "4 Tanh")])
    assert ax.get_title().endswith("at the start (the initial weights)")
    grads = plots.layer_stats(monitor, stat="gradient_norm", record="start").axes[0].lines[0].get_ydata()
    np.testing.assert_allclose(grads, [w["grad_norm"][0] for w in monitor.weights.values()])

    monitor.start_activations = {}
    with pytest.raises(ValueError, match=r"kept no activations of the initial weights.*Monitor\(probe="):
        plots.layer_stats(monitor, record="start")


def test_the_start_std_of_a_deep_network_of_tiny_weights_is_its_float64_value_not_0():
    # 20 tanh layers of N(0, 0.01²) weights in float32: the activations shrink ~35-fold a layer, to
    # ~1e-31 at the 20th, whose float32 squares (1e-62) are 0: the std was drawn as exactly 0 from the
    # 18th layer on, where the spread (computed in float64) was 1e-27
    rng = np.random.default_rng(0)
    layers = []
    for _ in range(20):
        dense = nn.Dense(8, 8)
        dense.weight.data[...] = rng.normal(0, 0.01, (8, 8))
        layers += [dense, nn.Tanh()]
    model = nn.Sequential(*layers, nn.Dense(8, 1))
    initial = copy.deepcopy(model)
    X = rng.standard_normal((64, 8)).astype(np.float32)
    monitor = Monitor(every=1, probe=X)
    model.fit(X, X[:, :1], loss="mse", optimizer="sgd", epochs=1, batch_size=64, verbose=0, seed=0,
              callbacks=[monitor])

    names, a = list(monitor.start_activations), X
    assert len(names) == 20 and model.layers[0].weight.data.dtype == np.float32
    expected = []
    for layer in initial.layers[:-1]:
        a = layer.forward(a, training=False)
        if isinstance(layer, nn.Tanh):
            expected.append(np.asarray(a, np.float64).std())
    assert 0 < expected[-1] < 1e-25   # activations whose squares underflow in float32
    kept = [monitor.start_activations[n]["std"] for n in names]
    np.testing.assert_allclose(kept, expected, rtol=1e-5)
    drawn = plots.layer_stats(monitor, record="start").axes[0].lines[0].get_ydata()
    np.testing.assert_allclose(drawn, expected, rtol=1e-5)
