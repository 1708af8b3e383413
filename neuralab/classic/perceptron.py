"""Rosenblatt's perceptron (1958): one threshold unit and the learning rule that trains it."""

import numpy as np

from ..nn import tables
from ..nn.checks import check_bool, check_number, checked_keywords
from ..nn.dtype import as_float_array
from ..nn.random import as_rng
from ._checks import (SKLEARN_KEYWORDS, before_first_fit, check_epochs, check_inputs, check_labels, check_lr,
                      check_n_features, labels_hint, sklearn_habit)

# scikit-learn's Perceptron's keywords besides the two models' (``_checks.SKLEARN_KEYWORDS``)
_STOPS = "training stops after the first epoch that makes no mistake, where the rule has converged"
SKLEARN_PERCEPTRON_KEYWORDS = {
    **SKLEARN_KEYWORDS,
    "shuffle": "fit(X, y, shuffle=True) visits the samples in a new order each epoch",
    "random_state": "the order of a shuffled fit is drawn from fit(X, y, shuffle=True, rng=seed)",
    "tol": _STOPS, "n_iter_no_change": _STOPS, "early_stopping": _STOPS, "validation_fraction": _STOPS,
}
# and its fitted attributes besides the two models' (``_checks.SKLEARN_ATTRIBUTES``)
SKLEARN_PERCEPTRON_ATTRIBUTES = {
    "n_iter_": "the epochs the last fit ran are len(model.errors_per_epoch), and the updates it made "
               "sum(model.errors_per_epoch)",
}


class Perceptron:
    """A single threshold unit trained by the perceptron rule, one sample at a time.

        prediction:  ŷ = step(w·x + b) = 1 if w·x + b ≥ 0 else 0
        update:      w ← w + η (y - ŷ) x,   b ← b + η (y - ŷ)

    y - ŷ is 0 when the sample is classified correctly (nothing changes), +1 when a positive
    sample fell below the threshold (w moves towards x) and -1 when a negative one rose above it
    (w moves away from x). There is no loss and no gradient: the step's derivative is 0
    wherever it exists, which is why gradient descent cannot train this unit.

    Convergence theorem (Novikoff, 1962): if some hyperplane separates the two classes with a
    margin γ > 0 and every input (with a constant 1 appended for the bias) has norm at most R,
    the rule makes at most (R/γ)² mistakes in total, whatever the order of the samples: after
    finitely many epochs a whole pass makes no mistake and training stops. If no hyperplane
    separates the classes, every epoch makes at least one mistake, forever. XOR is the classic
    case: outputs 1 at (0,1) and (1,0) need w₂ + b ≥ 0 and w₁ + b ≥ 0, outputs 0 at (0,0) and
    (1,1) need b < 0 and w₁ + w₂ + b < 0; adding the first two gives w₁ + w₂ + b ≥ -b > 0,
    a contradiction. One unit cannot compute XOR; a hidden layer can (Minsky & Papert, 1969).

    Labels are 0 and 1 (map ±1 labels with ``(y + 1) // 2``). The weights start at zero.
    ``n_features`` is the number of inputs; without it, ``Perceptron()``, the first ``fit`` takes
    it from X's columns, as scikit-learn's does (there are no weights before, unless set by hand).

    From the same weights, with the same η and order (``shuffle=False``), scikit-learn's
    ``Perceptron(eta0=η, shuffle=False, tol=None)``, started with ``fit(X, y, coef_init=w,
    intercept_init=b)``, makes the same updates, except at a tie: it counts z = 0 as a mistake
    for both classes (it updates where y·z ≤ 0, with y = ±1), where the step here sends it to 1.
    From w = 0 the first sample is such a tie, so from zero the two runs differ (on AND it ends at
    3·x1 + 2·x2 - 4, here at 2·x1 + x2 - 3); it also runs all ``max_iter`` epochs, here training
    stops after the first without a mistake.

    So that a worked example gives the weights of pencil and paper, epoch after epoch, the rule
    runs in float64 whatever the default dtype and the inputs' dtype (in float32 an η of 0.1 is
    0.100000001, and a weight set to -0.1 by hand ends one step later at 1.5e-9, not 0), and a
    z = w·x + b that paper makes exactly 0 counts as 0 (a tie: ŷ = 1) though floating point
    gives it as ±3e-17 or so (see ``tie_width``). To follow the weights epoch by epoch, call
    ``fit(X, y, epochs=1)`` in a loop: each call continues from the weights the last one left.

    AND is separable: the sixth epoch makes no mistake. XOR is not: every epoch makes some.

    >>> from neuralab import classic, data
    >>> X, y = data.load("and")
    >>> perceptron = classic.Perceptron(2).fit(X, y, epochs=20)
    >>> perceptron.errors_per_epoch, perceptron.converged_epoch, perceptron.predict(X)
    ([2, 3, 3, 2, 1, 0], 6, array([0, 0, 0, 1]))
    >>> perceptron.weights, perceptron.bias                # 2·x1 + x2 - 3 ≥ 0 only at (1, 1)
    (array([2., 1.]), -3.0)
    >>> X, y = data.load("xor_gate")
    >>> classic.Perceptron(2).fit(X, y, epochs=20).errors_per_epoch[-5:]
    [4, 4, 4, 4, 4]
    """

    feature_names = None   # the columns of the DataFrame fit learned from: see nn.tables.check_columns

    @checked_keywords(SKLEARN_PERCEPTRON_KEYWORDS)
    def __init__(self, n_features=None, lr=1.0):
        self.n_features = check_n_features(n_features)
        self.lr = check_lr(lr)
        if self.n_features is not None:   # w = 0 of its size, which a worked example may set by hand before any fit
            self.weights = np.zeros(self.n_features)
            self.bias = 0.0
        self.converged, self.converged_epoch, self.errors_per_epoch = False, None, []

    def fit(self, X, y, epochs=100, shuffle=False, rng=None):
        """Apply the rule sample by sample for at most ``epochs`` passes over (X, y); return self.

        Training continues from the current weights and stops after the first epoch that makes
        no mistake. Records ``errors_per_epoch`` (mistakes made in each epoch), ``converged``
        and ``converged_epoch`` (1-based number of that mistake-free epoch, or None).
        ``shuffle`` visits the samples in a new random order each epoch, drawn from ``rng``: a
        ``np.random.Generator``, an integer seed, or None for neuralab's generator (see
        ``neuralab.seed``). To follow a shuffled run epoch by epoch with ``fit(epochs=1)`` in a
        loop, give every call the same Generator: a seed starts afresh at each call, which would
        visit the samples in one same order every epoch.
        """
        names = tables.column_names(X) or self.feature_names
        X = check_inputs(X, self.n_features, np.float64, self.feature_names)
        y = check_labels(y, X.shape[0], np.float64)
        if not np.isin(y, (0, 1)).all():
            raise ValueError(f"y must hold only the labels 0 and 1{labels_hint(y)}")
        epochs = check_epochs(epochs)
        lr = check_lr(self.lr)
        shuffle = check_bool(shuffle, "shuffle")
        rng = as_rng(rng, "rng")

        w, b = self._start(X.shape[1])
        abs_X = np.abs(X)
        errors = []
        for _ in range(epochs):
            mistakes = 0
            for i in (rng.permutation(len(X)) if shuffle else range(len(X))):
                z = X[i] @ w + b
                # ŷ = step(z), a z within rounding error of 0 counting as 0 (z ≥ 0 needs no tie width)
                y_hat = 1.0 if z >= 0 or z >= -tie_width(abs_X[i], w, b, lr) else 0.0
                if y[i] != y_hat:
                    w += lr * (y[i] - y_hat) * X[i]
                    b += lr * (y[i] - y_hat)
                    mistakes += 1
            errors.append(mistakes)
            if mistakes == 0:
                break
        self.n_features, self.weights, self.bias, self.feature_names = X.shape[1], w, float(b), names
        self.errors_per_epoch = errors
        self.converged = errors[-1] == 0
        self.converged_epoch = len(errors) if self.converged else None
        return self

    def _start(self, n_features):
        """A float64 copy of the current (w, b), which a learner may have set by hand (``weights =
        [1, 1]`` is a fine first guess; ``w += η·x`` needs floats), checked before training or
        predicting on inputs of ``n_features`` columns. The first fit of a ``Perceptron()``, which
        has none yet, starts from w = 0 and b = 0 of that size (or from those set by hand)."""
        own = vars(self)
        return (check_weights(own.get("weights", np.zeros(n_features)), n_features).astype(np.float64),
                check_bias(own.get("bias", 0.0)))

    def _sized(self, what):
        """n_features; or, before the first fit of a ``Perceptron()``, the error of ``what`` (a
        method's call) asked for then."""
        if self.n_features is None:
            raise before_first_fit(self, what)
        return self.n_features

    def decision_function(self, X):
        """z = w·x + b for each row of X, shape (m,), in float64 (a tie of pencil and paper may
        show as ±3e-17 or so: ``predict`` takes it as the tie it is)."""
        X = check_inputs(X, self._sized("decision_function(X)"), np.float64, self.feature_names)
        w, b = self._start(self.n_features)
        return X @ w + b

    def predict(self, X):
        """ŷ = step(w·x + b): 0 or 1 for each row of X, shape (m,), integer dtype, decided as
        ``fit`` decides it: a z within rounding error of 0 is a tie, ŷ = 1 (see ``tie_width``).

        For inputs so large that z overflows to ±inf the step is still 1 or 0: that overflow
        is no error here."""
        X = check_inputs(X, self._sized("predict(X)"), np.float64, self.feature_names)
        w, b = self._start(self.n_features)
        with np.errstate(over="ignore", invalid="ignore"):
            z = X @ w + b
            return (z >= -tie_width(np.abs(X), w, b, check_lr(self.lr))).astype(np.int64)

    def __getattr__(self, name):
        """Only reached for an attribute the model lacks: scikit-learn's ``coef_``, ``score``, ...
        get what does their job here; ``weights`` and ``bias`` before the first fit of a
        ``Perceptron()``, why there are none yet."""
        if name in ("weights", "bias") and vars(self).get("n_features", 0) is None:
            raise before_first_fit(self, f"model.{name}")
        raise sklearn_habit(self, name, SKLEARN_PERCEPTRON_ATTRIBUTES)

    def __repr__(self):
        return f"Perceptron(n_features={self.n_features}, lr={self.lr})"


# How close to 0, relative to the sizes it is computed from, a z = w·x + b counts as 0 (``tie_width``)
TIE = 1e-9
_LARGEST = float(np.finfo(np.float64).max)


def tie_width(abs_X, w, b, lr):
    """How far below 0 a z = w·x + b may fall and still count as 0, a tie that the step sends to
    ŷ = 1, as exact arithmetic has it: ŷ = 1 where z ≥ -tie_width (one sample, or an array of
    them; ``abs_X`` = |X|). It is ``TIE`` times the sizes z's rounding errors scale with, which
    is why it needs x, w, b and η.

    A worked example's numbers (η = 0.1, w = (0.2, -0.1)) are decimals that binary floating point
    only approximates: where paper gets z = 0.3 - 0.1 - 0.2 = 0, a tie that the step sends to 1,
    float64 gets -2.8e-17, which sends the sample to 0 and the rest of the run elsewhere
    (in about one run of seven of such exercises, gates and points of one decimal). Those errors
    are some 1e-16 of the sizes involved: the terms of z, |w|·|x| + |b|, and the updates that
    made w and b, η(‖x‖₁ + 1). A z within ``TIE`` = 1e-9 of their sum counts as 0: ten million
    times the rounding, and far inside any margin that data has (on real-valued data no decision
    changes). A size past the float range is the largest float instead, so that a z of -inf
    (inputs near the range's end) stays a 0.
    """
    size = abs_X @ np.abs(w) + abs(b) + lr * (abs_X.sum(axis=-1) + 1)
    return TIE * np.minimum(size, _LARGEST)


def check_weights(weights, n_features):
    """Weights set by hand (a list, integers too) as a float vector of shape (n_features,):
    ``Perceptron`` checks them before training or predicting, ``LogisticRegression`` when they
    are set."""
    w = as_float_array(weights, "weights", ndim=1)
    if w.shape != (n_features,):
        raise ValueError(f"weights must have shape ({n_features},), got {w.shape}")
    return w


def check_bias(bias):
    """A bias set by hand as a float; a 0-d array (what ``w @ x`` gives) is a number too."""
    b = bias.item() if isinstance(bias, np.ndarray) and bias.ndim == 0 else bias
    return check_number(b, "bias")
