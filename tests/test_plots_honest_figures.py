"""The figures a learner gets say what happened: a gradient of exactly 0, the epoch whose weights
early stopping restored, a run that diverged, the test points beside the training ones, classes
told apart by shape as well as colour, legends off the data, plain numbers on the axes."""
import math
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.colors import to_rgba

import neuralab
from neuralab import data, nn
from neuralab.cli import output
from neuralab.cli.report import plane_predictor
from neuralab.train import EarlyStopping, History, plots


def _honest_history(stop_reason=None, **series):
    history = History()
    for epoch in range(len(next(iter(series.values())))):
        history.append(epoch, {key: values[epoch] for key, values in series.items() if not math.isnan(values[epoch])})
    history.stop_reason = stop_reason
    return history


def _honest_monitor(grad_norms, steps, step):
    """What gradient_norms reads of a Monitor: records of each layer's norm at ``steps``, of a fit
    of ``step`` steps in all."""
    return SimpleNamespace(weights={name: {"grad_norm": norms} for name, norms in grad_norms.items()},
                           steps=steps, step=step, stop_reason=None)


def _honest_tick_labels(axis):
    """{label: value} of the major ticks of ``axis`` inside its view, as its formatter writes them."""
    low, high = sorted(axis.get_view_interval())
    locs = [loc for loc in axis.get_majorticklocs() if low <= loc <= high]
    return dict(zip(axis.get_major_formatter().format_ticks(locs), locs))


def test_a_gradient_of_exactly_zero_is_drawn_on_the_zero_row_over_every_step():
    # dead ReLUs under Adam: 22 of 25 records were exactly 0, dropped (NaN on the log axis), and
    # the x axis ended at the last nonzero record, step 41 of 500
    norms = [0.3, 1e-21, 0.2] + [0.0] * 22
    monitor = _honest_monitor({"0 Dense": norms, "2 Dense": [0.5] + [0.0] * 23 + [math.nan]},
                              steps=list(range(1, 501, 20)), step=500)
    ax = plots.gradient_norms(monitor).axes[0]
    first, second = ax.lines[:2]
    zero = first.get_ydata()[3]
    assert 0 < zero < 1e-21
    np.testing.assert_array_equal(first.get_ydata(), [0.3, 1e-21, 0.2] + [zero] * 22)
    assert math.isnan(second.get_ydata()[-1])   # a NaN record is no zero
    assert _honest_tick_labels(ax.yaxis)["0"] == zero
    assert ax.get_xlim()[1] >= 500
    assert first.get_marker() == "o"      # 25 records: points, not a line alone
    assert "gradient norm" in ax.get_title()


def test_the_epoch_whose_weights_early_stopping_restored_is_marked():
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=80, noise=0.3, seed=0)
    model = nn.MLP([2, 16, 1], output="sigmoid")
    stop = EarlyStopping(patience=3)
    history = model.fit(X, y, loss="bce", optimizer="adam", epochs=200, verbose=0, validation_data=(X[:20], y[:20]),
                        callbacks=[stop], metrics=["accuracy"])
    assert stop.stopped_epoch is not None and stop.best_epoch < len(history.epoch) - 1
    fig = plots.loss_curves(history, early_stopping=stop)
    for ax in fig.axes:
        best = [line for line in ax.lines if line.get_label() == "best (restored)"]
        assert len(best) == 1 and best[0].get_linestyle() == "--"
        assert list(best[0].get_xdata()) == [stop.best_epoch + 1] * 2
    assert "best (restored)" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert fig.get_suptitle().startswith("early stopping: val_loss has not improved for 3 epochs")
    with pytest.raises(TypeError, match="early_stopping is the EarlyStopping given to fit, got int"):
        plots.loss_curves(history, early_stopping=3)


def test_a_diverged_run_says_so_and_its_r2_axis_is_not_wrecked():
    reason = ("the gradient overflowed (a NaN or inf entry, or a norm past the float range) at epoch 2, batch 1; "
              "try a lower learning rate (now 5)")
    history = _honest_history(reason, loss=[0.9, 0.2, 0.1, 3e23], val_loss=[1.0, 0.3, 0.2, 1e26],
                              r2=[-8.0, 0.9, 0.95, -1.2e26])
    fig = plots.loss_curves(history)
    assert fig.get_suptitle() == "stopped: the gradient overflowed at epoch 2, batch 1"
    r2 = fig.axes[1]
    low, high = r2.get_ylim()
    assert -1.2 < low < -1 and 0.95 <= high < 1.1   # the plateau near 1 is not a line at the top
    assert r2.get_ylabel() == "R² (below -1 off the chart)"
    edge = [line for line in r2.lines if line.get_marker() == "v"]
    assert [list(line.get_xdata()) for line in edge] == [[1, 4]] and list(edge[0].get_ydata()) == [-1, -1]


def test_a_prediction_far_past_the_data_keeps_the_data_readable():
    x = np.linspace(-3, 3, 50)[:, None]
    y = np.sin(x[:, 0])
    ax = plots.prediction_curve(lambda p: 8e12 * p[:, 0], x, y, resolution=20).axes[0]
    low, high = ax.get_ylim()
    assert -3 < low < -1 and 1 < high < 3
    assert ax.lines[0].get_label() == "prediction (off chart)"


def _honest_blobs():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(4), 15)
    X = np.array([[-2, -2], [-2, 2], [2, -2], [2, 2]])[y] + 0.6 * rng.standard_normal((60, 2))
    return X, y


def _honest_quadrant(points):
    return 2 * (points[:, 0] > 0) + (points[:, 1] > 0)


def test_test_points_are_drawn_hollow_and_each_part_scored_in_the_title():
    X, y = _honest_blobs()
    X_test, y_test = X[::3] + 0.1, y[::3].copy()
    y_test[0] = 3                                     # a point the model gets wrong
    fig = plots.decision_boundary(_honest_quadrant, X, y, resolution=20, title="blobs", test=(X_test, y_test))
    ax = fig.axes[0]
    mesh, train, test = ax.collections
    assert np.allclose(test.get_offsets(), X_test) and (test.get_facecolor()[:, 3] == 0).all()
    colours = plots.class_colours(4)
    np.testing.assert_allclose(test.get_edgecolor(), [to_rgba(colours[c]) for c in y_test])
    train_score = np.mean(_honest_quadrant(X) == y)
    assert ax.get_title() == f"blobs\naccuracy: train {train_score:.3f}, test {np.mean(_honest_quadrant(X_test) == y_test):.3f}"
    ringed = [line for line in ax.lines if line.get_marker() == "o" and line.get_markerfacecolor() == "none"]
    wrong = np.concatenate([X[_honest_quadrant(X) != y], X_test[_honest_quadrant(X_test) != y_test]])
    assert len(ringed) == 1 and np.allclose(ringed[0].get_xydata(), wrong)
    key = [t.get_text() for t in fig.legends[0].get_texts()]
    assert key == ["train", "test", "wrong class, ringed"]
    # without a test part, the score of the points drawn: a learner looks to the figure for one (the title was
    # empty), and they may be the test points: not called "train"
    assert plots.decision_boundary(_honest_quadrant, X, y, resolution=20).axes[0].get_title() == \
        f"accuracy {train_score:.3f}"


def test_the_prediction_curve_draws_and_scores_test_points():
    x = np.linspace(-3, 3, 40)[:, None]
    y = (x[:, 0] > 0).astype(int)
    predict = lambda p: nn.sigmoid(4 * p[:, 0])
    ax = plots.prediction_curve(predict, x, y, resolution=30, test=(x[::4] + 0.05, y[::4])).axes[0]
    assert ax.get_title() == "accuracy: train 1.000, test 1.000"
    hollow = ax.collections[0]
    assert np.allclose(hollow.get_offsets()[:, 0], x[::4, 0] + 0.05) and (hollow.get_facecolor()[:, 3] == 0).all()
    rows = {k: set(line.get_ydata()) for k, line in enumerate(ax.lines[1::2])}
    assert len(rows[0]) == len(rows[1]) == 1 and rows[0] != rows[1]    # a row of marks per class
    regression = plots.prediction_curve(lambda p: p[:, 0], x, x[:, 0] * 1.0, resolution=30, test=(x[:5], x[:5, 0] + 1))
    # test: off by 1 everywhere, Σ 1 = 5 against Σ(y - ȳ)² = 5 · 2 · (6/39)²: R² = 1 - 21.125 = -20.125
    assert regression.axes[0].get_title() == "R²: train 1.000, test -20.125"
    with pytest.raises(TypeError, match=r"test is the pair \(X_test, y_test\), got ndarray"):
        plots.prediction_curve(predict, x, y, test=x)


def test_neuralab_trains_figures_show_its_test_part(tmp_path):
    ds = data.load("gaussians", n_classes=3, n_samples=90, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 8, 3], output="softmax")
    model.fit(ds.X, ds.y, loss="cross_entropy", optimizer="adam", epochs=30, verbose=0)
    history = _honest_history("the loss became inf at epoch 3; try a lower learning rate (now 5)", loss=[1.0, 0.5])
    args = SimpleNamespace(early_stopping=None, target=None)
    parts = ((ds.X[:60], ds.y[:60]), (ds.X[60:], np.eye(3)[ds.y[60:]]))    # MSE's one-hot rows read as classes
    files = output.figures(args, ds, model, history, tmp_path, "cross_entropy", "gaussians: 2-8-3", parts=parts)
    assert files == ["loss.png", "decision_boundary.png"]
    fig = plots.decision_boundary(plane_predictor(model, "classification", "cross_entropy"), ds.X[:60], ds.y[:60],
                                  test=(ds.X[60:], ds.y[60:]), resolution=10)
    scores = fig.axes[0].get_title()
    assert scores.startswith("accuracy: train ")
    drawn = []
    real = plots.decision_boundary
    try:
        plots.decision_boundary = lambda *a, **k: drawn.append((a, k)) or real(*a, **k)
        output.figures(args, ds, model, history, tmp_path, "cross_entropy", "gaussians: 2-8-3", parts=parts)
        same = output.figures(args, ds, model, history, tmp_path, "cross_entropy", "t", parts=(parts[0], parts[0]))
    finally:
        plots.decision_boundary = real
    (a, k), (_, k_same) = drawn
    assert np.array_equal(a[1], ds.X[:60]) and np.array_equal(k["test"][1], ds.y[60:])
    assert k["title"] == "gaussians: 2-8-3\nstopped: the loss became inf at epoch 3"
    assert k_same["test"] is None and same == files     # a dataset too small to split: one kind of point


def test_each_class_has_a_marker_shape_as_well_as_a_colour():
    X, y = _honest_blobs()
    fig = plots.decision_boundary(_honest_quadrant, X, y, resolution=10)
    dots = fig.axes[0].collections[1]
    shapes = [tuple(map(tuple, path.vertices.round(6))) for path in dots.get_paths()]
    by_class = [{shapes[i] for i in np.flatnonzero(y == k)} for k in range(4)]
    assert all(len(s) == 1 for s in by_class) and len(set.union(*by_class)) == 4
    styles = [line.get_linestyle() for line in plots.activation_curves("relu", nn.LeakyReLU(0.1)).axes[0].lines]
    assert styles[0] != styles[1]   # LeakyReLU drawn over ReLU for z > 0 is still seen


def test_a_flat_accuracy_leaves_its_legend_a_corner_without_data():
    rng = np.random.default_rng(0)
    accuracy = list(0.5 - 0.1 * rng.random(300))
    accuracy[::7] = [0.5] * len(accuracy[::7])
    history = _honest_history(loss=list(np.linspace(0.76, 0.69, 300)), accuracy=accuracy, val_accuracy=[0.5] * 300,
                              val_loss=[0.7] * 300)
    fig = plots.loss_curves(history)
    fig.draw_without_rendering()   # the constrained layout places the axes and legends at a draw
    for ax in fig.axes:
        box = ax.get_legend().get_window_extent()
        points = ax.transData.transform(np.concatenate([line.get_xydata() for line in ax.lines]))
        covered = (points[:, 0] >= box.x0) & (points[:, 0] <= box.x1) & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)
        assert covered.mean() < 0.02, ax.get_ylabel()


def test_a_regression_map_is_opaque_and_its_colour_bar_names_the_target_in_plain_numbers():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (50, 2))
    y = 2.5e7 * X[:, 0] + 1e5
    fig = plots.decision_boundary(lambda p: 2.5e7 * p[:, 0] + 1e5, X, y, resolution=10,
                                  axes=("area", "age", "price"))
    ax, bar = fig.axes
    mesh = ax.collections[0]
    assert mesh.get_alpha() in (None, 1)    # a fitted point's colour is the surface's under it
    assert bar.get_ylabel() == "price: predicted (surface), true (points)"
    assert "20000000" in _honest_tick_labels(bar.yaxis)
    assert bar.yaxis.get_major_formatter().get_offset() == ""   # no "1e7" over the bar
    with pytest.raises(ValueError, match="axes names the 2 axes, e.g."):
        plots.decision_boundary(_honest_quadrant, *_honest_blobs(), axes=("a", "b", "c"))


def test_a_log_loss_axis_is_ticked_in_plain_numbers():
    ax = plots.loss_curves(_honest_history(loss=list(np.geomspace(2.0, 0.05, 30)))).axes[0]
    assert ax.get_yscale() == "log"
    labels = _honest_tick_labels(ax.yaxis)
    assert {"0.05", "0.1", "0.2", "0.5", "1", "2"} <= set(labels)
    assert all(float(text) == pytest.approx(loc) for text, loc in labels.items())


def test_a_scheduled_learning_rate_gets_a_panel_of_its_own():
    # --schedule step:2 changed the lr every 2 epochs, and no figure showed it
    fig = plots.loss_curves(_honest_history(loss=[1.0, 0.6, 0.5, 0.45], lr=[0.1, 0.1, 0.01, 0.01]))
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "learning rate"]
    assert fig.axes[1].lines[0].get_ydata().tolist() == [0.1, 0.1, 0.01, 0.01]
    assert fig.axes[1].get_yscale() == "log"
    assert len(plots.loss_curves(_honest_history(loss=[1.0, 0.6], lr=[0.1, 0.1])).axes) == 1   # constant: no panel
