"""The benchmark network shared by the speed scripts: 784-256-128-10 ReLU, softmax
cross-entropy, plain SGD, batch 128, float32, on 20,000 MNIST-shaped random samples."""
import time

import numpy as np

import neuralab
from neuralab import nn, optim

SIZES = [784, 256, 128, 10]
N, BATCH, LR = 20_000, 128, 0.01


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((N, SIZES[0]), dtype=np.float32)  # pixel intensities in [0, 1)
    y = rng.integers(0, SIZES[-1], N)
    return X, y


def run_neuralab(X, y, epochs, callbacks=(), *, model=None, optimizer=None, loss=None, batch_size=BATCH,
                 metrics=(), **fit_options):
    """Seconds to train with neuralab's ``fit``, and the last epoch's loss: the benchmark network
    with plain SGD and no metrics by default; ``model()`` and ``optimizer(params)`` build others
    (after ``neuralab.seed(0)``), and ``fit_options`` go to ``fit`` as they are."""
    neuralab.seed(0)
    model = model() if model else nn.MLP(SIZES, activation="relu")
    opt = optimizer(model.parameters()) if optimizer else optim.SGD(model.parameters(), lr=LR)
    start = time.perf_counter()
    history = model.fit(X, y, loss=loss or nn.CrossEntropyLoss(), optimizer=opt, epochs=epochs,
                        batch_size=batch_size, metrics=metrics, verbose=0, seed=0,
                        callbacks=list(callbacks), **fit_options)
    return time.perf_counter() - start, history.history["loss"][-1]
