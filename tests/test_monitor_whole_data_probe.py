"""A probe that holds every training input judges dead units however few they are: XOR's 4 points
are the data itself, and a 2-4-1 ReLU network stuck at 75 % with half its units dead on all of
them was reported as "no problems found" (the rule wanted 10 probe rows, against a unit at 0 on
a few rows of many that wakes for the others)."""
import neuralab
from neuralab import data, nn, optim, train


def _wp_xor_run(seed, probe=None):
    X, y = data.load("xor_gate")
    neuralab.seed(seed)
    net = nn.MLP([2, 4, 1], activation="relu", output="sigmoid")
    monitor = train.Monitor(every=5, probe=probe)
    net.fit(X, y, loss="bce", optimizer=optim.Adam(net.parameters(), lr=0.05), epochs=500,
            batch_size="full", verbose=0, callbacks=[monitor])
    return monitor


def test_dead_units_on_every_one_of_xors_four_points_are_reported():
    monitor = _wp_xor_run(3)
    assert monitor.probe_is_all and len(monitor.probe) == 4
    assert monitor.activations["1 ReLU"]["dead"][-1] >= 0.5
    (found,) = [d for d in monitor.report() if d.name == "dead_relus"]
    assert "units that output 0 on all 4 training rows, at step" in found.evidence


def test_a_few_rows_of_the_users_own_probe_still_judge_nothing():
    X, _ = data.load("xor_gate")
    monitor = _wp_xor_run(3, probe=X[:3])
    assert not monitor.probe_is_all
    assert "dead_relus" not in monitor.report().names


def test_a_probe_of_64_rows_of_larger_data_is_not_the_whole_data():
    X, y = data.load("moons", n_samples=200, seed=0)
    monitor = train.Monitor(every=5)
    nn.MLP([2, 4, 1], output="sigmoid").fit(X, y, loss="bce", optimizer="adam", epochs=2, verbose=0,
                                             callbacks=[monitor])
    assert len(monitor.probe) == 64 and not monitor.probe_is_all
