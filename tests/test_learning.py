"""The networks learn what the course says they learn."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim


def test_a_2_4_1_network_solves_xor():
    neuralab.seed(0)
    X, y = data.load("xor_gate")
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid")
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.05),
              epochs=500, batch_size=4, verbose=0)
    np.testing.assert_array_equal((model.predict(X)[:, 0] >= 0.5).astype(int), y)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_moons_reach_95_percent_test_accuracy(seed):
    # noise 0.6 in neuralab's units (moons of radius 3) is scikit-learn's noise 0.2, the issue's
    # (0.2 here made the classes so far apart that every seed scored 100 %); 600 test samples
    # keep the accuracy's spread from one split to the next well under the margin
    neuralab.seed(seed)
    X, y = data.load("moons", n_samples=2000, noise=0.6, seed=seed)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.3, seed=seed)
    model = nn.MLP([2, 32, 32, 1], activation="relu", output="sigmoid")
    model.fit(X_train, y_train, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01),
              epochs=60, batch_size=32, verbose=0)
    assert model.evaluate(X_test, y_test)["accuracy"] >= 0.95


def test_digits_reach_95_percent_with_one_hidden_layer():
    neuralab.seed(0)
    X, y = data.load("digits")
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.25, seed=0,
                                                             stratify=True)
    scaler = data.Standardizer().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    model = nn.MLP([64, 64, 10], activation="relu")
    model.fit(X_train, y_train, loss="cross_entropy",
              optimizer=optim.Adam(model.parameters(), lr=0.005), epochs=40, batch_size=32, verbose=0)
    assert model.evaluate(X_test, y_test)["accuracy"] >= 0.95
