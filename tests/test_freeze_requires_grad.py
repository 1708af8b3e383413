"""torch's requires_grad_ and the freezing switches, answered for the model in front of the
learner: the part being frozen is named, and every optimizer the answer advises, run as written,
freezes what was meant and trains the rest (``nn.freeze_flags.frozen_here``)."""
import re

import numpy as np
import pytest

from neuralab import data, nn, optim

# an advised call as the message writes it: optimizer=optim.Adam(...), one level of () inside
_ADVISED = re.compile(r"optimizer=(optim\.Adam\((?:[^()]|\([^()]*\))*\))")


def _fr_model():
    return nn.MLP([2, 16, 16, 1], output="sigmoid", rng=np.random.default_rng(0))   # Dense at 0, 2, 4


def _fr_message(call, error):
    with pytest.raises(error) as caught:
        call()
    return str(caught.value)


def _fr_fit_as_advised(model, advised):
    """Fit with the optimizer ``advised`` builds, run as the message writes it; which of the
    model's arrays moved, by name."""
    X, y = data.load("moons", n_samples=64, noise=0.2, seed=0)
    before = {name: p.data.copy() for name, p in model.named_parameters()}
    optimizer = eval(advised, {"optim": optim, "model": model})   # noqa: S307 (the advice, literally)
    model.fit(X, y, loss="bce", optimizer=optimizer, epochs=2, verbose=0)
    return {name for name, p in model.named_parameters() if not np.array_equal(p.data, before[name])}


ALL = {"0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"}


@pytest.mark.parametrize("how", ["requires_grad_", "requires_grad = False"])
@pytest.mark.parametrize("layer", [0, 2])
def test_a_frozen_weight_names_its_layer_and_both_advised_optimizers_work(how, layer):
    # "optimizer=optim.Adam(model[i].parameters()) trains layer i alone", whatever the model
    model = _fr_model()
    weight = model[layer].weight
    message = (_fr_message(lambda: weight.requires_grad_, AttributeError) if how == "requires_grad_"
               else _fr_message(lambda: setattr(weight, "requires_grad", False), ValueError))
    assert f"model[{layer}].weight is a parameter of model[{layer}], Dense(" in message
    advised = _ADVISED.findall(message)
    assert len(advised) == 2, message
    whole, alone = advised                     # the layer, then the weight alone as torch freezes it
    assert _fr_fit_as_advised(model, whole) == ALL - {f"{layer}.weight", f"{layer}.bias"}
    assert _fr_fit_as_advised(model, alone) == ALL - {f"{layer}.weight"}


def test_a_frozen_layer_gets_the_optimizer_over_all_the_others_not_the_last_alone():
    # model[0].trainable = False advised model[-2] alone, which froze model[2] too
    model = _fr_model()
    message = _fr_message(lambda: setattr(model[0], "trainable", False), ValueError)
    [advised] = _ADVISED.findall(message)
    assert advised == "optim.Adam(model[1:].parameters())"
    assert _fr_fit_as_advised(model, advised) == ALL - {"0.weight", "0.bias"}


@pytest.mark.parametrize("how", ["requires_grad_", "trainable = False"])
def test_freezing_the_whole_model_says_nothing_would_train_and_fine_tunes_its_last_layer(how):
    model = _fr_model()
    message = (_fr_message(lambda: model.requires_grad_, AttributeError) if how == "requires_grad_"
               else _fr_message(lambda: setattr(model, "trainable", False), ValueError))
    assert "freezing the whole model would leave nothing to train" in message
    [advised] = _ADVISED.findall(message)
    assert advised == "optim.Adam(model[-2].parameters())"    # model[-1] is the Sigmoid
    assert _fr_fit_as_advised(model, advised) == {"4.weight", "4.bias"}


def test_an_activation_said_to_be_frozen_has_nothing_to_freeze():
    model = _fr_model()
    message = _fr_message(lambda: setattr(model[1], "trainable", False), ValueError)
    assert "ReLU(), model[1], has no parameters: there is nothing to freeze" in message
    assert not _ADVISED.findall(message)
