"""The running statistics (BatchNorm1d's running mean and variance, the model's buffers) as they
were before the batch ``fit`` is taking: a training forward pass moves them at once, before the
loss says whether the step can be taken, so a batch that diverges or raises before its update
puts them back, and the model is as the last update left it, statistics and weights alike."""
import numpy as np


class SavedStatistics:
    """A copy of ``model``'s buffers, refreshed before each batch (``save``), put back by
    ``restore``. ``in_step`` is True between a batch's ``save`` and its update (``updated``):
    only then do the buffers hold a step that has not been taken."""

    def __init__(self, model):
        self.buffers = [b for _, b in model.named_buffers()]
        self.saved = [b.copy() for b in self.buffers]  # one copy for the whole fit, refilled per batch
        self.in_step = False

    def save(self):
        """Before a batch's forward pass: keep the buffers as they are."""
        for saved, b in zip(self.saved, self.buffers):
            np.copyto(saved, b)
        self.in_step = True

    def updated(self):
        """After the batch's update: its statistics stay, with its weights."""
        self.in_step = False

    def restore(self):
        """Put the buffers back as ``save`` found them."""
        for saved, b in zip(self.saved, self.buffers):
            np.copyto(b, saved)

    def finite(self):
        """Whether every running statistic is finite. They can overflow (a few values each) while
        the batch's own statistics keep the loss finite: predict would then give one value for all."""
        return all(np.isfinite(b).all() for b in self.buffers)
