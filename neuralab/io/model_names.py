"""The names a model file keeps besides its layers and weights, checked against the model they
name: ``feature_names``, the columns it reads (one per input, n[0] of them, set by ``fit`` from
a DataFrame), and ``class_names``, the classes its outputs stand for (set by ``neuralab
train``): one name per output, or two for a single output, which scores class 1 against class 0
(a sigmoid's probability, or a logit). A model trained on one-hot columns (``neuralab train
--one-hot town``) keeps their ``categories`` too ({"town": ["Lyon", "Nice", "Paris"]}), with which
``predict`` reads a raw column of them (``nn.one_hot_inputs``).

``parse_json_header`` has checked that each is a list of short texts. ``save`` writes the names
that still fit the model (``saved_names``: after a new first layer or a new head they name
another model's inputs or classes, and are left out; which still fit is the model's own notion,
``nn.names``, that ``summary`` follows too); ``load`` refuses names in a file that do not fit
the model it rebuilt (``restore_names``).

``predict`` gives numbers, as documented; the names turn them into classes:

    p = model.predict(X)
    np.array(model.class_names)[p.argmax(axis=1)]             # one output per class
    np.array(model.class_names)[(p[:, 0] >= 0.5).astype(int)]  # one sigmoid output (a logit: >= 0)
"""
from ..nn.model_output import output_features
from ..nn.names import class_count, model_classes, refuse_long_name
from ..nn.one_hot_inputs import model_categories, one_hot_name
from ..nn.tables import model_columns
from .file_format import InvalidModelFile


def saved_names(model):
    """{header key: list of names} of the names that ``save`` writes with ``model``; a name longer
    than a file keeps is refused with its fix (the header's check would only say it is long)."""
    names = {"feature_names": model_columns(model), "class_names": model_classes(model)}
    for key, kind in (("feature_names", "column"), ("class_names", "class")):
        if isinstance(names[key], (list, tuple)):
            refuse_long_name(names[key], f"cannot save: the {kind} name", f"shorten it in model.{key}")
    if (categories := model_categories(model)) is not None:   # (a one-hot column of each, as feature_names)
        names["categories"] = {column: list(map(str, values)) for column, values in categories.items()}
    return {key: value for key, value in names.items() if value is not None}


def restore_categories(model, categories):
    """Give ``model``, rebuilt from a file with its names, the categories of its one-hot columns
    (None, or {column: list of texts}), after checking that each one's 0/1 column,
    ``{column}_{category}``, is one of its ``feature_names`` and named once."""
    if categories is None:
        return
    names = getattr(model, "feature_names", None)
    if names is None:
        raise InvalidModelFile("'categories' names one-hot columns of a model without 'feature_names'")
    for column, values in categories.items():
        if len(set(values)) < len(values):
            raise InvalidModelFile(f"'categories' names the category "
                                   f"{next(v for v in values if values.count(v) > 1)!r} of {column!r} twice")
        if (lost := next((v for v in values if one_hot_name(column, v) not in names), None)) is not None:
            raise InvalidModelFile(f"'categories' gives {column!r} the category {lost!r}, but the model has "
                                   f"no column {one_hot_name(column, lost)!r}")
    model.categories = {column: tuple(values) for column, values in categories.items()}


def restore_names(model, feature_names, class_names):
    """Give ``model``, rebuilt from a file, the names the file holds (each None or a list of
    texts), after checking that they fit it: one column per input, one class per output (two
    for a single output)."""
    if feature_names is not None:
        width = model.input_features() if hasattr(model, "input_features") else None
        if width is not None and len(feature_names) != width:
            raise InvalidModelFile(f"'feature_names' names {len(feature_names)} columns for a model "
                                   f"of {width} inputs")
        model.feature_names = tuple(feature_names)
    if class_names is not None:
        width = output_features(model)
        if len(class_names) < 2:
            raise InvalidModelFile(f"'class_names' names one class, {class_names[0]!r}; a classifier "
                                   f"tells at least two apart")
        if len(set(class_names)) < len(class_names):   # a prediction named by one would be two classes
            twice = next(name for name in class_names if class_names.count(name) > 1)
            raise InvalidModelFile(f"'class_names' names the class {twice!r} twice; each output "
                                   f"stands for a class of its own")
        if width is not None and len(class_names) != class_count(width):
            expected = "2 (class 0 and class 1 of its one output)" if width == 1 else width
            raise InvalidModelFile(f"'class_names' names {len(class_names)} classes for a model of "
                                   f"{width} output{'s' * (width != 1)}, which needs {expected}")
        model.class_names = tuple(class_names)
