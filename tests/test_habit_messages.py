"""The words of the errors that answer a learner's habits say only what is so: a callable object
given as a callback is no "function: a learning-rate schedule", a torch tensor is no "PyTorch
module", and LogisticRegression's fit does not always run every step it is given."""
import functools
import re

import numpy as np
import pytest

from neuralab import classic, data, nn, optim
from neuralab.train.divergence import DivergenceWarning


def _habit_model_and_data():
    X, y = data.load("moons", n_samples=40, seed=0)
    return nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0)), X, y


def _refused_callback(model, X, y, callback):
    """The TypeError's text for ``callback`` in fit's callbacks; nothing trained."""
    opt = optim.SGD(model.parameters(), lr=0.1)
    weights = [p.data.copy() for p in model.parameters()]
    with pytest.raises(TypeError, match="^callbacks must be Callback instances, got ") as refused:
        model.fit(X, y, loss="bce", optimizer=opt, epochs=1, verbose=0, callbacks=[callback])
    assert opt.t == 0 and all(np.array_equal(p.data, w) for p, w in zip(model.parameters(), weights))
    return str(refused.value)


@pytest.mark.parametrize("make, named", [(lambda model: nn.Dense(2, 2), "Dense"),
                                         (lambda model: nn.BCELoss(), "BCELoss"),
                                         (lambda model: model, "Sequential"),
                                         (lambda model: np.exp, "ufunc")])
def test_a_callable_object_given_as_a_callback_is_named_by_its_type_not_as_a_function(make, named):
    model, X, y = _habit_model_and_data()
    message = _refused_callback(model, X, y, make(model))
    assert message.endswith(f"got {named}") and "function" not in message


@pytest.mark.parametrize("function", [lambda epoch: 0.1, functools.partial(max, 0.1), print])
def test_a_plain_function_given_as_a_callback_is_named_with_the_callbacks_that_run_one(function):
    model, X, y = _habit_model_and_data()
    message = _refused_callback(model, X, y, function)
    assert "got a function: a learning-rate schedule" in message and "LambdaCallback(on_epoch_end=f)" in message


@pytest.mark.parametrize("kind, ours", [("StepLR", r"here it is optim\.StepLR over neuralab's optimizer"),
                                        ("CosineAnnealingLR", (r"here it is one of optim\.StepLR, optim\."
                                                           r"CosineAnnealingWarmRestarts or optim\.LinearWarmup"))])
def test_a_torch_scheduler_given_as_a_callback_is_named_as_torchs_with_neuralabs(kind, ours):
    torch = pytest.importorskip("torch")
    torch_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = (torch.optim.lr_scheduler.StepLR(torch_opt, step_size=1) if kind == "StepLR"
                 else torch.optim.lr_scheduler.CosineAnnealingLR(torch_opt, T_max=10))
    model, X, y = _habit_model_and_data()
    for given in (scheduler, type(scheduler)):    # its class too, which was named only "type"
        message = _refused_callback(model, X, y, given)
        assert f"got torch's {kind} (torch.optim.lr_scheduler), which steps a torch optimizer" in message
        assert re.search(ours + r".*train\.LearningRateScheduler\(scheduler\)$", message)


def test_a_torch_tensor_in_sequential_is_named_as_torchs_not_as_a_module():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match=r"item 1 is torch's Tensor: a layer here is an object such as "
                                        r"nn\.Dense\(\.\.\.\)$"):
        nn.Sequential(nn.Dense(2, 2), torch.zeros(3))
    # a torch module still is one, with the layer of its job here
    with pytest.raises(TypeError, match=r"item 1 is torch's Linear, a PyTorch module: nn\.Dense"):
        nn.Sequential(nn.Dense(2, 2), torch.nn.Linear(2, 3))


def test_logistic_regressions_tol_hint_says_when_fit_stops_early_and_it_does():
    with pytest.raises(TypeError, match="unexpected keyword argument 'tol'") as refused:
        classic.LogisticRegression(2, tol=1e-3)
    assert "exactly" not in str(refused.value)
    assert "stops before a step only when the loss or the step would become infinite or NaN" in str(refused.value)
    # which it does: a step past the float range ends fit before the epochs it was given, with a warning
    X = np.array([[1e30, 0.0], [0.0, 1e30]], np.float32)
    model = classic.LogisticRegression(2, lr=1e30)
    with pytest.warns(DivergenceWarning, match="training stopped at step"):
        model.fit(X, [0, 1], epochs=5)
    assert len(model.loss_history) < 5
