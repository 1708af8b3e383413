"""The playground's second round, on the server's side: a regression's predicted-against-actual
plot (the Evaluation panel's answer to the confusion matrix) and a schedule the library warns of
said to the page, as the data's warnings are."""
import numpy as np
import pytest
from session_kit import send

from neuralab.play import views
from neuralab.play.session import Session
from neuralab.train.metrics import r2


@pytest.fixture
def sr_session():
    session = Session()
    yield session
    session.close()


def sr_heavy(session):
    with session.model_lock(), np.errstate(all="ignore"):
        return views.heavy_arrays(session.net, session.data, session.grads, [])[1]


def test_a_regression_sends_its_test_parts_predictions_against_the_actual_values(sr_session):
    """Each row is an example of the test part, (actual y, predicted ŷ) in the target's units, the
    model's own prediction; R² is theirs, the board's test R² of these weights; a classification
    sends its confusion matrix instead."""
    send(sr_session, {"type": "hello", "state": {"dataset": {"name": "plane"}}})
    send(sr_session, {"type": "control", "action": "step_epoch"})
    assert sr_session.wait_idle()
    arrays = sr_heavy(sr_session)
    data = sr_session.data
    rows = arrays["predicted_actual"]
    assert rows.dtype == np.float32 and rows.shape == (len(data.X_test), 2)
    predicted = data.in_target_units(sr_session.net.model.forward(data.X_test))[:, 0]
    np.testing.assert_allclose(rows[:, 0], data.y_test, rtol=1e-6)
    np.testing.assert_allclose(rows[:, 1], predicted, rtol=1e-5, atol=1e-6)
    assert arrays["predicted_r2"].shape == (1,)
    assert arrays["predicted_r2"][0] == pytest.approx(r2(predicted, data.y_test), abs=1e-6)
    assert arrays["predicted_r2"][0] == pytest.approx(views.evaluate(sr_session.net, data)["val_r2"], abs=1e-4)
    assert "confusion" not in arrays
    send(sr_session, {"type": "set_state", "state": {"dataset": {"name": "circles"}}})
    arrays = sr_heavy(sr_session)
    assert "confusion" in arrays and "predicted_actual" not in arrays


def test_a_large_test_part_sends_evenly_spaced_rows_and_the_r2_of_all(sr_session):
    """At most PREDICTED_POINTS rows, spread over the whole part (the first and last included);
    R² is of every row, not of those sent."""
    send(sr_session, {"type": "hello", "state": {"dataset": {"name": "plane", "n_samples": 2000, "train_ratio": 0.1}}})
    data = sr_session.data
    assert len(data.X_test) > views.PREDICTED_POINTS
    arrays = sr_heavy(sr_session)
    rows = arrays["predicted_actual"]
    assert len(rows) == views.PREDICTED_POINTS
    assert rows[0, 0] == np.float32(data.y_test[0]) and rows[-1, 0] == np.float32(data.y_test[-1])
    predicted = data.in_target_units(sr_session.net.model.forward(data.X_test))[:, 0]
    assert arrays["predicted_r2"][0] == pytest.approx(r2(predicted, data.y_test), abs=1e-6)
    assert arrays["predicted_r2"][0] != pytest.approx(r2(rows[:, 1], rows[:, 0]), abs=1e-7)


def sr_warnings(replies):
    return [(r["message"], r["scene_id"]) for r in replies if r.get("type") == "error" and r.get("kind") == "warning"]


def test_a_schedule_that_makes_the_lr_grow_is_said_to_the_page(sr_session):
    """StepLR with gamma above 1 (step:10:2, a halving written as its inverse) makes the lr grow:
    the library warns of it, and the warning reached only the server's log. It comes to the page
    with the scene of the change that typed it, in the library's words, once; a schedule that
    decays says nothing; the stand-in scheduler the protocol checks the text with warns of
    nothing (its lr is not the scene's)."""
    replies = send(sr_session, {"type": "hello", "state": {}})
    assert sr_warnings(replies) == []
    replies = send(sr_session, {"type": "set_state", "state": {"hparams": {"schedule": "step:10:2"}}})
    said = sr_warnings(replies)
    assert len(said) == 1, replies
    message, scene_id = said[0]
    assert message.startswith("StepLR: gamma=2 is above 1, so the lr is multiplied by 2 every 10 steps and grows")
    assert "gamma=0.5 divides the lr by 2" in message
    assert scene_id == replies[0]["scene_id"] == sr_session.scene_id
    # said with the scene that built it anew (a learning rate typed under it), not with others
    assert len(sr_warnings(send(sr_session, {"type": "set_state", "state": {"hparams": {"lr": 0.1}}}))) == 1
    assert sr_warnings(send(sr_session, {"type": "set_state", "state": {"speed": 3}})) == []
    assert len(sr_warnings(send(sr_session, {"type": "control", "action": "reset"}))) == 1
    # a warm-up then the same step says it too; a decay says nothing
    replies = send(sr_session, {"type": "set_state", "state": {"hparams": {"schedule": "warmup:5,step:10:2"}}})
    assert [m for m, _ in sr_warnings(replies)] == [message]
    assert sr_warnings(send(sr_session, {"type": "set_state", "state": {"hparams": {"schedule": "step:10:0.5"}}})) == []


def test_a_schedule_said_in_a_hello_comes_with_its_scene(sr_session):
    """A shared link that holds the schedule says it as the page opens."""
    replies = send(sr_session, {"type": "hello", "state": {"hparams": {"schedule": "step:3:4"}}})
    assert [m.split(".")[0] for m, _ in sr_warnings(replies)] == [
        "StepLR: gamma=4 is above 1, so the lr is multiplied by 4 every 3 steps and grows"]
