"""What a sweep of 174 runs (9 datasets, 1 to 3 hidden layers, Adam/SGD/momentum; random labels, tiny
and huge learning rates, unscaled inputs, too few epochs) found wrong in the Monitor's verdicts: runs
of 8 or 20 epochs, still climbing, read "no problems found"; a sigmoid network learning a checkerboard
at 89 % was told its saturated units were the problem, and to lower the lr and standardise, both of
which end that run at guessing's loss."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor


def _ms_fit(name, layers, activation, opt, lr, epochs, n=400, validation=True, standardise=True):
    """``name`` (400 points, seed 0; a quarter held out when ``validation``) on an MLP of ``layers``
    with BCE on its logits: (monitor, history)."""
    ds = data.load(name, n_samples=n, seed=0)
    X, X_val, y, y_val = data.train_test_split(ds.X, ds.y.reshape(-1, 1).astype(np.float64), test_size=0.25, seed=0)
    if standardise:
        scaler = data.Standardizer().fit(X)
        X, X_val = scaler.transform(X), scaler.transform(X_val)
    neuralab.seed(0)
    model = nn.MLP(layers, activation=activation, output=None)
    monitor = Monitor()
    history = model.fit(X, y, loss="bce_logits", optimizer=opt(model.parameters(), lr=lr), epochs=epochs,
                        validation_data=(X_val, y_val) if validation else None, callbacks=[monitor], verbose=0,
                        seed=0)
    return monitor, history


# -- a run cut short at its usual step size ----------------------------------------------------------

@pytest.mark.parametrize("name, epochs", [("moons", 8), ("xor", 8), ("circles", 20)])
def test_a_run_of_too_few_epochs_still_climbing_is_told_it_stopped_while_still_improving(name, epochs):
    monitor, history = _ms_fit(name, [2, 16, 16, 1], "relu" if epochs == 8 else "tanh", optim.SGD, 0.01, epochs)
    assert history.history["accuracy"][-1] < 0.9        # where 200 epochs reach 97 to 100 %
    report = monitor.report()
    assert report.names == ["cut_short"]
    (d,) = report
    assert d.severity == "warning" and d.title == "Stopped while still improving"
    assert d.evidence.startswith("the training loss was still falling when the run ended: from ")
    assert "Its steps are of a usual size" in d.evidence
    assert d.advice()[0] == "train for more epochs: the loss had not levelled off: fit(..., epochs=...)"
    assert "callbacks=[EarlyStopping(patience=20)]" in d.advice()[1]
    assert d.advice("cli")[0].endswith("--epochs") and "lr" not in " ".join(d.advice())


def test_a_run_cut_short_without_validation_data_is_not_told_to_stop_early():
    # EarlyStopping watches the validation loss, which such a fit does not have
    monitor, _ = _ms_fit("moons", [2, 16, 16, 1], "relu", optim.SGD, 0.01, 8, validation=False)
    (d,) = monitor.report()
    assert d.name == "cut_short" and [r.key for r in d.remedies] == ["more_epochs"]


def test_a_run_that_learnt_its_data_is_not_told_it_stopped_short_however_fast_its_loss_still_falls():
    # XOR on 2-16-16-1 tanh at SGD's lr 0.1: 99 % after 50 epochs, the loss still falling 30 % over the
    # last ten: the accuracy has nothing left to gain
    monitor, history = _ms_fit("xor", [2, 16, 16, 1], "tanh", optim.SGD, 0.1, 50)
    assert history.history["accuracy"][-1] >= 0.95
    assert "cut_short" not in monitor.report().names


def test_a_run_cut_short_with_another_problem_is_told_that_problem_alone():
    # dead units keep the loss high, and more epochs would not bring them back
    ds = data.load("moons", n_samples=400, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 32, 32, 1], activation="relu", output=None)
    for layer in model.layers:
        if isinstance(layer, nn.Dense) and layer is not model.layers[-1]:
            layer.bias.data[:] = -3.0
    monitor = Monitor()
    model.fit(ds.X, ds.y.reshape(-1, 1).astype(np.float64), loss="bce_logits", epochs=8, verbose=0, seed=0,
              optimizer=optim.SGD(model.parameters(), lr=0.01), callbacks=[monitor])
    names = monitor.report().names
    assert "dead_relus" in names and "cut_short" not in names


# -- saturated units in a network that learns with them -----------------------------------------------

def _ms_checkerboard(lr, epochs=200):
    """2-32-1 sigmoid on a checkerboard of 800 points (its raw ±6 inputs), a quarter held out, Adam."""
    ds = data.load("checkerboard", n_samples=800, seed=0)
    X, X_val, y, y_val = data.train_test_split(ds.X, ds.y.reshape(-1, 1).astype(np.float64), test_size=0.25, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 32, 1], activation="sigmoid", output=None)
    monitor = Monitor()
    history = model.fit(X, y, loss="bce_logits", optimizer=optim.Adam(model.parameters(), lr=lr), epochs=epochs,
                        validation_data=(X_val, y_val), callbacks=[monitor], verbose=0, seed=0)
    return monitor, history


def test_saturated_units_in_a_network_that_learns_with_them_are_a_note_that_says_train_longer():
    # 54 % of the sigmoid units in their tails at 89 %: it read "Saturated units", and put a lower lr and
    # standardised inputs first; either ends this run at guessing's loss (89 % at lr 0.01, 98 % after
    # 1,000 epochs)
    monitor, history = _ms_checkerboard(0.01)
    assert history.history["accuracy"][-1] > 0.85
    report = monitor.report()
    assert report.problems == []
    (d,) = report
    assert (d.name, d.severity, d.remedies) == ("saturated_units", "info", [])
    assert "1 Sigmoid 54%" in d.evidence and "But the network learns with them: its training loss is " in d.evidence
    assert "and still falling" in d.evidence and d.evidence.endswith("train for longer before changing anything")


def test_saturated_units_in_a_network_whose_loss_levelled_off_stay_a_problem():
    # the same network at lr 0.3: its units saturate and its loss no longer falls
    monitor, _ = _ms_checkerboard(0.3, epochs=100)
    saturated = [d for d in monitor.report() if d.name == "saturated_units"]
    assert saturated and saturated[0].severity != "info", monitor.report()
    assert saturated[0].remedies


# -- early stopping that never stopped, in each face's words -------------------------------------------

def test_an_early_stopping_that_never_stopped_is_told_a_smaller_patience_in_each_faces_words():
    # the remedy had no key, and so read "EarlyStopping with a patience below ..., and restore_best=True"
    # in every face, the command line's (whose --early-stopping has no restore_best) among them
    # 400 held out at noise 0.7: of 30 at noise 0.5 it never lost one, a note now (the loss rose alone)
    ds, held = (data.load("moons", n_samples=n, noise=0.7, seed=seed) for n, seed in ((120, 0), (400, 1)))
    X, y = ds.X, ds.y.reshape(-1, 1).astype(np.float64)
    neuralab.seed(0)
    model = nn.MLP([2, 64, 64, 1], activation="relu", output=None)
    monitor, stop = Monitor(), neuralab.train.EarlyStopping(patience=500, restore_best=False)
    model.fit(X[:90], y[:90], loss="bce_logits", optimizer=optim.Adam(model.parameters(), lr=0.02), epochs=200,
              validation_data=(held.X, held.y.reshape(-1, 1).astype(np.float64)), callbacks=[monitor, stop],
              verbose=0, seed=0)
    assert stop.stopped_epoch is None
    (d,) = [d for d in monitor.report() if d.name == "overfitting"]
    since = 200 - (stop.best_epoch + 1)
    (python,) = [a for a in d.advice() if a.startswith("early stopping")]
    assert python == (f"early stopping with a patience below {since} epochs (this run's is 500), putting back the "
                      f"weights of the lowest val_loss: EarlyStopping(patience=..., restore_best=True)")
    assert [a for a in d.advice("cli") if a.startswith("early stopping")] == [
        python.replace("EarlyStopping(patience=..., restore_best=True)", "a smaller --early-stopping")]
    assert f"did not stop the run, {since} epochs after its lowest val_loss" in d.evidence


def test_a_classifiers_pace_is_measured_below_the_loss_of_guessing():
    # the same network at lr 0.003: 72 % after 200 epochs and climbing, read "no problems found": its
    # fall from 1.12 to guessing's 0.693 in the first 40 epochs (which learns nothing of the inputs) made
    # the last 40 epochs' 6 % look levelled off
    monitor, history = _ms_checkerboard(0.003)
    assert history.history["accuracy"][-1] < 0.8
    (d,) = monitor.report()
    assert d.name == "cut_short"
    assert "times what it fell over the first 40 epochs below 0.693, the loss of always predicting" in d.evidence
