"""summary: the table of a model's layers, output shapes and parameters (Keras's
``model.summary()``), which ``Sequential.summary`` prints."""
import numbers
from typing import NamedTuple

from .checks import ArgumentTypeError, check_size, check_type
from .layer import Layer
from .model_methods import SUMMARY_DEPTH
from .names import model_classes
from .sequential import Sequential
from .sequential_repr import short_repr
from .shape_probe import probed_output_shape
from .short_label import short_label

INDENT = " " * 4  # how much further in a row shows than the row of the layer holding it


def summary(model, input_features=None, print_fn=print, *, depth=SUMMARY_DEPTH):
    """Print a table: layer, output shape, parameters; then the total.

    A Dense layer n[l-1] -> n[l] has n[l]·n[l-1] weights + n[l] biases. A layer that holds layers
    (a nested Sequential, a layer of your own keeping Dense layers as attributes, as a torch
    Module keeps its submodules) gets a row with the count of all its parameters, and under it,
    indented, a row for each layer it holds, up to ``depth`` levels, as torchinfo shows them:
    ``depth=1`` lists the model's layers alone, 2 the layers inside them too, 3 (the default,
    torchinfo's) one level more, a block inside a block. Each row is named by its path, as
    ``named_layers`` and the parameters' names have it ("1.0" for ``1.0.weight``, "1.linear1"
    for ``1.linear1.weight``), and the model's layers are named by their index alone. A weight
    that two layers share (``dec.weight = enc.weight``) shows in the row of each and counts once
    in the total, as torch's ``parameters()`` lists it once.

    ``input_features`` gives n[0] to a model that does not know it (its first layer that
    changes the width is one of your own, without ``in_features``). Each layer's output shape
    comes from its ``output_shape``; a layer of your own that declares none, or whose layers
    are shown, is run on one sample of zeros, on a copy, changing nothing, and the layers inside
    it get the shapes they returned in that run (``shape_probe.py``); one run twice on other
    widths shows both. Where a shape cannot be known, "?" shows, and a line under the table says
    why: no input width, the run that failed, or a layer inside that the run did not reach.
    After a fit whose optimizer held only some of the parameters, a line counts the others,
    frozen. A classifier that ``neuralab train`` saved names its classes by index
    (``model.class_names``, while they name its outputs: not after a head of another width,
    ``nn.names.model_classes``). ``print_fn`` is called with the text (a logger's ``info`` will
    do) and nothing is returned, as in Keras: a notebook cell that ends with ``model.summary()``
    shows the table once. ``print_fn=None`` returns the text instead.
    """
    if print_fn is not None and not callable(print_fn):  # before the table, not after it
        raise ArgumentTypeError(f"print_fn must be a function that takes the text (print, a "
                                f"logger's info) or None to return it, got "
                                f"{type(print_fn).__name__} {print_fn!r}")
    depth = _checked_depth(depth)
    known = model.input_features()
    n_in = known
    if input_features is not None:
        n_in = check_size(input_features, "input_features")
        if known is not None and n_in != known:
            raise ValueError(f"input_features={n_in} but the model's first layer expects {known}")
    shape = (n_in,) if n_in else None
    notes = [] if shape is not None else [_unknown_width(list(summary_rows(model)))]  # why "?" shows
    rows = []
    for i, layer in enumerate(model.layers):
        row, shape = _row(str(i), layer, shape, 1, depth, notes)
        rows.append(row)
    table = [("Layer", "Output shape", "Params"), *_cells(rows)]
    widths = [max(len(r[c]) for r in table) for c in range(3)]
    rule = "-" * (sum(widths) + 4)
    lines = [rule]
    for j, row in enumerate(table):
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}")
        if j == 0:
            lines.append(rule)
    shared = " (shared weights count once)" if model.shared_parameters() else ""
    lines += [rule, f"Total parameters: {model.num_parameters():,}{shared}"]
    lines += [note for note in dict.fromkeys(notes) if note]  # each once, in the order found
    held = {id(p) for p in model.parameters()}  # (a layer removed since took its frozen ones along)
    if frozen := sum(p.size for p in vars(model).get("frozen_parameters", ()) if id(p) in held):  # Keras's non-trainable
        lines.append(f"Frozen in the last fit (not in its optimizer): {frozen:,}")
    if isinstance(classes := model_classes(model), (tuple, list)):  # (none after a new head)
        lines.append(_classes_line(classes))
    text = "\n".join(lines)
    if print_fn is None:
        return text
    print_fn(text)
    return None


class _Row(NamedTuple):
    """One row of the table: the layer's path and what shows of it, its output shapes (one per
    call; none where unknown), its parameter count, and the rows of the layers it holds that show."""
    path: str
    label: str
    shapes: tuple
    params: int
    inside: list


def _row(path, layer, shape, level, depth, notes, run=None):
    """(the row of ``layer`` at ``path``, its output shape) for one sample's input ``shape``
    (None: unknown), at ``level`` (1 for the model's layers). A nested Sequential's layers run
    one after the other from ``shape``; a layer of your own that holds layers is run on a copy
    when they show (``_output_shape``), and ``run``, that run's records (the output shapes of
    the layers inside, by path, and the path of the layer run, None if the run failed), gives
    theirs. Each reason for a "?" goes into ``notes``."""
    inner = [(f"{path}.{name}", child) for name, child in layer._children() if isinstance(child, Layer)]
    opened = bool(inner) and level < depth
    rows = None
    if run is not None:       # inside a layer of your own that was run: what this one returned there
        recorded, owner = run
        if path not in recorded and owner is not None:
            notes.append(f"Output shape ? at layer {path} ({type(layer).__name__}): the forward of layer "
                         f"{owner} did not run it")
        shapes, out = recorded.get(path, ()), None
    elif isinstance(layer, Sequential) and inner:   # its layers in turn, each from the one before
        rows = []
        for p, child in inner:
            row, shape = _row(p, child, shape, level + 1, depth, notes)
            rows.append(row)
        shapes, out = _one(shape), shape
    else:
        out, run = _output_shape(path, layer, shape, opened, notes)
        shapes = _one(out)
    if rows is None and opened:
        rows = [_row(p, child, None, level + 1, depth, notes, run)[0] for p, child in inner]
    return _Row(path, _label(layer, opened), shapes, layer.num_parameters(), rows if opened else []), out


def _output_shape(path, layer, shape, opened, notes):
    """(``layer``'s output shape for the input ``shape``, the records of its run): its own
    ``output_shape``, or, when it declares none or the layers it holds show, what its forward
    returns in a run on a copy (``probed_output_shape``)."""
    if shape is None:
        return None, ({}, None)
    try:
        out = layer.output_shape(shape)
    except ValueError as err:  # the layers do not chain: say where, as forward would
        raise ValueError(f"layer {path} {layer!r}: {err}") from None
    if out is not None and not opened:
        return out, ({}, None)
    found, why, inside = probed_output_shape(layer, shape)
    if why:  # the "?" begins at the layer, or, when it declares its shape, inside it
        notes.append(f"Output shape ? {'from' if out is None else 'inside'} layer {path} "
                     f"({type(layer).__name__}): {why}")
    shapes = {f"{path}.{p}": tuple(dict.fromkeys(calls)) for p, calls in inside.items()}  # each shape once
    return (found if out is None else out), (shapes, None if why else path)


def _one(shape):
    """The shapes of a row, for a layer of one output ``shape`` (None: unknown, no shape)."""
    return () if shape is None else (shape,)


def _label(layer, opened):
    """What a row shows of ``layer``: its repr, the call that builds it; a nested Sequential
    whose layers show under it, "Sequential", and one that does not, its repr made short."""
    if isinstance(layer, Sequential):
        return "Sequential" if opened else short_repr(layer)
    return repr(layer)


def _cells(rows, indent=""):
    """The three cells of each row and of the rows inside it: the path, padded to the longest of
    its level's (the model's layers' right-aligned, " 0" under "12"), then the label; the shapes;
    the parameter count. Each level is ``INDENT`` further in than the one holding it, as
    ``print(model)`` indents a layer's layers."""
    width = max(len(row.path) for row in rows)
    for row in rows:
        path = row.path.ljust(width) if indent else row.path.rjust(width)
        shapes = ", ".join(str((None, *shape)) for shape in row.shapes) or "?"  # (None,) for ()
        yield f"{indent}{path}  {row.label}", shapes, f"{row.params:,}"
        if row.inside:
            yield from _cells(row.inside, indent + INDENT)


def _checked_depth(depth):
    """``depth`` if it is a whole number of levels, 1 or more."""
    check_type(depth, "depth", numbers.Integral, "a whole number of levels of layers to show (1: the "
                                                 "model's layers; 2: also the layers inside them)")
    if depth < 1:
        raise ValueError(f"depth must be 1 or more (1: the model's layers; 2: also the layers inside "
                         f"them), got {depth}")
    return int(depth)


def _unknown_width(entries):
    """The line under the table of a model whose input width is not known: its first layer that
    may change the width declares none (``Sequential.input_features``), or none changes it."""
    if not entries:
        return None
    fix = "give it: model.summary(input_features=n)"
    for index, layer in entries:
        if not layer.keeps_shape:
            return (f"Output shape ?: the input width is not known (layer {index}, "
                    f"{type(layer).__name__}, declares no in_features); {fix}")
    return f"Output shape ?: the input width is not known (no layer declares it); {fix}"


def summary_rows(model, prefix=""):
    """(index, layer) for every layer, nested Sequentials opened: ("0", ...), ("1.0", ...), each
    under the path its row has in the table; the training Monitor names the layers it watches so."""
    for i, layer in enumerate(model.layers):
        if isinstance(layer, Sequential) and layer.layers:
            yield from summary_rows(layer, f"{prefix}{i}.")
        else:
            yield f"{prefix}{i}", layer


def _classes_line(names, shown=10, chars=40):
    """"Classes (model.class_names): 0 = 'setosa', 1 = 'versicolor', ...", the first ``shown``
    of them, each cut to ``chars`` characters: a thousand ImageNet classes, or a name of a
    thousand characters, would bury the table."""
    pairs = ", ".join(f"{i} = {short_label(name, chars)!r}" for i, name in enumerate(names[:shown]))
    more = f", and {len(names) - shown:,} more" if len(names) > shown else ""
    return f"Classes (model.class_names): {pairs}{more}"
