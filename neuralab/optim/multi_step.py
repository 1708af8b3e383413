"""Multi-step decay: the lr multiplied by γ at each of a list of milestones (torch's MultiStepLR),
as a plain function of the step and as a scheduler, built as ``step_decay`` and ``StepLR`` are."""
import bisect
import numbers

from ..nn.checks import checked_keywords
from ..nn.habits import TORCH_SCHEDULER_KEYWORDS
from .optimizer import check
from .schedule_functions import check_base_lr, decayed
from .schedules import ChainableScheduler, warn_of_growth


def multi_step_decay(base_lr, milestones, gamma=0.1):
    """η_t = η_0 γ^k, k the number of milestones ≤ t: multiply by γ at each milestone.

    ``milestones`` are steps (integers >= 0) in any order; one given twice multiplies by γ
    twice there, as torch's (a Counter) does.
    """
    base_lr = check_base_lr(base_lr, "multi_step_decay", "MultiStepLR", "milestones=[30, 80]")
    milestones = check_milestones(milestones)
    gamma = check("gamma", gamma, lambda v: v > 0, "a finite number > 0")

    def schedule(step):
        return decayed(base_lr, gamma, bisect.bisect_right(milestones, step))
    return schedule


def check_milestones(milestones):
    """``milestones`` sorted, if it is a non-empty list or tuple of integers >= 0."""
    if not isinstance(milestones, (list, tuple)) or not milestones:
        raise TypeError(f"milestones must be a non-empty list of steps, e.g. milestones=[30, 80], "
                        f"got {milestones!r}")
    return sorted(check(f"milestones[{i}]", m, lambda v: v >= 0, "an integer >= 0", numbers.Integral)
                  for i, m in enumerate(milestones))


class MultiStepLR(ChainableScheduler):
    """Multiply the lr by ``gamma`` at each of the ``milestones``: ``multi_step_decay``.

    torch's ``MultiStepLR``: chainable as ``StepLR`` is (see ``optim.schedules``), so a
    warm-up or a cut by ``ReduceLROnPlateau`` carries on under it. Step it once per epoch, after
    the optimizer's steps, for milestones counted in epochs.

    >>> from neuralab import nn, optim
    >>> w = nn.Parameter([0.0])
    >>> opt = optim.SGD([w], lr=0.1)
    >>> scheduler = optim.MultiStepLR(opt, milestones=[2, 4], gamma=0.1)
    >>> lrs = []
    >>> for epoch in range(6):
    ...     lrs.append(round(opt.lr, 6)); w.grad[...] = 1.0; opt.step(); opt.zero_grad(); scheduler.step()
    >>> lrs
    [0.1, 0.1, 0.01, 0.01, 0.001, 0.001]
    """

    OPTIONS = ("milestones", "gamma")

    @checked_keywords(TORCH_SCHEDULER_KEYWORDS)   # torch's last_epoch, verbose
    def __init__(self, optimizer, milestones, gamma=0.1):
        super().__init__(optimizer, lambda base_lr: multi_step_decay(base_lr, milestones, gamma))
        self.milestones, self.gamma = check_milestones(milestones), gamma
        warn_of_growth(self, "at each milestone")
