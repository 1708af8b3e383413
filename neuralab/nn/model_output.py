"""What a model returned: ``is_model_output`` and ``output_model``, with which a loss recognises
a model's output among its arguments, ``final_layer``, the layer that computes it, and
``output_features``, how many numbers it computes per sample."""
import numpy as np

from .sequential import Sequential, live_models


def is_model_output(array):
    """Whether ``array`` is what the latest forward pass or ``predict`` of some Sequential
    returned (or a view of it: ``out.ravel()``, ``out[:, 0]``): see ``output_model``."""
    return output_model(array) is not None


def output_model(array):
    """The Sequential whose latest forward pass or ``predict`` returned ``array`` (or a view of
    it), or None.

    For a loss to tell ``loss(y, out)`` (scikit-learn's order, ``metric(y_true, y_pred)``) from
    ``loss(out, y)``: given the targets first, a loss's backward is dL/dy and training climbs
    the loss. The latest pass of *each* Sequential counts, not only the very last one, so that
    ``loss(student_out, teacher_out)`` is not taken for a swap when the teacher ran second.
    And for a loss that takes logits to see that it was given a model's probabilities instead.
    Each Sequential keeps its output (``_output``) for ``backward``'s shape check anyway, so
    ``forward`` pays nothing more for this; a look-up goes through the Sequentials alive.

    A Sequential of no layers (or of empty ones only) computes nothing: its output is its input,
    so it is not the model of that array, nor may it stand for the model it sits at the end of,
    whose output is the same array: ``Sequential(Dense, Sigmoid, Sequential())`` gave the empty
    one, and so no Sigmoid, to the loss that looked for one.
    """
    if not isinstance(array, np.ndarray):
        return None
    owner = _owner(array)
    return next((net for net in live_models if net._output is not None and _owner(net._output) is owner
                 and final_layer(net) is not None), None)


def _owner(array):
    """The array that owns ``array``'s memory (a view's base is its owner already: NumPy
    collapses chains of views), so that a view of a Softmax's output, itself a view, is found."""
    return array if array.base is None else array.base


def final_layer(model):
    """The layer that computes ``model``'s output: its last, or the final layer of a nested
    Sequential that is last. An empty Sequential passes its input on unchanged, so the layer
    before it computes the output: ``Sequential(Dense, Sigmoid, Sequential())`` ends with the
    Sigmoid (a placeholder head left empty must not hide it from the losses that take logits).
    None when no layer computes anything: an empty Sequential, or one of empty ones."""
    if not isinstance(model, Sequential):
        return model
    for layer in reversed(model.layers):
        if (last := final_layer(layer)) is not None:
            return last
    return None


def output_features(model):
    """n[L], the number of outputs per sample: the last of the shapes the layers give in turn
    (``output_shape``) from the input width; None when either is not known (a layer of your own
    that declares no shape), for checks to skip rather than compare with a wrong width."""
    n_in = model.input_features() if hasattr(model, "input_features") else None
    shape = model.output_shape((n_in,)) if n_in is not None else None
    return shape[-1] if shape else None
