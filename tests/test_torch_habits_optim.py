"""A PyTorch user's habits with optimizers, schedulers and the way back from an export: the
attributes and calls torch has and neuralab lacks name what does their job, Python's own words stay
for any other name, nothing changes on the way, and the ways named give torch's numbers."""
import numpy as np
import pytest
import torch

import neuralab
from neuralab import io, nn, optim


def _trained_a_step(opt_class=optim.SGD, **options):
    """A model, an optimizer over it that has taken one step, and a copy of the weights."""
    model = nn.MLP([2, 3, 1], rng=np.random.default_rng(0))
    opt = opt_class(model.parameters(), **options)
    loss = nn.MSELoss()
    loss(model.forward(np.ones((4, 2)), training=True), np.zeros((4, 1)))
    model.backward(loss.backward())
    opt.step()
    return model, opt, [p.data.copy() for p in model.parameters()]


@pytest.mark.parametrize("name, way", [
    ("param_groups", r"its learning rate is optimizer\.lr .*optim\.Adam\(head\.parameters\(\), lr=0\.01\), "
                     r"stepped in the same loop$"),
    ("add_param_group", r"its parameters are fixed when it is built: layers added later \(a new head\) "
                        r"train with an optimizer of their own over them, optim\.Adam\(head\.parameters"
                        r"\(\), lr=0\.01\)"),
    ("defaults", r"its options are attributes, optimizer\.lr, optimizer\.weight_decay, \.\.\., all of "
                 r"them listed in optimizer\.state_dict\(\)\['param_groups'\]\[0\]$"),
])
def test_torch_optimizer_attributes_name_the_way_here(name, way):
    model, opt, _ = _trained_a_step(optim.Adam, lr=0.1)
    with pytest.raises(AttributeError, match=rf"^Adam has no {name}: {way}") as refused:
        getattr(opt, name)
    assert (refused.value.name, refused.value.obj) == (name, opt)
    assert not hasattr(opt, name) and opt.lr == 0.1
    with pytest.raises(AttributeError, match=r"^'Adam' object has no attribute 'momentum_buffer'$"):
        opt.momentum_buffer                     # any other name: Python's own words


def test_a_closure_given_to_step_is_refused_before_anything_changes():
    model, opt, weights = _trained_a_step(lr=0.1)
    for p in model.parameters():
        p.grad = np.ones_like(p.data)
    with pytest.raises(TypeError, match=r"^SGD\.step\(\) takes no closure \(torch's, for LBFGS\): compute "
                                        r"the loss and model\.backward\(loss\.backward\(\)\) first"):
        opt.step(lambda: 0.0)
    assert opt.t == 1 and all(np.array_equal(p.data, w) for p, w in zip(model.parameters(), weights))
    opt.step(closure=None)                      # torch's default spelt out: the step runs
    assert opt.t == 2 and not np.array_equal(model[0].weight.data, weights[0])


@pytest.mark.parametrize("name, way", [
    ("get_lr", r"scheduler\.get_last_lr\(\) is the lr its last step\(\) set, as in torch"),
    ("base_lrs", r"scheduler\.base_lr is the lr its schedule starts from \(torch's base_lrs\[0\]"),
])
def test_torch_scheduler_attributes_name_the_way_here_and_it_gives_torch_s_values(name, way):
    model, opt, _ = _trained_a_step(lr=0.1)
    scheduler = optim.StepLR(opt, step_size=2, gamma=0.5)
    reference_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    reference = torch.optim.lr_scheduler.StepLR(reference_opt, step_size=2, gamma=0.5)
    for _ in range(3):
        scheduler.step()
        reference_opt.step()
        reference.step()
    with pytest.raises(AttributeError, match=rf"^StepLR has no {name}: {way}"):
        getattr(scheduler, name)
    assert scheduler.get_last_lr() == reference.get_last_lr() == [opt.lr]
    assert [scheduler.base_lr] == reference.base_lrs
    with pytest.raises(AttributeError, match=r"^'StepLR' object has no attribute 'gama'$"):
        scheduler.gama


def test_a_torch_optimizer_s_state_is_refused_as_torch_s_and_changes_nothing():
    model, opt, weights = _trained_a_step(optim.Adam, lr=0.1)
    module = io.to_torch(model)
    reference = torch.optim.Adam(module.parameters(), lr=0.5)
    torch.nn.functional.mse_loss(module(torch.ones(4, 2)), torch.zeros(4, 1)).backward()
    reference.step()
    before = opt.state_dict()
    with pytest.raises(ValueError, match=r"^state has no 'optimizer' and no 't': it is a torch optimizer's "
                                         r"state_dict\(\), which a neuralab optimizer does not load"):
        opt.load_state_dict(reference.state_dict())
    assert opt.lr == 0.1 and opt.state_dict()["t"] == before["t"] == 1
    for i, entry in before["state"].items():
        for key, value in entry.items():
            np.testing.assert_array_equal(opt.state_dict()["state"][i][key], value)


def test_from_torch_names_the_copy_by_name_and_that_copy_gives_torch_s_outputs(float64):
    with pytest.raises(AttributeError, match=r"^neuralab\.io has no from_torch: copy a module's weights back "
                                             r"into the model that to_torch made it from, by name") as refused:
        io.from_torch
    for copy in ("p.data[...] = state[name].numpy()", "b[...] = state[name].numpy()"):   # as below
        assert copy in str(refused.value)
    with pytest.raises(AttributeError, match=r"^module 'neuralab\.io' has no attribute 'to_onnx'$"):
        io.to_onnx
    neuralab.seed(0)
    model = nn.MLP([3, 8, 2], batchnorm=True)
    module = io.to_torch(model)
    module.train()
    X, y = torch.from_numpy(np.random.default_rng(0).standard_normal((16, 3))), torch.tensor([0, 1] * 8)
    reference = torch.optim.Adam(module.parameters(), lr=0.05)
    for _ in range(10):
        torch.nn.functional.cross_entropy(module(X), y).backward()
        reference.step()
        reference.zero_grad()
    state = module.state_dict()                 # the loop the message names, as it reads there
    for name, p in model.named_parameters():
        p.data[...] = state[name].numpy()
    for name, b in model.named_buffers():
        b[...] = state[name].numpy()
    module.eval()
    assert not np.allclose(model[1].running_var, 1.0)    # the statistics came back too
    np.testing.assert_allclose(model.predict(X.numpy()), module(X).detach().numpy(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("batchnorm, bounds", [(False, [(0, 32), (32, 64), (64, 96), (96, 100)]),
                                               (True, [(0, 32), (32, 64), (64, 100)])])
def test_fit_steps_as_a_torch_loop_over_the_dataloader_s_batches_but_joins_a_short_one_with_batchnorm(
        float64, batchnorm, bounds):
    # docs/training.md's table: fit's batches are the DataLoader's (shuffle=False), except that
    # with BatchNorm1d the last 4 of 100 samples in batches of 32 join the batch before them
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((100, 3)), rng.integers(0, 3, 100)
    model = nn.MLP([3, 8, 3], batchnorm=batchnorm, rng=np.random.default_rng(1))
    module = io.to_torch(model)
    module.train()
    reference = torch.optim.Adam(module.parameters(), lr=0.01)
    model.fit(X, y, loss="cross_entropy", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=2,
              batch_size=32, shuffle=False, verbose=0)
    for _ in range(2):
        for start, stop in bounds:
            out = module(torch.from_numpy(X[start:stop]))
            torch.nn.functional.cross_entropy(out, torch.from_numpy(y[start:stop])).backward()
            reference.step()
            reference.zero_grad()
    for p, q in zip(model.parameters(), module.parameters(), strict=True):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=0, atol=1e-13)
