"""BCELoss given a model whose outputs are no probabilities: the way out it names first depends
on the targets. A regression's (y = 3.7 x + 0.2) goes to mse before anything else (Sigmoid and
bce_logits would refuse them next); 0/1 classes get Sigmoid and bce_logits, without mse
(``train.logits.logits_model``, deciding by ``nn.binary_cross_entropy.regression_refusal``)."""
import numpy as np
import pytest

from neuralab import nn
from neuralab.nn import losses
from neuralab.nn.binary_cross_entropy import regression_refusal
from neuralab.train.logits import logits_model

_X = np.random.default_rng(0).normal(size=(60, 2))
REGRESSION = 3.7 * _X[:, :1] + 0.2
CLASSES = (_X[:, :1] > 0).astype(np.float64)


def _rt_model(output, k=1):
    return nn.MLP([2, 8, k], output=output, rng=np.random.default_rng(0))


def _rt_refusal(model, y):
    with pytest.raises(ValueError) as caught:
        logits_model(model, losses.get("bce"), y)
    return str(caught.value)


@pytest.mark.parametrize("output, k", [(None, 1), ("softmax", 3)])
def test_a_regression_target_is_sent_to_mse_first_whatever_the_last_layer(output, k):
    message = _rt_refusal(_rt_model(output, k), REGRESSION)
    assert "look like quantities to predict (a regression)" in message and "use loss='mse'" in message
    assert "Sigmoid" not in message and "bce_logits" not in message and "cross_entropy" not in message
    history = _rt_model(None).fit(_X, REGRESSION, loss="mse", optimizer="adam", epochs=2, verbose=0)  # as advised
    assert np.isfinite(history["loss"]).all()


def test_the_regression_refusal_is_the_one_a_sigmoid_model_gets_from_the_loss():
    # one decision, one text: the Dense model is told what the Sigmoid it was sent to would say
    with pytest.raises(ValueError) as caught:
        _rt_model("sigmoid").fit(_X, REGRESSION, loss="bce", optimizer="adam", epochs=1, verbose=0)
    assert _rt_refusal(_rt_model(None), REGRESSION) == str(caught.value)


def test_classes_0_1_are_sent_to_sigmoid_or_bce_logits_without_mse():
    message = _rt_refusal(_rt_model(None), CLASSES)
    assert message.startswith("the model ends with Dense") and "mse" not in message
    assert message.index("Sigmoid") < message.index("bce_logits")
    _rt_model("sigmoid").fit(_X, CLASSES, loss="bce", optimizer="adam", epochs=1, verbose=0)       # as advised
    _rt_model(None).fit(_X, CLASSES, loss="bce_logits", optimizer="adam", epochs=1, verbose=0)


def test_without_the_targets_the_refusal_names_all_three_ways_mse_last():
    message = _rt_refusal(_rt_model(None), None)
    assert message.index("Sigmoid") < message.index("bce_logits") < message.index("loss='mse'")


@pytest.mark.parametrize("y", [CLASSES * 2 - 1, CLASSES + 1, CLASSES * 0.8 + 0.1, CLASSES.astype(bool),
                               np.array(["yes", "no"]), [[0.0, 1.0], [1.0]]])
def test_labels_probabilities_and_what_is_no_numbers_are_no_regression(y):
    # -1/+1 and 1/2 are labels to map (the loss names the mapping), [0.1, 0.9] probabilities
    assert regression_refusal("BCELoss", y) == ""
