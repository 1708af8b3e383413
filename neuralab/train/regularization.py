"""L1 and L2 penalties: a cost on large weights, added to the loss that training minimises.

    L2:  L_total = L + (λ/2) Σ w²     dL_total/dw = dL/dw + λ w
    L1:  L_total = L + λ Σ |w|        dL_total/dw = dL/dw + λ sign(w)

L2 pulls every weight towards 0 in proportion to its size (with plain SGD it is exactly
``weight_decay=λ``); L1 pulls with a constant force, so small weights reach exactly 0 (sparsity).
Only weights are penalised, never biases (a bias does not make the function wiggle) unless
``include_bias=True``; layers name the parameters that count as weights in ``Layer.regularized``.
"""
import numbers

import numpy as np

from ..nn.layer import Layer


class Penalty:
    """Base: which parameters, and ``value`` / ``add_grad`` of the penalty on them."""

    def __init__(self, rate, layers=None, include_bias=False):
        if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not np.isfinite(rate) or rate < 0:
            raise ValueError(f"{type(self).__name__} rate must be a finite number >= 0, got {rate!r}")
        if layers is not None:
            layers = list(layers) if isinstance(layers, (list, tuple)) else [layers]
            for layer in layers:
                if not isinstance(layer, Layer):
                    raise TypeError(f"layers must be Layer objects, got {type(layer).__name__}")
        self.rate, self.layers, self.include_bias = float(rate), layers, bool(include_bias)

    def parameters(self, model):
        """The parameters this penalty applies to, in ``model`` (or in the chosen layers)."""
        chosen = []
        for layer in self.layers or model.walk():
            for name in layer.regularized + (("bias",) if self.include_bias else ()):
                p = getattr(layer, name, None)
                if p is not None and all(p is not q for q in chosen):
                    chosen.append(p)
        return chosen

    def value(self, model):
        return sum(self._value(p.data) for p in self.parameters(model)) * self.rate

    def add_grad(self, model):
        """Add dPenalty/dw into each parameter's ``.grad``."""
        for p in self.parameters(model):
            p.grad += self._grad(p.data) * p.grad.dtype.type(self.rate)

    def __repr__(self):
        return f"{type(self).__name__}({self.rate:g})"


class L2(Penalty):
    """(λ/2) Σ w²; gradient λ w."""

    def _value(self, w):
        return 0.5 * float(np.dot(w.reshape(-1), w.reshape(-1)))

    def _grad(self, w):
        return w


class L1(Penalty):
    """λ Σ |w|; gradient λ sign(w) (0 at w = 0, as the subgradient PyTorch uses)."""

    def _value(self, w):
        return float(np.abs(w).sum())

    def _grad(self, w):
        return np.sign(w)


def as_penalties(penalty):
    """None, one Penalty or a list of them -> a list."""
    if penalty is None:
        return []
    penalties = list(penalty) if isinstance(penalty, (list, tuple)) else [penalty]
    for p in penalties:
        if not isinstance(p, Penalty):
            raise TypeError(f"penalty must be L1(...) or L2(...) or a list of them, got {p!r}")
    return penalties
