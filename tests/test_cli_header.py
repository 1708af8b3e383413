"""The first line of a `neuralab train` run: the network it trains, as the course writes it."""
import pytest

from neuralab import cli


@pytest.mark.parametrize("layers, network", [("auto,1", "network 2-1 sigmoid on standardised inputs, bce,"),  # the perceptron's shape
                                             ("auto,4,auto", "network 2-4-1 tanh/sigmoid on standardised inputs, bce,")])
def test_the_header_names_a_hidden_activation_only_for_hidden_layers(tmp_path, capsys, layers, network):
    # "network 2-1 tanh/sigmoid" told of tanh units that a network without hidden layers does not have
    assert cli.main(["train", "--dataset", "and", "--layers", layers, "--activation", "tanh", "--epochs", "1",
                     "--quiet", "--out", str(tmp_path / "o")]) == 0
    assert network in capsys.readouterr().out.splitlines()[0]   # (the note on its 4 samples comes after it)


@pytest.mark.parametrize("layers, warned", [("auto,8,auto", True), ("auto,1", False)])
def test_zero_initial_weights_are_warned_of_when_hidden_units_would_stay_equal(tmp_path, capsys, layers, warned):
    # the run ended at accuracy 0.5 with no hint unless --monitor was given; without a hidden layer
    # (logistic regression) zeros are a fine start
    assert cli.main(["train", "--dataset", "xor", "--layers", layers, "--init", "zeros", "--epochs", "2",
                     "--quiet", "--out", str(tmp_path / "o")]) == 0
    assert ("warning: --init zeros starts the units of each hidden layer equal" in capsys.readouterr().err) == warned
