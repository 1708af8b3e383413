"""A learning rate typed while the page is paused is the rate of the next step, and the Monitor
notes it there: its training thread's gate (``training._Gate``) holds a batch before the Monitor
begins it. Listed after the Monitor, the gate let it read the rate first: a learner who typed 10
over 0.03 before any step read "it diverged right after the lr rose from 0.03 to 10 at step 2",
though every step had run at 10."""
import pytest

from session_kit import greeted, send


def _steps(session, action, times=1):
    for _ in range(times):
        send(session, {"type": "control", "action": action})
        assert session.wait_idle()


def test_a_rate_typed_before_the_first_step_is_the_first_steps(play_registry):
    session = greeted(play_registry, {"dataset": {"name": "plane"}})
    send(session, {"type": "set_state", "state": {"hparams": {"lr": 0.5}}})
    _steps(session, "step_batch")
    assert session.optimizer.lr == 0.5
    assert session.monitor.lr_changes == [(1, 0.5)]


def test_a_rate_typed_between_steps_is_noted_at_the_next_one(play_registry):
    session = greeted(play_registry, {"dataset": {"name": "plane"}})
    _steps(session, "step_batch", 3)
    send(session, {"type": "set_state", "state": {"hparams": {"lr": 0.5}}})
    _steps(session, "step_batch")
    assert session.step == 4
    assert session.monitor.lr_changes == [(1, pytest.approx(0.03)), (4, 0.5)]
