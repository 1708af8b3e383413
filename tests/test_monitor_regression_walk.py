"""A learner's regression project, read by the training Monitor: flats whose area (m²) and year of
building (about 1970) are left raw, a price left in euros, learning rates too high. The report led
with the wrong cause (a learning rate to lower again and again, when the inputs were in thousands;
dead units and a lower rate, when the target was in euros), advised both a lower and a larger
learning rate at once, and named remedies the run already had (He initialisation, biases at 0), and
an output pinned by large steps was told to lower a learning rate already lowered."""
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import DivergenceWarning, LearningRateScheduler, Monitor, diagnose
from neuralab.train.diagnose_progress import PACE, SMALL_STEPS, _not_levelled, step_size

STANDARDISE_FIRST = "standardise the inputs with data.Standardizer first: column 0 (μ"


def _rw_flats(n=600, seed=0):
    """(X, y) of ``n`` flats: area in m², rooms, floor, year built, balcony, district (raw), and the
    price in euros (root mean square about 4.4e5)."""
    rng = np.random.default_rng(seed)
    area = rng.normal(95, 35, n).clip(25)
    year = rng.normal(1970, 40, n).clip(1900, 2020)
    rooms = np.round(area / 28 + rng.normal(0, 0.7, n)).clip(1)
    floor = rng.integers(0, 10, n).astype(float)
    balcony, district = (rng.random(n) < 0.4).astype(float), (rng.random(n) < 0.3).astype(float)
    price = (3000 * area * (1 + 0.3 * district) + 400 * (year - 1900) ** 1.3 + 20000 * balcony
             + rng.normal(0, 3e4, n))
    return np.column_stack([area, rooms, floor, year, balcony, district]), price.reshape(-1, 1)


def _rw_standardised(a):
    return data.Standardizer().fit_transform(a)


def _rw_fit(X, y, sizes, optimizer, lr, epochs, batch_size=32, callbacks=(), **mlp):
    """A ReLU MLP of ``sizes`` fitted with MSE under a Monitor, after ``callbacks``: (monitor, history,
    DivergenceWarning messages)."""
    neuralab.seed(0)
    model = nn.MLP(sizes, rng=np.random.default_rng(0), **mlp)
    monitor = Monitor(every=10)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y, loss="mse", optimizer=optimizer(model.parameters(), lr=lr), epochs=epochs,
                            batch_size=batch_size, verbose=0, seed=0, callbacks=[*callbacks, monitor])
    return monitor, history, [str(w.message) for w in caught if issubclass(w.category, DivergenceWarning)]


def _rw_finding(report, name):
    (d,) = [d for d in report if d.name == name]
    return d


# 1. raw inputs under SGD: the inputs' scale, not the learning rate alone, first

@pytest.mark.parametrize("lr", [0.01, 1e-4])
def test_raw_inputs_that_diverge_are_named_first_and_the_warning_says_to_standardise_them(lr):
    X, y = _rw_flats()
    monitor, history, said = _rw_fit(X, _rw_standardised(y), [6, 32, 16, 1], optim.SGD, lr, 10)
    assert monitor.diverged and monitor.divergence_cause == "learning_rate"
    (message,) = said
    # the year's μ over all of X (1967), not over the batch that diverged (1.96e+03)
    assert STANDARDISE_FIRST in message and "column 3 (μ 1.97e+03, σ 33.7)" in message
    assert message.endswith(f"are far from unit scale, and each step of the first layer's weights grows with them; "
                            f"then, if it still diverges, try a lower learning rate (now {lr:g})")
    assert history.stop_reason in message
    report = monitor.report()
    first = report[0]
    assert first.name == "unscaled_inputs" and first.severity == "severe"
    # the fact: the evidence says why; fit's stop reason says to standardise them, once (its remedy is that)
    assert first.advice() == [] and "standardise the inputs" not in report.text()
    assert first.evidence.endswith("times their size on standardised inputs, which is why training diverged")
    assert "standardise the" not in first.evidence.lower()
    assert "learning_rate_too_high" in report.names
    # He initialisation drew the weights: the activations that grew at step 1 grew by that first step
    assert "exploding_activations" not in report.names


def test_raw_inputs_at_a_rate_too_small_to_diverge_still_lead_with_the_inputs():
    X, y = _rw_flats()
    monitor, _, said = _rw_fit(X, _rw_standardised(y), [6, 32, 16, 1], optim.SGD, 1e-5, 10)
    assert not monitor.diverged and not said
    report = monitor.report()
    assert report.names[0] == "unscaled_inputs" and report[0].severity == "severe"
    assert "Steps of z = W x + b grow with |x|²: " in report[0].evidence
    assert "exploding_activations" not in report.names


def test_the_steps_raw_inputs_made_too_large_are_quoted_at_the_rates_they_were_taken_at():
    # the same run, its rate lowered to 1e-6 from epoch 5 (step 96): the loss jumped at step 2, at lr 1e-5,
    # and the evidence read "the steps were too large at lr 1e-06", the last record's
    X, y = _rw_flats()
    monitor, _, _ = _rw_fit(X, _rw_standardised(y), [6, 32, 16, 1], optim.SGD, 1e-5, 10,
                            callbacks=[LearningRateScheduler(lambda epoch, lr: 1e-6 if epoch >= 5 else lr)])
    assert monitor.lr_changes == [(1, 1e-5), (96, 1e-6)] and monitor.lr == 1e-6
    inputs = _rw_finding(monitor.report(), "unscaled_inputs")
    assert "which is why they were too large while the lr fell from 1e-05 to 1e-06 at step 96 (see" \
        in inputs.evidence
    assert "at lr 1e-06" not in inputs.evidence


def test_standardised_inputs_train_and_their_divergence_is_the_learning_rates_alone():
    X, y = _rw_flats()
    Xs, ys = _rw_standardised(X), _rw_standardised(y)
    monitor, history, _ = _rw_fit(Xs, ys, [6, 32, 16, 1], optim.SGD, 0.01, 10)
    # nothing of scale: 10 epochs end at R² 0.89, the loss still falling, a run cut short
    assert history.history["r2"][-1] > 0.8 and monitor.report().names == ["cut_short"]
    monitor, _, said = _rw_fit(Xs, ys, [6, 32, 16, 1], optim.SGD, 30.0, 10)
    (message,) = said
    assert "standardise" not in message and message.endswith("try a lower learning rate (now 30)")
    assert "unscaled_inputs" not in monitor.report().names


@pytest.mark.parametrize("lr", [0.01, 1e-3])
def test_a_target_in_euros_that_diverges_is_named_before_a_lower_learning_rate(lr):
    # standardised inputs and the price in euros under SGD: told "try a lower learning rate" at every
    # rate, as the raw inputs were, while the gradient 2(ŷ - y)/m grows with y
    X, y = _rw_flats()
    monitor, history, said = _rw_fit(_rw_standardised(X), y, [6, 32, 16, 1], optim.SGD, lr, 10)
    assert monitor.diverged
    (message,) = said
    assert "standardise the inputs" not in message
    target = message.index("standardise the targets with a data.Standardizer on y first (its inverse_transform")
    assert target < message.index(f"then, if it still diverges, try a lower learning rate (now {lr:g})")
    assert float(message.split("their root mean square is ")[1].split(",")[0]) > 1e5
    assert history.stop_reason in message


def test_raw_inputs_and_a_target_in_euros_are_both_named_inputs_first():
    X, y = _rw_flats()
    _, _, (message,) = _rw_fit(X, y, [6, 32, 16, 1], optim.SGD, 0.01, 10)
    assert STANDARDISE_FIRST in message
    assert message.index(STANDARDISE_FIRST) < message.index("standardise the targets") < message.index(
        "then, if it still diverges, try a lower learning rate (now 0.01)")


def test_a_classifier_that_diverges_is_never_told_of_its_targets():
    X, y = data.moons(200, noise=0.2, seed=0)
    model = nn.MLP([2, 16, 2], rng=np.random.default_rng(0))
    with pytest.warns(DivergenceWarning) as caught:
        model.fit(X, y, loss="cross_entropy", optimizer=optim.SGD(model.parameters(), lr=1e6), epochs=5, verbose=0)
    message = str(caught[0].message)
    assert "targets" not in message and "try a lower learning rate (now 1e+06)" in message


# 2. a target left in euros under Adam: named while the loss still falls, before the units it killed

@pytest.fixture(scope="module")
def rw_target_runs():
    """The flats' price in euros and standardised, Adam at lr 0.003, 80 epochs of batches of 16:
    {"euros": (monitor, history), "standardised": ...}."""
    X, y = _rw_flats()
    Xs = _rw_standardised(X)
    runs = {}
    for name, target in (("euros", y), ("standardised", _rw_standardised(y))):
        monitor, history, _ = _rw_fit(Xs, target, [6, 32, 16, 1], optim.Adam, 3e-3, 80, batch_size=16)
        runs[name] = monitor, history
    return runs


def test_a_target_in_euros_still_falling_at_the_end_is_reported_first(rw_target_runs):
    monitor, history = rw_target_runs["euros"]
    # past half the variance (R² 0.84): the rule read "no problem" there, where standardised it reaches 0.97
    r2, r2_standardised = history.history["r2"][-1], rw_target_runs["standardised"][1].history["r2"][-1]
    assert 0.5 < r2 < r2_standardised - 0.05
    report = monitor.report()
    first = report[0]
    assert first.name == "unscaled_target" and first.severity == "severe"
    assert "the loss was still falling steadily as the run ended, from " in first.evidence
    assert f"training R² {r2:.2f}" in first.evidence
    assert first.advice()[0].startswith("standardise the target (mean 0, std 1) for training")
    for d in report[1:]:     # dead units the climb to the target switched off: no lower rate, it is slower still
        assert d.name != "dead_relus" or not any(r.key == "lr" for r in d.remedies)


def test_the_same_run_on_a_standardised_target_is_not_reported(rw_target_runs):
    monitor, _ = rw_target_runs["standardised"]
    assert "unscaled_target" not in monitor.report().names


def _rw_target_records(epoch_loss, r2):
    """A Monitor's records set by hand (the rules only read them): MSE targets of mean 30 and std 1,
    the epoch losses ``epoch_loss`` and a training R² of ``r2``."""
    m = Monitor(every=1)
    n = len(epoch_loss)
    m.epoch_logs = {"epoch": list(range(n)), "loss": list(epoch_loss), "r2": [r2] * n}
    m.epochs_seen, m.first_losses, m.step = n, [epoch_loss[0]], 10 * n
    m.target = {"samples": 100, "mean": [30.0], "std": [1.0]}
    return m


def test_a_target_far_from_unit_scale_that_has_levelled_off_is_left_alone():
    falling = [900.0, 20.0, 5.0, 2.0, 1.0, 0.8, 0.6, 0.5, 0.45, 0.4]
    assert "unscaled_target" in diagnose(_rw_target_records(falling, 0.6)).names
    levelled = falling[:7] + [0.4, 0.41, 0.4]
    assert "unscaled_target" not in diagnose(_rw_target_records(levelled, 0.6)).names


# 3. one report never advises both a lower and a larger learning rate

def test_a_learning_rate_too_high_is_not_also_told_to_rise():
    # Adam at lr 5: every unit of a layer dead, and the loss falling in tiny steps while the output's
    # bias finds the mean: "still improving, in small steps" would read so on its own
    X, y = _rw_flats()
    monitor, history, _ = _rw_fit(_rw_standardised(X), _rw_standardised(y), [6, 16, 16, 1], optim.Adam, 5.0, 20)
    assert _not_levelled(monitor, PACE) is not None and step_size(monitor) < SMALL_STEPS
    report = monitor.report()
    assert "learning_rate_too_high" in report.names
    assert "still_improving" not in report.names and "learning_rate_too_low" not in report.names
    said = " ".join(" ".join(d.advice()) for d in report)
    assert "lower the learning rate" in said and "raise the learning rate" not in said


# 4. the remedies of dead ReLU units leave out what the run has

@pytest.mark.parametrize("variant, he, biases", [("defaults", False, False), ("xavier", True, False),
                                                 ("biases", False, True)])
def test_dead_relu_remedies_name_only_what_the_run_lacks(variant, he, biases):
    X, y = _rw_flats()
    neuralab.seed(0)
    model = nn.MLP([6, 64, 32, 1], rng=np.random.default_rng(0),
                   **({"init": "xavier_uniform"} if variant == "xavier" else {}))
    if variant == "biases":
        for layer in model.layers:
            if isinstance(layer, nn.Dense):
                layer.bias.data[:] = -0.1
    monitor = Monitor(every=10)
    model.fit(_rw_standardised(X), _rw_standardised(y), loss="mse", optimizer=optim.Adam(model.parameters(), lr=0.1),
              epochs=30, verbose=0, seed=0, callbacks=[monitor])
    assert monitor.start_biases == pytest.approx({name: 0.1 if biases else 0.0 for name in monitor.weights})
    report = monitor.report()
    dead = _rw_finding(report, "dead_relus")
    advice = dead.advice()
    assert any(r.startswith("He initialisation") for r in advice) == he
    assert any(r.startswith("check the biases") for r in advice) == biases
    # the first step of lr 0.1 switched them off: Learning rate too high says so, and the lower rate, once
    assert _rw_finding(report, "learning_rate_too_high").advice()[0].startswith("lower the learning rate")
    assert advice[0].startswith("leaky ReLU") and dead.evidence.endswith("see Learning rate too high")


# 6. an output pinned by large steps, after the lr was lowered: fresh weights, not a lower lr again

def test_an_output_pinned_by_large_steps_gets_fresh_weights_once_the_lr_is_lowered():
    X, y = data.load("moons", n_samples=400, noise=0.1, seed=1)
    X, y = 4 * X[:200], y[:200].reshape(-1, 1).astype(np.float64)
    neuralab.seed(1)
    model = nn.MLP([2, 8, 1], activation="tanh", output="sigmoid")
    monitor, optimizer = Monitor(), optim.SGD(model.parameters(), lr=30)
    for lr in (30, 0.1):       # as the playground's Learning rate box does between two runs
        optimizer.lr = lr
        model.fit(X, y, loss="bce", optimizer=optimizer, epochs=60, batch_size=10, callbacks=[monitor], verbose=0)
        pinned = _rw_finding(monitor.report(), "pinned_output")
        advice = pinned.advice()
        assert advice[0].startswith("compute the binary cross-entropy from the logits")
        if lr == 30:
            assert advice[1].startswith("a lower learning rate") and "fresh weights" not in " ".join(advice)
    assert ("The learning rate was lowered since (lr fell from 30 to 0.1 at step 1,201), which leaves the weights as "
            "large as they grew") in pinned.evidence
    assert advice[1].startswith("start again from fresh weights")
    assert not any(r.startswith("a lower learning rate") for r in advice)
    assert pinned.advice("play")[0].endswith("reset the weights (↺), then press play")
