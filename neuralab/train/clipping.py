"""Gradient clipping, with the semantics of ``torch.nn.utils.clip_grad_norm_`` / ``clip_grad_value_``.

By global norm: with g the concatenation of every parameter's gradient and c = max_norm,
    ‖g‖ + 1e-6 > c  ⇒  g ← g · c / (‖g‖ + 1e-6)     (as torch: a norm of exactly c is scaled by c/(c + 1e-6))
so the direction of the step is kept and only its length is capped — the remedy for
exploding gradients. Clipping each parameter separately would change the direction; that is
why the norm is global. By value: every entry is clamped to [-v, v].
"""
import math
import numbers

import numpy as np

from ..nn.checks import check_number
from ..nn.parameter import parameter_list


def _positive(value, name):
    return check_number(value, name, lambda v: v > 0, "a finite number > 0")


def _norm_type(norm_type):
    """``norm_type`` as a float if it is a positive number or inf (1, 2 and inf are the usual)."""
    if isinstance(norm_type, numbers.Real) and not isinstance(norm_type, bool) and norm_type == math.inf:
        return math.inf
    return check_number(norm_type, "norm_type", lambda v: v > 0, "a positive number or inf")


def grad_norm(params, norm_type=2.0):
    """‖g‖ over all gradients together (``norm_type`` 2, 1 or inf); 0 without parameters."""
    norm_type = _norm_type(norm_type)
    return _grad_norm(parameter_list(params, "grad_norm(model.parameters())"), norm_type)


def _grad_norm(params, norm_type):
    grads = [p.grad.reshape(-1) for p in params]
    if norm_type == np.inf:
        # np.max, not Python's max: that one skips a NaN that is not first
        return float(np.max([np.abs(g).max() for g in grads], initial=0.0))
    return float(sum(np.sum(np.abs(g, dtype=np.float64) ** norm_type) for g in grads) ** (1.0 / norm_type))


def clip_grad_norm_(params, max_norm, norm_type=2.0):
    """Scale all gradients together so that their global norm is at most ``max_norm``.
    Returns the norm before clipping (as torch does). A NaN norm leaves the gradients as they
    are, where torch multiplies them all by NaN (``fit`` stops before it clips such a gradient)."""
    params = parameter_list(params, "clip_grad_norm_(model.parameters(), max_norm)")
    max_norm = _positive(max_norm, "max_norm")
    total = _grad_norm(params, _norm_type(norm_type))
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        for p in params:
            p.grad *= p.grad.dtype.type(coef)
    return total


def clip_grad_value_(params, clip_value):
    """Clamp every gradient entry to [-clip_value, clip_value]."""
    params = parameter_list(params, "clip_grad_value_(model.parameters(), clip_value)")
    clip_value = _positive(clip_value, "clip_value")
    for p in params:
        np.clip(p.grad, -clip_value, clip_value, out=p.grad)
