"""Learning-rate schedules as plain functions of the step, ``step -> lr`` (the MLX style), so
that they can be plotted and composed:

    f = linear_warmup(0.1, 5, then=step_decay(0.1, step_size=30))
    plt.plot([f(t) for t in range(100)])

The schedulers of ``schedules.py`` apply them to an optimizer.
"""
import math
import numbers

from .optimizer import Optimizer, check


def step_decay(base_lr, step_size, gamma=0.1):
    """η_t = η_0 γ^⌊t / step_size⌋: multiply by γ every ``step_size`` steps (torch's StepLR)."""
    base_lr = check_base_lr(base_lr, "step_decay", "StepLR", "step_size=10")
    step_size = check("step_size", step_size, lambda v: v >= 1, "an integer >= 1", numbers.Integral)
    gamma = check("gamma", gamma, lambda v: v > 0, "a finite number > 0")

    def schedule(step):
        return decayed(base_lr, gamma, step // step_size)
    return schedule


def decayed(base_lr, gamma, k):
    """η_0 γ^k, the lr after k decays by γ, as its limit where γ^k is past the float range."""
    try:
        factor = gamma ** k
    except OverflowError:  # γ^k past the float range (γ > 1), or a k past it: its limit
        factor = 1.0 if gamma == 1 else math.inf if (gamma > 1) == (k > 0) else 0.0
    return base_lr * factor if base_lr else 0.0  # η_0 = 0 stays 0 (0 · inf is NaN)


def cosine_warm_restarts(base_lr, T_0, T_mult=1, eta_min=0.0):
    """SGDR (torch's CosineAnnealingWarmRestarts): cosine annealing from η_0 to η_min, restarted.

        η_t = η_min + (η_0 − η_min) (1 + cos(π T_cur / T_i)) / 2

    The i-th cycle lasts T_i = T_0 T_mult^i steps; T_cur counts the steps since it began.
    """
    base_lr = check_base_lr(base_lr, "cosine_warm_restarts", "CosineAnnealingWarmRestarts", "T_0=10")
    T_0 = check("T_0", T_0, lambda v: v >= 1, "an integer >= 1", numbers.Integral)
    T_mult = check("T_mult", T_mult, lambda v: v >= 1, "an integer >= 1", numbers.Integral)
    eta_min = check("eta_min", eta_min, lambda v: v >= 0, "a finite number >= 0")

    def schedule(step):
        T_cur, T_i = (step % T_0 if T_mult == 1 else step), T_0      # T_mult = 1: no loop
        while T_cur >= T_i:
            T_cur, T_i = T_cur - T_i, T_i * T_mult
        # The same value as a weighted mean, x = π T_cur / T_i:
        #     η_t = η_0 cos²(x/2) + η_min sin²(x/2),      cos(x/2) = sin(π/2 · (T_i − T_cur) / T_i)
        # Each weight is the sine of an angle measured from its own end of the cycle, so a small one
        # keeps all its digits (1 + cos x near x = π lost half of them: a 7e-8 relative error at the
        # end of a cycle of 1e5 steps, in torch too), and nothing overflows (η_min = 1e308 gave
        # -inf). The ratios first: exact for integers however large, where π · T_cur overflows.
        left, done = (T_i - T_cur) / T_i, T_cur / T_i
        return base_lr * math.sin(math.pi / 2 * left) ** 2 + eta_min * math.sin(math.pi / 2 * done) ** 2
    return schedule


def linear_warmup(base_lr, warmup_steps, start_factor=1 / 3, then=None):
    """Linear warm-up from ``start_factor`` η_0 to η_0 over ``warmup_steps`` steps, then ``then``.

        η_t = η_0 (f + (1 − f) t / W)        t < W    (f = start_factor, W = warmup_steps)
        η_t = then(t − W)                    t ≥ W    (η_0 without ``then``)

    torch's LinearLR(start_factor=f, total_iters=W); with ``then``, torch's
    SequentialLR([LinearLR(...), then], milestones=[W]). The default f = 1/3 is LinearLR's.
    """
    base_lr = check_base_lr(base_lr, "linear_warmup", "LinearWarmup", "warmup_steps=5")
    warmup_steps = check("warmup_steps", warmup_steps, lambda v: v >= 1, "an integer >= 1",
                         numbers.Integral)
    start_factor = check("start_factor", start_factor, lambda v: 0 < v <= 1, "in (0, 1]")
    if then is not None and not_a_schedule(then):
        raise TypeError(f"then must be a schedule function (step -> lr) or None, got {schedule_kind(then)}")

    def schedule(step):
        if step < warmup_steps:
            return base_lr * (start_factor + (1 - start_factor) * step / warmup_steps)
        return base_lr if then is None else then(step - warmup_steps)
    return schedule


def not_a_schedule(value):
    """Whether ``value``, given where a schedule function (step -> lr) goes, is none: not
    callable, or a class (``optim.StepLR`` itself), which would fail only at the warm-up's end."""
    return isinstance(value, type) or not callable(value)


def schedule_kind(value):
    """How an error names ``value``: a class with the call that builds one, anything else by type."""
    if isinstance(value, type):
        return f"the class {value.__name__} (build one: {value.__name__}(optimizer, ...))"
    return type(value).__name__


def check_base_lr(base_lr, function, scheduler, example):
    """``base_lr`` if it is a finite number >= 0. An optimizer there is refused naming the
    scheduler that takes one: ``step_decay(opt, 10)`` is ``StepLR(opt, 10)``'s habit."""
    if isinstance(base_lr, Optimizer):
        raise TypeError(f"{function}() builds a schedule function, step -> lr, from the lr itself, a number: "
                        f"optim.{function}({base_lr.lr:g}, {example}); optim.{scheduler}(optimizer, {example}) "
                        f"is the scheduler that takes an optimizer and sets its lr")
    return check("base_lr", base_lr, lambda v: v >= 0, "a finite number >= 0")
