"""plots.errors_per_epoch: the course's first figure, a perceptron's mistakes per epoch, falling to
0 on AND and OR and never on XOR; loss_curves and compare, which draw a History, send a
Perceptron there."""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from neuralab import classic, data
from neuralab.train import plots

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def gates():
    return {gate: classic.Perceptron(2).fit(*data.load(gate), epochs=20) for gate in ("and", "or", "xor_gate")}


def _runs(ax):
    """{legend label: (x, y)} of the runs' lines."""
    return {line.get_label(): (line.get_xdata().tolist(), line.get_ydata().tolist()) for line in ax.lines}


def test_one_line_per_perceptron_of_its_mistakes_in_each_epoch_and_how_it_ended(gates, tmp_path):
    fig = plots.errors_per_epoch(gates, tmp_path / "mistakes.png")
    assert (tmp_path / "mistakes.png").stat().st_size > 1000
    ax = fig.axes[0]
    assert _runs(ax) == {"and\n(converged at epoch 6)": ([1, 2, 3, 4, 5, 6], [2, 3, 3, 2, 1, 0]),
                         "or\n(converged at epoch 4)": ([1, 2, 3, 4], gates["or"].errors_per_epoch),
                         "xor_gate\n(mistakes in all 20)": (list(range(1, 21)), gates["xor_gate"].errors_per_epoch)}
    assert [text.get_text() for text in ax.get_legend().get_texts()] == list(_runs(ax))
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "mistakes in the epoch"
    assert ax.get_title() == "perceptron: mistakes per epoch"
    low, high = ax.get_ylim()
    assert low < 0 < 4 < high and all(tick == int(tick) for tick in ax.get_yticks())   # in whole mistakes


def test_one_perceptron_says_how_it_ended_in_the_title_and_draws_into_an_axes_of_yours(gates):
    fig, (left, right) = plt.subplots(1, 2)
    X, y = data.load("xor_gate")
    plots.decision_boundary(gates["xor_gate"].predict, X, y, ax=left)
    assert plots.errors_per_epoch(gates["xor_gate"], ax=right, title="XOR") is right
    assert right.get_title() == "XOR\nmistakes in all 20" and right.get_legend() is None
    assert np.array_equal(right.lines[0].get_ydata(), gates["xor_gate"].errors_per_epoch)
    assert right.get_ylim()[0] < 0   # from 0: XOR's 3s and 4s alone started the axis at 3, as if near 0
    plt.close(fig)


def test_a_perceptron_given_to_the_plots_of_a_history_is_sent_here(gates):
    with pytest.raises(TypeError, match=r"a Perceptron has no loss: .* plots\.errors_per_epoch\(perceptron\)"):
        plots.loss_curves(gates["and"])
    with pytest.raises(TypeError, match=r"a Perceptron has no loss: .* plots\.errors_per_epoch\(\{'and'"):
        plots.loss_curves(gates)   # a dict of them, as compare takes (it said the History had no epoch)
    with pytest.raises(TypeError, match=r"runs\['and'\] is a Perceptron, .* "
                                        r"plots\.errors_per_epoch\(\{label: perceptron\}\)"):
        plots.compare(gates)


@pytest.mark.parametrize("runs, error, words", [
    (lambda g: classic.Perceptron(2), ValueError, r"the perceptron has no epoch to draw: call its fit\(X, y\) first"),
    (lambda g: {"xor": classic.Perceptron()}, ValueError, r"the perceptron for 'xor' has no epoch to draw"),
    (lambda g: {}, ValueError, r"no perceptron to draw"),
    (lambda g: {"and": g["and"], "net": [2, 1, 0]}, TypeError,
     r"classic.Perceptron's mistakes per epoch, .* got list for 'net'"),
])
def test_what_errors_per_epoch_cannot_draw_is_refused_with_the_fix(gates, runs, error, words):
    with pytest.raises(error, match=words):
        plots.errors_per_epoch(runs(gates))
