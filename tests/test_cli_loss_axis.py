"""The loss axis of a run's loss.png says which loss it draws, and in which units."""
import pytest

from neuralab import cli
from neuralab.train import plots


@pytest.mark.parametrize("dataset, label", [
    # a regression's curve is the MSE of the standardised target: 0.1 there is not the table's 2.3e9
    ("sine", "loss (MSE of the standardised target)"),
    ("moons", "loss (binary cross-entropy)"),
    ("iris", "loss (cross-entropy)")])
def test_the_loss_axis_names_the_loss_and_its_units(tmp_path, monkeypatch, dataset, label):
    drawn = []
    draw = plots.loss_curves
    monkeypatch.setattr(plots, "loss_curves", lambda *args, **kwargs: drawn.append(draw(*args, **kwargs)))
    assert cli.main(["train", "--dataset", dataset, "--epochs", "2", "--quiet", "--out", str(tmp_path / "o")]) == 0
    (figure,) = drawn
    assert figure.axes[0].get_ylabel() == label
    assert (tmp_path / "o" / "loss.png").stat().st_size > 0
