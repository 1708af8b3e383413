"""A learner's checks by hand: a worked example's network set up weight by weight, through one
forward pass, the loss, backpropagation and a step of gradient descent, against the numbers
that the example prints; and the course's formulas against the library, one at a time."""
import numpy as np
import pytest

from neuralab import nn, optim


def test_a_worked_example_of_backpropagation_step_by_step(float64):
    # Matt Mazur's "A Step by Step Backpropagation Example" (2015): a 2-2-2 sigmoid network,
    # E = Σ ½(target - out)², which is MSELoss (the mean over the 2 outputs of one sample), and
    # one step of η = 0.5 with every gradient taken at the old weights. w1..w8 in its numbering:
    # W[j, i] connects input i to unit j, so W1 = [[w1, w2], [w3, w4]].
    model = nn.Sequential(nn.Dense(2, 2), nn.Sigmoid(), nn.Dense(2, 2), nn.Sigmoid())
    model[0].weight.data, model[0].bias.data = [[0.15, 0.20], [0.25, 0.30]], [0.35, 0.35]
    model[2].weight.data, model[2].bias.data = [[0.40, 0.45], [0.50, 0.55]], [0.60, 0.60]
    x, target = [[0.05, 0.10]], [[0.01, 0.99]]

    out = model.forward(x, training=True)
    close = {"rtol": 0, "atol": 5e-9}                     # the example prints 8 or 9 decimals
    np.testing.assert_allclose(out, [[0.75136507, 0.772928465]], **close)
    loss = nn.MSELoss()
    assert loss(out, target) == pytest.approx(0.298371109, rel=1e-8)
    model.backward(loss.backward())
    assert model[2].weight.grad[0, 0] == pytest.approx(0.082167041, rel=1e-7)   # ∂E/∂w5
    optim.SGD(model.parameters(), lr=0.5).step()
    np.testing.assert_allclose(model[2].weight.data, [[0.35891648, 0.408666186],
                                                      [0.511301270, 0.561370121]], **close)
    np.testing.assert_allclose(model[0].weight.data, [[0.149780716, 0.19956143],
                                                      [0.24975114, 0.29950229]], **close)


def test_one_layer_backward_is_the_courses_equations(float64):
    # z = W a + b for each sample (a row); δ given: dW = δᵀ a_prev, db = Σ δ, δ_prev = δ W
    layer = nn.Dense(2, 3)
    layer.weight.data, layer.bias.data = [[1, 2], [3, 4], [5, 6]], [0.5, -0.5, 0]
    a_prev, delta = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0]])
    np.testing.assert_array_equal(layer.forward(a_prev), [[5.5, 10.5, 17.0], [1.5, 4.5, 9.0]])
    np.testing.assert_array_equal(layer.backward(delta), delta @ layer.weight.data)
    np.testing.assert_array_equal(layer.weight.grad, delta.T @ a_prev)
    np.testing.assert_array_equal(layer.bias.grad, delta.sum(axis=0))


@pytest.mark.parametrize("z", [0, 2, -3, 0.5, [0, 1, -1], np.array(1.5), 40.0, -40.0])
def test_activation_derivatives_are_the_courses_formulas(float64, z):
    s, t = nn.Sigmoid().function(z), nn.Tanh().function(z)
    np.testing.assert_allclose(nn.Sigmoid().derivative(z), s * (1 - s), rtol=1e-12)   # σ' = σ(1 - σ)
    np.testing.assert_allclose(nn.Tanh().derivative(z), 1 - t ** 2, rtol=1e-12)       # tanh' = 1 - tanh²
    z = np.asarray(z, float)
    np.testing.assert_array_equal(nn.ReLU().derivative(z), z > 0)                       # ReLU'(0) = 0
    np.testing.assert_array_equal(nn.LeakyReLU(0.1).derivative(z), np.where(z > 0, 1, 0.1))
    np.testing.assert_array_equal(nn.Step().function(z), z >= 0)                        # step(0) = 1
    np.testing.assert_array_equal(nn.Step().derivative(z), 0 * z)


def test_parameter_counts_are_n_l_times_n_l_minus_1_plus_n_l():
    sizes = [2, 3, 2]
    text = nn.MLP(sizes, activation="sigmoid").summary(print_fn=None)
    counts = [n * n_prev + n for n_prev, n in zip(sizes, sizes[1:])]           # 9 and 8
    assert text.splitlines()[-1] == f"Total parameters: {sum(counts)}"
    assert [line.split()[-1] for line in text.splitlines() if "Dense" in line] == [str(c) for c in counts]
