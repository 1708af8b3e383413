"""A loss thrown up after a learner raised the learning rate is blamed on the raise whatever the
pace of its largest jump: the rate to go back to is the one before the raise, whether that jump
came in the steps right after it or epochs later (the playground's records come late on a loaded
machine), as long as the rate held and the loss stayed up since (``diagnose_loss.blamed_steps``)."""
from types import SimpleNamespace

import numpy as np
import pytest

from neuralab import data, nn, optim
from neuralab.play.training_messages import loss_notice
from neuralab.train import LambdaCallback, Monitor
from neuralab.train.diagnose_loss import blamed_steps, jump_steps, rising_spike

BACK_TO = "go back to 0.03, the learning rate before it rose to 10, or lower"
STEPS_PER_EPOCH = 20


def _circles_raised(raise_epoch, epochs=340, lower_at=None):
    """The playground's default scene as a script: circles (400 points, noise 0.1, seed 1, half for
    training), 2-4-2-1 tanh with a sigmoid output and BCE, SGD at lr 0.03 in batches of 10, a record
    every 400 steps (as ``play.training.MONITOR_EVERY``); after ``raise_epoch`` epochs (converged: a
    loss of ~0.026) a callback sets lr 10 between two batches, as the Learning rate box does, and
    lr 5 at step ``lower_at`` when given. (monitor, step of the raise)."""
    X, y = data.load("circles", n_samples=400, noise=0.1, seed=1)
    model = nn.MLP([2, 4, 2, 1], activation="tanh", output="sigmoid", rng=np.random.default_rng(1))
    sgd = optim.SGD(model.parameters(), lr=0.03)
    monitor = Monitor(every=400)
    raised_at = raise_epoch * STEPS_PER_EPOCH + 1

    def set_rate(batch, logs):
        t = monitor.step + 1          # the coming step
        sgd.lr = {raised_at: 10.0, lower_at: 5.0}.get(t, sgd.lr)

    model.fit(X[:200], y[:200], loss="bce", optimizer=sgd, epochs=epochs, batch_size=10, verbose=0, seed=1,
              callbacks=[LambdaCallback(on_batch_begin=set_rate), monitor])
    return monitor, raised_at


@pytest.mark.parametrize("raise_epoch, late", [(300, False), (299, True)])
def test_the_rate_before_the_raise_is_the_remedy_whether_the_jump_came_at_once_or_later(raise_epoch, late):
    monitor, raised_at = _circles_raised(raise_epoch)
    peak, before, step = rising_spike(monitor)
    # the two paces: the largest jump among the raise's own steps, or after them
    assert (jump_steps(monitor, step)[0] > raised_at) == late
    (d,) = [d for d in monitor.report() if d.name == "learning_rate_too_high"]
    assert d.evidence.endswith(f"(lr rose from 0.03 to 10 at step {raised_at:,})")
    assert d.remedies[0].words == BACK_TO
    assert loss_notice(d, monitor) == f"Learning rate too high. Try: {BACK_TO}: the Learning rate box."


def test_a_raise_changed_again_before_the_jump_is_not_the_one_to_go_back_from():
    # lr 10 at step 5,981, then 5 at step 5,991: the loss jumped at lr 5, the rate to lower now
    monitor, raised_at = _circles_raised(299, lower_at=5991)
    (d,) = [d for d in monitor.report() if d.name == "learning_rate_too_high"]
    assert "go back to" not in d.remedies[0].words
    assert d.remedies[0].words.startswith("lower the learning rate")


def _series(levels, lr_changes=((1, 0.03), (101, 10.0))):
    """A monitor's loss series of an entry every 10 steps (``levels``), batches of 10, 20 an epoch."""
    steps = [10 * (i + 1) for i in range(len(levels))]
    return SimpleNamespace(lr_changes=list(lr_changes), params={"batch_size": 10, "steps": 20},
                           loss={"step": steps, "level": list(levels)})


def test_a_loss_that_came_back_down_after_a_raise_is_not_the_raises():
    stayed_up = _series([0.02] * 10 + [1.0] * 50)
    assert jump_steps(stayed_up, 500) == (480, 503)
    assert blamed_steps(stayed_up, 500) == (100, 503)          # from the step before the raise
    came_down = _series([0.02] * 10 + [1.0] * 20 + [0.01] + [1.0] * 29)
    assert blamed_steps(came_down, 500) == (480, 503)
    # a fall is no raise to blame, nor a rate changed again among the jump's own steps
    assert blamed_steps(_series([0.02] * 10 + [1.0] * 50, ((1, 10.0), (101, 0.03))), 500) == (480, 503)
    assert blamed_steps(_series([0.02] * 10 + [1.0] * 50, ((1, 0.03), (101, 10.0), (490, 5.0))), 500) == (480, 503)
