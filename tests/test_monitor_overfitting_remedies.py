"""An overfitting network that has dropout or an L2 penalty already is advised more of them, not
the p = 0.2 and L2(1e-3) that may be less than it has."""
import numpy as np
import pytest

from neuralab import data, nn, optim, train
from neuralab.train import Monitor


def _overfit_report(dropout=0.0, penalty=None):
    X, y = data.load("moons", n_samples=80, noise=1.2, seed=0)
    X_val, y_val = data.load("moons", n_samples=400, noise=1.2, seed=1)
    model = nn.MLP([2, 128, 128, 1], output="sigmoid", dropout=dropout, rng=np.random.default_rng(0))
    monitor = Monitor()
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=150,
              validation_data=(X_val, y_val), verbose=0, seed=0, callbacks=[monitor], penalty=penalty)
    (found,) = [d for d in monitor.report() if d.name == "overfitting"]
    return found


@pytest.mark.parametrize("dropout, penalty", [(0.0, None), (0.3, None), (0.0, train.L2(1e-3))])
def test_the_overfitting_remedies_ask_for_more_of_what_the_run_has(dropout, penalty):
    advice = _overfit_report(dropout, penalty).advice()
    assert ("dropout: nn.Dropout(0.2), or nn.MLP(..., dropout=0.2)" in advice) == (dropout == 0)
    assert ("more dropout: this network's Dropout layers drop 30% of the units at most, and a larger p "
            "drops more" in advice) == (dropout == 0.3)
    assert ("an L2 penalty: fit(..., penalty=L2(1e-3))" in advice) == (penalty is None)
    assert ("a stronger penalty than this run's L1/L2: a larger λ" in advice) == (penalty is not None)
    assert len(advice) == 6          # more data, the augmentation, dropout, L2, early stopping, smaller
