"""fit on a column-major X (a DataFrame's .to_numpy(), df.values): the same training as on a
row-major one, bit for bit, from batches gathered out of a row-major copy made once (each
batch's X.take(idx, axis=0) from a column-major X copied the whole of X into C order first,
~300 times slower an epoch)."""
import importlib

import numpy as np

from neuralab import data, nn, optim

fit_module = importlib.import_module("neuralab.train.fit")   # the module (train.fit is the function)


def _moons():
    X, y = data.load("moons", n_samples=300, seed=0)
    return X, y


def _trained(X, y, validation=None):
    model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    history = model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=3,
                        batch_size=32, verbose=0, seed=0, validation_data=validation)
    return [p.data.copy() for p in model.parameters()], history.history


def test_a_column_major_X_trains_to_the_same_weights_bit_for_bit():
    X, y = _moons()
    weights, logs = _trained(X, y, (X[:50], y[:50]))
    X_f = np.asfortranarray(X)
    assert not X_f.flags.c_contiguous
    weights_f, logs_f = _trained(X_f, y, (np.asfortranarray(X[:50]), y[:50]))
    for a, b in zip(weights, weights_f):
        np.testing.assert_array_equal(a, b)
    assert logs == logs_f


def test_each_batch_is_gathered_from_a_row_major_X(monkeypatch):
    X, y = _moons()
    gathered = []

    class Spy(np.ndarray):
        """fit's X, whose take records whether it was asked of a C-contiguous array."""
        def take(self, *args, **kwargs):
            gathered.append(self.flags.c_contiguous)
            return np.asarray(self).take(*args, **kwargs)

    real_prepare = fit_module.prepare_fit

    def prepare_fit(*args, **kwargs):   # the X fit's loop reads, seen by the spy (a view: same layout)
        plan = real_prepare(*args, **kwargs)
        plan.X = plan.X.view(Spy)
        return plan

    monkeypatch.setattr(fit_module, "prepare_fit", prepare_fit)
    _trained(np.asfortranarray(X), y)
    assert len(gathered) == 3 * 10 and all(gathered)   # 3 epochs of 10 batches
