"""Findings that would advise a lower learning rate beside a Learning rate too high that advises it point
there instead, one rule for all (``diagnose_loss.lower_rate_said``): "Output pinned on wrong answers" had
a check of its own and no pointer, "Saturated units" none (both listed "a lower learning rate" under
"lower the learning rate"), and a note of dead ReLU units read "…leaky ReLU, a lower learning rate or He
initialisation keep more alive" beside it. Each paragraph stays readable (``test_monitor_evidence_length``)."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor

SEE_RATE = "For the step size, see Learning rate too high"
FACES = ("python", "cli", "play")


def _fit_report(name, sizes, opt, lr, epochs, loss, **mlp):
    """An MLP of ``sizes`` on 300 (400 for moons) standardised points of ``name`` under ``opt`` at ``lr``:
    its monitor's report."""
    X, y = data.load(name, n_samples=400 if name == "moons" else 300, noise=0.1, seed=0)
    X = data.Standardizer().fit_transform(X) if name == "circles" else X
    neuralab.seed(0)
    model = nn.MLP(sizes, **mlp)
    monitor = Monitor()
    model.fit(X, y.reshape(-1, 1).astype(np.float32), loss=loss, optimizer=opt(model.parameters(), lr=lr),
              epochs=epochs, callbacks=[monitor], verbose=0, seed=0)
    return monitor.report()


def _finding(report, name):
    return report[report.names.index(name)]


def test_a_dead_unit_note_beside_a_learning_rate_too_high_leaves_the_rate_to_it():
    # 2-32-32-32-1 ReLU on moons under Adam at lr 1: the loss jumped 55-fold at step 3, and the network learnt
    # around the units the first step switched off (78 %)
    report = _fit_report("moons", [2, 32, 32, 32, 1], optim.Adam, 1.0, 50, "bce_logits", output=None)
    too_high, dead = _finding(report, "learning_rate_too_high"), _finding(report, "dead_relus")
    assert too_high.severity == "warning" and dead.severity == "info" and dead.remedies == []
    assert "The network learnt with the units that remain" in dead.evidence
    # the fact stays, the rate is said once; He initialisation drew the weights, so it is no way either
    assert dead.evidence.endswith(f"on harder data, leaky ReLU keeps more alive. {SEE_RATE}")
    assert "learning rate" not in dead.evidence.replace("Learning rate too high", "")
    assert len(dead.evidence) < 400
    for face in FACES:
        assert report.text(face).count("lower") == 1


def test_a_dead_unit_note_alone_keeps_the_lower_rate():
    # the same network at lr 0.3: the note, and no finding that blames the rate
    report = _fit_report("moons", [2, 16, 16, 16, 16, 1], optim.Adam, 0.3, 50, "bce_logits", output=None)
    assert report.names == ["dead_relus"] and report[0].severity == "info"
    assert report[0].evidence.endswith("on harder data, leaky ReLU or a lower learning rate keep more alive")


@pytest.fixture(scope="module")
def tanh_at_sgd_s_lr_10():
    """2-8-8-1 tanh with a sigmoid output on standardised circles, BCE, SGD at lr 10 for 40 epochs: the loss
    rose to 50, the hidden units and the output in the tails."""
    return _fit_report("circles", [2, 8, 8, 1], optim.SGD, 10.0, 40, "bce", activation="tanh", output="sigmoid")


def test_saturated_units_and_a_pinned_output_point_to_learning_rate_too_high_for_the_step_size(tanh_at_sgd_s_lr_10):
    report = tanh_at_sgd_s_lr_10
    assert report.names == ["learning_rate_too_high", "saturated_units", "pinned_output"]
    too_high = _finding(report, "learning_rate_too_high")
    for face in FACES:
        assert too_high.advice(face)[0].startswith("lower the learning rate")
        assert report.text(face).count("lower") == 1
    saturated, pinned = _finding(report, "saturated_units"), _finding(report, "pinned_output")
    # each keeps its fact, the steps that grew the weights by their rate, then the pointer
    assert saturated.evidence.endswith(f"steps this large (lr 10) drive z into the tails. {SEE_RATE}")
    assert pinned.evidence.endswith("(lr 10): steps this large drive z into the tails (see Learning rate too high)")
    assert "with a gradient" not in pinned.evidence       # the step's size and rate: that finding says the rest
    assert not any(getattr(r, "key", None) == "lr" for d in (saturated, pinned) for r in d.remedies)
    assert len(saturated.evidence) < 400


def test_saturated_units_alone_keep_the_lower_rate():
    # 2-16-16-1 sigmoid on circles under Adam at lr 1: the weights grew 34-fold, and no finding blames the rate
    report = _fit_report("circles", [2, 16, 16, 1], optim.Adam, 1.0, 30, "bce", activation="sigmoid",
                         output="sigmoid")
    assert "learning_rate_too_high" not in report.names
    saturated = _finding(report, "saturated_units")
    assert saturated.advice()[0].startswith("a lower learning rate") and SEE_RATE not in saturated.evidence


def test_neuralab_train_s_deep_relu_run_on_spiral_reads_through(tmp_path, capsys):
    # the evidence of Learning rate too high ran to 481 characters here
    from neuralab import cli
    assert cli.main(["train", "--dataset", "spiral", "--layers", "auto,16,16,16,16,auto", "--optimizer", "adam",
                     "--lr", "0.3", "--epochs", "50", "--monitor", "--quiet", "--out", str(tmp_path / "run")]) == 0
    report = capsys.readouterr().out.split("Training monitor:")[1]
    evidence = [line.split("evidence: ", 1)[1] for line in report.splitlines() if "evidence: " in line]
    assert len(evidence) >= 2 and "Learning rate too high" in report
    assert all(len(e) < 400 for e in evidence), [len(e) for e in evidence]
