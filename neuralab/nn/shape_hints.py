"""Shape hints: the reshape that turns an input of the wrong shape into the rows of features a
layer or model takes, as the end of the error message that refuses it (``Dense``, ``fit``,
``predict``, the classic models), and targets held as a row into one per sample (``fit``)."""
import math

import numpy as np


def rows_hint(x, n_features, name="x"):
    """The end of the error message, " (the fix)", for an input ``x`` that is not rows of
    ``n_features``, for a layer or model that takes them.

    A vector of that many values is one sample, a row once reshaped, and a vector for a single
    feature a column; samples of several axes holding ``n_features`` values (8×8 images for 64
    inputs) are flattened; an array of any other shape whose n_features values are all there is
    one sample (a 28×28 image for 784 inputs), a row once reshaped. A last axis of 3 or 4 whose
    other axes make the width is colour (RGB, or RGBA as ``plt.imread`` reads a PNG), for a model
    of grey pixels: converted to grey, then flattened. "" otherwise (a number, an empty input)."""
    try:
        shape = np.shape(x)
    except ValueError:  # a ragged nested list: the error says so already
        return ""
    if len(shape) == 1 and shape[0]:
        if n_features == 1:
            return f" (one feature per sample? make it a column: np.reshape({name}, (-1, 1)))"
        if shape[0] == n_features:
            return f" (one sample? make it a row: np.reshape({name}, (1, -1)))"
        return f" (samples are rows of {n_features} features: shape (samples, {n_features}))"
    if len(shape) == 2 and shape[1] == n_features:   # rows of the right width: another problem
        return ""
    if len(shape) > 2 and math.prod(shape[1:]) == n_features:
        return f" (flatten each sample: np.reshape({name}, (len({name}), -1)))"
    if shape == (n_features, 1):   # Nielsen's network.py holds each sample as a column vector
        return f" (one sample as a column? samples are rows here: {name}.T, shape (1, {n_features}))"
    if len(shape) == 2 and shape[0] == n_features:   # Andrew Ng's course: X of shape (n_x, m)
        return (f" (samples as columns, the course's X of shape (n_x, m)? samples are rows here: "
                f"{name}.T, shape ({shape[1]}, {n_features}))")
    if len(shape) >= 2 and math.prod(shape) == n_features:
        sizes = " × ".join(map(str, shape))
        return (f" (one sample, an image of {sizes} = {n_features} values? make it one row: "
                f"np.reshape({name}, (1, -1)))")
    if len(shape) > 2 and shape[-1] in (3, 4):
        grey = f"{name}[..., :3].mean(axis=-1)"
        channels = ("3 colour channels (RGB)" if shape[-1] == 3 else
                    "4 colour channels (RGBA, as plt.imread reads a PNG)")
        if math.prod(shape[:-1]) == n_features:
            return (f" (one colour image? its last axis holds {channels}, and the model takes "
                    f"{n_features} grey values: convert it to grey and make it one row, "
                    f"np.reshape({grey}, (1, -1)))")
        if math.prod(shape[1:-1]) == n_features:
            return (f" (colour images? their last axis holds {channels}, and the model takes "
                    f"{n_features} grey values each: convert them to grey and flatten each, "
                    f"np.reshape({grey}, (len({name}), -1)))")
    return ""


def targets_hint(y, n_samples, name="y"):
    """The end of the error message, " (the fix)", for targets ``y`` whose first axis is not the
    ``n_samples`` of X: one row of them, as Andrew Ng's course holds Y, shape (1, m), is a row to
    make a column of (or flatten). "" otherwise."""
    shape = np.shape(y)
    if len(shape) == 2 and shape[1] == n_samples and shape[0] != n_samples:
        return (f" (targets as a row, the course's Y of shape (1, m)? samples are rows here: "
                f"{name}.T, shape ({n_samples}, {shape[0]}){', or ' + name + '.ravel()' if shape[0] == 1 else ''})")
    return ""
