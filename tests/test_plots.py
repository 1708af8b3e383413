"""The figures of neuralab.train.plots: what they draw is the model's and the History's numbers,
and what they cannot draw is refused with the fix."""
import math

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.legend import Legend

import neuralab
from neuralab import classic, data, nn
from neuralab.train import History, plots
from neuralab.train.monitor import Monitor


def _mesh_and_dots(fig):
    ax = fig.axes[0]
    mesh, dots = ax.collections
    return mesh, dots


def _cell_centres(mesh):
    """The (n, 2) points at the centres of a QuadMesh's cells, row by row as its array."""
    corners = mesh.get_coordinates()
    return ((corners[:-1, :-1] + corners[1:, 1:]) / 2).reshape(-1, 2)


def _rgb(mappable):
    """The RGB colour of each cell or dot, from its value through its colour map."""
    return mappable.to_rgba(np.asarray(mappable.get_array()).ravel())[:, :3]


def _right_half(points):
    """Class 1 right of x1 = 0."""
    return (points[:, 0] > 0).astype(int)


def test_the_plane_stays_within_the_float_range_of_x_near_float32_s_largest():
    # a missing-value marker, 3.4e38, in float32 data: the plane's edge, 10 % past it, reached the
    # model as inf, and neuralab train failed after training on "X contains NaN or inf"
    X = np.random.default_rng(0).standard_normal((50, 2)).astype(np.float32)
    X[7, 0] = np.finfo(np.float32).max
    y = (X[:, 1] > 0).astype(int)
    reached = []

    def predict(points):
        reached.append(points)
        return (points[:, 1] > 0).astype(int)

    model = nn.Sequential(nn.Dense(2, 1), nn.Sigmoid())
    plots.decision_boundary(predict, X, y, resolution=20)
    plots.decision_boundary(model.predict, X, y, resolution=20)
    assert np.isfinite(reached[0].astype(np.float32)).all()
    assert reached[0][:, 0].max() == np.finfo(np.float32).max and reached[0][:, 0].min() < X[:, 0].min()


def _trained_logistic_regression():
    ds = data.load("moons", n_samples=120, noise=0.2, seed=0)
    return ds, classic.LogisticRegression(2).fit(ds.X, ds.y, epochs=200)


def _classes_of(outputs):
    """What the plane should show: the arg max of one score per class, else class 1 at p ≥ 0.5."""
    outputs = np.asarray(outputs)
    return outputs.argmax(axis=1) if outputs.ndim == 2 and outputs.shape[1] > 1 else (outputs.ravel() >= 0.5)


@pytest.mark.parametrize("output", ["predict", "predict_proba", "mlp_sigmoid", "mlp_softmax"])
def test_the_plane_is_coloured_by_the_class_the_model_predicts_there(output):
    # the model's own output, whichever kind: classes, P(class 1) as (n,) or (n, 1), one score per class
    neuralab.seed(0)
    ds, logistic = _trained_logistic_regression()
    X, y = ds.X, ds.y
    if output == "mlp_softmax":
        y = np.digitize(X[:, 0], [-1, 1])            # three classes
        softmax = nn.Sequential(nn.Dense(2, 3), nn.Softmax())
        softmax[0].weight.data[...] = [[-2, 0], [0, 2], [2, 0]]   # class 1 above |x1|, else 0 left, 2 right
        predict = softmax.predict
    else:
        predict = nn.MLP([2, 8, 1], output="sigmoid").predict if output == "mlp_sigmoid" else getattr(logistic, output)
    fig = plots.decision_boundary(predict, X, y, resolution=40)
    mesh, dots = _mesh_and_dots(fig)
    expected = _classes_of(predict(_cell_centres(mesh)))
    assert 0 < expected.mean() and len(set(expected.tolist())) == y.max() + 1   # every class shows
    np.testing.assert_array_equal(np.asarray(mesh.get_array()).ravel(), expected)
    colours = np.array([to_rgb(c) for c in plots.class_colours(y.max() + 1)])
    np.testing.assert_allclose(_rgb(mesh), colours[expected.astype(int)])
    np.testing.assert_allclose(_rgb(dots), colours[y])
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [str(k) for k in range(y.max() + 1)]


def test_a_model_that_outputs_logits_is_refused_with_the_threshold_to_use():
    # before, logits from -18 to 18 were drawn as 18 "classes", bands of colours around the boundary
    X, y = data.load("moons", n_samples=60, seed=0)
    with pytest.raises(ValueError, match=r"from -\d.* neither class numbers nor probabilities.*\[:, 0\] > 0"):
        plots.decision_boundary(lambda points: 4 * points[:, 0], X, y)
    fig = plots.decision_boundary(_right_half, X, y, resolution=30)   # classes from the logits, as advised
    mesh, _ = _mesh_and_dots(fig)
    np.testing.assert_array_equal(np.asarray(mesh.get_array()).ravel(), _cell_centres(mesh)[:, 0] > 0)


def test_more_than_ten_classes_each_get_a_colour_of_their_own():
    rng = np.random.default_rng(0)
    angles = np.arange(12) * 2 * np.pi / 12
    centres = 6 * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.repeat(np.arange(12), 20)
    X = centres[y] + rng.standard_normal((240, 2))
    nearest = lambda points: ((points[:, None] - centres) ** 2).sum(-1).argmin(1)
    names = [f"c{k}" for k in range(12)]
    fig = plots.decision_boundary(nearest, X, y, resolution=60, class_names=names)
    mesh, _ = _mesh_and_dots(fig)
    cells = _rgb(mesh)
    classes = np.asarray(mesh.get_array()).ravel().astype(int)
    assert len({tuple(c) for c in cells}) == 12
    for k in range(12):  # one colour per class, and the legend's is the plane's
        assert len({tuple(c) for c in cells[classes == k]}) == 1
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == names
    np.testing.assert_allclose([p.get_facecolor()[:3] for p in legend.get_patches()],
                               [cells[classes == k][0] for k in range(12)])
    assert plots.class_colours(3) == plots.class_colours(12)[:3]  # class 2 keeps its colour


def test_a_regression_surface_and_its_targets_share_one_colour_scale():
    # the surface's scale alone clipped every target beyond the model's range to its end colours
    X, y = data.load("plane", n_samples=80, seed=0)
    fig = plots.decision_boundary(lambda points: np.full((len(points), 1), 0.25), X, y, resolution=20)
    mesh, dots = _mesh_and_dots(fig)
    assert mesh.norm is dots.norm
    assert (mesh.norm.vmin, mesh.norm.vmax) == pytest.approx((y.min(), y.max()))
    order = np.argsort(y)
    assert not np.allclose(_rgb(dots)[order[0]], _rgb(dots)[order[-1]])
    np.testing.assert_allclose(np.asarray(mesh.get_array()), 0.25)


def test_the_axes_are_named_after_a_dataframes_columns():
    pd = pytest.importorskip("pandas")
    X, y = data.load("moons", n_samples=40, seed=0)
    table = pd.DataFrame(X, columns=["length", "width"])
    fig = plots.decision_boundary(_right_half, table, pd.Series(y), resolution=10)
    assert (fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()) == ("length", "width")
    fig = plots.prediction_curve(lambda points: np.sin(points), table[["width"]], X[:, 0], resolution=10)
    assert fig.axes[0].get_xlabel() == "width"


def test_past_twenty_classes_each_still_gets_a_colour_of_its_own():
    # tab10 and tab20's light shades give 20; the 25 classes of a finer task share none either
    centres = np.column_stack([np.arange(25) % 5, np.arange(25) // 5]) * 4.0
    y = np.repeat(np.arange(25), 4)
    X = centres[y] + 0.1 * np.random.default_rng(0).standard_normal((100, 2))
    nearest = lambda points: ((points[:, None] - centres) ** 2).sum(-1).argmin(1)
    mesh, _ = _mesh_and_dots(plots.decision_boundary(nearest, X, y, resolution=60))
    cells, classes = _rgb(mesh), np.asarray(mesh.get_array()).ravel().astype(int)
    assert len({tuple(c) for c in cells}) == 25
    assert all(len({tuple(c) for c in cells[classes == k]}) == 1 for k in range(25))


def test_a_column_of_targets_draws_as_the_vector_does():
    X, y = data.load("moons", n_samples=60, seed=0)
    flat, column = (_mesh_and_dots(plots.decision_boundary(_right_half, X, t, resolution=20))
                    for t in (y, y.reshape(-1, 1)))
    np.testing.assert_array_equal(_rgb(flat[1]), _rgb(column[1]))
    np.testing.assert_array_equal(_rgb(flat[0]), _rgb(column[0]))


def test_few_points_are_drawn_large_and_many_small():
    X, y = data.load("xor_gate")
    many = data.load("moons", n_samples=20_000, seed=0)
    figures = [plots.decision_boundary(_right_half, X_, y_, resolution=10) for X_, y_ in ((X, y), many)]
    sizes = [_mesh_and_dots(fig)[1].get_sizes()[0] for fig in figures]
    assert sizes[0] >= 30 and sizes[1] <= 3


@pytest.mark.parametrize("call, error, message", [
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X, y[:50]), ValueError,
     "X has 60 rows and y has shape (50,): give one target per row of X"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, np.column_stack([X, X[:, 0]]), y), ValueError,
     "X has 3: choose two, X[:, [0, 1]]"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half(X), X, y), TypeError,
     "predict_classes must be a function of the points, such as model.predict, got an array of shape (60,)"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X, y, tmp / "missing" / "plane.png"),
     FileNotFoundError, "there is no folder"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X, y, tmp), ValueError,
     "is a folder; name a file inside it"),
    (lambda X, y, tmp: plots.decision_boundary(lambda p: p[:10, 0], X, y), ValueError,
     "predict_classes returned shape (10,) for 40000 points"),
    (lambda X, y, tmp: plots.decision_boundary(lambda p: np.full(len(p), np.nan), X, y * 1.0), ValueError,
     "returned NaN or inf for some points"),
    # (-1/+1 alone are the classes of a score's sign: test_micrograd_habits)
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X, np.r_[2 * y[1:] - 1, 0]), ValueError, "(y + 1) // 2"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X, y, class_names=["only"]), ValueError,
     "class_names has 1 name for 2 classes"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X, y, axes="x"), ValueError, "axes names the 2 axes"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, np.where(X > 1, np.nan, X), y), ValueError,
     "X holds NaN or inf"),
    (lambda X, y, tmp: plots.prediction_curve(np.sin, X[:, 0], y), ValueError, "X.reshape(-1, 1)"),
    (lambda X, y, tmp: plots.prediction_curve(None, X[:, :1], y), TypeError, "got NoneType"),
    (lambda X, y, tmp: plots.prediction_curve(lambda p: 5 * p, X[:, :1], y), ValueError,
     "not probabilities of class 1 (in [0, 1]): apply the sigmoid"),
    (lambda X, y, tmp: plots.prediction_curve(lambda p: np.column_stack([p, -p]), X[:, :1], y), ValueError,
     "apply the softmax"),
    (lambda X, y, tmp: plots.prediction_curve(lambda p: 0 * p + 0.5, X[:, :1], 2 * y), ValueError,
     "one value per point, and y holds 3 classes"),
    (lambda X, y, tmp: plots.loss_curves(History(), tmp / "loss.png"), ValueError,
     "the History has no epoch to draw"),
    (lambda X, y, tmp: plots.loss_curves([0.5, 0.4]), TypeError, "a History (what fit returns) or its .history dict"),
    (lambda X, y, tmp: plots.loss_curves({"loss": [1, 0.5], "val_loss": [1]}), ValueError,
     "history['val_loss'] has 1 values and history['loss'] 2"),
    (lambda X, y, tmp: plots.gradient_norms(nn.MLP([2, 1])), TypeError, "draws a Monitor's records, got Sequential"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X[:0], y[:0]), ValueError,
     "a decision boundary needs at least one sample; X has none"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X, np.array(["no", "yes"])[y]), TypeError,
     "y must hold numbers (class numbers 0, 1, 2, ... or values), got <U3"),
    (lambda X, y, tmp: plots.decision_boundary(_right_half, X, np.where(y == 1, np.nan, 0.5)), ValueError,
     "y holds NaN or inf: drop those samples before plotting"),
    (lambda X, y, tmp: plots.decision_boundary(lambda p: np.array(["a"] * len(p)), X, y), TypeError,
     "predict_classes must return numbers, got <U1"),
    (lambda X, y, tmp: plots.decision_boundary(lambda p: p, X, y * 1.0), ValueError,
     "predict_classes returned 2 values per point where one is drawn"),
    (lambda X, y, tmp: plots.decision_boundary(lambda p: np.where(p[:, 0] > 0, 1, -1), X, y), ValueError,
     "predict_classes returned the class -1: classes are numbered 0, 1, 2, ...; map -1/1 predictions to 0/1"),
    (lambda X, y, tmp: plots.prediction_curve(lambda p: np.full((len(p), 2), 0.5), X[:, :1], 2 * y), ValueError,
     "predict returned 2 probabilities per point, and y holds class 2: return one probability per class"),
    (lambda X, y, tmp: plots.activation_curves("relu", path=tmp / "a.png", z_range=(5, -5)), ValueError,
     "z_range is (lowest z, highest z), e.g. (-5, 5), got (5, -5)"),
])
def test_bad_input_is_refused_with_the_fix(tmp_path, call, error, message):
    X, y = data.load("moons", n_samples=60, seed=0)
    with pytest.raises(error) as caught:
        call(X, y, tmp_path)
    assert message in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_x_of_another_shape_is_refused_with_the_shape_needed():
    # (the fixes of the two common slips, a vector for one feature and too many columns for two,
    # are in the table above; other shapes get the shape needed alone)
    X, y = data.load("moons", n_samples=60, seed=0)
    for call, needed in ((lambda: plots.decision_boundary(_right_half, X[:, 0], y), "a decision boundary needs "
                          r"X of shape \(samples, 2\), one column per feature, got shape \(60,\)$"),
                         (lambda: plots.prediction_curve(np.sin, X, y), "a prediction curve needs X of shape "
                          r"\(samples, 1\), one column per feature, got shape \(60, 2\)$")):
        with pytest.raises(ValueError, match="^" + needed):
            call()


def _history(**series):
    history = History()
    for epoch in range(len(next(iter(series.values())))):
        history.append(epoch, {key: values[epoch] for key, values in series.items()
                               if not math.isnan(values[epoch])})
    return history


def test_loss_curves_of_a_classic_models_loss_history_say_how_to_draw_it():
    # LogisticRegression keeps a list: its refusal named only a History, which it has none of
    X, y = data.load("and")
    model = classic.LogisticRegression(2, lr=1.0).fit(X, y, epochs=30)
    with pytest.raises(TypeError, match=r"got list; for a list of losses, one per epoch \(a classic\."
                                        r"LogisticRegression's loss_history\), give \{'loss': the_list\}$"):
        plots.loss_curves(model.loss_history)
    line = plots.loss_curves({"loss": model.loss_history}).axes[0].lines[0]   # the way named draws it
    np.testing.assert_allclose(line.get_ydata(), model.loss_history)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 31))


def test_the_loss_curves_draw_the_logged_values_at_their_epochs():
    nan = math.nan
    history = _history(loss=[0.9, 0.7, 0.6, 0.55, 0.5], accuracy=[0.5, 0.6, 0.7, 0.75, 0.8],
                       val_accuracy=[0.4, nan, nan, 0.7, nan])   # a callback that logs every third epoch
    loss, accuracy = plots.loss_curves(history).axes
    drawn = {(ax.get_ylabel(), line.get_label()): (line.get_xdata().tolist(), line.get_ydata().tolist())
             for ax in (loss, accuracy) for line in ax.lines}
    assert drawn == {("loss", "train"): ([1, 2, 3, 4, 5], history["loss"]),
                     ("accuracy", "train"): ([1, 2, 3, 4, 5], history["accuracy"]),
                     ("accuracy", "validation"): ([1, 4], [0.4, 0.7])}   # joined: each alone was no line
    assert loss.get_yscale() == "linear"       # 0.9 to 0.5: no decade to span


def test_a_loss_spanning_decades_is_drawn_on_a_log_scale():
    falling = plots.loss_curves(_history(loss=[10.0, 1.0, 0.1], val_loss=[12.0, 2.0, math.nan])).axes[0]
    assert falling.get_yscale() == "log"
    assert [line.get_ydata().tolist() for line in falling.lines] == [[10.0, 1.0, 0.1], [12.0, 2.0]]
    huge = plots.loss_curves(_history(loss=[9.93e9, 9.92e9, 9.91e9])).axes[0]
    assert huge.get_yscale() == "linear"      # one "9.92 x 10^9" tick label after another told nothing


def test_a_regression_shows_r2_beside_the_loss_not_its_mse_again():
    history = _history(loss=[1.0, 0.5], mse=[1.0, 0.5], mae=[0.8, 0.6], r2=[-0.2, 0.4])
    loss, r2 = plots.loss_curves(history).axes
    assert r2.get_ylabel() == "R²" and r2.lines[0].get_ydata().tolist() == [-0.2, 0.4]
    mae = plots.loss_curves(_history(loss=[1.0, 0.5], mse=[1.0, 0.5], mae=[0.8, 0.6])).axes[1]
    assert mae.get_ylabel() == "mae"
    assert len(plots.loss_curves(_history(loss=[1.0, 0.5], mse=[1.0, 0.5])).axes) == 1


def test_a_single_epoch_is_a_visible_point_on_a_whole_epoch():
    ax = plots.loss_curves(_history(loss=[0.7], val_loss=[0.8])).axes[0]
    assert all(line.get_marker() == "o" for line in ax.lines)
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert 1 in ticks and all(t == int(t) for t in ticks)


def test_a_history_dict_and_the_history_of_a_fit_draw_alike():
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=64, seed=0)
    model = nn.MLP([2, 4, 1], output="sigmoid")
    history = model.fit(X, y, loss="bce", optimizer=neuralab.optim.SGD(model.parameters(), lr=0.1), epochs=3,
                        verbose=0, validation_data=(X, y))
    for drawn in (history, history.history):
        ax = plots.loss_curves(drawn).axes[0]
        assert [line.get_ydata().tolist() for line in ax.lines] == [history["loss"], history["val_loss"]]
        assert ax.lines[0].get_xdata().tolist() == [1, 2, 3]


@pytest.mark.parametrize("shape", ["(n,)", "(n, 1)"])
def test_the_curve_of_one_probability_shows_both_classes(shape):
    # before, P(class 1) was drawn as class 0's curve, and class 1's samples not at all
    x = np.linspace(-3, 3, 40)[:, None]
    y = (x[:, 0] > 0.5).astype(int)
    p1 = lambda points: nn.sigmoid(2 * points[:, 0])
    predict = p1 if shape == "(n,)" else (lambda points: p1(points)[:, None])
    ax = plots.prediction_curve(predict, x, y, resolution=50, class_names=["no", "yes"]).axes[0]
    no, no_ticks, yes, yes_ticks = ax.lines
    assert (no.get_label(), yes.get_label()) == ("no", "yes")
    line = no.get_xdata()[:, None]
    np.testing.assert_allclose(yes.get_ydata(), p1(line), rtol=1e-12)
    np.testing.assert_allclose(no.get_ydata(), 1 - p1(line), rtol=1e-12)
    assert no_ticks.get_xdata().tolist() == x[y == 0, 0].tolist()
    assert yes_ticks.get_xdata().tolist() == x[y == 1, 0].tolist()


def test_the_curve_of_a_logistic_regression_is_its_predict_proba():
    rng = np.random.default_rng(1)
    x = np.linspace(-3, 3, 60)[:, None]
    y = (x[:, 0] + rng.standard_normal(60) > 0).astype(int)
    model = classic.LogisticRegression(1).fit(x, y, epochs=200)
    ax = plots.prediction_curve(model.predict_proba, x, y, resolution=30).axes[0]
    np.testing.assert_allclose(ax.lines[2].get_ydata(), model.predict_proba(ax.lines[2].get_xdata()[:, None]))


def test_the_gradient_norms_are_the_monitors_records():
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=64, seed=0)
    model = nn.MLP([2, 4, 4, 1])
    monitor = Monitor(every=2)
    model.fit(X, y, loss="bce_logits", optimizer=neuralab.optim.SGD(model.parameters(), lr=0.1), epochs=2,
              verbose=0, callbacks=[monitor])
    ax = plots.gradient_norms(monitor).axes[0]
    # each line named as the Monitor names its layer, with the sizes its summary() row shows
    assert [line.get_label() for line in ax.lines] == ["0 Dense(2, 4)", "2 Dense(4, 4)", "4 Dense(4, 1)"]
    assert [line.get_label().split("(")[0] for line in ax.lines] == list(monitor.weights)
    for line, stats in zip(ax.lines, monitor.weights.values()):
        assert line.get_xdata().tolist() == monitor.steps
        np.testing.assert_array_equal(line.get_ydata(), stats["grad_norm"])


def test_no_legend_searches_for_its_place(monkeypatch):
    monkeypatch.setattr(Legend, "_find_best_position", lambda *a: pytest.fail("a legend with loc='best'"))
    X, y = data.load("moons", n_samples=40, seed=0)
    plots.decision_boundary(lambda p: (p[:, 0] > 0).astype(int), X, y, resolution=10).canvas.draw()
    plots.loss_curves(_history(loss=[1.0, 0.5], accuracy=[0.5, 0.7])).canvas.draw()
    plots.prediction_curve(lambda p: nn.sigmoid(p), X[:, :1], y, resolution=10).canvas.draw()


def test_the_activation_curves_are_autograds_functions_and_derivatives():
    torch = pytest.importorskip("torch")
    fig = plots.activation_curves("sigmoid", nn.Tanh(), "relu", nn.LeakyReLU(0.1))
    values, slopes = fig.axes
    references = [torch.sigmoid, torch.tanh, torch.relu, lambda z: torch.nn.functional.leaky_relu(z, 0.1)]
    for value, slope, reference in zip(values.lines, slopes.lines, references):
        z = torch.tensor(value.get_xdata(), dtype=torch.float64, requires_grad=True)
        reference(z).sum().backward()
        assert 0.0 in value.get_xdata()   # the kink of ReLU is drawn at its own value
        np.testing.assert_allclose(value.get_ydata(), reference(z).detach().numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(slope.get_ydata(), z.grad.numpy(), rtol=1e-12, atol=1e-15)
    assert [line.get_label() for line in slopes.lines] == ["Sigmoid()", "Tanh()", "ReLU()", "LeakyReLU(alpha=0.1)"]
    with pytest.raises(TypeError, match="softmax is not: its derivative is a matrix per sample"):
        plots.activation_curves("softmax")
    with pytest.raises(TypeError, match="got none"):
        plots.activation_curves()


def test_long_class_and_column_names_are_cut_so_the_axes_keep_their_room(tmp_path):
    """A class name may be 1,000 characters (a model file allows it): whole in the legend it
    pushed the axes to nothing (matplotlib's "constrained_layout not applied" warning, an error
    here); a title or an axis label that long ran off the figure. Each is cut to its start, "…"
    and its end, which tells apart names that differ at their end."""
    X, y = data.load("moons", n_samples=60, seed=0)
    text = "Mean temperature of the northern regions, measured weekly " * 17
    names = [f"{text}: cold", f"{text}: warm"]
    fig = plots.decision_boundary(_right_half, X, y, tmp_path / "plane.png", resolution=20, class_names=names,
                                  title=text, axes=(text + "1", text + "2"))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [len(label) for label in labels] == [plots.LEGEND_CHARS] * 2
    assert all(label.startswith("Mean temp") and "…" in label for label in labels)
    assert labels[0].endswith(": cold") and labels[1].endswith(": warm")  # told apart by their end
    shown = [ax.get_title().splitlines()[0], ax.get_xlabel(), ax.get_ylabel()]   # (the title's 2nd line, the score)
    assert all(len(label) == plots.LABEL_CHARS and "…" in label for label in shown)
    assert shown[1][-1] == "1" and shown[2][-1] == "2"
    fig = plots.prediction_curve(lambda p: nn.sigmoid(p), X[:, :1], y, tmp_path / "curve.png", resolution=20,
                                 class_names=names)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == labels
    fig = plots.loss_curves(_history(loss=[1.0, 0.5], val_loss=[1.1, 0.6]), tmp_path / "loss.png",
                            val_label=text, loss_label=text)
    assert len(fig.axes[0].get_legend().get_texts()[1].get_text()) == plots.LEGEND_CHARS
    assert len(fig.axes[0].get_ylabel()) == plots.LABEL_CHARS
    fig = plots.decision_boundary(_right_half, X, y, class_names=names[:1] + [text[:plots.LEGEND_CHARS]])
    assert fig.axes[0].get_legend().get_texts()[1].get_text() == text[:plots.LEGEND_CHARS]  # short enough: whole
