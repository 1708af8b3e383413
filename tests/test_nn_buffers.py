"""Buffers, the arrays a layer saves but does not learn (BatchNorm1d's running statistics,
Standardize's μ and σ): an assignment is checked at once and stored in the layer's dtype
(``BufferSlot``), as torch's ``load_state_dict`` casts; writes in place, which training does,
are not, and ``save`` still refuses what they leave that ``load`` would refuse."""
import re

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn
from neuralab.io import load, save, to_torch
from neuralab.nn.parameter_guard import BufferSlot
from torch_reference import assert_close, tensor

X4 = np.random.default_rng(0).standard_normal((8, 4)).astype(np.float32)


def batchnorm():
    return nn.BatchNorm1d(4)


def standardize():
    return nn.Standardize(3, mean=[1.0, 2.0, 3.0], std=[0.5, 1.0, 2.0])


# (layer, attribute, value, error, message): before, each was taken and met as described
REFUSED = [
    # forward: NumPy's "operands could not be broadcast together with shapes (8,4) (3,)"; save:
    # "'1.running_mean' has shape (3,)"; to_torch: "1.running_mean is float64" (its dtype, not its shape)
    (batchnorm, "running_mean", np.zeros(3), ValueError,
     r"^BatchNorm1d\.running_mean must have shape \(4,\) \(one value per feature\), got shape \(3,\): the "
     r"layer is BatchNorm1d\(4\), and statistics of another shape belong to a BatchNorm1d of another size$"),
    # evaluation: NaN outputs and "invalid value encountered in sqrt"; save refused it
    (batchnorm, "running_var", -np.ones(4), ValueError,
     r"^BatchNorm1d\.running_var: running_var must be ≥ 0 \(it is a variance\), got -1: each feature's "
     r"variance over the layer's inputs, or 1, where it starts$"),
    # evaluation: NaN outputs, in silence
    (batchnorm, "running_var", np.array([1.0, np.nan, 1.0, 1.0]), ValueError,
     r"^BatchNorm1d\.running_var must hold finite float32 numbers, got nan \(NaN, inf, or a number past "
     r"float32's range ±3\.4e\+38\)$"),
    # 1e300 is inf in float32 (a RuntimeWarning, then inf statistics)
    (batchnorm, "running_var", np.full(4, 1e300), ValueError, r"must hold finite float32 numbers, got inf"),
    # training: "'float' object has no attribute 'copy'"; evaluation took it as every feature's
    (batchnorm, "running_var", 1.0, ValueError,
     r"got shape \(\); for one number in every entry, np\.full\(\(4,\), value\)$"),
    (batchnorm, "running_mean", np.zeros((1, 4)), ValueError,
     r"got shape \(1, 4\); it holds as many values: reshape it, np\.reshape\(value, \(4,\)\)$"),
    # "can only concatenate str (not "float") to str"; save: "'str' object has no attribute 'size'"
    (batchnorm, "running_var", "1, 2, 3, 4", TypeError,
     r"^BatchNorm1d\.running_var must be an array of real numbers, got str of dtype <U10; it takes "
     r"numbers of shape \(4,\) \(one variance ≥ 0 per feature\)$"),
    (batchnorm, "running_mean", None, TypeError, r"^BatchNorm1d\.running_mean must be an array of real numbers"),
    # an int: divide by zero in every forward pass, and save met "'int' object has no attribute 'size'"
    (standardize, "std", 0, ValueError, r"^Standardize\.std must have shape \(3,\) \(one value > 0 per feature\)"),
    # inf outputs with "divide by zero" warnings; only save refused it
    (standardize, "std", np.array([1.0, 0.0, 2.0]), ValueError,
     r"^Standardize\.std: std must be positive \(it divides\), got 0: a feature that is constant has std 0, "
     r"and gets 1 instead \(data\.Standardizer does so\)$"),
    (standardize, "std", np.float32([1.0, 1e-40, 1.0]), ValueError,
     r"^Standardize\.std: std 1e-40 is below the smallest normal float32"),
    # forward: broadcasting error; inverse(): another; to_torch exported it
    (standardize, "mean", np.zeros(2), ValueError, r"^Standardize\.mean must have shape \(3,\)"),
    (standardize, "mean", [1.0, np.inf, 0.0], ValueError,
     r"^Standardize\.mean must hold finite float32 numbers, got inf"),
]


@pytest.mark.parametrize("make, name, value, error, message", REFUSED)
def test_a_wrong_assignment_is_refused_at_once_and_leaves_the_layer_as_it_was(make, name, value, error, message):
    layer = make()
    held = getattr(layer, name)
    before = {n: b.copy() for n, b in layer.named_buffers()}
    with pytest.raises(error, match=message):
        setattr(layer, name, value)
    assert getattr(layer, name) is held
    for n, b in layer.named_buffers():
        np.testing.assert_array_equal(b, before[n])
    model = nn.Sequential(layer, nn.Dense(held.size, 1))
    x = X4[:, :held.size]
    model.fit(x, np.zeros(len(x), np.float32), loss="mse", optimizer="sgd", epochs=1, verbose=0)
    assert np.isfinite(model.predict(x)).all()
    to_torch(model)


@pytest.mark.parametrize("value", [[0.5, 1, 2, 3], np.array([0.5, 1, 2, 3]), np.array([1, 1, 2, 3]),
                                   np.float16([0.5, 1, 2, 3]), (0.5, 1, 2, 3)],
                         ids=["list", "float64", "int64", "float16", "tuple"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_right_assignment_is_stored_in_the_layers_dtype_as_torch_load_state_dict_casts(value, dtype):
    # a float64 array in a float32 layer made its outputs float64 (and every layer after it
    # computed in float64), and to_torch refused the model; a list failed in forward
    previous = neuralab.get_default_dtype()
    neuralab.set_default_dtype(dtype)
    try:
        layer = nn.BatchNorm1d(4)
    finally:
        neuralab.set_default_dtype(previous)
    layer.running_var = value
    twin = torch.nn.BatchNorm1d(4, dtype=torch.float32 if dtype == np.float32 else torch.float64)
    twin.load_state_dict(twin.state_dict() | {"running_var": torch.from_numpy(np.array(value))})
    assert layer.running_var.dtype == dtype and str(twin.running_var.dtype) == f"torch.{np.dtype(dtype).name}"
    np.testing.assert_array_equal(layer.running_var, twin.running_var.numpy())
    assert layer.forward(X4.astype(dtype)).dtype == dtype
    assert not isinstance(value, np.ndarray) or not np.shares_memory(layer.running_var, value)


def test_assigned_statistics_give_torchs_outputs_and_training_updates(float64):
    rng = np.random.default_rng(1)
    layer = nn.BatchNorm1d(4, momentum=0.3)
    mean, var = rng.standard_normal(4).tolist(), np.exp(rng.standard_normal(4)).astype(np.float32)
    layer.running_mean, layer.running_var = mean, var
    twin = torch.nn.BatchNorm1d(4, momentum=0.3, dtype=torch.float64)
    twin.load_state_dict(twin.state_dict() | {"running_mean": torch.tensor(mean),
                                              "running_var": torch.from_numpy(var)})
    x = rng.standard_normal((6, 4)) * 3 + 1
    with torch.no_grad():
        assert_close(layer.forward(x), twin.eval()(tensor(x)))
        assert_close(layer.forward(x, training=True), twin.train()(tensor(x)))
    assert_close(layer.running_mean, twin.running_mean)
    assert_close(layer.running_var, twin.running_var)


def test_the_layer_keeps_a_copy_and_training_does_not_write_into_the_callers_array():
    mean = np.zeros(4, np.float32)
    layer = nn.BatchNorm1d(4)
    layer.running_mean = mean
    layer.forward(X4 + 5, training=True)
    assert not mean.any() and layer.running_mean.all()


def test_writes_in_place_are_not_checked_and_save_still_refuses_what_load_would(tmp_path):
    # what the attribute's check cannot see: a write into the array (training's own, on every
    # batch, costs nothing more); += works in place and assigns the array itself back
    layer = nn.BatchNorm1d(2)
    running_var = layer.running_var
    layer.running_var += 1
    layer.running_var[...] = [-1.0, 1.0]
    assert layer.running_var is running_var and running_var.tolist() == [-1.0, 1.0]
    with pytest.raises(ValueError, match=r"^cannot save: '0\.running_var': running_var must be ≥ 0"):
        save(nn.Sequential(layer), tmp_path / "bn")
    scaler = nn.Standardize(2)
    scaler.std[...] = [1.0, 0.0]
    with pytest.raises(ValueError, match=r"^cannot save: '0\.std': std must be positive"):
        save(nn.Sequential(scaler), tmp_path / "std")
    assert list(tmp_path.iterdir()) == []


def test_a_standardisation_keeps_a_float_dtype_of_its_own_as_its_constructor_does():
    # it computes in its input's dtype whatever its statistics' (see nn.dtype): a float64 mean
    # in front of a float32 network stays float64, as Standardize(n, mean=float64) keeps it;
    # a list takes the dtype the statistic had
    layer = nn.Standardize(2)
    layer.mean, layer.std = np.array([1.0, 2.0]), [2.0, 4.0]
    assert layer.mean.dtype == np.float64 and layer.std.dtype == np.float32
    assert layer.forward(np.ones((1, 2), np.float32)).tolist() == [[0.0, -0.25]]


def test_a_float64_model_loads_in_float64_under_a_float32_default(tmp_path, float64):
    # load puts each buffer in by assignment once the parameters hold the file's arrays: the
    # buffers take the file's dtype, not the placeholders' (the float32 default)
    rng = np.random.default_rng(2)
    model = nn.Sequential(nn.Standardize(3, mean=rng.standard_normal(3), std=np.exp(rng.standard_normal(3))),
                          nn.Dense(3, 4, rng=rng), nn.BatchNorm1d(4), nn.Tanh())
    model.fit(rng.standard_normal((16, 3)), np.tanh(rng.standard_normal((16, 4))), loss="mse", optimizer="sgd",
              epochs=2, verbose=0)
    path = save(model, tmp_path / "model")
    neuralab.set_default_dtype(np.float32)
    loaded = load(path)
    assert {b.dtype for _, b in loaded.named_buffers()} == {np.dtype(np.float64)}
    for (name, b), (_, a) in zip(loaded.named_buffers(), model.named_buffers(), strict=True):
        np.testing.assert_array_equal(b, a, err_msg=name)
    x = rng.standard_normal((5, 3))
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_to_converts_the_buffers_that_the_slots_guard():
    model = nn.Sequential(nn.Standardize(4), nn.BatchNorm1d(4))
    model.to(np.float64)
    assert {b.dtype for _, b in model.named_buffers()} == {np.dtype(np.float64)}
    model[1].running_mean = [1, 2, 3, 4]  # the layer's dtype is now float64
    assert model[1].running_mean.dtype == np.float64
    # a value the slot would refuse, written in place (or 1e300 cast to float32's inf), does not
    # stop to() halfway: the parameters were converted, the buffers not, when the slot refused
    model[1].running_var[0] = np.nan
    model.to(np.float32)
    dtypes = lambda: {p.data.dtype for p in model.parameters()} | {b.dtype for _, b in model.named_buffers()}
    assert dtypes() == {np.dtype(np.float32)}
    model.to(np.float64)
    model[1].running_mean[0] = 1e300      # past float32: the cast overflows (here an error: errstate raise)
    with pytest.raises(FloatingPointError):
        model.to(np.float32)
    assert dtypes() == {np.dtype(np.float64)}, "a failed to() changes nothing"


class _Centre(nn.Layer):
    """A layer of your own that declares its buffer, and its rule: a ≤ b."""

    bounds = BufferSlot("(a, b) with a ≤ b")
    keeps_shape = True

    def __init__(self):
        self.bounds = np.array([0.0, 1.0], np.float32)

    def named_buffers(self, prefix=""):
        yield prefix + "bounds", self.bounds

    def check_buffer(self, name, value):
        if value[0] > value[1]:
            raise ValueError(f"bounds must be ordered, got {value.tolist()}")

    def forward(self, x, training=False):
        return np.clip(x, *self.bounds)


def test_a_layer_of_your_own_declares_a_buffer_slot_and_gets_the_same_checks():
    layer = _Centre()
    with pytest.raises(ValueError, match=re.escape("_Centre.bounds: bounds must be ordered, got [2.0, 1.0]")):
        layer.bounds = [2, 1]
    with pytest.raises(ValueError, match=re.escape("_Centre.bounds must have shape (2,) ((a, b) with a ≤ b), "
                                                   "got shape (3,)")):
        layer.bounds = [0, 1, 2]
    layer.bounds = [-1, 1]
    assert layer.bounds.dtype == np.float32
    assert layer.forward(np.array([[-3.0, 0.5]], np.float32)).tolist() == [[-1.0, 0.5]]


class OwnCentreByProperty(nn.Layer):
    """A layer of your own that keeps its buffer behind a property with a setter (``centre``)."""

    keeps_shape = True

    def __init__(self):
        self._centre = np.zeros(2, np.float32)

    @property
    def centre(self):
        return self._centre

    @centre.setter
    def centre(self, value):
        self._centre = value

    def named_buffers(self, prefix=""):
        yield prefix + "centre", self.centre

    def forward(self, x, training=False):
        return x - self.centre


def test_to_converts_a_buffer_kept_behind_a_property_through_its_setter():
    model = nn.Sequential(nn.Dense(2, 2), OwnCentreByProperty())
    model.to(np.float64)
    assert model[1].centre.dtype == np.float64 and model[1]._centre is model[1].centre
    assert {b.dtype for _, b in model.named_buffers()} == {np.dtype(np.float64)}
