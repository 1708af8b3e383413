"""Sample and class weights: what ``fit``'s ``sample_weight`` and ``class_weight`` and
``evaluate``'s ``sample_weight`` accept, turned into one weight per sample, float64, which each
batch's loss takes as ``loss(pred, y_batch, weight=w_batch)``: the weighted mean
Σ w_i ℓ_i / Σ w_i (see ``fit``)."""
import numbers
from collections.abc import Mapping

import numpy as np

from ..nn import losses
from ..nn.dtype import as_float_array, cast_numbers
from ..nn.sample_weight import check_sample_weight

_CLASS_WEIGHT_FORMS = ("class_weight must be a dict {class: weight}, a sequence of one weight per "
                       "class, or 'balanced'")


def sample_weights(net, loss, X, targets, sample_weight, class_weight):
    """The weight of each sample of X in fit, float64 of shape (n,): its ``sample_weight`` times
    its class's ``class_weight``, as Keras multiplies them; None when neither is given.
    ``targets`` are the training targets as ``check_target`` returned them."""
    if sample_weight is None and class_weight is None:
        return None
    weights = np.ones(len(X)) if sample_weight is None else check_sample_weight(sample_weight, len(X))
    if class_weight is None:
        return weights
    if not isinstance(loss, losses.CLASSIFICATION_LOSSES):
        raise ValueError(f"class_weight weighs classes, for the classification losses (bce, "
                         f"bce_logits, cross_entropy), not {type(loss).__name__}: weight the "
                         f"samples with sample_weight instead")
    # cross_entropy's labels do not say how many classes there are: the model's outputs do
    n_outputs = net.forward(X[:1].copy(), training=False).shape[-1] if targets.ndim == 1 else None
    classes, k = _classes(targets, n_outputs)
    weights = weights * _class_table(class_weight, classes, k)[classes]
    if not weights.any():
        both = " times sample_weight" if sample_weight is not None else ""
        raise ValueError(f"class_weight{both} gives every sample a weight of 0, so no sample would "
                         f"count: give a class of y a positive weight")
    return weights


def _classes(targets, n_outputs):
    """The class of each sample (integers) and the number of classes K, from fit's checked
    targets: labels (cross_entropy's 0..K-1 with K = ``n_outputs``; a single output's 0 and 1)
    or one-hot rows, whose class is the column of their 1 (as Keras takes the argmax). A
    ValueError for targets that are not one class per sample."""
    if targets.ndim == 1:
        return targets, n_outputs
    binary = ((targets == 0) | (targets == 1)).all()
    if targets.ndim == 2 and targets.shape[1] == 1 and binary:
        return targets[:, 0].astype(np.int64), 2
    if targets.ndim == 2 and targets.shape[1] > 1 and binary and (targets.sum(axis=1) == 1).all():
        return targets.argmax(axis=1), targets.shape[1]
    what = ("probabilities, not the labels 0 and 1" if targets.ndim == 2 and targets.shape[1] == 1
            else "rows that are not one-hot (probabilities, or several classes per sample)")
    raise ValueError(f"class_weight needs one class per sample, but y holds {what}: weight the "
                     f"samples with sample_weight instead")


def _class_table(class_weight, classes, k):
    """One weight per class 0..K-1: from a dict (a class it leaves out weighs 1, as in Keras, so
    that {1: 5} weighs the rare class 1 five times), a sequence of K weights, or "balanced",
    scikit-learn's n / (n_classes · count(class)) over the n_classes classes present in y."""
    if isinstance(class_weight, str):
        if class_weight != "balanced":
            raise ValueError(f"{_CLASS_WEIGHT_FORMS}, got {class_weight!r}")
        counts = np.bincount(classes, minlength=k)
        table, present = np.ones(k), counts > 0
        table[present] = len(classes) / (present.sum() * counts[present])
        return table
    if isinstance(class_weight, Mapping):
        table = np.ones(k)
        for key in class_weight:
            if (isinstance(key, (bool, np.bool_)) or not isinstance(key, numbers.Real)
                    or not float(key).is_integer() or not 0 <= key < k):
                raise ValueError(f"class_weight has the key {key!r}, which is no class: the classes "
                                 f"are 0..{k - 1} (text labels are numbered by their place in "
                                 f"np.unique(labels))")
        if class_weight:
            table[[int(key) for key in class_weight]] = _class_values(list(class_weight.values()))
        return table
    if isinstance(class_weight, (list, tuple, np.ndarray)):
        table = _class_values(class_weight)
        if len(table) != k:
            raise ValueError(f"class_weight as a sequence must hold one weight per class, {k}, got {len(table)}")
        return table
    raise TypeError(f"{_CLASS_WEIGHT_FORMS}, got {type(class_weight).__name__}")


def _class_values(values):
    """The weights of a class_weight, float64: finite and non-negative."""
    table = as_float_array(cast_numbers(values, np.float64), "class_weight's weights", ndim=1)
    if (table < 0).any():
        raise ValueError(f"class_weight's weights must be non-negative (0 leaves a class out), got "
                         f"{table.min():g}")
    return table
