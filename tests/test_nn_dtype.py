"""Converting a model between float32 and float64: ``model.to(dtype)``, a parameter given an
array of another float dtype, and the torch export of each."""
import numpy as np
import pytest
import torch

import neuralab
from neuralab import data, nn, optim
from neuralab.io import to_torch


def _model_and_data():
    X, y = data.load("moons", n_samples=64, seed=0)
    scaler = data.Standardizer().fit(X)
    neuralab.seed(0)
    model = nn.Sequential(nn.Standardize(2, mean=scaler.mean.astype(np.float32), std=scaler.std.astype(np.float32)),
                          *nn.MLP([2, 8, 1], output="sigmoid", batchnorm=True, dropout=0.1).layers)
    return model, X.astype(np.float32), y


def _dtypes(model):
    return ({p.data.dtype for p in model.parameters()} | {p.grad.dtype for p in model.parameters()}
            | {b.dtype for _, b in model.named_buffers()})


def test_to_converts_parameters_gradients_and_running_statistics_and_training_goes_on():
    model, X, y = _model_and_data()
    opt = optim.Adam(model.parameters(), lr=0.01)
    model.fit(X, y, loss="bce", optimizer=opt, epochs=2, batch_size=16, verbose=0, seed=0)
    before = model.predict(X)
    assert model.to(np.float64) is model                  # in place, and returned, as torch's
    assert _dtypes(model) == {np.dtype(np.float64)}
    after = model.predict(X.astype(np.float64))
    assert after.dtype == np.float64
    np.testing.assert_allclose(after, before, rtol=1e-5, atol=1e-6)
    model.fit(X.astype(np.float64), y, loss="bce", optimizer=opt, epochs=1, batch_size=16, verbose=0)
    assert _dtypes(model) == {np.dtype(np.float64)}
    assert all(a.dtype == np.float64 for state in opt.state for a in state.values())
    module = to_torch(model)
    with torch.no_grad():
        exported = module(torch.from_numpy(X.astype(np.float64))).numpy()
    np.testing.assert_allclose(exported, model.predict(X.astype(np.float64)), rtol=1e-12, atol=1e-14)
    model.to("float32")
    assert _dtypes(model) == {np.dtype(np.float32)}


@pytest.mark.parametrize("dtype", [np.float16, "int32", None, int])
def test_to_refuses_what_is_not_float32_or_float64_and_changes_nothing(dtype):
    model, _, _ = _model_and_data()
    with pytest.raises(TypeError, match="dtype must be np.float32 or np.float64"):
        model.to(dtype)
    assert _dtypes(model) == {np.dtype(np.float32)}


def test_a_parameter_given_another_float_dtype_takes_its_gradient_along():
    # converted parameter by parameter, the gradients stayed float32: backward rounded every
    # float64 gradient to float32, for good in a loop that updates p.data -= lr * p.grad
    rng = np.random.default_rng(0)
    X, delta = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    converted = nn.Dense(3, 2)
    for p in converted.parameters():
        p.data = p.data.astype(np.float64)
    reference = nn.Dense(3, 2)
    reference.to(np.float64)
    for p, q in zip(reference.parameters(), converted.parameters()):
        p.data[...] = q.data
    for layer in (converted, reference):
        layer.forward(X)
        layer.backward(delta)
    for p, q in zip(converted.parameters(), reference.parameters()):
        assert p.grad.dtype == np.float64
        np.testing.assert_array_equal(p.grad, q.grad)


def test_to_torch_refuses_a_model_whose_parameters_mix_dtypes_naming_model_to():
    # a weight set by hand with np.array (float64) in a float32 model: NumPy promotes, torch's
    # Linear refused every input of the exported module ("expected ... Double but found Float")
    model, X, _ = _model_and_data()
    model[1].weight.data = np.ones((8, 2))
    with pytest.raises(ValueError, match=r"^to_torch: 1\.weight is float64 where the model's other arrays are "
                                         r"float32.*model\.to\(np\.float32\) or model\.to\(np\.float64\)"):
        to_torch(model)
    module = to_torch(model.to(np.float32))
    with torch.no_grad():
        np.testing.assert_allclose(module(torch.from_numpy(X)).numpy(), model.predict(X), rtol=1e-6, atol=1e-6)


def test_a_model_converted_by_its_parameters_alone_is_not_exported_half_converted():
    # BatchNorm's running statistics stayed float32: torch's BatchNorm refuses them beside
    # float64 weights, and neuralab computes their σ in float32
    model, X, y = _model_and_data()
    for p in model.parameters():
        p.data = p.data.astype(np.float64)
    with pytest.raises(ValueError, match=r"^to_torch: 2\.running_mean is float32, 2\.running_var is float32 "
                                         r"where the model's other arrays are float64"):
        to_torch(model)
    x = X.astype(np.float64)
    with torch.no_grad():
        exported = to_torch(model.to(np.float64))(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(exported, model.predict(x), rtol=1e-12, atol=1e-14)


def test_converting_a_parameter_whose_gradient_is_cleared_casts_no_stale_memory():
    # a cleared gradient's buffer keeps its old bytes, which were cast along: "overflow
    # encountered in cast", a FloatingPointError under np.seterr(all="raise")
    p = nn.Parameter(np.zeros(1000))
    p.grad = np.full(1000, 1e300)
    p.zero_grad()                                      # cleared lazily: the bytes stay
    with np.errstate(all="raise"):
        p.data = np.ones(1000, np.float32)
    assert not p.has_grad and not p.grad.any() and p.grad.dtype == np.float32


class _Centre(nn.Layer):
    """A learner's layer with a running mean, kept where ``named_buffers`` says (``held="mean"``)
    or elsewhere: a private attribute (``"private"``), or a dict (``"stats"``)."""

    keeps_shape = True

    def __init__(self, held="mean"):
        self.scale, self.held = nn.Parameter(np.ones(2, np.float32)), held
        mean = np.zeros(2, np.float32)
        if held == "mean":
            self.mean = mean
        elif held == "private":
            self._mean = mean
        else:
            self.stats = {"mean": mean}

    def _buffer(self):
        return {"mean": lambda: self.mean, "private": lambda: self._mean, "stats": lambda: self.stats["mean"]}[self.held]()

    def named_buffers(self, prefix=""):
        yield prefix + ("stats.mean" if self.held == "stats" else "mean"), self._buffer()

    def forward(self, x, training=False):
        return (x - self._buffer()) * self.scale.data


def test_to_converts_a_buffer_of_your_own_layer_kept_in_the_attribute_it_is_named_by():
    model = nn.Sequential(nn.Dense(2, 2), _Centre())
    model.to(np.float64)
    assert _dtypes(model) == {np.dtype(np.float64)}


@pytest.mark.parametrize("held", ["private", "stats"])
def test_to_refuses_a_buffer_it_cannot_find_as_an_attribute_and_changes_nothing(held):
    # it set a new attribute 'mean' and left the buffer in float32 (or, a dotted name, skipped it)
    model = nn.Sequential(nn.Dense(2, 2), _Centre(held))
    with pytest.raises(TypeError, match=r"_Centre.named_buffers\(\) gives '1\.(stats\.)?mean', which is not an "
                                        r"attribute of that name holding the array, so to\(\) cannot convert it"):
        model.to(np.float64)
    assert _dtypes(model) == {np.dtype(np.float32)}
    assert not hasattr(model[1], "mean")


class _CovOnAnotherDevice:
    """What NumPy meets in a CUDA tensor: an ``__array__`` that refuses with a TypeError."""

    def __array__(self, dtype=None, copy=None):
        raise TypeError("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy "
                        "the tensor to host memory first.")


def test_an_input_numpy_cannot_read_is_refused_naming_the_input_and_numpys_reason():
    with pytest.raises(TypeError, match=r"^input of Dense must be a numeric array, got "
                                        r"_CovOnAnotherDevice: can't convert cuda:0 device type tensor "
                                        r"to numpy\. Use Tensor\.cpu\(\)"):
        nn.Dense(2, 1)(_CovOnAnotherDevice())


@pytest.mark.parametrize("default", [np.float32, np.float64])
def test_a_parameter_made_from_python_numbers_takes_the_default_dtype_as_the_layers_do(default):
    # Parameter([1.0, 2.0]) was float64 under the float32 default (NumPy's dtype for Python
    # floats), and a model holding it beside a Dense layer computed in both dtypes
    before = neuralab.get_default_dtype()
    neuralab.set_default_dtype(default)
    try:
        made = [nn.Parameter(value) for value in ([1.0, 2.0], [[1, 2]], 2.5, True, [np.float64(1.5)])]
        assert {p.data.dtype for p in made} == {np.dtype(default)}
        assert {p.grad.dtype for p in made} == {np.dtype(default)}
        assert nn.Dense(2, 1).weight.data.dtype == default
        # a NumPy array or scalar of floats keeps its dtype: a choice made already
        other = np.float64 if default == np.float32 else np.float32
        assert nn.Parameter(np.zeros(2, other)).data.dtype == other
        assert nn.Parameter(other(1.0)).data.dtype == other
    finally:
        neuralab.set_default_dtype(before)
