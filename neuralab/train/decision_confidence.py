"""How sure the model is, over a decision boundary's plane: ``decision_boundary(...,
probabilities=True)`` shades each region by the probability of the class predicted there, from
nearly white at chance (1/k) to deep where the model is certain, as the TensorFlow Playground
shades its output, and draws the line p = 0.5 for two classes. And ``class_probabilities``, what
the decision boundary and the prediction curve read of a model's probabilities: one column per class."""
from typing import NamedTuple

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize

from .plot_inputs import one_column


class Confidence(NamedTuple):
    """The model's confidence over the plane (``confidence_of``): ``strength``, from 0 where the
    most probable class is no more probable than a guess among k (1/k) to 1 where it is certain;
    ``chance``, 1/k; ``p1``, the probability of class 1 for two classes (else None)."""
    strength: np.ndarray
    chance: float
    p1: np.ndarray | None


def confidence_of(values, n_classes):
    """The ``Confidence`` of the probabilities ``values`` that predict_classes returned."""
    chances = class_probabilities(values, n_classes, "predict_classes")
    chance = 1 / chances.shape[1]
    strength = np.clip((chances.max(axis=1) - chance) / (1 - chance), 0, 1)
    return Confidence(strength, chance, chances[:, 1] if chances.shape[1] == 2 else None)


def half_line(ax, g1, g2, p1):
    """Draw the line where the probability of class 1 is 0.5 (the boundary of two classes), if
    ``p1`` is given and crosses it; returns whether it was drawn."""
    if p1 is None or not p1.min() < 0.5 < p1.max():
        return False
    ax.contour(g1, g2, p1.reshape(g1.shape), levels=[0.5], colors="k", linewidths=1.2)
    return True


def confidence_bar(fig, ax, chance):
    """The colour bar under the axes that reads the shading: the probability of the class
    predicted, from ``chance`` (1/k, nearly white) to 1 (deepest), in grey for every class."""
    shades = LinearSegmentedColormap.from_list("confidence", [(1, 1, 1), (0.4, 0.4, 0.4)])
    bar = fig.colorbar(ScalarMappable(Normalize(chance, 1), shades), ax=ax, location="bottom", shrink=0.6,
                       aspect=30, pad=0.02)
    bar.set_label("probability of the predicted class (shade)", fontsize="small")
    bar.ax.tick_params(labelsize="small")


def class_probabilities(values, n_classes, name="predict"):
    """(n, classes) probabilities from what ``name`` returned (see ``prediction_curve_plot.prediction_curve``)."""
    values = values.astype(np.float64)
    if values.ndim == 2 and values.shape[1] > 1:
        if values.shape[1] < n_classes:
            raise ValueError(f"{name} returned {values.shape[1]} probabilities per point, and y holds class "
                             f"{n_classes - 1}: return one probability per class")
        if values.min() < 0 or not np.allclose(values.sum(axis=1), 1, atol=1e-3):
            raise ValueError(f"{name} returned scores that are not probabilities (≥ 0, each row summing to "
                             "1): apply the softmax to logits: "
                             "lambda points: np.exp(nn.log_softmax(model.predict(points)))")
        return values
    p = one_column(values, name)
    if n_classes > 2:
        raise ValueError(f"{name} returned one value per point, and y holds {n_classes} classes: return one "
                         "probability per class, shape (points, classes)")
    if p.min() < 0 or p.max() > 1:
        raise ValueError(f"{name} returned values from {p.min():.3g} to {p.max():.3g}, not probabilities of "
                         "class 1 (in [0, 1]): apply the sigmoid to logits: "
                         "lambda points: nn.sigmoid(model.predict(points))")
    return np.column_stack([1 - p, p])
