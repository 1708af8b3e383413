"""Dense, the activations and the plane features against torch in float64: forward values,
input gradients and parameter gradients under a random upstream gradient; then the standalone
``function`` / ``derivative`` against autograd, gradient accumulation, and refusal of bad input."""
import copy
import json
import re

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn, optim
from neuralab.io.load import SPEC_KEY
from torch_reference import assert_close, check_layer_against_torch, tensor, torch_linear

SEEDS = [0, 1, 2]
DENSE_SHAPES = [(1, 1, 1), (5, 3, 4), (32, 10, 7), (7, 1, 16), (3, 64, 2), (100, 20, 20)]
ACTIVATION_SHAPES = [(1,), (6,), (4, 5), (32, 3), (2, 3, 4)]


def random_input(rng, shape, scale=3.0):
    """Normal values of both signs, some far into saturation, and some exact zeros (where ReLU,
    LeakyReLU and Step switch branches)."""
    x = scale * rng.standard_normal(shape)
    x[rng.random(shape) < 0.15] = 0.0
    return x


def make_dense(rng, n_in, n_out, bias=True):
    layer = nn.Dense(n_in, n_out, bias=bias, rng=rng)
    if bias:  # biases start at zero, which would hide a wrong bias term
        layer.bias.data[:] = rng.standard_normal(n_out)
    return layer


# -- Dense ------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("m, n_in, n_out", DENSE_SHAPES)
@pytest.mark.parametrize("bias", [True, False])
def test_dense_matches_torch_linear(float64, m, n_in, n_out, bias, seed):
    rng = np.random.default_rng(seed)
    layer = make_dense(rng, n_in, n_out, bias)
    check_layer_against_torch(layer, rng.standard_normal((m, n_in)), rng)


def test_dense_shapes_and_dtype(float64):
    layer = nn.Dense(3, 5)
    assert layer.weight.shape == (5, 3) and layer.bias.shape == (5,)
    assert layer.weight.data.dtype == np.float64 and layer.bias.data.dtype == np.float64
    assert nn.Dense(3, 5, bias=False).bias is None
    assert layer(np.ones((2, 3))).shape == (2, 5)


def test_dense_accepts_integer_input(float64):
    layer = make_dense(np.random.default_rng(0), 3, 2)
    x = np.array([[1, 2, 3], [-4, 0, 5]])
    assert_close(layer(x), layer(x.astype(np.float64)))


def test_dense_passes_inf_and_nan_through_as_torch_linear(float64):
    # not refused: a diverging network's NaN reaches the loss, where fit reports the divergence
    rng = np.random.default_rng(0)
    layer = make_dense(rng, 3, 2)
    x = rng.standard_normal((3, 3))
    x[0, 1], x[1, 2] = np.inf, np.nan
    assert_close(layer(x), torch_linear(layer)(tensor(x)))


# -- activations as layers ----------------------------------------------------------------------
ELEMENTWISE = [nn.Identity(), nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.LeakyReLU(),
               nn.LeakyReLU(0.2), nn.LeakyReLU(0.0), nn.LeakyReLU(-0.5), nn.LeakyReLU(1.5)]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", ACTIVATION_SHAPES)
@pytest.mark.parametrize("layer", ELEMENTWISE, ids=repr)
def test_elementwise_activation_matches_torch(float64, layer, shape, seed):
    rng = np.random.default_rng(seed)
    check_layer_against_torch(layer, random_input(rng, shape), rng)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape, axis", [((5,), 0), ((5,), -1), ((4, 6), -1), ((4, 6), 1),
                                         ((4, 6), 0), ((1, 3), -1), ((2, 3, 4), -1),
                                         ((2, 3, 4), 1), ((2, 3, 4), 0)])
def test_softmax_matches_torch(float64, shape, axis, seed):
    rng = np.random.default_rng(seed)
    check_layer_against_torch(nn.Softmax(axis), random_input(rng, shape), rng)


@pytest.mark.parametrize("layer", [nn.Sigmoid(), nn.Tanh(), nn.Softmax()], ids=repr)
@pytest.mark.parametrize("big", [1e4, 1e30, 1e300])
def test_saturating_activations_are_stable(float64, layer, big):
    rng = np.random.default_rng(0)
    x = np.array([[-big, -1.0, 0.0, 1.0, big], [big, big, -big, 0.0, -big]])
    check_layer_against_torch(layer, x, rng)


@pytest.mark.parametrize("seed", SEEDS)
def test_step_is_heaviside_with_zero_gradient(float64, seed):
    rng = np.random.default_rng(seed)
    z = random_input(rng, (6, 5))
    step = nn.Step()
    a = step(z)
    assert_close(a, torch.heaviside(tensor(z), tensor(1.0)))  # a = 1 at z >= 0, so Step(0) = 1
    assert a[z == 0].size > 0 and (a[z == 0] == 1).all()
    assert_close(step.backward(rng.standard_normal(z.shape)), np.zeros_like(z))


# -- function / derivative on their own -------------------------------------------------------
DIFFERENTIABLE = {"identity": (nn.Identity(), lambda z: z), "sigmoid": (nn.Sigmoid(), torch.sigmoid),
                  "tanh": (nn.Tanh(), torch.tanh), "relu": (nn.ReLU(), torch.relu),
                  "leaky_relu(0.3)": (nn.LeakyReLU(0.3),
                                      lambda z: torch.nn.functional.leaky_relu(z, 0.3))}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_function_and_derivative_match_autograd(name, seed):
    activation, torch_fn = DIFFERENTIABLE[name]
    z = random_input(np.random.default_rng(seed), (7, 4))
    z_t = tensor(z, requires_grad=True)
    a_t = torch_fn(z_t)
    a_t.sum().backward()  # element-wise f, so d(Σ f)/dz_i = f'(z_i)
    assert_close(activation.function(z), a_t)
    assert_close(activation.derivative(z), z_t.grad)


def test_sigmoid_derivative_peaks_at_a_quarter():
    z = np.linspace(-10, 10, 2001)
    d = nn.Sigmoid().derivative(z)
    assert d.max() == pytest.approx(0.25) and z[d.argmax()] == 0


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(1,), (5,), (3, 4), (2, 3, 4)])
def test_softmax_derivative_is_the_jacobian(shape, seed):
    z = random_input(np.random.default_rng(seed), shape)
    full = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, -1), tensor(z))
    # full[i..., :, j..., :] couples sample i with sample j; a sample's own block is the Jacobian
    batch = shape[:-1]
    full = full.reshape(int(np.prod(batch)), shape[-1], int(np.prod(batch)), shape[-1])
    blocks = torch.stack([full[i, :, i, :] for i in range(full.shape[0])]).reshape(shape + shape[-1:])
    assert_close(nn.Softmax().derivative(z), blocks)


def test_softmax_derivative_along_axis_0():
    z = random_input(np.random.default_rng(0), (4, 3))  # 3 samples as columns, 4 classes
    full = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), tensor(z))
    blocks = torch.stack([full[:, j, :, j] for j in range(3)])
    assert_close(nn.Softmax(axis=0).derivative(z), blocks)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_of_its_own_function_backpropagates_through_its_jacobian_along_any_axis(float64, axis):
    """A subclass giving ``function`` and ``derivative`` runs the generic Jacobian forward and
    backward, which move ``axis`` last and back: a 3-D input tells the axes apart."""
    class SharpSoftmax(nn.Softmax):  # softmax(2z), whose Jacobian is 2 J(2z)
        def function(self, z):
            return super().function(2 * np.asarray(z))

        def derivative(self, z):
            return 2 * super().derivative(z)  # Softmax.derivative calls our function: J(2z)

    rng = np.random.default_rng(axis + 5)
    z, delta = random_input(rng, (2, 3, 4)), rng.standard_normal((2, 3, 4))
    z_t = tensor(z, requires_grad=True)
    a_t = torch.softmax(2 * z_t, dim=axis)
    a_t.backward(tensor(delta))
    layer = SharpSoftmax(axis)
    assert_close(layer.forward(z), a_t)
    assert_close(layer.backward(delta), z_t.grad)


@pytest.mark.parametrize("axis, shape", [(1, (6,)), (-2, (6,)), (2, (3, 4)), (0, ())])
def test_softmax_names_an_axis_the_input_does_not_have(axis, shape):
    # NumPy's AxisError from a swapaxes deep inside log_softmax named neither Softmax nor the shape
    layer = nn.Softmax(axis=axis)
    # a single number, as a learner tries for a plot, is told what softmax takes
    fix = "; softmax turns a vector of scores, one per class, into probabilities" if shape == () else "$"
    for call in (layer, layer.function, layer.derivative):
        with pytest.raises(ValueError, match=rf"Softmax\(axis={axis}\).*shape is {re.escape(str(shape))}{fix}"):
            call(np.ones(shape))


# -- plane features ------------------------------------------------------------------------------
# The playground's features of a point (x1, x2), written again in torch: autograd differentiates them
TORCH_PLANE_FEATURES = {"x1": lambda x1, x2: x1, "x2": lambda x1, x2: x2, "x1^2": lambda x1, x2: x1 ** 2,
                        "x2^2": lambda x1, x2: x2 ** 2, "x1*x2": lambda x1, x2: x1 * x2,
                        "sin(x1)": lambda x1, x2: torch.sin(x1), "sin(x2)": lambda x1, x2: torch.sin(x2)}
VALID_PLANE_FEATURES = re.escape("valid names: x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("names", [[name] for name in TORCH_PLANE_FEATURES]
                         + [["sin(x2)", "x1*x2", "x1", "x2^2", "sin(x1)", "x2", "x1^2"], ["x1^2", "x1*x2", "sin(x1)"]],
                         ids=repr)
def test_plane_features_match_autograd(float64, names, seed):
    # each feature alone (its own ∂f/∂x1 and ∂f/∂x2), and several summed by the chain rule in any order
    rng = np.random.default_rng(seed)
    x = random_input(rng, (9, 2))
    x_t = tensor(x, requires_grad=True)
    out_t = torch.stack([TORCH_PLANE_FEATURES[name](x_t[:, 0], x_t[:, 1]) for name in names], dim=1)
    grad_out = rng.standard_normal(out_t.shape)
    out_t.backward(tensor(grad_out))
    layer = nn.PlaneFeatures(names)
    assert_close(layer.forward(x), out_t)
    assert_close(layer.backward(grad_out), x_t.grad)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_plane_features_keep_the_inputs_dtype(dtype):
    layer = nn.PlaneFeatures(["x1^2", "sin(x2)"])
    x = np.array([[0.5, -2.0], [3.0, 1.0]], dtype)
    a = layer(x)
    assert a.dtype == dtype and layer.backward(np.ones_like(a)).dtype == dtype
    assert layer.backward(np.ones_like(a), input_grad=False) is None  # fit's first layer: nothing to compute
    np.testing.assert_array_equal(a, np.array([[0.25, np.sin(dtype(-2.0))], [9.0, np.sin(dtype(1.0))]], dtype))
    assert layer([[1, 2]]).dtype == neuralab.get_default_dtype()  # integers: the default dtype


def test_plane_features_in_a_model_take_points_and_round_trip_through_their_spec(float64):
    rng = np.random.default_rng(3)
    model = nn.Sequential(nn.PlaneFeatures(("sin(x1)", "x1*x2", "x2^2")), nn.Dense(3, 2, rng=rng))
    assert model.input_features() == 2 and model.num_parameters() == 8
    assert "PlaneFeatures(['sin(x1)', 'x1*x2', 'x2^2'])  (None, 3)" in model.summary(print_fn=None)
    spec = model.layers[0].to_spec()
    assert spec == {"type": "PlaneFeatures", "names": ["sin(x1)", "x1*x2", "x2^2"]}
    x = rng.standard_normal((5, 2))
    assert_close(nn.Layer.from_spec(spec)(x), model.layers[0](x))
    with pytest.raises(ValueError, match=r"^X has 3 features but the model.s first layer expects 2$"):
        model.predict(rng.standard_normal((5, 3)))


def test_plane_features_named_by_numpy_strings_keep_plain_ones_as_their_saved_model_does(tmp_path):
    """Names taken from an array are np.str_, whose repr is np.str_('x1'): kept as they came, the
    repr, the summary and the spec showed that, and the model loaded from its file 'x1'."""
    model = nn.Sequential(nn.PlaneFeatures(list(np.array(["x1", "x1*x2"]))), nn.Dense(2, 1))
    assert [type(name) for name in model[0].names] == [str, str]
    assert repr(model[0]) == "PlaneFeatures(['x1', 'x1*x2'])"
    assert model[0].to_spec() == {"type": "PlaneFeatures", "names": ["x1", "x1*x2"]}
    model.save(tmp_path / "plane.npz")
    assert neuralab.load(tmp_path / "plane.npz").summary(print_fn=None) == model.summary(print_fn=None)
    with pytest.raises(ValueError, match=r"^unknown plane feature 'x3' in names"):  # not np.str_('x3')
        nn.PlaneFeatures([np.str_("x3")])


@pytest.mark.parametrize("names, problem", [
    (["x1", "x3"], r"unknown plane feature 'x3' in names; "),
    (["x1²"], r"unknown plane feature 'x1²' in names; did you mean 'x1\^2'\? "),
    (["X1*X2"], r"unknown plane feature 'X1\*X2' in names; did you mean 'x1\*x2'\? "),
    ([None], r"unknown plane feature None in names; "),
    ([], r"names is empty: give at least one feature \("),
    (["x1^2", "x1", "x1^2"], r"names holds 'x1\^2' twice: each feature is one column, name it once \("),
    ("x1^2", r"names must be a list of feature names, e\.g\. \['x1', 'x2', 'x1\^2'\] \("),
    (None, r"names must be a list of feature names"),
])
def test_plane_features_refuse_bad_names_listing_the_valid_ones(names, problem):
    with pytest.raises(ValueError, match=f"^{problem}.*{VALID_PLANE_FEATURES}"):
        nn.PlaneFeatures(names)


@pytest.mark.parametrize("x, problem", [
    (np.ones((4, 3)), r"^PlaneFeatures takes points of the plane, rows \(x1, x2\) of shape \(batch, 2\), "
                      r"got \(4, 3\)$"),
    (np.ones((4, 1)), r"^PlaneFeatures takes points of the plane, .*got \(4, 1\)$"),
    ([[0.5, np.nan]], r"^input of PlaneFeatures contains NaN or inf \(first at index \(0, 1\)\)$"),
    ([[np.inf, 0.5]], r"^input of PlaneFeatures contains NaN or inf \(first at index \(0, 0\)\)$"),
    ([0.5, 1.0], r"^input of PlaneFeatures must have 2 dimensions, got shape \(2,\) \(one sample\? make it a row"),
    (np.ones((0, 2)), r"^input of PlaneFeatures is empty"),
    ([["a", "b"]], r"input of PlaneFeatures must be an array of real numbers"),
])
def test_plane_features_refuse_what_is_not_points_and_keep_their_last_pass(float64, x, problem):
    layer = nn.PlaneFeatures(["x1*x2", "x1"])
    points = np.array([[2.0, -3.0], [0.5, 4.0]])
    layer(points)
    with pytest.raises((ValueError, TypeError), match=problem):
        layer(x)
    delta = np.array([[1.5, -2.0], [0.25, 3.0]])
    # the pass of the points still: δx1 = x2·δ_1 + δ_2, δx2 = x1·δ_1
    assert_close(layer.backward(delta), np.array([[-3.0 * 1.5 - 2.0, 2.0 * 1.5], [4.0 * 0.25 + 3.0, 0.5 * 0.25]]))
    with pytest.raises(ValueError, match=r"^PlaneFeatures\.backward takes δ .*shape \(2, 2\); "
                                         r"got an array of shape \(2, 3\)$"):
        layer.backward(np.ones((2, 3)))


def test_plane_features_backward_before_forward_says_to_run_forward_first():
    with pytest.raises(ValueError, match=r"^PlaneFeatures\.backward before forward.*run layer\.forward\(x\) first"):
        nn.PlaneFeatures(["x1"]).backward(np.ones((4, 1)))


# -- gradients accumulate ------------------------------------------------------------------------
def backward_both(layer, reference, rng, m):
    """One backward pass of ``layer`` and of its torch twin on the same random input and upstream
    gradient; then their parameter gradients must agree."""
    x, grad_out = rng.standard_normal((m, layer.in_features)), rng.standard_normal((m, layer.out_features))
    layer(x)
    layer.backward(grad_out)
    reference(tensor(x)).backward(tensor(grad_out))
    assert_close(layer.weight.grad, reference.weight.grad)
    assert_close(layer.bias.grad, reference.bias.grad)


def test_dense_gradients_accumulate_until_zero_grad(float64):
    rng = np.random.default_rng(0)
    layer = make_dense(rng, 4, 3)
    reference = torch_linear(layer)
    for _ in range(2):  # two backward calls, different inputs and upstream gradients
        backward_both(layer, reference, rng, 5)
    layer.zero_grad()
    assert not layer.weight.grad.any() and not layer.bias.grad.any()
    assert layer.weight.grad.shape == (3, 4)


def test_backward_after_zero_grad_replaces_the_old_gradient(float64):
    """zero_grad is lazy (the next backward writes into .grad); the old values must not leak."""
    rng = np.random.default_rng(1)
    layer = make_dense(rng, 4, 3)
    layer(rng.standard_normal((5, 4)))
    layer.backward(rng.standard_normal((5, 3)))
    grad_array = layer.weight.grad
    layer.zero_grad()                     # not read in between: nothing is filled yet
    backward_both(layer, torch_linear(layer), rng, 6)
    assert layer.weight.grad is grad_array  # written in place: an optimizer's views stay valid


def test_parameter_accumulate_adds_until_zero_grad(float64):
    p = nn.Parameter(np.zeros((2, 3)))
    a, b = np.arange(4.0).reshape(2, 2), np.arange(6.0).reshape(2, 3)
    p.accumulate(np.matmul, a, b)
    p.accumulate(np.matmul, a, b)
    np.testing.assert_array_equal(p.grad, 2 * (a @ b))
    p.zero_grad()
    p.accumulate(np.multiply, b, 3.0)
    np.testing.assert_array_equal(p.grad, 3 * b)
    p.zero_grad()
    p.grad += 1.0                         # an in-place add on a zeroed gradient starts from zeros
    np.testing.assert_array_equal(p.grad, np.ones((2, 3)))


def test_parameter_add_grad_adds_until_zero_grad_and_keeps_its_array(float64):
    p = nn.Parameter(np.zeros((2, 3)))
    grad_array, g = p.grad, np.arange(6.0).reshape(2, 3)
    p.zero_grad()
    assert not p.has_grad
    p.add_grad(g)                         # after zero_grad: grad = g, copied into grad's array
    p.add_grad(g)                         # then grad += g
    np.testing.assert_array_equal(p.grad, 2 * g)
    assert p.grad is grad_array and p.has_grad
    np.testing.assert_array_equal(g, np.arange(6.0).reshape(2, 3))   # g itself untouched
    p.zero_grad()
    p.add_grad(-g)
    np.testing.assert_array_equal(p.grad, -g)


# -- bad input -----------------------------------------------------------------------------------
def test_dense_wrong_width_names_the_expected_shape():
    layer = nn.Dense(3, 2)
    with pytest.raises(ValueError, match=r"\(batch, 3\)"):
        layer(np.ones((4, 5)))


@pytest.mark.parametrize("x", [np.ones((2, 3, 3)), np.ones(3), np.float64(1.0), np.ones((0, 3))],
                         ids=["3-D", "1-D", "scalar", "empty"])
def test_dense_refuses_wrong_dimensions(x):
    with pytest.raises(ValueError, match="input of Dense"):
        nn.Dense(3, 2)(x)


@pytest.mark.parametrize("x", ["abc", [["a", "b", "c"]], [["1", "2", "3"]], [[1, None, 3]],
                               np.array([[1 + 2j, 0, 0]]), {"x": 1}],
                         ids=["str", "strings", "numeric strings", "None", "complex", "dict"])
def test_dense_refuses_non_numeric_input(x):
    with pytest.raises(TypeError, match="input of Dense"):
        nn.Dense(3, 2)(x)


def test_failed_forward_changes_nothing(float64):
    rng = np.random.default_rng(0)
    layer = make_dense(rng, 3, 2)
    x = rng.standard_normal((4, 3))
    layer(x)
    before = {name: p.data.copy() for name, p in layer.named_parameters()}
    for bad in (np.ones((4, 5)), np.ones((2, 3, 3)), "abc"):
        with pytest.raises((ValueError, TypeError)):
            layer(bad)
    assert layer.a_prev is x or np.array_equal(layer.a_prev, x)
    for name, p in layer.named_parameters():
        np.testing.assert_array_equal(p.data, before[name])


@pytest.mark.parametrize("size", [0, -1, 2.5, True, 10**7, "3", None])
@pytest.mark.parametrize("which", ["in_features", "out_features"])
def test_dense_refuses_bad_sizes(size, which):
    args = {"in_features": 3, "out_features": 2, which: size}
    with pytest.raises(ValueError, match=which):
        nn.Dense(**args)


@pytest.mark.parametrize("alpha", ["0.1", None, float("nan"), float("inf"), True])
def test_leaky_relu_refuses_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        nn.LeakyReLU(alpha)


@pytest.mark.parametrize("name", ["bogus", "ReLu ", None, ["relu"]])
def test_unknown_activation_name_lists_the_valid_names(name):
    with pytest.raises(ValueError, match="relu.*tanh|tanh.*relu") as info:
        nn.activations.get(name)
    for valid in ("identity", "step", "sigmoid", "leaky_relu", "softmax"):
        assert valid in str(info.value)


def test_a_near_miss_of_an_activation_name_gets_a_suggestion():
    with pytest.raises(ValueError, match=r"unknown activation 'ReLU'; did you mean 'relu'\?"):
        nn.activations.get("ReLU")
    with pytest.raises(ValueError, match=r"did you mean 'leaky_relu'\?"):
        nn.activations.get("leaky-relu")


@pytest.mark.parametrize("name, cls", [("relu", nn.ReLU), ("tanh", nn.Tanh), ("linear", nn.Identity),
                                       ("leaky_relu", nn.LeakyReLU), ("softmax", nn.Softmax)])
def test_activation_by_name_gives_a_new_layer(name, cls):
    a, b = nn.activations.get(name), nn.activations.get(name)
    assert type(a) is cls and a is not b


@pytest.mark.parametrize("alpha", [3.5e38, -1e6, 100.5])
def test_leaky_relu_refuses_a_slope_past_a_hundred_in_its_constructor_and_its_file(tmp_path, alpha):
    """α near float32's largest made a float32 model's outputs inf, or its derivative a
    FloatingPointError; a file holding it loaded."""
    problem = r"^alpha must be a number from -100 to 100, the slope for z < 0 \(torch's default 0\.01"
    with pytest.raises(ValueError, match=problem):
        nn.LeakyReLU(alpha)
    model = nn.Sequential(nn.Dense(2, 2), nn.LeakyReLU(0.2))
    model.save(tmp_path / "leaky.npz")
    with np.load(tmp_path / "leaky.npz") as saved:
        arrays = dict(saved)
    header = json.loads(arrays[SPEC_KEY].tobytes())
    header["spec"]["layers"][1]["alpha"] = alpha
    arrays[SPEC_KEY] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    np.savez(tmp_path / "crafted.npz", **arrays)
    with pytest.raises(ValueError, match="alpha must be a number from -100 to 100"):
        neuralab.load(tmp_path / "crafted.npz")


@pytest.mark.parametrize("alpha", [-100, -0.1, 1.5, np.float32(0.2), 100.0])
def test_leaky_relu_takes_any_finite_slope_like_torch(alpha):
    z = np.array([[-2.0, 3.0]])
    np.testing.assert_allclose(nn.LeakyReLU(alpha)(z), [[-2.0 * float(alpha), 3.0]], rtol=1e-7)


def test_leaky_relu_default_slope_is_torchs():
    z = np.array([[-2.0, 3.0, -0.5, 0.0]])
    np.testing.assert_allclose(nn.LeakyReLU()(z), torch.nn.LeakyReLU()(tensor(z)).numpy(), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_leaky_relu_with_a_slope_above_one_passes_the_largest_inputs_like_torch(dtype):
    """α·z is not the output where z > 0, so it is not computed there: with α = 2 it would
    overflow for z past half the float range (a warning, an error under conftest)."""
    z = np.array([[np.finfo(dtype).max, 3e38, 1.0, 0.0, -1.0]], dtype)
    z_t = torch.tensor(z, requires_grad=True)
    a_t = torch.nn.functional.leaky_relu(z_t, 2.0)
    a_t.sum().backward()
    layer = nn.LeakyReLU(2.0)
    np.testing.assert_array_equal(layer.function(z), a_t.detach().numpy())
    np.testing.assert_array_equal(layer.forward(z), a_t.detach().numpy())
    np.testing.assert_array_equal(layer.backward(np.ones_like(z)), z_t.grad.numpy())


def test_abstract_activation_is_not_a_spec_type():
    with pytest.raises(ValueError, match="unknown layer type 'Activation'"):
        nn.Layer.from_spec({"type": "Activation"})


def test_dense_refuses_a_huge_weight_matrix():
    with pytest.raises(ValueError, match="at most"):
        nn.Dense(1_000_000, 1_000_000)


# -- constructor arguments: checked by type, named in the error --------------------------------
DENSE = {"type": "Dense", "in_features": 3, "out_features": 2}


@pytest.mark.parametrize("spec, name", [
    ({"type": "Softmax", "axis": 7.9}, "axis"), ({"type": "Softmax", "axis": "1"}, "axis"),
    ({"type": "Softmax", "axis": True}, "axis"), ({"type": "Softmax", "axis": None}, "axis"),
    ({**DENSE, "bias": "no"}, "bias"), ({**DENSE, "bias": 1}, "bias"), ({**DENSE, "bias": None}, "bias"),
    ({"type": "LeakyReLU", "alpha": 10**400}, "alpha"),          # an int past the float range
], ids=["axis=7.9", "axis='1'", "axis=True", "axis=None", "bias='no'", "bias=1", "bias=None",
        "alpha=10**400"])
def test_spec_with_an_argument_of_the_wrong_kind_is_refused_naming_it(spec, name):
    with pytest.raises(ValueError, match=rf"\b{name} must be"):
        nn.Layer.from_spec(spec)


@pytest.mark.parametrize("make, name", [
    (lambda: nn.Softmax(axis=1.0), "axis"),
    (lambda: nn.Dense(3, 2, bias="no"), "bias"),
    (lambda: nn.Dense(3, 2, rng="seed"), "rng"),
    (lambda: nn.Dense(3, 2, rng=1.5), "rng"),
    (lambda: nn.Dropout(0.5, rng=np.random.RandomState(0)), "rng"),
    (lambda: nn.LeakyReLU("0.1"), "alpha"),
    (lambda: nn.BatchNorm1d(3, eps=None), "eps"),
    (lambda: nn.MLP([2, 3, 1], batchnorm=np.array([True, False])), "batchnorm"),
], ids=["axis", "bias", "rng-str", "rng-float", "dropout-rng", "alpha", "eps", "batchnorm"])
def test_constructor_argument_of_the_wrong_type_is_a_type_error_naming_it(make, name):
    with pytest.raises(TypeError, match=rf"\b{name} must be"):
        make()


def test_numpy_scalars_are_taken_like_python_ones():
    assert nn.Softmax(axis=np.int64(0)).axis == 0
    assert nn.Dense(3, 2, bias=np.bool_(False)).bias is None
    assert nn.Dropout(np.float32(0.25)).p == 0.25


# -- activations take array-likes, as NumPy's functions do ----------------------------------------
@pytest.mark.parametrize("layer", ELEMENTWISE + [nn.Step(), nn.Softmax()], ids=repr)
def test_activations_take_lists_like_arrays(layer):
    z, delta = [[1.5, -2.0, 0.0], [0.25, 3.0, -0.5]], np.arange(6.0).reshape(2, 3)
    for method in ("forward", "function") + (("derivative",) if not isinstance(layer, nn.Softmax) else ()):
        from_list, from_array = getattr(layer, method)(z), getattr(layer, method)(np.array(z))
        # an array, not the list handed back: assert_array_equal alone takes a list as equal
        assert isinstance(from_list, np.ndarray) and from_list.dtype == from_array.dtype
        np.testing.assert_array_equal(from_list, from_array)
    layer.forward(z)
    from_list = layer.backward(delta)
    layer.forward(np.array(z))
    np.testing.assert_array_equal(from_list, layer.backward(delta))


@pytest.mark.parametrize("layer", ELEMENTWISE + [nn.Step(), nn.Softmax()], ids=repr)
def test_activations_of_integers_are_floats_in_the_default_dtype(layer):
    out = layer.forward([[1, -2, 0]])
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, layer.forward(np.array([[1.0, -2.0, 0.0]], np.float32)))


@pytest.mark.parametrize("z", ["abc", [["1", "2"]], None, [[1, None]]], ids=repr)
@pytest.mark.parametrize("layer", [nn.ReLU(), nn.Sigmoid(), nn.LeakyReLU(), nn.Softmax()], ids=repr)
def test_activations_refuse_non_numbers_naming_the_input(layer, z):
    with pytest.raises(TypeError, match=f"input of {type(layer).__name__}"):
        layer.forward(z)
    with pytest.raises(TypeError, match="z must be"):
        layer.function(z)


def test_sigmoid_function_takes_a_list():
    np.testing.assert_allclose(nn.sigmoid([0, 1]), torch.sigmoid(torch.tensor([0.0, 1.0])).numpy())


# -- audit: learners' mistakes caught where they happen -------------------------------------------
def test_assigning_an_array_to_a_parameter_attribute_is_refused():
    # layer.weight = array silently took the weight out of parameters() and summary, and
    # forward then failed with "'memoryview' object has no attribute 'T'"
    model = nn.Sequential(nn.Dense(2, 1))
    for value in (np.array([[1.0, 2.0]]), [[1.0, 2.0]], None):
        with pytest.raises(TypeError, match=r"Dense\.weight is a Parameter.*layer\.weight\.data\[\.\.\.\] = value"):
            model[0].weight = value
    with pytest.raises(TypeError, match=r"BatchNorm1d\.bias is a Parameter"):
        nn.BatchNorm1d(2).bias = None
    assert [name for name, _ in model.named_parameters()] == ["0.weight", "0.bias"]
    nn.Dense(2, 1).weight = model[0].weight  # a Parameter (tied weights): fine
    model[0].bias = None              # a Dense layer without bias: fine, as bias=False builds it
    assert [name for name, _ in model.named_parameters()] == ["0.weight"] and model[0].config()["bias"] is False
    model[0].bias = np.zeros(1)       # no Parameter held: nothing to take out of the model
    nn.Dense(2, 1, bias=False).bias = nn.Parameter(np.zeros(1))


def test_the_parameters_of_a_layer_class_of_your_own_are_guarded_too(monkeypatch):
    monkeypatch.setattr(nn.spec, "REGISTRY", dict(nn.spec.REGISTRY))  # the class stays here

    class Scale(nn.Layer):
        def __init__(self, n, shift=True):
            self.scale = nn.Parameter(np.ones(n))
            if shift:                 # some instances never set it
                self.shift = nn.Parameter(np.zeros(n))

    layer = Scale(2)
    for name in ("scale", "shift"):
        with pytest.raises(TypeError, match=rf"Scale\.{name} is a Parameter"):
            setattr(layer, name, np.ones(2))
    assert not hasattr(Scale(2, shift=False), "shift")  # a class attribute would be found instead
    layer.shift = np.zeros(2)         # not guarded once an instance has no shift at all
    with pytest.raises(TypeError, match=r"Scale\.scale is a Parameter"):
        layer.scale = np.ones(2)


def test_parameter_data_is_always_a_float_array():
    # weight.data = an int array failed deep inside the optimizer ("Cannot cast array data from
    # float32 to int64"), a list in forward ("'list' object has no attribute 'T'")
    X, y = np.ones((8, 2)), np.ones(8)
    def step(model, loss, opt):
        loss(model.forward(X, training=True), y)
        model.backward(loss.backward())
        opt.step()
        opt.zero_grad()

    for value in (np.array([[1, 2]]), [[1.0, 2.0]], [[True, False]]):  # all float32, the weight's dtype
        model, loss = nn.Sequential(nn.Dense(2, 1)), nn.MSELoss()
        opt = optim.SGD(model.parameters(), lr=0.1)
        step(model, loss, opt)        # the optimizer's views are in place ...
        model[0].weight.data = value  # ... and are replaced
        assert type(model[0].weight.data) is np.ndarray and model[0].weight.data.dtype.kind == "f"
        before = model[0].weight.data.copy()
        step(model, loss, opt)
        assert not np.array_equal(model[0].weight.data, before)
    p = nn.Parameter(np.zeros(3), "weight")
    p.data = np.ones((2, 2))          # a Parameter of your own may change shape and dtype
    assert p.data.shape == (2, 2) and p.data.dtype == np.float64
    for value in ("abc", [None, 1.0], np.array([1j])):
        with pytest.raises(TypeError, match=r"^weight\.data must be"):
            p.data = value


def test_weights_typed_by_hand_take_the_dtype_of_the_parameter():
    # [[0.15, 0.2], ...] made the weight float64 (NumPy's default for Python floats) and [[1, 1]]
    # the next one float32: a model of two dtypes, which to_torch refuses and NumPy promotes
    model = nn.Sequential(nn.Dense(2, 2), nn.Sigmoid(), nn.Dense(2, 1))
    model[0].weight.data, model[0].bias.data = [[0.15, 0.20], [0.25, 0.30]], [0.35, 0.35]
    model[2].weight.data, model[2].bias.data = [[1, 1]], [0]
    model[0].weight.grad = [[0.5, 0.5], [0.5, 0.5]]
    assert {p.data.dtype for p in model.parameters()} == {p.grad.dtype for p in model.parameters()} \
        == {np.dtype(np.float32)}
    np.testing.assert_array_equal(model[0].weight.data, np.float32([[0.15, 0.20], [0.25, 0.30]]))
    assert model.forward(np.float32([[0.05, 0.10]])).dtype == np.float32  # the input's dtype, kept
    model.to(np.float64)
    model[2].weight.data = [[1, 2]]                          # integers: float64 too, not the default
    assert model[2].weight.data.dtype == np.float64
    model[2].weight.data = np.ones((1, 2), np.float32)       # an array of floats: its dtype is a choice
    assert model[2].weight.data.dtype == np.float32 and model[2].weight.grad.dtype == np.float32


@pytest.mark.parametrize("n_in, n_out, name, value, fix, fixed", [
    # a textbook's (n_in, n_out) matrix failed in forward with NumPy's "shapes (1,2) and (3,2) not
    # aligned"; the others were taken silently: a 1-D row made the output (m,) instead of (m, 1),
    # a number made it (m, n_in), and a scalar or column bias reached the optimizer as another shape
    (2, 3, "weight", [[1, 2, 3], [4, 5, 6]], r": the transpose of that\. A weight is \(out, in\) here, one row "
                                             r"per unit of the layer.*W\[j, i\] connects input i to unit j.*W\.T$",
     np.transpose),
    (2, 1, "weight", [0.4, 0.45], r"; it holds as many values: reshape it, np\.reshape\(value, \(1, 2\)\)$",
     lambda v: np.reshape(v, (1, 2))),
    (2, 1, "weight", 1, r"; to write one number into every entry .*: weight\.data\[\.\.\.\] = value$", "write in"),
    (2, 3, "bias", [[0.5], [0.5], [0.5]], r"; it holds as many values: reshape it, np\.reshape\(value, \(3,\)\)$",
     lambda v: np.reshape(v, (3,))),
    (2, 3, "bias", 0.5, r"; to write one number into every entry .*: bias\.data\[\.\.\.\] = value$", "write in"),
    (2, 3, "weight", np.ones((3, 4)), r"; a layer of another size is a new layer", None),
], ids=["transposed", "row as a vector", "number", "column bias", "number bias", "other size"])
def test_dense_weights_set_by_hand_keep_their_shape_and_a_wrong_one_gets_its_fix(n_in, n_out, name, value,
                                                                                   fix, fixed):
    layer = nn.Dense(n_in, n_out)
    parameter = getattr(layer, name)
    before, shape = parameter.data, parameter.shape
    with pytest.raises(ValueError, match=rf"^{name}\.data must keep its shape {re.escape(str(shape))}, "
                                         rf"got an array of shape {re.escape(str(np.shape(value)))}{fix}"):
        parameter.data = value
    assert parameter.data is before                       # nothing changed
    if fixed == "write in":                               # the fix the message names works
        parameter.data[...] = value
        assert (parameter.data == value).all()
    elif fixed is not None:
        parameter.data = fixed(value)
        np.testing.assert_array_equal(parameter.data, fixed(value))
    assert layer.forward(np.ones((4, n_in))).shape == (4, n_out)
    assert layer.num_parameters() == n_out * n_in + n_out  # n[l]·n[l-1] + n[l]


def test_a_dense_layer_keeps_its_fixed_shapes_through_load_and_copies(tmp_path):
    model = nn.MLP([2, 3, 1])
    model.save(tmp_path / "m.npz")
    for same in (neuralab.load(tmp_path / "m.npz"), copy.deepcopy(model)):
        with pytest.raises(ValueError, match=r"^weight\.data must keep its shape \(3, 2\)"):
            same[0].weight.data = np.ones((2, 3))


def test_a_dense_layer_takes_a_new_parameter_only_of_its_shape():
    # layer.weight = nn.Parameter(W) with W written (n_in, n_out) was taken, and forward failed later
    layer, other = nn.Dense(2, 3), nn.Dense(2, 3)
    before = layer.weight
    with pytest.raises(ValueError, match=r"^weight\.data must keep its shape \(3, 2\), got an array of shape "
                                         r"\(2, 3\): the transpose of that"):
        layer.weight = nn.Parameter(np.ones((2, 3)))
    assert layer.weight is before
    layer.weight = other.weight                           # tied: one Parameter of the same shape
    assert layer.weight is other.weight
    own = nn.Parameter(np.ones((3, 2)))                   # or replaced by one of your own, which keeps it
    layer.weight = own
    with pytest.raises(ValueError, match=r"^parameter\.data must keep its shape \(3, 2\)"):
        own.data = np.ones((2, 3))


@pytest.mark.parametrize("n_in, x, fix", [
    (2, [0.05, 0.10], r" \(one sample\? make it a row: np\.reshape\(x, \(1, -1\)\)\)$"),
    (1, [0.5, 1.5, 2.5], r" \(one feature per sample\? make it a column: np\.reshape\(x, \(-1, 1\)\)\)$"),
    (2, [1.0, 2.0, 3.0], r" \(samples are rows of 2 features: shape \(samples, 2\)\)$"),
    (4, np.ones((3, 2, 2)), r" \(flatten each sample: np\.reshape\(x, \(len\(x\), -1\)\)\)$"),
    (5, np.ones((3, 2, 2)), r"\(3, 2, 2\)$"),
], ids=["one sample", "one feature", "neither", "images", "3-D"])
def test_dense_input_of_one_dimension_gets_the_reshape_that_makes_it_rows(n_in, x, fix):
    # "input of Dense must have 2 dimensions, got shape (2,)" said what, not what to do
    with pytest.raises(ValueError, match=r"^input of Dense must have 2 dimensions, got shape .*" + fix):
        nn.Dense(n_in, 1)(x)
    with pytest.raises(ValueError, match=r"^layer 0 Dense\(2, 3\): input of Dense must have 2 dimensions, "
                                         r"got shape \(2,\) \(one sample\?"):
        nn.MLP([2, 3, 1])([0.05, 0.10])


@pytest.mark.parametrize("layer", [nn.Dense(3, 3), nn.ReLU(), nn.Sigmoid(), nn.Tanh(), nn.Softmax(),
                                   nn.LeakyReLU(), nn.Step(), nn.BatchNorm1d(3), nn.Dropout(0.5),
                                   nn.Standardize(3)],
                         ids=repr)
def test_backward_before_forward_says_to_run_forward_first(layer):
    with pytest.raises(ValueError, match=r"^\w+\.backward before forward.*run layer\.forward\(x\) first"):
        layer.backward(np.ones((4, 3)))
    layer.forward(np.ones((4, 3)))
    assert layer.backward(np.ones((4, 3))).shape == (4, 3)


# -- backward refuses a δ that is not an array of its forward output's shape ---------------------
EVERY_LAYER = [lambda: nn.Dense(3, 2), nn.ReLU, nn.Sigmoid, nn.Tanh, nn.Softmax, nn.LeakyReLU, nn.Step,
               nn.Identity, lambda: nn.BatchNorm1d(3), nn.Dropout, lambda: nn.Standardize(3)]


def given_delta(shape):
    """δs that backward must refuse for an output of ``shape`` (m, n), and how each is named:
    NumPy would broadcast the first two over the batch without a word."""
    m, n = shape
    return [(np.ones((1, n)), rf"an array of shape \(1, {n}\)"),
            (np.ones((m, 1)), rf"an array of shape \({m}, 1\)"),
            (np.ones((m, n + 1)), rf"an array of shape \({m}, {n + 1}\)"),
            (np.ones((n, m)), rf"an array of shape \({n}, {m}\)"),
            (np.ones(shape).tolist(), r"list \(make it an array: np\.asarray\)"),
            (np.ones(shape, complex), r"an array of dtype complex128 \(δ holds real numbers\)"),
            (2.5, r"float 2\.5 \(the loss's value\? backward needs its gradient\)")]


@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize("make", EVERY_LAYER, ids=lambda make: repr(make()))
def test_backward_refuses_a_delta_not_of_the_output_shape_naming_layer_shape_and_value(make, training):
    layer = make()
    a = layer.forward(np.random.default_rng(0).standard_normal((5, 3)), training=training)
    grads = [p.grad.copy() for p in layer.parameters()]
    for delta, given in given_delta(a.shape):
        expected = rf"^{type(layer).__name__}\.backward takes δ = dL/da .*shape \({a.shape[0]}, {a.shape[1]}\); got {given}$"
        with pytest.raises(ValueError, match=expected):
            layer.backward(delta)
    for before, p in zip(grads, layer.parameters(), strict=True):  # refused before any state changed
        np.testing.assert_array_equal(p.grad, before)
    assert layer.backward(np.ones(a.shape)).shape == (5, 3)


def test_dense_backward_of_a_list_or_of_its_input_shape_is_a_clear_error():
    # the reported cases: AttributeError 'list' object has no attribute 'T'; a raw broadcast error
    d = nn.Dense(3, 2)
    d.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"^Dense\.backward .*\(5, 2\); got list"):
        d.backward([[1, 1]] * 5)
    with pytest.raises(ValueError, match=r"^Dense\.backward .*\(5, 2\); got an array of shape \(5, 3\)$"):
        d.backward(np.ones((5, 3)))
    assert d.backward(np.ones((5, 2)), input_grad=False) is None


def test_sequential_backward_still_passes_each_layer_its_delta():
    model = nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dropout(0.2), nn.Dense(4, 2),
                          nn.Softmax())
    model.forward(np.ones((6, 3)), training=True)
    assert model.backward(np.ones((6, 2))).shape == (6, 3)
    model.forward(np.ones((6, 3)), training=True)
    assert model.backward(np.ones((6, 2)), input_grad=False) is None


def test_a_parameter_shows_its_name_shape_and_dtype():
    layer = nn.Dense(2, 3)
    assert repr(layer.weight) == "Parameter(name='weight', shape=(3, 2), dtype=float32)"
    assert repr(nn.Parameter(np.zeros(4))) == "Parameter(name='', shape=(4,), dtype=float64)"


def test_a_bias_given_rows_of_its_length_is_refused_as_another_shape_not_broadcast():
    # (2, 3) broadcasts with (3,) but only into (2, 3): neither a reshape nor a fill of the bias
    layer = nn.Dense(2, 3)
    before = layer.bias.data.copy()
    with pytest.raises(ValueError, match=r"^bias\.data must keep its shape \(3,\), got an array of shape "
                                         r"\(2, 3\); a layer of another size is a new layer \(e\.g\. "
                                         r"nn\.Dense\(in_features, out_features\)\)$"):
        layer.bias.data = np.zeros((2, 3))
    np.testing.assert_array_equal(layer.bias.data, before)


def test_summary_refuses_plane_features_placed_after_a_layer_that_is_no_point_of_the_plane():
    model = nn.Sequential(nn.Dense(4, 3), nn.PlaneFeatures(["x1", "x2"]))
    with pytest.raises(ValueError, match=r"^layer 1 PlaneFeatures\(\['x1', 'x2'\]\): PlaneFeatures takes "
                                         r"points of the plane, samples of shape \(2,\), got \(3,\)$"):
        model.summary(print_fn=None)
