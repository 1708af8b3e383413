"""HingeLoss, max(0, 1 - y·s) for labels -1/+1: value and dL/ds against PyTorch's autograd of the
same formula and scikit-learn's hinge_loss, in float64; gradcheck through a network; refusal of
other labels with the mapping, before any state changes; by name in fit."""
import numpy as np
import pytest
import torch
from sklearn.metrics import hinge_loss

import neuralab
from neuralab import data, nn, optim, train
from torch_reference import assert_close, tensor


def scores_and_signs(seed, shape):
    rng = np.random.default_rng(seed)
    return 2 * rng.standard_normal(shape), rng.choice([-1.0, 1.0], size=shape)


def torch_hinge(s, y, weight=None):
    """micrograd's ``(1 + -y*s).relu()``, averaged (weighted per sample: Σ w_i ℓ_i / Σ w_i, ℓ_i
    the mean over the sample's outputs), and its gradient by torch's autograd."""
    s = tensor(s, requires_grad=True)
    losses = torch.relu(1 - tensor(y) * s)
    if weight is None:
        value = losses.mean()
    else:
        per_sample = losses.reshape(len(losses), -1).mean(dim=1)
        value = (tensor(weight) * per_sample).sum() / tensor(weight).sum()
    value.backward()
    return value, s.grad


@pytest.mark.parametrize("shape", [(1,), (9,), (9, 1), (16, 3)])
@pytest.mark.parametrize("seed", [0, 1])
def test_value_and_gradient_are_torch_s(shape, seed, float64):
    s, y = scores_and_signs(seed, shape)
    loss = nn.HingeLoss()
    expected, grad = torch_hinge(s, y)
    assert loss(s, y) == pytest.approx(expected.item(), rel=1e-12)
    assert_close(loss.backward(), grad)


def test_weighted_mean_is_torch_s(float64):
    s, y = scores_and_signs(2, (12, 2))
    weight = np.random.default_rng(3).uniform(0, 2, 12)
    loss = nn.HingeLoss()
    expected, grad = torch_hinge(s, y, weight)
    assert loss(s, y, weight=weight) == pytest.approx(expected.item(), rel=1e-12)
    assert_close(loss.backward(), grad)


def test_one_output_is_scikit_learn_s_hinge_loss(float64):
    s, y = scores_and_signs(4, (50,))
    assert nn.HingeLoss()(s[:, None], y) == pytest.approx(hinge_loss(y, s), rel=1e-12)


def test_margin_reached_costs_nothing_and_pulls_no_more(float64):
    loss = nn.HingeLoss()
    # past the margin on the right side, at it (the kink: ReLU's 0), inside it, on the wrong side
    assert loss([[3.0], [1.0], [0.25], [-2.0]], [1, 1, 1, 1]) == pytest.approx((0 + 0 + 0.75 + 3) / 4)
    np.testing.assert_array_equal(loss.backward(), [[0.0], [0.0], [-0.25], [-0.25]])
    loss([[-3.0], [2.0]], [-1, -1])
    np.testing.assert_array_equal(loss.backward(), [[0.0], [0.5]])


def test_gradcheck_through_a_network(float64):
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=40, noise=0.1, seed=0)
    model = nn.MLP([2, 8, 1], activation="tanh")   # smooth: no ReLU kink between the differences
    assert train.gradcheck(model, "hinge", X, 2 * y - 1) < 1e-6


@pytest.mark.parametrize("target, says", [
    ([0, 1, 1], "got the labels 0, 1; map the labels 0/1 to -1/+1 with y = 2 * y - 1"),
    ([1, 2, 2], "got the labels 1, 2; map the two labels to -1/+1 with y = np.where(y == 2, 1, -1)"),
    ([-1, 0, 1], "got the labels -1, 0, 1"),
    ([0.2, 0.9, -1.0], "got values from -1 to 0.9"),
])
def test_other_labels_are_refused_with_the_mapping_and_the_cache_kept(target, says):
    loss = nn.HingeLoss()
    loss([[0.5], [2.0], [-1.0]], [1, 1, -1])
    before = loss.backward()
    with pytest.raises(ValueError) as caught:
        loss([[0.5], [0.5], [0.5]], target)
    assert str(caught.value) == f"HingeLoss: targets must be -1 or +1, {says}"
    np.testing.assert_array_equal(loss.backward(), before)


def test_fit_by_name_learns_the_moons_and_refuses_0_1_labels_before_a_step():
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=100, noise=0.1, seed=0)
    model = nn.MLP([2, 16, 16, 1])
    weights = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match="map the labels 0/1 to -1/\\+1 with y = 2 \\* y - 1"):
        model.fit(X, y, loss="hinge", optimizer="sgd", epochs=1, verbose=0)
    assert all(np.array_equal(w, p.data) for w, p in zip(weights, model.parameters()))
    y = 2 * y - 1
    history = model.fit(X, y, loss="hinge", optimizer=optim.Adam(model.parameters(), lr=0.02), epochs=100,
                        batch_size="full", verbose=0)
    assert history.history["loss"][-1] < 0.1 * history.history["loss"][0]
    assert np.mean(np.sign(model.predict(X)[:, 0]) == y) > 0.95   # a straight line gets about 0.86
