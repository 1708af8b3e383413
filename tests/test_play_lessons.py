"""The playground's server side, from a learner reproducing TensorFlow Playground's lessons: the
weights an architecture edit keeps (only those whose inputs still mean what they meant), the
training numbers of a network with dropout while it plays, the speed menu, and a regression's
loss curve in the target's units."""
import time
from types import SimpleNamespace

import numpy as np
import pytest
from play_decoder import decode

from neuralab.play import frames, training
from neuralab.play.protocol import ProtocolError
from neuralab.play.build import load_data
from neuralab.play.network import build_net
from neuralab.play.forward_pass import forward_all
from session_kit import played_past, send, until


def _dense(block, units, activation="tanh"):
    return {"id": block, "type": "dense", "units": units, "activation": activation}


def _trained(session, layers, epochs=3, **state):
    send(session, {"type": "hello", "state": {"layers": layers, **state}})
    for _ in range(epochs):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
    return [p.data.copy() for p in session.net.model.parameters()]


def _fresh(session):
    """The parameters fresh weights of the session's state would start from."""
    net = build_net(session.state, load_data(session.state, session.uploaded))
    return [p.data for p in net.model.parameters()]


def _edit(session, **state):
    send(session, {"type": "set_state", "state": state})
    return [p.data for p in session.net.model.parameters()]


def _same(got, want):
    assert len(got) == len(want)
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a, b)


# edits after which every layer reads other units than it learnt from: each starts afresh, as
# fresh weights of the new state would (the learner's report: with the first hidden layer added,
# the output layer weighed hidden units 0 and 1 with what it had learnt for x1 and x2)
RENEWED = {
    "first hidden layer added": ([], [_dense("a", 4)]),
    "last hidden layer removed": ([_dense("a", 4)], []),
    "a layer put in front": ([_dense("a", 4)], [_dense("n", 3), _dense("a", 4)]),
    "two layers swapped": ([_dense("a", 4), _dense("b", 3)], [_dense("b", 3), _dense("a", 4)]),
}


@pytest.mark.parametrize("before, after", RENEWED.values(), ids=RENEWED)
def test_a_layer_whose_inputs_changed_meaning_starts_afresh(play_session, before, after):
    _trained(play_session, before)
    _same(_edit(play_session, layers=after), _fresh(play_session))


def test_layers_before_an_edit_keep_their_weights_and_those_after_it_start_afresh(play_session):
    a, b, c = _dense("a", 5), _dense("b", 4, "relu"), _dense("c", 3)
    Wa, ba, *_, Wo, _ = _trained(play_session, [a, b, c])
    # b removed: a keeps its weights; c now reads a's units, the output reads a fresh c
    got = _edit(play_session, layers=[a, c])
    fresh = _fresh(play_session)
    _same(got[:2], [Wa, ba])
    _same(got[2:], fresh[2:])
    assert not np.array_equal(got[-2], Wo[:, :got[-2].shape[1]])


def test_a_unit_added_or_features_changed_keep_what_still_means_the_same(play_session):
    a, b = _dense("a", 4), _dense("b", 3)
    (Wa, ba, Wb, bb, Wo, bo) = _trained(play_session, [a, b])
    # a fifth unit in a: its four units keep their weights, b keeps its weights from them, the
    # output all of its own (b is unchanged)
    Wa5, ba5, Wb5, bb5, Wo5, bo5 = _edit(play_session, layers=[{**a, "units": 5}, b])
    _same([Wa5[:4], ba5[:4], Wb5[:, :4], bb5, Wo5, bo5], [Wa, ba, Wb, bb, Wo, bo])
    # other features: the first layer keeps each feature's column by name, the rest all they had
    Wf, bf, *deeper = _edit(play_session, features=["x2", "x1^2", "x1"])
    _same([Wf[:, 0], Wf[:, 2], bf], [Wa5[:, 1], Wa5[:, 0], ba5])
    _same(deeper, [Wb5, bb5, Wo5, bo5])


def test_without_hidden_layers_features_changed_keep_the_outputs_weights_by_name(play_session):
    (Wo, bo) = _trained(play_session, [])
    Wf, bf = _edit(play_session, features=["sin(x1)", "x2"])
    _same([Wf[:, 1], bf], [Wo[:, 1], bo])


DROPOUT = {"dataset": {"noise": 0.3}, "hparams": {"dropout": 0.3, "lr": 0.1}}


def _bce_without_dropout(session):
    """The training part's binary cross-entropy of the weights now, evaluation mode (no dropout),
    from the logits z: log(1 + e^z) − y·z."""
    net, ds = session.net, session.data
    z = forward_all(net.trained, ds.X_train)[-1].astype(np.float64)[:, 0]
    return np.mean(np.logaddexp(0, z) - ds.y_train * z), np.mean((z >= 0) == ds.y_train)


def test_a_network_with_dropout_shows_its_training_numbers_without_dropout(play_session):
    # the learner: while playing, the board's training loss and accuracy were those of the
    # batches as they trained with units dropped (0.327, 85 %); on pause, of the network that
    # predicts (0.096, 95 %). At an epoch's end they are now the predicting network's too.
    _trained(play_session, [_dense("a", 8)], epochs=5, **DROPOUT)
    assert play_session.metrics_of == "epoch"
    loss, accuracy = _bce_without_dropout(play_session)
    assert play_session.metrics["loss"] == pytest.approx(loss, rel=1e-5)
    assert play_session.metrics["accuracy"] == accuracy
    assert play_session.curves[-1][1:4:2] == pytest.approx([loss, accuracy], rel=1e-5)   # and its curve


def test_a_playing_dropout_network_is_measured_at_the_pace_of_the_frames(play_session, count_calls, monkeypatch):
    # one forward pass of the training part per measure: for each row of the curves (fewer as a
    # run grows: four rows here) and at most MEASURES_PER_SECOND times a second, not each epoch.
    # The trainer's clock ticks 1/250 s an epoch: a machine that trains 250 epochs a second,
    # however fast or loaded this one is
    monkeypatch.setattr(training, "MAX_CURVE_ROWS", 4)
    monkeypatch.setattr(training, "time", SimpleNamespace(monotonic=lambda: play_session.epoch / 250,
                                                           sleep=time.sleep))
    send(play_session, {"type": "hello", "state": {"layers": [_dense("a", 8)], **DROPOUT}})
    measured = count_calls(training.views, "evaluate")
    assert played_past(play_session, epochs=200, timeout=60)
    epochs = play_session.epoch
    most, rows = training.MEASURES_PER_SECOND * epochs / 250, int(np.log2(epochs)) + 4
    # (and at least half as often: the board's numbers while it plays are never old)
    assert most / 2 <= len(measured) <= most + rows + 2, (epochs, len(measured))
    # paused: the numbers are those of the weights now, measured as they were while it played
    loss, _ = _bce_without_dropout(play_session)
    assert play_session.metrics["loss"] == pytest.approx(loss, rel=1e-5)


def _lessons_rests(monkeypatch):
    """The training thread's rests at the gate, as (epochs done, seconds the batch waits yet)
    pairs: how the speed chosen is kept, read without timing it."""
    rests, rest = [], training.TrainingThread._rest

    def recorded(thread, batch):
        seconds = rest(thread, batch)
        rests.append((thread.epoch, seconds))
        return seconds
    monkeypatch.setattr(training.TrainingThread, "_rest", recorded)
    return rests


def test_the_speed_chosen_sets_the_epochs_a_second_while_playing(play_session, monkeypatch):
    # the learner: the default circles reached 100 % at epoch 69, a quarter of a second after ▶
    rests = _lessons_rests(monkeypatch)
    (scene,) = send(play_session, {"type": "hello", "state": {"speed": 10}})
    assert scene["state"]["speed"] == 10
    began = time.monotonic()
    send(play_session, {"type": "control", "action": "play"})
    assert until(lambda: play_session.epoch >= 5)
    epochs, seconds = play_session.epoch, time.monotonic() - began
    # never faster than chosen, however fast the machine: epochs start 1/10 s apart, the first at once
    assert epochs <= 10 * seconds + 1, (epochs, seconds)
    # nor slower where the machine keeps up: an epoch trained in less waits its turn, at most 1/10 s
    waits = [wait for _, wait in rests if wait > 0]
    assert waits and max(waits) <= 1 / 10, waits
    (scene,) = send(play_session, {"type": "set_state", "state": {"speed": None}})   # training goes on
    assert scene["state"]["speed"] is None and scene["status"]["state"] == "playing"
    was = play_session.epoch
    assert until(lambda: play_session.epoch > was + 30)
    after = [wait for epoch, wait in rests if epoch > was]   # (the rests of epochs begun since)
    assert after and max(after) <= 0                          # as fast as it goes: none waits
    send(play_session, {"type": "set_state", "state": {"speed": 1}})
    send(play_session, {"type": "control", "action": "pause"})
    assert play_session.wait_idle()
    was = play_session.epoch    # a step goes at once, whatever the speed: the second too, within 1 s of the first
    for _ in range(2):
        send(play_session, {"type": "control", "action": "step_epoch"})
        assert play_session.wait_idle()
    assert play_session.epoch == was + 2 and all(wait <= 0 for epoch, wait in rests if epoch > was)
    assert play_session.history.edits == []              # no edit of the run: the script repeats it


@pytest.mark.parametrize("speed", [5, 0, "10", True, [10]])
def test_a_speed_the_menu_does_not_offer_is_refused(play_session, speed):
    send(play_session, {"type": "hello", "state": {"speed": 3}})
    with pytest.raises(ProtocolError, match=r"speed must be 1, 3, 10, 30 \(epochs a second\) or null"):
        send(play_session, {"type": "set_state", "state": {"speed": speed}})
    assert play_session.state["speed"] == 3


def test_a_regressions_loss_curve_is_the_boards_mse_in_the_targets_units(play_session):
    # the learner: the board said Test MSE 0.0124, the loss chart ~0.047 (the standardised
    # target's, σ = 0.511): two MSEs for one run
    send(play_session, {"type": "hello", "state": {"dataset": {"name": "plane"}}})
    for _ in range(3):
        send(play_session, {"type": "control", "action": "step_epoch"})
        assert play_session.wait_idle()
    header, arrays = decode(frames.encode(*play_session.frame(1)))
    variance = play_session.data.target_standardize.std[0] ** 2
    assert header["metrics_of"] == "epoch"
    np.testing.assert_allclose(arrays["curves"][:, 1:3], np.array(play_session.curves)[:, 1:3] * variance, rtol=1e-6)
    np.testing.assert_allclose(arrays["curves"][-1, 1:3], [header["target_metrics"]["mse"],
                                                           header["target_metrics"]["val_mse"]], rtol=1e-6)
    np.testing.assert_array_equal(arrays["curves"][:, [0, 3, 4]], np.array(play_session.curves, np.float32)[:, [0, 3, 4]])
