"""A Monitor's report said in its reader's words (``monitor.report(names=..., held_out=...)``,
``train/monitor_words.py``): every finding names each given layer by the name given it and the
held-out data as it is called, while a report asked for plainly keeps the monitor's own words
("0 Dense", "validation loss"). The playground said its words by rewriting the finished text
with a regular expression; these names are given, not substituted into text."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.nn.checks import ArgumentTypeError
from neuralab.train.diagnose import diagnose
from neuralab.train.monitor import Monitor


@pytest.fixture(scope="module")
def vanishing():
    """(monitor, model): a 10-layer sigmoid network whose first layer's gradient vanishes."""
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=300, noise=0.2, seed=0)
    model = nn.MLP([2] + [16] * 10 + [1], activation="sigmoid")
    monitor = Monitor(every=5)
    model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=5,
              callbacks=[monitor], verbose=0)
    assert monitor.report().names == ["vanishing_gradients"]
    return monitor, model


def _mw_evidence(report):
    (d,) = report
    return d.evidence


def test_a_plain_report_keeps_the_monitors_names_and_given_names_change_only_the_names(vanishing):
    monitor, model = vanishing
    plain = _mw_evidence(monitor.report())
    assert "first layer (0 Dense)" in plain and "last (20 Dense)" in plain
    first, last = model.layers[0], model.layers[20]
    named = _mw_evidence(monitor.report(names={first: "«the first»", last: "«the output»"}))
    assert "first layer («the first»)" in named and "last («the output»)" in named
    assert "0 Dense" not in named and "20 Dense" not in named
    assert named.replace("«the first»", "0 Dense").replace("«the output»", "20 Dense") == plain
    # the words are the report's: the monitor, and a report asked for plainly, keep its own
    assert _mw_evidence(monitor.report()) == plain == _mw_evidence(diagnose(monitor))
    assert str(monitor.report()) == str(monitor.report(names={}, held_out=None))


def test_names_that_look_like_the_monitors_own_are_said_as_given(vanishing):
    # a text rewritten name by name ("0 Dense" -> ..., then "20 Dense" -> ...) swaps them back, or
    # rewrites a given name that looks like one of the monitor's ("3 Foo")
    monitor, model = vanishing
    evidence = _mw_evidence(monitor.report(names={model.layers[0]: "20 Dense", model.layers[20]: "0 Dense"}))
    assert "first layer (20 Dense)" in evidence and "last (0 Dense)" in evidence
    evidence = _mw_evidence(monitor.report(names={model.layers[0]: "3 Foo"}))
    assert "first layer (3 Foo)" in evidence and "last (20 Dense)" in evidence


def _mw_overfitted():
    """A Monitor whose epoch logs (set by hand) show the validation loss rising as the training
    loss falls 100-fold: overfitting."""
    m, n = Monitor(every=1), 40
    m.epoch_logs = {"epoch": list(range(n)), "loss": list(np.geomspace(1, 0.01, n)),
                    "val_loss": list(np.concatenate([np.linspace(1, 0.3, 12), np.linspace(0.3, 0.9, n - 12)]))}
    m.epochs_seen, m.first_losses, m.step = n, [1.0], 10 * n
    return m


def test_the_held_out_data_is_called_as_the_reader_calls_it():
    m = _mw_overfitted()
    plain, page = _mw_evidence(m.report()), _mw_evidence(m.report(held_out="test points"))
    assert plain.startswith("validation loss rose from 0.317 (epochs 12 to 15) to 0.867 (epochs 37 to 40, the last")
    assert page == plain.replace("validation loss", "the loss on the test points", 1)


def test_the_blind_spots_name_the_layers_as_the_report_does():
    class MwScale(nn.Layer):   # a layer of the user's: neither a weight layer nor an activation
        def forward(self, x, training=False):
            return 2 * x

        def backward(self, grad_out):
            return 2 * grad_out

    neuralab.seed(0)
    X, y = data.load("moons", n_samples=64, noise=0.2, seed=0)
    scale = MwScale()
    model = nn.Sequential(nn.Dense(2, 4), scale, nn.Dense(4, 1))
    monitor = Monitor(every=1)
    model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
              callbacks=[monitor], verbose=0)
    assert any("skipped: 1 MwScale:" in note for note in monitor.report().unwatched)
    named = monitor.report(names={scale: "the doubling"}).unwatched
    assert any("skipped: the doubling:" in note for note in named) and not any("MwScale" in n for n in named)


def test_names_of_the_wrong_kind_are_refused_before_any_report(vanishing):
    monitor, model = vanishing
    with pytest.raises(ArgumentTypeError, match=r"each key of names must be a layer of the model \(an nn.Layer, "
                                                r"not its index\), got int 0"):
        monitor.report(names={0: "first"})
    with pytest.raises(ArgumentTypeError, match="the name of Dense in names must be a string, got int 1"):
        monitor.report(names={model.layers[0]: 1})
    with pytest.raises(ArgumentTypeError, match=r"names must be a dict \{layer: its name\}, got list"):
        monitor.report(names=[model.layers[0]])
    with pytest.raises(ArgumentTypeError, match='held_out must be a string such as "test points", got int 3'):
        monitor.report(held_out=3)
