"""A model's weights by name, torch's ``state_dict`` and ``load_state_dict``: what the PyTorch
tutorials save a model with (``torch.save(model.state_dict(), path)``, then a new model and
``load_state_dict``), here ``np.savez`` and ``np.load``, without pickle. And a Parameter asked
torch's ``size()`` or indexed as a tensor names ``shape`` and ``p.data``."""
import numpy as np
import pytest

import neuralab
from neuralab import nn, optim


class PortedNeuralNetwork(nn.Layer):
    """The PyTorch quickstart's network, as its port writes it."""

    def __init__(self, hidden=16):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(nn.Dense(28 * 28, hidden), nn.ReLU(), nn.Dense(hidden, hidden),
                                               nn.ReLU(), nn.Dense(hidden, 10))

    def forward(self, x, training=False):
        return self.linear_relu_stack.forward(self.flatten.forward(x, training), training)

    def backward(self, grad_out):
        return self.flatten.backward(self.linear_relu_stack.backward(grad_out))


def _images(n=5):
    return np.random.default_rng(0).random((n, 28, 28)).astype(np.float32)


def _arrays(model):
    return {name: array.copy() for name, array in model.state_dict().items()}


def test_weights_saved_with_savez_load_into_a_new_model_that_then_predicts_the_same(tmp_path):
    model = PortedNeuralNetwork()
    np.savez(tmp_path / "model.npz", **model.state_dict())      # torch.save(model.state_dict(), "model.pth")
    loaded = PortedNeuralNetwork()
    assert not np.array_equal(loaded(_images()), model(_images()))   # other initial weights
    result = loaded.load_state_dict(np.load(tmp_path / "model.npz"))
    assert result == ([], []) and result.missing_keys == [] and result.unexpected_keys == []
    np.testing.assert_array_equal(loaded(_images()), model(_images()))
    assert list(model.state_dict()) == [name for name, _ in model.named_parameters()] == [
        "linear_relu_stack.0.weight", "linear_relu_stack.0.bias", "linear_relu_stack.2.weight",
        "linear_relu_stack.2.bias", "linear_relu_stack.4.weight", "linear_relu_stack.4.bias"]


def test_state_dict_is_a_copy_that_training_leaves_as_it_was():
    # torch's tensors share the weights' memory: a "best weights" dict would follow training
    model, loss = PortedNeuralNetwork(), nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.5)

    def step():
        loss(model.forward(_images(), training=True), np.arange(5))
        model.backward(loss.backward())
        optimizer.step()
        optimizer.zero_grad()

    step()                     # from now on each step writes into the weights' arrays in place
    best = model.state_dict()
    kept = _arrays(model)
    step()
    for name, array in best.items():
        np.testing.assert_array_equal(array, kept[name])
    assert not np.array_equal(model.state_dict()["linear_relu_stack.0.weight"], best["linear_relu_stack.0.weight"])
    model.load_state_dict(best)
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, kept[name])


def test_loading_writes_in_place_so_the_optimizer_goes_on_from_the_loaded_weights():
    model, loss = nn.Sequential(nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2)), nn.CrossEntropyLoss()
    X, y = np.random.default_rng(1).normal(size=(6, 3)).astype(np.float32), np.array([0, 1, 0, 1, 1, 0])
    optimizer = optim.SGD(model.parameters(), lr=0.1)

    def step():
        loss(model.forward(X, training=True), y)
        model.backward(loss.backward())
        optimizer.step()
        optimizer.zero_grad()

    step()                                   # the optimizer now holds the weights as views of its own
    start = nn.Sequential(nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2)).state_dict()
    model.load_state_dict(start)
    loss(model.forward(X, training=True), y)
    model.backward(loss.backward())
    grads = {name: p.grad.copy() for name, p in model.named_parameters()}
    optimizer.step()
    for name, p in model.named_parameters():
        np.testing.assert_allclose(p.data, start[name] - 0.1 * grads[name], rtol=1e-6)


def test_values_take_the_model_s_dtype_as_torch_s_copy_does():
    model = nn.Sequential(nn.Dense(2, 3))
    model.load_state_dict({"0.weight": np.ones((3, 2)), "0.bias": np.arange(3)})   # float64, integers
    assert model[0].weight.data.dtype == model[0].bias.data.dtype == np.float32
    np.testing.assert_array_equal(model[0].bias.data, [0, 1, 2])


def test_buffers_come_and_go_with_the_parameters():
    model = nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dense(4, 2))
    model.fit(np.random.default_rng(0).normal(size=(32, 3)), np.arange(32) % 2, loss="cross_entropy",
              optimizer="adam", epochs=2, verbose=0)
    state = model.state_dict()
    assert {"1.running_mean", "1.running_var"} <= set(state)
    other = nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dense(4, 2))
    other.load_state_dict(state)
    x = np.random.default_rng(2).normal(size=(4, 3))
    np.testing.assert_array_equal(other.predict(x), model.predict(x))


def test_torch_s_state_dict_loads_here_and_this_one_loads_into_torch():
    torch = pytest.importorskip("torch")
    from neuralab import io
    model = nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dense(4, 2))
    module = io.to_torch(nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dense(4, 2)))
    assert "1.num_batches_tracked" in module.state_dict()       # torch's count: skipped, BatchNorm1d keeps none
    model.load_state_dict(module.state_dict())
    x = np.random.default_rng(0).normal(size=(5, 3)).astype(np.float32)
    module.eval()
    with torch.no_grad():
        np.testing.assert_allclose(model.predict(x), module(torch.from_numpy(x)).numpy(), rtol=1e-5, atol=1e-6)
    fresh = io.to_torch(nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dense(4, 2)))
    fresh.load_state_dict({name: torch.from_numpy(a) for name, a in model.state_dict().items()}, strict=False)
    fresh.eval()
    with torch.no_grad():
        np.testing.assert_allclose(fresh(torch.from_numpy(x)).numpy(), model.predict(x), rtol=1e-5, atol=1e-6)


def test_strict_false_loads_the_names_both_have_and_returns_the_others():
    model = nn.Sequential(nn.Dense(2, 3), nn.ReLU(), nn.Dense(3, 1))
    kept = _arrays(model)
    result = model.load_state_dict({"0.weight": np.zeros((3, 2)), "head.weight": np.zeros((1, 3))}, strict=False)
    assert result.missing_keys == ["0.bias", "2.weight", "2.bias"] and result.unexpected_keys == ["head.weight"]
    np.testing.assert_array_equal(model[0].weight.data, np.zeros((3, 2)))
    np.testing.assert_array_equal(model[2].weight.data, kept["2.weight"])


@pytest.mark.parametrize("change, error, words", [
    (lambda s: s | {"0.weight": s["0.weight"].T}, ValueError,
     r"^Sequential\.load_state_dict: '0\.weight' has shape \(2, 3\), the model's has \(3, 2\) \(a dict saved from "
     r"a model of other sizes\?\)$"),
    (lambda s: s | {"2.bias": np.array([np.nan])}, ValueError, r"'2\.bias' contains NaN or inf"),
    (lambda s: s | {"1.running_var": -np.ones(3)}, ValueError, r"'1\.running_var': running_var must be ≥ 0"),
    (lambda s: s | {"0.bias": np.array(["a", "b", "c"])}, TypeError, r"'0\.bias' must be an array of numbers"),
    (lambda s: {k: v for k, v in s.items() if k != "2.bias"} | {"3.bias": s["2.bias"]}, ValueError,
     r"the names do not match the model's: missing \['2\.bias'\], unexpected \['3\.bias'\] "
     r"\(strict=False loads the names they share\)$"),
    (lambda s: {"0." + k: v for k, v in s.items()}, ValueError,
     r"unexpected \['0\.0\.weight', .*; the dict's names have '0\.' in front: a model inside a Sequential"),
    (lambda s: "model_weights.npz", TypeError,
     r"takes the dict of arrays, not a file: model\.load_state_dict\(np\.load\('model_weights\.npz'\)\)$"),
    (lambda s: list(s.values()), TypeError, r"takes a dict of arrays by name, as model\.state_dict\(\) gives, got list$"),
    (lambda s: nn.Sequential(nn.Dense(2, 3)), TypeError, r"got Sequential: other\.state_dict\(\) gives its dict$"),
    (lambda s: np.array(s, dtype=object), TypeError,     # np.save(path, model.state_dict()), np.load(allow_pickle=True)
     r"got ndarray: np\.savez\(path, \*\*model\.state_dict\(\)\) saves the dict, np\.load\(path\) gives it back$"),
])
def test_a_dict_that_does_not_fit_is_refused_before_any_weight_changes(change, error, words):
    model = nn.Sequential(nn.Dense(2, 3), nn.BatchNorm1d(3), nn.Dense(3, 1))
    kept = _arrays(model)
    state = nn.Sequential(nn.Dense(2, 3), nn.BatchNorm1d(3), nn.Dense(3, 1)).state_dict()
    with pytest.raises(error, match=words):
        model.load_state_dict(change(state))
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, kept[name])


def test_a_model_saved_whole_and_its_state_dict_hold_the_same_weights(tmp_path):
    model = nn.MLP([4, 8, 3], rng=0)
    loaded = neuralab.load(model.save(tmp_path / "model.npz"))
    assert loaded.state_dict().keys() == model.state_dict().keys()
    for name, array in loaded.state_dict().items():
        np.testing.assert_array_equal(array, model.state_dict()[name])


def test_keras_save_weights_names_both_ways_and_each_runs(tmp_path):
    model = nn.MLP([2, 4, 1])
    with pytest.raises(AttributeError, match=r"np\.savez\(path, \*\*model\.state_dict\(\)\), then "
                                             r"model\.load_state_dict\(np\.load\(path\)\)"):
        model.save_weights(tmp_path / "w.npz")


def test_a_parameter_s_size_is_numpy_s_and_calling_it_names_shape():
    weight = nn.Dense(784, 512).weight
    assert weight.size == 784 * 512 and f"{weight.size:,}" == "401,408"
    with pytest.raises(TypeError, match=r"^p\.size is the number of values, 401408, as in NumPy; torch's p\.size\(\) "
                                        r"is p\.shape here: \(512, 784\)$"):
        weight.size()          # the "Build the model" page: print(f"Size: {param.size()}")
    assert weight.shape == (512, 784)


def test_indexing_a_parameter_names_its_data_and_that_works():
    weight = nn.Dense(3, 4).weight
    with pytest.raises(TypeError, match=r"^Parameter 'weight' is not an array: its values are p\.data, a NumPy "
                                        r"array, to index \(p\.data\[:2\] gives the first two rows\)$"):
        weight[:2]             # the "Build the model" page: print(f"Values : {param[:2]}")
    assert weight.data[:2].shape == (2, 3)
    with pytest.raises(TypeError, match=r"^'Parameter' object is not iterable$"):
        list(weight)


def test_torch_save_of_a_state_dict_names_savez_and_that_way_works(tmp_path):
    # the tutorials' torch.save(model.state_dict(), "model.pth"), written neuralab.save(...)
    with pytest.raises(AttributeError, match=r"the weights alone, torch\.save\(model\.state_dict\(\), path\), are "
                                             r"np\.savez\(path, \*\*model\.state_dict\(\)\), put back by "
                                             r"model\.load_state_dict\(np\.load\(path\)\)$"):
        neuralab.save(nn.MLP([2, 3]).state_dict(), tmp_path / "model.pth")
    model, again = nn.MLP([2, 3]), nn.MLP([2, 3])
    path = tmp_path / "model.npz"
    np.savez(path, **model.state_dict())
    again.load_state_dict(np.load(path))
    np.testing.assert_array_equal(again(np.ones((1, 2))), model(np.ones((1, 2))))
