"""The loss chart's rows end where the board stands (the frame's ``curves`` and ``metrics``):
after a batch step inside an epoch, and at the epoch where thinning drops the row just made."""
import numpy as np
import pytest
from session_kit import send

from neuralab.play.session import Session


@pytest.fixture
def cr_session():
    session = Session()
    yield session
    session.close()


def _cr_steps(session, action, times):
    with session.model_lock():       # every click counted before the first batch runs
        for _ in range(times):
            send(session, {"type": "control", "action": action})
    assert session.wait_idle()


def _cr_frame_rows(session):
    header, arrays = session.frame_here(1)
    return header, np.asarray(arrays["curves"])


def test_a_batch_step_ends_the_chart_inside_the_epoch(cr_session):
    send(cr_session, {"type": "hello", "state": {"dataset": {"n_samples": 40}, "hparams": {"batch_size": 10}}})
    _cr_steps(cr_session, "step_epoch", 2)                   # 2 batches an epoch
    header, rows = _cr_frame_rows(cr_session)
    assert list(rows[:, 0]) == [1, 2] and header["metrics_of"] == "epoch"
    _cr_steps(cr_session, "step_batch", 1)
    header, rows = _cr_frame_rows(cr_session)
    assert header["metrics_of"] == "weights" and (header["epoch"], header["epoch_batches"]) == (2, 1)
    assert list(rows[:, 0]) == [1, 2, 2.5]                   # half of epoch 3
    assert rows[-1, 1] == pytest.approx(header["metrics"]["loss"], rel=1e-6)


def test_the_row_thinning_drops_leaves_the_chart_at_the_headers_epoch(cr_session, monkeypatch):
    # MAX_CURVE_ROWS rows reached: every other row goes, the one just made among them
    monkeypatch.setattr("neuralab.play.training.MAX_CURVE_ROWS", 6)
    send(cr_session, {"type": "hello", "state": {"dataset": {"n_samples": 40}, "hparams": {"batch_size": 40}}})
    _cr_steps(cr_session, "step_epoch", 6)
    header, rows = _cr_frame_rows(cr_session)
    assert [row[0] for row in cr_session.curves] == [1, 3, 5]
    assert header["epoch"] == 6 == rows[-1, 0] and rows[-1, 1] == pytest.approx(header["metrics"]["loss"], rel=1e-6)
