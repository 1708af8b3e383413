"""A layer of your own whose Parameter is float64 (``nn.Parameter(np.ones(n))``) in a float32
model: fit and predict refuse the mix, as torch refuses a float64 parameter with float32 inputs,
naming the parameter and the fix; a model of one dtype, either, is fine."""
import numpy as np
import pytest

from neuralab import data, nn
from own_layer_kit import KitGain


def _mixed_model():
    return nn.Sequential(nn.Dense(2, 3), KitGain(3, dtype=np.float64), nn.Dense(3, 1))


def test_fit_refuses_a_float64_parameter_in_a_float32_model_naming_it_and_the_fix():
    X, y = data.load("moons", n_samples=16, seed=0)
    model = _mixed_model()
    with pytest.raises(TypeError) as info:
        model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0)
    message = str(info.value)
    assert "1.a" in message and "float64" in message and "float32" in message
    assert "dtype=nn.get_default_dtype()" in message and "model.to(np.float32)" in message


def test_predict_refuses_the_mix_too():
    with pytest.raises(TypeError, match=r"1\.a is float64"):
        _mixed_model().predict(np.ones((2, 2), np.float32))


def test_a_model_converted_to_one_dtype_trains_and_predicts_in_it():
    X, y = data.load("moons", n_samples=16, seed=0)
    model = _mixed_model().to(np.float32)
    model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0)
    assert model.predict(X).dtype == np.float32


def test_a_float64_default_makes_one_dtype_with_no_refusal(float64):
    model = nn.Sequential(nn.Dense(2, 3), KitGain(3), nn.Dense(3, 1))
    assert model.predict(np.ones((4, 2))).dtype == np.float64
