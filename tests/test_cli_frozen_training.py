"""neuralab train says fit's FrozenTrainingWarning in the command line's terms: a run whose
outputs saturate (every weight 1, tanh units 300 wide: z in the hundreds) was told to pass
loss='bce_logits' and to attach a train.Monitor, which no option of the command is."""
import re

from neuralab import cli

FROZEN = ["train", "--dataset", "breast_cancer", "--init", "ones", "--layers", "30,300,300,1", "--activation",
          "tanh", "--epochs", "3", "--seed", "0", "--quiet"]
# Python a learner at the command line has no place to type
PYTHON = re.compile(r"loss='|train\.Monitor|fit\(|callbacks=|\bstd\b")


def _stderr(capsys, argv):
    assert cli.main(argv) == 0
    return capsys.readouterr().err


def test_a_frozen_run_is_told_the_options_that_fix_it(tmp_path, capsys):
    err = _stderr(capsys, [*FROZEN, "--out", str(tmp_path / "o")])
    (said,) = [line for line in err.splitlines() if line.startswith("warning: training is frozen")]
    assert "every gradient is exactly 0 (the outputs are saturated" in said
    assert said.endswith("; train on the logits: --loss bce_logits (--loss cross_entropy with --output softmax)")
    assert "  details: run again with --monitor" in err and "the default init, --init left out" in err
    assert not PYTHON.search(err), err


def test_the_option_it_names_unfreezes_the_run(tmp_path, capsys):
    assert "frozen" not in _stderr(capsys, [*FROZEN, "--loss", "bce_logits", "--out", str(tmp_path / "o")])
