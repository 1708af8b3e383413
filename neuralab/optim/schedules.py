"""Learning-rate schedules: plain functions of the step, and schedulers that apply them.

A schedule is a function ``step -> lr`` (the MLX style), so it can be plotted and composed:

    f = linear_warmup(0.1, 5, then=step_decay(0.1, step_size=30))
    plt.plot([f(t) for t in range(100)])

A scheduler applies one to an optimizer with ``torch.optim.lr_scheduler`` semantics: building it
sets ``optimizer.lr`` to the value at step 0, and each ``step()`` (once per epoch, after
``optimizer.step()``) moves to the next value. Unlike torch's schedulers, which multiply the
current lr, the lr is recomputed from the step, so setting ``optimizer.lr`` by hand lasts only
until the next ``step()``.
"""
import math
import numbers

from .optimizer import Optimizer, check


def step_decay(base_lr, step_size, gamma=0.1):
    """η_t = η_0 γ^⌊t / step_size⌋: multiply by γ every ``step_size`` steps (torch's StepLR)."""
    base_lr = check("base_lr", base_lr, lambda v: v >= 0, "a finite number >= 0")
    step_size = check("step_size", step_size, lambda v: v >= 1, "an integer >= 1", numbers.Integral)
    gamma = check("gamma", gamma, lambda v: v > 0, "a finite number > 0")

    def schedule(step):
        return base_lr * gamma ** (step // step_size)
    return schedule


def cosine_warm_restarts(base_lr, T_0, T_mult=1, eta_min=0.0):
    """SGDR (torch's CosineAnnealingWarmRestarts): cosine annealing from η_0 to η_min, restarted.

        η_t = η_min + (η_0 − η_min) (1 + cos(π T_cur / T_i)) / 2

    The i-th cycle lasts T_i = T_0 T_mult^i steps; T_cur counts the steps since it began.
    """
    base_lr = check("base_lr", base_lr, lambda v: v >= 0, "a finite number >= 0")
    T_0 = check("T_0", T_0, lambda v: v >= 1, "an integer >= 1", numbers.Integral)
    T_mult = check("T_mult", T_mult, lambda v: v >= 1, "an integer >= 1", numbers.Integral)
    eta_min = check("eta_min", eta_min, lambda v: v >= 0, "a finite number >= 0")

    def schedule(step):
        T_cur, T_i = (step % T_0 if T_mult == 1 else step), T_0      # T_mult = 1: no loop
        while T_cur >= T_i:
            T_cur, T_i = T_cur - T_i, T_i * T_mult
        return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * T_cur / T_i)) / 2
    return schedule


def linear_warmup(base_lr, warmup_steps, start_factor=1 / 3, then=None):
    """Linear warm-up from ``start_factor`` η_0 to η_0 over ``warmup_steps`` steps, then ``then``.

        η_t = η_0 (f + (1 − f) t / W)        t < W    (f = start_factor, W = warmup_steps)
        η_t = then(t − W)                    t ≥ W    (η_0 without ``then``)

    torch's LinearLR(start_factor=f, total_iters=W); with ``then``, torch's
    SequentialLR([LinearLR(...), then], milestones=[W]). The default f = 1/3 is LinearLR's.
    """
    base_lr = check("base_lr", base_lr, lambda v: v >= 0, "a finite number >= 0")
    warmup_steps = check("warmup_steps", warmup_steps, lambda v: v >= 1, "an integer >= 1",
                         numbers.Integral)
    start_factor = check("start_factor", start_factor, lambda v: 0 < v <= 1, "in (0, 1]")
    if then is not None and not callable(then):
        raise TypeError(f"then must be a schedule function (step -> lr) or None, "
                        f"got {type(then).__name__}")

    def schedule(step):
        if step < warmup_steps:
            return base_lr * (start_factor + (1 - start_factor) * step / warmup_steps)
        return base_lr if then is None else then(step - warmup_steps)
    return schedule


class Scheduler:
    """Sets ``optimizer.lr = schedule(last_epoch)``: at construction (last_epoch = 0) and at each
    ``step()``, which adds 1 to ``last_epoch``.

    ``make_schedule(base_lr)`` builds the schedule; ``base_lr`` is the optimizer's lr when the
    scheduler is built unless given.
    """

    def __init__(self, optimizer, make_schedule, base_lr=None):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be a neuralab.optim.Optimizer, "
                            f"got {type(optimizer).__name__}")
        self.optimizer = optimizer
        self.base_lr = optimizer.lr if base_lr is None else base_lr
        self.schedule = make_schedule(self.base_lr)
        self.last_epoch = -1
        self.step()

    def step(self):
        """Move to the next step and set the optimizer's lr to the schedule's value there."""
        self.last_epoch += 1
        self.optimizer.lr = self.schedule(self.last_epoch)

    def get_last_lr(self):
        """The lr set by the last ``step()``, in a list like torch's (one parameter group); for a
        scheduler waiting inside a ``LinearWarmup`` (``last_epoch`` -1), the lr it will start at."""
        return [self.schedule(max(self.last_epoch, 0))]


class StepLR(Scheduler):
    """Multiply the lr by ``gamma`` every ``step_size`` steps: ``step_decay``."""

    def __init__(self, optimizer, step_size, gamma=0.1):
        super().__init__(optimizer, lambda base_lr: step_decay(base_lr, step_size, gamma))


class CosineAnnealingWarmRestarts(Scheduler):
    """Cosine annealing with warm restarts: ``cosine_warm_restarts``."""

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0):
        super().__init__(optimizer, lambda base_lr: cosine_warm_restarts(base_lr, T_0, T_mult, eta_min))


class LinearWarmup(Scheduler):
    """Linear warm-up over ``warmup_steps`` steps, then ``after``: ``linear_warmup``.

    ``after`` is a scheduler built on the same optimizer, a schedule function, or None (stay at
    the base lr). A scheduler's schedule runs from its own step 0 and base lr, and its
    ``last_epoch`` follows, as in torch's SequentialLR: -1 (not started) during the warm-up, then
    ``last_epoch - warmup_steps``. This scheduler steps it: do not call its ``step()`` yourself.
    """

    def __init__(self, optimizer, warmup_steps, start_factor=1 / 3, after=None):
        self.after, self.warmup_steps = None, warmup_steps  # read by step(), which __init__ calls
        base_lr = None
        if isinstance(after, Scheduler):
            if after.optimizer is not optimizer:
                raise ValueError("after must be a scheduler of the same optimizer")
            self.after, base_lr, after = after, after.base_lr, after.schedule
        elif after is not None and not callable(after):
            raise TypeError(f"after must be a scheduler, a schedule function or None, "
                            f"got {type(after).__name__}")
        super().__init__(optimizer, lambda lr: linear_warmup(lr, warmup_steps, start_factor, then=after),
                         base_lr)

    def step(self):
        super().step()
        if self.after is not None:  # the lr comes from the composed schedule; its count follows
            self.after.last_epoch = max(self.last_epoch - self.warmup_steps, -1)
