"""Adam and AdamW: momentum on the gradient, scaled per coordinate by its running RMS."""
import math

import numpy as np

from ..nn.checks import check_bool, check_eps
from ..nn.habits import ADAM_KEYWORDS
from .optimizer import Optimizer, check, l2_gradient
from .refusals import refuses_other_keywords

# SGD's momentum switches, given to Adam: its momentum is β1, the decay of its running mean m of g
ADAM_HABITS = {
    **ADAM_KEYWORDS,
    "momentum": "Adam's momentum is β1, the decay rate of its running mean of the gradient, the first of "
                "betas: betas=(0.9, 0.999) is torch's default, betas=(momentum, 0.999) another",
    "nesterov": "Adam has no Nesterov switch: its momentum is β1, the first of betas=(0.9, 0.999), and Adam "
                "with Nesterov momentum is NAdam, which neuralab lacks; optim.SGD(params, lr=0.01, "
                "momentum=0.9, nesterov=True) is Nesterov's momentum",
}


class Adam(Optimizer):
    """Adaptive moment estimation, the rule of ``torch.optim.Adam``.

    With learning rate η, decay rates β1 and β2, weight decay λ, at the t-th gradient of θ:

        g = ∇θ + λθ                       (AdamW instead: θ = θ (1 − ηλ) first, and g = ∇θ)
        m = β1 m + (1 − β1) g             running mean of g
        v = β2 v + (1 − β2) g²            running mean of g²
        v_max = max(v_max, v)             ``amsgrad`` only; v_max replaces v below
        m̂ = m / (1 − β1^t)                bias corrections: m and v start at 0, and
        v̂ = v / (1 − β2^t)                1 − β^t scales them up to the mean they estimate
        θ = θ − η m̂ / (√v̂ + ε)

    ``update`` computes the last three lines rearranged, as torch does:

        θ = θ − η / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε)

    which is the same value (put m̂ and v̂ in and simplify), with the corrections applied to two
    numbers instead of to m and v: two passes over every weight fewer at each step. ε is added
    after the square root and after the bias correction, as in torch.

    At t = 1 the corrected m̂ and √v̂ are g and |g|, so the first step is η · g / |g|: each weight
    moves by η, whether its gradient is 1e-4 or 1e4 (up to ε: 1e-4 / (1e-4 + 1e-8)).

    >>> from neuralab import nn, optim
    >>> w = nn.Parameter([1.0, 1.0, 1.0], "w")
    >>> w.grad[...] = [1e-4, 1.0, 1e4]
    >>> optim.Adam([w], lr=0.01).step()
    >>> print((1 - w.data).round(4))
    [0.01 0.01 0.01]
    """

    STATE_NAMES = {"m": "exp_avg", "v": "exp_avg_sq", "v_max": "max_exp_avg_sq"}

    @refuses_other_keywords(ADAM_HABITS)   # torch's maximize, Keras's beta_1, ...
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False, decoupled_weight_decay=False):
        if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
            raise TypeError(f"betas must be a pair (β1, β2), got {betas!r}")
        self.betas = tuple(check(f"betas[{i}]", beta, lambda v: 0 <= v < 1, "in [0, 1)")
                           for i, beta in enumerate(betas))
        self.eps = check_eps(eps, "√v")
        self.weight_decay = check("weight_decay", weight_decay, lambda v: v >= 0, "a finite number >= 0")
        self.amsgrad = check_bool(amsgrad, "amsgrad")
        self.decoupled_weight_decay = check_bool(decoupled_weight_decay, "decoupled_weight_decay")
        super().__init__(params, lr)

    def init_state(self, p):
        # "scratch" holds each intermediate of a step in turn (see update): allocated once here,
        # so that a step allocates nothing
        state = {"m": np.zeros_like(p.data), "v": np.zeros_like(p.data), "scratch": np.empty_like(p.data)}
        if self.weight_decay and not self.decoupled_weight_decay:
            state["g"] = np.empty_like(p.data)  # ∇θ + λθ, still needed while scratch holds m's change
        if self.amsgrad:
            state["v_max"] = np.zeros_like(p.data)
        return state

    def update(self, p, state, t):
        (beta1, beta2), m, v, scratch = self.betas, state["m"], state["v"], state["scratch"]
        if self.decoupled_weight_decay:
            p.data *= 1 - self.lr * self.weight_decay                  # θ = θ (1 − ηλ)
            g = p.grad
        else:
            g = l2_gradient(p, self.weight_decay, out=state.get("g"))  # g = ∇θ + λθ
        # Each name below is one intermediate, in the one scratch array (each is done with
        # before the next is written): the step is in place, with no temporary arrays.

        # m = β1 m + (1 − β1) g, computed as m + (1 − β1)(g − m), torch's m.lerp_(g, 1 − β1):
        # 1 − β1 is rounded once, to p's dtype. The form g + β1 (m − g) rounds β1 instead, and
        # 1 − β1 then comes out wrong by up to ulp(1)/(1 − β1): 1.7e-4 relative in float32 with
        # β1 = 0.9999. (v's 1 − β2 is rounded once already, as in torch's β2 v + (1 − β2) g².)
        m_change = np.subtract(g, m, out=scratch)
        m_change *= 1 - beta1
        m += m_change
        # v = β2 v + (1 − β2) g²
        v *= beta2
        v_change = np.square(g, out=scratch)
        v_change *= 1 - beta2
        v += v_change
        if self.amsgrad:                                               # v_max = max(v_max, v)
            v = np.maximum(state["v_max"], v, out=state["v_max"])
        # √v̂ + ε, with v̂ = v / (1 − β2^t): √v / √(1 − β2^t) + ε
        denom = np.sqrt(v, out=scratch)
        denom /= math.sqrt(1 - beta2 ** t)
        denom += self.eps
        # θ = θ − η m̂ / (√v̂ + ε), with m̂ = m / (1 − β1^t): θ − (η / (1 − β1^t)) · m / denom
        theta_change = np.divide(m, denom, out=scratch)
        theta_change *= self.lr / (1 - beta1 ** t)
        p.data -= theta_change


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter), the rule of ``torch.optim.AdamW``:
    θ = θ (1 − ηλ) before the Adam step, instead of adding λθ to the gradient."""

    @refuses_other_keywords(ADAM_HABITS)   # torch's maximize, Keras's beta_1, ...
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, decoupled_weight_decay=True)
