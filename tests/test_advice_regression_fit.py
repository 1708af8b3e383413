"""fit and evaluate give BCELoss's refusal of a model ending with Dense the targets, so that a
regression's are sent to mse first and 0/1 classes to Sigmoid or bce_logits without mse (needs
fit and evaluate to call ``logits_model(model, loss, y)``)."""
import numpy as np
import pytest

from neuralab import nn

_X = np.random.default_rng(0).normal(size=(60, 2))
_TARGETS = {"regression": 3.7 * _X[:, :1] + 0.2, "classes": (_X[:, :1] > 0).astype(np.float64)}


def _rf_message(call):
    with pytest.raises(ValueError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize("method", ["fit", "evaluate"])
@pytest.mark.parametrize("task", ["regression", "classes"])
def test_a_dense_output_under_bce_is_told_the_way_of_its_targets(method, task):
    y = _TARGETS[task]
    model = nn.Sequential(nn.Dense(2, 8), nn.ReLU(), nn.Dense(8, 1))
    call = ((lambda: model.fit(_X, y, loss="bce", optimizer="adam", epochs=1, verbose=0)) if method == "fit"
            else (lambda: model.evaluate(_X, y, loss="bce")))
    message = _rf_message(call)
    if task == "regression":
        assert "(a regression)" in message and "use loss='mse'" in message
        assert "Sigmoid" not in message and "bce_logits" not in message
        nn.Sequential(nn.Dense(2, 8), nn.ReLU(), nn.Dense(8, 1)).fit(_X, y, loss="mse", optimizer="adam",
                                                                     epochs=1, verbose=0)
    else:
        assert message.startswith("the model ends with Dense") and "mse" not in message
        nn.Sequential(nn.Dense(2, 8), nn.ReLU(), nn.Dense(8, 1), nn.Sigmoid()).fit(
            _X, y, loss="bce", optimizer="adam", epochs=1, verbose=0)
