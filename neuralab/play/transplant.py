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
after it keeps its weights from those units). A layer that reads the inputs feature by feature
(on the inputs, or after BatchNorm blocks on them alone: a BatchNorm's unit j is still feature j)
matches them by name, so toggling x1² keeps what x1 and x2 learnt.

The output layer's rows are kept while they mean what they meant. A softmax's row k is class
k's logit z_k (up to one shift of all), a sigmoid's single row the logit of class 1 against class
0, z = z_1 − z_0, so it is the softmax rows [0, z]: softmax([0, z]) = (1 − σ(z), σ(z)), the same
predictions. Back, the softmax rows give z_1 − z_0, for two classes σ(z_1 − z_0) = p_1 exactly;
for more, the odds of class 1 against class 0 alone. An identity output on classes estimates
their one-hot rows, on two classes its single one y of class 1, so [1 − y, y]. A class drawn
anew (2 → 3 classes) takes a fresh row, the others keep theirs. Logits and estimates of y are
not one another: from one to the other the output layer starts afresh.

A unit added to a kept layer, or an input toggled on, starts with fresh weights of its own and
is read with weight 0 by the kept layer after it, so the network predicts what it did until
training moves those weights (whose gradient δ·a is not 0).

``transplant`` says what it kept, for the run's history to say it (``run_history.kept_words``):
the layers of ``net`` that hold weights of ``old``, and whether each holds all of its own (a unit
added, or a feature toggled on, is fresh in it)."""
import numpy as np

from .. import nn

LOGITS = ("sigmoid", "softmax")   # the output activations whose rows are logits z (before them)


def _keyed(net):
    """[(key, layer, key of its input block or None for the inputs, whether it reads the inputs
    feature by feature)] for the layers with weights, in order; a key is (block id, layer type,
    n-th of that type in the block)."""
    out, seen, before, on_inputs = [], {}, None, True
    for layer, owner in zip(net.model.layers, net.owners):
        if layer.parameters():
            key = (owner, type(layer).__name__)
            seen[key] = seen.get(key, -1) + 1
            key += (seen[key],)
            out.append((key, layer, before, on_inputs))
            before = key
            on_inputs = on_inputs and isinstance(layer, nn.BatchNorm1d)
    return out


def transplant(net, old):
    """Copy the weights (and batch-norm statistics) of ``old`` that still mean the same into
    ``net``; return {the layer of ``net`` given some: whether it was given all of its own}."""
    old_layers = {key: (layer, before) for key, layer, before, _ in _keyed(old)}
    features = _by_name(old.inputs, net.inputs)
    kept, given = set(), {}
    for key, layer, before, on_inputs in _keyed(net):
        source, old_before = old_layers.get(key, (None, None))
        if source is None or before != old_before or (before is not None and before not in kept):
            continue   # a new block, or one that reads other units than it learnt from
        was = _arrays(source)
        if key[0] == "output":
            was = _as_output_of(net, old, *was)
            if was is None:
                continue   # logits become estimates of y, or back: the output starts afresh
        kept.add(key)
        new = _arrays(layer)
        ins = features if on_inputs else _overlap(new[0].shape[-1], was[0].shape[-1])
        outs = _overlap(len(new[0]), len(was[0])) if isinstance(layer, nn.Dense) else ins
        for a, b in zip(new, was):
            a[_at(a, outs[1], ins[1])] = b[_at(b, outs[0], ins[0])]
        if isinstance(layer, nn.Dense) and len(ins[1]):
            # a unit or input added is read with weight 0: the kept network computes what it did
            # (a feature toggled on took 100 % to 92 %), and the gradient δ·a of those weights
            # is not 0, so they learn from the next step
            new[0][:, np.setdiff1d(np.arange(new[0].shape[1]), ins[1])] = 0
        given[layer] = len(outs[1]) == len(new[0]) and len(ins[1]) == new[0].shape[-1]
    return given


def _overlap(n_new, n_old):
    """(old indices, new indices) of the units both have: unit j stays unit j."""
    both = np.arange(min(n_new, n_old))
    return both, both


def _by_name(old_names, new_names):
    """(old indices, new indices) of the features both have: each keeps its name."""
    new = [j for j, name in enumerate(new_names) if name in old_names]
    return np.array([old_names.index(new_names[j]) for j in new], dtype=np.intp), np.array(new, dtype=np.intp)


def _at(array, units, inputs):
    """Where ``array`` of a layer holds its ``units`` and ``inputs``: a Dense's W is (units,
    inputs), its b (units,); a BatchNorm's arrays hold one entry per input (its units)."""
    return np.ix_(units, inputs) if array.ndim == 2 else units


def _arrays(layer):
    """The layer's parameters' arrays, then its buffers (a BatchNorm's μ and σ²)."""
    return [p.data for p in layer.parameters()] + [b for _, b in layer.named_buffers()]


def _as_output_of(net, old, W, b):
    """The W, b of ``old``'s output layer as rows of ``net``'s output (module docstring), one per
    class both know (a class drawn anew keeps its fresh row); None when one holds logits and the
    other estimates of y."""
    if (net.output, net.one_hot) == (old.output, old.one_hot):
        return [W, b]
    if (net.output in LOGITS) != (old.output in LOGITS):
        return None
    if old.output == "sigmoid":                   # z -> the softmax rows [0, z]
        W, b = np.concatenate([np.zeros_like(W), W]), np.concatenate([np.zeros_like(b), b])
    elif old.output == "identity" and not old.one_hot:   # y of class 1 -> one-hot rows [1 − y, y]
        W, b = np.concatenate([-W, W]), np.concatenate([1 - b, b])
    if net.output == "sigmoid":                   # the logit of class 1 against class 0
        return [W[1:2] - W[:1], b[1:2] - b[:1]]
    if net.output == "identity" and not net.one_hot:     # the estimate of class 1's one-hot entry
        return [W[1:2], b[1:2]]
    return [W, b]
