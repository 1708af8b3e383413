"""An optimizer of your own (``init_state`` and ``update``, as help(optim.Optimizer) shows) is
told when its update writes a new array instead of into the one it got: ``p.data = p.data - ...``
trained nothing, without a word (the loss stayed flat), and ``state["G"] = state["G"] + g²`` was
lost at a step where only some parameters got a gradient. One that forgot
``super().__init__(params, lr)`` is told that, not "has no attribute 't'"."""
import numpy as np
import pytest

from neuralab import nn, optim


class SignSGD(optim.Optimizer):
    """θ = θ − η · sign(g), written into p.data, or with ``rebind`` as a new array."""

    STATE_NAMES = {}

    def __init__(self, params, lr=0.1, rebind=False):
        super().__init__(params, lr)
        self.rebind = rebind

    def init_state(self, p):
        return {}

    def update(self, p, state, t):
        if self.rebind:
            p.data = p.data - self.lr * np.sign(p.grad)
        else:
            p.data -= self.lr * np.sign(p.grad)


class OwnAdagrad(optim.Optimizer):
    """G = G + g², θ = θ − η g / (√G + ε), G written into, or with ``rebind`` made anew."""

    STATE_NAMES = {"G": "sum"}

    def __init__(self, params, lr=0.1, rebind=False):
        super().__init__(params, lr)
        self.rebind = rebind

    def init_state(self, p):
        return {"G": np.zeros_like(p.data)}

    def update(self, p, state, t):
        if self.rebind:
            state["G"] = state["G"] + p.grad ** 2
        else:
            state["G"] += p.grad ** 2
        p.data -= self.lr * p.grad / (np.sqrt(state["G"]) + 1e-10)


def _step(opt, layer, only_weight=False):
    layer.forward(np.random.default_rng(0).standard_normal((4, 2)), training=True)
    layer.backward(np.ones((4, 3)))
    if only_weight:   # a step where the bias got no gradient: update gets stretches of the groups
        layer.bias.zero_grad()
    opt.step()
    opt.zero_grad()


def test_an_update_that_writes_into_p_data_trains():
    layer = nn.Dense(2, 3, rng=np.random.default_rng(1))
    before = layer.weight.data.copy()
    _step(SignSGD(layer.parameters()), layer)
    assert not np.array_equal(layer.weight.data, before)


def test_an_update_that_replaces_p_data_is_refused_and_changes_nothing():
    layer = nn.Dense(2, 3, rng=np.random.default_rng(1))
    opt = SignSGD(layer.parameters(), rebind=True)
    before = layer.weight.data.copy()
    with pytest.raises(TypeError, match=r"^SignSGD\.update replaced p\.data with a new array \(p\.data = "
                                        r"p\.data - \.\.\.\), .* write into it, e\.g\. p\.data -= self\.lr \* p\.grad$"):
        _step(opt, layer)
    np.testing.assert_array_equal(layer.weight.data, before)
    opt.rebind = False   # the same optimizer, mended, trains the same parameters
    _step(opt, layer)
    assert not np.array_equal(layer.weight.data, before)


@pytest.mark.parametrize("only_weight", [False, True])
def test_an_update_that_replaces_a_state_array_is_refused(only_weight):
    layer = nn.Dense(2, 3, rng=np.random.default_rng(1))
    with pytest.raises(TypeError, match=r"^OwnAdagrad\.update replaced state\['G'\] with a new array: write "
                                        r"into it, e\.g\. state\['G'\] \+= p\.grad \*\* 2"):
        _step(OwnAdagrad(layer.parameters(), rebind=True), layer, only_weight)


def test_an_update_writing_into_its_state_matches_torch_at_steps_that_miss_a_parameter():
    torch = pytest.importorskip("torch")
    layer = nn.Dense(2, 3, rng=np.random.default_rng(1)).to(np.float64)
    reference = [torch.nn.Parameter(torch.from_numpy(p.data.copy())) for p in layer.parameters()]
    ours, theirs = OwnAdagrad(layer.parameters()), torch.optim.Adagrad(reference, lr=0.1)
    for step in range(4):
        _step(ours, layer, only_weight=step % 2 == 1)
        x = torch.from_numpy(np.random.default_rng(0).standard_normal((4, 2)))
        (x @ reference[0].T + reference[1]).sum().backward()
        if step % 2 == 1:
            reference[1].grad = None
        theirs.step()
        theirs.zero_grad()
    for p, q in zip(layer.parameters(), reference):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-12)


def test_an_optimizer_without_super_init_is_told_to_call_it():
    class NoSuper(optim.Optimizer):
        def __init__(self, params, lr=0.1):
            self.params, self.lr_value = list(params), lr

        def init_state(self, p):
            return {}

        def update(self, p, state, t):
            p.data -= self.lr * np.sign(p.grad)

    layer = nn.Dense(2, 3)
    with pytest.raises(AttributeError, match=r"^NoSuper\.__init__ must call super\(\)\.__init__\(params, lr\), "
                                             r"which sets up the parameters, the step count t and the lr"):
        _step(NoSuper(layer.parameters()), layer)
