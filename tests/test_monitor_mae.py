"""The training monitor under the mean absolute error (loss="mae", nn.L1Loss). It reads a
regression's targets as it does under MSE, and weighs the loss against MAE's own baselines: the
loss of an output of 0 is mean |y|, that of the best constant (the median) mean |y − median|,
both exact over the first epoch's targets. A target far from unit scale is then named under MAE
as under MSE (it was "Learning rate too low"); the rules about squared errors alone (a gradient
that grows with the target, targets whose squared errors overflow) stay MSE's; a sigmoid output
pinned on 0/1 targets is judged against MAE's cost of answering 0.5."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim, train
from neuralab.train.diagnosis import short_number
from neuralab.train.target_stats import far_target_rms


def _fit(X, y, loss, opt="sgd", epochs=10, batch_size=32, hidden=16):
    neuralab.seed(0)
    model = nn.MLP([X.shape[1], hidden, 1], activation="tanh")
    monitor = train.Monitor()
    model.fit(X, y, loss=loss, optimizer=opt, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=[monitor])
    return model, monitor


def _as_trained(y):
    """The targets as the loss cached them (in their own dtype), as float64."""
    return np.asarray(y).astype(np.float64).reshape(len(y), -1)


@pytest.mark.parametrize("opt", ["sgd", "adam"])
def test_a_sine_target_in_thousands_under_mae_is_named_far_from_unit_scale(opt):
    X, y = data.load("sine")
    _, monitor = _fit(X, y * 1000, "mae", opt)
    report = monitor.report()
    assert report.names == ["unscaled_target"]          # not "Learning rate too low"
    (finding,) = report
    t = _as_trained(y * 1000)
    median = np.median(t, axis=0)
    constant, zero = np.abs(t - median).mean(), np.abs(t).mean()
    assert f"where predicting their median everywhere gives {short_number(constant)} and an output of 0 " \
        f"{short_number(zero)}" in finding.evidence
    assert "Standardizer on y" in finding.advice()[0]


def test_the_baselines_are_exact_over_the_first_epoch_not_a_normal_approximation():
    # a skewed target (prices): mean |y − median| is not 0.80 σ, and batches of 7 split 150 rows unevenly
    rng = np.random.default_rng(0)
    X = rng.standard_normal((150, 3))
    y = 1000 * np.exp(X[:, 0] + 0.5 * rng.standard_normal(150))
    _, monitor = _fit(X, y, "mae", "adam", epochs=2, batch_size=7)
    t = _as_trained(y)
    median = np.median(t, axis=0)
    assert monitor.target["samples"] == 150
    np.testing.assert_allclose(monitor.target["median"], median, rtol=1e-12)
    np.testing.assert_allclose(monitor.target["median_deviation"], np.abs(t - median).mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(monitor.target["mean_abs"], np.abs(t).mean(axis=0), rtol=1e-12)
    assert abs(monitor.target["median_deviation"][0] / monitor.target["std"][0] - np.sqrt(2 / np.pi)) > 0.1
    assert monitor.to_dict()["target"]["median"] == monitor.target["median"]   # in the JSON records too


def test_an_mse_run_keeps_its_records_and_words():
    X, y = data.load("sine")
    _, monitor = _fit(X, y * 1000, "mse", "adam")
    assert set(monitor.target) == {"samples", "mean", "std", "min", "max"}
    assert monitor.report().names == ["unscaled_target"]
    assert "predicting their mean everywhere gives" in monitor.report()[0].evidence


def test_a_standardised_target_under_mae_is_not_diagnosed():
    X, y = data.load("plane", noise=0.1, seed=0)
    y = data.Standardizer().fit_transform((y * 1000).reshape(-1, 1))
    _, monitor = _fit(X, y, "mae", "adam", epochs=60)
    assert "unscaled_target" not in monitor.report().names


def test_only_mse_blames_a_far_target_for_its_gradients():
    # fit blames a divergence on a far target's scale through far_target_rms: under MSE the
    # gradient 2(ŷ − y) grows with y, under MAE sign(ŷ − y) does not
    X, y = data.load("sine")
    for loss, expected in (("mse", True), ("mae", False)):
        model, _ = _fit(X, y * 1000, loss, epochs=1)
        assert (far_target_rms(model) is not None) is expected


def test_mae_on_0_1_targets_is_read_as_a_regression_not_as_classes():
    # the chance loss of the class rules is MSE's p(1 − p) or a cross-entropy's: none of them MAE's
    X, y = data.load("moons", n_samples=100, seed=0)
    _, monitor = _fit(X, y.astype(np.float64), "mae", "adam", epochs=2)
    assert monitor.classes is None and monitor.target["samples"] == 100
    assert monitor.target["median"] in ([0.0], [0.5], [1.0])


def test_a_sigmoid_output_pinned_under_mae_is_judged_against_mae_s_chance():
    # circles in hundreds: every answer at 0 or 1, half of them wrong; answering 0.5 costs 0.5 under MAE
    X, y = data.load("circles", n_samples=300, seed=0)
    model = nn.MLP([2, 16, 1], output="sigmoid", rng=np.random.default_rng(0))
    monitor = train.Monitor(every=5)
    history = model.fit(X * 100, y, loss="mae", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=40,
                        verbose=0, callbacks=[monitor], seed=0)
    loss = history.history["loss"][-1]
    assert loss > 0.5
    report = monitor.report()
    assert report.names == ["pinned_output"]
    assert f"the training loss, {short_number(loss)}, " in report[0].evidence
    assert report[0].evidence.endswith("(answering 0.5 costs 0.5)")
    p = model.predict(X * 100)[:, 0]
    assert np.mean(((p < 0.01) | (p > 0.99)) & ((p >= 0.5) != y)) >= 0.5   # the loss's wrong answers are there


def test_an_overfit_regression_under_mae_is_named_by_its_smaller_gap():
    # 20 noisy points of a sine on 1-64-64-1 tanh for 1,000 epochs: R² about 0.85 in training, 0.25 on
    # new points. Its validation MAE ends about 1.9 x the training MAE, where MSE's ends 3.8 x: the gap's
    # 3 x is √3 under MAE, as absolute errors stand to squared ones
    X, y = data.load("sine", n_samples=40, noise=0.3, seed=0)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.5, seed=0)
    neuralab.seed(0)
    model = nn.MLP([1, 64, 64, 1], activation="tanh")
    monitor = train.Monitor()
    model.fit(X_train, y_train, loss="mae", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=1000,
              batch_size=4, validation_data=(X_test, y_test), metrics=["r2"], callbacks=[monitor], verbose=0)
    logs = monitor.epoch_logs
    ratio = np.mean(logs["val_loss"][-10:]) / np.mean(logs["loss"][-10:])
    assert np.sqrt(3) <= ratio < 3                          # the premise: within MSE's 3 x
    (found,) = [d for d in monitor.report() if d.name == "overfitting"]
    assert found.severity == "severe" and "its R² on the validation data is" in found.evidence
