"""summary: the table of a model's layers, output shapes and parameters (Keras's
``model.summary()``), which ``Sequential.summary`` prints."""
from .checks import ArgumentTypeError, check_size
from .names import model_classes
from .shape_probe import probed_output_shape
from .short_label import short_label
from .sequential import Sequential


def summary(model, input_features=None, print_fn=print):
    """Print a table: layer, output shape, parameters; then the total.

    A Dense layer n[l-1] -> n[l] has n[l]·n[l-1] weights + n[l] biases. The layers of a
    nested Sequential get a row each, numbered like their parameters ("1.0" for
    ``1.0.weight``). ``input_features`` gives n[0] to a model that does not know it (its first
    layer that changes the width is one of your own, without ``in_features``). Each layer's
    output shape comes from its ``output_shape``; a layer of your own that declares none is run
    on one sample of zeros, on a copy, changing nothing (``shape_probe.py``). Where a shape
    cannot be known, "?" shows, and a line under the table says why: no input width, or the
    run that failed. After a fit whose optimizer held only some of the
    parameters, a line counts the others, frozen. A classifier that ``neuralab train`` saved
    names its classes by index (``model.class_names``, while they name its outputs: not after a
    head of another width, ``nn.names.model_classes``). ``print_fn`` is called with the text (a
    logger's ``info`` will do) and nothing is returned, as in Keras: a notebook cell that ends
    with ``model.summary()`` shows the table once. ``print_fn=None`` returns the text instead.
    """
    if print_fn is not None and not callable(print_fn):  # before the table, not after it
        raise ArgumentTypeError(f"print_fn must be a function that takes the text (print, a "
                                f"logger's info) or None to return it, got "
                                f"{type(print_fn).__name__} {print_fn!r}")
    known = model.input_features()
    n_in = known
    if input_features is not None:
        n_in = check_size(input_features, "input_features")
        if known is not None and n_in != known:
            raise ValueError(f"input_features={n_in} but the model's first layer expects {known}")
    shape = (n_in,) if n_in else None
    rows = [("Layer", "Output shape", "Params")]
    entries = list(summary_rows(model))
    digits = max((len(index) for index, _ in entries), default=1)  # "12" and " 0" in line
    unknown = _unknown_width(entries) if shape is None else None  # why "?" shows, if it does
    for index, layer in entries:
        if shape is not None:
            try:
                found = layer.output_shape(shape)
            except ValueError as err:  # the layers do not chain: say where, as forward would
                raise ValueError(f"layer {index} {layer!r}: {err}") from None
            if found is None:  # a layer of your own that declares no shape: run it
                found, why = probed_output_shape(layer, shape)
                if why:
                    unknown = f"Output shape ? from layer {index} ({type(layer).__name__}): {why}"
            shape = found
        out = str((None, *map(int, shape))) if shape is not None else "?"  # (None,) for ()
        rows.append((f"{index:>{digits}}  {layer!r}", out, f"{layer.num_parameters():,}"))
    widths = [max(len(r[c]) for r in rows) for c in range(3)]
    rule = "-" * (sum(widths) + 4)
    lines = [rule]
    for j, row in enumerate(rows):
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}")
        if j == 0:
            lines.append(rule)
    shared = " (shared weights count once)" if model.shared_parameters() else ""
    lines += [rule, f"Total parameters: {model.num_parameters():,}{shared}"]
    if unknown:
        lines.append(unknown)
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
    """(index, layer) for every layer, nested Sequentials opened: ("0", ...), ("1.0", ...)."""
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
