"""How a model shows at a prompt, in a notebook, printed and in an error message.

A model that fits in ``WIDTH`` characters is one line, the call that builds it:
``Sequential(Dense(2, 8), Tanh(), Dense(8, 1))``. A longer one has a layer per line, as
``torch.nn.Sequential`` shows, each with its index, the one ``model[i]`` reaches it by; a nested
Sequential too long for its line is opened in turn, its layers numbered as ``summary`` and the
parameters' names number them ("2.0" is ``model[2][0]``, whose weight is "2.0.weight"). The
indices are comments, so the text is still Python that builds the same layers:

>>> from neuralab import nn
>>> nn.Sequential(nn.Standardize(2), nn.MLP([2, 64, 64, 64, 1], output="sigmoid"), nn.Dropout(0.1))
Sequential(
    Standardize(2),  # 0
    Sequential(      # 1
        Dense(2, 64),   # 1.0
        ReLU(),         # 1.1
        Dense(64, 64),  # 1.2
        ReLU(),         # 1.3
        Dense(64, 64),  # 1.4
        ReLU(),         # 1.5
        Dense(64, 1),   # 1.6
        Sigmoid(),      # 1.7
    ),
    Dropout(p=0.1),  # 2
)

``print`` (``layer_str``) also opens a layer of your own that keeps layers in its attributes, as
torch prints a Module's children, each under its attribute name, nested ones indented further
(the repr, ``TwoLayerNet(...)``, is the call that builds it, which hides them); a Sequential
holding one is then shown a layer per line, its own layers opened where they sit.

An error's sentence quotes a model by ``short_repr``, on one line: its first layers and a count
of the others.
"""
WIDTH = 100  # a line of a notebook cell's output, or of a wide terminal
SHORT = 80   # what an error's sentence gives to quoting a model
_INDENT = " " * 4


def sequential_repr(model, width=WIDTH, opened=False, prefix=""):
    """``model`` on one line if that is at most ``width`` characters, else a layer per line.
    ``opened`` (``print``'s text) opens the layers of your own inside it, which then puts a
    layer on each line however short the model; ``prefix`` begins the indices, the path of a
    Sequential kept inside a layer of your own ("0.stack." for ``model[0].stack[i]``)."""
    flat = one_line(model)
    if len(flat) <= width and not (opened and _opens(model)):
        return flat
    lines = list(_lines(model, prefix, _INDENT, width, opened))
    # each depth's comments line up past its longest line, an inner block's further in; a line
    # longer than ``width`` (a PlaneFeatures of many names), or inside a layer of your own (no
    # index), does not push them all out
    blocks = {}
    for code, index in lines:
        if index and len(code) <= width:
            blocks[index.count(".")] = max(blocks.get(index.count("."), 0), len(code))
    body = [f"{code:<{blocks.get(index.count('.'), 0)}}  # {index}" if index else code
            for code, index in lines]
    return "\n".join(["Sequential(", *body, ")"])


def _lines(model, prefix, indent, width, opened):
    """(code, index) for each line of ``model``'s layers, ``indent`` in and numbered from
    ``prefix``: a layer per line, a nested Sequential too long for its line (or, ``opened``,
    holding a layer of your own that opens) opened, a layer of your own that keeps layers
    opened if ``opened``; closing ")" lines and the lines inside a layer of your own have no
    index."""
    for i, layer in enumerate(model.layers):
        index, flat = f"{prefix}{i}", one_line(layer)
        if _is_sequential(layer) and (len(indent) + len(flat) + 1 > width or opened and _opens(layer)):
            yield f"{indent}Sequential(", index
            yield from _lines(layer, f"{index}.", indent + _INDENT, width, opened)
            yield f"{indent}),", ""
        elif opened and _kept_layers(layer):
            first, *inside = _own_layer_lines(layer, f"{index}.")
            yield f"{indent}{first}", index
            yield from ((f"{indent}{line}", "") for line in inside[:-1])
            yield f"{indent}{inside[-1]},", ""
        else:
            yield f"{indent}{flat},", index


def layer_str(layer, prefix=""):
    """What ``print(layer)`` shows: the repr, with every layer of your own inside it that keeps
    layers opened, those layers under their attribute names, as torch prints a Module:

        TwoLayerNet(n_in=2, n_out=1,
            (linear1): Dense(2, 32)
            (relu): ReLU()
            (linear2): Dense(32, 1)
        )

    ``prefix`` is the layer's path in the model, which the indices of a Sequential kept inside it
    begin with (``named_layers``' names: "0.stack.1")."""
    if _is_sequential(layer):
        return sequential_repr(layer, opened=True, prefix=prefix)
    if not _kept_layers(layer):
        return repr(layer)
    return "\n".join(_own_layer_lines(layer, prefix))


def _own_layer_lines(layer, prefix):
    """The lines of a layer of your own that keeps layers: its repr opened, ``TwoLayerNet(n=2,``,
    then each layer it keeps, ``    (name): `` and its ``layer_str`` (indented once more where it
    spans lines), and ")"."""
    head = repr(layer)[:-1] + ("," if layer.config() else "")
    lines = [head]
    for name, child in _kept_layers(layer):
        first, *rest = layer_str(child, f"{prefix}{name}.").split("\n")
        lines += [f"{_INDENT}({name}): {first}", *(_INDENT + line for line in rest)]
    return lines + [")"]


def _kept_layers(layer):
    """(name, layer) for each layer a layer of your own keeps (``Layer._children``); none for a
    Sequential, whose layers its own lines show, numbered."""
    from .layer import Layer  # (here: layer.py imports this module)
    if _is_sequential(layer):
        return []
    return [(name, child) for name, child in layer._children() if isinstance(child, Layer)]


def _opens(layer):
    """Whether ``print`` shows more of ``layer`` than its repr: a layer of your own that keeps
    layers is in it, at any depth."""
    return any(_kept_layers(inside) for inside in layer.walk())


def one_line(layer):
    """``repr(layer)`` on one line, however long: a Sequential as the call that builds it."""
    if _is_sequential(layer):
        return "Sequential(" + ", ".join(map(one_line, layer.layers)) + ")"
    return repr(layer)


def short_repr(layer, width=SHORT):
    """``layer`` as an error's sentence quotes it: on one line, and a Sequential longer than
    ``width`` characters as the layers that fit and how many follow,
    ``Sequential(Dense(2, 32), Sigmoid(), Dense(32, 32), ... 16 more)``; when not even the
    first fits, that one shortened in turn."""
    text = one_line(layer)
    if len(text) <= width or not _is_sequential(layer) or not layer.layers:
        return text
    items = list(map(one_line, layer.layers))
    for n in range(len(items) - 1, 0, -1):  # the most that fit
        text = "Sequential(" + "".join(f"{item}, " for item in items[:n]) + f"... {len(items) - n} more)"
        if len(text) <= width:
            return text
    rest = f", ... {len(items) - 1} more" if len(items) > 1 else ""
    return f"Sequential({short_repr(layer.layers[0], width - len('Sequential()') - len(rest))}{rest})"


def _is_sequential(layer):
    from .sequential import Sequential  # (here: sequential.py and layer_list.py import this module)
    return isinstance(layer, Sequential)
