"""The names a model keeps besides its layers and weights, and whether they still name it:
``feature_names``, the columns it reads (one per input, n[0] of them, set by ``fit`` from a
DataFrame), and ``class_names``, the classes its outputs stand for (set by ``neuralab train``):
one name per output, or two for a single output, which scores class 1 against class 0 (a
sigmoid's probability, or a logit).

A model whose first layer or head was replaced by one of another width (``model[-1] =
nn.Dense(16, 5)``) reads other columns or gives other classes than the names say: the names
that still fit (``tables.model_columns``, ``model_classes``) are those ``summary`` lists and
``save`` writes.

A model file keeps names of at most ``MAX_NAME_CHARS`` characters (``too_long_name``): ``fit``
refuses a longer column name before it trains, not ``save`` after (``fit_columns``). Where a
name is shown, a long one is cut to its start and end (``short_label``).
"""
import numpy as np

from . import tables
from .model_output import output_features
from .short_label import QUOTED_CHARS, short_label

# The longest column or class name a model file may hold: far past any real one (a CSV header's,
# a dataset's class), far below what floods a summary or an error message that shows it.
MAX_NAME_CHARS = 1_000


def too_long_name(names):
    """The first of ``names`` (texts) that a model file cannot keep, of more than MAX_NAME_CHARS
    characters, or None: for a caller that would otherwise learn of it only at ``save``."""
    return next((name for name in names if len(name) > MAX_NAME_CHARS), None)


def refuse_long_name(names, what, fix, error=ValueError):
    """Raise ``error`` (a ValueError, or a caller's own class taking the message) if one of ``names``
    is longer than a model file keeps: "``what`` 'start…end' has N characters, more than the 1,000
    a saved model keeps: ``fix``". Names that are no texts are left to the checks of their type."""
    if (long := too_long_name(name for name in names if isinstance(name, str))) is not None:
        raise error(f"{what} {short_label(long, QUOTED_CHARS)!r} has {len(long):,} characters, "
                    f"more than the {MAX_NAME_CHARS:,} a saved model keeps: {fix}")


def fit_columns(X, model):
    """The columns ``fit`` keeps as ``model.feature_names``: those of the DataFrame ``X``, else the
    model's own while they still fit it (a fit on an array trains the same columns' weights).
    A column name a model file could not keep is refused now, before any training: ``save``
    would refuse it only after."""
    if (names := tables.column_names(X)) is not None:
        refuse_long_name(names, "X's column", "rename it before fit: X = X.rename(columns={old: new})")
        return names
    if (names := tables.model_columns(model)) is not None:
        refuse_long_name(names, "the column in model.feature_names", "shorten it there before fit")
    return names


def class_count(width):
    """How many classes ``width`` outputs stand for: two for one output (class 1 against 0)."""
    return 2 if width == 1 else width


def model_classes(model):
    """``model.class_names`` while they still name its outputs: None once its last layer gives
    another number of them (a new head, ``model[-1] = nn.Dense(16, 5)``), whose classes those
    names are not. An array (scikit-learn's ``LabelEncoder().classes_``) comes as a list; names
    that are no list or tuple are returned as they are, for a model file's check to refuse by type."""
    names = getattr(model, "class_names", None)
    if isinstance(names, np.ndarray):  # its NumPy texts and numbers as Python's, which JSON writes
        names = names.tolist()
    if not isinstance(names, (list, tuple)):
        return names
    width = output_features(model)
    return names if width is None or class_count(width) == len(names) else None
