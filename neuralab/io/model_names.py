"""The names a model file keeps besides its layers and weights, checked against the model they
name: ``feature_names``, the columns it reads (one per input, n[0] of them, set by ``fit`` from
a DataFrame), and ``class_names``, the classes its outputs stand for (set by ``neuralab
train``): one name per output, or two for a single output, which scores class 1 against class 0
(a sigmoid's probability, or a logit).

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
from ..nn.tables import model_columns
from .file_format import InvalidModelFile


def saved_names(model):
    """{header key: list of names} of the names that ``save`` writes with ``model``; a name longer
    than a file keeps is refused with its fix (the header's check would only say it is long)."""
    names = {"feature_names": model_columns(model), "class_names": model_classes(model)}
    for key, kind in (("feature_names", "column"), ("class_names", "class")):
        if isinstance(names[key], (list, tuple)):
            refuse_long_name(names[key], f"cannot save: the {kind} name", f"shorten it in model.{key}")
    return {key: value for key, value in names.items() if value is not None}


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
