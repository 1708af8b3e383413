"""Names a learner brings from Keras, PyTorch and scikit-learn: a loss neuralab does not have is
said to be missing, not taken for the nearest name, another loss, and RMSE, which
neuralab train's table shows, is a metric by name."""
import math

import numpy as np
import pytest
from sklearn.metrics import mean_squared_error

from neuralab import nn
from neuralab.train.metrics import METRICS, resolve


@pytest.mark.parametrize("name, missing", [
    ("huber", "Huber loss"), ("SmoothL1Loss", "Huber loss"),
    ("nll_loss", "negative log-likelihood loss on log-probabilities")])
def test_a_loss_neuralab_lacks_is_said_to_be_missing_not_taken_for_another(name, missing):
    with pytest.raises(ValueError) as caught:
        nn.losses.get(name)
    message = str(caught.value)
    assert message.startswith(f"unknown loss {name!r}: neuralab has no {missing}")
    assert "did you mean" not in message and message.endswith("choose one of: mse, mae, bce, bce_logits, cross_entropy, hinge")


def test_rmse_is_the_square_root_of_the_mse_as_scikit_learn_computes_it():
    rng = np.random.default_rng(0)
    for shape in ((50,), (50, 1), (50, 3)):
        pred, y = rng.normal(size=shape), rng.normal(size=shape)
        expected = math.sqrt(mean_squared_error(y.reshape(50, -1), pred.reshape(50, -1)))
        assert METRICS["rmse"](pred, y) == pytest.approx(expected, rel=1e-12)


def test_rmse_by_name_in_fit_and_evaluate_and_keras_s_names_answered():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(40, 2)), rng.normal(size=40)
    model = nn.MLP([2, 4, 1])
    history = model.fit(X, y, loss="mse", optimizer="adam", epochs=2, verbose=0, metrics=["mse", "rmse"])
    assert history.history["rmse"][-1] == pytest.approx(math.sqrt(history.history["mse"][-1]), rel=1e-6)
    scores = model.evaluate(X, y, metrics=["rmse"])
    assert scores["rmse"] == pytest.approx(math.sqrt(scores["loss"]), rel=1e-9)
    for keras in ("root_mean_squared_error", "RootMeanSquaredError"):
        with pytest.raises(ValueError, match=f"Keras's {keras!r} is 'rmse' here"):
            resolve([keras], nn.MSELoss())
