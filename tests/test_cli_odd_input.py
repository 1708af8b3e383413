"""neuralab train on odd input, found by fuzzing: numbers written with a unit under --one-hot auto
and as the target, an option followed by another option instead of its value, and a loss that
stays flat because the network's hidden units are dead."""
import numpy as np
import pytest

from neuralab import cli, nn
from neuralab.cli.loss_warning import loss_warning, stuck_hidden_layer
from neuralab.data import load_csv
from neuralab.optim import SGD, Adam


def _odd_input_csv(tmp_path, header, rows):
    """A CSV file of ``header`` and ``rows`` (tuples of cells) in ``tmp_path``."""
    path = tmp_path / "odd.csv"
    path.write_text("\n".join([header, *(",".join(map(str, row)) for row in rows)]) + "\n", encoding="utf-8")
    return path


def _odd_input_rows(n=120):
    """``n`` rows of a feature x that decides the label and a percentage of five values."""
    x = np.random.default_rng(0).normal(size=n).round(3)
    return [(v, f"{(i % 5) * 1.5}%", int(v > 0)) for i, v in enumerate(x)]


def test_one_hot_auto_refuses_a_feature_of_numbers_with_a_unit_however_few_its_values(tmp_path, capsys):
    # five percentages in 120 rows are neither names nor too many categories, so --one-hot auto
    # made them five 0/1 columns without a word; a run without --one-hot says what they are
    path = _odd_input_csv(tmp_path, "x,pct,label", _odd_input_rows())
    assert cli.main(["train", "--data", str(path), "--target", "label", "--one-hot", "auto", "--epochs", "1",
                     "--quiet", "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert "column 'pct' ('0.0%') holds numbers written with a unit rather than categories" in err
    assert "df[['pct']] = df[['pct']].replace('[%]', '', regex=True).astype(float)" in err
    assert not (tmp_path / "run").exists()


def test_a_column_named_in_one_hot_is_encoded_even_with_a_unit(tmp_path):
    # named, its few values are categories as asked: only "auto" chose it without being told
    ds = load_csv(_odd_input_csv(tmp_path, "x,pct,label", _odd_input_rows()), "label", one_hot=["pct"])
    assert ds.categories == {"pct": ("0.0%", "1.5%", "3.0%", "4.5%", "6.0%")}


def test_a_target_of_prices_is_refused_with_the_fix_before_training(tmp_path, capsys):
    # "$0.50" ... "$7.50" were eight classes of prices (231 classes of one row each in a longer file)
    rows = [(i % 7, f"${(i % 8) + 0.5:.2f}") for i in range(80)]
    path = _odd_input_csv(tmp_path, "x,price", rows)
    assert cli.main(["train", "--data", str(path), "--target", "price", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert ("column 'price', row 1 (line 2): '$0.50' is not a number (a number with the unit '$': write it "
            "without, 0.50); this target column holds numbers written with a unit, so it is not read as class "
            "names: write the numbers without their unit (with pandas: df[['price']] = df[['price']]"
            ".replace('[$]', '', regex=True).astype(float)); if its values are class names, pass --task "
            "multiclass") in err
    assert not (tmp_path / "run").exists()
    assert load_csv(path, "price", task="multiclass").n_classes == 8   # asked for: classes
    with pytest.raises(ValueError, match=r"write it without, 0.50\)$"):  # not "this target column holds words"
        load_csv(path, "price", task="regression")


@pytest.mark.parametrize("argv, said", [
    (["--target", "--lr", "0.1"], "--target needs a column name, but got the option --lr"),
    (["--tar", "--lr", "0.1"], "--target needs a column name, but got the option --lr"),  # abbreviated
    (["--data", "--epochs", "3"], "--data needs a CSV file's name, but got the option --epochs"),
    (["--epochs", "--seed", "1"], "--epochs needs a whole number, but got the option --seed"),
    (["--one-hot", "--target", "y"], "--one-hot needs column names, but got the option --target"),
    (["--task", "-h"], "--task needs one of auto, binary, multiclass, regression, but got the option -h"),
    (["--layers"], "--layers needs a value (N0,N1,...,NL), but nothing follows it"),
    (["--target", "--label"], "--target needs a column name, but got --label, which reads as an option; if it "
                              "is the value, write --target=--label"),
])
def test_an_option_without_its_value_says_what_it_needs_and_what_came(capsys, argv, said):
    # argparse said "argument --target: expected one argument"
    with pytest.raises(SystemExit) as exited:
        cli.main(["train", *argv])
    assert exited.value.code == 2
    assert capsys.readouterr().err == f"neuralab: error: {said} (see neuralab train --help)\n"


def test_play_options_without_a_value_are_told_alike(capsys):
    with pytest.raises(SystemExit):
        cli.main(["play", "--port"])
    assert capsys.readouterr().err == ("neuralab: error: --port needs a whole number, but nothing follows it "
                                       "(see neuralab play --help)\n")


def test_a_flat_loss_from_zero_weights_is_told_the_init_not_a_larger_rate(tmp_path, capsys):
    # --init zeros: every hidden ReLU outputs 0 and the loss stays at ln 2; the warning said "the
    # steps were too small to change it; try a larger learning rate (now 5)", and fit's frozen
    # warning "start from smaller initial weights or standardise the inputs", neither of which can help
    assert cli.main(["train", "--dataset", "moons", "--init", "zeros", "--optimizer", "sgd", "--lr", "5",
                     "--batch-size", "full", "--epochs", "3", "--quiet", "--out", str(tmp_path)]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning: ")]
    assert warned == [("warning: --init zeros starts the units of each hidden layer equal: they get equal gradients "
                       "and stay equal, so a layer computes what one unit can (accuracy stays near guessing's); leave "
                       "--init out for the default, or use he_normal"),
                      ("warning: training is frozen: every gradient is exactly 0 (every weight of hidden layer 1 is "
                       "0); start from random weights: leave --init out for the default")]


def test_a_loss_that_stops_moving_as_a_large_rate_kills_the_relus_is_told_so(tmp_path, capsys):
    # sgd at 50 times its usual rate kills hidden layer 2 in the first epoch: the loss then stays
    assert cli.main(["train", "--dataset", "spiral", "--optimizer", "sgd", "--lr", "5", "--seed", "1",
                     "--batch-size", "full", "--epochs", "5", "--quiet", "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().err
    assert ("every unit of hidden layer 2 gives the same output for every training sample (0: dead ReLUs), so the "
            "network gives the same output for every sample; try a lower learning rate (now 5), such as this "
            "optimizer's usual 0.1") in said


def _odd_input_dead_model():
    """A 2-3-3-1 ReLU network whose second hidden layer outputs 0 for any input near 0."""
    model = nn.MLP([2, 3, 3, 1], activation="relu", output="sigmoid")
    model.layers[2].bias.data[:] = -1e3
    model.layers[2].weight.data[:] = 0.01
    return model


def test_stuck_hidden_layer_finds_the_first_layer_that_is_the_same_for_every_row():
    X = np.random.default_rng(1).normal(size=(50, 2)).astype(np.float32)
    assert stuck_hidden_layer(_odd_input_dead_model(), X, rows=16) == (2, True)   # across chunks of rows
    assert stuck_hidden_layer(nn.MLP([2, 3, 3, 1], activation="relu", output="sigmoid"), X) is None
    tanh = nn.MLP([2, 3, 1], activation="tanh", output="sigmoid", init="zeros")
    assert stuck_hidden_layer(tanh, X) == (1, False)    # the same output, but no ReLU


def test_a_flat_loss_is_told_larger_steps_only_when_nothing_else_explains_it():
    flat = [0.6931, 0.6931, 0.6931]
    sgd = SGD(nn.Dense(1, 1).parameters(), lr=5)
    stuck = loss_warning(flat, sgd, usual_lr=0.1, stuck=(1, True))
    assert stuck.endswith("try a lower learning rate (now 5), such as this optimizer's usual 0.1, or "
                          "--activation leaky_relu, whose units never stop passing a gradient")
    saturated = loss_warning(flat, sgd, usual_lr=0.1)
    assert "saturated" in saturated and saturated.endswith("try a lower learning rate (now 5), such as this "
                                                           "optimizer's usual 0.1")
    sgd.lr = 1e-30
    assert loss_warning(flat, sgd, usual_lr=0.1).endswith("too small to change it; try a larger learning rate "
                                                          "(now 1e-30)")
    assert "larger" not in stuck + saturated


def test_units_stuck_from_a_zero_start_are_told_the_init_whether_or_not_the_loss_moved():
    # moons under Adam from --init zeros ended a hair above its first epoch (its output bias moving), told
    # "try a lower learning rate (now 0.01)", which leaves the zero start's equal units equal
    adam = Adam(nn.Dense(1, 1).parameters(), lr=0.01)
    for losses in ([0.69314, 0.69315], [0.6931, 0.6931]):
        said = loss_warning(losses, adam, usual_lr=0.01, stuck=(1, True), init="zeros")
        assert said.endswith("; --init zeros starts them so: leave --init out for the default")
        assert "learning rate" not in said
