"""The loss curves of a classification draw the loss of guessing by the class frequencies, a
dotted "chance" line: a curve that stays on it has learnt nothing from the inputs."""
import math
from types import SimpleNamespace

import numpy as np
import pytest

from neuralab import data, nn
from neuralab.cli import output
from neuralab.train import History, plots


def _chance_history(losses):
    history = History()
    for epoch, loss in enumerate(losses):
        history.append(epoch, {"loss": loss})
    return history


def test_the_chance_loss_is_the_cross_entropy_of_predicting_the_class_frequencies():
    y = np.array([0, 0, 0, 1, 2, 2, 2, 2])
    frequencies = np.bincount(y) / len(y)
    guess = np.tile(np.log(frequencies), (len(y), 1))    # logits whose softmax is the frequencies
    assert plots.chance_loss(y) == pytest.approx(nn.CrossEntropyLoss()(guess, y))
    assert plots.chance_loss(np.eye(3)[y]) == plots.chance_loss(y)        # one-hot rows
    assert plots.chance_loss([0, 1] * 5) == pytest.approx(math.log(2))
    assert plots.chance_loss(np.arange(10)) == pytest.approx(math.log(10))
    assert plots.chance_loss([1, 1, 1]) == 0
    with pytest.raises(ValueError, match="class numbers of the training samples"):
        plots.chance_loss([0.5, 1.5])


def test_the_loss_curves_draw_the_chance_line_dotted_and_labelled():
    fig = plots.loss_curves(_chance_history([0.70, 0.69, 0.69]), chance=math.log(2))
    ax = fig.axes[0]
    chance = next(line for line in ax.lines if line.get_label() == "chance (class shares)")
    assert chance.get_linestyle() == ":" and set(chance.get_ydata()) == {math.log(2)}
    assert list(chance.get_xdata()) == [1, 2, 3]          # across every epoch
    assert "chance (class shares)" in [t.get_text() for t in ax.get_legend().get_texts()]
    ax = plots.loss_curves(_chance_history([1.0, 0.1]), chance=math.log(10)).axes[0]
    assert ax.get_ylim()[1] >= math.log(10)               # a loss that started below chance still shows it
    ax = plots.loss_curves(_chance_history([0.6]), chance=0.69).axes[0]
    assert list(ax.lines[-1].get_xdata()) == [0, 2]       # one epoch: a line across its view, not a point unseen
    with pytest.raises(ValueError, match="chance is the loss of guessing by the class frequencies"):
        plots.loss_curves(_chance_history([1.0]), chance=-1.0)


@pytest.mark.parametrize("loss, class_weight, drawn", [("bce", None, True), ("mse", None, False),
                                                       ("bce", "balanced", False)])
def test_a_run_draws_the_chance_line_of_its_training_labels(tmp_path, monkeypatch, loss, class_weight, drawn):
    ds = data.load("moons", n_samples=40, seed=0)
    y_train = np.array([0] * 15 + [1] * 5)
    seen = []
    real = plots.loss_curves
    monkeypatch.setattr(plots, "loss_curves", lambda *a, **k: seen.append(k["chance"]) or real(*a, **k))
    args = SimpleNamespace(early_stopping=None, target=None, class_weight=class_weight)
    output.figures(args, ds, nn.MLP([2, 4, 1], output="sigmoid"), _chance_history([0.6]), tmp_path, loss, "moons",
                   parts=((ds.X[:20], y_train), (ds.X[20:], ds.y[20:])))
    expected = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    assert seen == ([pytest.approx(expected)] if drawn else [None])
