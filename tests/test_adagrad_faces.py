"""Adagrad, which courses teach before RMSProp (its running sum of g² is the step size RMSProp
then forgets), is offered where the other optimizers are: `neuralab train --optimizer adagrad`
with a default learning rate that trains the built-in data, and the playground's menu."""
import json

from session_kit import played_past
from test_play_session import hello

from neuralab import cli, optim
from neuralab.cli.train_options import DEFAULT_LR
from neuralab.play.session import Session


def test_neuralab_train_trains_moons_with_adagrad_at_its_default_rate(tmp_path, capsys):
    assert cli.main(["train", "--dataset", "moons", "--optimizer", "adagrad", "--epochs", "60", "--quiet",
                     "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "metrics.json").read_text())
    assert report["results"]["test"]["accuracy"] >= 0.95
    assert DEFAULT_LR["adagrad"] == 0.1


def test_the_help_names_adagrad_and_its_default_rate(capsys):
    try:
        cli.main(["train", "--help"])
    except SystemExit:
        pass
    text = " ".join(capsys.readouterr().out.split())
    assert "adagrad" in text and "adagrad 0.1" in text


def test_the_playground_trains_with_adagrad():
    session = Session()
    try:
        hello(session, hparams={"optimizer": "adagrad", "lr": 0.1})
        assert isinstance(session.optimizer, optim.Adagrad) and session.optimizer.lr == 0.1
        assert played_past(session, steps=5)
        assert session.optimizer.state_dict()["state"]   # its running sums, after steps
    finally:
        session.close()
