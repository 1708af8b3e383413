"""train.EarlyStopping, what mutation testing found untested: each test asserts a promise of
early_stopping.py that a small change of the code broke unseen."""
import tracemalloc

from neuralab import nn, train


def _improving_epochs_peak(model, epochs=3):
    """The most memory allocated at once during the last of ``epochs`` epochs that each improve
    on the one before (a training loss that falls), once an earlier epoch has kept a copy."""
    stop = train.EarlyStopping(monitor="loss")
    stop.set_context(model, {"logged": ["loss"]})
    stop.on_train_begin()
    for epoch in range(epochs - 1):
        stop.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1)})
    tracemalloc.start()
    try:
        stop.on_epoch_end(epochs - 1, {"loss": 1.0 / epochs})
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_run_that_improves_at_every_epoch_keeps_one_copy_of_the_weights_and_buffers():
    """The best epoch's weights and running statistics are written into the arrays kept at the
    one before: no second copy of the model at any moment (for a model of 1 GB, 1 GB more). The
    model holds 1.2 MB of parameters and 0.8 MB of buffers; a copy of either is far past 100 kB."""
    model = nn.Sequential(nn.BatchNorm1d(100_000), nn.Dense(100_000, 1))
    assert _improving_epochs_peak(model) < 100_000


def test_the_stop_reason_counts_one_epoch_in_the_singular():
    model = nn.Sequential(nn.Dense(1, 1))
    stop = train.EarlyStopping(monitor="loss", patience=1)
    stop.set_context(model, {"logged": ["loss"]})
    stop.on_train_begin()
    stop.on_epoch_end(0, {"loss": 1.0})
    stop.on_epoch_end(1, {"loss": 2.0})
    assert model.stop_training == "early stopping: loss has not improved for 1 epoch (best 1 after epoch 1)"
