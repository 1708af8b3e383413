"""Three wrong answers of the playground after edits, found by a monkey test, at the level a
learner meets them (a session's replies and messages):

- play after a divergence whose weights already overflow before any step diverged again at once
  whatever the learning rate, under a banner that said to lower it and press play;
- a schedule written with other digits ("step:2:0.50" after "step:2:0.5") restarted the optimizer
  and stood in the run's edits as a change;
- a drawing keeps its target's μ and σ while the weights are kept: a far value drawn into it was
  not warned of until a reset, and μ and σ fitted with a far value since cleared warned no more.
"""
import copy
import re
import time
import warnings

import numpy as np
import pytest

from neuralab import optim
from neuralab.play import protocol
from neuralab.play.overflow import overflowing
from neuralab.train import DivergenceWarning
from session_kit import send



def _fu_errors(session, n=1, timeout=20):
    deadline = time.monotonic() + timeout
    while sum(e["type"] == "error" for e in list(session.events)) < n and time.monotonic() < deadline:
        time.sleep(0.02)
    return [e for e in list(session.events) if e["type"] == "error"]


def _fu_weights(session):
    return [p.data.copy() for p in session.net.model.parameters()]


def _fu_refused_play(session):
    """Play refused (a ProtocolError), the session as it was: paused, not a step taken, the same
    weights and generation."""
    before, step, generation = _fu_weights(session), session.step, session.generation
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "control", "action": "play"})
    assert not session.playing and (session.step, session.generation) == (step, generation)
    assert all(np.array_equal(a, b) for a, b in zip(before, _fu_weights(session)))
    return refused.value


# -- 1. a divergence whose weights overflow: the advice is a reset -----------------------------

def test_after_a_divergence_on_weights_that_overflow_the_advice_is_a_reset(play_session):
    layers = [{"id": str(i), "type": "dense", "units": 32, "activation": "relu"} for i in range(8)]
    send(play_session, {"type": "hello", "state": {"dataset": {"name": "plane", "n_samples": 200},
                                                     "layers": layers, "hparams": {"lr": 10, "batch_size": 50}}})
    send(play_session, {"type": "control", "action": "play"})
    (diverged,) = _fu_errors(play_session)
    assert diverged["kind"] == "diverged" and play_session.wait_idle()
    assert diverged["suggestion"] == (
        "type a learning rate lower than 10 into the Learning rate box and press Reset the weights, not play: the "
        "weights it stopped with already take the gradient past the float range before any step, whatever the "
        "learning rate")
    assert "lower learning rate" not in diverged["message"]   # (fit's advice, said once: in the suggestion)
    # what it says is so: the library's own fit, from those weights at a learning rate of 1e-5,
    # a millionth of the one that diverged, stops at its first batch before any update
    net, data = copy.deepcopy(play_session.net), play_session.data
    with pytest.warns(DivergenceWarning, match="gradient overflowed .* at epoch 1, batch 1;"), \
            np.errstate(all="ignore"):
        net.trained.fit(data.X_train, data.t_train, loss=net.trained_loss, epochs=1, batch_size=50, verbose=0, seed=1,
                        optimizer=optim.SGD(net.trained.parameters(), lr=1e-5))
    # so play, the learning rate lowered, is refused before training goes on (it diverged again
    # at once under "type a learning rate lower than 10 into the Learning rate box and press play")
    send(play_session, {"type": "set_state", "state": {"hparams": {"lr": 1e-5}}})
    refused = _fu_refused_play(play_session)
    assert str(refused) == ("the weights training stopped with take the gradient past the float range before "
                            "any step, so it would diverge again at once, whatever the learning rate")
    assert refused.suggestion == "reset the weights (↺) for fresh ones, then press play"
    # a reset, as it says, trains at that learning rate
    send(play_session, {"type": "control", "action": "reset"})
    send(play_session, {"type": "control", "action": "step_epoch"})
    assert play_session.wait_idle() and play_session.epoch == 1 and np.isfinite(play_session.metrics["loss"])
    assert [e for e in _fu_errors(play_session, timeout=0) if e is not diverged] == []


def test_weights_set_by_hand_that_overflow_are_blamed_not_the_data(play_session):
    # a chain of weights of 100 through 13 identity layers: outputs near 1e26, whose squared errors
    # pass float32. fit, before any update, blames the data's scale, and the page said "scale the
    # data's values down and upload it again" of the generated plane
    layers = [{"id": str(i), "type": "dense", "units": 4, "activation": "identity"} for i in range(12)]
    send(play_session, {"type": "hello", "state": {"dataset": {"name": "plane", "n_samples": 100},
                                                     "layers": layers}})
    for index in range(0, 25, 2):   # every Dense layer (an activation layer between two)
        send(play_session, {"type": "set_weight", "layer": index, "to": 0, "from": 0, "value": 100})
    send(play_session, {"type": "control", "action": "play"})
    (diverged,) = _fu_errors(play_session)
    assert diverged["kind"] == "diverged" and "the loss became inf at epoch 1, batch 1" in diverged["message"]
    assert diverged["suggestion"] == ("press Reset the weights, not play: the weights it stopped with already "
                                      "take the loss past the float range before any step, whatever the learning rate")
    assert play_session.wait_idle() and "the loss past the float range" in str(_fu_refused_play(play_session))


def _fu_diverges_at_first_batch(session):
    """Whether a fit from the session's weights, as the training thread runs it (its seed, batch
    size and penalty) at a learning rate of 1e-6, stops at its first batch."""
    net, data = copy.deepcopy(session.net), session.data
    # fit's stop reason, not its warning: read so, the answer does not hang on the warnings filter
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", DivergenceWarning)
        history = net.trained.fit(data.X_train, net.targets(data.t_train, data.n_classes), loss=net.trained_loss,
                                  epochs=1, batch_size=min(session.state["hparams"]["batch_size"], len(data.X_train)),
                                  verbose=0, seed=session.state["dataset"]["seed"],
                                  optimizer=optim.SGD(net.trained.parameters(), lr=1e-6))
    return re.search(r"at epoch 1, batch 1\b", history.stop_reason or "") is not None


@pytest.mark.parametrize("trial", range(12))
def test_weights_are_called_overflowing_exactly_when_the_next_fit_stops_at_its_first_batch(play_session, trial):
    # one pass over all the points called weights overflowing that trained on (a BatchNorm's
    # running variance over 50 points past the float range, over 4 finite), and missed weights
    # whose batches of 2 overflowed where the mean over all did not: play was refused, or the
    # banner said to lower a learning rate that could not help
    rng = np.random.default_rng(trial)
    layers = []
    for i in range(int(rng.integers(1, 4))):
        layers.append({"id": f"d{i}", "type": "dense", "units": int(rng.choice([2, 4, 8])),
                       "activation": str(rng.choice(["relu", "identity", "tanh"]))})
        layers += [{"id": f"n{i}", "type": "batchnorm"}] if rng.random() < 0.6 else []
        layers += [{"id": f"p{i}", "type": "dropout", "p": 0.5}] if rng.random() < 0.3 else []
    send(play_session, {"type": "hello", "state": {
        "dataset": {"name": str(rng.choice(["moons", "circles", "plane"])), "n_samples": 100},
        "layers": layers, "hparams": {"batch_size": int(rng.choice([2, 3, 4, 10])), "lr": 0.01}}})
    scale = 10.0 ** rng.uniform(5, 20)
    for p in play_session.net.trained.parameters():
        p.data[...] = rng.standard_normal(p.data.shape) * scale
    called = overflowing(play_session.net, play_session.data, play_session.state)
    assert bool(called) == _fu_diverges_at_first_batch(play_session)


def test_a_divergence_on_weights_that_still_train_keeps_its_advice_and_play_goes_on(play_session, monkeypatch):
    # the check is of the weights, not of every divergence: where the weights it stopped with
    # still train, the learning rate's advice stands, and play goes on from them
    send(play_session, {"type": "hello", "state": {"dataset": {"n_samples": 40}, "hparams": {"batch_size": 10}}})
    send(play_session, {"type": "control", "action": "step_epoch"})
    assert play_session.wait_idle()

    def diverge(batch, logs=None):   # a stop of fit's, on the finite weights of a few steps
        raise DivergenceWarning("training stopped: the loss became inf; try a lower learning rate (now 0.03)",
                                "learning_rate")
    monkeypatch.setattr(play_session.monitor, "on_batch_end", diverge)
    send(play_session, {"type": "control", "action": "step_batch"})
    (diverged,) = _fu_errors(play_session)
    # fit's advice moves to the suggestion, in the page's words and with fit's number, said once
    assert (diverged["message"], diverged["suggestion"]) == (
        "training stopped: the loss became inf",
        "type a learning rate lower than 0.03 into the Learning rate box and press play, or reset")
    assert play_session.wait_idle()
    monkeypatch.undo()
    step = play_session.step
    (reply,) = send(play_session, {"type": "control", "action": "step_batch"})
    assert reply["type"] == "scene" and play_session.wait_idle() and play_session.step == step + 1


# -- 2. a schedule in other digits is the same schedule ----------------------------------------

@pytest.mark.parametrize("before, typed, same", [
    ("step:2:0.5", "step:2:0.50", True),
    ("step:2:0.5", "step:02:.5", True),
    ("step:2:0.5", "STEP : 2 : 5e-1", True),
    ("step:2", "step:2:0.1", True),                    # γ's default written out
    ("warmup:3,cosine:4", "warmup:03,cosine:4:1", True),
    ("step:2:0.5", "step:2:0.4", False),
    ("step:2", "cosine:2", False),
    ("warmup:3,cosine:4", "warmup:3,cosine:4:2", False),
])
def test_a_schedule_in_other_digits_changes_nothing(play_session, before, typed, same):
    send(play_session, {"type": "hello", "state": {"dataset": {"n_samples": 40}, "hparams": {
        "schedule": before, "optimizer": "adam", "lr": 0.1, "batch_size": 10}}})
    for _ in range(3):
        send(play_session, {"type": "control", "action": "step_epoch"})
        assert play_session.wait_idle()
    optimizer, lr, steps = play_session.optimizer, play_session.optimizer.lr, play_session.optimizer.t
    (scene,) = send(play_session, {"type": "set_state", "state": {"hparams": {"schedule": typed}}})
    # the page shows what the learner typed (its case and spaces aside)
    assert scene["state"]["hparams"]["schedule"] == typed.lower().replace(" ", "")
    if same:   # Adam's moments and the scheduled lr kept, no edit for the script to name
        assert scene["edits"] == [] and play_session.optimizer is optimizer
        assert (optimizer.t, optimizer.lr) == (steps, lr)
    else:
        assert [e["change"] for e in scene["edits"]] == [f"the schedule {before} → {typed}"]
        assert play_session.optimizer is not optimizer and play_session.optimizer.t == 0


@pytest.mark.parametrize("edit", [{"hide": ["trace"]}, {"hparams": {"schedule": "step:1:0.50"}}])
def test_an_edit_of_something_else_keeps_the_scheduled_lr_as_torch_steps_it(play_session, edit):
    # an edit that restarts nothing set the optimizer's lr back to the learning rate typed,
    # undoing what the schedule had decayed (0.0125 after 3 epochs went back to 0.1)
    import torch
    send(play_session, {"type": "hello", "state": {"dataset": {"n_samples": 40}, "hparams": {
        "schedule": "step:1:0.5", "lr": 0.1, "batch_size": 10}}})
    p = torch.nn.Parameter(torch.zeros(1))
    reference = torch.optim.SGD([p], lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(reference, step_size=1, gamma=0.5)
    for epoch in range(5):
        if epoch == 3:
            send(play_session, {"type": "set_state", "state": edit})
        assert play_session.optimizer.lr == pytest.approx(reference.param_groups[0]["lr"], rel=1e-12)
        send(play_session, {"type": "control", "action": "step_epoch"})
        assert play_session.wait_idle()
        reference.step()
        scheduler.step()


# -- 3. a drawing's kept μ and σ, and far values ------------------------------------------------

ORDINARY = [[0.5 * i - 2, 1.0, 1.0 + 0.1 * i] for i in range(9)]
FAR = [3.0, -2.5, 1e6]


def _fu_warnings(session, replies):
    """The warnings after a reply's scene (or a reset's status), each of the scene now shown."""
    assert replies[0]["type"] in ("scene", "status")
    assert all(r["type"] == "error" and r["kind"] == "warning" and r["scene_id"] == session.scene_id
               for r in replies[1:])
    return [r["message"] for r in replies[1:]]


def _fu_drawing(session, points):
    replies = send(session, {"type": "hello", "state": {"dataset": {
        "name": "drawn", "task": "regression", "points": points}}})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    return replies


def _fu_scale(scene):
    return scene["dataset"]["target_mean"], scene["dataset"]["target_std"]


def test_a_far_value_drawn_under_kept_mu_and_sigma_is_warned_of_when_drawn(play_session):
    (scene,) = _fu_drawing(play_session, ORDINARY)
    replies = send(play_session, {"type": "add_point", "x1": FAR[0], "x2": FAR[1], "value": FAR[2]})
    # μ and σ kept (the map does not move), and the value is said at once, as the network learns
    # it: t = (1e6 - μ)/σ, near 4e6
    mean, std = _fu_scale(scene)
    assert _fu_scale(replies[0]) == (mean, std)
    t = (1e6 - mean) / std
    assert play_session.data.t_train[-1] == pytest.approx(t, rel=1e-6)
    (said,) = _fu_warnings(play_session, replies)
    assert said == (f"the target 1e+06 in the point (3, -2.5) lies {t:.3g} σ from the μ = {mean:.6g} kept with the "
                    f"weights (σ = {std:.6g}), which were fitted without it: the network learns it as an output of "
                    f"{t:.3g}, where its outputs start near 0 with a spread near 1, and its loss is that distance "
                    "squared; reset the weights (↺) to fit μ and σ to the points drawn now")
    # said again with each scene while it is drawn (the page clears its banner at each)
    replies = send(play_session, {"type": "add_point", "x1": 0.0, "x2": 0.0, "value": 1.2})
    assert _fu_warnings(play_session, replies) == [said]
    # a reset fits μ and σ with it: the others squashed, in the words a drawing made with it gets
    reset = send(play_session, {"type": "control", "action": "reset"})
    (fitted,) = _fu_warnings(play_session, reset)
    assert fitted.startswith("the target holds 1e+06 in the point (3, -2.5), over 99.9% of the column's spread")
    assert reset[0]["dataset"]["target_std"] > 1e5


@pytest.mark.parametrize("values", [
    [1.0, 2.0, 1.5, -1e6, 1e6],    # two far values: neither holds the spread alone
    [3.0] * 5 + [1e6],             # after points of one value (σ = 1): the others do not vary
], ids=["two far values", "after one value"])
def test_every_value_drawn_far_past_the_kept_mu_and_sigma_is_warned_of(play_session, values):
    # the lone-value rule of standardising finds neither: the loss sat near 1e12 unexplained
    first = [[float(k % 3), float(k // 3), v] for k, v in enumerate(values) if abs(v) < 1e5]
    (scene, *warned) = _fu_drawing(play_session, first)
    assert warned == []
    for k, v in enumerate(values):
        if abs(v) >= 1e5:
            replies = send(play_session, {"type": "add_point", "x1": -3.0, "x2": float(k), "value": v})
    (said,) = _fu_warnings(play_session, replies)
    assert re.match(r"the target (-?1e\+06) in the point \(-3, \d\) lies \S+ σ from the μ = \S+ kept with the "
                    r"weights", said), said
    assert float(said.split(" ")[2]) == max((v for v in values), key=lambda v: abs(v - _fu_scale(scene)[0]))


def test_mu_and_sigma_kept_after_the_far_value_is_cleared_are_still_told(play_session):
    (scene, warned) = _fu_drawing(play_session, ORDINARY + [FAR])
    assert warned["message"].startswith("the target holds 1e+06 in the point (3, -2.5), over 99.9%")
    mean, std = _fu_scale(scene)
    (width,) = re.findall(r"its other values end within (\S+) of each other", warned["message"])
    gone = (f"the target's μ = {mean:.6g} and σ = {std:.6g}, kept with the weights, were fitted with 1e+06 in the "
            f"point (3, -2.5), which is no longer drawn: values near the others it was drawn with, standardised "
            f"with them, still end within {width} of each other; reset the weights (↺) to fit μ and σ to the "
            "points drawn now")
    replies = send(play_session, {"type": "clear_points"})
    assert _fu_scale(replies[0]) == (mean, std) and _fu_warnings(play_session, replies) == [gone]
    # and so it is: two values drawn now, 1 apart, are learnt as targets a hair apart
    send(play_session, {"type": "add_point", "x1": 1.0, "x2": 1.0, "value": 1.0})
    replies = send(play_session, {"type": "add_point", "x1": 2.0, "x2": 1.0, "value": 2.0})
    assert _fu_warnings(play_session, replies) == [gone]
    t = play_session.data.t_train   # float32 near -1/3, 3e-8 apart: 1/σ to a percent
    assert abs(t[1] - t[0]) == pytest.approx(1 / std, rel=0.02) and abs(t[1] - t[0]) < 1e-5
    # a reset fits them to the points drawn: nothing to say, and the targets 2 apart (σ = 0.5)
    reset = send(play_session, {"type": "control", "action": "reset"})
    assert _fu_warnings(play_session, reset) == [] and _fu_scale(reset[0]) == (1.5, 0.5)
    assert play_session.data.t_train.tolist() == [-1.0, 1.0]


def test_mu_and_sigma_fitted_without_a_far_value_say_nothing_when_cleared(play_session):
    _fu_drawing(play_session, ORDINARY)
    assert _fu_warnings(play_session, send(play_session, {"type": "clear_points"})) == []
    replies = send(play_session, {"type": "add_point", "x1": 1.0, "x2": 1.0, "value": 5.0})
    assert _fu_warnings(play_session, replies) == []
