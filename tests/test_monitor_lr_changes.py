"""The learning rate of every step, as the Monitor notes it (``lr_changes``, ``monitor_rates.py``),
and the findings that quote or judge it: each quotes the rates of the steps its evidence describes,
not the rate of the last record, and a loss thrown up right after the rate was raised is blamed on
the raise (a learner typing a larger rate into the playground's box mid-run, a callback setting
``optimizer.lr``), not on "a long run at a constant learning rate"."""
import json
from types import SimpleNamespace

import numpy as np
import pytest

from neuralab import data, nn, optim
from neuralab.play.training_messages import loss_notice
from neuralab.train import DivergenceWarning, LambdaCallback, LearningRateScheduler, Monitor
from neuralab.train.monitor_rates import raised_in, rate_at, rates_in_words, rates_over

BASE, HIGH = 0.1, 3.0


def _line_fit(raise_at, steps_raised, epochs, base=BASE, high=HIGH):
    """y = 2x + 1 (+ noise of 1e-3) on 40 points, one Dense(1, 1) with MSE, SGD at ``base`` in
    batches of 10, a record every 20 steps; from step ``raise_at`` a callback sets the rate to
    ``high`` for ``steps_raised`` steps, then back to ``base`` (as the playground's box does,
    between two batches). At lr 3 each step multiplies the error by about −5: the loss jumps
    25-fold a step. (monitor, history)."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 1))
    y = 2 * X + 1 + 1e-3 * rng.standard_normal((40, 1))
    model = nn.Sequential(nn.Dense(1, 1, rng=np.random.default_rng(0)))
    sgd = optim.SGD(model.parameters(), lr=base)
    monitor = Monitor()

    def set_rate(batch, logs):
        t = monitor.step + 1          # the coming step
        if t in (raise_at, raise_at + steps_raised):
            sgd.lr = high if t == raise_at else base

    history = model.fit(X, y, loss="mse", optimizer=sgd, epochs=epochs, batch_size=10, verbose=0, seed=0,
                        callbacks=[LambdaCallback(on_batch_begin=set_rate), monitor])
    return monitor, history


@pytest.fixture(scope="module")
def raised_and_back():
    """Converged by step 400 (a loss of ~1e-6 from 1.6); lr 3 for steps 403 to 409, between the
    records at 401 and 421; 600 steps in all, the loss back down at the end."""
    return _line_fit(raise_at=403, steps_raised=7, epochs=150)


def test_a_rate_changed_and_changed_back_between_records_is_noted(raised_and_back):
    monitor, _ = raised_and_back
    assert monitor.lr_changes == [(1, BASE), (403, HIGH), (410, BASE)]
    assert HIGH not in monitor.lrs and monitor.lr == BASE      # what the records alone saw
    assert [rate_at(monitor, t) for t in (402, 403, 409, 410)] == [BASE, HIGH, HIGH, BASE]
    # and to_dict, "everything recorded", keeps them as JSON
    assert json.loads(json.dumps(monitor.to_dict(), allow_nan=False))["lr_changes"] == [[1, BASE], [403, HIGH],
                                                                                         [410, BASE]]


def test_a_late_rise_right_after_a_raise_is_blamed_on_the_raise_not_on_a_constant_rate(raised_and_back):
    monitor, _ = raised_and_back
    (d,) = [d for d in monitor.report() if d.name == "late_rise"]
    assert d.severity == "info"                                 # it came back down: a note
    assert "right after the lr rose from 0.1 to 3 at step 403, then fell to 0.1 at step 410" in d.evidence
    assert "Steps 30 times as large threw the weights out of the minimum" in d.evidence
    assert "constant" not in d.evidence and "at lr 0.1" not in d.evidence


def test_the_playground_notice_of_a_rise_after_a_raise_names_the_rate_before_it():
    # the fit ends 3 steps after the rate went back: the loss is still up, a problem with a notice
    monitor, history = _line_fit(raise_at=403, steps_raised=7, epochs=103)
    assert history["loss"][-1] > 0.1 * history["loss"][0]
    (d,) = [d for d in monitor.report() if d.name == "late_rise"]
    assert d.severity == "severe" and d.remedies[0].key == "lr"
    assert loss_notice(d, monitor) == ("The loss rose again after it had converged. Try: go back to 0.1, the learning "
                                       "rate before it rose to 3, or lower: the Learning rate box.")


def test_a_jump_before_convergence_quotes_the_rates_it_was_taken_at():
    # at lr 0.01 the loss is still ~1 at step 23; lr 1.5 for 5 steps throws it up 778-fold
    monitor, _ = _line_fit(raise_at=23, steps_raised=5, epochs=30, base=0.01, high=1.5)
    (d,) = [d for d in monitor.report() if d.name == "learning_rate_too_high"]
    assert d.evidence.endswith("(lr rose from 0.01 to 1.5 at step 23, then fell to 0.01 at step 28)")
    assert d.remedies[0].words == "go back to 0.01, the learning rate before it rose to 1.5, or lower"


def test_a_slow_run_under_step_lr_quotes_both_rates_not_the_last():
    X, y = data.load("moons", n_samples=200, noise=0.2, seed=0)
    X = (X - X.mean(0)) / X.std(0)
    model = nn.MLP([2, 16, 1], activation="relu", output="sigmoid", rng=np.random.default_rng(0))
    sgd = optim.SGD(model.parameters(), lr=1e-3)
    monitor = Monitor()
    model.fit(X, y, loss="bce", optimizer=sgd, epochs=20, batch_size=32, verbose=0, seed=0,
              callbacks=[monitor, LearningRateScheduler(optim.StepLR(sgd, step_size=10, gamma=0.1))])
    (d,) = [d for d in monitor.report() if d.name == "learning_rate_too_low"]
    assert "steadily while the lr fell from 0.001 to 0.0001 at step 71." in d.evidence   # 7 batches an epoch
    assert "at lr 0.0001" not in d.evidence


def test_rates_in_words_say_one_rate_each_change_or_a_summary():
    m = SimpleNamespace(lr_changes=[(1, 0.1), (1200, 0.01), (1300, 0.02), (1400, 0.01), (1500, 0.001)])
    assert rates_in_words(m, 1, 1199) == "lr 0.1"
    assert rates_in_words(m, 1000, 1250) == "lr fell from 0.1 to 0.01 at step 1,200"
    assert rates_in_words(m, 1250, 1450) == "lr rose from 0.01 to 0.02 at step 1,300, then fell to 0.01 at step 1,400"
    assert rates_in_words(m, 1, 2000) == ("lr changed 4 times over steps 1 to 2,000, from 0.1 to 0.001 "
                                          "(between 0.001 and 0.1)")
    assert rates_in_words(SimpleNamespace(lr_changes=[]), 1, 10) is None
    # a rise someone made is blamed; not one from lr 0, nor a schedule's rises at every step
    assert raised_in(rates_over(m, 1250, 1450)) == (0.01, 0.02, 1300)
    assert raised_in(rates_over(SimpleNamespace(lr_changes=[(1, 0.0), (5, 0.1)]), 1, 10)) is None
    warm_up = SimpleNamespace(lr_changes=[(t, 0.01 * t) for t in range(1, 10)])
    assert raised_in(rates_over(warm_up, 1, 9)) is None and raised_in(rates_over(warm_up, 7, 9)) == (0.07, 0.08, 8)


def test_a_rate_set_at_every_step_keeps_the_change_list_bounded():
    X = np.random.default_rng(0).standard_normal((20, 2))
    model = nn.MLP([2, 3, 1], rng=np.random.default_rng(0))
    sgd = optim.SGD(model.parameters(), lr=0.01)
    monitor = Monitor(max_records=8)
    warm_up = LearningRateScheduler(lambda i: 0.001 * (i + 1), per="batch")
    model.fit(X, X[:, :1], loss="mse", optimizer=sgd, epochs=10, batch_size=2, verbose=0, seed=0,
              callbacks=[warm_up, monitor])
    steps = [t for t, _ in monitor.lr_changes]
    assert len(steps) < 8 and steps[0] == 1 and steps == sorted(steps)
    assert all(lr == pytest.approx(0.001 * t) for t, lr in monitor.lr_changes)   # each the rate of its step


def test_a_divergence_right_after_a_raise_names_it_and_the_rate_before_it():
    # lr 1,000 from step 403 multiplies the error by ~2,000 a step: the loss overflows within the epoch
    with pytest.warns(DivergenceWarning):
        monitor, _ = _line_fit(raise_at=403, steps_raised=10**6, epochs=150, high=1000.0)
    (d,) = [d for d in monitor.report() if d.name == "learning_rate_too_high"]
    assert monitor.diverged and d.evidence.endswith("; it diverged right after the lr rose from 0.1 to 1000 at step 403")
    assert d.remedies[0].words == "go back to 0.1, the learning rate before it rose to 1000, or lower"
