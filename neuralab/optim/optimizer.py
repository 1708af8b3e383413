"""The optimizer base: the loop over parameters, the step counter ``t`` and the learning rate ``lr``.

In the MLX style a subclass implements only two methods:

    init_state(p) -> dict      the state of one parameter: moment buffers and a scratch array
    update(p, state)           one update of ``p.data`` from ``p.grad``

Updates work in place (``*=``, ``out=``) on arrays that ``init_state`` allocates once, so a step
allocates no parameter-sized temporaries and a float32 parameter stays float32.
"""
import math
import numbers

import numpy as np

from ..nn.parameter import Parameter


def check(name, value, ok, expected, kind=numbers.Real):
    """``value`` if it is a finite number of ``kind`` (real or integral) with ``ok(value)``.

    Otherwise a ``TypeError`` (not a number of that kind) or ``ValueError`` (non-finite, or
    outside the range described by ``expected``), naming ``name``.
    """
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and ok(value)):
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return float(value) if kind is numbers.Real else int(value)


def l2_gradient(p, weight_decay, out):
    """g = ∇θ + λθ, the gradient with L2 weight decay λ as torch adds it, written to ``out``.

    Returns ``p.grad`` itself when λ = 0; ``p.grad`` is never modified.
    """
    if weight_decay == 0:
        return p.grad
    np.multiply(p.data, weight_decay, out=out)
    out += p.grad
    return out


class Optimizer:
    """Updates ``params`` (a list of ``nn.Parameter``) from their ``.grad`` at each ``step()``.

    ``lr`` can be read and set at any time (a learning-rate schedule sets it); ``t`` counts the
    steps taken (the first step is t = 1); ``state[i]`` is the state of ``params[i]``, created
    by ``init_state`` at the first step.
    """

    def __init__(self, params, lr):
        params = list(params)
        if not params:
            raise ValueError("params is empty: pass the parameters to train, e.g. model.parameters()")
        for i, p in enumerate(params):
            if not isinstance(p, Parameter):
                raise TypeError(f"params[{i}] must be an nn.Parameter, got {type(p).__name__}")
        if len({id(p) for p in params}) != len(params):
            raise ValueError("params holds the same Parameter more than once; it would be updated twice")
        self.lr = lr
        self.params = params
        self.t = 0
        self.state = []

    @property
    def lr(self):
        """The learning rate η used by the next ``step()``."""
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = check("lr", value, lambda v: v >= 0, "a finite number >= 0")

    def init_state(self, p):
        """The state of parameter ``p`` before its first update."""
        raise NotImplementedError

    def update(self, p, state):
        """Update ``p.data`` in place from ``p.grad``, ``state``, ``self.lr`` and ``self.t``."""
        raise NotImplementedError

    def step(self):
        """Update every parameter once from its current gradient."""
        for i, p in enumerate(self.params):
            if p.grad.shape != p.data.shape:
                raise ValueError(f"params[{i}].grad has shape {p.grad.shape}, expected {p.data.shape} "
                                 "(the shape of its data)")
        if not self.state:
            self.state = [self.init_state(p) for p in self.params]
        self.t += 1
        for p, state in zip(self.params, self.state):
            self.update(p, state)

    def zero_grad(self):
        """Set every parameter's gradient to zero."""
        for p in self.params:
            p.zero_grad()

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr:g}, {len(self.params)} parameters, t={self.t})"
