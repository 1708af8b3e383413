"""What a model remembers of the inputs it was trained on, for the inputs it is given later.

``fit`` keeps the reach of its training inputs, the largest |x| of any of their values, as
``model.input_reach`` (saved with the model). ``predict`` and ``evaluate`` then warn of inputs
that reach more than ``FAR`` times as far: data in other units than the training data, which
the network answers without a word, confidently and wrongly. Trained on pixels divided by 255
(|x| <= 1), a model given 0..255 pixels scored 0.60 for 0.97 and answered with probabilities of
1.0; trained on standardised columns (|x| <= 4.5), one given a year (2020) or an area in m²
predicted −62 M€.

One number, not one per column: a pixel inked in few training images (a border pixel of MNIST,
|x| <= 0.01) would otherwise be "far past" whenever a new digit reached it.
"""
import contextlib
import threading

import numpy as np

from ..nn.user_line import warn
from .far_past import far_past, reach


# .on: this thread's inputs are judged by its caller (``inputs_judged``)
_judged = threading.local()


class InputsFarPastWarning(UserWarning):
    """New inputs far past every value of the training inputs (``warn_inputs_far_past``)."""


@contextlib.contextmanager
def inputs_judged():
    """Within it, this thread's ``predict`` and ``evaluate`` do not warn of inputs far past the
    training ones: for a caller that judges its data itself. ``neuralab train`` and the
    playground name a far row of the test part by the file's row and column, before training,
    and then predict it, and a grid around it, many times over. Per thread, as
    ``nn.user_line.Collected``: Python's warning filters belong to the whole process."""
    before, _judged.on = getattr(_judged, "on", False), True
    try:
        yield
    finally:
        _judged.on = before


def record_input_reach(model, X):
    """``model.input_reach``: max |x| over the training inputs ``X`` (an array of numbers), or
    None for an X with no values."""
    # + 0.0: of an X all 0, reach is -0.0 (max(-0.0, 0.0)), which a saved model would show as "-0"
    model.input_reach = reach(X) + 0.0 if np.size(X) else None


def warn_inputs_far_past(model, X, name="X"):
    """Warn when ``X`` (checked rows, as ``predict`` reads them) holds a value more than FAR
    times as far from 0 as every training input (``model.input_reach``), naming its row and
    column and the likely cause. Nothing when the model keeps no reach (never fitted, built by
    hand, or trained on inputs all 0)."""
    bound = getattr(model, "input_reach", None)
    if not bound or not np.size(X) or getattr(_judged, "on", False):
        return
    found = far_past(bound, X)
    if found is None:
        return
    row, value, _ = found
    flat = X.reshape(len(X), -1)
    column = int(np.abs(flat[row]).argmax())
    names = getattr(model, "feature_names", None)
    where = f"column {names[column]!r}" if names and len(names) == flat.shape[1] else f"column {column}"
    warn(InputsFarPastWarning(
        f"{name} holds {value:.3g} in row {row}, {where}, far past every value of the inputs the "
        f"model was trained on (|x| <= {bound:.3g}, model.input_reach): data in other units? Give it "
        f"the model inputs prepared as its training data was (pixels divided by 255 if the training "
        f"pixels were; columns standardised with the training data's scaler if they were), or its "
        f"outputs mean little"))
