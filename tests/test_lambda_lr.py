"""LambdaLR, ExponentialLR and their schedule functions against torch.optim.lr_scheduler: the same
lr at every step, alone and stepped with another scheduler; bad arguments refused before any change."""
import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as tls

from neuralab import nn, optim
from neuralab.nn.parameter import Parameter

BASE_LR, STEPS = 0.05, 40


def _inverse_time(t):
    return 1 / (1 + 0.3 * t)


CASES = {   # (our scheduler, torch's, our schedule function)
    "lambda-inverse-time": (lambda o: optim.LambdaLR(o, _inverse_time), lambda o: tls.LambdaLR(o, _inverse_time),
                            optim.lambda_lr(BASE_LR, _inverse_time)),
    "lambda-warmup-then-flat": (lambda o: optim.LambdaLR(o, lambda t: min(1.0, (t + 1) / 5)),
                                lambda o: tls.LambdaLR(o, lambda t: min(1.0, (t + 1) / 5)),
                                optim.lambda_lr(BASE_LR, lambda t: min(1.0, (t + 1) / 5))),
    "exponential": (lambda o: optim.ExponentialLR(o, gamma=0.9), lambda o: tls.ExponentialLR(o, gamma=0.9),
                    optim.exponential_decay(BASE_LR, 0.9)),
}


def _torch_lrs(make, steps=STEPS):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE_LR)
    schedulers = make(opt)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(steps - 1):
        opt.step()
        for scheduler in schedulers if isinstance(schedulers, list) else [schedulers]:
            scheduler.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def _our_lrs(make, steps=STEPS):
    opt = optim.SGD([Parameter(np.zeros(1))], lr=BASE_LR)
    schedulers = make(opt)
    lrs = [opt.lr]
    for _ in range(steps - 1):
        for scheduler in schedulers if isinstance(schedulers, list) else [schedulers]:
            scheduler.step()
        lrs.append(opt.lr)
    return lrs


@pytest.mark.parametrize("name", CASES)
def test_scheduler_and_schedule_function_match_torch(name):
    ours, theirs, function = CASES[name]
    expected = _torch_lrs(theirs)
    np.testing.assert_allclose(_our_lrs(ours), expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose([function(t) for t in range(STEPS)], expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("ours, theirs", [
    # torch's chainable ExponentialLR multiplies what a StepLR left; a closed-form LambdaLR stepped last
    # sets its own value, whatever the other did
    (lambda o: [optim.StepLR(o, 5, 0.5), optim.ExponentialLR(o, 0.9)],
     lambda o: [tls.StepLR(o, 5, 0.5), tls.ExponentialLR(o, 0.9)]),
    (lambda o: [optim.StepLR(o, 5, 0.5), optim.LambdaLR(o, _inverse_time)],
     lambda o: [tls.StepLR(o, 5, 0.5), tls.LambdaLR(o, _inverse_time)]),
])
def test_stepped_with_another_scheduler_as_torch(ours, theirs):
    np.testing.assert_allclose(_our_lrs(ours, 20), _torch_lrs(theirs, 20), rtol=1e-12, atol=0)


def test_lambda_lr_step_epoch_jumps_to_that_epoch_as_torchs_closed_form():
    opt = optim.SGD([Parameter(np.zeros(1))], lr=BASE_LR)
    scheduler = optim.LambdaLR(opt, _inverse_time)
    scheduler.step(7)
    assert opt.lr == BASE_LR * _inverse_time(7) and scheduler.last_epoch == 7


def test_state_dict_resumes_where_it_was():
    opt = optim.SGD([Parameter(np.zeros(1))], lr=BASE_LR)
    scheduler = optim.LambdaLR(opt, _inverse_time)
    for _ in range(3):
        scheduler.step()
    state = scheduler.state_dict()
    other_opt = optim.SGD([Parameter(np.zeros(1))], lr=BASE_LR)
    resumed = optim.LambdaLR(other_opt, _inverse_time)
    resumed.load_state_dict(state)
    resumed.step()
    assert other_opt.lr == pytest.approx(BASE_LR * _inverse_time(4), rel=1e-12)


@pytest.mark.parametrize("make, error, words", [
    (lambda o: optim.LambdaLR(o, 0.95), TypeError, r"lr_lambda must be a function of the step giving a factor "
                                                   r"of the lr, e\.g\. lambda t: 0\.95 \*\* t, got float"),
    (lambda o: optim.LambdaLR(o, [_inverse_time]), TypeError, r"lr_lambda must be a function .*got list"),
    (lambda o: optim.LambdaLR(o, lambda t: -1.0), ValueError, r"lr_lambda\(0\) must be a factor of the lr, "
                                                              r"a finite number >= 0, got -1\.0"),
    (lambda o: optim.LambdaLR(o, lambda t: float("nan")), ValueError, r"lr_lambda\(0\)"),
    (lambda o: optim.LambdaLR(o, _inverse_time, last_epoch=3), TypeError, r"load_state_dict"),
    (lambda o: optim.ExponentialLR(o, gamma=0), ValueError, r"gamma"),
    (lambda o: optim.ExponentialLR(o), TypeError, r"gamma"),
])
def test_bad_arguments_are_refused_before_any_change(make, error, words):
    opt = optim.SGD([Parameter(np.zeros(1))], lr=BASE_LR)
    with pytest.raises(error, match=words):
        make(opt)
    assert opt.lr == BASE_LR and opt.initial_lr is None


def test_a_factor_that_goes_negative_later_is_refused_at_that_step_and_the_lr_kept():
    opt = optim.SGD([Parameter(np.zeros(1))], lr=BASE_LR)
    scheduler = optim.LambdaLR(opt, lambda t: 1 - t / 2)
    for _ in range(2):
        scheduler.step()
    with pytest.raises(ValueError, match=r"lr_lambda\(3\) must be a factor of the lr"):
        scheduler.step()
    assert opt.lr == 0.0 and scheduler.last_epoch == 2


def test_a_function_giving_the_lr_itself_is_warned_of():
    # Keras's and LearningRateScheduler's habit: the function gives the lr, which LambdaLR multiplies again
    opt = optim.SGD([Parameter(np.zeros(1))], lr=BASE_LR)
    with pytest.warns(UserWarning, match=r"lr_lambda\(0\) is 0\.05, the optimizer's lr itself.*gives a factor"):
        optim.LambdaLR(opt, lambda t: BASE_LR / (1 + 0.3 * t))


def test_the_functions_refuse_an_optimizer_with_the_scheduler_that_takes_one():
    opt = optim.SGD([Parameter(np.zeros(1))], lr=0.1)
    with pytest.raises(TypeError, match=r"optim\.LambdaLR\(optimizer, lambda t: 0\.95 \*\* t\)"):
        optim.lambda_lr(opt, _inverse_time)
    with pytest.raises(TypeError, match=r"optim\.ExponentialLR\(optimizer, gamma=0\.95\)"):
        optim.exponential_decay(opt, 0.9)


def test_exponential_lr_above_one_warns_that_it_grows():
    opt = optim.SGD([Parameter(np.zeros(1))], lr=0.1)
    with pytest.warns(UserWarning, match=r"gamma=1\.1 is above 1"):
        optim.ExponentialLR(opt, gamma=1.1)


def test_new_schedulers_in_dir_and_torch_names_no_longer_answer_them():
    assert {"LambdaLR", "ExponentialLR", "lambda_lr", "exponential_decay", "inverse_time_decay"} <= set(dir(optim))
    assert "LambdaLR" not in optim.TORCH_NAMES and "ExponentialLR" not in optim.TORCH_NAMES
    with pytest.raises(AttributeError, match=r"optim\.ExponentialLR, optim\.LambdaLR"):
        optim.lr_scheduler  # noqa: B018
