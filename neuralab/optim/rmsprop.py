"""RMSProp: gradient descent with each coordinate's step scaled by a running RMS of its gradient."""
import numpy as np

from ..nn.checks import check_bool, check_eps
from ..nn.habits import RMSPROP_KEYWORDS
from .optimizer import Optimizer, check, l2_gradient
from .refusals import refuses_other_keywords


class RMSProp(Optimizer):
    """Root-mean-square propagation, the rule of ``torch.optim.RMSprop``.

    With learning rate η, smoothing constant α, weight decay λ and momentum μ, at each step:

        g = ∇θ + λθ
        s = α s + (1 − α) g²                       running mean of g²
        ḡ = ḡ + (1 − α)(g − ḡ)                     running mean of g (``centered`` only)
        d = g / (√(s − ḡ²) + ε)                    centered (ε added after the square root)
        d = g / (√s + ε)                           otherwise
        v = μ v + d,  θ = θ − η v                  μ > 0 (v: the velocity, as SGD's)
        θ = θ − η d                                μ = 0

    s starts at 0 and, unlike Adam's, is not corrected for it: the first step is
    d = g / √((1 − α) g²) = ±10 for α = 0.99, ten times η whatever the gradient's scale, and the
    second 1 / √0.0199 = 7.09 times η.

    >>> from neuralab import nn, optim
    >>> w = nn.Parameter([1.0, 1.0], "w")
    >>> w.grad[...] = [0.001, 100.0]
    >>> opt = optim.RMSProp([w], lr=0.01, alpha=0.99)
    >>> for _ in range(2):
    ...     opt.step(); print(w.data.round(4))
    [0.9 0.9]
    [0.8291 0.8291]
    """

    STATE_NAMES = {"s": "square_avg", "g_avg": "grad_avg", "v": "momentum_buffer"}

    @refuses_other_keywords(RMSPROP_KEYWORDS)   # torch's maximize, Keras's rho, ...
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False):
        self.alpha = check("alpha", alpha, lambda v: 0 <= v < 1, "in [0, 1)")
        self.eps = check_eps(eps, "√s")
        self.weight_decay = check("weight_decay", weight_decay, lambda v: v >= 0, "a finite number >= 0")
        self.momentum = check("momentum", momentum, lambda v: 0 <= v < 1, "in [0, 1)")
        self.centered = check_bool(centered, "centered")
        super().__init__(params, lr)

    def init_state(self, p):
        # "scratch" holds each intermediate of a step in turn (see update): allocated once here,
        # so that a step allocates nothing
        state = {"s": np.zeros_like(p.data), "scratch": np.empty_like(p.data)}
        if self.weight_decay:
            state["g"] = np.empty_like(p.data)
        if self.centered:
            state["g_avg"] = np.zeros_like(p.data)
        if self.momentum:
            state["v"] = np.zeros_like(p.data)
        return state

    def update(self, p, state, t):
        alpha, s, scratch = self.alpha, state["s"], state["scratch"]
        g = l2_gradient(p, self.weight_decay, out=state.get("g"))      # g = ∇θ + λθ
        s *= alpha                                                     # s = α s + (1 − α) g²
        s_change = np.square(g, out=scratch)
        s_change *= 1 - alpha
        s += s_change
        if self.centered:
            g_avg = state["g_avg"]                                     # ḡ = ḡ + (1 − α)(g − ḡ),
            g_avg_change = np.subtract(g, g_avg, out=scratch)          # torch's lerp (see Adam)
            g_avg_change *= 1 - alpha
            g_avg += g_avg_change
            variance = np.subtract(s, np.square(g_avg, out=scratch), out=scratch)   # s − ḡ²
            denom = np.sqrt(variance, out=scratch)
        else:
            denom = np.sqrt(s, out=scratch)
        denom += self.eps                                              # √(s − ḡ²) + ε, √s + ε
        d = np.divide(g, denom, out=scratch)
        if self.momentum:
            v = state["v"]                                             # v = μ v + d
            v *= self.momentum
            v += d
            d = v
        theta_change = np.multiply(d, self.lr, out=scratch)            # θ = θ − η d  (or η v)
        p.data -= theta_change


RMSprop = RMSProp
