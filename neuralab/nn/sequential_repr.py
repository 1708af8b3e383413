"""How a Sequential shows at a prompt, in a notebook and in an error message.

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

An error's sentence quotes a model by ``short_repr``, on one line: its first layers and a count
of the others.
"""
WIDTH = 100  # a line of a notebook cell's output, or of a wide terminal
SHORT = 80   # what an error's sentence gives to quoting a model
_INDENT = " " * 4


def sequential_repr(model, width=WIDTH):
    """``model`` on one line if that is at most ``width`` characters, else a layer per line."""
    flat = one_line(model)
    if len(flat) <= width:
        return flat
    lines = list(_lines(model, "", _INDENT, width))
    # each depth's comments line up past its longest line, an inner block's further in; a line
    # longer than ``width`` (a PlaneFeatures of many names) does not push them all out
    blocks = {}
    for code, index in lines:
        if len(code) <= width:
            blocks[index.count(".")] = max(blocks.get(index.count("."), 0), len(code))
    body = [f"{code:<{blocks.get(index.count('.'), 0)}}  # {index}" if index else code
            for code, index in lines]
    return "\n".join(["Sequential(", *body, ")"])


def _lines(model, prefix, indent, width):
    """(code, index) for each line of ``model``'s layers, ``indent`` in and numbered from
    ``prefix``: a layer per line, a nested Sequential too long for its line opened, and its
    closing ")" without an index."""
    for i, layer in enumerate(model.layers):
        index, flat = f"{prefix}{i}", one_line(layer)
        if _is_sequential(layer) and len(indent) + len(flat) + 1 > width:
            yield f"{indent}Sequential(", index
            yield from _lines(layer, f"{index}.", indent + _INDENT, width)
            yield f"{indent}),", ""
        else:
            yield f"{indent}{flat},", index


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
