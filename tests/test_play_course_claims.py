"""The course's claims, as the playground's board shows them for the scenes of docs/playground.md
("The course's claims, as links"): the training and test losses and accuracies a learner reads
after the epochs the line names. (Vanishing gradients and the loss chart of a crawl:
browser/test_play_course_claims_page.py; He against small initial weights:
browser/test_play_initial_weights_page.py.)"""
import math

import pytest

from session_kit import send


def dense(units, activation, i=1):
    return {"id": f"h{i}", "type": "dense", "units": units, "activation": activation}


def board(session, state, epochs):
    """The board's numbers, and the loss curve's first and last training loss, after ``epochs``
    epochs of ``state`` from its first weights."""
    send(session, {"type": "hello", "state": state})
    for _ in range(epochs):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
    return {**session.metrics, "first_loss": session.curves[0][1], "last_loss": session.curves[-1][1]}


CHANCE = math.log(2)   # the binary cross-entropy of predicting 50 % whatever the input


def test_one_neuron_cannot_learn_xor_and_one_hidden_layer_of_four_can(play_session):
    xor = {"dataset": {"name": "xor"}, "hparams": {"lr": 0.1}}
    alone = board(play_session, {**xor, "layers": []}, 100)
    assert alone["val_accuracy"] <= 0.6 and alone["loss"] > 0.95 * CHANCE, alone
    hidden = board(play_session, {**xor, "layers": [dense(4, "relu")]}, 100)
    assert hidden["val_accuracy"] >= 0.95 and hidden["loss"] < 0.2, hidden


def test_a_learning_rate_too_high_jumps_about_and_one_too_low_crawls(play_session):
    high = board(play_session, {"hparams": {"lr": 10}}, 50)
    assert high["loss"] > CHANCE and high["accuracy"] <= 0.6, high   # worse than guessing
    low = board(play_session, {"hparams": {"lr": 0.001}}, 50)
    assert low["last_loss"] > 0.9 * low["first_loss"], low          # less than a tenth off
    usual = board(play_session, {"hparams": {"lr": 0.03}}, 50)
    assert usual["last_loss"] < 0.5 * usual["first_loss"] and usual["val_accuracy"] >= 0.95, usual


NOISY_MOONS = {"dataset": {"name": "moons", "n_samples": 150, "noise": 0.4},
               "layers": [dense(32, "relu", i) for i in (1, 2, 3)]}


@pytest.mark.parametrize("cure", [{"l2": 0.01}, {"dropout": 0.3}])
def test_l2_or_dropout_narrows_the_gap_between_training_and_test_loss(play_session, cure):
    plain = board(play_session, {**NOISY_MOONS, "hparams": {"lr": 0.1}}, 300)
    cured = board(play_session, {**NOISY_MOONS, "hparams": {"lr": 0.1, **cure}}, 300)
    gap, narrower = plain["val_loss"] - plain["loss"], cured["val_loss"] - cured["loss"]
    assert plain["loss"] < 0.01 and gap > 0.1, plain                 # 75 points learnt by heart
    assert narrower < 0.5 * gap, (plain, cured)
    assert cured["val_loss"] < plain["val_loss"], (plain, cured)


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_momentum_and_adam_reach_a_lower_loss_than_sgd_in_as_many_epochs(play_session, optimizer):
    spiral = {"dataset": {"name": "spiral"}, "layers": [dense(8, "tanh", 1), dense(8, "tanh", 2)]}
    sgd = board(play_session, {**spiral, "hparams": {"optimizer": "sgd", "lr": 0.03}}, 100)
    other = board(play_session, {**spiral, "hparams": {"optimizer": optimizer, "lr": 0.03}}, 100)
    assert other["loss"] < sgd["loss"] - 0.1 and other["accuracy"] > sgd["accuracy"] + 0.1, (sgd, other)
