"""The weights a network keeps when the learner edits it: ``transplant(net, old)`` copies into
a layer of the new ``net`` the weights (and batch-norm statistics) of the layer of ``old`` in the
same block (its ``id``), of the same type, n-th of that type there, when what the layer reads
still means what it meant.

A layer with weights reads the units of the layer with weights before it, its input block (a
Dense or a BatchNorm: an activation or a Dropout keeps unit j unit j), or the network's inputs.
Its weights are kept only when that input block is the same in both networks and kept its own
weights: with the first hidden layer added, the output layer reads hidden units where it read x1
and x2, and its weights for x1 and x2 would weigh units 0 and 1. So a block added, removed or
dragged elsewhere leaves fresh weights in every layer from the first one whose input changed.
A changed unit count keeps the overlapping block of W and b (unit j stays unit j, and the layer
after it keeps its weights from those units); a layer on the inputs matches them by feature name,
so toggling x1² keeps what x1 and x2 learnt, as does a BatchNorm block on the inputs.

``transplant`` says what it kept, for the run's history to say it (``run_history.kept_words``):
the layers of ``net`` that hold weights of ``old``, and whether each holds all of its own (a unit
added, or a feature toggled on, is fresh in it)."""
from .. import nn


def _keyed(net):
    """[(key, layer, key of its input block or None for the inputs)] for the layers with
    weights, in order; a key is (block id, layer type, n-th of that type in the block)."""
    out, seen, before = [], {}, None
    for layer, owner in zip(net.model.layers, net.owners):
        if layer.parameters():
            key = (owner, type(layer).__name__)
            seen[key] = seen.get(key, -1) + 1
            key += (seen[key],)
            out.append((key, layer, before))
            before = key
    return out


def transplant(net, old):
    """Copy the weights (and batch-norm statistics) of ``old`` that still mean the same into
    ``net``; return {the layer of ``net`` given some: whether it was given all of its own}."""
    old_layers = {key: (layer, before) for key, layer, before in _keyed(old)}
    cols = [(old.inputs.index(f), j) for j, f in enumerate(net.inputs) if f in old.inputs]
    kept, given = set(), {}
    for key, layer, before in _keyed(net):
        source, old_before = old_layers.get(key, (None, None))
        if source is None or before != old_before or (before is not None and before not in kept):
            continue   # a new block, or one that reads other units than it learnt from
        kept.add(key)
        arrays = _arrays(layer, source)
        if before is None and net.inputs != old.inputs:
            _by_feature(layer, source, cols)
            given[layer] = set(net.inputs) <= set(old.inputs)
            continue
        for new, was in arrays:
            region = tuple(slice(0, min(a, b)) for a, b in zip(new.shape, was.shape))
            new[region] = was[region]
        given[layer] = all(a <= b for new, was in arrays for a, b in zip(new.shape, was.shape))
    return given


def _by_feature(layer, source, cols):
    """A layer on the inputs, of other features: each input's weights (a Dense's column, a
    BatchNorm's γ, β, μ and σ²) stay that feature's; ``cols``: (old index, new index) pairs."""
    if isinstance(layer, nn.Dense):
        o = min(layer.out_features, source.out_features)
        for i, j in cols:
            layer.weight.data[:o, j] = source.weight.data[:o, i]
        if layer.bias is not None and source.bias is not None:
            layer.bias.data[:o] = source.bias.data[:o]
        return
    for new, was in _arrays(layer, source):
        for i, j in cols:
            new[j] = was[i]


def _arrays(layer, source):
    """(array of ``layer``, the same array of ``source``) for each parameter and buffer."""
    arrays = [(p.data, q.data) for p, q in zip(layer.parameters(), source.parameters())]
    return arrays + [(b, a) for (_, b), (_, a) in zip(layer.named_buffers(), source.named_buffers())]
