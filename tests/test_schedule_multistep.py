"""optim.MultiStepLR and optim.multi_step_decay against torch's MultiStepLR: alone, chained with
a warm-up and a hand's change of the lr, resumed from a state, and its arguments checked."""
import warnings

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler

from neuralab import nn, optim


def _multistep_pair(lr=0.1):
    """A neuralab SGD and a torch SGD over one weight each, with the same lr."""
    w = nn.Parameter([1.0])
    theirs = torch.nn.Parameter(torch.ones(1))
    return optim.SGD([w], lr=lr), torch.optim.SGD([theirs], lr=lr), w, theirs


def _multistep_lrs(opt, torch_opt, w, theirs, steppers, torch_steppers, epochs, by_hand=None):
    """Each epoch's lr in both, with an update then every scheduler stepped, as a loop does;
    ``by_hand`` = (epoch, lr): the lr set by hand after that epoch's steps, in both."""
    ours, torchs = [], []
    for epoch in range(epochs):
        ours.append(opt.lr)
        torchs.append(torch_opt.param_groups[0]["lr"])
        w.grad[...] = 1.0
        theirs.grad = torch.ones(1)
        opt.step()
        torch_opt.step()
        opt.zero_grad()
        for s in steppers:
            s.step()
        for s in torch_steppers:
            s.step()
        if by_hand and epoch == by_hand[0]:
            opt.lr = torch_opt.param_groups[0]["lr"] = by_hand[1]
    return ours, torchs


@pytest.mark.parametrize("milestones, gamma", [([3, 7], 0.1), ([5, 2, 9], 0.5), ([2, 2, 6], 0.3), ([0, 4], 0.5),
                                               ([1], 0.9)])
def test_multistep_lr_matches_torchs_lrs(milestones, gamma):
    opt, torch_opt, w, theirs = _multistep_pair()
    ours, torchs = _multistep_lrs(opt, torch_opt, w, theirs, [optim.MultiStepLR(opt, milestones, gamma)],
                                  [lr_scheduler.MultiStepLR(torch_opt, milestones, gamma)], 12)
    np.testing.assert_allclose(ours, torchs, rtol=1e-15, atol=0)
    schedule = optim.multi_step_decay(0.1, milestones, gamma)
    np.testing.assert_allclose([schedule(t) for t in range(12)], torchs, rtol=1e-15, atol=0)


def test_multistep_lr_chains_with_a_warmup_and_a_hands_change_as_torchs():
    opt, torch_opt, w, theirs = _multistep_pair()
    ours = [optim.LinearWarmup(opt, 4), optim.MultiStepLR(opt, [2, 6], 0.5)]
    torchs = [lr_scheduler.LinearLR(torch_opt, total_iters=4), lr_scheduler.MultiStepLR(torch_opt, [2, 6], 0.5)]
    got, expected = _multistep_lrs(opt, torch_opt, w, theirs, ours, torchs, 10, by_hand=(4, 0.03))
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=0)


def test_multistep_lr_after_a_warmup_starts_at_its_own_step_0_as_in_sequential_lr():
    opt, torch_opt, w, theirs = _multistep_pair()
    ours = optim.LinearWarmup(opt, 3, after=optim.MultiStepLR(opt, [2, 4], 0.1))
    warm = lr_scheduler.LinearLR(torch_opt, total_iters=3)
    theirs_sched = lr_scheduler.SequentialLR(torch_opt, [warm, lr_scheduler.MultiStepLR(torch_opt, [2, 4], 0.1)],
                                             milestones=[3])
    got, expected = _multistep_lrs(opt, torch_opt, w, theirs, [ours], [theirs_sched], 10)
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=0)


def test_multistep_lr_resumes_from_its_state():
    opt, torch_opt, w, theirs = _multistep_pair()
    scheduler = optim.MultiStepLR(opt, [4, 2], 0.5)
    for _ in range(3):
        w.grad[...] = 1.0
        opt.step()
        opt.zero_grad()
        scheduler.step()
    saved, saved_opt = scheduler.state_dict(), opt.state_dict()
    assert saved["options"] == {"milestones": [2, 4], "gamma": 0.5}
    again = optim.SGD([nn.Parameter([1.0])], lr=0.1)
    resumed = optim.MultiStepLR(again, [2, 4], 0.5)
    again.load_state_dict(saved_opt)
    resumed.load_state_dict(saved)
    for s in (scheduler, resumed):
        s.step()
    assert again.lr == opt.lr == 0.025
    with pytest.raises(ValueError, match=r"MultiStepLR\(milestones=\[2, 4\], gamma=0.5\), this is "
                                         r"MultiStepLR\(milestones=\[3\], gamma=0.5\)"):
        optim.MultiStepLR(optim.SGD([nn.Parameter([1.0])], lr=0.1), [3], 0.5).load_state_dict(saved)


@pytest.mark.parametrize("milestones, error, message", [
    ([], TypeError, r"milestones must be a non-empty list of steps, e.g. milestones=\[30, 80\]"),
    (30, TypeError, r"milestones must be a non-empty list of steps"),
    ([10, -1], ValueError, r"milestones\[1\] must be an integer >= 0"),
    ([10, 2.5], TypeError, r"milestones\[1\] must be an integer >= 0"),
])
def test_multistep_lrs_bad_milestones_are_refused_before_the_lr_changes(milestones, error, message):
    opt = optim.SGD([nn.Parameter([1.0])], lr=0.1)
    with pytest.raises(error, match=message):
        optim.MultiStepLR(opt, milestones)
    assert opt.lr == 0.1 and opt.initial_lr is None


def test_multistep_lr_growing_is_warned_of_and_its_function_refuses_an_optimizer():
    opt = optim.SGD([nn.Parameter([1.0])], lr=0.1)
    with pytest.warns(UserWarning, match=r"^MultiStepLR: gamma=2 is above 1, so the lr is multiplied by 2 at "
                                         r"each milestone and grows\. A decay has gamma below 1: gamma=0\.5"):
        optim.MultiStepLR(opt, [3], gamma=2.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        optim.MultiStepLR(optim.SGD([nn.Parameter([1.0])], lr=0.1), [3], gamma=1.0)   # constant: no warning
    with pytest.raises(TypeError, match=r"^multi_step_decay\(\) builds a schedule function, step -> lr, from the "
                                        r"lr itself.*optim\.MultiStepLR\(optimizer, milestones=\[30, 80\]\) is "
                                        r"the scheduler that takes an optimizer"):
        optim.multi_step_decay(opt, [30, 80])
