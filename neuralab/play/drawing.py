"""A drawing ("draw your own"): its points as a dataset, the points it starts from (and those of
the data shown it leaves out) and the part of the plane it shows, and what a regression
drawing's kept target scale makes of the values drawn.

A regression's μ and σ belong to the weights (``build.py``): points added to a drawing, or
cleared, keep them, so ``Standardizer.fit``'s warnings, said when they were fitted, no longer
follow the points. ``target_far`` says at each click what they make of the values drawn: a value
farther from μ than any fit leaves one, learnt as an output of that many σ; else a value far past
the others, in standardising's words as the kept σ leaves it; and a far value μ and σ were fitted
with, since cleared, whose σ still squashes the values drawn now; until a reset fits them anew.
"""
import math
from dataclasses import replace

import numpy as np

from .. import data as datasets
from .. import nn
from ..data.spread import SHARE, lone_value_words, lone_values, spread
from .plane_frame import PLANE
from .protocol import EXTENT, MAX_POINTS, MAX_VALUE


def drawn_dataset(points, task):
    """The ``Dataset`` of a drawing's ``points`` ([x1, x2, value] each): a regression's values as
    they are, a classification's as class indices (two classes at least)."""
    dtype = nn.get_default_dtype()
    P = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    if task == "regression":
        return datasets.Dataset(P[:, :2].astype(dtype), P[:, 2].astype(dtype), "regression", None,
                                ("x1", "x2"), None, "drawn")
    y = P[:, 2].astype(np.int64)
    k = max(2, int(y.max()) + 1) if len(y) else 2
    return datasets.Dataset(P[:, :2].astype(dtype), y, "binary" if k == 2 else "multiclass", k,
                            ("x1", "x2"), None, "drawn")


def drawing_start(data, dataset, task):
    """(points, left_out, extent) of a drawing of ``task`` started on the ``data`` shown, whose
    state is ``dataset``: the points it starts from, those of the 2-D data when it has that task
    (the state's own when it is a drawing; ``drawing_keeps``), else none; the words of those it
    leaves out (None when it leaves out none); and the state's ``dataset.extent`` it keeps: a
    drawing's own, else the part of the plane the page showed its points on (``_shown_extent``),
    None (the whole plane) when it starts empty."""
    kept = dataset["extent"] if data.name == "drawn" else None
    if not data.is_2d or data.classification != (task == "classification"):
        return [], None, kept
    if data.name == "drawn":
        return [list(p) for p in dataset["points"]], None, kept
    keep, summary = drawing_keeps(data)
    P = np.concatenate([data.points_train, data.points_test])[keep]
    y = np.concatenate([data.y_train, data.y_test])[keep]
    label = int if data.classification else lambda v: float(f"{v:.6g}")
    points = [[round(float(a), 4), round(float(b), 4), label(c)] for (a, b), c in zip(P, y)]
    return points, summary["left_out"], _shown_extent(data) if points else None


def _shown_extent(data):
    """The extent a drawing started on the data shown keeps: the part of the plane the page
    shows, a two-column CSV's frame of its points (``plane_frame.framed``), so they stay where
    the learner saw them (on the whole plane [-6, 6]² they shrank toward its middle at the first
    point drawn); None for the whole plane."""
    if tuple(data.extent) == PLANE:
        return None
    return [round(float(v), 4) for v in data.extent]


def drawn_extent(extent, points):
    """The part of the plane a drawing shows: its ``extent`` (None: the whole plane), widened to
    hold each of its ``points`` ([x1, x2, y]): a point on the plane but off that frame (sent by a
    link or a script: a click lands within it) is shown, and the keys can reach it."""
    if extent is None:
        return PLANE
    P = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    a, b, c, d = extent
    if len(P):
        (a, c), (b, d) = np.minimum([a, c], P[:, :2].min(axis=0)), np.maximum([b, d], P[:, :2].max(axis=0))
    return (float(a), float(b), float(c), float(d))


def drawing_keeps(data):
    """Which of the 2-D ``data``'s points (training, then test) a drawing started from them holds,
    as a mask, and in the scene's words (``dataset.drawing``): how many of its ``train`` and
    ``test`` points, and why the others are ``left_out`` (None when none is). A drawn set holds
    what a point drawn may be (``protocol``'s dataset.points): on the plane [-6, 6]², so a CSV's
    rows more than 6σ from a column's mean go; a value within ±``MAX_VALUE``; and ``MAX_POINTS``
    in all, the point drawn among them. The page says it before a point is drawn on a CSV, the
    server's reply to that point after (it went without a word, and the count of test rows the
    page gave was then off)."""
    P = np.concatenate([data.points_train, data.points_test])
    y = np.concatenate([data.y_train, data.y_test])
    on_plane = np.abs(P).max(axis=1) <= EXTENT
    in_range = np.abs(y) <= MAX_VALUE
    allowed = on_plane & in_range
    keep = allowed & (np.cumsum(allowed) <= MAX_POINTS - 1)
    off = "off the plane (more than 6σ from a column's mean)" if data.standardize is not None else "off the plane"
    reasons = [(int((~on_plane).sum()), off),
               (int((on_plane & ~in_range).sum()),
                f"with a value past ±{MAX_VALUE:.0f} (more than a point drawn may have)"),
               (int((allowed & ~keep).sum()), f"past the {MAX_POINTS} points a drawing holds")]
    n, out = len(P), int((~keep).sum())
    words = (f"{out} of the {n} points (training and test) {'is' if out == 1 else 'are'} left out of a drawing "
             "made from them: " + "; ".join(f"{k} {why}" for k, why in reasons if k)) if out else None
    return keep, {"train": int(keep[:len(data.points_train)].sum()), "test": int(keep[len(data.points_train):].sum()),
                  "left_out": words}


def target_far(y, kept_scale, kept_far, row, rows, notices):
    """The far value a regression drawing's μ and σ go with (``Data.target_far``: its value, its
    point ``row(k)`` and how far apart it left the others), for targets ``y``. Fitted now
    (``kept_scale`` None): the value that holds their spread, if one does. Kept: ``kept_far``, the
    one they were fitted with, and ``notices`` gets what they make of the values drawn
    (``_kept_scale_words``; ``rows``: what copies of a value are counted among)."""
    far = _far_target(y)
    if kept_scale is None:
        return (far.value, row(far.row), far.width) if far and far.share >= SHARE else None
    notices.extend(_kept_scale_words(y, kept_scale, far, kept_far, row, rows))
    return kept_far


def _far_target(y):
    """The ``spread.LoneValue`` that standardising the targets ``y`` (m,) warns of, or None."""
    if len(y) < 3:   # (lone_values: two values, or one, have no spread to squash)
        return None
    mean = y.mean(dtype=np.float64)
    found = lone_values(y[:, None], mean, *spread(y[:, None], mean))
    return found[0] if found else None


# A drawing's μ and σ fitted with a value that held their spread, once it is no longer drawn
GONE = ("the target's μ = {:.6g} and σ = {:.6g}, kept with the weights, were fitted with {:.6g} in {}, which is "
        "no longer drawn: values near the others it was drawn with, standardised with them, still end within "
        "{:.2g} of each other; reset the weights (↺) to fit μ and σ to the points drawn now")


# μ and σ fitted to m values leave each within √(m - 1) σ of μ (one value holding all the spread
# reaches it): a drawn value further than √MAX_POINTS σ from the kept μ was drawn after them.
KEPT_REACH = math.sqrt(MAX_POINTS)
OUTSIDE = ("the target {:.6g} in {} lies {:.3g} σ from the μ = {:.6g} kept with the weights (σ = {:.6g}), which "
           "were fitted without it: the network learns it as an output of {:.3g}, where its outputs start near 0 "
           "with a spread near 1, and its loss is that distance squared; reset the weights (↺) to fit μ and σ "
           "to the points drawn now")


def _kept_scale_words(y, scale, far, far_then, row, rows):
    """What a drawing's targets ``y``, standardised with the kept ``scale`` (μ, σ), warn of: the
    value farthest from μ when it lies past ``KEPT_REACH`` σ, as the network learns it (two far
    values, -1e6 and 1e6, or 1e6 after points of one value, leave no lone value to tell, yet
    each is learnt as an output of 1e5 or more); else ``far`` (``_far_target``) in
    standardising's words as that σ leaves it: its r copies among m values and the others, of
    deviation σ', fill m·σ² as in ``data.spread``, a share of 1 - (m - r)·σ'²/(m·σ²), its share
    under a σ fitted with it, near 0 under one fitted without (then "far past its other
    values"); and ``far_then``, the far value μ and σ were fitted with (``Data.target_far``),
    once it is no longer drawn: until a reset, σ squashes the others."""
    words = []
    mean, std = float(scale.mean[0]), float(scale.std[0])
    t = np.abs(y.astype(np.float64) - mean) / std
    k = int(np.argmax(t)) if len(y) else None
    if k is not None and t[k] > KEPT_REACH:
        signed = (float(y[k]) - mean) / std
        words.append(OUTSIDE.format(float(y[k]), row(k), t[k], mean, std, signed))
    elif far is not None:
        others = y[y != far.value]
        z = scale.forward(others[:, None], training=False)   # in y's digits, as the network learns them
        share = 1 - len(others) / len(y) * (others.std(dtype=np.float64) / float(scale.std[0])) ** 2
        found = replace(far, share=max(float(share), 0.0), width=float(z.max() - z.min()))
        words.append(lone_value_words([found], lambda j: "the target", row, rows))
    if far_then is not None and not (y == far_then[0]).any():
        words.append(GONE.format(mean, std, *far_then))
    return words
