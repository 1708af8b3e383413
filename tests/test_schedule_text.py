"""Schedules written as text (the CLI's --schedule and the playground's URL)."""
import numpy as np
import pytest

from neuralab import nn, optim


def _opt(lr=0.1):
    return optim.SGD(nn.Dense(2, 1).parameters(), lr=lr)


def _lrs(scheduler, n):
    out = [scheduler.optimizer.lr]
    for _ in range(n - 1):
        scheduler.step()
        out.append(scheduler.optimizer.lr)
    return out


@pytest.mark.parametrize("text, schedule", [
    ("step:3:0.5", optim.step_decay(0.1, 3, 0.5)),
    ("step:4", optim.step_decay(0.1, 4)),
    ("cosine:5:2", optim.cosine_warm_restarts(0.1, 5, 2)),
    ("cosine:6", optim.cosine_warm_restarts(0.1, 6)),
    ("warmup:4", optim.linear_warmup(0.1, 4)),
    ("warmup:3,step:5:0.2", optim.linear_warmup(0.1, 3, then=optim.step_decay(0.1, 5, 0.2))),
    (" warmup:2, cosine:4 ", optim.linear_warmup(0.1, 2, then=optim.cosine_warm_restarts(0.1, 4))),
    ("Warmup:2,STEP:3:0.5", optim.linear_warmup(0.1, 2, then=optim.step_decay(0.1, 3, 0.5))),  # any case
])
def test_text_gives_the_same_lrs_as_the_schedule_function(text, schedule):
    scheduler = optim.parse_schedule(text, _opt())
    np.testing.assert_allclose(_lrs(scheduler, 30), [schedule(t) for t in range(30)], rtol=1e-12)


@pytest.mark.parametrize("text, message", [
    ("linear:3", "unknown schedule 'linear'"),
    ("step", "needs a number after 'step:'"),
    ("warmup:", "needs a number after 'warmup:'"),
    ("step:a:b", "'a' is not a whole number"),
    ("step:2.5", "'2.5' is not a whole number"),
    ("step:3:x", "'x' is not a number"),
    ("step:3:0.5:7", r"takes 2 numbers at most, got 3 \(3:0.5:7\)"),
    ("warmup:3:4", "takes 1 number at most, got 2"),
    ("step:0", "step_size"),
    ("cosine:5:0", "T_mult"),
    ("step:3,cosine:4", "only warmup"),
    ("", "schedule"),
    (None, "schedule"),
    ("cos:5", "unknown schedule 'cos'; did you mean 'cosine'?"),
    ("warmup:0,cosine:5", "warmup_steps"),              # the cosine, built first, reset the lr to 0.3
    ("warmup:3,", r"followed by one schedule after its ',', got 'warmup:3,'"),       # was taken
    ("warmup:3,step:2,cosine:4", "followed by one schedule"),    # was "'2,cosine' is not a whole number"
    ("warmup:3,warmup:2", "not by another warm-up"),             # was "unknown schedule 'warmup'"
    # the decays (exp:GAMMA, inverse:DECAY)
    ("exp", "needs a number after 'exp:'"),
    ("exp:", "needs a number after 'exp:'"),
    ("exp:x", "schedule 'exp': 'x' is not a number"),
    ("exp:0.9:2", r"'exp' takes 1 number at most, got 2 \(0.9:2\)"),
    ("exp:0", "gamma must be a finite number > 0"),
    ("exp:-0.5", "gamma must be"),
    ("exp:inf", "gamma must be"),
    ("inverse:-1", "decay_rate must be a finite number >= 0"),
    ("inverse:nan", "decay_rate must be"),
    ("inverse:1:2", "'inverse' takes 1 number at most"),
    ("exponential:0.9", "unknown schedule 'exponential'; did you mean 'exp'?"),
    ("inverse_time:0.1", "unknown schedule 'inverse_time'; did you mean 'inverse'?"),
    ("expo:0.9", "did you mean 'exp'?"),
    ("exp:0.9,step:2", "only warmup can be followed"),
    ("warmup:2,exp:0", "gamma must be"),
    ("warmup:2,inverse:-1", "decay_rate must be"),
    ("warmup:2,exp:0.9,inverse:1", "followed by one schedule"),
])
def test_bad_text_is_refused_and_the_lr_unchanged(text, message):
    opt = _opt(0.3)
    optim.StepLR(opt, 1, 0.5).step()                    # an lr of 0.15, below the initial 0.3
    with pytest.raises(ValueError, match=message):
        optim.parse_schedule(text, opt)
    assert (opt.lr, opt.initial_lr) == (0.15, 0.3)
