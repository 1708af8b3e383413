"""The weights a diverged ``neuralab train`` run writes: its best epoch's, not the last ones.

A run can train well for a hundred epochs, then diverge (a learning rate that grows, as with
--schedule step:10:2, or one bad batch late): ``fit`` stops before the update that would spread
the NaN or inf, but the last finite weights are already far off. One such run wrote a model of
test MSE 1.8e38 where its epoch 51 had reached 0.67. ``KeepBestWeights`` is EarlyStopping's copy of
the weights at each epoch that lowers the monitored loss (a copy only then: the cost of an epoch
that does not improve is a comparison), put back only when the weights diverged; it never stops
training itself. A run with --early-stopping has its own EarlyStopping, which puts back its best
epoch at the end of every run, diverged or not.
"""
from ..train import EarlyStopping


class KeepBestWeights(EarlyStopping):
    """Keeps the weights of the epoch of the lowest ``monitor`` of a fit of ``epochs`` epochs,
    and puts them back if training diverges. After training, as EarlyStopping: ``best`` (the
    value) and ``best_epoch`` (0-based; None if no epoch ended with a finite one)."""

    def __init__(self, monitor, epochs):
        # patience past the last epoch: it never stops training
        super().__init__(monitor=monitor, patience=epochs + 1, restore_best=True)

    def on_train_end(self, logs=None):
        if logs and logs.get("diverged") and weights_diverged(logs.get("divergence_cause")):
            super().on_train_end(logs)


def weights_diverged(cause):
    """Whether a divergence of ``cause`` (one of ``train.divergence.CAUSES``) leaves weights not
    worth writing: all but "validation_row", the outputs for a row of the validation data far past
    the training data overflowing, which the data did, after an epoch that trained as any other."""
    return cause != "validation_row"

