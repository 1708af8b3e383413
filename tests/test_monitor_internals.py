"""The Monitor's internals a user relies on without seeing them: the layers its names stand for
(``Monitor.watched``), each finding computed once per report, the input statistics computed once
when they cannot change, a brief jump of the loss that survives the thinning of a long run, and
weights too small for the depth named as the cause of vanishing gradients."""
import numpy as np
import pytest
import torch

import neuralab
from neuralab import data, nn, optim
from neuralab.train import LambdaCallback, Monitor
from neuralab.train import diagnose_loss, diagnose_symmetry, monitor_records
from neuralab.train.diagnose_scale import small_start
from neuralab.train.layer_stats import unit_spread


def _mi_moons(n=300, seed=0):
    X, y = data.load("moons", n_samples=n, noise=0.2, seed=seed)
    return data.Standardizer().fit_transform(X), y


# -- the layers the names stand for ------------------------------------------------------------

def test_watched_pairs_each_name_of_the_records_with_the_layer_it_stands_for():
    X, y = _mi_moons()
    body = nn.Sequential(nn.Dense(2, 8), nn.Tanh())
    model = nn.Sequential(body, nn.Dense(8, 1))       # a nested Sequential is opened
    monitor = Monitor(every=5)
    model.fit(X, y, loss="bce_logits", optimizer="adam", epochs=1, callbacks=[monitor], verbose=0)
    assert [name for name, _ in monitor.watched] == ["0.0 Dense", "0.1 Tanh", "1 Dense"]   # summary's rows
    layers = dict(monitor.watched)
    assert layers["0.0 Dense"] is body.layers[0] and layers["1 Dense"] is model.layers[1]
    assert list(monitor.weights) == ["0.0 Dense", "1 Dense"] and list(monitor.activations) == ["0.1 Tanh"]
    # a monitor given to another model's fit starts afresh and names that model's layers
    other = nn.MLP([2, 4, 1])
    other.fit(X, y, loss="bce_logits", optimizer="adam", epochs=1, callbacks=[monitor], verbose=0)
    assert [layer for _, layer in monitor.watched] == list(other.layers)


# -- each finding once per report --------------------------------------------------------------

def test_a_report_finds_the_loss_spike_once_though_several_rules_read_it(count_calls, spiking_monitor):
    # learning_rate_too_high and late_rise read the spike; pinned_output, exploding_activations and
    # no_gradient read learning_rate_too_high: the spike was found three times in one report
    monitor = spiking_monitor
    spikes = count_calls(diagnose_loss, "_spike")
    alike = count_calls(diagnose_symmetry, "_units_alike")
    report = monitor.report()
    assert "learning_rate_too_high" in report.names and "jumped" in str(report)
    assert len(spikes) == 1
    # the symmetric units rule, which five others read, looks at each hidden weight layer once
    assert len(alike) == len(monitor.weights) - 1
    # a report reads the records anew: nothing is kept from the one before
    monitor.report()
    assert len(spikes) == 2


# -- the inputs' statistics once when they cannot change ---------------------------------------

def test_the_input_statistics_are_computed_once_the_probe_is_complete(count_calls):
    X, y = _mi_moons()
    calls = count_calls(monitor_records, "input_columns")
    monitor = Monitor(every=1)                     # the probe: the first 64 inputs, two batches of 32
    nn.MLP([2, 8, 1]).fit(X, y, loss="bce_logits", optimizer="adam", epochs=3, batch_size=32,
                          shuffle=False, callbacks=[monitor], verbose=0)
    assert monitor.records == 30 and [len(x) for x, in calls] == [32, 64]   # while it filled, then never
    np.testing.assert_allclose(monitor.inputs["mean"], X[:64].mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(monitor.inputs["std"], X[:64].std(axis=0), rtol=1e-5)


def test_the_input_statistics_follow_a_batchnorm_in_front_whose_statistics_move(count_calls):
    X, y = _mi_moons()
    X = X * 3 + 5
    neuralab.seed(0)
    model = nn.Sequential(nn.BatchNorm1d(2), nn.Dense(2, 8), nn.ReLU(), nn.Dense(8, 1))
    probe = X[:40]
    calls = count_calls(monitor_records, "input_columns")
    monitor = Monitor(every=1, probe=probe)
    model.fit(X, y, loss="bce_logits", optimizer="adam", epochs=2, batch_size=30, callbacks=[monitor],
              verbose=0)
    assert len(calls) == monitor.records == 20     # its running statistics change what Dense takes
    taken = model.layers[0].forward(probe.astype(np.float32), training=False)
    np.testing.assert_allclose(monitor.inputs["mean"], taken.mean(axis=0), rtol=1e-4, atol=1e-5)


# -- a brief jump of the loss survives the thinning --------------------------------------------

def _mi_fit_with_a_jump(jump, epochs=120):
    """A 2-16-16-1 tanh network fitted on moons (SGD, lr 0.5, batches of 32: 10 steps an epoch) by a
    Monitor that keeps at most 32 entries, where the batches of the steps ``jump`` (counted from 0)
    see the output layer's weights negated and every weight is put back after them: the loss jumps
    for those steps, and training goes on as if they had not been. The monitor, the batch losses."""
    X, y = data.load("moons", n_samples=320, noise=0.2, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 16, 16, 1], activation="tanh")
    kept, losses = [], []

    def negate(batch, logs=None):
        if len(losses) in jump:
            kept.append([p.data.copy() for p in model.parameters()])
            model.layers[-1].weight.data *= -1

    def put_back(batch, logs=None):
        if kept:
            for p, w in zip(model.parameters(), kept.pop()):
                p.data[...] = w
        losses.append(float(logs["loss"]))
    monitor = Monitor(max_records=32)
    jumping = LambdaCallback(on_batch_begin=negate, on_batch_end=put_back)
    model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.5), epochs=epochs,
              batch_size=32, callbacks=[jumping, monitor], verbose=0)
    return monitor, np.array(losses)


def test_a_jump_of_three_steps_is_still_seen_once_the_loss_series_is_thinned():
    monitor, losses = _mi_fit_with_a_jump(range(720, 723))
    assert monitor.loss_every == 64 and len(monitor.loss["loss"]) < 32      # thinned 6 times
    assert losses[720:723].min() > 1000 * np.median(losses[600:720])      # the jump, 3 steps long
    # each entry's mean hides it (3 of its 64 steps), its peak keeps it: the largest median of the 3
    # batch losses up to a step (3 batches of 32 cover 32 samples; fewer at the first steps), over the
    # entry's steps, and the step where those 3 began
    begins = np.maximum(np.arange(len(losses)) - 2, 0)
    levels = np.array([np.median(losses[b:e + 1]) for e, b in enumerate(begins)])
    for i, step in enumerate(monitor.loss["step"]):
        entry = slice(step - 64, step)                     # the entry's steps, counted from 0
        assert monitor.loss["peak"][i] == pytest.approx(levels[entry].max(), rel=1e-12)
        assert monitor.loss["peak_step"][i] == begins[entry][np.argmax(levels[entry])] + 1
    (d,) = monitor.report()
    assert d.name == "learning_rate_too_high" and "around step 721" in d.evidence
    peak = float(np.median(losses[720:723]))
    assert f"jumped to {peak:.3g}" in d.evidence
    # the same run without the jump: nothing to say
    assert _mi_fit_with_a_jump(())[0].report() == []


# -- weights too small for the depth -----------------------------------------------------------

def test_spread_is_the_root_mean_square_of_each_units_std_over_the_samples():
    a = np.random.default_rng(0).standard_normal((50, 7)) * np.arange(1, 8) + np.arange(7) * 100
    expected = torch.tensor(a).var(dim=0, unbiased=False).mean().sqrt().item()
    assert unit_spread(a) == pytest.approx(expected, rel=1e-12)
    assert unit_spread(np.ones((5, 3)) * [1.0, -4.0, 9.0]) == 0      # offsets per unit: no spread


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_weights_too_small_for_the_depth_are_vanishing_gradients_with_their_cause(activation, optimizer):
    # the course's experiment: N(0, 0.01²) weights in a 4-hidden-layer network. The activations
    # shrink ~25-fold per layer, the gradients of every layer with them, and the ratio of the first
    # layer's to the last's stays near 1: nothing was said (or only "dead ReLUs")
    X, y = _mi_moons()
    neuralab.seed(0)
    model = nn.MLP([2, 16, 16, 16, 16, 1], activation=activation, init="normal")
    opt = (optim.SGD(model.parameters(), lr=0.1) if optimizer == "sgd" else
           optim.Adam(model.parameters(), lr=0.01))
    monitor = Monitor()
    model.fit(X, y, loss="bce_logits", optimizer=opt, epochs=20, callbacks=[monitor], verbose=0)
    report = monitor.report()
    # (no gradient at all, when it says so, now names the start as the cause, not the dead ReLUs)
    assert report.names in (["vanishing_gradients"], ["no_gradient", "vanishing_gradients"])
    if "no_gradient" in report.names:
        assert "Why: weights too small for the depth" in report[0].evidence
    (d,) = [d for d in report if d.name == "vanishing_gradients"]
    assert d.severity == "severe"
    evidence = d.evidence
    assert "the weights started too small for the depth" in evidence and "shrink" in evidence
    # the numbers it quotes are the records': ‖W‖ at the start over Xavier's norm, the spreads at step 1
    share = monitor.start_norms["2 Dense"] / np.sqrt(16 * 16 * 2 / 32)
    assert 0.02 < share < 0.06 and f"2 Dense {share:.3g}" in evidence
    kind = {"tanh": "Tanh", "relu": "ReLU"}[activation]
    first, last = (monitor.activations[f"{i} {kind}"]["spread"][0] for i in (1, 7))
    assert f"shrink {first / last:.3g}-fold" in evidence and first / last > 100
    # the remedy is the start that suits the activation, not "use ReLU" (which shrinks the same)
    assert 'init="he_normal" (init="xavier_uniform" for tanh/sigmoid)' in d.remedies[0]
    assert not any("ReLU" in r and r.startswith("use") for r in d.remedies)


def test_gradients_that_grow_as_weights_too_small_recover_are_no_explosion():
    # Adam lifts N(0, 0.01²) weights of a 50-wide network to their scale within 20 epochs: the
    # total gradient norm grew 7e4-fold as they did, and was reported "exploding gradients: clip
    # the gradients, lower the learning rate"
    X, y = data.load("moons")
    model = nn.MLP([2, 50, 50, 50, 50, 1], activation="relu", output="sigmoid", init="normal",
                   rng=np.random.default_rng(0))
    monitor = Monitor()
    model.fit(X, y, loss="bce", optimizer="adam", epochs=20, callbacks=[monitor], verbose=0)
    total = np.sqrt(sum(np.square(w["grad_norm"]) for w in monitor.weights.values()))
    assert total[-5:].min() > 1e3 * total[0]                  # they grew, as the weights did
    assert monitor.report().names == ["vanishing_gradients"]   # whose evidence names the start


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_weights_at_xavier_or_he_scale_are_never_too_small_whatever_the_depth_and_width(activation):
    X, y = _mi_moons(200)
    found = {}
    for width in (4, 8, 32, 64):
        for hidden in (4, 6, 10):
            for seed in (0, 1):
                for init in (None, "normal"):          # He for ReLU, Xavier for tanh; N(0, 0.01²)
                    neuralab.seed(seed)
                    model = nn.MLP([2] + [width] * hidden + [1], activation=activation, init=init)
                    monitor = Monitor(every=1000)        # one record: step 1
                    model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.1),
                              epochs=1, callbacks=[monitor], verbose=0)
                    found[init, width, hidden, seed] = small_start(monitor) is not None
    assert not any(v for (init, *_), v in found.items() if init is None)
    assert all(v for (init, *_), v in found.items() if init == "normal")
