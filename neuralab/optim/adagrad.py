"""Adagrad: each coordinate's step divided by the root of the sum of all its squared gradients."""
import numpy as np

from ..nn.checks import check_eps
from ..nn.habits import TORCH_OPTIMIZER_KEYWORDS
from .optimizer import Optimizer, check, l2_gradient
from .refusals import refuses_other_keywords

# Keras's spelling of ε (its other names are torch's; learning_rate is answered for every optimizer)
ADAGRAD_KEYWORDS = {**TORCH_OPTIMIZER_KEYWORDS, "epsilon": "ε is eps here, as in torch: eps=1e-10"}


class Adagrad(Optimizer):
    """Adaptive gradient (Duchi et al., 2011), the rule of ``torch.optim.Adagrad``.

    With learning rate η, lr decay δ, weight decay λ, at the t-th gradient of θ:

        g = ∇θ + λθ
        η_t = η / (1 + (t − 1) δ)
        G = G + g²                        the sum of every squared gradient so far
        θ = θ − η_t g / (√G + ε)

    G starts at ``initial_accumulator_value``. It only grows, so every coordinate's step only
    shrinks: fast at first on rare features (a small G), ever slower on all. RMSProp replaces
    the sum by a running mean, so that old gradients are forgotten and the steps stop shrinking.
    The first step, with G = 0 at the start, is η · g / |g|: η for every weight, as Adam's.

    >>> from neuralab import nn, optim
    >>> w = nn.Parameter([1.0, 1.0], "w")
    >>> opt = optim.Adagrad([w], lr=0.1)
    >>> for _ in range(3):
    ...     w.grad[...] = [0.01, 100.0]; opt.step(); opt.zero_grad(); print((1 - w.data).round(4))
    [0.1 0.1]
    [0.1707 0.1707]
    [0.2284 0.2284]
    """

    STATE_NAMES = {"G": "sum"}

    @refuses_other_keywords(ADAGRAD_KEYWORDS)   # torch's maximize, Keras's epsilon, ...
    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
                 eps=1e-10):
        self.lr_decay = check("lr_decay", lr_decay, lambda v: v >= 0, "a finite number >= 0")
        self.weight_decay = check("weight_decay", weight_decay, lambda v: v >= 0, "a finite number >= 0")
        self.initial_accumulator_value = check("initial_accumulator_value", initial_accumulator_value,
                                               lambda v: v >= 0, "a finite number >= 0")
        self.eps = check_eps(eps, "√G")
        super().__init__(params, lr)

    def init_state(self, p):
        # "scratch" holds g², then √G + ε, then the change of θ (see update): allocated once
        state = {"G": np.full_like(p.data, self.initial_accumulator_value), "scratch": np.empty_like(p.data)}
        if self.weight_decay:
            state["g"] = np.empty_like(p.data)  # ∇θ + λθ, still needed while scratch holds the rest
        return state

    def update(self, p, state, t):
        G, scratch = state["G"], state["scratch"]
        g = l2_gradient(p, self.weight_decay, out=state.get("g"))      # g = ∇θ + λθ
        G += np.square(g, out=scratch)                                 # G = G + g²
        denom = np.sqrt(G, out=scratch)                                # √G + ε
        denom += self.eps
        theta_change = np.divide(g, denom, out=scratch)                # θ = θ − η_t g / (√G + ε)
        theta_change *= self.lr / (1 + (t - 1) * self.lr_decay)
        p.data -= theta_change
