"""neuralab train says fit's FrozenTrainingWarning in the command line's terms: a run whose
outputs saturate (every weight 1, tanh units 300 wide: z in the hundreds) was told to pass
loss='bce_logits' and to attach a train.Monitor, which no option of the command is. The warning's
fixes are its data (``Frozen.text("cli")``), not its Python rewritten word for word, and its advice
is the run's only one: the report after it no longer asked for a larger learning rate."""
import re

from neuralab import cli, nn
from neuralab.cli.loss_warning import loss_warning
from neuralab.optim import SGD
from neuralab.train import frozen_training
from neuralab.train.remedies import Remedy

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


def test_rephrasing_the_warnings_python_changes_nothing_on_the_command_line(tmp_path, capsys, monkeypatch):
    # the command line once rewrote the warning's Python by its exact words (FROZEN_NAMES): reworded,
    # a fix reached the terminal as loss='bce_logits' and train.Monitor()
    before = _stderr(capsys, [*FROZEN, "--out", str(tmp_path / "before")])
    for name in ("LOGITS", "ON_LOGITS", "SMALLER", "LOWER_LR", "STANDARDISE", "RANDOM_START", "HIDDEN"):
        remedy = getattr(frozen_training, name)
        reworded = Remedy(remedy.words, remedy.key, {**remedy.said, "python": "fit(..., loss='reworded')"})
        monkeypatch.setattr(frozen_training, name, reworded)
    monkeypatch.setitem(frozen_training.DETAILS, "python", "monitor = train.Monitor()  # reworded")
    after = _stderr(capsys, [*FROZEN, "--out", str(tmp_path / "after")])
    assert after.replace("after", "before") == before and "training is frozen" in after
    assert not PYTHON.search(after), after


def test_a_frozen_run_gives_one_piece_of_advice_end_to_end(tmp_path, capsys):
    # after the frozen warning, the run's report said "the steps were too small to change it; try a
    # larger learning rate (now 0.01)": no step size moves weights whose every gradient is 0
    assert cli.main([*FROZEN, "--out", str(tmp_path / "o")]) == 0
    out, err = capsys.readouterr()
    assert err == (
        "warning: training is frozen: every gradient is exactly 0 (the outputs are saturated at exactly 0 or 1); "
        "train on the logits: --loss bce_logits (--loss cross_entropy with --output softmax)\n"
        "  evidence: the loss stayed at 91.21 from epoch 1 to epoch 2 and every gradient of the last batch was "
        "exactly 0, so no update can change the model; the outputs are saturated at exactly 0 or 1, where the output "
        "activation's slope is exactly 0 (and BCE's log of 0 is clamped at -100, as torch's is): no gradient flows "
        "back\n"
        "  try:\n"
        "    - the logits: --loss bce_logits computes the loss from the layers before the output activation, whose "
        "gradient p - y never vanishes\n"
        "    - smaller initial weights: the default init, --init left out (z in the hundreds saturates any sigmoid)\n"
        "  details: run again with --monitor\n")
    assert "warning" not in out and "learning rate" not in out
    assert out.startswith("neuralab train: breast_cancer") and "wrote model.npz" in out


def test_a_frozen_run_under_monitor_gets_the_monitors_findings_and_no_contrary_advice(tmp_path, capsys):
    # with --monitor fit does not warn (the report says it), and the command, which looked for fit's warning
    # alone, printed "the steps were too small to change it; try a larger learning rate (now 0.01)" beside the
    # report's "Output pinned on wrong answers": a gradient of exactly 0 that no step size moves
    assert cli.main([*FROZEN, "--monitor", "--out", str(tmp_path / "o")]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "larger learning rate" not in out and "warning" not in out
    assert "\n[severe] Output pinned on wrong answers\n" in out and "--loss bce_logits" in out
    assert out.startswith("neuralab train: breast_cancer") and "wrote model.npz" in out


def test_a_network_without_a_hidden_layer_is_told_to_add_one_not_a_larger_rate(tmp_path, capsys):
    # logistic regression on the XOR gate from --init zeros is at its lowest loss, ln 2: it was told
    # "start from smaller initial weights or standardise the inputs", then "try a larger learning rate"
    err = _stderr(capsys, ["train", "--dataset", "xor_gate", "--layers", "auto,auto", "--init", "zeros",
                           "--batch-size", "full", "--epochs", "5", "--seed", "0", "--quiet",
                           "--out", str(tmp_path / "o")])
    assert [line for line in err.splitlines() if line.startswith("warning: ")] == [(
        "warning: training is frozen: every gradient is exactly 0 (the network, without a hidden layer, is at its "
        "lowest loss); add a hidden layer: --layers auto,8,auto (a size per hidden layer between the autos)")]
    assert "learning rate" not in err and "smaller" not in err and not PYTHON.search(err)


def test_after_the_frozen_warning_a_flat_loss_is_not_told_its_steps_were_too_small():
    sgd = SGD(nn.Dense(1, 1).parameters(), lr=0.01)
    flat = [91.2088, 91.2088, 91.2088]
    assert "try a larger learning rate" in loss_warning(flat, sgd, usual_lr=0.01)   # too small, or a gradient of 0
    assert loss_warning(flat, sgd, usual_lr=0.01, frozen=True) is None              # the warning said which
    # a loss that rose before it froze keeps its fact, and points to the warning that gave the advice
    # (the command line's --lr 10 read "lower the learning rate" in both)
    sgd.lr = 1e10
    assert loss_warning([38.88, 50.0, 50.0], sgd, usual_lr=0.01, frozen=True).endswith(
        "try a lower learning rate (now 1e+10), such as this optimizer's usual 0.01")
    assert loss_warning([38.88, 50.0, 50.0], sgd, usual_lr=0.01, frozen=True, advised="see the warning above").endswith(
        "did not fall (38.8800 in the first epoch, 50.0000 in the last): see the warning above")
