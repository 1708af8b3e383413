"""A model with BatchNorm gets no short last batch: a leftover below half a batch joins the batch
before it. Digits' 1,347 training rows in batches of 64 leave 3, whose μ and σ undo each epoch's
other steps: a teacher's "batch normalisation trains at a higher learning rate" came out backwards
(validation accuracy 0.22–0.73 with BatchNorm for 0.93 without), silently."""
import numpy as np

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Callback
from neuralab.train.checks import batch_bounds


def test_a_short_leftover_joins_the_batch_before_it_only_for_batch_statistics():
    with_bn = nn.MLP([4, 8, 1], batchnorm=True)
    plain = nn.MLP([4, 8, 1])
    assert batch_bounds(with_bn, 1347, 64)[-1] == (1280, 1347)      # 3 joined: 67
    assert batch_bounds(plain, 1347, 64)[-1] == (1344, 1347)        # a batch of 3 is any other's
    assert batch_bounds(with_bn, 1320, 64)[-1] == (1280, 1320)      # 40 of 64: a batch of its own
    assert batch_bounds(with_bn, 33, 32) == [(0, 33)]               # 1 sample, as before
    assert batch_bounds(with_bn, 20, 32) == [(0, 20)]


class _BlStepCounter(Callback):
    def __init__(self):
        self.steps = 0

    def on_batch_end(self, batch, logs=None):
        self.steps += 1


def test_batchnorm_trains_digits_at_a_high_learning_rate_with_the_leftover_joined():
    ds = data.load("digits")
    train, test = data.train_test_split(ds, test_size=0.25, seed=0)
    assert len(train.y) % 64 == 3
    scaler = data.Standardizer(image_shape=ds.image_shape).fit(train.X)
    neuralab.seed(0)
    model = nn.MLP([64] + [64] * 8 + [10], activation="relu", batchnorm=True)
    steps = _BlStepCounter()
    history = model.fit(scaler.transform(train.X), train.y, loss="cross_entropy",
                        optimizer=optim.SGD(model.parameters(), lr=0.3), epochs=15, batch_size=64, verbose=0,
                        seed=0, validation_data=(scaler.transform(test.X), test.y), callbacks=[steps])
    assert steps.steps == 15 * (len(train.y) // 64)   # 21 batches an epoch, the last of 67
    assert history.history["val_accuracy"][-1] > 0.9
    assert np.isfinite(history.history["val_loss"]).all()
