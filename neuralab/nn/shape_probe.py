"""The output shape of a layer that declares none, found by running it: ``summary``'s answer for a
layer of your own without ``output_shape`` or ``keeps_shape`` (a torch user's Module), where
Keras builds the model on a symbolic input and torchinfo runs a batch through it.

The layer's forward runs on one sample of zeros of the input shape the summary already knows,
and the shape of what it returns, less the batch axis, is the answer. The run leaves everything
as it was, as ``summary`` must (it is a look, not a pass): it runs on a copy of the layer
(``copy.deepcopy``), so the layer's caches, the ``_ran_in`` stamps backward reads and any array
its forward writes into stay as they were; in evaluation mode, so Dropout draws no mask and
BatchNorm1d moves no running statistic; and with the library's generator out of reach
(``drawing_from`` a generator of its own) and NumPy's global one put back, so that a draw inside
it changes no later run. The zeros' values do not matter, only the shapes: NumPy's warnings of a
division by zero or a log of 0 are not shown, nor any warning the forward gives.
"""
import copy
import warnings

import numpy as np

from .dtype import get_default_dtype
from .random import drawing_from


def probed_output_shape(layer, input_shape):
    """(one sample's output shape, None) from ``layer.forward`` run on one sample of shape
    ``input_shape``, or (None, why): the words for the "?" that shows instead, when the layer
    cannot be copied, its forward raises, or it returns no batch of one row."""
    try:
        work = copy.deepcopy(layer)
    except Exception as err:  # a lock, an open file, a connection
        return None, f"its forward was not run, as a copy of the layer could not be made ({_first_line(err)})"
    dtype = next((p.data.dtype for p in work.parameters()), get_default_dtype())
    x = np.zeros((1, *input_shape), dtype)
    legacy = np.random.get_state()  # np.random.randn in a forward draws from it
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), drawing_from(np.random.default_rng(0)):
            warnings.simplefilter("ignore")
            out = work.forward(x, training=False)
        shape = None if out is None else np.shape(out)
    except Exception as err:
        return None, f"its forward failed on one sample of shape {tuple(input_shape)}: {_first_line(err)}"
    finally:
        np.random.set_state(legacy)
    if not shape or shape[0] != 1:
        got = "None" if shape is None else f"shape {shape}"
        return None, f"its forward returned {got} for one sample of shape {tuple(input_shape)}, not one row"
    return tuple(shape[1:]), None


def _first_line(err):
    """``ValueError: ...``, the error's type and the first line of its message, as a note quotes it."""
    message = str(err).strip().split("\n")[0]
    return f"{type(err).__name__}: {message}" if message else type(err).__name__
