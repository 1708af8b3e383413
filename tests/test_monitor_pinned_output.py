"""The training monitor's pinned_output: a sigmoid output pinned where its loss passes back (next
to) no gradient, while the loss says that many answers are wrong. Where that is depends on the
loss: BCELoss clamps p(1 − p) at 1e-12 (its gradient into z is p − y above it), MSE's gradient
into z carries p(1 − p) (under 0.02 in the tails), and the loss on the logits keeps p − y whole.
It was first said of every loss alike: of bce_logits, whose gradient is whole; never of MSE on
0/1 targets, whose gradient really vanishes; and of BCE outputs at 0.999, which still learn."""
import math

import numpy as np
import pytest

from neuralab import data, nn, optim, train
from neuralab.train.diagnosis import short_number
from neuralab.train.monitor_words import short_ratio

OUTPUT = "3 Sigmoid"   # the output activation of nn.MLP([2, 16, 1], output="sigmoid")


def _pinned_fit(dataset, loss, lr, epochs, scale=1.0, opt="adam", target_scale=1.0, every=5,
                monitor=None, model=None):
    """A 2-16-1 sigmoid network on 300 samples of ``dataset``, inputs times ``scale``: (monitor,
    model, final epoch loss, inputs, targets)."""
    X, y = data.load(dataset, n_samples=300, seed=0)
    model = model or nn.MLP([2, 16, 1], output="sigmoid", rng=np.random.default_rng(0))
    optimizer = (optim.Adam if opt == "adam" else optim.SGD)(model.parameters(), lr=lr)
    monitor = monitor or train.Monitor(every=every)
    history = model.fit(X * scale, y * target_scale, loss=loss, optimizer=optimizer, epochs=epochs,
                        verbose=0, callbacks=[monitor], seed=0)
    return monitor, model, history.history["loss"][-1], X * scale, y


def _pinned_last(monitor, key):
    return monitor.activations[OUTPUT][key][-1]


def test_bce_on_the_logits_keeps_the_gradient_whole_and_is_not_reported():
    # xor in hundreds, Adam 0.3: every output at 0 or 1 and a loss of 14 (spikes on the way);
    # fit trains the logits before the Sigmoid, whose gradient into z is p - y at any z
    monitor, _, loss, _, _ = _pinned_fit("xor", "bce_logits", 0.3, 40, scale=100)
    assert monitor.loss_name == "bce_logits"
    assert _pinned_last(monitor, "saturated") >= 0.9 and _pinned_last(monitor, "clamped") >= 0.5
    assert loss > math.log(2)            # what the rule reads for BCELoss: it would be reported
    assert "pinned_output" not in monitor.report().names


@pytest.mark.parametrize("dataset, scale, opt, lr", [("xor", 1, "adam", 0.3),        # loss 0.28, accuracy 0.72
                                                     ("circles", 100, "adam", 0.01)])  # loss 0.5, accuracy 0.5
def test_mse_on_0_1_targets_with_the_output_pinned_on_wrong_answers_is_reported(dataset, scale, opt, lr):
    monitor, model, loss, X, y = _pinned_fit(dataset, "mse", lr, 40, scale=scale, opt=opt)
    pinned = _pinned_last(monitor, "saturated")
    assert monitor.loss_name == "mse" and pinned >= 0.9 and 0.25 < loss < math.log(2)
    report = monitor.report()
    # circles' loss barely moves: no learning rate too low either, the pinned output says why
    assert report.names == ["pinned_output"]
    finding = report[0]
    assert finding.severity == "severe"
    # (in two short sentences: the formulas are in diagnose_output's docstring)
    assert finding.evidence.startswith(f"{pinned:.0%} of {OUTPUT}'s answers on {len(monitor.probe)} training rows "
                                       f"are in the flat tails (below 0.01 or above 0.99)")
    assert f"the training loss, {short_number(loss)}, is what {short_ratio(loss * 100)}% of the answers wrong there " \
        f"would cost (answering 0.5 costs 0.25)" in finding.evidence
    # which the data bear out: the loss is, within 2 points, the share of answers wrong in the tails
    p = model.predict(X)[:, 0]
    wrong_in_tails = np.mean(((p < 0.01) | (p > 0.99)) & ((p >= 0.5) != y))
    assert abs(wrong_in_tails - loss) < 0.02
    assert finding.remedies[0].key == "logits"


def test_mse_on_a_target_outside_0_1_under_a_sigmoid_is_refused_before_training():
    # moons' classes as 0 and 50: the sigmoid would be pinned at 1 trying to reach 50, which no z
    # can; fit refuses it (train/output_range.py) and the model keeps its weights
    model = nn.MLP([2, 16, 1], output="sigmoid", rng=np.random.default_rng(0))
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"from 0 to 50 .*ends with Sigmoid, whose outputs lie in \(0, 1\)"):
        _pinned_fit("moons", "mse", 0.01, 20, target_scale=50.0, model=model)
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))


def test_bce_outputs_in_the_tails_but_not_clamped_still_learn_and_are_not_reported():
    # circles in tens: after 5 epochs most outputs are below 0.01 or above 0.99 and the loss is
    # 24, but BCELoss passes p - y whole for all those with p(1 - p) >= 1e-12
    model = nn.MLP([2, 16, 1], output="sigmoid", rng=np.random.default_rng(0))
    monitor, _, loss, _, _ = _pinned_fit("circles", "bce", 0.01, 5, scale=20, model=model)
    assert _pinned_last(monitor, "saturated") >= 0.5 > _pinned_last(monitor, "clamped")
    assert loss > math.log(2)
    assert "pinned_output" not in monitor.report().names
    # and they do learn: 15 epochs more and the loss is below that of answering 0.5
    _, _, later, _, _ = _pinned_fit("circles", "bce", 0.01, 15, scale=20, model=model)
    assert later < math.log(2)


def test_bce_outputs_clamped_on_wrong_answers_are_reported_with_the_share_whose_gradient_is_cut():
    # a learner's first run without standardised inputs: moons with its coordinates in hundreds
    monitor, model, loss, X, y = _pinned_fit("moons", "bce", 0.01, 30, scale=100, every=1)
    report = monitor.report()
    assert report.names == ["pinned_output"]
    finding = report[0]
    clamped = _pinned_last(monitor, "clamped")
    # the share is where the library's own BCELoss and Sigmoid pass into z less than p - y, for
    # the wrong answer to every probe row (the last record is of the final weights: every=1)
    sigmoid = model.layers[-1]
    p = model.forward(monitor.probe)
    wrong = (p < 0.5).astype(p.dtype)
    bce = nn.BCELoss()
    bce(p, wrong)
    dz = sigmoid.backward(bce.backward()) * p.size
    cut = np.abs(dz) < np.abs(p - wrong) * (1 - 1e-3)
    assert 0.5 <= cut.mean() == clamped < _pinned_last(monitor, "saturated")
    assert finding.evidence.startswith(f"{clamped:.0%} of {OUTPUT}'s answers on {len(monitor.probe)} training "
                                       f"rows are stuck at 0 or 1")
    # a wrong answer at exactly 0 or 1 costs 100: the loss is about the share of them
    assert f"the training loss, {short_number(loss)}, is what {short_ratio(loss)}% of the answers wrong there " \
        f"would cost (answering 0.5 costs 0.693)" in finding.evidence
    p_all = model.predict(X)[:, 0]
    assert abs(np.mean(((p_all == 0) | (p_all == 1)) & ((p_all >= 0.5) != y)) - loss / 100) < 0.02
    assert finding.severity == "warning"      # 5 % of the answers: not most of them
    assert finding.remedies[0].key == "logits" and "bce_logits" in finding.remedies[0]
    assert finding.remedies[1].startswith("standardise the inputs")
    # neuralab train standardises the inputs itself: its advice leaves that one out
    assert not any("standardise" in r for r in finding.advice("cli"))


def _digits_below_four():
    X, y = data.load("digits")
    X = np.asarray(X, np.float32)
    return (X - X.mean(0)) / (X.std(0) + 1e-8), (np.asarray(y) < 4).astype(int)


@pytest.mark.parametrize("case", ["xor, SGD 2", "digits, Adam 0.3"])
def test_beside_a_learning_rate_too_high_it_leaves_the_learning_rate_to_that_finding(case):
    if case == "xor, SGD 2":       # 28 % of the answers wrong at 0 or 1, 55 % clamped
        monitor, _, loss, _, _ = _pinned_fit("xor", "bce", 2.0, 40, opt="sgd")
    else:   # 97-98 % of the outputs clamped, a loss of 4 to 4.5 (4 % wrong at 0 or 1), by BLAS kernel
        # (digit 0 or not: a loss of 0.25 to 1.7, either side of ln 2, and no_gradient on some kernels)
        X, y = _digits_below_four()
        model = nn.MLP([64, 16, 1], output="sigmoid", rng=np.random.default_rng(2))
        monitor = train.Monitor(every=5)
        loss = model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.3), epochs=20,
                         verbose=0, callbacks=[monitor], seed=0).history["loss"][-1]
        assert _pinned_last(monitor, "clamped") >= 0.9 and 2 < loss < 7      # the severity turns on loss / 100
    report = monitor.report()
    # (a loss that stops moving is told too, on some kernels: slow_plateau, beside them)
    assert report.names[:2] == ["learning_rate_too_high", "pinned_output"]
    assert set(report.names[2:]) <= {"slow_plateau"}
    too_high, pinned = report[0], report[1]
    assert any(r.key == "lr" for r in too_high.remedies)
    assert not any(r.key == "lr" for r in pinned.remedies)
    # a warning: not >= 90 % clamped (xor), or the loss is that of 4 % wrong answers (digits)
    assert pinned.severity == "warning"


@pytest.mark.parametrize("scale, epochs, lr", [(1, 200, 0.05),   # pinned, and right: a confident network
                                               (1, 30, 0.001)])  # on its slopes, still learning
def test_a_pinned_output_with_a_low_loss_or_an_output_on_its_slopes_is_no_problem(scale, epochs, lr):
    monitor, _, loss, _, _ = _pinned_fit("moons", "bce", lr, epochs, scale=scale, every=1)
    assert loss < math.log(2)
    assert "pinned_output" not in monitor.report().names
    if epochs == 200:
        assert _pinned_last(monitor, "saturated") >= 0.9   # in the tails: the loss alone keeps it quiet
