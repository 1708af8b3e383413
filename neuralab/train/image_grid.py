"""The images a classifier gets wrong, in a grid, each captioned "true → predicted": what a
confusion matrix counts, seen. A 4 taken for a 9 that a person would misread too is a hard
sample; one that is plainly a 4 is the model's failing.
"""
import math

import numpy as np

from ..nn import tables
from ..nn.short_label import short_label
from .inline_figure import InlineFigure
from .plot_inputs import checked_path, class_names_of, plot_dataset
from .plot_style import finished

SHOWN = 16        # the most images drawn: a 4 × 4 grid
NAME_CHARS = 10   # of a class name in a caption, under an image an inch and a half wide


def misclassified(images, y_true=None, y_pred=None, class_names=None, path=None):
    """The first ``SHOWN`` (16) images whose predicted class ``y_pred`` is not their true class
    ``y_true``, each captioned "true → predicted" (``class_names``, one per class, or the class
    numbers), drawn in the data's own units: one grey scale from the lowest to the highest
    value of all the images given (raw pixels, dark ink on white), shown on a colour bar, so
    that one shade is one value in every image.

    ``images``: (m, H, W), or channels first as PyTorch keeps them, (m, 1, H, W) or (m, 3, H, W);
    flat rows (m, H·W) are refused with the reshape that makes them images. ``y_pred``: a class
    per image, or a row of scores per image (``model.predict(X)``: the class of the highest
    one). The title says how many are wrong of how many; with none wrong, the figure says so.

    A ``data.Dataset`` of images (``data.load("digits")``) is its images, its rows in its
    ``image_shape``, and its targets, y_true, as the other plots and ``fit(ds)`` read one, with
    its class names: ``misclassified(ds, model.predict(ds))``."""
    path = checked_path(path, "misclassified.png")
    if tables.is_dataset(images):
        if y_pred is None:   # misclassified(ds, model.predict(ds)): the Dataset holds y_true
            y_true, y_pred = None, y_true
        ds, y_true, class_names = plot_dataset(images, y_true, class_names,
                                               "plots.misclassified(ds, model.predict(ds))")
        images = _dataset_images(ds)
    if y_true is None or y_pred is None:
        raise TypeError("misclassified needs the true classes and the predicted ones: misclassified(images, "
                        "y_true, y_pred), or misclassified(ds, y_pred) for a Dataset, which holds y_true")
    pictures = _pictures(images)
    y_true = _classes(y_true, len(pictures), "y_true")
    y_pred = _classes(y_pred, len(pictures), "y_pred")
    names = [short_label(name, NAME_CHARS)
             for name in class_names_of(class_names, int(max(y_true.max(), y_pred.max())) + 1)]
    wrong = np.flatnonzero(y_true != y_pred)
    shown = wrong[:SHOWN]
    columns = min(4, max(len(shown), 1))
    rows = math.ceil(len(shown) / columns) or 1
    fig = InlineFigure(figsize=(1.6 * columns + 1.2, 1.7 * rows + 0.6), layout="constrained")
    low, high = float(pictures.min()), float(pictures.max())
    if high == low:   # one value everywhere: a scale of some width, else the grey is undefined
        high = low + 1
    axes = fig.subplots(rows, columns, squeeze=False)
    for ax in axes.ravel()[len(shown):]:
        ax.set_axis_off()
    image = None
    for ax, i in zip(axes.ravel(), shown):
        # a frame without ticks: an image's blank border (pixels of 0) still shows where it ends
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_color("0.7")
        picture = pictures[i]
        if picture.ndim == 3:   # colour: scaled to [0, 1] over the images' range, as imshow takes it
            image = ax.imshow((picture - low) / (high - low))
        else:
            image = ax.imshow(picture, cmap="gray_r", vmin=low, vmax=high)
        ax.set_title(f"{names[y_true[i]]} → {names[y_pred[i]]}", fontsize="small")
    if image is not None and pictures.ndim == 3:   # grey images: the scale their shades stand for
        fig.colorbar(image, ax=axes, shrink=0.6, label="pixel value")
    if not len(wrong):
        axes[0, 0].text(0.5, 0.5, f"all {len(pictures)} images\nclassified right:\nnone to show",
                        ha="center", va="center", transform=axes[0, 0].transAxes)
    what = "first " if len(wrong) > SHOWN else ""
    title = (f"{len(wrong)} of {len(pictures)} images misclassified"
             + (f" ({what}{len(shown)} shown)\ntrue → predicted" if len(wrong) else ""))
    fig.suptitle(title, fontsize="medium")
    return finished(fig, path)


def _dataset_images(ds):
    """The rows of the Dataset ``ds`` as images of its ``image_shape``; rows of no image refused."""
    if ds.image_shape is None:
        raise ValueError(f"the Dataset {ds.name!r} holds no images (its image_shape is None: each row is "
                         f"{ds.n_features} features, not pixels): misclassified draws images, such as those "
                         f"of data.load('digits'); for rows of features, plots.confusion_matrix shows the "
                         f"mistakes")
    return ds.X.reshape(-1, *ds.image_shape)


def _pictures(images):
    """``images`` as a float array (m, H, W) of grey ones or (m, H, W, 3) of colour ones."""
    pictures = np.asarray(images, dtype=np.float64)
    if pictures.ndim == 4 and pictures.shape[1] in (1, 3):   # channels first (PyTorch's NCHW)
        pictures = pictures[:, 0] if pictures.shape[1] == 1 else pictures.transpose(0, 2, 3, 1)
    elif pictures.ndim != 3:
        side = math.isqrt(pictures.shape[-1]) if pictures.ndim == 2 else 0
        fix = (f": rows of {pictures.shape[-1]} pixels are images of {side} × {side}, "
               f"images.reshape(-1, {side}, {side}), or of the dataset's image_shape, "
               "images.reshape(-1, *ds.image_shape)" if pictures.ndim == 2 else "")
        raise ValueError(f"images must have shape (images, height, width), or (images, 1 or 3, height, width), "
                         f"got shape {pictures.shape}{fix}")
    if len(pictures) == 0:
        raise ValueError("images holds no image: give at least one")
    if not np.isfinite(pictures).all():
        raise ValueError("images hold NaN or inf: drop or fill those pixels before plotting")
    return pictures


def _classes(values, m, name):
    """``values`` as m class numbers: class numbers as they are, a row of scores per image as the
    class of the highest."""
    values = np.asarray(values)
    if values.ndim == 2 and values.shape[1] > 1:
        values = values.argmax(axis=1)
    elif values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1 or len(values) != m:
        raise ValueError(f"{name} must hold one class per image, {m} of them, got shape {values.shape}")
    if values.dtype.kind not in "biu" and not (values.dtype.kind == "f" and np.array_equal(values, np.round(values))):
        raise TypeError(f"{name} must hold class numbers 0, 1, 2, ... (or one row of scores per image), "
                        f"got {values.dtype} values such as {values[0]!r}")
    if values.min() < 0:
        raise ValueError(f"{name} holds the class {values.min():g}: classes are numbered 0, 1, 2, ...")
    return values.astype(np.int64)
