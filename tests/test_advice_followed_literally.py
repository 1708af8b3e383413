"""Advice that a learner copies as written, for the model in front of them: each test makes the
mistake, reads the message, runs what it advises and checks that it works (no second refusal,
no advice that silently undoes the goal, no circle of messages)."""
import re
import warnings

import numpy as np
import pytest

from neuralab import cli, data, nn, optim, train
from neuralab.train import EarlyStopping, LearningRateScheduler, ModelCheckpoint, ReduceLROnPlateau


def _advised_moons():
    return data.load("moons", n_samples=120, noise=0.2, seed=0)


def _advised_error(call, error=ValueError):
    with pytest.raises(error) as caught:
        call()
    return str(caught.value)


# -- 1. freezing -----------------------------------------------------------------------------

@pytest.mark.parametrize("switch", ["trainable", "requires_grad"])
def test_the_freezing_advice_names_the_last_layer_with_weights_and_keeps_the_freeze(switch):
    # model[-1] of nn.MLP(..., output="sigmoid") is the Sigmoid: "optim.Adam(model[-1].parameters())"
    # gave the optimizer nothing, and the fix of that, model.parameters(), trained the frozen layer
    X, y = _advised_moons()
    model = nn.MLP([2, 16, 1], output="sigmoid")
    target = model[0] if switch == "trainable" else model[0].weight
    message = _advised_error(lambda: setattr(target, switch, False))
    advised = re.search(r"optim\.Adam\(model\[(-?\d+)\]\.parameters\(\)\)", message)
    assert advised and "model[-1], Sigmoid(), has no parameters" in message
    frozen, head = model[0].weight.data.copy(), model[2].weight.data.copy()
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model[int(advised.group(1))].parameters()),
              epochs=2, verbose=0)
    assert np.array_equal(model[0].weight.data, frozen) and not np.array_equal(model[2].weight.data, head)


def test_freezing_the_last_layer_with_weights_advises_the_layers_before_it():
    X, y = _advised_moons()
    model = nn.MLP([2, 16, 1], output="sigmoid")
    message = _advised_error(lambda: setattr(model[2], "trainable", False))
    advised = re.search(r"optim\.Adam\(model\[:(\d+)\]\.parameters\(\)\)", message)
    assert advised
    head = model[2].weight.data.copy()
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model[:int(advised.group(1))].parameters()),
              epochs=2, verbose=0)
    assert np.array_equal(model[2].weight.data, head)


def test_an_optimizer_over_an_activation_says_it_has_no_weights_and_which_layer_has():
    model = nn.MLP([2, 16, 1], output="sigmoid")
    message = _advised_error(lambda: optim.Adam(model[-1].parameters()))
    assert "activation" in message and "optim.Adam(model[-2].parameters())" in message
    assert optim.Adam(model[-2].parameters()).params == model[2].parameters()


# -- 2. the circle of sigmoid, bce and cross_entropy -------------------------------------------

def test_two_sigmoid_outputs_with_labels_get_advice_that_ends_the_circle():
    # bce -> "use cross_entropy" -> "ends with a Sigmoid ... or use bce_logits" -> "use cross_entropy"
    X, y = _advised_moons()
    fit = lambda output, loss: nn.MLP([2, 8, 2], output=output).fit(X, y, loss=loss, optimizer="adam",
                                                                       epochs=1, verbose=0)
    for loss in ("bce", "bce_logits", "cross_entropy"):
        message = _advised_error(lambda: fit("sigmoid", loss))
        assert "output='softmax'" in message and "bce_logits" not in message
        assert loss == "cross_entropy" or "loss='cross_entropy'" in message
    fit("softmax", "cross_entropy")   # the advice, as written
    nn.MLP([2, 8, 1], output="sigmoid").fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0)


def test_one_sigmoid_output_with_cross_entropy_is_sent_to_bce():
    X, y = _advised_moons()
    message = _advised_error(lambda: nn.MLP([2, 8, 1], output="sigmoid").fit(X, y, loss="cross_entropy",
                                                                             optimizer="adam", epochs=1, verbose=0))
    assert "keep the Sigmoid and use loss='bce'" in message and "End the model with Softmax" not in message
    nn.MLP([2, 8, 1], output="sigmoid").fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0)


# -- 3. a regression target with a classification loss ----------------------------------------

@pytest.mark.parametrize("output, loss", [(None, "bce_logits"), ("sigmoid", "bce"), (None, "cross_entropy")])
def test_a_regression_target_with_a_classification_loss_is_sent_to_mse(output, loss):
    X, y = data.load("sine", n_samples=100)
    message = _advised_error(lambda: nn.MLP([1, 8, 1], output=output).fit(X, y, loss=loss, optimizer="adam",
                                                                          epochs=1, verbose=0))
    assert "regression" in message and "use loss='mse'" in message
    assert message.index("loss='mse'") < message.index("regression") + 120   # mse first, not bce_logits
    assert "bce_logits" not in message.split("regression")[1]
    nn.MLP([1, 8, 1]).fit(X, y, loss="mse", optimizer="adam", epochs=1, verbose=0)


def test_the_bce_refusal_of_a_model_without_sigmoid_names_mse_and_what_predict_gives():
    # a regression's targets are sent to mse, classes to bce_logits, told what predict then gives
    X, y = data.load("sine", n_samples=100)
    message = _advised_error(lambda: nn.MLP([1, 8, 1]).fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0))
    assert "loss='mse'" in message
    Xm, ym = _advised_moons()
    message = _advised_error(lambda: nn.MLP([2, 8, 1]).fit(Xm, ym, loss="bce", optimizer="adam", epochs=1, verbose=0))
    assert "loss='bce_logits'" in message and "nn.sigmoid(model.predict(X))" in message
    model = nn.MLP([2, 8, 1], rng=0)   # seeded: some draws of 2 epochs score every point above 0
    model.fit(Xm, ym, loss="bce_logits", optimizer="adam", epochs=2, verbose=0, seed=0)
    p = nn.sigmoid(model.predict(Xm))
    assert ((p > 0) & (p < 1)).all() and (model.predict(Xm) < 0).any()   # raw scores, then probabilities


def test_many_class_labels_for_as_many_outputs_are_not_taken_for_a_regression():
    y = np.arange(30) % 25
    loss = nn.CrossEntropyLoss()
    assert np.isfinite(loss(np.zeros((30, 25), np.float32), y))
    message = _advised_error(lambda: loss(np.zeros((3, 4), np.float32), np.array([0.5, 1.5, 2.25])))
    assert "loss='mse'" in message


# -- 4. the monitor's schedule in a short run ---------------------------------------------------

def test_the_schedule_remedy_of_a_short_run_changes_the_lr_within_it(tmp_path, spiking_monitor):
    report = spiking_monitor.report()
    d = report[report.names.index("learning_rate_too_high")]
    python = next(a for a in d.advice() if "StepLR" in a)
    step = int(re.search(r"step_size=(\d+)", python).group(1))
    cli_step = int(re.search(r"--schedule step:(\d+):0\.5", next(a for a in d.advice("cli") if "--schedule" in a)).group(1))
    assert step == cli_step and step < 10
    X, y = data.load("moons", n_samples=300, noise=0.2, seed=0)   # the spiking run's data
    model = nn.MLP([2, 16, 16, 1], activation="relu")
    opt = optim.SGD(model.parameters(), lr=1.0)
    history = model.fit(X, y, loss="bce_logits", optimizer=opt, epochs=10, verbose=0,
                        callbacks=[LearningRateScheduler(optim.StepLR(opt, step_size=step, gamma=0.5))])
    assert len(set(history["lr"])) > 2
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", "moons", "--epochs", "10", "--schedule", f"step:{cli_step}:0.5",
                     "--quiet", "--out", str(out)]) == 0
    rows = (out / "history.csv").read_text().splitlines()
    column = rows[0].split(",").index("lr")
    assert len({row.split(",")[column] for row in rows[1:]}) > 2


def test_diagnose_refuses_what_is_no_monitor_naming_it():
    X, y = _advised_moons()
    model = nn.MLP([2, 4, 1])
    history = model.fit(X, y, loss="bce_logits", optimizer="adam", epochs=1, verbose=0)
    for wrong in (history, model):
        message = _advised_error(lambda: train.diagnose(wrong), TypeError)
        assert "train.Monitor()" in message and type(wrong).__name__ in message


# -- 5. a typo in monitor= ----------------------------------------------------------------------

@pytest.mark.parametrize("callback", [EarlyStopping, ReduceLROnPlateau, ModelCheckpoint])
@pytest.mark.parametrize("typo", ["val_los", "val_acc"])
def test_a_near_miss_of_a_logged_name_is_answered_with_the_name(tmp_path, callback, typo):
    X, y = _advised_moons()
    extra = {"path": str(tmp_path / "best.npz")} if callback is ModelCheckpoint else {}
    message = _advised_error(lambda: callback(monitor=typo, **extra))
    name = re.search(r"pass monitor='(\w+)'", message).group(1)
    assert message.index("pass monitor=") < message.index("mode='min'")
    nn.MLP([2, 8, 1], output="sigmoid").fit(X, y, loss="bce", optimizer="adam", epochs=2, verbose=0,
                                            validation_data=(X, y), callbacks=[callback(monitor=name, **extra)])


# -- 6. --layers with hidden sizes alone --------------------------------------------------------

@pytest.mark.parametrize("layers", ["16 16", "16,16", "3,16,1"])
def test_layers_advice_of_the_command_line_runs_on_the_data_at_hand(tmp_path, capsys, layers):
    out = str(tmp_path / "o")
    assert cli.main(["train", "--dataset", "moons", "--layers", layers, "--epochs", "1", "--quiet",
                     "--out", out]) == 2
    err = capsys.readouterr().err
    advised = re.findall(r"--layers ([\w,]+)", err)[-1]
    assert "auto" in advised
    assert cli.main(["train", "--dataset", "moons", "--layers", advised, "--epochs", "1", "--quiet",
                     "--out", out]) == 0


# -- 7. schedule functions read the other way ---------------------------------------------------

def test_a_schedule_function_of_the_lr_alone_is_warned_of_and_the_advice_decays():
    X, y = _advised_moons()
    model = nn.MLP([2, 8, 1], output="sigmoid")
    with pytest.warns(UserWarning, match=r"argument 'lr'.*LearningRateScheduler\(lambda epoch, lr: lr \* 0\.9\)"):
        LearningRateScheduler(lambda lr: lr * 0.9)
    opt = optim.Adam(model.parameters(), lr=0.01)
    history = model.fit(X, y, loss="bce", optimizer=opt, epochs=3, verbose=0,
                        callbacks=[LearningRateScheduler(lambda epoch, lr: lr * 0.9)])
    assert history["lr"] == pytest.approx([0.009, 0.0081, 0.00729])


def test_a_factor_schedule_in_torch_s_habit_is_warned_of_once_and_the_advice_keeps_the_lr():
    X, y = _advised_moons()
    model = nn.MLP([2, 8, 1], output="sigmoid")
    opt = optim.Adam(model.parameters(), lr=0.01)
    with pytest.warns(UserWarning, match=r"gave lr 1\.0 for epoch 0.*lambda epoch: 0\.01 \* 0\.95 \*\* epoch") as caught:
        model.fit(X, y, loss="bce", optimizer=opt, epochs=3, verbose=0,
                  callbacks=[LearningRateScheduler(lambda epoch: 0.95 ** epoch)])
    assert len([w for w in caught if "gave lr 1.0" in str(w.message)]) == 1
    opt = optim.Adam(model.parameters(), lr=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = model.fit(X, y, loss="bce", optimizer=opt, epochs=3, verbose=0,
                            callbacks=[LearningRateScheduler(lambda epoch: 0.01 * 0.95 ** epoch)])
    assert history["lr"] == pytest.approx([0.01, 0.0095, 0.009025])
