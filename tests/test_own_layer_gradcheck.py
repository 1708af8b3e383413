"""gradcheck's answer on a layer of your own says, when it fails, which array is worst and, for
a backward that assigns ``.grad`` instead of adding to it, that cause; a pass is a plain float."""
import numpy as np
import pytest

from neuralab import nn, train


class _GainForCheck(nn.Layer):
    keeps_shape = True

    def __init__(self, n=2, assign=False, forget_a=False):
        self.n, self.assign, self.forget_a = n, assign, forget_a
        self.a = nn.Parameter(np.array([0.7, 1.6][:n]), "a")

    def forward(self, x, training=False):
        self.x = x
        return x * self.a.data

    def backward(self, grad_out):
        g = (grad_out * self.x).sum(axis=0)
        if self.assign:
            self.a.grad = g
        else:
            self.a.grad += g
        return grad_out if self.forget_a else grad_out * self.a.data


def _check_model(layer):
    return nn.Sequential(nn.Dense(2, 2, rng=np.random.default_rng(0)), layer, nn.Dense(2, 1, rng=np.random.default_rng(1)))


def _check_data():
    return np.random.default_rng(2).standard_normal((5, 2))


def test_a_pass_is_a_plain_number():
    result = train.gradcheck(_check_model(_GainForCheck()), None, _check_data())
    assert result < 1e-7 and repr(result) == repr(float(result))


def test_an_assigning_backward_is_named_with_its_cause():
    result = train.gradcheck(_check_model(_GainForCheck(assign=True)), None, _check_data())
    assert result > 0.1
    assert result.worst == "1.a"
    assert "+=" in repr(result) and "1.a" in repr(result) and "assigns" in repr(result)


def test_a_wrong_formula_names_the_worst_array():
    result, errors = train.gradcheck(_check_model(_GainForCheck(forget_a=True)), None, _check_data(),
                                     details=True)
    assert result.worst == max(errors, key=errors.get)
    assert result.worst in str(result) and "assigns" not in str(result)


# -- what a failed check's numbers point to (gradcheck_advice.py) ---------------------------------

class _Weight(nn.Layer):
    """z = x @ W.T, W (n_out, n_in), with the mistakes a learner makes in its backward."""

    def __init__(self, n_in, n_out, mistake=None):
        self.n_in, self.n_out, self.mistake = n_in, n_out, mistake
        self.W = nn.Parameter(np.random.default_rng(3).standard_normal((n_out, n_in)), "W")

    def forward(self, x, training=False):
        self.x = x.astype(np.float32) if self.mistake == "float32" else x
        return self.x @ self.W.data.T

    def backward(self, grad_out):
        m = len(grad_out)
        self.W.grad += {"mean": grad_out.T @ self.x / m,               # the course's 1/m, once too many
                        "sign": -(grad_out.T @ self.x),
                        "transposed": self.x.T @ grad_out}.get(self.mistake, grad_out.T @ self.x)
        return grad_out @ self.W.data


def _weight_check(mistake, n_in=3, n_out=3):
    model = nn.Sequential(_Weight(n_in, n_out, mistake), nn.Tanh(), nn.Dense(n_out, 1, rng=np.random.default_rng(4)))
    X = np.random.default_rng(5).standard_normal((8, n_in))
    return train.gradcheck(model, "bce_logits", X, np.random.default_rng(6).integers(0, 2, 8))


def test_a_right_backward_passes_whatever_the_hints_look_for():
    assert _weight_check(None) < 1e-7


def test_a_gradient_averaged_over_the_batch_is_told_to_sum_without_the_course_1_over_m():
    result = _weight_check("mean")
    assert result.worst == "0.W"
    assert "1/8 of finite differences' (m = 8, the rows of X)" in result.advice
    assert "no 1/m or .mean() of its own" in result.advice


def test_a_sign_and_a_transposed_weight_gradient_are_named():
    assert "opposite sign" in _weight_check("sign").advice
    transposed = _weight_check("transposed")
    assert transposed.worst == "0.W"
    assert "transpose of finite differences'" in transposed.advice and "δ.T @ a_prev" in transposed.advice


def test_a_forward_in_float32_is_named_rather_than_a_wrong_delta():
    # the finite differences of a float32 forward measured its rounding (an error near 1e-2), and
    # the advice blamed "the backward of some layer returns a wrong δ_prev"
    result = _weight_check("float32")
    assert result > 1e-5
    assert "layer 0 (_Weight) keeps self.x in float32" in result.advice
    assert "wrong δ_prev" not in result.advice


def test_a_float32_buffer_held_before_the_check_is_no_hint():
    # BatchNorm's running statistics of a float32 model stay float32 in the float64 copy
    model = nn.Sequential(_Weight(3, 3, "mean"), nn.BatchNorm1d(3), nn.Tanh(), nn.Dense(3, 1)).to(np.float32)
    X = np.random.default_rng(5).standard_normal((8, 3))
    result = train.gradcheck(model, "bce_logits", X, np.random.default_rng(6).integers(0, 2, 8), training=True)
    assert "float32" not in result.advice


def test_a_transposed_weight_gradient_of_another_shape_says_so_in_backward():
    model = nn.Sequential(_Weight(3, 4, "transposed"), nn.Tanh(), nn.Dense(4, 1))
    model.forward(np.ones((5, 3)), training=True)
    with pytest.raises(ValueError, match=r"self\.W\.grad has the shape of W \(4, 3\), and the gradient added "
                                         r"into it is its transpose; .* grad_out\.T @ self\.x"):
        model.backward(np.ones((5, 1)))


class _GainInPlace(nn.Layer):
    """y = a ⊙ x written into x: the Tanh before it keeps that array, its output, for its backward."""
    keeps_shape = True

    def __init__(self):
        self.a = nn.Parameter(np.array([0.7, 1.6]), "a")

    def forward(self, x, training=False):
        self.x = x.copy()
        x *= self.a.data
        return x

    def backward(self, grad_out):
        self.a.grad += (grad_out * self.x).sum(axis=0)
        return grad_out * self.a.data


def test_a_forward_writing_into_its_input_is_named_not_the_layer_its_write_spoils():
    # the advice blamed the formula of 0.bias, below the Tanh whose kept output the gain rescaled
    model = nn.Sequential(nn.Dense(2, 2, rng=np.random.default_rng(0)), nn.Tanh(), _GainInPlace(),
                          nn.Dense(2, 1, rng=np.random.default_rng(1)))
    result = train.gradcheck(model, None, _check_data())
    assert result > 1e-3
    assert result.advice.startswith("layer 2 (_GainInPlace)'s forward wrote into its input")
    assert "check its formula" not in result.advice


class _SlopeActivation(nn.Activation):
    """PReLU written as an nn.Activation: its backward, δ ⊙ f'(z), never reaches alpha."""

    def __init__(self):
        self.alpha = nn.Parameter(np.array([0.25]), "alpha")

    def function(self, z):
        return np.where(z > 0, z, self.alpha.data * z)

    def derivative(self, z):
        return np.where(z > 0, 1.0, self.alpha.data)


def test_a_parameter_backward_never_reaches_is_told_so_with_the_activation_cause():
    model = nn.Sequential(nn.Dense(2, 4, rng=np.random.default_rng(0)), _SlopeActivation(),
                          nn.Dense(4, 1, rng=np.random.default_rng(1)))
    result = train.gradcheck(model, None, _check_data() + 0.1)
    assert result.worst == "1.alpha"
    assert result.advice.startswith("backward left the gradient of 1.alpha at 0")
    assert "nn.Activation's backward" in result.advice


def test_fit_leaves_the_callers_X_as_it_was_under_a_layer_writing_into_its_input():
    # fit's one-row probes passed a view of X: the gain wrote into the caller's first row
    X = np.random.default_rng(3).normal(size=(40, 2))
    kept = X.copy()
    model = nn.Sequential(_GainInPlace(), nn.Dense(2, 2, rng=np.random.default_rng(1))).to(np.float64)
    model.fit(X, (X[:, 0] > 0).astype(int), loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0,
              class_weight="balanced", seed=0)   # (the class weights' probe too)
    np.testing.assert_array_equal(X, kept)
