"""``--class-weight``: how much each class's training rows count in the loss, "balanced" or
CLASS:WEIGHT pairs naming the classes as the data names them, read into ``fit``'s class_weight."""
import math

from .errors import CLIError


def class_weights(text, ds):
    """``--class-weight``: None, "balanced", or {class index: weight} from "CLASS:WEIGHT,..." where
    a class is named as the data names it (a CSV's label, or its number), for ``fit``'s
    class_weight (a class left out weighs 1)."""
    if text is None:
        return None
    if ds.task == "regression":
        raise CLIError("--class-weight weighs classes, and this target is a regression: leave it out")
    if text == "balanced":
        return text
    names = [str(name) for name in ds.class_names] if ds.class_names is not None else None
    table = {}
    for item in _class_weight_items(text, names or []):
        name, colon, weight = item.strip().rpartition(":")
        if not colon or not name:
            raise CLIError(f"--class-weight takes 'balanced' or CLASS:WEIGHT pairs separated by commas, "
                           f"e.g. {(names or ['0', '1'])[-1]}:5, got {text!r}")
        if names is not None and name in names:
            index = names.index(name)
        elif not (name.isascii() and name.isdigit()) or (index := int(name)) >= ds.n_classes:
            known = ", ".join(map(repr, names)) if names else f"0 to {ds.n_classes - 1}"
            raise CLIError(f"--class-weight names the class {name!r}, which the data does not have; "
                           f"its classes are {known}")
        if index in table:
            raise CLIError(f"--class-weight weighs the class {(names or [str(index)] * (index + 1))[index]!r} "
                           f"twice ({text!r}): give each class once")
        try:
            table[index] = float(weight)
        except ValueError:
            table[index] = math.nan
        if not (math.isfinite(table[index]) and table[index] >= 0):
            raise CLIError(f"--class-weight {item.strip()}: the weight must be a finite number >= 0 "
                           f"(0 leaves the class out), got {weight!r}")
    if len(table) == ds.n_classes and not any(table.values()):  # fit's refusal named class_weight and y
        raise CLIError(f"--class-weight {text} leaves every class out (each weighs 0), so no training row "
                       f"would count: give a class a positive weight")
    return table


def _class_weight_items(text, names):
    """The CLASS:WEIGHT items of ``--class-weight`` ``text``, split at its commas but those within a
    class name of ``names`` ("1,5" read with --decimal ,, or "Smith, John"), which the run shows
    as the data names it: a piece ("1") that begins such a name goes on with the next ("5:2")."""
    within = [name for name in names if "," in name]
    items = []
    for piece in text.split(","):
        if items and any(name.startswith(items[-1].strip() + ",") for name in within):
            items[-1] += "," + piece
        else:
            items.append(piece)
    return items
