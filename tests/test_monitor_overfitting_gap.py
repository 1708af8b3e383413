"""The Monitor names overfitting by the gap between the validation and training losses at the end of
a run, not only by a rise of the validation loss (``diagnose_overfitting._gap``): moons of 150 points at
noise 0.4 on three hidden layers of 32 ReLU fit their training points to a loss near 0.001 while the
test loss fell and then stayed flat near 0.15, and the report said nothing. A gap of two tiny losses
(a test loss 10 times a training loss of 1e-5, every test point right) is no problem."""
import re

import neuralab
from neuralab import cli, data, nn, optim
from neuralab.train import Monitor


def _moons_run(noise, epochs=300):
    """The playground's scene: moons (150 points, seed 1) split half and half, 2-32-32-32-1 ReLU, SGD at
    lr 0.1 in batches of 10; the monitor's report, and its epoch logs."""
    X, y = data.load("moons", n_samples=150, noise=noise, seed=1)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.5, seed=1, stratify=True)
    neuralab.seed(1)
    model = nn.MLP([2, 32, 32, 32, 1], activation="relu", output="sigmoid")
    monitor = Monitor()
    model.fit(X_train, y_train, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=epochs,
              batch_size=10, validation_data=(X_test, y_test), callbacks=[monitor], verbose=0)
    return monitor.report(), monitor.epoch_logs


def test_a_test_loss_far_above_the_training_loss_is_named_overfitting_with_its_numbers_and_remedies():
    report, _ = _moons_run(0.4)
    (found,) = [d for d in report if d.name == "overfitting"]
    # a problem, not a note: the probabilities it gives new points are far surer than it is right,
    # which its remedies fix; not severe: the accuracies agree within chance
    assert found.severity == "warning", found
    times = re.search(r"^validation loss is ([\d,]+) times the training loss: ([\d.e-]+) against ([\d.e-]+) ",
                      found.evidence)
    assert times, found.evidence
    ratio, val, train = (float(g.replace(",", "")) for g in times.groups())
    assert ratio >= 10 and val > 0.1 and abs(ratio - val / train) <= 0.1 * ratio
    assert re.search(r"times the [\d.]+ of answers as sure as they are right; its accuracy on the validation "
                     r"data is [\d.]+% against 100.0% in training, .* within chance", found.evidence), found.evidence
    assert "fits its training data's noise" in found.evidence and len(found.evidence) < 400
    keys = [r.key for r in found.remedies]
    for key in ("more_data", "dropout", "l2", "early_stopping", "smaller"):
        assert key in keys, keys


def test_a_network_that_generalises_is_not_told_it_overfits_however_far_apart_two_tiny_losses_are():
    report, logs = _moons_run(0.1)
    # the premise: every test point right, at a test loss several times a training loss near 0
    assert logs["val_accuracy"][-1] == 1 and logs["val_loss"][-1] >= 3 * logs["loss"][-1], logs["val_loss"][-1]
    assert "overfitting" not in report.names, report


def test_a_regression_whose_r2_on_new_data_trails_its_training_r2_is_told_so_as_severe():
    # 12 noisy points of a sine on 1-64-64-1 tanh for 1,000 epochs: R² about 0.9 in training, 0.4 on new points
    X, y = data.load("sine", n_samples=24, noise=0.5, seed=0)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.5, seed=0)
    neuralab.seed(0)
    model = nn.MLP([1, 64, 64, 1], activation="tanh")
    monitor = Monitor()
    model.fit(X_train, y_train, loss="mse", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=1000,
              batch_size=4, validation_data=(X_test, y_test), callbacks=[monitor], verbose=0)
    (found,) = [d for d in monitor.report() if d.name == "overfitting"]
    said = re.search(r"its R² on the validation data is ([\d.-]+) against ([\d.]+) in training", found.evidence)
    assert said and float(said[2]) - float(said[1]) >= 0.1, found.evidence
    assert found.severity == "severe" and "fits its training data's noise, not the pattern" in found.evidence


def test_neuralab_train_on_iris_names_its_test_loss_far_above_its_training_loss(tmp_path, capsys):
    # its default run: 100 % of the training rows, 93 % of the 30 test rows, a test loss above 1
    assert cli.main(["train", "--dataset", "iris", "--monitor", "--quiet", "--out", str(tmp_path / "run")]) == 0
    out = capsys.readouterr().out
    assert "[warning] Overfitting" in out, out
    assert re.search(r"evidence: the loss on the test part is [\d,]+ times the training loss: ", out), out
    assert "--l2" in out and "--dropout" in out and "--early-stopping" in out
