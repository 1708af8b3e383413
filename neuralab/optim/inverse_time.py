"""Inverse-time decay, η_0 / (1 + d·t): the nnfs book's and Keras's legacy ``decay=d`` (t counting
updates), Keras's InverseTimeDecay, and Andrew Ng's α_0 / (1 + decay_rate · epoch) (t counting
epochs), as a plain function of the step. ``optim.LambdaLR(opt, lambda t: 1 / (1 + d * t))`` is its
scheduler; ``train.LearningRateScheduler(inverse_time_decay(lr, d), per="batch")`` applies it in fit."""
import math

from ..nn.checks import check_bool
from .optimizer import Optimizer, check


def inverse_time_decay(base_lr, decay_rate, decay_steps=1, staircase=False):
    """η_t = η_0 / (1 + decay_rate · t / decay_steps); with ``staircase``, ⌊t / decay_steps⌋ for
    t / decay_steps, so the lr falls once every ``decay_steps`` steps (Ng's scheduled decay, his
    time_interval; Keras's InverseTimeDecay(η_0, decay_steps, decay_rate, staircase)).

    >>> from neuralab import optim
    >>> f = optim.inverse_time_decay(0.05, decay_rate=5e-7)            # the nnfs book's Adam(0.05, decay=5e-7)
    >>> round(f(0), 6), round(f(10_000), 6)
    (0.05, 0.049751)
    """
    if isinstance(base_lr, Optimizer):   # the scheduler's habit: the lr itself goes here
        raise TypeError(f"inverse_time_decay() builds a schedule function, step -> lr, from the lr itself, a "
                        f"number: optim.inverse_time_decay({base_lr.lr:g}, decay_rate=...); the scheduler that "
                        f"sets an optimizer's lr is optim.LambdaLR(optimizer, lambda t: 1 / (1 + decay_rate * t))")
    base_lr = check("base_lr", base_lr, lambda v: v >= 0, "a finite number >= 0")
    decay_rate = check("decay_rate", decay_rate, lambda v: v >= 0, "a finite number >= 0")
    decay_steps = check("decay_steps", decay_steps, lambda v: v > 0, "a finite number > 0")
    staircase = check_bool(staircase, "staircase")

    def schedule(step):
        t = step / decay_steps
        return base_lr / (1 + decay_rate * (math.floor(t) if staircase else t))
    return schedule

