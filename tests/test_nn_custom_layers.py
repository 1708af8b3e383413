"""A learner writing their own layer: a subclass of a built-in activation with its own formulas,
parameters and layers kept in dicts, a layer that changes the width, a PyTorch-style forward,
a backward that returns the wrong δ, and an activation of their own given to MLP. Each was
silently wrong or failed with an error that named the wrong layer, or none."""
import inspect
import re

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn
from neuralab.train import gradcheck


@pytest.fixture(autouse=True)
def own_registry(monkeypatch):
    """The classes defined in these tests register under their names: only for the test."""
    monkeypatch.setattr(nn.spec, "REGISTRY", dict(nn.spec.REGISTRY))


def _z(z):
    return np.asarray(z, dtype=float)


# -- 1. a subclass of a built-in activation that gives its own function / derivative ---------

def test_a_subclass_that_overrides_function_computes_it():
    # layer(9) was 9: ReLU's fast forward never called self.function, and gradcheck agreed
    class ReLU6(nn.ReLU):
        def function(self, z):
            return np.clip(_z(z), 0, 6)

        def derivative(self, z):
            z = _z(z)
            return ((z > 0) & (z < 6)).astype(z.dtype)

    layer = ReLU6()
    np.testing.assert_array_equal(layer(np.array([[9.0, -1.0, 3.0]])), [[6.0, 0.0, 3.0]])
    np.testing.assert_array_equal(layer.backward(np.ones((1, 3))), [[0.0, 0.0, 1.0]])
    model = nn.Sequential(nn.Dense(3, 4, rng=np.random.default_rng(0)), ReLU6()).to(np.float64)
    X = 8 * np.random.default_rng(1).standard_normal((6, 3))
    assert gradcheck(model, None, X) < 1e-6


@pytest.mark.parametrize("base", [nn.Identity, nn.Sigmoid, nn.Tanh, nn.ReLU, nn.LeakyReLU])
def test_every_builtin_follows_a_subclass_function_and_derivative(base):
    # Identity's backward ignored derivative; Sigmoid's, Tanh's and ReLU's both
    class Twice(base):
        def function(self, z):
            return 2 * base.function(self, z)

        def derivative(self, z):
            return 2 * base.derivative(self, z)

    x = np.random.default_rng(0).standard_normal((4, 3))
    delta = np.random.default_rng(1).standard_normal((4, 3))
    layer, reference = Twice(), base()
    np.testing.assert_allclose(layer.forward(x), 2 * reference.forward(x))
    reference.forward(x)
    np.testing.assert_allclose(layer.backward(delta), 2 * reference.backward(delta))
    assert gradcheck(Twice(), None, x) < 1e-7


def test_a_subclass_that_overrides_only_the_derivative_gets_it_in_backward():
    class StraightThroughReLU(nn.ReLU):  # forward ReLU, backward as if the identity
        def derivative(self, z):
            return np.ones_like(_z(z))

    layer = StraightThroughReLU()
    np.testing.assert_array_equal(layer.forward(np.array([[-2.0, 3.0]])), [[0.0, 3.0]])
    np.testing.assert_array_equal(layer.backward(np.array([[5.0, 7.0]])), [[5.0, 7.0]])


@pytest.mark.parametrize("axis", [-1, 0])
def test_a_softmax_with_a_temperature_matches_torch(axis):
    # Softmax's backward used a(δ - Σ a δ), the derivative of the plain softmax, whatever the
    # subclass's function: the gradient was twice too large here
    class HotSoftmax(nn.Softmax):
        def function(self, z):
            return super().function(_z(z) / 2)

        def derivative(self, z):
            return super().derivative(z) / 2

    rng = np.random.default_rng(0)
    x, delta = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    layer = HotSoftmax(axis=axis)
    t = torch.tensor(x, requires_grad=True)
    expected = torch.softmax(t / 2, dim=axis)
    expected.backward(torch.tensor(delta))
    np.testing.assert_allclose(layer.forward(x), expected.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.backward(delta), t.grad.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("axis", [-1, 0])
def test_a_softmax_of_your_own_with_an_unsymmetric_jacobian_matches_torch(axis):
    # a = z / Σz: J_ij = da_i/dz_j = (1[i = j] S - z_i) / S² is not symmetric, so backward must be
    # Jᵀδ, not Jδ (a softmax's Jacobian is symmetric, and so was every other subclass tested)
    class SumNormalise(nn.Softmax):
        def function(self, z):
            z = _z(z)
            return z / z.sum(axis=self.axis, keepdims=True)

        def derivative(self, z):   # the axis last, as Softmax.derivative gives J
            z = np.moveaxis(_z(z), self.axis, -1)
            S = z.sum(axis=-1, keepdims=True)[..., None]
            return (np.eye(z.shape[-1]) * S - z[..., :, None]) / S ** 2

    rng = np.random.default_rng(0)
    x, delta = rng.uniform(1, 2, (5, 4)), rng.standard_normal((5, 4))
    t = torch.tensor(x, requires_grad=True)
    expected = t / t.sum(dim=axis, keepdim=True)
    expected.backward(torch.tensor(delta))
    layer = SumNormalise(axis=axis)
    np.testing.assert_allclose(layer.forward(x), expected.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.backward(delta), t.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_a_forward_or_backward_of_your_own_stays():
    class Squash(nn.Tanh):
        def function(self, z):
            return np.tanh(_z(z)) / 2

        def forward(self, x, training=False):  # a fast forward of its own, keeping z
            self.z = _z(x)
            return np.tanh(self.z) / 2

    class WrongTanh(nn.Tanh):  # overrides backward alone: Tanh's fast forward is still right
        def backward(self, grad_out):
            return grad_out

    assert Squash.forward is not nn.Activation.forward and Squash.backward is nn.Activation.backward
    assert WrongTanh.forward is nn.Tanh.forward
    assert nn.ReLU.forward is not nn.Activation.forward  # the built-ins keep their fast paths
    assert gradcheck(nn.Sequential(nn.Dense(2, 3), nn.Tanh(), nn.Dense(3, 1)).to(np.float64), None,
                     np.ones((2, 2))) < 1e-7

    class Forgets(nn.Sigmoid):  # its forward keeps no z for Activation's backward
        def function(self, z):
            return _z(z)

        def forward(self, x, training=False):
            return _z(x)

    layer = Forgets()
    layer.forward(np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"Forgets\.backward is Activation's.*set self\.z = z in forward"):
        layer.backward(np.ones((2, 2)))


# -- 2. parameters and layers kept in dicts ----------------------------------------------------

class Affine(nn.Layer):
    """a = a_prev · Wᵀ + b, its parameters in a dict, and no in_features: a learner's Dense."""

    def __init__(self, n_in, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.n_in, self.n_out, self.seed = n_in, n_out, seed
        dtype = nn.get_default_dtype()  # a float64 array beside float32 layers is refused by fit
        self.p = {"W": nn.Parameter((rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)).astype(dtype)),
                  "b": nn.Parameter(np.zeros(n_out, dtype))}
        self.options = {"note": "not a parameter"}  # a dict of anything else is left alone

    def forward(self, x, training=False):
        self.a_prev = x
        return x @ self.p["W"].data.T + self.p["b"].data

    def backward(self, grad_out):
        self.p["W"].grad += grad_out.T @ self.a_prev
        self.p["b"].grad += grad_out.sum(axis=0)
        return grad_out @ self.p["W"].data

    def config(self):
        return {"n_in": self.n_in, "n_out": self.n_out, "seed": self.seed}


class Blocks(nn.Layer):
    """Two layers kept in a dict, as torch's ModuleDict holds them."""

    def __init__(self):
        self.blocks = {"enc": nn.Dense(5, 3), "dec": Affine(3, 5, seed=1)}

    def forward(self, x, training=False):
        return self.blocks["dec"].forward(self.blocks["enc"].forward(x))

    def backward(self, grad_out):
        return self.blocks["enc"].backward(self.blocks["dec"].backward(grad_out))


def _dict_model():
    return nn.Sequential(Affine(2, 5), nn.Tanh(), Blocks(), nn.Tanh(), nn.Dense(5, 1))


def test_parameters_kept_in_dicts_are_named_as_torch_names_a_parameterdict_and_a_moduledict():
    # they were in no parameters(): not trained, not checked, not saved
    class TorchAffine(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.p = torch.nn.ParameterDict({"W": torch.nn.Parameter(torch.ones(5, 2)),
                                             "b": torch.nn.Parameter(torch.ones(5))})

    class TorchBlocks(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = torch.nn.ModuleDict({"enc": torch.nn.Linear(5, 3),
                                               "dec": torch.nn.Module()})
            self.blocks["dec"].p = torch.nn.ParameterDict({"W": torch.nn.Parameter(torch.ones(5, 3)),
                                                           "b": torch.nn.Parameter(torch.ones(5))})

    model = _dict_model()
    reference = torch.nn.Sequential(TorchAffine(), torch.nn.Tanh(), TorchBlocks(), torch.nn.Tanh(),
                                    torch.nn.Linear(5, 1))
    names = [name for name, _ in model.named_parameters()]
    assert names == ["0.p.W", "0.p.b", "2.blocks.enc.weight", "2.blocks.enc.bias",
                     "2.blocks.dec.p.W", "2.blocks.dec.p.b", "4.weight", "4.bias"]
    assert names == [name for name, _ in reference.named_parameters()]
    assert [path for path, _ in model.named_layers()] == [
        path for path, module in reference.named_modules()
        if not isinstance(module, (torch.nn.ModuleDict, torch.nn.ParameterDict))]


def test_parameters_kept_in_dicts_are_trained_checked_and_saved(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((32, 2))
    y = np.sin(X[:, :1]) + X[:, 1:]
    model = _dict_model().to(np.float64)
    before = {name: p.data.copy() for name, p in model.named_parameters()}
    history = model.fit(X, y, loss="mse", optimizer="adam", epochs=20, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert all(not np.array_equal(p.data, before[name]) for name, p in model.named_parameters())
    worst, errors = gradcheck(model, nn.MSELoss(), X[:4], y[:4], details=True)
    assert {"0.p.W", "2.blocks.dec.p.b"} <= set(errors) and worst < 1e-6
    loaded = neuralab.load(model.save(tmp_path / "m"))  # gave fresh weights: Affine's seeds
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_a_converter_that_keeps_the_dict_exports_it_under_the_same_names(monkeypatch):
    from neuralab.io import TORCH_EXPORTERS, to_torch

    class TorchAffine(torch.nn.Module):
        def __init__(self, layer):
            super().__init__()
            self.p = torch.nn.ParameterDict({key: torch.nn.Parameter(torch.from_numpy(p.data.copy()))
                                             for key, p in layer.p.items()})

        def forward(self, x):
            return x @ self.p["W"].T + self.p["b"]

    monkeypatch.setitem(TORCH_EXPORTERS, Affine, lambda layer, torch: TorchAffine(layer))
    model = nn.Sequential(Affine(2, 3), nn.Tanh()).to(np.float64)
    module = to_torch(model)
    assert list(module.state_dict()) == [name for name, _ in model.named_parameters()] == ["0.p.W", "0.p.b"]
    X = np.random.default_rng(0).standard_normal((4, 2))
    np.testing.assert_allclose(module(torch.from_numpy(X)).detach().numpy(), model.predict(X), rtol=1e-12)
    # a converter that names them otherwise is refused, with both lists of names
    monkeypatch.setitem(TORCH_EXPORTERS, Affine, lambda layer, torch: torch.nn.Linear(2, 3, dtype=torch.float64))
    with pytest.raises(RuntimeError, match=r"\['weight', 'bias'\].*'(0\.)?p\.W', '(0\.)?p\.b'"):
        to_torch(model)


@pytest.mark.parametrize("key", [0, "", "a.b"])
def test_a_dict_key_that_cannot_be_a_name_is_refused(key):
    class Keyed(nn.Layer):
        def __init__(self):
            self.p = {key: nn.Parameter(np.ones(2))}

    with pytest.raises(ValueError, match=rf"^Keyed\.p holds a Parameter under the key {re.escape(repr(key))}: "
                                         rf".*non-empty strings without '\.'"):
        Keyed().parameters()


# -- 3. a layer that changes the width ---------------------------------------------------------

def test_a_layer_of_your_own_that_changes_the_width_leaves_it_unknown():
    # input_features() skipped Affine as if it kept the width and said 5: fit and predict
    # refused the right X ("the model's first layer expects 5"), summary made up the shapes
    model = nn.Sequential(Affine(3, 5), nn.Tanh(), nn.Dense(5, 1), nn.Sigmoid())
    assert model.input_features() is None
    X = np.random.default_rng(0).standard_normal((16, 3))
    y = (X[:, :1] > 0).astype(float)
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=2, verbose=0)
    assert model.predict(X).shape == (16, 1)
    text = model.summary(print_fn=None)  # no input width: "?", and the line that says why
    rows = [line for line in text.splitlines() if re.match(r"\d  ", line)]
    assert len(rows) == 4 and all(re.search(r"  \?  ", row) for row in rows), text
    assert "Total parameters: 26" in text and "(layer 0, Affine, declares no in_features)" in text
    # given the width, summary runs Affine on one sample for its shape, rather than making it up
    assert re.findall(r"\(None, \d\)", model.summary(input_features=3, print_fn=None)) == [
        "(None, 5)", "(None, 5)", "(None, 1)", "(None, 1)"]
    assert nn.Sequential(nn.Sequential(nn.ReLU()), Affine(3, 5), nn.Dense(5, 1)).input_features() is None
    assert nn.Sequential(nn.Sequential(nn.ReLU()), nn.Dropout(), nn.Dense(4, 1)).input_features() == 4


def test_a_layer_that_declares_its_width_gets_the_checks():
    class Declared(Affine):
        @property
        def in_features(self):
            return self.n_in

        def output_shape(self, input_shape):
            return (self.n_out,)

    class Scale(nn.Layer):  # keeps the shape, and says so
        keeps_shape = True

        def forward(self, x, training=False):
            return 2 * x

    model = nn.Sequential(Scale(), Declared(3, 5), nn.Tanh(), nn.Dense(5, 1))
    assert model.input_features() == 3
    assert re.findall(r"\(None, \d\)", model.summary(print_fn=None)) == ["(None, 3)", "(None, 5)",
                                                                       "(None, 5)", "(None, 1)"]
    with pytest.raises(ValueError, match="expects 3"):
        model.predict(np.ones((2, 5)))
    assert nn.Layer().output_shape((4,)) is None and nn.ReLU().output_shape((4,)) == (4,)


# -- 4. a PyTorch-style forward ----------------------------------------------------------------

def test_a_forward_without_training_is_refused_when_the_class_is_defined():
    # it failed at the first Sequential forward with Python's "forward() got an unexpected
    # keyword argument 'training'", naming no layer
    with pytest.raises(TypeError, match=re.escape("TorchStyle.forward must take a training argument: "
                                                  "define it as def forward(self, x, training=False)")):
        class TorchStyle(nn.Layer):
            def forward(self, x):
                return x

    assert "TorchStyle" not in nn.spec.REGISTRY
    with pytest.raises(TypeError, match=r"NoneForward.forward must be a method, def forward\(self, x, "
                                        r"training=False\), got NoneType$"):
        class NoneForward(nn.Layer):
            forward = None

    class Keywords(nn.Layer):
        def forward(self, x, **kwargs):
            return x

    class KeywordOnly(nn.Layer):
        def forward(self, x, *, training):
            return x

    out = nn.Sequential(Keywords(), KeywordOnly()).forward(np.ones((1, 2)), training=True)
    np.testing.assert_array_equal(out, np.ones((1, 2)))


class _OwnCompiledForward:
    """A forward as a compiled extension gives it: callable, but with no signature inspect can
    read (inspect.signature raises ValueError, as for the builtin max)."""

    @property
    def __signature__(self):
        raise ValueError("no signature found for builtin")

    def __call__(self, layer, x, training=False):
        return 3 * x if training else 2 * x


def test_a_forward_whose_signature_cannot_be_read_is_taken_on_trust():
    # the check failed at the class definition with inspect's ValueError, which names no layer
    with pytest.raises(ValueError):
        inspect.signature(_OwnCompiledForward())

    class OwnCompiled(nn.Layer):
        forward = _OwnCompiledForward()

        def backward(self, grad):
            return 2 * grad

    model = nn.Sequential(OwnCompiled())
    np.testing.assert_array_equal(model.predict(np.ones((1, 2))), np.full((1, 2), 2.0))
    np.testing.assert_array_equal(model.forward(np.ones((1, 2)), training=True), np.full((1, 2), 3.0))


# -- 5. backward names the layer at fault -----------------------------------------------------

def test_a_backward_that_returns_a_wrong_delta_is_named():
    # the message named only the Dense that refused the δ, not the layer that returned it
    class FirstRowOnly(Affine):
        def backward(self, grad_out):
            return super().backward(grad_out)[:1]

    model = nn.Sequential(nn.Dense(2, 3), FirstRowOnly(3, 3), nn.Tanh())
    out = model.forward(np.ones((4, 2)), training=True)
    with pytest.raises(ValueError, match=re.escape(
            "layer 0 Dense(2, 3): Dense.backward takes δ = dL/da for the output a of its last forward "
            "pass: an ndarray of a's shape (4, 3); got an array of shape (1, 3); that δ is what the "
            "layer after it, layer 1 FirstRowOnly(n_in=3, n_out=3, seed=0), returned from its backward")):
        model.backward(np.ones_like(out))


@pytest.mark.parametrize("returned, given", [(lambda g: None, "NoneType"), (lambda g: g[:1], "shape (1, 3)"),
                                             (lambda g: g.T, "shape (3, 4)")], ids=["None", "a row", "transposed"])
def test_a_first_layer_returning_no_gradient_of_the_inputs_shape_is_named(returned, given):
    # the model's own backward handed it on as dL/dx: None, one row broadcast later, a transpose
    class Returning(Affine):
        def backward(self, grad_out):
            return returned(super().backward(grad_out))

    model = nn.Sequential(Returning(3, 3), nn.Tanh())
    out = model.forward(np.ones((4, 3)), training=True)
    with pytest.raises(ValueError, match=re.escape(
            f"layer 0 Returning(n_in=3, n_out=3, seed=0): Returning.backward returned {given} for dL/dx, which "
            f"must be an ndarray of the input's shape (4, 3)")):
        model.backward(np.ones_like(out))


def test_a_numpy_error_inside_a_backward_names_the_layer_even_nested():
    class Broken(Affine):
        def backward(self, grad_out):
            return grad_out[:, :2] * self.a_prev  # (4, 2) * (4, 3)

    model = nn.Sequential(nn.Dense(2, 3), nn.Sequential(nn.Tanh(), Broken(3, 3)), nn.Tanh())
    out = model.forward(np.ones((4, 2)), training=True)
    with pytest.raises(ValueError, match=re.escape("layer 1.1 Broken(n_in=3, n_out=3, seed=0): operands "
                                                   "could not be broadcast together")):
        model.backward(np.ones_like(out))


# -- 6. MLP with an activation layer -----------------------------------------------------------

def test_mlp_says_how_to_use_an_activation_of_your_own():
    class Softplus(nn.Activation):
        def function(self, z):
            return np.logaddexp(0, _z(z))

        def derivative(self, z):
            return nn.sigmoid(z)

    for value, given in [(Softplus(), "the layer Softplus"), (Softplus, "the layer class Softplus")]:
        with pytest.raises(TypeError, match=re.escape(
                f"activation: MLP takes the name of a built-in activation (identity, step, sigmoid, "
                f"tanh, relu, leaky_relu, softmax, linear), got {given}; to use that layer, list the "
                f"network's layers with nn.Sequential: nn.Sequential(nn.Dense(2, 16), Softplus(), "
                f"nn.Dense(16, 1))")):
            nn.MLP([2, 16, 1], activation=value)
    with pytest.raises(TypeError, match=re.escape("output: MLP takes the activation's name, output='sigmoid'")):
        nn.MLP([2, 16, 1], output=nn.Sigmoid())
    with pytest.raises(TypeError, match=re.escape("nn.Sequential(..., nn.Dense(16, 1), LeakyReLU(alpha=0.2))")):
        nn.MLP([2, 16, 1], output=nn.LeakyReLU(0.2))


def test_a_layer_or_activation_of_your_own_missing_a_method_is_named_with_what_it_must_do():
    # a layer with a forward and no backward predicts, and training it raised a bare
    # NotImplementedError, which named neither the layer nor the method
    class Twice(nn.Layer):
        def forward(self, x, training=False):
            return 2 * np.asarray(x, dtype=float)

    model = nn.Sequential(nn.Dense(2, 2, rng=np.random.default_rng(0)), Twice())
    x = np.random.default_rng(1).standard_normal((4, 2))
    np.testing.assert_array_equal(model.predict(x), 2 * model.layers[0](x))
    weights = [p.data.copy() for p in model.parameters()]
    with pytest.raises(NotImplementedError, match=r"^Twice defines no backward\(self, grad_out\), .*returns dL/dx"):
        model.fit(x, np.zeros((4, 2)), loss="mse", optimizer="sgd", epochs=1, verbose=0)
    for p, w in zip(model.parameters(), weights, strict=True):
        np.testing.assert_array_equal(p.data, w)

    class Cube(nn.Activation):
        name = "cube"

    with pytest.raises(NotImplementedError, match=r"^Cube defines no function\(self, z\), .*a = f\(z\)"):
        Cube()(x)
    with pytest.raises(NotImplementedError, match=r"^Cube defines no derivative\(self, z\), .*f'\(z\)"):
        Cube().derivative(x)


class ForgotItsForward(nn.Layer):
    """A layer of your own that defines backward and forgot forward."""

    def backward(self, grad_out):
        return grad_out


def test_a_layer_without_forward_says_what_forward_must_do():
    with pytest.raises(NotImplementedError, match=r"^ForgotItsForward defines no forward\(self, x, "
                                                  r"training=False\), which it needs here: it returns "
                                                  r"the layer's output for the batch x"):
        ForgotItsForward()(np.zeros((2, 2)))
