"""The weights a network keeps when the learner edits it: ``transplant(net, old)`` copies into
every layer of the new ``net`` the weights (and batch-norm statistics) of the layer of ``old``
in the same block (its ``id``), of the same type, n-th of that type there. A changed unit count
keeps the overlapping block of W and b; the first layer matches its inputs by feature name, so
toggling x1² keeps what x1 and x2 learnt, as does a BatchNorm block before it, on the inputs."""
import itertools

from .. import nn


def _keyed(net):
    """{(block id, layer type, n-th of that type in the block): layer} for layers with weights."""
    out, seen = {}, {}
    for layer, owner in zip(net.model.layers, net.owners):
        if layer.parameters():
            key = (owner, type(layer).__name__)
            seen[key] = seen.get(key, -1) + 1
            out[key + (seen[key],)] = layer
    return out


def transplant(net, old):
    """Copy the overlapping weights (and batch-norm statistics) of ``old`` into ``net``."""
    old_layers = _keyed(old)
    first, old_first = (next(layer for layer in n.model.layers if isinstance(layer, nn.Dense)) for n in (net, old))
    on_inputs, old_on_inputs = (_before(n, f) for n, f in ((net, first), (old, old_first)))
    cols = [(old.inputs.index(f), j) for j, f in enumerate(net.inputs) if f in old.inputs]
    for key, layer in _keyed(net).items():
        source = old_layers.get(key)
        if source is None:
            continue
        if net.inputs != old.inputs and id(layer) in on_inputs and id(source) in old_on_inputs:
            # a BatchNorm block on the inputs: its γ, β, μ and σ² of a feature stay that feature's
            for new, was in _arrays(layer, source):
                for i, j in cols:
                    new[j] = was[i]
            continue
        if layer is first and net.inputs != old.inputs:
            # columns by feature, from the old first layer only: the output layer, first now that
            # the last hidden block went, read hidden units before (index 3 of 2 units failed)
            if source is not old_first:
                continue
            o = min(layer.out_features, source.out_features)
            for i, j in cols:
                layer.weight.data[:o, j] = source.weight.data[:o, i]
            if layer.bias is not None and source.bias is not None:
                layer.bias.data[:o] = source.bias.data[:o]
            continue
        for new, was in _arrays(layer, source):
            region = tuple(slice(0, min(a, b)) for a, b in zip(new.shape, was.shape))
            new[region] = was[region]


def _before(net, first):
    """The ids of the layers of ``net`` before its first dense layer ``first``: on its inputs."""
    return {id(layer) for layer in itertools.takewhile(lambda layer: layer is not first, net.model.layers)}


def _arrays(layer, source):
    """(array of ``layer``, the same array of ``source``) for each parameter and buffer."""
    arrays = [(p.data, q.data) for p, q in zip(layer.parameters(), source.parameters())]
    return arrays + [(b, a) for (_, b), (_, a) in zip(layer.named_buffers(), source.named_buffers())]
