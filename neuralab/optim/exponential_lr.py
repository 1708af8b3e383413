"""Exponential decay: the lr multiplied by γ at every step (torch's ExponentialLR), as a plain
function of the step and as a scheduler, built as ``step_decay`` and ``StepLR`` are."""
from ..nn.checks import checked_keywords
from ..nn.habits import TORCH_SCHEDULER_KEYWORDS
from .optimizer import check
from .schedule_functions import check_base_lr, decayed
from .schedules import ChainableScheduler, warn_of_growth


def exponential_decay(base_lr, gamma):
    """η_t = η_0 γ^t: multiply by γ at each step (torch's ExponentialLR; ``step_decay`` with
    step_size 1)."""
    base_lr = check_base_lr(base_lr, "exponential_decay", "ExponentialLR", "gamma=0.95")
    gamma = check("gamma", gamma, lambda v: v > 0, "a finite number > 0")

    def schedule(step):
        return decayed(base_lr, gamma, step)
    return schedule


class ExponentialLR(ChainableScheduler):
    """Multiply the lr by ``gamma`` at each step: ``exponential_decay``.

        η_t = η_0 · γ^t

    torch's ``ExponentialLR``: chainable as ``StepLR`` is (see ``optim.schedules``). Step it once
    per epoch, after the optimizer's steps.

    >>> from neuralab import nn, optim
    >>> scheduler = optim.ExponentialLR(optim.SGD(nn.Dense(1, 1).parameters(), lr=0.1), gamma=0.5)
    >>> [scheduler.schedule(t) for t in range(4)]
    [0.1, 0.05, 0.025, 0.0125]
    """

    OPTIONS = ("gamma",)

    @checked_keywords(TORCH_SCHEDULER_KEYWORDS)   # torch's last_epoch, verbose
    def __init__(self, optimizer, gamma):
        super().__init__(optimizer, lambda base_lr: exponential_decay(base_lr, gamma))
        self.gamma = gamma
        warn_of_growth(self, "at every step")
