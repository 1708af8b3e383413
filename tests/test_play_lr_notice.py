"""The words of the notice line for a loss the learning rate threw up (training_messages.loss_notice),
as each frame's report carries them (views.diagnoses' ``notice``): the monitor's own finding, with
its remedy in the page's terms, and none for a divergence, which the banner says."""
import time

import pytest
from session_kit import send

from neuralab.play import views
from neuralab.play.session import Session


def _report_once(state, holds, limit=60):
    """Play a session of ``state`` until the report, as the frames carry it, has a finding ``holds``
    accepts (given the finding and the session's monitor); pause; the report."""
    s = Session()
    try:
        send(s, {"type": "hello", "state": {**state, "speed": None}})
        send(s, {"type": "control", "action": "play"})
        deadline, report = time.monotonic() + limit, []
        while time.monotonic() < deadline and not any(holds(d, s.monitor) for d in report):
            time.sleep(0.05)
            with s.model_lock():
                report = views.diagnoses(s.monitor, s.net, s.data)
        found = [d for d in report if holds(d, s.monitor)]
        send(s, {"type": "control", "action": "pause"})
        assert s.wait_idle()
    finally:
        s.close()
    assert found, [(d["name"], d["evidence"]) for d in report]
    return report


def test_a_loss_kept_up_by_a_learning_rate_too_high_has_the_notices_words():
    # Iris at lr 10: the reviewer's loss of 13 at 35 %, said only far below the board
    report = _report_once({"dataset": {"name": "iris"}, "hparams": {"lr": 10}},
                          lambda d, _: d["name"] == "learning_rate_too_high")
    (found,) = [d for d in report if d["name"] == "learning_rate_too_high"]
    assert found["notice"] == ("Learning rate too high. Try: lower the learning rate (divide it by 3 to 10): "
                               "the Learning rate box.")
    assert found["notice"].removeprefix("Learning rate too high. Try: ")[:-1] in found["remedies"]
    assert all(d["notice"] is None for d in report if d is not found)   # (saturated units: no notice)


# (as in `neuralab play`, where the process's filters print it: raised as an error, as the tests
# raise warnings, it ends fit before the monitor is told of the divergence)
@pytest.mark.filterwarnings("default::neuralab.train.DivergenceWarning")
def test_a_divergence_has_no_notice_the_banner_says_it():
    report = _report_once({"dataset": {"name": "plane"}, "hparams": {"lr": 10}},
                          lambda d, monitor: d["name"] == "learning_rate_too_high" and monitor.diverged)
    assert all(d["notice"] is None for d in report)
