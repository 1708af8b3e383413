"""A decision boundary (and a prediction curve) stays readable and quick however many classes
and points it is given: past ``MOST_LEGEND_CLASSES`` classes no legend, which pushed the axes to
a sliver (48 classes) or made matplotlib give up its layout with a warning (49); past
``MOST_POINTS_DRAWN`` points a seeded random sample is drawn (2,000,000 points took 30 s to draw),
while the scores and the count of wrong answers stay those of every point."""
import numpy as np
import pytest
from matplotlib.collections import PathCollection

from neuralab.train import plots
from neuralab.train.plot_style import MOST_LEGEND_CLASSES, MOST_POINTS_DRAWN


def _many_ring(k, n=600, seed=0):
    """n points on a ring, k classes by angle, and the function that gives each point the
    softmax probabilities of the classes around the ring (right for most points)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    angle = 2 * np.pi * (y + 0.5) / k + 0.05 * rng.normal(size=n)
    X = np.column_stack([3 * np.cos(angle), 3 * np.sin(angle)]) + 0.1 * rng.normal(size=(n, 2))

    def probabilities(points):
        sector = (np.arctan2(points[:, 1], points[:, 0]) % (2 * np.pi)) * k / (2 * np.pi)
        scores = np.full((len(points), k), 1.0)
        scores[np.arange(len(points)), sector.astype(int) % k] += k
        return scores / scores.sum(axis=1, keepdims=True)
    return X, y, probabilities


def _many_classes_in_legend(fig):
    legend = fig.axes[0].get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


@pytest.mark.parametrize("k", [48, 49, 100])
def test_too_many_classes_for_a_legend_keep_the_axes_whole_and_the_title_says_why(tmp_path, k):
    X, y, probabilities = _many_ring(k)
    # (a matplotlib warning, "constrained_layout not applied", is an error here)
    fig = plots.decision_boundary(probabilities, X, y, tmp_path / "many.png", title="ring",
                                  test=(X[:100], y[:100]), probabilities=True)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert ax.get_position().height > 0.4 and ax.get_position().width > 0.6   # not a sliver
    assert _many_classes_in_legend(fig) == []
    assert f"{k} classes, too many for a legend" in ax.get_title()
    assert [t.get_text() for t in fig.legends[0].get_texts()][:2] == ["train", "test"]   # the key stays


def test_thirty_classes_are_still_listed_in_two_columns(tmp_path):
    X, y, probabilities = _many_ring(MOST_LEGEND_CLASSES)
    fig = plots.decision_boundary(probabilities, X, y, tmp_path / "thirty.png", probabilities=True)
    fig.draw_without_rendering()
    assert _many_classes_in_legend(fig) == [str(c) for c in range(MOST_LEGEND_CLASSES)]
    assert fig.axes[0].get_legend()._ncols == 2
    assert "legend" not in fig.axes[0].get_title()


def test_a_prediction_curve_of_many_classes_lists_none_and_says_so(tmp_path):
    X, y, probabilities = _many_ring(49)
    fig = plots.prediction_curve(lambda x: probabilities(np.column_stack([x[:, 0], np.ones(len(x))])),
                                 X[:, :1], y, tmp_path / "curve.png")
    fig.draw_without_rendering()
    assert fig.axes[0].get_position().height > 0.4
    assert _many_classes_in_legend(fig) == []
    assert "49 classes, too many for a legend" in fig.axes[0].get_title()


def _many_drawn(ax):
    """How many points the scatters of ``ax`` draw (the plane is a mesh, not a scatter)."""
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


def test_past_the_most_points_a_seeded_sample_is_drawn_and_the_scores_count_all(tmp_path):
    most = MOST_POINTS_DRAWN
    rng = np.random.default_rng(3)
    X = rng.normal(size=(3 * most, 2))
    y = (X[:, 0] + 0.5 * rng.normal(size=len(X)) > 0).astype(int)
    X_test, y_test = X[:most // 2] + 0.01, y[:most // 2]

    def rule(points):
        return (points[:, 0] > 0).astype(int)
    fig = plots.decision_boundary(rule, X, y, tmp_path / "a.png", test=(X_test, y_test))
    ax = fig.axes[0]
    assert _many_drawn(ax) <= most
    total = len(X) + len(X_test)
    assert f"{_many_drawn(ax):,} of {total:,} points drawn, at random" in ax.get_title()
    # the scores are those of every point, not of the sample
    assert f"train {np.mean(rule(X) == y):.3f}, test {np.mean(rule(X_test) == y_test):.3f}" in ax.get_title()
    wrong = int(np.sum(rule(X) != y) + np.sum(rule(X_test) != y_test))
    assert f"wrong class, ringed ({wrong:,} in all)" in [t.get_text() for t in fig.legends[0].get_texts()]
    # the rings mark the sample's wrong answers only
    assert len(ax.lines[0].get_xdata()) < wrong
    plots.decision_boundary(rule, X, y, tmp_path / "b.png", test=(X_test, y_test))
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_a_few_points_are_all_drawn_with_no_note(tmp_path):
    X, y, probabilities = _many_ring(3, n=300)
    fig = plots.decision_boundary(probabilities, X, y, tmp_path / "few.png", title="few")
    assert _many_drawn(fig.axes[0]) == 300
    assert fig.axes[0].get_title() == f"few\naccuracy {np.mean(probabilities(X).argmax(axis=1) == y):.3f}"


@pytest.mark.parametrize("task", ["classes", "regression"])
def test_a_prediction_curve_of_many_points_draws_a_sample(tmp_path, task):
    most = MOST_POINTS_DRAWN
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2 * most, 1))
    if task == "classes":
        y = (x[:, 0] > 0.1).astype(int)

        def predict(points):
            return 1 / (1 + np.exp(-4 * points[:, 0]))
    else:
        y = 2 * x[:, 0] + 0.1 * rng.normal(size=len(x))

        def predict(points):
            return 2 * points[:, 0]
    fig = plots.prediction_curve(predict, x, y, tmp_path / "curve.png")
    ax = fig.axes[0]
    # the class marks along the bottom (and no more crosses than points drawn), or the samples (x, y)
    drawn = sum(len(line.get_xdata()) for line in ax.lines if line.get_marker() == "|") or _many_drawn(ax)
    assert 0 < drawn <= most
    assert f"of {len(x):,} points drawn, at random" in ax.get_title()
