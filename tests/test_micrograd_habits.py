"""The lines of micrograd's demo a learner writes first, each answered here: MLP(nin, nouts) with
the list it is here, sum(p*p) with the L2 penalty it is, p.data -= lr * p.grad updating the
weights in place, and a decision boundary of -1/+1 labels read from the sign of a score."""
import re

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, train
from neuralab.train import plots


def test_micrograd_s_mlp_call_is_answered_with_the_list():
    with pytest.raises(ValueError, match=r"micrograd's MLP\(nin, nouts\) is one list here, the input size "
                                         r"first: nn\.MLP\(\[2, 16, 16, 1\]\)$"):
        nn.MLP(2, [16, 16, 1])
    with pytest.raises(ValueError) as caught:   # a lone size, without micrograd's list, is not answered so
        nn.MLP(2)
    assert "micrograd" not in str(caught.value)


@pytest.mark.parametrize("square", [lambda p: p * p, lambda p: p ** 2])
def test_micrograd_s_l2_term_is_answered_with_the_penalty_it_is(square):
    model = nn.MLP([2, 4, 1], rng=0)
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(TypeError) as caught:
        sum(square(p) for p in model.parameters())
    assert str(caught.value).endswith(
        "micrograd's alpha * sum(p*p for p in model.parameters()) is train.L2(2 * alpha, include_bias=True): "
        "add penalty.value(model) to the loss, and call penalty.add_grad(model) after model.backward, which "
        "adds 2 * alpha * p.data to each p.grad")
    assert all(np.array_equal(b, p.data) for b, p in zip(before, model.parameters()))


def test_micrograd_s_total_loss_backward_is_answered_with_both_gradients():
    model = nn.MLP([2, 4, 1], rng=0)
    X, y = data.load("moons", n_samples=20, seed=0)
    hinge, l2 = nn.HingeLoss(), train.L2(2e-4, include_bias=True)
    data_loss = hinge(model.forward(X, training=True), 2 * y - 1)
    total_loss = data_loss + l2.value(model)
    assert total_loss == float(data_loss) + l2.value(model)
    with pytest.raises(TypeError, match=r"model\.backward\(loss\.backward\(\)\).* a term added to L, an L2 "
                                        r"penalty's value\(model\), gives its gradient by penalty\.add_grad\(model\)"):
        total_loss.backward()
    assert not any(p.has_grad for p in model.parameters())


def test_the_penalty_named_is_micrograd_s_term_and_its_gradient(float64):
    model = nn.MLP([2, 4, 1], rng=0)
    alpha = 1e-4
    penalty = train.L2(2 * alpha, include_bias=True)
    squares = sum(float((p.data ** 2).sum()) for p in model.parameters())
    assert penalty.value(model) == pytest.approx(alpha * squares, rel=1e-12)
    model.zero_grad()
    penalty.add_grad(model)
    for p in model.parameters():   # biases too, as micrograd's sum runs over every parameter
        np.testing.assert_allclose(p.grad, 2 * alpha * p.data, rtol=1e-12)


def test_micrograd_s_update_writes_the_weights_in_place():
    model = nn.MLP([2, 4, 1], rng=0)
    X, y = data.load("moons", n_samples=20, seed=0)
    loss = nn.HingeLoss()
    loss(model.forward(X, training=True), 2 * y - 1)
    model.zero_grad()
    model.backward(loss.backward())
    for p in model.parameters():
        expected = p.data - 0.5 * p.grad
        array = p.data
        p.data -= 0.5 * p.grad
        assert p.data is array   # the same array: a layer, an optimizer reading it sees the step
        np.testing.assert_array_equal(p.data, expected)


def _mesh(fig):
    ax = fig.axes[0]
    mesh = ax.collections[0]
    corners = mesh.get_coordinates()
    centres = ((corners[:-1, :-1] + corners[1:, 1:]) / 2).reshape(-1, 2)
    return mesh, centres


@pytest.mark.parametrize("as_given", [lambda s: s, np.sign, lambda s: s[:, 0]])
def test_a_decision_boundary_of_minus_one_plus_one_labels_reads_the_score_s_sign(as_given):
    # before, y = 2 * y - 1 was refused ("map -1/1 labels to 0/1") and a score, then, as no class
    X, y = data.load("moons", n_samples=60, seed=0)
    y = 2 * y - 1
    score = lambda points: 3 * points[:, :1] - 1        # one score per point, +1 where > 0
    fig = plots.decision_boundary(lambda points: as_given(score(points)), X, y, resolution=30,
                                  test=(X[:10], y[:10]))
    mesh, centres = _mesh(fig)
    np.testing.assert_array_equal(np.asarray(mesh.get_array()).ravel(), score(centres)[:, 0] > 0)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["-1", "+1"]
    right = np.mean((score(X)[:, 0] > 0) == (y > 0))
    assert ax.get_title() == f"accuracy: train {right:.3f}, test {np.mean((score(X[:10])[:, 0] > 0) == (y[:10] > 0)):.3f}"


def test_minus_one_plus_one_labels_with_probabilities_are_refused():
    X, y = data.load("moons", n_samples=30, seed=0)
    with pytest.raises(ValueError, match="with -1/\\+1 labels the model gives a score whose sign is the class"):
        plots.decision_boundary(lambda points: points[:, 0] > 0, X, 2 * y - 1, probabilities=True)


def test_the_demo_s_network_learns_the_moons_with_the_hinge_and_draws_them():
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=100, noise=0.1, seed=0)
    y = 2 * y - 1
    model = nn.MLP([2, 16, 16, 1])
    hinge, l2 = nn.HingeLoss(), train.L2(2e-4, include_bias=True)
    for k in range(100):
        total = hinge(model.forward(X, training=True), y) + l2.value(model)
        model.zero_grad()
        model.backward(hinge.backward())
        l2.add_grad(model)
        for p in model.parameters():
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
    assert total < 0.1
    fig = plots.decision_boundary(model.predict, X, y, resolution=40)
    accuracy = np.mean((model.predict(X)[:, 0] > 0) == (y > 0))
    assert accuracy > 0.95 and fig.axes[0].get_title() == f"accuracy {accuracy:.3f}"


@pytest.mark.parametrize("name, says", [
    ("HingeEmbeddingLoss", "a loss of distances, not the SVM's hinge; that one, max(0, 1 - y·s)"),
    ("MultiMarginLoss", "for two classes, nn.HingeLoss() (loss='hinge')"),
    ("Hinge", "nn.HingeLoss() is Keras's Hinge() (loss='hinge' in fit), on labels -1/+1"),
])
def test_other_libraries_hinge_losses_are_answered_with_this_one(name, says):
    with pytest.raises(AttributeError, match=rf"^neuralab\.nn has no {name}: .*{re.escape(says)}"):
        getattr(nn, name)
