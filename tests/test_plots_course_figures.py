"""What the course's figures met (a review of the classic exercises): decision_boundary's wrong
answers keep their class's colour and marker, ringed (a black × over them hid the true class of
nearly half a 3-class spiral); its legend names a fitted Dataset's classes when given ds.X, ds.y
too; plots.compare says when a run's curve is an earlier one's; layer_stats ticks the weight
layers as model.summary() and gradient_norms name them, for runs of different depths too."""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor, plots

matplotlib.use("Agg")


def _spiral_rule(points):
    """Three wedges by angle: a straight-boundary model of the spiral, wrong on about half."""
    angle = np.arctan2(points[:, 1], points[:, 0])
    return ((angle + np.pi) // (2 * np.pi / 3)).astype(int).clip(0, 2)


def test_wrong_answers_keep_their_class_colour_and_marker_and_are_ringed():
    X, y = data.load("spiral", n_samples=150, n_classes=3, seed=0)
    wrong = _spiral_rule(X) != y
    assert 0.2 < wrong.mean() < 0.8
    fig = plots.decision_boundary(_spiral_rule, X, y, resolution=20)
    ax = fig.axes[0]
    points = ax.collections[1]
    # every point, the wrong ones too, drawn in its true class's colour and marker shape
    assert np.array_equal(points.get_array(), y) and len(points.get_paths()) == len(y)
    assert points.get_cmap()(points.norm(2)) == to_rgba(plots.class_colours(3)[2])
    # nothing black drawn over a point in place of its marker: the mark is a hollow ring around it
    assert not [line for line in ax.lines if line.get_marker() == "x"]
    ring, = [line for line in ax.lines if line.get_marker() == "o"]
    assert ring.get_markerfacecolor() == "none" and np.allclose(ring.get_xydata(), X[wrong])
    assert ring.get_markersize() > np.sqrt(points.get_sizes()[0])   # around the point, not on it
    assert "wrong class, ringed" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_the_legend_names_a_fitted_datasets_classes_given_its_X_and_y():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2)).astype(np.float32)
    ds = data.Dataset(X, (X[:, 0] > 0).astype(int), task="binary", n_classes=2, class_names=("cat", "dog"))
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=0)
    model.fit(ds, loss="bce", optimizer="adam", epochs=2, verbose=0)
    for args in ((ds,), (ds.X, ds.y)):
        ax = plots.decision_boundary(model.predict, *args, resolution=10).axes[0]
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["cat", "dog"]
    # names given win over the model's
    ax = plots.decision_boundary(model.predict, ds.X, ds.y, resolution=10, class_names=["a", "b"]).axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def _run(lr, seed=0):
    X, y = data.load("moons", n_samples=60, seed=0)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(seed))
    return model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=lr), epochs=4, verbose=0, seed=0)


def test_compare_says_when_a_run_draws_exactly_over_an_earlier_one():
    runs = {"run 1": _run(0.1), "run 2": _run(0.1), "lr 0.5": _run(0.5)}
    ax = plots.compare(runs).axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["run 1", "run 2 (same as run 1)", "lr 0.5"]
    # a long label's note goes on a line of its own, read whole; the label is cut as any long one
    # is, keeping its end, where two runs' labels differ (cut to make room, it kept 9 letters)
    runs = {"adam, lr 0.1, batch 32, seed 0": _run(0.1), "adam, lr 0.1, batch 32, seed 1": _run(0.1)}
    second = [t.get_text() for t in plots.compare(runs).axes[0].get_legend().get_texts()][1]
    assert second == "adam, lr 0.1, b…, seed 1\n(same as adam,… 0)"


def test_layer_stats_ticks_the_layers_as_summary_and_gradient_norms_name_them():
    X, y = data.load("moons", n_samples=60, seed=0)
    monitors = {}
    for depth in (1, 3):
        neuralab.seed(0)
        model = nn.MLP([2] + [6] * depth + [1], output="sigmoid")
        monitors[depth] = Monitor(every=1)
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, seed=0, callbacks=[monitors[depth]])
    names = list(monitors[3].weights)                       # "0 Dense", "2 Dense", ..., as summary() numbers them
    assert names == ["0 Dense", "2 Dense", "4 Dense", "6 Dense"]
    ax = plots.layer_stats(monitors, stat="gradient_norm").axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    norms = plots.gradient_norms(monitors[3]).axes[0]
    # the legend has room for the sizes that tell the Dense layers apart, as summary()'s rows show them
    legend = [t.get_text() for t in norms.get_legend().get_texts()][:4]
    assert legend == ["0 Dense(2, 6)", "2 Dense(6, 6)", "4 Dense(6, 6)", "6 Dense(6, 1)"]
    assert [text.split("(")[0] for text in legend] == names


def test_a_row_of_boundaries_keeps_one_legend_where_it_is_asked_for():
    # 1, 2, 4, 16 hidden units side by side: the same classes' legend beside every panel took a
    # third of each; legend=False leaves it to one panel
    X, y = data.load("moons", n_samples=60, seed=0)
    fig, axes = plt.subplots(1, 3, layout="constrained")
    for ax, legend in zip(axes, (False, False, True)):
        assert plots.decision_boundary(_spiral_rule, X, y, resolution=10, ax=ax, legend=legend) is ax
    assert [ax.get_legend() is None for ax in axes] == [True, True, False]
    assert "wrong class, ringed" in [t.get_text() for t in axes[2].get_legend().get_texts()]
    assert not fig.legends
    plt.close(fig)
    # a figure of its own draws no key below it either
    alone = plots.decision_boundary(_spiral_rule, X, y, resolution=10, legend=False)
    assert alone.axes[0].get_legend() is None and not alone.legends
