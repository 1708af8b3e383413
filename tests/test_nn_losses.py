"""Losses against torch.nn.functional in float64: value and dL/dpred, plain and per-sample
weighted means, extreme inputs, and refusal of bad predictions and targets (on every call, and
through fit) without touching cached state."""
import re
from fractions import Fraction

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import neuralab
import neuralab.data
from neuralab import nn, optim
from neuralab.classic import Perceptron
from neuralab.nn import labels as labels_module
from neuralab.nn.model_output import is_model_output
from neuralab.nn.checks import MAX_SIZE
from neuralab.train import DivergenceWarning
from torch_reference import assert_close, tensor

SEEDS = [0, 1, 2]
ELEMENTWISE_SHAPES = [(1,), (7,), (5, 1), (8, 3), (4, 2, 3), (64, 10)]
CLASS_SHAPES = [(1, 2), (5, 3), (32, 10), (4, 2), (100, 7)]


# -- how to draw predictions and targets, and what torch computes from them ------------------
def normal(rng, shape):
    return 3 * rng.standard_normal(shape)


def probabilities(rng, shape):
    return rng.uniform(0.001, 0.999, shape)


def binary(rng, shape):
    return rng.integers(0, 2, shape).astype(np.float64)


def labels(rng, shape):
    return rng.integers(0, shape[1], shape[0])


def one_hot(rng, shape):
    return np.eye(shape[1])[labels(rng, shape)]


def soft(rng, shape):
    return rng.dirichlet(np.ones(shape[1]), shape[0])


def torch_cross_entropy(z, target, reduction):
    target = torch.tensor(target) if target.dtype.kind == "i" else tensor(target)
    return F.cross_entropy(z, target, reduction=reduction)


def torch_elementwise(fn):
    return lambda z, target, reduction: fn(z, tensor(target), reduction=reduction)


# name: (loss class, torch reference, make pred, make target, shapes)
CASES = {
    "mse": (nn.MSELoss, torch_elementwise(F.mse_loss), normal, normal, ELEMENTWISE_SHAPES),
    "bce-soft": (nn.BCELoss, torch_elementwise(F.binary_cross_entropy), probabilities,
                 probabilities, ELEMENTWISE_SHAPES),
    "bce-binary": (nn.BCELoss, torch_elementwise(F.binary_cross_entropy), probabilities, binary,
                   ELEMENTWISE_SHAPES),
    "bce_logits-soft": (nn.BCEWithLogitsLoss, torch_elementwise(F.binary_cross_entropy_with_logits),
                        normal, probabilities, ELEMENTWISE_SHAPES),
    "bce_logits-binary": (nn.BCEWithLogitsLoss,
                          torch_elementwise(F.binary_cross_entropy_with_logits), normal, binary,
                          ELEMENTWISE_SHAPES),
    "ce-labels": (nn.CrossEntropyLoss, torch_cross_entropy, normal, labels, CLASS_SHAPES),
    "ce-one_hot": (nn.CrossEntropyLoss, torch_cross_entropy, normal, one_hot, CLASS_SHAPES),
    "ce-soft": (nn.CrossEntropyLoss, torch_cross_entropy, normal, soft, CLASS_SHAPES),
}
ALL_CASES = [(name, shape) for name, case in CASES.items() for shape in case[4]]


def draw(name, shape, seed):
    loss_cls, torch_fn, make_pred, make_target, _ = CASES[name]
    rng = np.random.default_rng(seed)
    return loss_cls(), torch_fn, make_pred(rng, shape), make_target(rng, shape), rng


def check_against_torch(loss, torch_fn, pred, target, weight=None):
    """Value and dL/dpred against torch: its own mean reduction without weights, else
    Σ w_i ℓ_i / Σ w_i with ℓ_i the mean of torch's reduction='none' over sample i."""
    pred_t = tensor(pred, requires_grad=True)
    if weight is None:
        expected = torch_fn(pred_t, target, "mean")
    else:
        per_sample = torch_fn(pred_t, target, "none").reshape(len(pred), -1).mean(dim=1)
        expected = (tensor(weight) * per_sample).sum() / tensor(weight).sum()
    expected.backward()

    value = loss(pred, target, weight)
    assert isinstance(value, float) and type(value.item()) is float and value.item() == value
    assert value == pytest.approx(expected.item(), rel=1e-7, abs=1e-12)
    assert_close(loss.backward(), pred_t.grad)


# -- values and gradients ----------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name, shape", ALL_CASES)
def test_loss_matches_torch(float64, name, shape, seed):
    loss, torch_fn, pred, target, _ = draw(name, shape, seed)
    check_against_torch(loss, torch_fn, pred, target)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name, shape", ALL_CASES)
def test_weighted_loss_matches_torch_weighted_mean(float64, name, shape, seed):
    loss, torch_fn, pred, target, rng = draw(name, shape, seed)
    weight = rng.uniform(0, 3, shape[0])
    weight[rng.random(shape[0]) < 0.2] = 0.0  # zero weights drop samples ...
    weight[0] = 0.5  # ... but the sum stays positive
    check_against_torch(loss, torch_fn, pred, target, weight)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name, shape", ALL_CASES)
def test_forward_on_checked_targets_matches_torch(float64, name, shape, seed):
    """``forward`` (what fit calls per batch) skips the checks, not the math."""
    loss, torch_fn, pred, target, _ = draw(name, shape, seed)
    pred_t = tensor(pred, requires_grad=True)
    expected = torch_fn(pred_t, target, "mean")
    expected.backward()
    assert loss.forward(pred, loss.check_target(pred, target)) == pytest.approx(expected.item(), rel=1e-7)
    assert_close(loss.backward(), pred_t.grad)


@pytest.mark.parametrize("name", CASES)
def test_weights_of_ones_or_scaled_give_the_same_loss(float64, name):
    loss, _, pred, target, rng = draw(name, CASES[name][4][3], 0)
    weight = rng.uniform(0.1, 2, len(pred))
    assert loss(pred, target, np.ones(len(pred))) == pytest.approx(loss(pred, target), rel=1e-12)
    assert loss(pred, target, 1000 * weight) == pytest.approx(loss(pred, target, weight), rel=1e-12)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("weight", [np.ones(3, int), np.ones(3, bool), np.full(3, 2**62),
                                    np.full(3, 7, np.uint8)], ids=["1", "True", "2**62", "uint8"])
def test_integer_weights_are_normalised_in_the_predictions_dtype(weight):
    # cast to the default float32 first, 1/3 became 0.3333333432674408 and the loss 7.0000002
    pred, target = np.array([[1.0], [2.0], [4.0]]), np.zeros((3, 1))
    loss = nn.MSELoss()
    assert loss(pred, target) == 7.0
    plain = loss.backward()
    assert loss(pred, target, weight=weight) == 7.0
    np.testing.assert_array_equal(loss.backward(), plain)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("weight, same_as", [([1e308] * 3, [1.0, 1.0, 1.0]),
                                             (np.full(3, 2e38, np.float32), [1.0, 1.0, 1.0]),
                                             ([2.0**1023, 2.0**1022, 2.0**1022], [2.0, 1.0, 1.0])],
                         ids=["1e308", "float32 2e38", "2**1023 and 2**1022"])
def test_weights_whose_sum_overflows_give_the_loss_of_the_same_weights_scaled_down(weight, same_as):
    """Σw past the range made w / Σw = 0: a loss of 0.0 and a zero gradient."""
    pred, target = np.array([[1.0], [2.0], [4.0]]), np.zeros((3, 1))
    loss = nn.MSELoss()
    expected, expected_grad = loss(pred, target, weight=same_as), loss.backward()
    assert expected == (7.0 if same_as[0] == 1 else 5.5)
    assert loss(pred, target, weight=weight) == expected
    np.testing.assert_array_equal(loss.backward(), expected_grad)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, np.uint8])
def test_ce_labels_of_any_numeric_dtype(float64, dtype):
    loss, _, pred, target, _ = draw("ce-labels", (6, 4), 0)
    value, grad = loss(pred, target), loss.backward()
    assert loss(pred, target.astype(dtype)) == value
    np.testing.assert_array_equal(loss.backward(), grad)


@pytest.mark.parametrize("name", ["mse", "bce-soft", "bce_logits-binary"])
def test_column_prediction_accepts_flat_target(float64, name):
    loss, torch_fn, pred, target, _ = draw(name, (6, 1), 0)
    value = loss(pred, target.ravel())
    grad = loss.backward()
    assert grad.shape == (6, 1)
    assert value == pytest.approx(loss(pred, target), rel=1e-15)
    assert_close(grad, loss.backward())
    assert loss(pred.ravel(), target) == pytest.approx(value, rel=1e-15)  # and the other way round


@pytest.mark.parametrize("shape, axis", [((32, 10), -1), ((32, 10), 0), ((3, 4, 5), 1), ((6,), 0)])
def test_log_softmax_matches_torch_and_leaves_its_input(float64, shape, axis):
    z = normal(np.random.default_rng(4), shape)
    before = z.copy()
    out = nn.log_softmax(z, axis)
    assert out.shape == z.shape and out.dtype == np.float64
    assert_close(out, F.log_softmax(tensor(z), dim=axis).numpy())
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize("axis", [-1, 0])
def test_nn_softmax_is_a_function_that_matches_torch(float64, axis):
    # nn.softmax was the module softmax.py: nn.softmax(model.predict(X)), the probabilities of a
    # model trained with cross_entropy, said "'module' object is not callable"
    z = normal(np.random.default_rng(0), (5, 4))
    assert_close(nn.softmax(z, axis=axis), F.softmax(tensor(z), dim=axis).numpy())
    assert_close(nn.softmax(z, axis=axis), nn.Softmax(axis=axis)(z))


def test_log_softmax_runs_along_the_last_axis_by_default(float64):
    z = normal(np.random.default_rng(5), (3, 4, 5))
    assert_close(nn.log_softmax(z), F.log_softmax(tensor(z), dim=-1).numpy())


def test_log_softmax_of_integers_is_float():
    np.testing.assert_allclose(nn.log_softmax(np.array([[0, 0]])), [[-np.log(2), -np.log(2)]])


# -- extreme inputs: finite, equal to torch, no NumPy warning (conftest turns them into errors) --
EXTREME_LOGITS = [1e4, 1e30]


@pytest.mark.parametrize("big", EXTREME_LOGITS)
def test_bce_with_logits_is_stable(float64, big):
    z = np.array([[-big, big, 0.0], [big, -big, -big], [1.0, -40.0, 40.0]])
    y = np.array([[0.0, 1.0, 0.5], [0.0, 1.0, 0.3], [1.0, 1.0, 0.0]])
    loss = nn.BCEWithLogitsLoss()
    check_against_torch(loss, torch_elementwise(F.binary_cross_entropy_with_logits), z, y)
    assert np.isfinite(loss(z, y)) and np.isfinite(loss.backward()).all()


@pytest.mark.parametrize("z", [5.0, 20.0, 30.0, 36.0, 40.0, 700.0])
def test_bce_with_logits_keeps_every_digit_of_a_tiny_loss(float64, z):
    """Confidently right (z ≫ 0 with y = 1, or -z with y = 0): ℓ = log(1 + e^(-|z|)) is tiny, and
    log(1 + e^z) - z·y would cancel it (9.24e-14 for 9.36e-14 at z = 30, 0 from z = 36). torch
    keeps its digits for y = 1 but not for y = 0, so both are compared with torch at y = 1."""
    loss = nn.BCEWithLogitsLoss()
    z_t = tensor([[z]], requires_grad=True)
    expected = F.binary_cross_entropy_with_logits(z_t, tensor([[1.0]]))
    expected.backward()
    assert expected.item() > 0
    assert loss([[z]], [[1.0]]) == pytest.approx(expected.item(), rel=1e-14, abs=0)
    assert_close(loss.backward(), z_t.grad)
    # ℓ(-z, 1 - y) = ℓ(z, y), dℓ/dz(-z, 1 - y) = -dℓ/dz(z, y)
    assert loss([[-z]], [[0.0]]) == pytest.approx(expected.item(), rel=1e-14, abs=0)
    assert_close(loss.backward(), -z_t.grad)


@pytest.mark.parametrize("target", ["labels", "soft"])
@pytest.mark.parametrize("big", EXTREME_LOGITS)
def test_cross_entropy_is_stable(float64, big, target):
    z = np.array([[big, -big, 0.0], [-big, big, big], [-big, -big, -big], [big, 1.0, -1.0]])
    y = np.array([1, 0, 2, 0]) if target == "labels" else soft(np.random.default_rng(0), z.shape)
    loss = nn.CrossEntropyLoss()
    check_against_torch(loss, torch_cross_entropy, z, y)
    assert np.isfinite(loss(z, y)) and np.isfinite(loss.backward()).all()


def test_bce_on_probabilities_zero_and_one_clamps_like_torch(float64):
    p = np.array([[0.0, 1.0, 0.0], [1.0, 0.5, 1e-300], [0.0, 1.0, 1 - 1e-16]])
    y = np.array([[0.0, 1.0, 1.0], [0.0, 0.5, 1.0], [0.5, 0.5, 0.0]])
    loss = nn.BCELoss()
    check_against_torch(loss, torch_elementwise(F.binary_cross_entropy), p, y)
    assert np.isfinite(loss(p, y)) and np.isfinite(loss.backward()).all()


@pytest.mark.parametrize("loss_cls", [nn.BCEWithLogitsLoss, nn.CrossEntropyLoss],
                         ids=lambda cls: cls.__name__)
def test_extreme_logits_in_float32_stay_finite(loss_cls):
    loss = loss_cls()
    z = np.array([[1e30, -1e30, 0.0], [-1e30, 1e30, 1.0]], dtype=np.float32)
    y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)
    assert np.isfinite(loss(z, y))
    grad = loss.backward()
    assert grad.dtype == np.float32 and np.isfinite(grad).all()


def test_a_float32_batch_of_losses_near_the_float32_limit_has_a_finite_mean():
    # each ℓ = log(1 + e^z) ≈ 3e38 is finite in float32; their sum, 1.2e39, is not
    z = np.full((4, 1), 3e38, dtype=np.float32)
    assert nn.BCEWithLogitsLoss()(z, np.zeros(4)) == pytest.approx(3e38, rel=1e-6)


def test_weighted_float32_losses_near_the_float32_limit_have_a_finite_mean():
    """As the plain mean: each (ŷ - y)² = 2.25e38 is finite in float32, their sum is not."""
    pred, target = np.full((2, 2), 1.5e19, np.float32), np.zeros((2, 2), np.float32)
    loss = nn.MSELoss()
    assert loss(pred, target, [1.0, 1.0]) == pytest.approx(2.25e38, rel=1e-6)
    assert loss(pred, target, [1.0, 3.0]) == pytest.approx(loss(pred, target), rel=1e-12)


# batches whose first sample has an inf loss in float32: (ŷ - y)² past the range (and ŷ - y too,
# which makes its dℓ/dŷ inf), or a label whose logit is a float range below the other
DROPPED = {
    "mse": (nn.MSELoss, F.mse_loss, [[1e20], [1.0], [-2.0]], [[0.0], [0.0], [0.5]]),
    "mse-inf-gradient": (nn.MSELoss, F.mse_loss, [[3e38], [1.0], [-2.0]], [[-3e38], [0.0], [0.5]]),
    "ce": (nn.CrossEntropyLoss, F.cross_entropy, [[3e38, -3e38], [0.0, 0.0], [1.0, -1.0]],
           [1, 0, 1]),
}


@pytest.mark.parametrize("name", DROPPED)
def test_a_zero_weight_drops_its_sample_even_where_its_loss_is_inf(name):
    """Loss and gradient are those of the batch without the sample (torch on the others),
    not 0 · inf = NaN; the sample's gradient is 0."""
    loss_cls, torch_fn, pred, target = DROPPED[name]
    pred, target, weight = np.array(pred, np.float32), np.array(target), np.array([0.0, 1.0, 3.0])
    loss = loss_cls()
    value, grad = loss(pred, target, weight), loss.backward()
    pred_t = tensor(pred[1:], requires_grad=True)
    target_t = torch.tensor(target[1:]) if loss_cls is nn.CrossEntropyLoss else tensor(target[1:])
    per_sample = torch_fn(pred_t, target_t, reduction="none").reshape(2, -1).mean(dim=1)
    expected = (tensor(weight[1:]) * per_sample).sum() / weight.sum()
    expected.backward()
    assert value == pytest.approx(expected.item(), rel=1e-6)
    assert grad.dtype == np.float32
    np.testing.assert_array_equal(grad[0], 0.0)
    np.testing.assert_allclose(grad[1:], pred_t.grad.numpy(), rtol=1e-6)


# logits at the limit of each float type, a float range apart: z - max z is past the range
LIMITS = {"float32": (np.float32, 3e38), "float64": (np.float64, 1.7e308)}


@pytest.mark.parametrize("dtype", LIMITS)
@pytest.mark.parametrize("target", ["labels", "one_hot"])
def test_cross_entropy_at_the_float_limit_is_finite_without_warnings(dtype, target):
    dtype, big = LIMITS[dtype]
    z = np.array([[big, -big, 0.0], [-big, big, 1.0], [-big, -big, -big]], dtype)
    labels = np.array([0, 1, 2])
    y = labels if target == "labels" else np.eye(3, dtype=dtype)
    loss = nn.CrossEntropyLoss()
    value, grad = loss(z, y), loss.backward()
    # torch in float64, on logits whose z - max z it can represent: float32's as they are,
    # float64's halved (each row's softmax is one-hot or uniform, so nothing else changes); on
    # float64's as they are it gives NaN for one-hot targets (0 · -inf)
    z_t = tensor(z.astype(np.float64) if dtype is np.float32 else z / 2, requires_grad=True)
    expected = F.cross_entropy(z_t, torch.tensor(labels))
    expected.backward()
    assert value == pytest.approx(expected.item(), rel=1e-6)
    assert grad.dtype == dtype
    np.testing.assert_allclose(grad, z_t.grad.numpy(), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(nn.Softmax()(z), torch.softmax(z_t, 1).detach().numpy(), rtol=1e-6)


@pytest.mark.parametrize("dtype", LIMITS)
def test_cross_entropy_past_the_float_range_is_inf_without_warnings(dtype):
    dtype, big = LIMITS[dtype]
    z = np.array([[big, -big], [0.0, 1.0]], dtype)
    loss = nn.CrossEntropyLoss()
    assert loss(z, [1, 0]) == np.inf                    # -log softmax(z)_1 = 2 big, as in torch
    np.testing.assert_allclose(loss.backward(), [[0.5, -0.5], [-0.3655293, 0.3655293]], rtol=1e-6)


@pytest.mark.parametrize("dtype", LIMITS)
def test_mse_at_the_float_limit_is_inf_without_warnings_and_its_gradient_is_torchs(dtype):
    dtype, big = LIMITS[dtype]
    pred = np.array([big, -big, big, 0.0], dtype)
    target = np.array([-big, big, 0.0, 0.0], dtype)
    pred_t = torch.tensor(pred, requires_grad=True)
    expected = F.mse_loss(pred_t, torch.tensor(target))
    expected.backward()
    loss = nn.MSELoss()
    assert loss(pred, target) == expected.item() == np.inf
    np.testing.assert_array_equal(loss.backward(), pred_t.grad.numpy())  # 2 big / 4 is finite
    assert loss(pred[2:], target[2:], weight=[1.0, 3.0]) == np.inf
    np.testing.assert_allclose(loss.backward(), [big / 2, 0.0], rtol=1e-6)


# float64 batches whose Σ ℓ overflows though each ℓ and their mean fit: (case, pred, target, the
# exact ℓ_i). torch sums first and gives inf, so the reference is the exact mean, in fractions.
# Each exact ℓ here is a float: (ŷ - y)² of these is; log(1 + e^z) - z·y and -log softmax(z)_c
# differ from z and from max z - z_c by less than e^(-1e308), far below half a unit in the last place.
SUM_OVERFLOWS = {
    "mse": ([1.3e154, 1.1e154], [0.0, 0.0], [Fraction(1.3e154) ** 2, Fraction(1.1e154) ** 2]),
    "mse-equal": ([1.3e154, 1.3e154], [0.0, 0.0], [Fraction(1.3e154) ** 2] * 2),
    "bce_logits-binary": ([1e308, 1.6e308], [0.0, 0.0], [Fraction(1e308), Fraction(1.6e308)]),
    "ce-labels": ([[1e308, 0.0], [0.0, 1.6e308]], np.array([1, 0]), [Fraction(1e308), Fraction(1.6e308)]),
}


# every warning is an error (pyproject.toml sets it for all tests; the mark keeps it here if that
# changes), and the conftest turns NumPy's overflow into a FloatingPointError
@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name", SUM_OVERFLOWS)
def test_a_float64_batch_whose_sum_overflows_has_its_mean(name):
    pred, target, exact = SUM_OVERFLOWS[name]
    loss_cls, torch_fn = CASES[name.replace("-equal", "")][:2]
    pred, loss = np.array(pred), loss_cls()
    assert loss(pred, target) == float(sum(exact) / len(exact)) < np.inf
    pred_t = tensor(pred, requires_grad=True)
    torch_fn(pred_t, np.asarray(target), "mean").backward()  # its value is inf, its gradient is not
    assert_close(loss.backward(), pred_t.grad)


@pytest.mark.filterwarnings("error")
def test_a_float64_weighted_batch_whose_row_sums_overflow_has_its_mean_or_inf_past_the_range():
    # ℓ_0 = (ŷ_00² + ŷ_01²) / 2 fits, its Σ_j does not; L = (1 ℓ_0 + 3 ℓ_1) / 4
    pred = np.array([[1.3e154, 1.1e154], [1.2e154, 0.0]])
    exact = [(Fraction(1.3e154) ** 2 + Fraction(1.1e154) ** 2) / 2, Fraction(1.2e154) ** 2 / 2]
    loss = nn.MSELoss()
    assert loss(pred, np.zeros((2, 2)), weight=[1.0, 3.0]) == float((exact[0] + 3 * exact[1]) / 4)
    # dL/dŷ_ij = 2 ŷ_ij · (w_i / Σw) / k
    np.testing.assert_array_equal(loss.backward(), [[1.3e154 / 4, 1.1e154 / 4], [1.2e154 * 0.75, 0.0]])
    # a mean past the range (1.4e154² is) is inf, plain or weighted
    assert loss(np.array([1.3e154, 1.4e154]), np.zeros(2)) == np.inf
    assert loss(pred + [[0.0, 0.3e154], [0.0, 0.0]], np.zeros((2, 2)), weight=[1.0, 3.0]) == np.inf


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("weight", [None, [3.0, 1.0]])
def test_mse_gradient_past_the_float_range_is_inf_without_warnings_as_in_torch(weight):
    """dL/dŷ = 2(ŷ - y) · (w_i / Σw) / k is 2 · 3e38 with one sample, 2 · 3/4 · 3e38 with
    weights 3 and 1: past float32's range, though ŷ - y = 3e38 is not."""
    pred = np.array([[1.5e38], [0.0]], np.float32)[: 1 if weight is None else 2]
    target = -pred
    pred_t = torch.tensor(pred, requires_grad=True)         # float32, as neuralab's
    w = torch.ones(len(pred)) if weight is None else torch.tensor(weight, dtype=torch.float32)
    expected = (w * F.mse_loss(pred_t, torch.tensor(target), reduction="none")[:, 0]).sum() / w.sum()
    expected.backward()
    loss = nn.MSELoss()
    assert loss(pred, target, weight) == expected.item() == np.inf
    grad = loss.backward()
    assert grad.dtype == np.float32 and grad[0, 0] == np.inf
    np.testing.assert_array_equal(grad, pred_t.grad.numpy())


# -- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize("loss_cls", [nn.MSELoss, nn.BCELoss, nn.BCEWithLogitsLoss],
                         ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("pred_shape, target_shape", [((4, 3), (4, 2)), ((4, 3), (5, 3)),
                                                      ((4, 3), (4,)), ((4, 3), (4, 1)),
                                                      ((4, 6), (4, 2, 3)), ((4, 2, 3), (4, 3, 2)),
                                                      ((4, 1), (1, 4)), ((4,), (2, 2))])
def test_target_shape_mismatch(loss_cls, pred_shape, target_shape):
    with pytest.raises(ValueError, match="shape"):
        loss_cls()(np.full(pred_shape, 0.5), np.zeros(target_shape))


@pytest.mark.parametrize("pred_shape, target", [((4, 3), np.zeros(5)), ((4, 3), np.zeros((4, 2))),
                                                ((4, 3), np.zeros((4, 3, 1))), ((3,), np.zeros(3)),
                                                ((2, 3, 4), np.zeros(2))])
def test_cross_entropy_shape_mismatch(pred_shape, target):
    with pytest.raises(ValueError, match="shape|CrossEntropyLoss"):
        nn.CrossEntropyLoss()(np.zeros(pred_shape), target)


@pytest.mark.parametrize("dtype", [np.int64, np.float32])
def test_cross_entropy_takes_labels_as_a_column(float64, dtype):
    # Keras's sparse categorical cross-entropy and metrics.accuracy take (m, 1): so does this
    loss, _, pred, target, _ = draw("ce-labels", (6, 4), 0)
    value, grad = loss(pred, target), loss.backward()
    assert loss(pred, target.reshape(-1, 1).astype(dtype)) == value
    np.testing.assert_array_equal(loss.backward(), grad)
    with pytest.raises(ValueError, match="whole numbers"):
        loss(pred, np.full((6, 1), 0.5))


def test_fit_takes_cross_entropy_labels_as_a_column():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((90, 2))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)      # 0, 1, 2
    model = nn.MLP([2, 8, 3], rng=rng)
    history = model.fit(X, y.reshape(-1, 1), loss="cross_entropy", optimizer="adam", epochs=2,
                        verbose=0, validation_data=(X, y.reshape(-1, 1)))
    assert history["val_loss"][-1] == pytest.approx(model.evaluate(X, y)["loss"], rel=1e-6)


@pytest.mark.parametrize("target", [[0, 1, 1], [[0], [1], [1]], [0, 0, 0], [[1], [1], [1]]],
                         ids=["labels", "label column", "labels all 0", "one-hot of one class"])
def test_cross_entropy_on_one_output_asks_for_one_output_per_class_or_bce_logits(target):
    # softmax over one output is 1: the loss is 0 whatever the weights. Labels 0/1 were refused
    # as "must be in 0..0", and a column of them passed as probability rows, training nothing
    with pytest.raises(ValueError, match=r"one output per class \(2 for two classes\).*bce_logits"):
        nn.CrossEntropyLoss()(np.zeros((3, 1)), np.array(target))


@pytest.mark.parametrize("labels", [[0, 1, 3, 2], [-1, 0, 1, 2], [0, 1, 2, 100]])
def test_cross_entropy_labels_out_of_range(labels):
    with pytest.raises(ValueError, match=r"0\.\.2"):
        nn.CrossEntropyLoss()(np.zeros((4, 3)), labels)


@pytest.mark.parametrize("labels", [[0, 1, 1.5, 2], [0, 1, np.nan, 2], [0, 1, np.inf, 2],
                                    [0, 1, -np.inf, 2]])
def test_cross_entropy_non_integer_labels(labels):
    with pytest.raises(ValueError, match="whole numbers|NaN"):
        nn.CrossEntropyLoss()(np.zeros((4, 3)), np.array(labels))


@pytest.mark.parametrize("labels", [np.array(["0", "1", "2", "1"]), np.array([0, 1j, 2, 1])],
                         ids=["text", "complex"])
def test_cross_entropy_labels_that_are_not_real_numbers_are_a_type_error_naming_the_dtype(labels):
    with pytest.raises(TypeError, match=f"labels must be numbers, got dtype {labels.dtype}"):
        nn.CrossEntropyLoss()(np.zeros((4, 3)), labels)


@pytest.mark.parametrize("target, match", [
    ([[1, -1, -1], [-1, 1, -1]], r"in \[0, 1\], got values from -1 to 1; map -1/\+1 rows to one-hot "
                                 r"rows with \(y \+ 1\) / 2"),
    ([[2, 0, 0], [0, 1, 0]], r"in \[0, 1\], got values from 0 to 2$"),
    ([[1, 0, 0], [0, 1, 1]], r"row 1 sums to 2; .*multi-label.*bce_logits"),   # two classes marked
    ([[1, 0, 0], [0, 0, 0]], "row 1 sums to 0"),
    ([[0.9, 0.1, 0.1], [0.1, 0.9, 0.1]], "row 0 sums to 1.1"),  # label smoothing without its 1/K
    ([[0.5, 0.5, 0.0], [0.2, 0.2, 0.599]], "row 1 sums to 0.999"),
])
def test_cross_entropy_refuses_rows_that_are_not_probabilities(target, match):
    # any (m, K) target was taken: a -1 entry makes the loss fall without bound, and a row that
    # does not sum to 1 has a gradient other than the softmax(z) - y that backward returns
    with pytest.raises(ValueError, match=match):
        nn.CrossEntropyLoss()(np.zeros((2, 3)), np.array(target, dtype=float))


def test_cross_entropy_takes_rows_whose_sum_is_one_up_to_float32_rounding():
    rng = np.random.default_rng(0)
    soft = rng.dirichlet(np.full(10_000, 0.1), 4).astype(np.float32)   # 10,000 classes
    teacher = np.exp(nn.activations.log_softmax(5 * rng.standard_normal((4, 10_000)).astype(np.float32)))
    smoothed = (0.9 * np.eye(1000)[rng.integers(0, 1000, 4)] + 0.1 / 1000).astype(np.float32)
    for target in (soft, teacher, smoothed):
        pred = rng.standard_normal(target.shape).astype(np.float32)
        assert np.isfinite(nn.CrossEntropyLoss()(pred, target))


def test_fit_with_plus_minus_one_rows_and_cross_entropy_is_refused_before_training():
    # the audit's one-vs-rest coding: iris's loss went to -138 in 50 epochs, and nothing said why
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 4))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    model = nn.MLP([4, 16, 3], rng=rng)
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"\(y \+ 1\) / 2"):
        model.fit(X, np.where(np.eye(3)[y] == 1, 1, -1), loss="cross_entropy", optimizer="adam",
                  epochs=2, verbose=0)
    for p, data in zip(model.parameters(), before, strict=True):
        np.testing.assert_array_equal(p.data, data)


@pytest.mark.parametrize("loss_cls", [nn.MSELoss, nn.CrossEntropyLoss],
                         ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("pred, target", [("abc", [0, 1]), ([[0.1, 0.2]] * 2, ["0", "1"]),
                                          ([[0.1, 0.2]] * 2, [[None, 1], [0, 1]])],
                         ids=["pred str", "target numeric strings", "target None"])
def test_non_numeric_input_is_a_type_error(loss_cls, pred, target):
    with pytest.raises(TypeError):
        loss_cls()(pred, target)


@pytest.mark.parametrize("p", [-0.1, 1.1, np.inf, -np.inf])
def test_bce_refuses_values_outside_0_1(p):
    with pytest.raises(ValueError, match=r"\[0, 1\].*BCEWithLogitsLoss"):
        nn.BCELoss()(np.array([[0.5], [p]]), np.array([1.0, 0.0]))


@pytest.mark.parametrize("p", [-0.1, 1.1, -3.0, np.inf])
def test_bce_forward_refuses_values_outside_0_1_on_every_call(p):
    # fit checks targets once against stand-in zeros, then calls only forward: the range check
    # lived in check_target, so logits reached the logs and came out as NaN "divergence"
    loss = nn.BCELoss()
    loss(np.array([[0.5], [0.5]]), np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"\[0, 1\].*BCEWithLogitsLoss"):
        loss.forward(np.array([[0.5], [p]]), np.array([[1.0], [0.0]]))


def test_bce_names_nan_predictions_as_nan_and_forward_lets_them_through():
    # NaN is a diverged network, not logits: "use BCEWithLogitsLoss" would send the user astray
    pred, target = np.array([[0.2], [np.nan]]), np.array([0.0, 1.0])
    with pytest.raises(ValueError, match="contain NaN.*diverge"):
        nn.BCELoss()(pred, target)
    # forward, as fit calls it, returns the NaN for fit's divergence handling to stop on
    assert np.isnan(nn.BCELoss().forward(pred, target.reshape(2, 1)))


@pytest.mark.parametrize("loss_cls", [nn.BCELoss, nn.BCEWithLogitsLoss], ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("target, hint", [
    ([-1, 1, 1], r"; map the labels -1/\+1 to 0/1 with \(y \+ 1\) / 2$"),
    ([1, 2, 1], r"; map the labels 1/2 to 0/1 with y - 1$"),
    ([0, 1, 2], r"; the labels make 3 classes: for more than two, give the model one output per "
                r"class and use cross_entropy with labels 0\.\.K-1$"),
    ([-1, 0, 1], "3 classes: for more than two"),
    # two labels of no coding: the one to be class 1 is named (they had no hint)
    ([0, 2, 2], r"from 0 to 2; map the two labels to 0/1 with \(y == 2\)\.astype\(int\), which makes 2 the class 1$"),
    ([3, 7, 7], r"from 3 to 7; map the two labels to 0/1 with \(y == 7\)\.astype\(int\)"),
    ([0.5, 1.0 + 1e-6, 0], r"from 0 to 1$"),      # fractions are no labels: no guess
    # fractions past 1 are quantities, not probabilities: a regression
    ([0.5, 1.5, 1.5], r"from 0.5 to 1.5: the targets, fractions such as 0.5, look like quantities to predict "
                      r"\(a regression\), not classes: use loss='mse'"),
], ids=repr)
def test_binary_losses_refuse_targets_outside_0_1(loss_cls, target, hint):
    # -1/+1 labels gave negative losses that training kept lowering, with no error; and every
    # coding was told "(y + 1) / 2", which turns labels 1/2 into 1/1.5
    with pytest.raises(ValueError, match=r"targets must be in \[0, 1\] \(the probability of class "
                                         r"1\), got values .*" + hint):
        loss_cls()(np.array([[0.2], [0.7], [0.5]]), np.array(target, dtype=float))


@pytest.mark.parametrize("loss_cls", [nn.BCELoss, nn.BCEWithLogitsLoss], ids=lambda cls: cls.__name__)
def test_binary_losses_refuse_text_labels_with_the_mapping_to_0_1(loss_cls):
    # "target must be an array of real numbers, got ndarray of dtype <U3", and no way out
    with pytest.raises(TypeError, match=r"targets must be numbers in \[0, 1\] \(the probability of class "
                                        r"1\), got text labels; map the two labels to 0/1 with "
                                        r"\(y == 'yes'\)\.astype\(int\), which makes 'yes' the class 1$"):
        loss_cls()(np.full((3, 1), 0.5), ["no", "yes", "yes"])
    with pytest.raises(TypeError, match=r"got text labels; the labels make 3 classes: for more than two, give "
                                        r"the model one output per class and use cross_entropy"):
        loss_cls()(np.full((3, 1), 0.5), np.array(["a", "b", "c"], dtype=object))


def test_mse_refuses_text_labels_with_the_targets_it_takes_instead():
    # "target must be an array of real numbers, got ndarray of dtype <U3", and no way out
    words = r"MSELoss: targets must be numbers \(the quantity to predict, or one-hot rows for classes\), got text labels"
    y = np.array(["no", "yes", "yes"])
    with pytest.raises(TypeError, match=words + r"; map the two labels to 0/1 with \(y == 'yes'\)\.astype\(int\)"):
        nn.MSELoss()(np.full((3, 1), 0.5), y)
    with pytest.raises(TypeError, match=words + r"; the labels make 3 classes: for more than two, give the "
                                                r"model one output per class and MSE the one-hot rows"):
        nn.MSELoss()(np.full((3, 1), 0.5), ["a", "b", "c"])
    with pytest.raises(TypeError, match=words + r"; number the labels 0\.\.K-1 with classes, y = np\.unique\(y, "
                                                r"return_inverse=True\) .*, then give MSE their one-hot rows, "
                                                r"data\.one_hot\(y\); for classes, loss='cross_entropy'") as err:
        nn.MSELoss()(np.full((4, 3), 1 / 3), ["b", "c", "a", "c"])
    # what the advice says, done: the one-hot rows of the numbered labels are MSE's targets
    scope = {"np": np, "y": np.array(["b", "c", "a", "c"]), "data": neuralab.data}
    exec("classes, y = np.unique(y, return_inverse=True)", scope)
    rows = eval("data.one_hot(y)", scope)
    assert "data.one_hot(y)" in str(err.value)
    np.testing.assert_allclose(nn.MSELoss()(np.full((4, 3), 1 / 3), rows), np.mean((1 / 3 - np.eye(3)[[1, 2, 0, 2]]) ** 2))


# -- nn.labels: each label set, and the expression that turns it into what a model takes ---------
def _pasted(hint, y):
    """The labels the expression in ``hint`` gives, run on ``y`` as a user would paste it."""
    code = re.search(r" with (.+?)(?:, which makes .*| \(label k is then classes\[k\]\))?$", hint).group(1)
    scope = {"np": np, "y": y}
    exec(code if " = " in code else f"y = {code}", scope)
    return code, np.asarray(scope["y"])


def _fits(target, y, n_classes):
    """Whether ``y`` is what ``target`` takes, asked of the models themselves."""
    m = len(y)
    if target == labels_module.TWO_CLASSES:
        return Perceptron(1).fit(np.zeros((m, 1)), y, epochs=1) is not None and set(y.tolist()) <= {0, 1}
    if target == labels_module.PROBABILITIES:
        return np.isfinite(nn.BCELoss()(np.full((m, 1), 0.5), y))
    return np.isfinite(nn.CrossEntropyLoss()(np.zeros((m, n_classes or len(set(y.tolist())))), y))


TWO, PROB, INDICES = labels_module.TWO_CLASSES, labels_module.PROBABILITIES, labels_module.CLASS_INDICES
UNIQUE = "classes, y = np.unique(y, return_inverse=True)"


@pytest.mark.parametrize("y, target, n_classes, code", [
    ([-1, 1, 1, -1], TWO, None, "(y + 1) // 2"),
    ([-1.0, 1.0, 1.0], TWO, None, "(y + 1) // 2"),
    ([-1, 1, 1, -1], PROB, None, "(y + 1) / 2"),
    ([-1, 1, 1, -1], INDICES, 2, "(y + 1) // 2"),
    ([1, 2, 2, 1], TWO, None, "y - 1"),
    ([1, 2, 2, 1], PROB, None, "y - 1"),
    ([2, 2, 2], PROB, None, "y - 1"),
    ([1, 2, 3, 3], INDICES, 3, "y - 1"),
    ([1, 2, 3, 3, 10], INDICES, 10, "y - 1"),
    ([2, 3, 3], INDICES, 3, "y - 1"),               # labels 1..3 of a batch without class 1
    ([3, 7, 7, 3], TWO, None, "(y == 7).astype(int)"),
    ([3, 7, 7, 3], PROB, None, "(y == 7).astype(int)"),
    ([0, 2, 2], PROB, None, "(y == 2).astype(int)"),
    (["no", "yes", "no"], TWO, None, "(y == 'yes').astype(int)"),
    (np.array(["no", "yes"], dtype=object), PROB, None, "(y == 'yes').astype(int)"),
    (["no", "yes", "no"], INDICES, None, UNIQUE),
    (["b", "c", "a", "c"], INDICES, 3, UNIQUE),
    ([-1, 0, 1, 0], INDICES, 3, UNIQUE),
    ([-2.0, 5.0, 9.0], INDICES, 4, UNIQUE),
], ids=repr)
def test_label_sets_get_the_expression_that_makes_them_what_the_model_takes(y, target, n_classes, code):
    y = np.asarray(y)
    hint = labels_module.mapping_hint(y, target, "more advice", n_classes)
    pasted, mapped = _pasted(hint, y.copy())
    assert pasted == code
    assert _fits(target, mapped, n_classes)
    # one class per label and one label per class: nothing merged, nothing split
    pairs = set(zip(y.tolist(), mapped.tolist()))
    assert len(pairs) == len(set(y.tolist())) == len(set(mapped.tolist()))
    if target != PROB:              # classes stay whole numbers of integer dtype: // not /
        assert mapped.dtype.kind in "iu" or y.dtype.kind == "f"
    named = re.search(r"which makes (.+) the class 1$", hint)
    if named:                       # the label the message names is the one that becomes 1
        assert mapped[y == eval(named.group(1))].tolist() == [1] * int((y == eval(named.group(1))).sum())


@pytest.mark.parametrize("y, target, n_classes, hint", [
    ([0, 1, 1], TWO, None, ""),                     # already 0 and 1
    ([0, 1, 1], PROB, None, ""),
    ([0, 1, 2], INDICES, 3, ""),
    ([0, 3, 1], INDICES, 3, ""),                    # class indices: too few outputs is the loss's to say
    ([3, 7, 7], INDICES, 2, ""),
    ([0.5, 1.5, 1.5], PROB, None, ""),              # fractions are quantities, not labels
    ([np.nan, 1.0], TWO, None, ""),
    ([5, 5], TWO, None, ""),                        # one label: which class is it?
    ([0, 1, 2], TWO, None, "; the labels make 3 classes: for more than two, more advice"),
    (["a", "b", "c"], PROB, None, "; the labels make 3 classes: for more than two, more advice"),
    ([None, 1], INDICES, 2, ""),                    # Python objects: no labels
])
def test_label_sets_with_nothing_to_map_get_no_expression(y, target, n_classes, hint):
    assert labels_module.mapping_hint(np.array(y), target, "more advice", n_classes) == hint
    assert labels_module.mapping_hint(np.array(y), target, n_classes=n_classes) == ("" if "more" in hint else hint)


def test_bce_target_range_is_refused_as_torch_refuses_it():
    with pytest.raises(RuntimeError, match="between 0 and 1"):
        F.binary_cross_entropy(tensor([0.3]), tensor([-1.0]))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        nn.BCELoss()(np.array([0.3]), np.array([-1.0]))


@pytest.mark.parametrize("inside", [False, True], ids=["outputs outside [0, 1]", "outputs inside by chance"])
def test_fit_on_logits_with_bce_says_use_bce_with_logits_and_leaves_the_weights(inside):
    # the most common beginner mistake: no sigmoid output. fit reported NaN and blamed the
    # learning rate; then the first batch's loss refused the logits, but a network whose first
    # outputs happened to lie in [0, 1] trained for epochs and stopped midway, weights changed
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] > 0).astype(int)
    model = nn.MLP([2, 8, 1], activation="tanh", rng=rng)   # forgot output="sigmoid"
    if inside:
        X = 0.01 * X
        model.layers[-1].bias.data[:] = 0.5
        assert np.all((model.predict(X) > 0) & (model.predict(X) < 1))
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"^the model ends with Dense, whose outputs are not probabilities in "
                                         r"\[0, 1\], and BCELoss takes probabilities: end the model with "
                                         r"Sigmoid, nn.MLP\(..., output='sigmoid'\), or keep it and use "
                                         r"loss='bce_logits'"):
        model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.5), epochs=50,
                  verbose=0)
    for p, data in zip(model.parameters(), before, strict=True):
        np.testing.assert_array_equal(p.data, data)
    for last in (nn.ReLU(), nn.Tanh(), nn.Identity(), nn.Dropout(0.2)):   # none of them gives probabilities
        with pytest.raises(ValueError, match=f"^the model ends with {type(last).__name__}, whose outputs"):
            nn.Sequential(nn.Dense(2, 1), last).fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    # what the advice says, done, trains
    nn.MLP([2, 8, 1], output="sigmoid").fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    nn.MLP([2, 8, 1]).fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0)


def test_fit_with_plus_minus_one_labels_is_refused_before_training():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    y = np.where(X[:, 0] > 0, 1, -1)
    for loss, output in (("bce", "sigmoid"), ("bce_logits", None)):
        model = nn.MLP([2, 8, 1], output=output, rng=rng)
        before = [p.data.copy() for p in model.parameters()]
        with pytest.raises(ValueError, match=r"\(y \+ 1\) / 2"):
            model.fit(X, y, loss=loss, optimizer="adam", epochs=2, verbose=0)
        for p, data in zip(model.parameters(), before, strict=True):
            np.testing.assert_array_equal(p.data, data)


def test_fit_with_bce_still_reports_nan_as_divergence():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    model = nn.MLP([2, 8, 1], output="sigmoid", rng=rng)
    model.layers[0].weight.data[0, 0] = np.nan           # a network that has diverged
    with pytest.warns(DivergenceWarning, match="the loss became nan"):
        history = model.fit(X, (X[:, 0] > 0).astype(int), loss="bce", optimizer="sgd", epochs=2,
                            verbose=0)
    assert "the loss became nan" in history.stop_reason


@pytest.mark.parametrize("weight", [[1.0, -1.0, 1.0], [1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0],
                                    [[1.0, 1.0, 1.0]], [1.0, np.nan, 1.0], [1.0, np.inf, 1.0]])
def test_bad_weights(weight):
    with pytest.raises(ValueError, match="weight"):
        nn.MSELoss()(np.zeros((3, 2)), np.ones((3, 2)), np.array(weight))


BAD_CALLS = {
    "mse shape": (nn.MSELoss, np.zeros((4, 3)), np.zeros((4, 2)), None),
    "mse weight": (nn.MSELoss, np.zeros((4, 3)), np.zeros((4, 3)), -np.ones(4)),
    "bce range": (nn.BCELoss, np.full((4, 3), 1.5), np.zeros((4, 3)), None),
    "bce nan": (nn.BCELoss, np.full((4, 3), np.nan), np.zeros((4, 3)), None),
    "bce target": (nn.BCELoss, np.full((4, 3), 0.5), np.full((4, 3), -1.0), None),
    "bce range, weighted": (nn.BCELoss, np.full((4, 3), -0.5), np.zeros((4, 3)), np.ones(4)),
    "bce_logits target": (nn.BCEWithLogitsLoss, np.zeros((4, 3)), np.full((4, 3), 2.0), None),
    "bce_logits shape": (nn.BCEWithLogitsLoss, np.zeros((4, 3)), np.zeros(4), None),
    "ce label": (nn.CrossEntropyLoss, np.zeros((4, 3)), np.array([0, 1, 2, 3]), None),
    "ce non-integer": (nn.CrossEntropyLoss, np.zeros((4, 3)), np.array([0, 1, 2, 0.5]), None),
    "ce weight": (nn.CrossEntropyLoss, np.zeros((4, 3)), np.array([0, 1, 2, 0]), np.ones(3)),
    "ce row range": (nn.CrossEntropyLoss, np.zeros((4, 3)), np.full((4, 3), -1.0), None),
    "ce row sum": (nn.CrossEntropyLoss, np.zeros((4, 3)), np.full((4, 3), 0.5), None),
    "ce one output": (nn.CrossEntropyLoss, np.zeros((4, 1)), np.zeros(4), None),
}


@pytest.mark.parametrize("name", BAD_CALLS)
def test_failed_call_keeps_the_previous_state(float64, name):
    loss_cls, bad_pred, bad_target, bad_weight = BAD_CALLS[name]
    loss = loss_cls()
    rng = np.random.default_rng(0)
    pred = rng.uniform(0.1, 0.9, (5, 3))
    target = np.array([0, 2, 1, 1, 0]) if loss_cls is nn.CrossEntropyLoss else rng.random((5, 3))
    value = loss(pred, target, rng.uniform(0.5, 1, 5))
    grad = loss.backward()
    cached = dict(vars(loss))

    with pytest.raises(ValueError):
        loss(bad_pred, bad_target, bad_weight)

    assert vars(loss).keys() == cached.keys()
    assert all(vars(loss)[key] is cached[key] for key in cached)
    np.testing.assert_array_equal(loss.backward(), grad)
    assert loss(pred, target, cached["scale"]) == pytest.approx(value, rel=1e-12)  # still usable


def test_backward_before_call_is_an_error():
    with pytest.raises(RuntimeError, match="before"):
        nn.MSELoss().backward()


@pytest.mark.parametrize("name, cls", [("mse", nn.MSELoss), ("bce", nn.BCELoss),
                                       ("bce_logits", nn.BCEWithLogitsLoss),
                                       ("cross_entropy", nn.CrossEntropyLoss),
                                       ("ce", nn.CrossEntropyLoss),
                                       # torch.nn.functional's names, all four
                                       ("binary_cross_entropy", nn.BCELoss),
                                       ("binary_cross_entropy_with_logits", nn.BCEWithLogitsLoss),
                                       ("mse_loss", nn.MSELoss),
                                       # Keras's names, of the same losses
                                       ("binary_crossentropy", nn.BCELoss),
                                       ("categorical_crossentropy", nn.CrossEntropyLoss),
                                       ("sparse_categorical_crossentropy", nn.CrossEntropyLoss),
                                       ("mean_squared_error", nn.MSELoss)])
def test_loss_by_name_instance_or_class(name, cls):
    assert type(nn.losses.get(name)) is cls
    instance = cls()
    assert nn.losses.get(instance) is instance
    assert type(nn.losses.get(cls)) is cls      # loss=nn.BCELoss, as Keras takes it
    assert repr(instance) == f"{cls.__name__}()"


def test_keras_categorical_crossentropy_trains_a_softmax_model_as_keras_does():
    # Keras's loss takes the softmax's probabilities; fit gives cross_entropy the logits before
    # the Softmax layer, the same loss of the same model
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 2))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    model = nn.MLP([2, 8, 3], output="softmax", rng=rng)
    history = model.fit(X, np.eye(3)[y], loss="categorical_crossentropy", optimizer="adam",
                        epochs=1, verbose=0)
    p = model.predict(X)
    expected = F.nll_loss(torch.log(tensor(p)), torch.tensor(y)).item()
    assert model.evaluate(X, y, loss="sparse_categorical_crossentropy")["loss"] == pytest.approx(expected, rel=1e-5)
    assert history["loss"][0] > 0


@pytest.mark.parametrize("name, error, match", [
    ("bogus", ValueError, "choose one of"), ("MSE", ValueError, "choose one of"),
    (None, TypeError, "got NoneType$"), (["mse"], TypeError, "got list$"),
    (np.zeros(1000), TypeError, "got ndarray$")])   # not printed whole: an array in the loss's place
def test_unknown_loss_name_lists_the_valid_names(name, error, match):
    with pytest.raises(error, match=match) as info:
        nn.losses.get(name)
    for valid in ("mse", "bce", "bce_logits", "cross_entropy"):
        assert valid in str(info.value)


@pytest.mark.parametrize("name, meant, cls", [
    ("MSE", "mse", "MSELoss"), ("crossentropy", "cross_entropy", "CrossEntropyLoss"),
    ("bce_logit", "bce_logits", "BCEWithLogitsLoss"), ("Cross-Entropy", "cross_entropy", "CrossEntropyLoss"),
    ("BinaryCrossentropy", "bce", "BCELoss"),
    # torch's class names, bare and written with their module: the nearest name by spelling was
    # "bce_logits", the loss on logits, for "BCELoss", the loss on probabilities
    ("BCELoss", "bce", "BCELoss"), ("bceloss", "bce", "BCELoss"), ("bce_loss", "bce", "BCELoss"),
    ("torch.nn.BCELoss", "bce", "BCELoss"), ("BCEWithLogitsLoss", "bce_logits", "BCEWithLogitsLoss"),
    ("nn.BCEWithLogitsLoss", "bce_logits", "BCEWithLogitsLoss"),
    ("CrossEntropyLoss", "cross_entropy", "CrossEntropyLoss"), ("MSELoss", "mse", "MSELoss"),
    # torch.nn.functional's names written with their module: "binary_cross_entropy_with_logits"
    # was sent to "binary_cross_entropy", the loss on probabilities, and "mse_loss" got no hint
    ("F.binary_cross_entropy_with_logits", "bce_logits", "BCEWithLogitsLoss"),
    ("torch.nn.functional.binary_cross_entropy", "bce", "BCELoss"),
    ("F.cross_entropy", "cross_entropy", "CrossEntropyLoss"), ("F.mse_loss", "mse", "MSELoss")])
def test_an_unknown_loss_name_is_answered_with_the_loss_it_names(name, meant, cls):
    with pytest.raises(ValueError, match=f"unknown loss {name!r}; did you mean {meant!r} "
                                         f"\\(nn\\.{cls}\\)\\? choose one of"):
        nn.losses.get(name)
    assert type(nn.losses.get(meant)).__name__ == cls   # the name it gives is that loss


def test_loss_keeps_float32():
    neuralab.set_default_dtype(np.float32)
    pred = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    loss = nn.CrossEntropyLoss()
    loss(pred, [0, 1, 2, 0])
    assert loss.backward().dtype == np.float32


@pytest.mark.parametrize("loss", [nn.MSELoss(), nn.BCELoss()])
def test_targets_first_and_the_output_second_is_refused(loss):
    # scikit-learn's order: accepted, backward was dL/dy and training climbed the loss
    model = nn.MLP([2, 3, 1], output="sigmoid")
    X, y = np.ones((4, 2), np.float32), np.array([[0.0], [1.0], [1.0], [0.0]], np.float32)
    out = model.forward(X, training=True)
    with pytest.raises(ValueError, match=r"the model's output goes first, then the targets"):
        loss(y, out)
    with pytest.raises(ValueError, match=r"the model's output goes first, then the targets"):
        loss(y, model.predict(X))                        # scikit-learn's loss(y_true, y_pred)
    out = model.forward(X, training=True)
    assert np.isfinite(loss(out, y))
    teacher = nn.MLP([2, 3, 1], output="sigmoid")
    teacher_out = teacher.forward(X)
    assert np.isfinite(loss(out, teacher_out))          # two models' outputs: no swap to see
    with pytest.raises(ValueError, match=r"passed as a copy: loss\(pred, teacher_out.copy\(\)\)"):
        loss(out * 0.5, teacher_out)                     # an array computed from the output...
    assert np.isfinite(loss(out * 0.5, teacher_out.copy()))  # ...and the way the message names


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name", ["mse", "bce_logits", "cross_entropy"])
def test_float64_targets_past_a_float32_model_s_range_are_refused_in_words(name):
    # the cast to the predictions' float32 warned "overflow encountered in cast" and gave inf targets
    loss = nn.losses.get(name)
    pred = np.zeros((2, 3), np.float32)
    target = np.array([[1e300, 0.0, 0.0], [0.0, 1.0, 0.0]])
    with pytest.raises(ValueError, match=r"targets hold values past the range of the predictions' "
                                         r"float32 \(±3\.4e\+38\): rescale them"):
        loss(pred, target)
    assert loss(pred, np.eye(3)[[0, 1]]) > 0   # float64 targets in range: narrowed, as before


@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
@pytest.mark.parametrize("kind", [nn.CrossEntropyLoss, nn.BCEWithLogitsLoss], ids=lambda kind: kind.__name__)
def test_a_loss_of_logits_refuses_the_probabilities_a_model_ends_with(kind, output):
    """A softmax model's output given to CrossEntropyLoss by hand: the softmax ran twice, silently
    (iris: a loss of 0.60 where evaluate said 0.08), as PyTorch allows too."""
    loss = kind()
    model = nn.MLP([2, 5, 3], output=output, rng=np.random.default_rng(0))
    X = np.random.default_rng(1).standard_normal((4, 2)).astype(np.float32)
    y = np.array([0, 2, 1, 0]) if isinstance(loss, nn.CrossEntropyLoss) else np.eye(3)[[0, 2, 1, 0]]
    name = type(model.layers[-1]).__name__
    for output in (lambda: model.forward(X, training=True), lambda: model.predict(X), lambda: model(X)[:, :]):
        out = output()  # the model's latest output is the one it knows
        with pytest.raises(ValueError, match=rf"{type(loss).__name__} takes logits .* a model that ends "
                                             rf"with {name}: .* net = model\[:-1\]"):
            loss(out, y)
    assert not hasattr(loss, "pred")                  # nothing cached for backward
    net = model[:-1]                                  # the way the message names
    assert np.isfinite(loss(net.forward(X, training=True), y))
    net.backward(loss.backward())
    assert np.isfinite(loss(model(X).copy(), y))      # both on purpose


@pytest.mark.parametrize("loss, output", [(nn.BCELoss(), "sigmoid"), (nn.MSELoss(), "softmax")])
def test_losses_of_outputs_take_a_model_s_probabilities(loss, output):
    model = nn.MLP([2, 3, 2], output=output, rng=np.random.default_rng(0))
    assert np.isfinite(loss(model(np.ones((4, 2), np.float32)), np.full((4, 2), 0.5)))


# -- PyTorch's options, and the way to each here -----------------------------------------------
@pytest.mark.parametrize("loss_cls, keyword, way", [
    (nn.CrossEntropyLoss, "weight", r"per sample and given at each call.*w = class_weights\[labels\]"),
    (nn.BCELoss, "weight", r"loss\(pred, y, weight=w\) with w of shape \(m,\)"),
    (nn.BCEWithLogitsLoss, "pos_weight", r"weight=np\.where\(y == 1, pos_weight, 1\.0\)"),
    (nn.CrossEntropyLoss, "label_smoothing", r"\(1 - ε\) \* data\.one_hot\(y, n_classes=K\) \+ ε / K"),
    (nn.BCELoss, "from_logits", r"BCEWithLogitsLoss \(bce_logits\) logits"),
    (nn.MSELoss, "reduction", r"over the m samples and their k outputs, pred\.size values, for the others\. "
                              r"Torch's reduction='sum' is that mean times m, or times pred\.size, and so are its "
                              r"gradients: a learning rate tuned for the sum is that many times too small here"),
])
def test_torch_options_are_refused_by_name_with_the_way_here(loss_cls, keyword, way):
    # they were Python's bare "CrossEntropyLoss() takes no arguments"
    with pytest.raises(TypeError, match=rf"^{loss_cls.__name__}\(\) got an unexpected keyword argument "
                                        rf"'{keyword}' \(.*{way}.*\); it takes no arguments$"):
        loss_cls(**{keyword: 0.1})
    with pytest.raises(TypeError, match=rf"^{loss_cls.__name__}\(\) takes no arguments$"):
        loss_cls(0.1)


@pytest.mark.parametrize("loss, torch_fn, target", [
    (nn.CrossEntropyLoss(), F.cross_entropy, lambda rng: labels(rng, (8, 3))),
    (nn.MSELoss(), F.mse_loss, lambda rng: normal(rng, (8, 3))),
    (nn.BCEWithLogitsLoss(), F.binary_cross_entropy_with_logits, lambda rng: binary(rng, (8, 3))),
])
def test_the_way_given_for_torch_s_reduction_sum_matches_torch(float64, loss, torch_fn, target):
    # the way once said "multiply it by the number of samples m": for 8 samples of 3 outputs, a third
    # of torch's sum for MSE, so that a tutorial written with reduction='sum' ("Learning PyTorch with
    # Examples") ported with its learning rate scaled by m took steps 3 times too small
    rng = np.random.default_rng(0)
    z, y = normal(rng, (8, 3)), target(rng)
    averaged = len(z) if isinstance(loss, nn.CrossEntropyLoss) else z.size   # m, or m·k (pred.size)
    expected = torch_fn(tensor(z), torch.tensor(y), reduction="sum").item()
    assert loss(z, y) * averaged == pytest.approx(expected, rel=1e-12)


def test_the_ways_given_for_torch_s_class_weights_pos_weight_and_label_smoothing_match_torch(float64):
    rng = np.random.default_rng(0)
    z, y = normal(rng, (32, 4)), labels(rng, (32, 4))
    class_weights, eps = np.array([1.0, 3.0, 0.5, 2.0]), 0.1
    loss = nn.CrossEntropyLoss()
    expected = F.cross_entropy(tensor(z), torch.tensor(y), weight=tensor(class_weights))
    assert loss(z, y, weight=class_weights[y]) == pytest.approx(expected.item(), rel=1e-12)
    smoothed = (1 - eps) * neuralab.data.one_hot(y, n_classes=4) + eps / 4
    expected = F.cross_entropy(tensor(z), torch.tensor(y), label_smoothing=eps)
    assert loss(z, smoothed) == pytest.approx(expected.item(), rel=1e-12)
    z, y, pos_weight = normal(rng, (32,)), binary(rng, (32,)), 3.0
    w = np.where(y == 1, pos_weight, 1.0)
    expected = F.binary_cross_entropy_with_logits(tensor(z), tensor(y), pos_weight=tensor(pos_weight))
    assert nn.BCEWithLogitsLoss()(z, y, weight=w) * w.sum() / len(w) == pytest.approx(expected.item(), rel=1e-12)


def test_labels_1_to_k_are_told_to_start_at_0_and_too_few_outputs_to_grow():
    loss = nn.CrossEntropyLoss()
    with pytest.raises(ValueError, match=r"labels must be in 0\.\.2, got values from 1 to 3; map the labels "
                                         r"1\.\.3 to 0\.\.2 with y - 1$"):
        loss(np.zeros((4, 3)), [1, 2, 3, 3])
    with pytest.raises(ValueError, match=r"got values from 0 to 3; the model has 3 outputs, one per class: "
                                         r"for 4 classes, give it 4$"):
        loss(np.zeros((4, 3)), [0, 1, 2, 3])
    # labels that were given no hint: numbered from 0, and as many outputs as they are classes
    with pytest.raises(ValueError, match=r"got values from -1 to 2; number the labels 0\.\.K-1 with classes, "
                                         r"y = np\.unique\(y, return_inverse=True\) \(label k is then "
                                         r"classes\[k\]\); the model has 3 outputs, one per class: for 4 "
                                         r"classes, give it 4$"):
        loss(np.zeros((4, 3)), [-1, 0, 1, 2])
    with pytest.raises(ValueError, match=r"got values from -1 to 1; map the labels -1/\+1 to 0/1 with "
                                         r"\(y \+ 1\) // 2$"):
        loss(np.zeros((4, 2)), [-1, 1, 1, -1])
    with pytest.raises(TypeError, match=r"labels must be numbers, got dtype <U3; number the labels 0\.\.K-1 "
                                        r"with classes, y = np\.unique\(y, return_inverse=True\)"):
        loss(np.zeros((4, 2)), ["no", "yes", "yes", "no"])


def test_a_label_past_the_largest_layer_is_not_told_to_grow_the_model_to_it():
    loss = nn.CrossEntropyLoss()  # MAX_SIZE: the most outputs a layer may have
    with pytest.raises(ValueError, match=rf"for {MAX_SIZE} classes, give it {MAX_SIZE}$"):
        loss(np.zeros((2, 3)), [0, MAX_SIZE - 1])
    with pytest.raises(ValueError, match=r"is no class index") as err:  # MAX_SIZE + 1 classes
        loss(np.zeros((2, 3)), [0, MAX_SIZE])
    assert "give it" not in str(err.value)


def test_one_hot_rows_of_a_split_that_lacks_a_class_are_told_to_pass_n_classes():
    y = np.array([0, 1, 1, 0])           # a split without class 2
    rows = neuralab.data.one_hot(y)    # (4, 2): one_hot's n_classes is max(y) + 1
    for loss in (nn.CrossEntropyLoss(), nn.MSELoss(), nn.BCELoss()):
        with pytest.raises(ValueError, match=r"target shape \(4, 2\) does not match prediction shape \(4, 3\) "
                                             r"\(one-hot rows of a set that lacks some of the 3 classes\? "
                                             r"data\.one_hot\(y, n_classes=3\) gives them all 3 columns\)"):
            loss(np.full((4, 3), 0.5), rows)
    nn.CrossEntropyLoss()(np.zeros((4, 3)), neuralab.data.one_hot(y, n_classes=3))   # the way given works
    with pytest.raises(ValueError, match=r"prediction shape \(4, 3\)$"):   # not one-hot: no such hint
        nn.MSELoss()(np.zeros((4, 3)), np.full((4, 2), 0.3))


@pytest.mark.parametrize("loss_cls, other", [
    (nn.BCELoss, r"; for 3 yes/no answers per sample, targets of shape \(4, 3\)"),
    (nn.BCEWithLogitsLoss, r"; for 3 yes/no answers per sample, targets of shape \(4, 3\)"),
    (nn.MSELoss, r", or one-hot rows: data\.one_hot\(y, n_classes=3\)"),
])
def test_class_labels_for_several_outputs_point_to_cross_entropy(loss_cls, other):
    # the model's end as well as the loss: "use cross_entropy" alone sent a Sigmoid model round a
    # circle of three messages (see test_advice_followed_literally)
    with pytest.raises(ValueError, match=rf"one class label per sample, for 3 outputs\? for one class out of "
                                         rf"3, end the model with Softmax or no activation, nn\.MLP\(\.\.\., "
                                         rf"output='softmax'\), and use loss='cross_entropy', which takes "
                                         rf"labels 0\.\.2{other}\)$"):
        loss_cls()(np.full((4, 3), 0.5), np.array([0, 2, 1, 1]))


def test_a_logits_loss_takes_the_output_of_an_empty_sequential_as_logits():
    # a model of no layers has no last layer to be a Sigmoid or a Softmax: its output is its
    # input, the logits given to it, and no model's output
    z = np.array([[2.0, -1.0], [0.5, 3.0], [-2.0, 0.0]])
    y = np.array([0, 1, 1])
    for loss, reference in [(nn.CrossEntropyLoss(), F.cross_entropy(tensor(z), torch.tensor(y))),
                            (nn.BCEWithLogitsLoss(), F.binary_cross_entropy_with_logits(
                                tensor(z[:, :1]), tensor(y[:, None].astype(float))))]:
        model = nn.Sequential()  # alive, as a user's model is: the loss looks its output up
        out = model(z if isinstance(loss, nn.CrossEntropyLoss) else z[:, :1])
        assert out is z or out.base is z
        assert not is_model_output(out)
        assert loss(out, y) == pytest.approx(reference.item(), rel=1e-12)


def test_cross_entropy_refuses_rows_of_text_without_a_mapping_it_cannot_give():
    # one label per sample gets its numbering; a (m, K) table of text has no one way to numbers
    with pytest.raises(TypeError, match=r"^CrossEntropyLoss: targets must be numbers, got text labels$"):
        nn.CrossEntropyLoss()(np.zeros((2, 2)), np.array([["a", "b"], ["b", "a"]]))


def test_an_empty_sequential_at_the_end_does_not_hide_a_sigmoid_or_softmax_from_a_logits_loss():
    # it did: the loss applied its own sigmoid on top of the model's, silently (fit strips the
    # activation before such an empty head: test_train's test of an empty head)
    x, y = np.ones((3, 2)), np.array([0, 1, 1])
    model = nn.Sequential(nn.Dense(2, 1), nn.Sigmoid(), nn.Sequential())
    with pytest.raises(ValueError, match=r"^BCEWithLogitsLoss takes logits and applies a sigmoid itself, "
                                         r"but pred is the output of a model that ends with Sigmoid"):
        nn.BCEWithLogitsLoss()(model(x), y)
    model = nn.Sequential(nn.Dense(2, 2), nn.Softmax(), nn.Sequential(nn.Sequential()))
    with pytest.raises(ValueError, match=r"^CrossEntropyLoss takes logits and applies a softmax itself"):
        nn.CrossEntropyLoss()(model(x), y)


def test_class_label_and_probability_row_checks_of_nn_labels():
    from neuralab.nn.labels import check_class_labels, check_probability_rows
    labels = check_class_labels(np.array([0.0, 2.0, 1.0]), 3, "CrossEntropyLoss")
    assert labels.dtype == np.int64 and labels.tolist() == [0, 2, 1]
    with pytest.raises(ValueError, match=r"^CrossEntropyLoss: labels must be in 0\.\.1, got values from 0 to 2"):
        check_class_labels(np.array([0, 2]), 2, "CrossEntropyLoss")
    rows = np.array([[0.5, 0.5], [0.0, 1.0]])
    assert check_probability_rows(rows, "CrossEntropyLoss") is rows
    with pytest.raises(ValueError, match="row 1 sums to 2"):
        check_probability_rows(np.array([[0.5, 0.5], [1.0, 1.0]]), "CrossEntropyLoss")
