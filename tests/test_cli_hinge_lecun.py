"""`neuralab train --loss hinge` is refused in one line that says why and where the hinge loss is
trained; `--init lecun_normal` and `lecun_uniform` train and draw the weights they name."""
import numpy as np
import pytest

import neuralab
from neuralab import cli, nn


@pytest.mark.parametrize("name", ["hinge", "hinge_loss"])
def test_loss_hinge_is_refused_before_anything_runs_with_the_way_to_train_it(tmp_path, capsys, name):
    out = tmp_path / "o"
    with pytest.raises(SystemExit) as exit:
        cli.main(["train", "--dataset", "moons", "--epochs", "1", "--quiet", "--loss", name, "--out", str(out)])
    assert exit.value.code == 2
    printed, err = capsys.readouterr()
    assert printed == "" and len(err.strip().splitlines()) == 1
    assert err.startswith(f"neuralab: error: argument --loss: invalid choice: {name!r}; neuralab train does "
                          f"not offer hinge: its labels are -1/+1 and its output a score")
    assert "model.fit(X, 2 * y - 1, loss='hinge', metrics=['accuracy'])" in err
    assert "choose from auto, mse, mae, bce, bce_logits, cross_entropy" in err
    assert not out.exists()


def test_a_misspelt_loss_still_gets_the_closest_name(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["train", "--epochs", "1", "--quiet", "--loss", "bce_logit", "--out", str(tmp_path / "o")])
    assert "invalid choice: 'bce_logit'; did you mean 'bce_logits'? choose from" in capsys.readouterr().err


@pytest.mark.parametrize("init", ["lecun_normal", "lecun_uniform"])
def test_init_lecun_trains_from_weights_of_variance_1_over_fan_in(tmp_path, capsys, init):
    out = tmp_path / "o"
    # 0 epochs is refused: one epoch of one step at a tiny rate leaves the draw as it was, to 1e-3
    assert cli.main(["train", "--dataset", "moons", "--layers", "auto,400,auto", "--init", init, "--epochs", "1",
                     "--batch-size", "full", "--lr", "1e-9", "--seed", "0", "--quiet", "--out", str(out)]) == 0
    hidden, output = [layer for layer in neuralab.load(out / "model.npz").walk() if isinstance(layer, nn.Dense)]
    assert hidden.weight.data.std() == pytest.approx(np.sqrt(1 / 2), rel=0.1)     # fan_in 2, 800 weights
    assert output.weight.data.std() == pytest.approx(np.sqrt(1 / 400), rel=0.2)   # fan_in 400, 400 weights
