"""A learner's habits from torch and Keras loops, met while walking through the library: each is
answered with the way to write it here, and refused before anything changes."""
import numpy as np
import pytest

from neuralab import data, nn, optim, train


def _walkthrough_moons_model():
    X, y = data.load("moons", n_samples=40, seed=0)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    return model, X, y


@pytest.mark.parametrize("make, says", [
    (lambda opt: optim.StepLR(opt, step_size=2), r"StepLR, a learning-rate scheduler: .*train\.LearningRateScheduler\(scheduler\)"),
    (lambda opt: optim.step_decay(0.1, 2), r"a function: a learning-rate schedule, .*train\.LearningRateScheduler\(f\)"),
    (lambda opt: lambda epoch, logs: None, r"a function: .*train\.LambdaCallback\(on_epoch_end=f\)"),
    # a class, not built: the message said only "got type"
    (lambda opt: optim.StepLR, r"the class StepLR \(build one: StepLR\(optimizer, \.\.\.\)\), a learning-rate "
                               r"scheduler: .*train\.LearningRateScheduler\(scheduler\)"),
    (lambda opt: nn.ReLU, r"the class ReLU, which is no callback: a callback is an instance of a subclass of "
                          r"train\.Callback"),
])
@pytest.mark.parametrize("listed", [True, False])
def test_a_scheduler_or_function_given_as_a_callback_is_refused_with_the_callback_that_runs_it(make, says, listed):
    """torch steps its scheduler in the loop and Keras takes schedules as callbacks: a scheduler
    or a function put in callbacks= is named with the callback that runs it (the message said
    only "got StepLR" or "got function"), and a class with what to do with it, before any weight
    or the lr moves."""
    model, X, y = _walkthrough_moons_model()
    opt = optim.SGD(model.parameters(), lr=0.1)
    callback = make(opt)
    lr, weights = opt.lr, [p.data.copy() for p in model.parameters()]
    with pytest.raises(TypeError, match=r"^callbacks must be .*got " + says):
        model.fit(X, y, loss="bce", optimizer=opt, epochs=2, verbose=0,
                  callbacks=[callback] if listed else callback)
    assert opt.lr == lr and opt.t == 0
    assert all(np.array_equal(p.data, w) for p, w in zip(model.parameters(), weights))


def _walkthrough_steps(zero_grad_after_step, backwards_per_step=1, steps=3):
    """A hand loop of SGD steps on a fixed batch, as torch writes it, with zero_grad after each step
    or forgotten; returns the weights after each step, and the same loop's weights in torch."""
    import torch
    X, y = data.load("moons", n_samples=16, seed=0)
    model = nn.Sequential(nn.Dense(2, 3, rng=np.random.default_rng(0)), nn.Tanh(), nn.Dense(3, 1, rng=np.random.default_rng(1)))
    reference = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)).double()
    with torch.no_grad():
        for ours, theirs in zip(model.parameters(), reference.parameters()):
            theirs.copy_(torch.from_numpy(ours.data.astype(np.float64)))
    opt, torch_opt = optim.SGD(model.parameters(), lr=0.1), torch.optim.SGD(reference.parameters(), lr=0.1)
    loss, ours, theirs = nn.BCEWithLogitsLoss(), [], []
    for _ in range(steps):
        for _ in range(backwards_per_step):
            loss(model.forward(X, training=True), y)
            model.backward(loss.backward())
            torch.nn.functional.binary_cross_entropy_with_logits(
                reference(torch.from_numpy(X.astype(np.float64))), torch.from_numpy(y.astype(np.float64))[:, None]).backward()
        opt.step()
        torch_opt.step()
        if zero_grad_after_step:
            opt.zero_grad()
            torch_opt.zero_grad()
        ours.append(model[0].weight.data.copy())
        theirs.append(reference[0].weight.detach().numpy().copy())
    return ours, theirs


def test_a_loop_that_forgets_zero_grad_is_warned_at_its_second_step_and_steps_as_torch():
    """Without zero_grad, the second backward adds to the gradient the first step applied, and
    every step applies all the gradients so far again, as in torch: the loss climbs with nothing
    said (a learner's run went from 1.3 to 65 in three epochs). The step warns, and steps as
    torch does all the same."""
    with pytest.warns(UserWarning, match=r"the gradients were not cleared after the last step.*"
                                         r"Call optimizer\.zero_grad\(\) after each step") as caught:
        ours, theirs = _walkthrough_steps(zero_grad_after_step=False)
    assert len(caught) == 2   # the second and third steps, not the first
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_a_parameter_tells_a_gradient_piled_on_one_a_step_applied():
    """``p.piled``, what the step's warning reads, set by a backward after ``mark_stepped`` (which
    step calls on the parameters it updated), and only then; zero_grad clears it."""
    w = nn.Parameter([1.0, 2.0], "w")
    w.accumulate(np.multiply, [1.0, 1.0], 0.5)
    w.accumulate(np.multiply, [1.0, 1.0], 0.5)        # two backwards before a step: no mistake
    assert not w.piled
    w.mark_stepped()
    assert not w.piled                                 # nothing added to it yet
    w.accumulate(np.multiply, [1.0, 1.0], 0.5)
    assert w.piled
    w.zero_grad()
    assert not w.piled
    w.accumulate(np.multiply, [1.0, 1.0], 0.5)
    optim.SGD([w], lr=0.1).step()
    w.accumulate(np.multiply, [1.0, 1.0], 0.5)
    assert w.piled


@pytest.mark.parametrize("backwards_per_step", [1, 2])
def test_a_loop_that_clears_after_each_step_is_not_warned_even_accumulating_backwards(backwards_per_step):
    """Backward passes that add up before one step (a large batch accumulated), each step
    followed by zero_grad, are no mistake: no warning (pytest makes one an error), torch's numbers."""
    ours, theirs = _walkthrough_steps(zero_grad_after_step=True, backwards_per_step=backwards_per_step)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_steps_on_one_gradient_with_no_backward_between_are_not_warned():
    """Stepping again on a gradient written by hand (the optimizers' docstrings show momentum
    building up that way) adds nothing to it: no warning."""
    w = nn.Parameter([1.0, 2.0], "w")
    w.grad[...] = [0.5, -1.0]
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    for _ in range(3):
        opt.step()
    np.testing.assert_allclose(w.data, [1 - 0.1 * 0.5 * (1 + 1.9 + 2.71), 2 + 0.1 * (1 + 1.9 + 2.71)], rtol=1e-6)


@pytest.mark.parametrize("clear", [lambda g: g.__setitem__(Ellipsis, 0), lambda g: g.fill(0),
                                   lambda g: g.__imul__(0)], ids=["grad[...] = 0", "fill(0)", "*= 0"])
def test_a_loop_that_clears_the_gradients_in_place_is_not_warned(clear):
    """torch's p.grad.zero_() written on the arrays (p.grad[...] = 0) clears them as zero_grad
    does: the next backward piles nothing up, so no warning (pytest makes one an error)."""
    model, X, y = _walkthrough_moons_model()
    loss, opt = nn.BCELoss(), optim.SGD(model.parameters(), lr=0.1)
    for start in range(0, 40, 10):
        for p in model.parameters():
            clear(p.grad)
        loss(model.forward(X[start:start + 10], training=True), y[start:start + 10])
        model.backward(loss.backward())
        opt.step()
    assert opt.t == 4
