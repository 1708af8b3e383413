"""Stochastic gradient descent, with momentum and Nesterov momentum as special cases."""
import numpy as np

from ..nn.checks import check_bool
from ..nn.habits import SGD_KEYWORDS
from .blas import add_scaled
from .optimizer import Optimizer, check, l2_gradient
from .refusals import refuses_other_keywords


class SGD(Optimizer):
    """Gradient descent with momentum μ, the rule of ``torch.optim.SGD``.

    With learning rate η, dampening τ and weight decay λ, at the t-th gradient of θ:

        g = ∇θ + λθ
        v = g                         if t = 1  (torch creates the buffer at the first gradient)
        v = μ v + (1 − τ) g           if t > 1
        θ = θ − η (g + μ v)           nesterov
        θ = θ − η v                   otherwise (μ > 0)

    v is the velocity, torch's "momentum_buffer" (the name ``state_dict()`` saves it under).

    Plain SGD is μ = 0: θ = θ − η g, with no buffer. ``nesterov`` needs μ > 0 and τ = 0.
    The options after ``momentum`` are keyword-only (torch orders them differently). ``lr``
    defaults to torch's 1e-3 (``optim.get("sgd", ...)`` gives Keras's 0.01).

    The same gradient at every step: the first is θ − η g = [1 − 0.05, 2 + 0.1], as plain SGD's,
    then the velocity v = g, 1.9 g, 2.71 g grows towards g / (1 − μ) = 10 g:

    >>> from neuralab import nn, optim
    >>> w = nn.Parameter([1.0, 2.0], "w")
    >>> w.grad[...] = [0.5, -1.0]
    >>> opt = optim.SGD([w], lr=0.1, momentum=0.9)
    >>> for _ in range(3):
    ...     opt.step(); print(w.data.round(4))
    [0.95 2.1 ]
    [0.855 2.29 ]
    [0.7195 2.561 ]
    """

    STATE_NAMES = {"v": "momentum_buffer"}

    @refuses_other_keywords(SGD_KEYWORDS)   # torch's maximize, the course's β, ...
    def __init__(self, params, lr=1e-3, momentum=0.0, *, dampening=0.0, nesterov=False, weight_decay=0.0):
        self.momentum = check("momentum", momentum, lambda v: 0 <= v < 1, "in [0, 1)")
        self.dampening = check("dampening", dampening, lambda v: 0 <= v <= 1, "in [0, 1]")
        self.weight_decay = check("weight_decay", weight_decay, lambda v: v >= 0, "a finite number >= 0")
        self.nesterov = check_bool(nesterov, "nesterov")
        if self.nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError(f"nesterov=True needs momentum > 0 and dampening = 0, "
                             f"got momentum={momentum!r}, dampening={dampening!r}")
        super().__init__(params, lr)

    def init_state(self, p):
        state = {}
        if self.weight_decay:
            state["g"] = np.empty_like(p.data)  # ∇θ + λθ (without decay, g is ∇θ itself)
        if self.momentum:
            state["v"] = np.zeros_like(p.data)  # set to g at each parameter's first gradient
        return state

    def update(self, p, state, t):
        lr, mu, tau = self.lr, self.momentum, self.dampening
        g = l2_gradient(p, self.weight_decay, out=state.get("g"))     # g = ∇θ + λθ
        if mu:
            v = state["v"]
            if t == 1:
                v[...] = g                                             # v = g
            else:
                v *= mu                                                # v = μ v + (1 − τ) g
                add_scaled(v, 1 - tau, g)
            if self.nesterov:                                          # θ = θ − η g − η μ v
                add_scaled(p.data, -lr, g)
                add_scaled(p.data, -lr * mu, v)
                return
            g = v
        add_scaled(p.data, -lr, g)                                     # θ = θ − η g  (or η v)
