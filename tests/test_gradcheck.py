"""gradcheck itself: it passes on correct layers and whole networks, and catches a wrong backward."""
import re
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import gradcheck

ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_each_activation_passes(activation):
    rng = np.random.default_rng(1)
    layer = nn.activations.get(activation)
    X = rng.standard_normal((4, 5))
    assert gradcheck(layer, None, X) < 1e-7


def test_dense_passes():
    layer = nn.Dense(5, 3, rng=np.random.default_rng(0))
    layer.bias.data[:] = np.random.default_rng(1).standard_normal(3)
    X = np.random.default_rng(2).standard_normal((6, 5))
    worst, errors = gradcheck(layer, None, X, details=True)
    assert set(errors) == {"input", "weight", "bias"}
    assert worst < 1e-7


def test_plane_features_pass_alone_and_in_front_of_a_network():
    rng = np.random.default_rng(4)
    features = nn.PlaneFeatures(["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"])
    X = 3 * rng.standard_normal((6, 2))
    worst, errors = gradcheck(features, None, X, details=True)
    assert set(errors) == {"input"} and worst < 1e-7
    model = nn.Sequential(nn.PlaneFeatures(["sin(x2)", "x1*x2", "x1^2"]), nn.Dense(3, 4, rng=rng), nn.Tanh(),
                          nn.Dense(4, 1, rng=rng))
    assert gradcheck(model, "mse", X, rng.standard_normal((6, 1))) < 1e-6


@pytest.mark.parametrize("loss, output, target", [
    ("mse", None, "real"), ("bce", "sigmoid", "binary"), ("bce_logits", None, "binary"),
    ("cross_entropy", None, "labels"), ("mse", "softmax", "onehot"),
])
def test_whole_networks_pass(loss, output, target):
    rng = np.random.default_rng(3)
    k = 3 if target in ("labels", "onehot") else 1
    model = nn.MLP([4, 6, 5, k], activation="tanh", output=output, rng=rng)
    X = rng.standard_normal((7, 4))
    y = {"real": rng.standard_normal((7, 1)), "binary": rng.integers(0, 2, 7),
         "labels": rng.integers(0, 3, 7), "onehot": np.eye(3)[rng.integers(0, 3, 7)]}[target]
    assert gradcheck(model, loss, X, y) < 1e-6


def test_restores_weights_and_dtype():
    model = nn.MLP([3, 4, 2])
    before = [p.data.copy() for p in model.parameters()]
    gradcheck(model, None, np.random.default_rng(0).standard_normal((2, 3)))
    for p, b in zip(model.parameters(), before):
        assert p.data.dtype == np.float32 and p.grad.dtype == np.float32
        np.testing.assert_array_equal(p.data, b)
        assert not p.grad.any()


class _WrongTanh(nn.Tanh):
    def backward(self, grad_out):
        return grad_out * (1 - self.a)  # forgot the square


def test_catches_a_wrong_backward():
    model = nn.Sequential(nn.Dense(3, 4, rng=np.random.default_rng(0)), _WrongTanh(),
                          nn.Dense(4, 1, rng=np.random.default_rng(1)))
    assert gradcheck(model, None, np.random.default_rng(2).standard_normal((5, 3))) > 1e-2


def test_a_wrong_backward_of_a_smooth_network_is_not_blamed_on_a_kink():
    # one-sided slopes of a smooth f differ by f''·ε: far below the jump a kink would need
    rng = np.random.default_rng(2)
    model = nn.Sequential(nn.Dense(3, 4, rng=np.random.default_rng(0)), _WrongTanh(),
                          nn.Dense(4, 1, rng=np.random.default_rng(1)))
    X, y = 3 * rng.standard_normal((5, 3)), rng.standard_normal((5, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(model, "mse", X, y) > 1e-2
        # with a larger ε, f''·ε passes a thousandth of the slopes: the gap shrinks tenfold at
        # ε/10, where a kink's would stay (it was blamed on a kink)
        assert gradcheck(model, "mse", X, y, eps=1e-4) > 1e-2


def test_a_large_eps_on_a_sharply_bent_smooth_network_is_not_blamed_on_a_kink():
    # ε = 1e-2 on tanh(13 z): the central difference errs by f'''·ε²/6 (about 1e-3), and moves
    # between ε and ε/10 as a kink's would; but the gap of its one-sided slopes shrinks tenfold
    # at ε/10, where a kink's vanishes or stays
    rng = np.random.default_rng(0)
    X = 0.05 * rng.standard_normal((4, 3))
    first = nn.Dense(3, 4, rng=rng)
    first.weight.data *= 13
    model = nn.Sequential(first, nn.Tanh(), nn.Dense(4, 2, rng=rng))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(model, None, X, eps=1e-2) > 1e-4
        assert gradcheck(model, None, X) < 1e-6


class _LearnersDense(nn.Layer):
    """z = x Wᵀ + b as a learner writes it, with one of the usual mistakes in backward. Square,
    for a batch of as many samples as features: a missing transpose and a sum over the wrong
    axis still give arrays of the right shapes, so only their numbers are wrong."""

    def __init__(self, mistake=None, n=4):
        rng = np.random.default_rng(0)
        self.weight = nn.Parameter(rng.standard_normal((n, n)))
        self.bias = nn.Parameter(rng.standard_normal(n))
        self.mistake = mistake

    def forward(self, x, training=False):
        self.x = x
        return x @ self.weight.data.T + self.bias.data

    def backward(self, grad_out):
        mistake, x, W = self.mistake, self.x, self.weight.data
        dW = {"W transposed": x.T @ grad_out, "factor 2": 2 * grad_out.T @ x, "sign": -grad_out.T @ x,
              "first sample only": np.outer(grad_out[0], x[0])}.get(mistake, grad_out.T @ x)
        db = {"bias over the wrong axis": grad_out.sum(axis=1), "bias as a mean": grad_out.mean(axis=0),
              "first sample only": grad_out[0]}.get(mistake, grad_out.sum(axis=0))
        self.weight.grad += dW
        self.bias.grad += db
        return grad_out @ W.T if mistake == "input W transposed" else grad_out @ W


@pytest.mark.parametrize("mistake, wrong", [
    (None, set()), ("W transposed", {"weight"}), ("factor 2", {"weight"}), ("sign", {"weight"}),
    ("bias over the wrong axis", {"bias"}), ("bias as a mean", {"bias"}),
    ("first sample only", {"weight", "bias"}), ("input W transposed", {"input"}),
])
def test_each_usual_backward_mistake_is_caught_and_named(mistake, wrong):
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((4, 4)), rng.standard_normal((4, 4))
    for loss, target in ((None, None), ("mse", y)):
        worst, errors = gradcheck(_LearnersDense(mistake), loss, X, target, details=True)
        assert {name for name, error in errors.items() if error > 0.05} == wrong
        assert all(errors[name] < 1e-7 for name in errors.keys() - wrong)


class _CachesItsOutput(nn.Tanh):
    """a = tanh(z), backward δ(1 - a²) from the a it returned: a layer after it that writes into
    its input in place changes that a."""

    def forward(self, x, training=False):
        self.a = np.tanh(x)
        return self.a

    def backward(self, grad_out):
        return grad_out * (1 - self.a ** 2)


class _DoublesInPlace(nn.Identity):
    def forward(self, x, training=False):
        x *= 2
        return x

    def backward(self, grad_out):
        return 2 * grad_out


def test_a_cached_array_that_a_later_layer_writes_into_is_caught():
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(3, 4, rng=rng), _CachesItsOutput(), _DoublesInPlace(),
                          nn.Dense(4, 2, rng=rng))
    worst, errors = gradcheck(model, None, rng.standard_normal((5, 3)), details=True)
    assert errors["0.weight"] > 0.1 and errors["input"] > 0.1
    assert errors["3.weight"] < 1e-7 and errors["3.bias"] < 1e-7


class _ScaledBias(nn.Layer):
    """z = x Wᵀ + s·b, whose backward gives ``factor`` times the bias's true gradient."""

    def __init__(self, s, factor):
        rng = np.random.default_rng(0)
        self.weight = nn.Parameter(rng.standard_normal((2, 3)))
        self.bias = nn.Parameter(rng.standard_normal(2))
        self.s, self.factor = s, factor

    def forward(self, x, training=False):
        self.x = x
        return x @ self.weight.data.T + self.s * self.bias.data

    def backward(self, grad_out):
        self.weight.grad += grad_out.T @ self.x
        self.bias.grad += self.factor * self.s * grad_out.sum(axis=0)
        return grad_out @ self.weight.data


@pytest.mark.parametrize("s, factor", [(1.0, 2.0), (1.0, -0.5), (1e-4, 2.0)])
def test_the_error_is_relative_to_both_gradients_never_below_a_thousandth_of_the_largest(s, factor):
    # the MSE of a linear layer is quadratic: its central differences are exact up to rounding,
    # so each error is the docstring's formula applied to the exact gradients, its floor also 1e7
    # times the rounding of f, u·|f| / ε per entry (ε = 1e-6, the default)
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    layer = _ScaledBias(s, factor)
    G = 2 * (X @ layer.weight.data.T + s * layer.bias.data - y) / y.size    # dL/dz
    true_bias = s * G.sum(axis=0)
    scales = [2 * np.linalg.norm(G @ layer.weight.data), 2 * np.linalg.norm(G.T @ X),
              (abs(factor) + 1) * np.linalg.norm(true_bias)]
    f = np.mean((X @ layer.weight.data.T + s * layer.bias.data - y) ** 2)
    rounding = np.finfo(np.float64).eps * f / 1e-6 * np.sqrt(true_bias.size) / 1e-7
    expected = abs(factor - 1) * np.linalg.norm(true_bias) / max(scales[2], 1e-3 * max(scales), rounding)
    worst, errors = gradcheck(layer, "mse", X, y, details=True)
    assert errors["input"] < 1e-8 and errors["weight"] < 1e-8
    assert errors["bias"] == worst == pytest.approx(expected, rel=1e-4)


def test_a_network_whose_gradients_are_all_zero_passes():
    # every ReLU is off (dead units): both methods give exact zeros, no error
    layer = nn.Dense(3, 4, rng=np.random.default_rng(0))
    layer.bias.data[:] = -100.0
    model = nn.Sequential(layer, nn.ReLU())
    worst, errors = gradcheck(model, None, np.random.default_rng(2).standard_normal((5, 3)), details=True)
    assert worst == 0.0 and set(errors.values()) == {0.0}


def test_a_gradient_zero_in_exact_arithmetic_passes_when_the_loss_is_small_too():
    # the same zero gradient with targets 1e-4 from the outputs: the loss, and with it the
    # rounding floor, is tiny, and only the floor of a thousandth of the largest gradient keeps
    # the noise of 0.bias from reading as an error (1.1e-4 without it, which blamed a right backward)
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(3, 2, rng=rng), nn.BatchNorm1d(2))
    X = 100 * rng.standard_normal((8, 3))
    y = model(X, training=True) + 1e-4 * rng.standard_normal((8, 2))
    worst, errors = gradcheck(model, "mse", X, y, training=True, details=True)
    assert worst < 1e-6 and errors["0.bias"] < 1e-6


def test_a_gradient_zero_in_exact_arithmetic_passes_and_buffers_are_restored():
    # batch normalisation removes the mean over the batch, so the bias before it has gradient 0:
    # both methods give rounding noise, which must not read as a 100 % error
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.Tanh(), nn.Dense(4, 1))
    batchnorm = model[1]
    before = [batchnorm.running_mean.copy(), batchnorm.running_var.copy()]
    worst, errors = gradcheck(model, "mse", rng.standard_normal((8, 3)), rng.standard_normal((8, 1)),
                              training=True, details=True)
    assert worst < 1e-6 and errors["0.bias"] < 1e-6
    np.testing.assert_array_equal(batchnorm.running_mean, before[0])
    np.testing.assert_array_equal(batchnorm.running_var, before[1])


# -- audit ---------------------------------------------------------------------------------------
def test_dropout_in_training_mode_is_checked_with_one_fixed_mask():
    # every evaluation drew a new mask, so the differences measured noise: the error was 1.0
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 2, 6)
    for dropout in (nn.Dropout(0.5), nn.Dropout(0.5, rng=np.random.default_rng(0))):
        model = nn.Sequential(nn.Dense(3, 8, rng=rng), nn.Tanh(), dropout, nn.Dense(8, 1, rng=rng),
                              nn.Sigmoid())
        assert gradcheck(model, "bce", X, y, training=True) < 1e-6


def test_the_random_generators_are_left_as_they_were():
    model = nn.Sequential(nn.Dense(3, 4), nn.Dropout(0.5), nn.Dense(4, 1))
    X = np.random.default_rng(0).standard_normal((5, 3))
    neuralab.seed(7)
    expected = nn.random.default_rng().random(3)
    neuralab.seed(7)
    gradcheck(model, None, X, training=True)
    np.testing.assert_array_equal(nn.random.default_rng().random(3), expected)


def test_a_wrong_dropout_backward_is_still_caught():
    class ForgetsTheMask(nn.Dropout):
        def backward(self, grad_out):
            return grad_out / (1 - self.p)

    model = nn.Sequential(nn.Dense(3, 8, rng=np.random.default_rng(0)), ForgetsTheMask(0.5),
                          nn.Dense(8, 1, rng=np.random.default_rng(1)))
    assert gradcheck(model, None, np.random.default_rng(2).standard_normal((5, 3)), training=True) > 1e-2


@pytest.mark.parametrize("eps", [0, -1e-6, float("nan"), float("inf"), "1e-6", None, True, 0.02, 1e-11])
def test_a_bad_eps_is_refused(eps):
    # eps=0 divided by zero; eps=nan returned 0.0, a pass; "1e-6" failed inside NumPy
    with pytest.raises(ValueError, match="eps must be a positive number"):
        gradcheck(nn.Dense(3, 2), None, np.ones((2, 3)), eps=eps)


def test_non_finite_inputs_or_outputs_never_pass():
    # NaN in X made every error NaN and max() returned 0.0: a pass
    with pytest.raises(ValueError, match="X contains NaN or inf"):
        gradcheck(nn.Dense(3, 2), None, np.full((2, 3), np.nan))

    class Overflows(nn.Identity):  # its output is inf: f(θ + ε) - f(θ - ε) is NaN
        def forward(self, x, training=False):
            return x + np.inf

    with np.errstate(invalid="ignore"):
        worst, errors = gradcheck(nn.Sequential(nn.Dense(2, 2), Overflows()), None, np.ones((2, 2)),
                                  details=True)
    assert np.isnan(worst) and not worst < 1
    assert all(np.isnan(e) for e in errors.values())


def test_inputs_that_overflow_the_network_give_nan_under_errstate_raise():
    # under np.errstate(all="raise") (as here) the overflow of 1e200 ** 2 in BatchNorm's variance
    # raised a FloatingPointError out of NumPy, where the result is documented to be NaN
    model = nn.Sequential(nn.Dense(2, 3, rng=np.random.default_rng(0)), nn.BatchNorm1d(3))
    X = np.random.default_rng(1).standard_normal((4, 2)) * 1e200
    worst = gradcheck(model, nn.MSELoss(), X, np.zeros((4, 3)))
    assert np.isnan(worst) and not worst < 1


def test_bad_arguments_are_named():
    X = np.ones((2, 3))
    with pytest.raises(TypeError, match="model must be a neuralab Layer"):
        gradcheck(lambda x: x, None, X)
    with pytest.raises(ValueError, match="y: a loss needs the targets"):
        gradcheck(nn.Dense(3, 1), "mse", X)
    with pytest.raises(ValueError, match="training must be True or False"):
        gradcheck(nn.Dense(3, 1), None, X, training=1)
    with pytest.raises(TypeError, match="details must be True or False"):   # "yes" was taken
        gradcheck(nn.Dense(3, 1), None, X, details="yes")


def test_a_model_that_cannot_be_copied_is_named_with_the_reason():
    # gradcheck checks a copy, so as to leave the model as it was: a lock in a layer stops that
    import threading

    class HoldsALock(nn.Identity):
        def __init__(self):
            self.lock = threading.Lock()

    with pytest.raises(TypeError, match=r"^gradcheck checks a copy of the model \(copy\.deepcopy\).* "
                                        r"cannot pickle '_thread\.lock' object; keep such objects outside"):
        gradcheck(nn.Sequential(nn.Dense(3, 2), HoldsALock()), None, np.ones((2, 3)))


def test_gradcheck_leaves_the_model_ready_for_any_next_pass():
    # gradcheck's last pass is the one it backpropagates: a check in training mode leaves no
    # training pass pending that a later evaluation-mode backward would be refused for
    rng = np.random.default_rng(0)
    model = nn.MLP([3, 4, 2], dropout=0.2, batchnorm=True, rng=rng)
    X, y = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    assert gradcheck(model, nn.MSELoss(), X, y, training=True) < 1e-6
    assert gradcheck(model, nn.MSELoss(), X, y) < 1e-6
    model.forward(X)
    with pytest.warns(nn.EvaluationPassWarning):  # taken, with the word on Dropout and BatchNorm
        assert model.backward(rng.standard_normal((6, 2))).shape == (6, 3)


class _ListedDense(nn.Layer):
    """z = x Wᵀ + b with its parameters in a list, as a learner may keep them; ``assign`` makes
    backward write ``.grad`` instead of adding to it."""

    def __init__(self, n_in=3, n_out=2, assign=False):
        rng = np.random.default_rng(0)
        self.n_in, self.n_out, self.assign = n_in, n_out, assign
        self.params = [nn.Parameter(rng.standard_normal((n_out, n_in)), "weight"),
                       nn.Parameter(rng.standard_normal(n_out), "bias")]

    def forward(self, x, training=False):
        self.x = x
        weight, bias = self.params
        return x @ weight.data.T + bias.data

    def backward(self, grad_out):
        weight, bias = self.params
        if self.assign:
            weight.grad, bias.grad = grad_out.T @ self.x, grad_out.sum(axis=0)
        else:
            weight.grad += grad_out.T @ self.x
            bias.grad += grad_out.sum(axis=0)
        return grad_out @ weight.data

    def config(self):
        return {"n_in": self.n_in, "n_out": self.n_out}


def test_parameters_kept_in_a_list_are_checked():
    # they were not found: never checked (a pass from the input alone) and never trained
    X = np.random.default_rng(1).standard_normal((4, 3))
    worst, errors = gradcheck(_ListedDense(), None, X, details=True)
    assert set(errors) == {"input", "params.0", "params.1"} and worst < 1e-7


def test_a_backward_that_assigns_gradients_instead_of_adding_fails():
    # right once, so the comparison with central differences alone passed it (1.7e-10)
    X = np.random.default_rng(1).standard_normal((4, 3))
    worst, errors = gradcheck(_ListedDense(assign=True), None, X, details=True)
    assert errors["input"] < 1e-7 and errors["params.0"] > 0.3 and errors["params.1"] > 0.3


def test_a_relu_input_on_its_kink_warns_that_no_derivative_exists_there():
    # zero biases and the (0, 0) input of the AND/OR/XOR gates put z = 0 on ReLU's kink: a large
    # error from a correct network, with no word on why
    X, y = data.load("xor_gate")
    model = nn.MLP([2, 4, 1], activation="relu", output="sigmoid", rng=np.random.default_rng(0))
    with pytest.warns(UserWarning, match=r"jumps within ε of some entries of input, 0\.bias: an input sits on a kink"):
        assert gradcheck(model, "bce", X, y) > 0.1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(model, "bce", X + 0.1, y) < 1e-6     # away from it: a pass, no warning


@pytest.mark.parametrize("layer", [nn.ReLU(), nn.LeakyReLU(), nn.Step()], ids=repr)
def test_a_kink_within_eps_but_further_than_a_tenth_of_it_is_named_too(layer):
    # inputs of ±5e-7 with ε = 1e-6: the jump of the slope was looked for within ε/10 only,
    # so nine kinks in ten within ε went unnamed (ReLU inputs of 1e-5: an error of 2e-3, no word)
    X = np.array([[5e-7, -0.5, 0.8], [-7e-7, 1.2, -0.3]])
    with pytest.warns(UserWarning, match=r"jumps within ε of some entries of input: an input sits on a kink"):
        assert gradcheck(layer, None, X) > 1e-3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(layer, None, X + np.sign(X) * 0.1) < 1e-7   # away from it: a pass, no warning


def _nearly_fitted_on_a_kink(layer):
    """Dense(1, 3) -> ``layer`` -> Dense(3, 1) whose first unit's z is 5.6e-7 for the first sample,
    and MSE targets 3e-5 from its outputs: every gradient, and the jump of the slope at the kink,
    is small: below the floor of 1e-6 that the one-sided slopes' gap must pass, it went unseen."""
    first = nn.Dense(1, 3, rng=np.random.default_rng(0))
    first.weight.data[:] = [[1.0], [0.5], [-2.0]]
    first.bias.data[:] = [0.3, -0.2, 0.1]
    model = nn.Sequential(first, layer, nn.Dense(3, 1, rng=np.random.default_rng(1)))
    model.layers[2].weight.data *= 1e-2
    X = np.array([[-0.3 + 5.6e-7], [0.7], [1.3], [-0.9]])
    return model, X, model.forward(X) - 3e-5


@pytest.mark.parametrize("layer", [nn.ReLU(), nn.LeakyReLU()], ids=repr)
def test_a_kink_under_small_gradients_is_named_with_its_layer_and_an_eps_clear_of_it(layer):
    # a fuzzed BatchNorm network's LeakyReLU input at 5.6e-7, with ε = 1e-6: an error of 5e-4, no word
    model, X, y = _nearly_fitted_on_a_kink(layer)
    named = (rf"some entries of input, 0\.bias: .*took the input of {type(layer).__name__} \(layer 1\) "
             rf"across 0, from 5\.\de-07\).* Without those entries the worst error is \S+: the error is the kink's")
    with pytest.warns(UserWarning, match=named) as seen:
        assert gradcheck(model, "mse", X, y) > 1e-4
    smaller = float(re.search(r"with eps=(\S+) \(the kink was", str(seen[0].message)).group(1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(model, "mse", X, y, eps=smaller) < 1e-6     # the advice taken: a pass, no warning


@pytest.mark.parametrize("tanh, verdict", [(nn.Tanh, r"is \S+: the error is the kink's"),
                                           (_WrongTanh, r"is still \S+ \(\S+\): that is not the kink's, so "
                                                        r"backward is wrong too")], ids=["right", "wrong"])
def test_a_kink_warning_says_whether_the_error_is_left_without_the_kinked_entries(tanh, verdict):
    # the warning blamed the kink alone, also when backward was wrong besides
    X, y = data.load("xor_gate")     # zero biases and (0, 0): every ReLU input of that row on its kink
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(2, 4, rng=rng), nn.ReLU(), nn.Dense(4, 3, rng=rng), tanh(),
                          nn.Dense(3, 1, rng=rng), nn.Sigmoid())
    with pytest.warns(UserWarning, match=r"took the input of ReLU \(layer 1\) across 0, from 0\)"
                                         rf".* Without those entries the worst error {verdict}"):
        assert gradcheck(model, "bce", X, y) > 1e-2


class _GradcheckOwnAbs(nn.Activation):
    """a = |z|, f'(z) = sign(z): a kink at 0 that gradcheck does not watch, as a learner's own layer."""

    def function(self, z):
        return np.abs(z)

    def derivative(self, z):
        return np.sign(z)


def test_a_kink_of_a_layer_of_your_own_is_told_by_the_slopes_and_said_to_be_there():
    X = np.array([[5e-7, -0.5, 0.8], [-7e-7, 1.2, -0.3]])
    with pytest.warns(UserWarning, match=r"an input sits on a kink \(in a layer of your own: no ReLU, LeakyReLU "
                                         r"or Step input crossed 0\).* the error is the kink's"):
        assert gradcheck(_GradcheckOwnAbs(), None, X) > 1e-3


def test_arguments_in_the_wrong_places_are_named():
    model, X = nn.MLP([3, 2]), np.ones((4, 3))
    with pytest.raises(TypeError, match=r"loss is an array: the arguments are gradcheck\(model, loss, X, y\)"):
        gradcheck(model, X, np.zeros(4))
    # a network checked without a loss, as a learner first writes it: Python's "missing 1
    # required positional argument: 'X'" named no fix
    with pytest.raises(TypeError, match=r"the loss second, .*; gradcheck\(model, None, X\) checks the network "
                                        r"without one"):
        gradcheck(model, X)
    with pytest.raises(TypeError, match=r"^gradcheck needs X"):
        gradcheck(model, "mse")
    assert gradcheck(model, None, X) < 1e-6                    # the call the message gives
    with pytest.raises(ValueError, match="y is given but loss is None"):
        gradcheck(model, None, X, np.zeros(4))
    with pytest.raises(TypeError, match=r"loss must be a Loss, a Loss class or one of the names .*; got int$"):
        gradcheck(model, 3, X, np.zeros(4))


def test_gradcheck_leaves_parameters_without_a_gradient_as_it_found_them():
    # its restore assigned .grad, which counts as a gradient: a forgotten backward after it went
    # unwarned, and Adam stepped its moments on zeros
    model, X, y = nn.MLP([3, 4, 2]), np.ones((5, 3)), np.zeros((5, 2))
    optimizer = optim.Adam(model.parameters())
    gradcheck(model, "mse", X, y)
    assert not any(p.has_grad for p in model.parameters())
    with pytest.warns(UserWarning, match="no gradient since zero_grad"):
        optimizer.step()
    model.forward(X, training=True)
    model.backward(np.ones((5, 2)))
    grads = [p.grad.copy() for p in model.parameters()]
    gradcheck(model, "mse", X, y)
    assert all(p.has_grad and np.array_equal(p.grad, g) for p, g in zip(model.parameters(), grads))


def test_a_smooth_network_with_a_large_loss_gets_no_kink_warning():
    # targets of 1e5 (prices) give a loss near 1e10, whose rounding made one-sided slopes differ
    # by more than the old fixed floor: a kink blamed on a network without one
    neuralab.seed(0)
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((6, 4)), 1e5 * rng.standard_normal((6, 3))
    model = nn.Sequential(nn.Dense(4, 5), nn.Tanh(), nn.Dense(5, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(model, "mse", X, y) < 1e-4


@pytest.mark.parametrize("make", [
    lambda: nn.MLP([3, 4, 2], activation="tanh", rng=np.random.default_rng(0)),
    lambda: nn.MLP([3, 4, 2], dropout=0.5, batchnorm=True, rng=np.random.default_rng(0)),
    lambda: nn.Dense(3, 2, rng=np.random.default_rng(0)),
    lambda: _ListedDense(),
], ids=["mlp", "dropout-batchnorm", "dense", "own-layer"])
@pytest.mark.parametrize("training", [False, True])
def test_a_pending_backward_after_gradcheck_differentiates_its_own_pass(make, training):
    # gradcheck's passes ran on the model: a Sequential refused the user's pending backward, and
    # a layer alone (Dense, a layer of one's own) silently differentiated gradcheck's X2 (and
    # returned float64); it checks a copy now, so everything is as if it had not run
    rng = np.random.default_rng(1)
    X1, X2, delta = rng.standard_normal((5, 3)), rng.standard_normal((4, 3)), rng.standard_normal((5, 2))
    model, twin = make(), make()
    grad_in = {}
    for net, check in ((model, True), (twin, False)):
        neuralab.seed(3)
        net.forward(X1, training=training)
        if check:
            gradcheck(net, None, X2, training=training)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", nn.EvaluationPassWarning)
            grad_in[check] = net.backward(delta)
    assert grad_in[True].dtype == grad_in[False].dtype
    np.testing.assert_array_equal(grad_in[True], grad_in[False])
    for p, q in zip(model.parameters(), twin.parameters(), strict=True):
        assert p.grad.dtype == q.grad.dtype
        np.testing.assert_array_equal(p.grad, q.grad)


@pytest.mark.parametrize("seed, error", [(1.5, TypeError), (-1, ValueError), ("0", TypeError), (True, TypeError)])
def test_a_bad_seed_is_refused_naming_it(seed, error):
    # before: NumPy's "SeedSequence expects int or sequence of ints", which does not say which argument
    with pytest.raises(error, match="seed must be"):
        gradcheck(nn.Dense(3, 2), None, np.ones((2, 3)), seed=seed)


def test_seed_takes_what_fit_takes():
    X = np.random.default_rng(0).standard_normal((4, 3))
    assert gradcheck(nn.Dense(3, 2), None, X, seed=np.random.default_rng(3)) < 1e-6
    assert gradcheck(nn.Dense(3, 2), None, X, seed=None) < 1e-6


class _OwnDropout(nn.Layer):
    """A learner's dropout: ``draw`` makes the mask (from np.random, or from the library's)."""

    def __init__(self, draw):
        self.draw = draw

    def forward(self, x, training=False):
        self.mask = self.draw(x.shape) >= 0.5 if training else np.ones(x.shape, bool)
        return x * self.mask / 0.5 if training else x

    def backward(self, grad_out):
        return grad_out * self.mask / 0.5


def test_a_layer_drawing_from_a_generator_gradcheck_cannot_reset_is_named_not_taken_for_a_kink():
    # np.random's masks changed at every evaluation of f: the error was 1.0, with a warning
    # blaming a ReLU input at 0 in a network that has none
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((6, 3)), rng.standard_normal((6, 1))

    def model(draw):
        return nn.Sequential(nn.Dense(3, 8, rng=rng), nn.Tanh(), _OwnDropout(draw), nn.Dense(8, 1, rng=rng))

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no kink warning either
        with pytest.raises(ValueError, match=r"the loss is random at fixed weights.*"
                                             r"neuralab\.nn\.random\.default_rng\(\)"):
            gradcheck(model(lambda shape: np.random.rand(*shape)), "mse", X, y, training=True)
        # the library's generator is reset before every evaluation: the same layer drawing from it passes
        assert gradcheck(model(lambda shape: nn.random.default_rng().random(shape)), "mse", X, y,
                         training=True) < 1e-6



class _ReturnsAnotherInputGradient(nn.Dense):
    def __init__(self, wrong):
        super().__init__(3, 2, rng=np.random.default_rng(0))
        self.wrong = wrong

    def backward(self, grad_out, input_grad=True):
        return self.wrong(super().backward(grad_out))


@pytest.mark.parametrize("wrong, given", [
    # None failed in a multiplication ("unsupported operand type(s) for *"), a transposed one in a
    # broadcast; one row was broadcast over the batch, a large error with no word on why
    (lambda dx: None, "NoneType"), (lambda dx: dx.T, r"shape \(3, 5\)"),
    (lambda dx: dx[:1], r"shape \(1, 3\)"), (lambda dx: dx.tolist(), "list"),
], ids=["None", "transposed", "one row", "list"])
def test_an_input_gradient_of_another_shape_than_x_is_named(wrong, given):
    X = np.random.default_rng(1).standard_normal((5, 3))
    layer = _ReturnsAnotherInputGradient(wrong)
    for model, where in ((layer, ""), (nn.Sequential(layer, nn.Tanh()), r"layer 0 Dense\(3, 2\): ")):
        with pytest.raises(ValueError, match=rf"^gradcheck: {where}_ReturnsAnotherInputGradient.backward returned "
                                             rf"{given} for dL/dx, which must be an ndarray of the input's shape "
                                             rf"\(5, 3\)"):
            gradcheck(model, None, X)


class _WritesInPlace(nn.Layer):
    """A learner's layer whose forward writes into the input (a ReLU in place: x[x < 0] = 0) or
    into its weight (normalised in place). Each does it again with the same result, so the loss
    is the same twice at the same θ; but finite differences perturb arrays the layer rewrites."""

    def __init__(self, into):
        self.weight = nn.Parameter(np.random.default_rng(0).standard_normal((2, 3)).astype(np.float32))
        self.into = into

    def forward(self, x, training=False):
        if self.into == "input":
            x[x < 0] = 0
        else:
            self.weight.data /= np.linalg.norm(self.weight.data)
        self.x = x
        return x @ self.weight.data.T

    def backward(self, grad_out):
        self.weight.grad += grad_out.T @ self.x
        return grad_out @ self.weight.data * (self.x > 0)


@pytest.mark.parametrize("into, named", [("input", "X"), ("weight", "the parameter weight's .data")])
def test_a_forward_writing_in_place_is_refused_and_the_model_left_as_it_was(into, named):
    X = np.random.default_rng(1).standard_normal((4, 3))
    layer = _WritesInPlace(into)
    weight = layer.weight.data.copy()
    with pytest.raises(ValueError, match=rf"^gradcheck: a forward pass changed {re.escape(named)} in place: "
                                         rf"forward must leave its input and the parameters as they are"):
        gradcheck(layer, None, X)
    assert layer.weight.data.dtype == np.float32 and not layer.weight.has_grad
    np.testing.assert_array_equal(layer.weight.data, weight)



def test_the_loss_may_come_by_keyword_after_the_data_as_fit_takes_it():
    # gradcheck(model, X, y, loss="bce") was Python's "got multiple values for argument 'loss'"
    model = nn.MLP([3, 4, 1], activation="tanh", output="sigmoid", rng=np.random.default_rng(0))
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 2, 6).astype(float)
    documented = gradcheck(model, "bce", X, y, details=True)
    assert documented[0] < 1e-6
    assert gradcheck(model, X, y, loss="bce", details=True) == documented
    assert gradcheck(model, loss="bce", X=X, y=y, details=True) == documented
    with pytest.raises(TypeError, match=r"^gradcheck takes the model and at most 2 arguments, X, y, by position, "
                                        r"got 3: eps, training, seed and details come by keyword$"):
        gradcheck(model, X, y, 1e-4, loss="bce")
    with pytest.raises(TypeError, match=r"^gradcheck got X both by position and by keyword: give it once$"):
        gradcheck(model, X, y, loss="bce", X=X)
    with pytest.raises(TypeError, match=r"or gradcheck\(model, X, y, loss=\.\.\.\) with the loss by keyword"):
        gradcheck(model, X, y)


def test_gradients_faded_to_rounding_in_a_deep_sigmoid_network_pass_and_a_wrong_one_still_fails():
    # the README's 10-layer sigmoid network (32 units; 16 here): its first layers' gradients fade to
    # 1e-4 of the last's, where a central difference is mostly rounding (u·|f| / ε); they read 1.2e-6
    # before training and 5.2e-6 after 20 epochs of SGD (32 units: 3.6e-6 and 1.1e-4, "check its
    # formula" for the library's own Dense)
    X, y = data.load("moons", n_samples=200, seed=0)
    model = nn.MLP([2] + [16] * 9 + [1], activation="sigmoid", rng=0)
    assert gradcheck(model, "bce_logits", X[:20], y[:20]) < 1e-6
    model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=20, verbose=0, seed=0)
    assert gradcheck(model, "bce_logits", X[:20], y[:20]) < 1e-6
    model.layers[3].backward = lambda grad_out, input_grad=True: grad_out    # σ' forgotten in layer 3
    assert gradcheck(model, "bce_logits", X[:20], y[:20]) > 1e-4


def test_central_difference_is_the_slope_between_theta_plus_and_minus_eps():
    from neuralab.train.finite_differences import central_difference
    theta = np.array([2.0, -1.0])
    f = lambda: theta[0] ** 3 + 5 * theta[1]     # noqa: E731
    slope, plus, minus = central_difference(f, theta, 0, 0.5)
    assert (plus, minus) == (2.5 ** 3 - 5, 1.5 ** 3 - 5)
    assert slope == 3 * 2.0 ** 2 + 0.5 ** 2      # a cubic's central difference: f'(θ) + ε²
    np.testing.assert_array_equal(theta, [2.0, -1.0])   # θ_i put back
    assert central_difference(f, theta, 1, 1e-3)[0] == pytest.approx(5, rel=1e-12)
