"""An overfitting network that has dropout or an L2 penalty already is advised more of them, not
the p = 0.2 and L2(1e-3) that may be less than it has."""
import numpy as np
import pytest

import neuralab

from neuralab import data, nn, optim, train
from neuralab.train import Monitor


def _overfit_report(dropout=0.0, penalty=None, optimizer=optim.Adam):
    # 300 epochs: at 150 the held-out accuracy had fallen by fewer samples than chance moves it (82 -> 80 %
    # of 400), which is a note without remedies now, where the loss's rise alone made it a problem
    X, y = data.load("moons", n_samples=80, noise=1.2, seed=0)
    X_val, y_val = data.load("moons", n_samples=400, noise=1.2, seed=1)
    model = nn.MLP([2, 128, 128, 1], output="sigmoid", dropout=dropout, rng=np.random.default_rng(0))
    monitor = Monitor()
    model.fit(X, y, loss="bce", optimizer=optimizer(model.parameters(), lr=0.01), epochs=300,
              validation_data=(X_val, y_val), verbose=0, seed=0, callbacks=[monitor], penalty=penalty)
    (found,) = [d for d in monitor.report() if d.name == "overfitting"]
    return found


@pytest.mark.parametrize("dropout, penalty", [(0.0, None), (0.3, None), (0.0, train.L2(1e-3))])
def test_the_overfitting_remedies_ask_for_more_of_what_the_run_has(dropout, penalty):
    found = _overfit_report(dropout, penalty)
    advice = found.advice()
    assert ("dropout: nn.Dropout(0.2), or nn.MLP(..., dropout=0.2)" in advice) == (dropout == 0)
    assert ("more dropout than this network's (p = 0.3 at most): a larger p in nn.Dropout(p)"
            in advice) == (dropout == 0.3)
    assert ("an L2 penalty: fit(..., penalty=L2(1e-3))" in advice) == (penalty is None)
    assert ("a stronger penalty on the weights than this run's L1/L2: a larger λ in fit(..., penalty=L2(λ)), "
            "or a larger weight_decay" in advice) == (penalty is not None)
    assert len(advice) == 6          # more data, the augmentation, dropout, L2, early stopping, smaller
    # each face says how, with its own control
    assert ("more dropout than this network's (p = 0.3 at most): a larger --dropout"
            in found.advice("cli")) == (dropout == 0.3)
    assert ("a stronger penalty on the weights than this run's L1/L2: a larger value in the L2 box"
            in found.advice("play")) == (penalty is not None)


def test_the_optimizers_weight_decay_counts_as_a_penalty_the_run_has():
    advice = _overfit_report(optimizer=optim.AdamW).advice()           # weight_decay=0.01 by default
    assert "an L2 penalty: fit(..., penalty=L2(1e-3))" not in advice
    assert any(a.startswith("a stronger penalty on the weights than this run's weight_decay=0.01") for a in advice)


def test_the_overfitting_evidence_quotes_the_epochs_the_fit_ran_after_the_logs_were_thinned():
    # 150 epochs (300 here, where the held-out accuracy falls), one in 4 of them kept: the evidence said
    # "epoch 149", the last kept, for the last
    # epoch, and "means over 3 epochs" for means over 3 kept ones, which span 12; then "epoch 150, the
    # last" for a mean over kept epochs that end at 149
    X, y = data.load("moons", n_samples=80, noise=1.2, seed=0)
    X_val, y_val = data.load("moons", n_samples=400, noise=1.2, seed=1)
    model = nn.MLP([2, 128, 128, 1], output="sigmoid", rng=np.random.default_rng(0))
    monitor = Monitor(max_records=64)
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=300,
              validation_data=(X_val, y_val), verbose=0, seed=0, callbacks=[monitor])
    every = monitor.epoch_every
    assert every > 1 and monitor.epoch_logs["epoch"][-1] + 1 < 300
    (found,) = [d for d in monitor.report() if d.name == "overfitting"]
    w, kept = len(monitor.epoch_logs["val_loss"]) // 10, monitor.epoch_logs["epoch"]
    # the mean quoted last is of the last w kept epochs: named as such, with the fit's own count
    assert f"(epochs {kept[-w] + 1} to {kept[-1] + 1}, the last logged of 300, +" in found.evidence
    # (what the held-out accuracy did over the same epochs follows, and the means are said once, of both)
    assert "; and its accuracy" in found.evidence
    assert found.evidence.endswith(f", all means over {w} epochs, one in every {every} of {w * every}")


def test_a_regressions_held_r2_is_said_in_a_regressions_words():
    # a regression whose validation loss rose 18 % while its R² held at 0.99: its note says a few
    # rows' errors grew, not a classifier's "confidence changed, not mistakes"
    neuralab.seed(0)
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, (40, 1))
    y = np.sin(2 * X) + rng.normal(0, 0.05, (40, 1))
    monitor = Monitor()
    nn.MLP([1, 16, 1], activation="tanh").fit(X, y, loss="mse", optimizer="adam", epochs=100, batch_size=8,
                                              validation_data=(X[:10], y[:10]), callbacks=[monitor], verbose=0, seed=0)
    n = len(monitor.epoch_logs["epoch"])   # the logs of such a run, written over this one's
    monitor.epoch_logs["loss"] = list(np.geomspace(0.1, 0.001, n))
    monitor.epoch_logs["val_loss"] = list(np.r_[np.geomspace(0.1, 0.01, n // 4), np.linspace(0.01, 0.012, n - n // 4)])
    monitor.epoch_logs["val_r2"] = [0.99] * n
    (note,) = [d for d in monitor.report() if d.name == "overfitting"]
    assert note.severity == "info" and "R² on the validation data held" in note.evidence
    assert note.evidence.endswith("a few rows' errors grew, not most; nothing to fix unless the score falls")
