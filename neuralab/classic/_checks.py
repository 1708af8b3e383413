"""Argument checks shared by the classic models: clear ValueErrors before any state changes."""
import numbers

import numpy as np

from ..nn import tables
from ..nn.checks import as_array, check_int, check_number, check_size
from ..nn.shape_hints import rows_hint, targets_hint
from ..nn.dtype import as_float_array, cast_numbers
from ..nn.labels import TWO_CLASSES, is_text, mapping_hint


# scikit-learn's names for its Perceptron and LogisticRegression, which a learner who used them
# writes first, and what does their job here: its constructors' keywords (``checked_keywords``)
# and its fitted attributes and methods (``sklearn_habit``, the classes' ``__getattr__``).
_NO_PENALTY = ("these models learn without a penalty, as scikit-learn's C=np.inf (penalty=None) does, not its "
               "LogisticRegression's default C=1.0 (an L2 penalty); for an L1 or L2 penalty, train "
               "nn.MLP([n_features, 1], output='sigmoid') with fit(..., penalty=train.L2(λ))")
_NOTHING_TO_SET = "it has nothing to set here: leave it out"
SKLEARN_KEYWORDS = {
    "max_iter": "the number of passes is fit's: fit(X, y, epochs=...)",
    "eta0": "scikit-learn's eta0 is lr here", "learning_rate": "the step size is lr here",
    "penalty": _NO_PENALTY, "C": _NO_PENALTY, "alpha": _NO_PENALTY, "l1_ratio": _NO_PENALTY,
    "fit_intercept": "the bias b is always learnt; a unit without one is nn.Dense(n_features, 1, bias=False)",
    "warm_start": "fit always goes on from the weights the last fit left, scikit-learn's warm_start=True; "
                  "a new model starts from zero",
    "class_weight": "an nn.MLP's fit takes class_weight: nn.MLP([n_features, 1], output='sigmoid')",
    "verbose": _NOTHING_TO_SET, "n_jobs": _NOTHING_TO_SET,
    "multi_class": "these models separate two classes; for more, train an nn.MLP with a softmax output",
}
SKLEARN_ATTRIBUTES = {
    "coef_": "w is model.weights, shape (n_features,)", "intercept_": "b is model.bias, a float",
    "score": "the accuracy is np.mean(model.predict(X) == y)", "classes_": "the classes are 0 and 1",
    "n_features_in_": "the number of inputs is model.n_features",
    "predict_proba": "a step unit gives no probability, only z = w·x + b (decision_function); "
                     "classic.LogisticRegression's predict_proba gives σ(z)",
}


def sklearn_habit(model, name, own=None):
    """The ``AttributeError`` for ``name``, an attribute ``model`` lacks: a scikit-learn habit
    (``SKLEARN_ATTRIBUTES``, or ``own``, the model's own ones) with what does its job here,
    anything else Python's own."""
    habits = {**SKLEARN_ATTRIBUTES, **(own or {})}
    if name in habits:
        return AttributeError(f"{type(model).__name__} has no {name}: {habits[name]}")
    return AttributeError(f"{type(model).__name__!r} object has no attribute {name!r}")


def check_n_features(n_features):
    """The number of inputs of a classic model, or None: a model built without it takes it from X's
    columns at its first fit, as scikit-learn's models do (there are no weights before)."""
    return None if n_features is None else check_size(n_features, "n_features")


def before_first_fit(model, what):
    """The error of ``what`` (a method's call, "predict(X)", or an attribute, "model.weights") asked
    of ``model``, built without n_features, before its first fit: it has no weights yet. An
    AttributeError for an attribute (so that ``hasattr`` says False), a ValueError for a call."""
    name = type(model).__name__
    error = AttributeError if what.startswith("model.") else ValueError
    return error(f"{name}() has no weights before its first fit, which takes n_features from X's columns: "
                 f"call fit(X, y) before {what}, or give the size, {name}(n_features)")


def check_lr(lr):
    """η as a float: a finite number above 0 (an int past the float range is refused too)."""
    return check_number(lr, "lr", ok=lambda v: v > 0, expected="a positive finite number")


# The most epochs one fit runs: a million passes over the four gates take under a minute, far more
# than either model needs; 10**12, a typo, would run for a year (to go on, fit again: it continues)
MAX_EPOCHS = 1_000_000


def check_epochs(epochs):
    """The number of passes of one ``fit``: an integer from 1 to ``MAX_EPOCHS``."""
    epochs = check_int(epochs, "epochs")
    if epochs > MAX_EPOCHS:
        raise ValueError(f"epochs must be at most {MAX_EPOCHS:,} in one fit, got {epochs:,}; to "
                         f"train longer, call fit again: each call continues from the weights the "
                         f"last one left")
    return epochs


# A vector given as X to a model that does not know its width yet (scikit-learn's words for it)
_ROWS = " (samples are rows: np.reshape(X, (-1, 1)) if it holds one feature, np.reshape(X, (1, -1)) if one sample)"


def check_inputs(X, n_features, dtype=None, feature_names=None):
    """X as a finite float array of shape (m, n_features), in ``dtype`` if one is given (converted
    from what was given: integers straight to it, not through the default dtype); of any width
    when ``n_features`` is None (a model that takes it from this X). A vector is refused with the
    reshape that makes it rows (one sample, or one feature); a DataFrame whose columns are not
    ``feature_names`` (those the model was fitted on) is refused by name."""
    tables.check_columns(feature_names, X)
    X = as_array(X, "X", numbers_only=True)  # masked entries, ragged rows and a table's text columns, named
    try:
        X = as_float_array(_in(X, dtype), "X", ndim=2)
    except ValueError as err:
        raise ValueError(f"{err}{_ROWS if n_features is None else rows_hint(X, n_features, 'X')}") from None
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"X must have shape (m, {n_features}), got {X.shape}{rows_hint(X, n_features, 'X')}")
    return X


def check_labels(y, m, dtype=None):
    """y as a finite float vector of shape (m,), given as (m,) or (m, 1), in ``dtype`` if one is
    given; text labels are refused with the mapping to 0 and 1 (``labels_hint``), and so are
    Python objects (``None``, an array of dtype object) with what to do."""
    y = as_array(y, "y")  # masked entries and ragged rows, named
    if is_text(y):
        raise TypeError(f"y must hold the labels 0 and 1, got text labels{labels_hint(y)}")
    if y.dtype.kind == "O":
        raise TypeError(_objects_message(y))
    y = as_float_array(_in(y, dtype), "y", ndim=(1, 2))
    if (y.ndim == 2 and y.shape[1] != 1) or y.shape[0] != m:
        raise ValueError(f"y must have shape ({m},) to match X, got {y.shape}{targets_hint(y, m)}")
    return y.reshape(m)


def _objects_message(y):
    """Why ``y``, an array of dtype object, is refused: the first value that is no number (None:
    a sample without its label), or, if all are numbers, the conversion that makes it numbers."""
    for index, value in np.ndenumerate(y):
        if not isinstance(value, numbers.Real):
            at = index[0] if len(index) == 1 else index
            if value is None:
                return (f"y must hold the labels 0 and 1, got None at index {at}: every sample "
                        f"needs its label (drop the samples that have none)")
            return f"y must hold the labels 0 and 1, got {type(value).__name__} {value!r} at index {at}"
    return ("y must hold numbers, got an array of dtype object (Python objects): convert it, "
            "np.asarray(y, dtype=float)")


def _in(x, dtype):
    """``x`` as an array of ``dtype`` if one is given and it holds numbers; as it came otherwise."""
    return x if dtype is None else cast_numbers(x, dtype)


def labels_hint(y):
    """How to turn the labels ``y`` (not 0 and 1) into 0 and 1, for the end of an error message
    (``nn.labels.mapping_hint``); more than two classes need another model."""
    return mapping_hint(y, TWO_CLASSES, more_than_two="train an nn.MLP with a softmax output "
                                                      "(this model separates two classes)")
