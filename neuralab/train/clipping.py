"""Gradient clipping, with the semantics of ``torch.nn.utils.clip_grad_norm_`` / ``clip_grad_value_``.

By global norm: with g the concatenation of every parameter's gradient and c = max_norm,
    ‖g‖ + 1e-6 > c  ⇒  g ← g · c / (‖g‖ + 1e-6)     (as torch: a norm of exactly c is scaled by c/(c + 1e-6))
so the direction of the step is kept and only its length is capped — the remedy for
exploding gradients. Clipping each parameter separately would change the direction; that is
why the norm is global. By value: every entry is clamped to [-v, v].

‖g‖ is computed in float64 as m · (Σ (|g_i| / m)^p)^(1/p) with m = max |g_i|: every term is at
most 1, so the norm of finite gradients is finite unless it is itself past the float range,
where torch's Σ |g_i|^p overflows (for p = 2: float64 entries past ~1e154, float32 past ~1e19)
and its clipping then zeroes every gradient; and tiny gradients do not underflow to a norm of 0.
The 2-norm, which ``fit(clip_norm=)`` takes at every batch, is first summed directly, Σ g_i² in
float64, and goes the scaled way only where that sum cannot be trusted (see ``_grad_norm``).
"""
import math
import numbers

import numpy as np

from ..nn.checks import check_number
from ..nn.parameter import parameter_list

# Σ g_i² above which the terms that underflowed (each below float64's smallest normal number,
# 2.2e-308) weigh less than its rounding, for up to 1e90 entries: the direct sum is then exact
# to float64 rounding.
_SAFE_SUM_OF_SQUARES = 1e-200


def check_positive(value, name):
    return check_number(value, name, lambda v: v > 0, "a finite number > 0")


def _norm_type(norm_type):
    """``norm_type`` as a float if it is a positive number or inf (1, 2 and inf are the usual), given
    as a number or, as torch reads it with ``float``, as a string: "inf", "2"."""
    if isinstance(norm_type, str):
        try:
            norm_type = float(norm_type)
        except ValueError:
            pass  # "fro": refused below, as given
    if isinstance(norm_type, numbers.Real) and not isinstance(norm_type, bool) and norm_type == math.inf:
        return math.inf
    return check_number(norm_type, "norm_type", lambda v: v > 0, "a positive number or inf")


def grad_norm(params, norm_type=2.0):
    """‖g‖ over all gradients together (``norm_type`` 2, 1 or inf); 0 without parameters."""
    norm_type = _norm_type(norm_type)
    return _grad_norm(parameter_list(params, "grad_norm(model.parameters())"), norm_type)


def _grad_norm(params, norm_type):
    grads = [p.grad.reshape(-1) for p in params]
    if norm_type == 2:
        # Σ g_i² in float64, one dot product per parameter (BLAS: one pass, and no temporary but
        # a float32 gradient's float64 copy), where the scaled sum below makes four passes and
        # three float64 arrays per parameter, as long as the training step itself (fit(clip_norm=)
        # ran at half speed). Above _SAFE_SUM_OF_SQUARES and finite, the direct sum is the scaled
        # one to float64 rounding (a float32 gradient's always is: its squares lie in [2e-90,
        # 1.2e77]); an inf or NaN entry, a sum past the range or tiny gradients go the scaled way.
        wide = (g.astype(np.float64, copy=False) for g in grads)
        with np.errstate(over="ignore", under="ignore"):  # both are then decided below
            total = sum(float(np.dot(g, g)) for g in wide)
        if _SAFE_SUM_OF_SQUARES < total < math.inf:
            return math.sqrt(total)
    # m = max |g_i|, the inf-norm; np.max, not Python's max: that one skips a NaN that is not first
    largest = float(np.max([np.abs(g).max(initial=0) for g in grads], initial=0.0))
    if norm_type == math.inf or not 0 < largest < math.inf:  # 0, inf and NaN are every p-norm too
        return largest
    # ‖g‖ = m · ‖g / m‖: the terms (|g_i| / m)^p lie in [0, 1], so their sum neither overflows
    # nor underflows to 0; the last product is of Python floats, whose overflow is a silent inf
    total = float(sum(np.sum((np.abs(g, dtype=np.float64) / largest) ** norm_type) for g in grads))
    return largest * total ** (1.0 / norm_type)


def clip_grad_norm_(params, max_norm, norm_type=2.0):
    """Scale all gradients together so that their global norm is at most ``max_norm``.
    Returns the norm before clipping (as torch does). A NaN or inf norm (a NaN or inf entry, or
    a norm past the float range) leaves the gradients as they are, where torch multiplies them
    all by NaN, or by 0 (which makes its inf entries NaN); ``fit`` stops before it clips such a
    gradient."""
    params = parameter_list(params, "clip_grad_norm_(model.parameters(), max_norm)")
    max_norm = check_positive(max_norm, "max_norm")
    total = _grad_norm(params, _norm_type(norm_type))
    coef = max_norm / (total + 1e-6)
    if coef < 1 and math.isfinite(total):
        for p in params:
            p.grad *= p.grad.dtype.type(coef)
    return total


def clip_grad_value_(params, clip_value):
    """Clamp every gradient entry to [-clip_value, clip_value]."""
    params = parameter_list(params, "clip_grad_value_(model.parameters(), clip_value)")
    clip_value = check_positive(clip_value, "clip_value")
    for p in params:
        # a bound past the dtype's range (1e300 on float32 gradients) is its largest number:
        # the same clamp, without NumPy's overflow warning when it casts the bound
        bound = min(clip_value, float(np.finfo(p.grad.dtype).max))
        np.clip(p.grad, -bound, bound, out=p.grad)
