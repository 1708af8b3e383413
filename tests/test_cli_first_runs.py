"""What a learner's first ``neuralab train`` runs on the built-in datasets write and print: a
regression over the plane gets a map of its prediction, not a "decision boundary", and a large
training part trains for fewer epochs by default, so that a first MNIST run takes seconds."""
import json

import pytest

from neuralab import cli
from neuralab.cli.train_options import DEFAULT_EPOCHS, SAMPLES_SEEN, default_epochs

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_regression_of_two_features_writes_a_map_of_its_prediction_not_a_decision_boundary(tmp_path, capsys):
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", "plane", "--epochs", "2", "--quiet", "--out", str(out)]) == 0
    assert "wrote model.npz, loss.png, prediction_map.png, history.csv, metrics.json to " in capsys.readouterr().out
    assert (out / "prediction_map.png").read_bytes()[:8] == PNG
    assert not (out / "decision_boundary.png").exists()
    # classes get their boundary, and a run of them in the same folder leaves no map of the run before
    assert cli.main(["train", "--dataset", "moons", "--epochs", "2", "--quiet", "--out", str(out)]) == 0
    assert (out / "decision_boundary.png").read_bytes()[:8] == PNG
    assert not (out / "prediction_map.png").exists()


def test_a_large_training_part_trains_for_fewer_epochs_by_default_and_says_so(tmp_path, capsys):
    args = ["train", "--dataset", "gaussians", "--samples", "3000", "--layers", "auto,auto",
            "--batch-size", "full", "--quiet"]
    assert cli.main([*args, "--out", str(tmp_path / "default")]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    epochs = json.loads((tmp_path / "default" / "metrics.json").read_text())["epochs_trained"]
    # the 2400 samples of its training part, seen about SAMPLES_SEEN times in all
    assert epochs < DEFAULT_EPOCHS and abs(epochs * 2400 - SAMPLES_SEEN) <= 2400 / 2
    assert header.endswith(f", {epochs} epochs (the default for 2400 training samples; --epochs N to choose)")
    # a number given is the number trained, without the word on the default
    assert cli.main([*args, "--epochs", "3", "--out", str(tmp_path / "given")]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(", batch full, 3 epochs")
    assert json.loads((tmp_path / "given" / "metrics.json").read_text())["epochs_trained"] == 3


@pytest.mark.parametrize("n_train", [4, 160, 1437, SAMPLES_SEEN // DEFAULT_EPOCHS])
def test_the_small_built_in_datasets_keep_the_default_epochs(n_train):
    assert default_epochs(n_train) == DEFAULT_EPOCHS


def test_mnist_s_sixty_thousand_images_train_for_ten_epochs_as_the_help_says():
    assert default_epochs(60_000) == 10
    assert default_epochs(100 * SAMPLES_SEEN) == 1   # never none


def test_epochs_given_out_of_range_are_still_refused_in_one_line_before_anything_is_made(tmp_path, capsys):
    assert cli.main(["train", "--dataset", "moons", "--epochs", "0", "--out", str(tmp_path / "o")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("neuralab: error: --epochs") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_batch_size_full_is_read_in_any_case_as_the_optimizers_names_are(tmp_path, capsys):
    # --optimizer Adam is adam; --batch-size Full was refused as "not a positive integer or 'full'"
    assert cli.main(["train", "--dataset", "xor", "--epochs", "1", "--batch-size", "Full", "--quiet",
                     "--out", str(tmp_path)]) == 0
    assert ", batch full, 1 epoch\n" in capsys.readouterr().out
