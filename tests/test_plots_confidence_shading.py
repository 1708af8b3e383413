"""A decision boundary given probabilities shades each region by the model's confidence, the
probability of the class it predicts, and draws the line p = 0.5 for two classes, as the
TensorFlow Playground does: where the model is unsure shows. Given classes, it draws as before."""
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.contour import ContourSet

from neuralab import data, nn
from neuralab.cli import output
from neuralab.train import History, plots


def _confidence_blobs():
    rng = np.random.default_rng(0)
    X = rng.normal(0, 1, (60, 2))
    return X, (X[:, 0] > 0).astype(int)


def _sure_far_from_x0(points):
    """The probability of class 1, a sigmoid of 3·x1: 0.5 on the line x1 = 0, near 0 or 1 far from it."""
    return 1 / (1 + np.exp(-3 * points[:, 0]))


def _confidence_mesh_alpha(fig):
    """The alpha of each cell of a shaded plane, drawn from an RGBA per cell (None unshaded)."""
    cells = np.asarray(fig.axes[0].collections[0].get_array())
    return cells[..., 3] if cells.ndim == 3 else None


def test_two_classes_are_shaded_by_the_probability_and_the_half_line_is_drawn():
    X, y = _confidence_blobs()
    fig = plots.decision_boundary(_sure_far_from_x0, X, y, resolution=41, probabilities=True)
    alpha = _confidence_mesh_alpha(fig)
    assert alpha.shape == (41, 41)
    edges = fig.axes[0].collections[0].get_coordinates()[0, :, 0]
    x1 = (edges[1:] + edges[:-1]) / 2                   # the x1 of each column of the plane
    row = alpha[20][np.argsort(np.abs(x1))]             # from x1 = 0 (p = 0.5) outwards (p near 0 or 1)
    assert row[0] < 0.15 and row[-1] > 0.55             # unsure: nearly white; sure: deep
    assert np.all(np.diff(row) >= 0)                    # the surer, the deeper
    half = [c for c in fig.axes[0].collections if isinstance(c, ContourSet)]
    assert len(half) == 1 and list(half[0].levels) == [0.5]
    path = half[0].get_paths()[0].vertices
    np.testing.assert_allclose(path[:, 0], 0, atol=0.05)   # the line p = 0.5 is x1 = 0
    assert "p = 0.5" in [t.get_text() for t in fig.legends[0].get_texts()]
    bar = fig.axes[-1]
    assert bar.get_xlabel() == "probability of the predicted class (shade)" and bar.get_xlim() == (0.5, 1.0)


def test_a_softmax_is_shaded_by_its_largest_probability_and_classes_draw_as_before():
    X, y = _confidence_blobs()
    y3 = y + (X[:, 1] > 1)

    def softmax_of_three(points):
        z = np.column_stack([-2 * points[:, 0], 2 * points[:, 0], 3 * (points[:, 1] - 1)])
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    fig = plots.decision_boundary(softmax_of_three, X, y3, resolution=30, probabilities=True)
    assert np.ptp(_confidence_mesh_alpha(fig)) > 0.3
    assert not any(isinstance(c, ContourSet) for c in fig.axes[0].collections)   # p = 0.5 is two classes' line
    assert fig.axes[-1].get_xlim() == pytest.approx((1 / 3, 1.0))
    # a function of classes, as before: one shade, no line, no bar
    fig = plots.decision_boundary(lambda p: (p[:, 0] > 0).astype(int), X, y, resolution=30)
    assert fig.axes[0].collections[0].get_alpha() == 0.35 and len(fig.axes) == 1


def test_probabilities_that_are_none_are_refused():
    X, y = _confidence_blobs()
    with pytest.raises(ValueError, match="predict_classes returned scores that are not probabilities"):
        plots.decision_boundary(lambda p: np.column_stack([p[:, 0], -p[:, 0]]), X, y, probabilities=True)
    with pytest.raises(ValueError, match="y holds values .* leave probabilities out"):
        plots.decision_boundary(lambda p: p[:, 0], X, X[:, 1], probabilities=True)


@pytest.mark.parametrize("loss, output_layer, shaded", [("bce", "sigmoid", True), ("bce_logits", None, True),
                                                        ("mse", None, False)])
def test_the_cli_shades_its_decision_boundary_when_the_model_gives_probabilities(tmp_path, monkeypatch, loss,
                                                                                 output_layer, shaded):
    ds = data.load("moons", n_samples=60, seed=0)
    model = nn.MLP([2, 8, 1], output=output_layer)
    history = History()
    history.append(0, {"loss": 0.5})
    drawn = []
    real = plots.decision_boundary
    monkeypatch.setattr(plots, "decision_boundary", lambda *a, **k: drawn.append(real(*a, **k)) or drawn[-1])
    args = SimpleNamespace(early_stopping=None, target=None)
    output.figures(args, ds, model, history, tmp_path, loss, "moons", parts=((ds.X, ds.y), (ds.X, ds.y)))
    alpha = _confidence_mesh_alpha(drawn[0])
    assert (alpha is not None and np.ptp(alpha) > 0.1) == shaded
