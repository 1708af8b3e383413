"""The exponential and inverse-time decays written as schedule text (exp:GAMMA, inverse:DECAY):
the parser, ``neuralab train --schedule``, the playground's box and its "⤓ Python" script."""
import csv
import subprocess
import sys

import numpy as np
import pytest
import torch

from neuralab import cli, nn, optim
from neuralab.optim.schedule_text import read_schedule, schedule_code
from neuralab.play import hparams
from neuralab.play.field_checks import ProtocolError
from session_kit import send
from test_play_session import page_script
from test_schedule_text import _lrs, _opt


@pytest.mark.parametrize("text, schedule", [
    ("exp:0.9", optim.exponential_decay(0.1, 0.9)),
    ("EXP : 0.5", optim.exponential_decay(0.1, 0.5)),
    ("inverse:0.5", optim.inverse_time_decay(0.1, 0.5)),
    ("inverse:0", optim.inverse_time_decay(0.1, 0)),                 # a constant lr
    ("warmup:3,exp:0.8", optim.linear_warmup(0.1, 3, then=optim.exponential_decay(0.1, 0.8))),
    ("Warmup:2, Inverse:1e-1", optim.linear_warmup(0.1, 2, then=optim.inverse_time_decay(0.1, 0.1))),
])
def test_text_gives_the_lrs_of_the_decay_function(text, schedule):
    np.testing.assert_allclose(_lrs(optim.parse_schedule(text, _opt()), 30), [schedule(t) for t in range(30)],
                               rtol=1e-12)


def test_exp_steps_as_torchs_exponential_lr_and_inverse_as_its_lambda_lr():
    p = torch.nn.Parameter(torch.zeros(1))
    for text, make in [("exp:0.7", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.7)),
                       ("inverse:0.3", lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda t: 1 / (1 + 0.3 * t)))]:
        reference = torch.optim.SGD([p], lr=0.1)
        scheduler, theirs = make(reference), []
        for _ in range(8):
            theirs.append(reference.param_groups[0]["lr"])
            reference.step()
            scheduler.step()
        assert _lrs(optim.parse_schedule(text, _opt()), 8) == pytest.approx(theirs, rel=1e-12), text


def test_the_forms_are_named_in_every_refusal():
    with pytest.raises(ValueError) as refused:
        optim.parse_schedule("linear:3", _opt())
    assert "exp:GAMMA" in str(refused.value) and "inverse:DECAY" in str(refused.value)


def test_an_exp_gamma_above_1_is_warned_of_as_steps_is():
    with pytest.warns(UserWarning, match="ExponentialLR: gamma=2 is above 1, so the lr is multiplied by 2"):
        optim.parse_schedule("exp:2", _opt())


@pytest.mark.parametrize("text", ["step:3", "step:3:0.5", "cosine:4:2", "exp:0.9", "inverse:0.25", "warmup:2",
                                  "warmup:2,exp:0.5", "warmup:3,inverse:1", "warmup:1,cosine:3"])
def test_the_code_of_a_text_builds_a_scheduler_with_its_lrs(text):
    built = eval(schedule_code(text, "opt"), {"optim": optim, "opt": _opt()})
    assert _lrs(built, 20) == _lrs(optim.parse_schedule(text, _opt()), 20)


def test_the_code_names_the_class_and_the_formula():
    assert schedule_code("exp:0.9") == "optim.ExponentialLR(optimizer, gamma=0.9)"
    assert schedule_code("inverse:0.5") == "optim.LambdaLR(optimizer, lambda t: 1 / (1 + 0.5 * t))"
    assert schedule_code("warmup:2,exp:0.9") == ("optim.LinearWarmup(optimizer, warmup_steps=2, "
                                                  "after=optim.ExponentialLR(optimizer, gamma=0.9))")


def test_texts_that_schedule_alike_read_alike():
    assert read_schedule("exp:0.50") == read_schedule("EXP:.5") != read_schedule("exp:0.25")
    assert read_schedule("inverse:1") == read_schedule("inverse:1.0") != read_schedule("inverse:2")


# -- neuralab train --schedule -------------------------------------------------------------------

def _history_lrs(folder):
    with open(folder / "history.csv", newline="") as f:
        return [float(row["lr"]) for row in csv.DictReader(f)]


@pytest.mark.parametrize("text, schedule", [
    ("exp:0.5", optim.exponential_decay(0.01, 0.5)),
    ("inverse:1", optim.inverse_time_decay(0.01, 1)),
    ("warmup:2,exp:0.5", optim.linear_warmup(0.01, 2, then=optim.exponential_decay(0.01, 0.5))),
    ("warmup:2,inverse:0.5", optim.linear_warmup(0.01, 2, then=optim.inverse_time_decay(0.01, 0.5))),
])
def test_the_command_records_the_decays_lr_per_epoch(tmp_path, capsys, text, schedule):
    assert cli.main(["train", "--dataset", "moons", "--epochs", "5", "--schedule", text,
                     "--quiet", "--out", str(tmp_path)]) == 0
    assert _history_lrs(tmp_path) == pytest.approx([schedule(t) for t in range(5)])
    assert "note: --schedule" not in capsys.readouterr().out   # the lr changes within the run


def test_the_commands_help_lists_the_decays():
    help_text = " ".join(cli._build_parser()._subparsers._group_actions[0].choices["train"].format_help().split())
    assert "exp:GAMMA" in help_text and "inverse:DECAY (lr / (1 + DECAY · epoch))" in help_text


@pytest.mark.parametrize("text, message", [
    ("exp:0", "--schedule exp:0: GAMMA must be a finite number > 0"),
    ("inverse:-1", "--schedule inverse:-1: DECAY must be a finite number >= 0"),
    ("exponential:0.9", "unknown schedule 'exponential'; did you mean 'exp'?"),
])
def test_the_commands_refusals_name_the_numbers_as_its_help_does(tmp_path, capsys, text, message):
    assert cli.main(["train", "--epochs", "1", "--quiet", "--schedule", text, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "decay_rate" not in err and "gamma" not in err
    assert not any(tmp_path.iterdir())


def test_an_exp_gamma_above_1_is_a_warning_of_the_command(tmp_path, capsys):
    assert cli.main(["train", "--dataset", "moons", "--epochs", "2", "--schedule", "exp:2",
                     "--quiet", "--out", str(tmp_path)]) == 0
    assert "warning: --schedule exp:2: ExponentialLR: GAMMA=2 is above 1" in capsys.readouterr().err


@pytest.mark.parametrize("text, epochs, words", [
    ("exp:0.9", 1, "would first multiply the lr by GAMMA at epoch 2, after the last of --epochs 1, "
                   "so the lr stays the same throughout: train for more --epochs"),
    ("warmup:3,inverse:0.1", 4, "would first divide the lr by 1 + DECAY at epoch 5, after the last of "
                                "--epochs 4, so the lr stays as the warm-up leaves it"),
])
def test_a_decay_that_starts_after_the_last_epoch_is_noted(tmp_path, capsys, text, epochs, words):
    assert cli.main(["train", "--dataset", "moons", "--epochs", str(epochs), "--schedule", text,
                     "--quiet", "--out", str(tmp_path)]) == 0
    assert f"note: --schedule {text} {words}" in capsys.readouterr().out


# -- the playground ------------------------------------------------------------------------------

def test_the_schedule_box_takes_the_decays_and_names_them_when_it_refuses():
    assert hparams.schedule(" Exp : 0.9 ", "Schedule") == "exp:0.9"
    assert hparams.schedule("warmup:2,INVERSE:0.5", "Schedule") == "warmup:2,inverse:0.5"
    with pytest.raises(ProtocolError, match="Schedule: decay_rate must be a finite number >= 0") as refused:
        hparams.schedule("inverse:-1", "Schedule")
    assert "exp:GAMMA, inverse:DECAY" in refused.value.suggestion


def test_another_inverse_decay_rate_is_another_schedule():
    # a LambdaLR's state holds no decay rate: compared by it, inverse:0.5 after inverse:0.1 was no change
    same = lambda a, b: hparams.same_hparam("schedule", {"schedule": a}, {"schedule": b})   # noqa: E731
    assert not same("inverse:0.1", "inverse:0.5") and not same("exp:0.9", "exp:0.8")
    assert same("inverse:0.5", "inverse:.50") and same("warmup:2,exp:0.9", "warmup:02,exp:0.90")


@pytest.fixture
def session():
    from neuralab.play.session import Session
    s = Session()
    yield s
    s.close()


@pytest.mark.parametrize("text, code", [
    ("exp:0.7", "scheduler = optim.ExponentialLR(optimizer, gamma=0.7)  # the schedule exp:0.7"),
    ("warmup:1,inverse:0.5", "scheduler = optim.LinearWarmup(optimizer, warmup_steps=1, after=optim.LambdaLR("
                             "optimizer, lambda t: 1 / (1 + 0.5 * t)))  # the schedule warmup:1,inverse:0.5"),
])
def test_the_pages_script_schedules_the_lr_as_the_page_did(session, tmp_path, text, code):
    (scene,) = send(session, {"type": "hello", "state": {"dataset": {"n_samples": 40},
                                                          "hparams": {"lr": 0.1, "batch_size": 10, "schedule": text}}})
    assert scene["schedule_code"] in code
    page = []
    for _ in range(4):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
        page.append(session.metrics["lr"])          # the lr of the epoch just trained
    script = page_script(session, tmp_path)
    assert code in script
    path = tmp_path / "neuralab_playground.py"
    path.write_text(script + 'print(history.history["lr"])\n')
    done = subprocess.run([sys.executable, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert eval(done.stdout.strip().splitlines()[-1]) == pytest.approx(page, rel=1e-6)
