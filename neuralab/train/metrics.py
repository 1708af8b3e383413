"""Metrics: numbers people read, computed from predictions and targets (never differentiated).

    accuracy  fraction of samples whose predicted class is the true class
              (one output: class 1 when the output ≥ threshold; K outputs: argmax)
    mse       mean (ŷ - y)²        mae  mean |ŷ - y|
    r2        1 - Σ(y - ŷ)² / Σ(y - ȳ)²   (1 is perfect, 0 is no better than predicting ȳ)
"""
from functools import partial

import numpy as np

from ..nn.losses import BCEWithLogitsLoss, CrossEntropyLoss, BCELoss, MSELoss


def _labels(y):
    y = np.asarray(y)
    return y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(-1)


def correct(pred, y, threshold=0.5):
    """How many samples are classified correctly (summable over batches)."""
    if pred.ndim == 1 or pred.shape[1] == 1:
        return int(((pred.reshape(-1) >= threshold) == (_labels(y) > 0.5)).sum())
    return int((pred.argmax(axis=1) == _labels(y)).sum())


def accuracy(pred, y, threshold=0.5):
    return correct(pred, y, threshold) / len(pred)


def mse(pred, y):
    return float(np.mean((pred - np.asarray(y).reshape(pred.shape)) ** 2))


def mae(pred, y):
    return float(np.mean(np.abs(pred - np.asarray(y).reshape(pred.shape))))


def r2(pred, y):
    y = np.asarray(y, dtype=np.float64).reshape(pred.shape)
    total = ((y - y.mean(axis=0)) ** 2).sum()
    residual = ((y - pred) ** 2).sum()
    return float(1 - residual / total) if total > 0 else float("nan")


METRICS = {"accuracy": accuracy, "mse": mse, "mae": mae, "r2": r2}


def resolve(metrics, loss):
    """Name -> function for ``metrics``: a list of names, or "auto" to choose from the loss
    (accuracy for the classification losses, MSE/MAE/R² for MSE)."""
    if metrics == "auto":
        if isinstance(loss, (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss)):
            metrics = ["accuracy"]
        elif isinstance(loss, MSELoss):
            metrics = ["mse", "mae", "r2"]
        else:
            metrics = []
    resolved = {}
    for name in metrics or ():
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}; choose from: {', '.join(METRICS)}")
        fn = METRICS[name]
        # A logit of 0 is a probability of 1/2: threshold raw scores at 0.
        if name == "accuracy" and isinstance(loss, BCEWithLogitsLoss):
            fn = partial(accuracy, threshold=0.0)
        resolved[name] = fn
    return resolved
