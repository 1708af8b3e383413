"""Logistic regression: one sigmoid unit trained by batch gradient descent on cross-entropy."""

import numpy as np

from ..nn import tables
from ..nn.activations import sigmoid
from ..nn.checks import checked_keywords
from ..nn.dense import Dense
from ..nn.losses import BCEWithLogitsLoss
from ..nn.user_line import warn
from ..train.divergence import DivergenceWarning
from ._checks import (SKLEARN_KEYWORDS, before_first_fit, check_epochs, check_inputs, check_labels, check_lr,
                      check_n_features, labels_hint, sklearn_habit)
from .perceptron import check_bias, check_weights

# scikit-learn's LogisticRegression's keywords besides the two models' (``_checks.SKLEARN_KEYWORDS``)
_ALL_STEPS = ("fit(X, y, epochs=...) runs that many steps of gradient descent, with no tolerance to "
              "stop earlier on: it stops before a step only when the loss or the step would become "
              "infinite or NaN, and warns")
SKLEARN_LOGISTIC_KEYWORDS = {
    **SKLEARN_KEYWORDS,
    "solver": "the solver here is full-batch gradient descent, the one the course derives",
    "tol": _ALL_STEPS, "random_state": "nothing is drawn at random here: the weights start at zero and "
                                       "every step uses all the samples",
    "dual": "the solver here, gradient descent, has no dual form to choose",
    "intercept_scaling": "the bias b is learnt as every weight is, with no scaling to set",
}
# and its fitted attributes and methods besides the two models' (``_checks.SKLEARN_ATTRIBUTES``)
SKLEARN_LOGISTIC_ATTRIBUTES = {
    "n_iter_": "the steps of gradient descent run are len(model.loss_history), one per epoch",
    "predict_log_proba": "log p = -log(1 + e^(-z)) is -np.logaddexp(0, -model.decision_function(X))",
}


class LogisticRegression:
    """p = σ(w·x + b), the probability that x belongs to class 1.

    Trained by (full-batch) gradient descent on the mean binary cross-entropy over m samples:

        z = X w + b,   p = σ(z)
        L = -(1/m) Σ_i [y_i log p_i + (1 - y_i) log(1 - p_i)]
        dL/dz = (p - y) / m,   dw = Xᵀ(p - y) / m,   db = mean(p - y)
        w ← w - η dw,          b ← b - η db

    It is the perceptron's unit with the step replaced by a sigmoid: the output is now
    differentiable and the loss convex, so gradient descent with a small enough η lowers the loss
    at every step (η ≤ 4m / λ_max(X̃ᵀX̃) suffices, X̃ = X with a column of ones). When the classes
    overlap it converges to the best w; when they are separable the loss tends to 0 as ‖w‖
    grows without bound. The unit is an ``nn.Dense(n_features, 1)``
    and the loss ``nn.BCEWithLogitsLoss`` (sigmoid and cross-entropy fused, stable for any z):
    the gradient above is their ``backward``, the same code that trains every network here.

    Labels are 0 and 1 (any target in [0, 1] is accepted). The weights start at zero.
    ``n_features`` is the number of inputs; without it, ``LogisticRegression()``, the first
    ``fit`` takes it from X's columns, as scikit-learn's does (there are no weights before).

    The loss has no penalty: its minimum is scikit-learn's ``LogisticRegression(C=np.inf)``
    (``penalty=None``), not that of its default ``C=1.0``, which adds ‖w‖²/(2Cm) to L. Where the
    classes overlap, enough steps reach its coefficients (``coef_[0]`` is ``weights``).

    At w = 0, b = 0 every p is 0.5, so L = ln 2 and db = mean(p - y); on AND the x-columns of
    p - y cancel (dw = 0). A thousand steps later only (1, 1) gets a p above 0.5:

    >>> from neuralab import classic, data
    >>> X, y = data.load("and")
    >>> model = classic.LogisticRegression(2, lr=1.0)
    >>> loss, dw, db = model.loss_and_gradients(X, y)
    >>> round(loss, 4), dw.tolist(), round(db, 4)          # ln 2 = 0.6931, db = 0.5 - 1/4
    (0.6931, [0.0, 0.0], 0.25)
    >>> model.fit(X, y, epochs=1000).predict_proba(X).round(2)
    array([0.  , 0.02, 0.02, 0.97], dtype=float32)
    """

    feature_names = None   # the columns of the DataFrame fit learned from: see nn.tables.check_columns

    @checked_keywords(SKLEARN_LOGISTIC_KEYWORDS)
    def __init__(self, n_features=None, lr=0.1):
        n_features = check_n_features(n_features)
        self.lr = check_lr(lr)
        self.n_features, self.unit = None, None   # the unit, once its size is known (``_build``)
        if n_features is not None:
            self._build(n_features)
        self.loss = BCEWithLogitsLoss()
        self.loss_history = []

    def _build(self, n_features):
        """The unit w·x + b for ``n_features`` inputs, w = 0 and b = 0."""
        self.n_features = n_features
        self.unit = Dense(n_features, 1, init="zeros")

    def _sized(self, what):
        """The unit; or, before the first fit of a ``LogisticRegression()``, which has none yet,
        the error of ``what`` (a method's call or an attribute) asked for then."""
        if self.unit is not None:
            return self.unit
        raise before_first_fit(self, what)

    @property
    def weights(self):
        """w, shape (n_features,) (a view of the unit's weight row). It can be set by hand, as
        the perceptron's (``weights = [1, 1]``): the values are checked, then copied into it."""
        return self._sized("model.weights").weight.data[0]

    @weights.setter
    def weights(self, value):
        unit = self._sized("model.weights")   # first: the check needs n_features
        unit.weight.data[0] = check_weights(value, self.n_features)

    @property
    def bias(self):
        """b, a float; it can be set by hand too."""
        return float(self._sized("model.bias").bias.data[0])

    @bias.setter
    def bias(self, value):
        self._sized("model.bias").bias.data[0] = check_bias(value)

    def loss_and_gradients(self, X, y):
        """(L, dw, db) at the current weights: the loss and its gradient, vectorised over X."""
        X, y = self._check(X, y)
        if self.unit is None:   # LogisticRegression(): the weights at its start, w = 0, for X's columns
            self._build(X.shape[1])
        return self._loss_and_gradients(X, y)

    def _loss_and_gradients(self, X, y):
        loss = self.loss(self.unit.forward(X, training=True), y)   # z = X wᵀ + b, L = mean BCE(σ(z), y)
        self.unit.zero_grad()
        self.unit.backward(self.loss.backward(), input_grad=False)  # δ = (p - y)/m; dw = δᵀX, db = Σ δ
        return loss, self.unit.weight.grad[0].copy(), float(self.unit.bias.grad[0])

    def fit(self, X, y, epochs=100):
        """``epochs`` steps of gradient descent on all of (X, y); return self.

        Continues from the current weights; appends each step's loss (before the step) to
        ``loss_history``. Warns (``DivergenceWarning``) when the last step's loss is above the
        first's: the step η is too large for these features (see the bound above), which happens
        with unstandardised data such as breast_cancer's, whose features reach the thousands.
        If the loss or a step becomes infinite or NaN (η or features near the float range),
        training stops before that step, with the weights of the last finite one, and says so.
        """
        names = tables.column_names(X) or self.feature_names
        X, y = self._check(X, y)
        epochs = check_epochs(epochs)
        lr = check_lr(self.lr)
        self.feature_names = names
        if self.unit is None:   # LogisticRegression(): its size is X's, as scikit-learn's fit takes it
            self._build(X.shape[1])
        params = self.unit.parameters()
        first = len(self.loss_history)
        for step in range(1, epochs + 1):
            # divergence shows itself as overflow: let it give inf or NaN, then stop cleanly
            # (it gave a RuntimeWarning at every step, and NaN weights that predict 0 for all)
            with np.errstate(over="ignore", invalid="ignore"):
                loss, _, _ = self._loss_and_gradients(X, y)
                # w - η dw, b - η db, with η in the weights' dtype: NumPy 1 multiplied a float32
                # gradient by an η past float32's range (1e300) in float64, a finite step that then
                # overflowed into the weights; NumPy 2, as here, makes the step infinite
                stepped = [p.data - p.data.dtype.type(lr) * p.grad for p in params]
            if not (np.isfinite(loss) and all(np.isfinite(new).all() for new in stepped)):
                self._warn_of_divergence(X, lr, f"training stopped at step {step}: the "
                                                f"{'loss' if not np.isfinite(loss) else 'step'} became "
                                                f"infinite or NaN (the weights are the last finite ones)")
                return self
            for p, new in zip(params, stepped):
                p.data[...] = new
            self.loss_history.append(loss)
        start, end = self.loss_history[first], self.loss_history[-1]
        if not end <= start:
            self._warn_of_divergence(X, lr, f"the loss rose from {start:.4g} to {end:.4g} over {epochs} steps")
        return self

    def _warn_of_divergence(self, X, lr, what):
        """The ``DivergenceWarning`` of a fit whose steps were too large: ``what`` happened, and
        the η that lowers the loss at every step, the bound of the class docstring
        η ≤ 4m / λ_max(X̃ᵀX̃), with ‖X̃‖₂² = λ_max (divided twice by the norm, which squared
        would overflow for features near the float range)."""
        norm = np.linalg.norm(np.column_stack([X.astype(np.float64), np.ones(len(X))]), 2)
        largest = 4 * len(X) / norm / norm
        warn(f"LogisticRegression: {what}: lr = {lr:g} is too large for these features "
             f"(at most {largest:.3g} lowers the loss at every step); standardise them "
             f"(data.Standardizer) or lower lr", DivergenceWarning)

    def decision_function(self, X):
        """z = w·x + b for each row of X, shape (m,)."""
        return self._z(X, "decision_function")

    def _z(self, X, method):
        """z = w·x + b for each row of X, for ``method``, the one the learner called."""
        unit = self._sized(f"{method}(X)")
        return unit.forward(check_inputs(X, self.n_features, feature_names=self.feature_names), training=False)[:, 0]

    def predict_proba(self, X):
        """p = σ(w·x + b) for each row of X, shape (m,): the probability of class 1 alone,
        scikit-learn's ``predict_proba(X)[:, 1]`` (that of class 0 is 1 - p).

        σ is 1 or 0 to the last bit long before z leaves the float range, so for inputs so
        large that z overflows to ±inf the probability is still exact: that overflow is no
        error here (``decision_function`` reports it)."""
        with np.errstate(over="ignore"):
            return sigmoid(self._z(X, "predict_proba"))

    def predict(self, X):
        """1 where z ≥ 0 (p ≥ 0.5) else 0, shape (m,), integer dtype. Read from z, not from p: a
        z just below 0 (-1e-8) gives p = σ(z) ≈ 0.5 + z/4, which float32 (the default dtype)
        rounds to 0.5 exactly, and still predicts 0."""
        with np.errstate(over="ignore"):
            z = self._z(X, "predict")
        return (z >= 0).astype(np.int64)

    def _check(self, X, y):
        X = check_inputs(X, self.n_features, feature_names=self.feature_names)
        y = check_labels(y, X.shape[0])
        if (y < 0).any() or (y > 1).any():
            raise ValueError(f"y must hold labels 0 and 1 (or probabilities in [0, 1]){labels_hint(y)}")
        return X, y

    def __getattr__(self, name):
        """Only reached for an attribute the model lacks: scikit-learn's ``coef_``, ``score``, ...
        get what does their job here; ``weights`` and ``bias``, which a property raised for, why."""
        if name in ("weights", "bias"):
            self._sized(f"model.{name}")   # raises, before the first fit of a LogisticRegression()
        raise sklearn_habit(self, name, SKLEARN_LOGISTIC_ATTRIBUTES)

    def __repr__(self):
        return f"LogisticRegression(n_features={self.n_features}, lr={self.lr})"
