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

The same run gives the output shapes of the layers inside it, which ``summary`` shows indented
under it, as torchinfo records them with forward hooks: before the run, each layer inside the
copy gets a ``forward`` of its own (an attribute of that object, over its class's) that notes the
shape of what it returns. Only the copy has them, and it is thrown away after the run.
"""
import copy
import warnings

import numpy as np

from .dtype import get_default_dtype
from .random import drawing_from


def probed_output_shape(layer, input_shape):
    """(one sample's output shape, None, inside) from ``layer.forward`` run on one sample of shape
    ``input_shape``, or (None, why, inside): the words for the "?" that shows instead, when the
    layer cannot be copied, its forward raises, or it returns no batch of one row. ``inside``
    maps the path of each layer inside it that the run reached, as ``named_layers`` names it from
    the layer ("linear1", "head.0"), to the output shapes it returned, one per call: a ReLU used
    after two Dense layers of other widths returns two."""
    try:
        work = copy.deepcopy(layer)
    except Exception as err:  # a lock, an open file, a connection
        return None, f"its forward was not run, as a copy of the layer could not be made ({_first_line(err)})", {}
    calls = _noting_outputs(work)
    dtype = next((p.data.dtype for p in work.parameters()), get_default_dtype())
    x = np.zeros((1, *input_shape), dtype)
    legacy = np.random.get_state()  # np.random.randn in a forward draws from it
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), drawing_from(np.random.default_rng(0)):
            warnings.simplefilter("ignore")
            out = work.forward(x, training=False)
        shape = None if out is None else np.shape(out)
    except Exception as err:
        return None, f"its forward failed on one sample of shape {tuple(input_shape)}: {_first_line(err)}", {}
    finally:
        np.random.set_state(legacy)
    inside = {path: calls[id(found)] for path, found in work.named_layers()
              if found is not work and calls[id(found)]}
    if not shape or shape[0] != 1:
        got = "None" if shape is None else f"shape {shape}"
        return None, f"its forward returned {got} for one sample of shape {tuple(input_shape)}, not one row", inside
    return tuple(shape[1:]), None, inside


def _noting_outputs(work):
    """{id(layer): [output shapes]} for every layer inside ``work`` (a copy), filled as it runs:
    each one's forward is wrapped, on that object only, to note one sample's shape of what it
    returns (an array; anything else is left to the layer that takes it)."""
    calls = {}
    for _, found in work.named_layers():
        if found is not work and id(found) not in calls:  # (wrapped once, were it reached twice)
            calls[id(found)] = []
            found.forward = _noted(found.forward, calls[id(found)])
    return calls


def _noted(forward, shapes):
    """``forward`` (a bound method) that appends the shape of each output, less the batch axis,
    to ``shapes``."""
    def noting(*args, **kwargs):
        out = forward(*args, **kwargs)
        if isinstance(out, np.ndarray) and out.ndim:
            shapes.append(tuple(int(n) for n in out.shape[1:]))
        return out
    return noting


def _first_line(err):
    """``ValueError: ...``, the error's type and the first line of its message, as a note quotes it."""
    message = str(err).strip().split("\n")[0]
    return f"{type(err).__name__}: {message}" if message else type(err).__name__
