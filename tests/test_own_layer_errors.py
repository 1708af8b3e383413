"""The mistakes of a layer of your own say which layer (its place and class), what it did wrong
and the fix: a forward that caches nothing, a forward without ``return``, a parameter gradient
not summed over the batch, a config() of NumPy numbers."""
import numpy as np
import pytest

from neuralab import data, nn
from own_layer_kit import KitGain


class _ErrorsNoCache(KitGain):
    def forward(self, x, training=False):
        return x * self.a.data


class _ErrorsNoReturn(KitGain):
    def forward(self, x, training=False):
        self.x = x
        x * self.a.data  # noqa: B018 (the mistake)


class _ErrorsNotSummed(KitGain):
    def backward(self, grad_out):
        self.a.grad += grad_out * self.x
        return grad_out * self.a.data


class _NumpyConfig(KitGain):
    def config(self):
        return {"n": np.int64(self.n)}


def _errors_model(layer):
    return nn.Sequential(nn.Dense(2, 2), layer, nn.Dense(2, 1))


def _errors_fit(model):
    X, y = data.load("moons", n_samples=16, seed=0)
    model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0)


def test_backward_reading_what_forward_did_not_cache_names_layer_attribute_and_fix():
    with pytest.raises(AttributeError) as info:
        _errors_fit(_errors_model(_ErrorsNoCache()))
    message = str(info.value)
    assert message.startswith("layer 1 (_ErrorsNoCache)")
    assert "self.x" in message and "forward" in message


@pytest.mark.parametrize("place", [1, 2])
def test_forward_without_return_names_the_layer_and_the_fix(place):
    layers = [nn.Dense(2, 2), nn.ReLU(), nn.Dense(2, 1)]
    layers.insert(place, _ErrorsNoReturn())
    with pytest.raises(TypeError) as info:
        nn.Sequential(*layers).predict(np.ones((3, 2), np.float32))
    assert str(info.value).startswith(f"layer {place} (_ErrorsNoReturn).forward returned None")
    assert "return" in str(info.value).split("None", 1)[1]


def test_last_layer_forward_without_return_names_it():
    with pytest.raises(TypeError, match=r"^layer 1 \(_ErrorsNoReturn\)\.forward returned None"):
        nn.Sequential(nn.Dense(2, 2), _ErrorsNoReturn()).predict(np.ones((3, 2), np.float32))


def test_a_parameter_gradient_not_summed_over_the_batch_names_the_parameter_and_the_sum():
    with pytest.raises(ValueError) as info:
        _errors_fit(_errors_model(_ErrorsNotSummed()))
    message = str(info.value)
    assert message.startswith("layer 1 _ErrorsNotSummed(n=2)")
    assert "a.grad" in message and ".sum(axis=0)" in message


def test_save_of_a_config_with_numpy_numbers_names_layer_key_and_int(tmp_path):
    with pytest.raises(ValueError) as info:
        _errors_model(_NumpyConfig()).save(tmp_path / "m")
    message = str(info.value)
    assert "layer 1 (_NumpyConfig)" in message and "'n'" in message and "int(" in message
