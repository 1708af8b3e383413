"""Early stopping in the playground (hparams.early_stopping): the run stops by itself once the
test loss has not improved for `patience` epochs, puts back the best epoch's weights, and says
so; ▶ goes on from them; a bad patience is refused and changes nothing."""
import numpy as np
import pytest

from neuralab.play import views
from neuralab.play.field_checks import ProtocolError
from session_kit import send, until

# Overfitting as a learner sets it up: 40 noisy points, three layers of 32 ReLU units
OVERFIT = {"dataset": {"name": "moons", "n_samples": 40, "noise": 0.5, "seed": 3},
           "layers": [{"id": f"h{i}", "type": "dense", "units": 32, "activation": "relu"} for i in range(3)],
           "hparams": {"optimizer": "adam", "lr": 0.01, "batch_size": 10, "early_stopping": 5},
           "speed": None}


def _ended(session):
    """The early stop's error event once the session has paused by itself."""
    for event in list(session.events):
        if event.get("type") == "error" and "best_epoch" in event:
            return event
    return None


def _stopped_early(session):
    send(session, {"type": "control", "action": "play"})
    assert until(lambda: _ended(session) is not None, timeout=60), "early stopping never stopped the run"
    assert session.wait_idle()
    return _ended(session)


def test_the_run_stops_and_puts_back_the_best_epochs_weights(play_session):
    send(play_session, {"type": "hello", "state": OVERFIT})
    said = _stopped_early(play_session)
    best = said["best_epoch"]
    assert said["kind"] == "stopped" and not play_session.playing
    assert best == play_session.epoch - 5   # five epochs without a better test loss, then the stop
    assert f"stopped at epoch {play_session.epoch}" in said["message"]
    assert f"weights of epoch {best}" in said["message"]
    # the weights now are the best epoch's: their test loss is the curve's lowest, at that epoch
    rows = np.array(play_session.curves)
    test_loss = views.evaluate(play_session.net, play_session.data)["val_loss"]
    charted = rows[rows[:, 0] == best]
    assert len(charted) == 1 and test_loss == pytest.approx(charted[0, 2], rel=1e-4)
    assert test_loss == pytest.approx(np.nanmin(rows[rows[:, 0] < play_session.epoch, 2]), rel=1e-4)
    # and the board shows them
    assert play_session.metrics["val_loss"] == pytest.approx(test_loss)


def test_play_after_the_stop_goes_on_from_the_best_weights_and_says_so(play_session):
    send(play_session, {"type": "hello", "state": OVERFIT})
    _stopped_early(play_session)
    stopped_at = play_session.epoch
    play_session.events.clear()
    replies = send(play_session, {"type": "control", "action": "play"})
    (scene,) = [r for r in replies if r["type"] == "scene"]
    assert [e["change"] for e in scene["edits"]] == ["training went on after early stopping, from the weights of its best epoch"]
    assert until(lambda: play_session.epoch > stopped_at)   # it trains on, from the epoch count it had
    send(play_session, {"type": "control", "action": "pause"})


def test_off_never_stops(play_session):
    send(play_session, {"type": "hello", "state": {**OVERFIT, "hparams": {**OVERFIT["hparams"], "early_stopping": None}}})
    send(play_session, {"type": "control", "action": "play"})
    assert until(lambda: play_session.epoch > 60, timeout=60)
    assert play_session.playing and _ended(play_session) is None
    send(play_session, {"type": "control", "action": "pause"})


@pytest.mark.parametrize("bad", [0, -3, 2.5, "5", True, 10**6])
def test_a_bad_patience_is_refused_and_changes_nothing(greeted_session, bad):
    before = greeted_session.state
    with pytest.raises(ProtocolError) as refused:
        send(greeted_session, {"type": "set_state", "state": {"hparams": {"early_stopping": bad}}})
    assert refused.value.field == "hparams.early_stopping"
    assert str(refused.value).startswith("Early stop must be")
    assert "empty to turn early stopping off" in refused.value.suggestion
    assert greeted_session.state == before and greeted_session.state["hparams"]["early_stopping"] is None


def test_a_patience_set_while_training_keeps_the_fit_and_is_an_edit(play_session):
    send(play_session, {"type": "hello", "state": {**OVERFIT, "hparams": {**OVERFIT["hparams"], "early_stopping": None}}})
    send(play_session, {"type": "control", "action": "step_epoch"})
    assert until(lambda: play_session.epoch == 1) and play_session.wait_idle()
    optimizer = play_session.optimizer
    (scene,) = send(play_session, {"type": "set_state", "state": {"hparams": {"early_stopping": 5}}})
    assert play_session.optimizer is optimizer   # Adam's moments kept: no new fit
    # the script's EarlyStopping watches from its first epoch, the page's from here: an edit it names
    assert [e["change"] for e in scene["edits"]] == ["early stopping's patience none → 5"]
