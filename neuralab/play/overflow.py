"""Whether the weights a run stopped with would diverge again at once, whatever the learning rate.

After a divergence the page offers play again, most often with a lower learning rate. That helps
when the last update overflowed; it cannot when the weights themselves already take the outputs,
the loss or the gradient past the float range at the next fit's first batch (nearly every
divergence of a learning rate that was too high): the learning rate enters only the update, which
comes after, so that fit stops at its first batch at any learning rate, and the learner would
lower it again and again. ``overflowing`` runs that batch, on a copy: the training thread's
``fit`` is seeded with the scene's seed, so its first epoch's order and dropout masks are known
(``neuralab.train.fit``). Only that batch is certain: a later one comes after updates, which the
learning rate sizes. (Later batches replayed without updates called weights hopeless on which a
fit at lr = 1e-6 trained on: a BatchNorm's running variance overflowed, fed batch after batch
without the updates that kept it finite.)
"""
import copy
import math

import numpy as np

from .. import optim
from ..nn import losses
from ..nn.dtype import all_finite
from ..nn.random import as_rng, drawing_from
from ..train import L1, L2
from ..train.checks import batch_bounds
from .protocol import ProtocolError


def overflowing(net, data, state):
    """What the weights of ``net`` take past the float range at the first batch of the next fit
    on the training points of ``data``, before its update ("the outputs", "the running
    statistics", "the loss", "the gradient": fit's order), or None: that batch forward and back
    as fit makes it (training mode, its samples and dropout masks drawn from the scene's seed,
    the L1/L2 penalty, the gradient tested by ``Optimizer.grads_finite``), on a copy: the
    session's gradients and statistics stay."""
    m = len(data.X_train)
    if not m:
        return None
    model = copy.deepcopy(net.trained)
    rng = as_rng(state["dataset"]["seed"])      # fit's: its first draw is the epoch's order
    (start, stop), *_ = batch_bounds(model, m, min(state["hparams"]["batch_size"], m))
    first = rng.permutation(m)[start:stop]
    with np.errstate(all="ignore"), drawing_from(rng):
        return _batch_overflows(model, losses.get(net.trained_loss), penalties(state["hparams"]),
                                data.X_train[first], net.targets(data.t_train, data.n_classes)[first])


def no_going_on(net, data, state):
    """The refusal of play or a step on weights a fit stopped with that ``overflowing`` finds
    overflow at the next fit's first batch, or None."""
    overflow = overflowing(net, data, state)
    if not overflow:
        return None
    return ProtocolError(f"the weights training stopped with take {overflow} past the float range before any "
                         "step, so it would diverge again at once, whatever the learning rate",
                         "reset the weights (↺) for fresh ones, then press play")


def _batch_overflows(model, loss, penalty, X, targets):
    """What one batch takes past the float range before an update, as fit tests it, or None."""
    out = model.forward(X, training=True)
    if not all_finite(out):
        return "the outputs"
    if not all(all_finite(b) for _, b in model.named_buffers()):
        return "the running statistics"
    value = loss(out, targets)
    model.zero_grad()
    model.backward(loss.backward())
    for p in penalty:
        value += p.value(model)
        p.add_grad(model)
    if not math.isfinite(value):
        return "the loss"
    if not optim.SGD(model.parameters(), lr=1.0).grads_finite():
        return "the gradient"
    return None


def penalties(hp):
    """The L1 and L2 penalties the hparams ``hp`` ask for (fit's ``penalty``)."""
    return [p for p in (L1(hp["l1"]) if hp["l1"] else None, L2(hp["l2"]) if hp["l2"] else None) if p]
