"""CorrectCount: after each epoch, how many samples of a held-out set the model classifies right,
counted and printed as Nielsen's network.py does (Neural Networks and Deep Learning, chapter 1):

    correct = Σ_i [argmax_k a_ik = y_i]        printed as  "Epoch 0: 9129 / 10000"

``y`` holds the classes 0..K-1, Nielsen's test labels, or one-hot rows, his training targets
(read as their argmax). The count does not depend on the loss: with K sigmoid outputs trained
with MSE or bce, fit's validation needs targets of the loss's shape, and its "accuracy" with
bce scores each output as a yes or no of its own, where this counts the largest output, as
Nielsen's ``evaluate`` does. Each epoch's count also goes into the History, under
``"{name}_correct"``: network2.py's ``evaluation_accuracy`` list is
``history.history["test_correct"]``.
"""
import sys

import numpy as np

from ..nn.dtype import as_float_array
from ..nn.labels import check_class_labels
from .callbacks import Callback


class CorrectCount(Callback):
    """Counts the rows of ``X`` whose largest output is their class ``y`` after every epoch, and
    prints "Epoch k: correct / n" (k from 0, as Nielsen's) unless ``verbose`` is False.

    >>> import numpy as np
    >>> from neuralab import nn, train
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> model = nn.MLP([2, 2], output="sigmoid", rng=0)
    >>> count = train.CorrectCount(X, [1, 0, 1], verbose=False)
    >>> history = model.fit(X, np.eye(2)[[1, 0, 1]], loss="mse", optimizer="sgd", epochs=2,
    ...                     verbose=0, callbacks=[count])
    >>> len(history.history["test_correct"]), count.total
    (2, 3)
    """

    def __init__(self, X, y, name="test", verbose=True):
        self.X = as_float_array(X, "CorrectCount X", ndim=2)
        y = np.asarray(y)
        if y.ndim == 2:   # one-hot rows, Nielsen's vectorized_result: their class is their 1
            y = y.argmax(axis=1)
        if y.ndim != 1 or len(y) != len(self.X):
            raise ValueError(f"CorrectCount y must hold one class per row of X ({len(self.X)} labels 0..K-1, "
                             f"or one-hot rows), got shape {y.shape}")
        if not isinstance(name, str) or not name:
            raise TypeError(f"CorrectCount name must be a word such as 'test', got {name!r}")
        self.y, self.name, self.verbose = y, name, bool(verbose)
        self.total = len(y)
        self.correct = None   # the last epoch's count

    def on_train_begin(self, logs=None):
        """Check, before the first batch, that the model gives one output per class of ``y``."""
        outputs = self.model.predict(self.X[:1]).reshape(1, -1).shape[1]
        if outputs < 2:
            raise ValueError(f"CorrectCount counts the largest of a model's outputs, one per class, but "
                             f"this model gives {outputs}: give it one output per class")
        self.y = check_class_labels(self.y, outputs, "CorrectCount y")

    def logs_to_add(self, epoch):
        """``{"<name>_correct": count}``, so that the History keeps every epoch's count."""
        predicted = self.model.predict(self.X).argmax(axis=1)
        self.correct = int(np.sum(predicted == self.y))
        return {f"{self.name}_correct": self.correct}

    def on_epoch_end(self, epoch, logs=None):
        if self.verbose:
            print(f"Epoch {epoch}: {self.correct} / {self.total}", file=sys.stdout)
