"""A schedule given as a factor of the lr: torch's ``LambdaLR``, as a plain function of the step
(``lambda_lr``) and as a scheduler. Any decay written as a formula is one line with it, the nnfs
book's and Keras's ``decay=`` among them:

    scheduler = optim.LambdaLR(opt, lambda t: 1 / (1 + decay * t))    # η_t = η_0 / (1 + decay · t)
"""
import math
import numbers

from ..nn.checks import checked_keywords
from ..nn.habits import TORCH_SCHEDULER_KEYWORDS
from ..nn.user_line import warn
from .schedule_functions import check_base_lr, not_a_schedule, schedule_kind
from .schedules import Scheduler


def lambda_lr(base_lr, lr_lambda):
    """η_t = η_0 · λ(t): the lr at step t is the base lr times ``lr_lambda(t)``, a factor.

    ``lr_lambda`` is a function of the step giving a finite number >= 0; its value at step 0 is
    checked here, the others when they are asked for.
    """
    base_lr = check_base_lr(base_lr, "lambda_lr", "LambdaLR", "lambda t: 0.95 ** t")
    if not_a_schedule(lr_lambda):   # torch also takes a list, one function per parameter group
        raise TypeError(f"lr_lambda must be a function of the step giving a factor of the lr, "
                        f"e.g. lambda t: 0.95 ** t, got {schedule_kind(lr_lambda)}")

    def schedule(step):
        factor = lr_lambda(step)
        if not isinstance(factor, numbers.Real) or isinstance(factor, bool) or not math.isfinite(factor) \
                or factor < 0:
            raise ValueError(f"lr_lambda({step!r}) must be a factor of the lr, a finite number >= 0, "
                             f"got {factor!r}")
        return base_lr * float(factor)
    schedule(0)   # a function that fails at step 0 fails here, before any scheduler changes the lr
    return schedule


class LambdaLR(Scheduler):
    """Set the lr to η_0 · λ(t), λ = ``lr_lambda`` (torch's LambdaLR):

        η_t = η_0 · λ(t)

    t counts the calls of ``step()``; η_0 is the optimizer's lr when its first scheduler was built.
    Closed form, as torch's: each step sets this value, whatever the lr was. λ gives a factor of
    the lr, not the lr itself (``train.LearningRateScheduler(f)`` takes a function that gives the lr).

    >>> from neuralab import nn, optim
    >>> opt = optim.Adam(nn.Dense(1, 1).parameters(), lr=0.05)
    >>> scheduler = optim.LambdaLR(opt, lambda t: 1 / (1 + 0.5 * t))     # the nnfs book's decay=0.5
    >>> [round(scheduler.schedule(t), 4) for t in range(4)]
    [0.05, 0.0333, 0.025, 0.02]

    Its state holds the step count, not the function: build it again with the same function
    before ``load_state_dict``.
    """

    @checked_keywords(TORCH_SCHEDULER_KEYWORDS)   # torch's last_epoch, verbose
    def __init__(self, optimizer, lr_lambda):
        super().__init__(optimizer, lambda base_lr: lambda_lr(base_lr, lr_lambda))
        self.lr_lambda = lr_lambda
        first = lr_lambda(0)
        if first and first == self.base_lr != 1:   # a function giving the lr itself: it would be squared
            warn(f"LambdaLR: lr_lambda(0) is {first:g}, the optimizer's lr itself, so the lr is set to "
                 f"{self.base_lr:g} × {first:g} = {self.base_lr * first:g}. lr_lambda gives a factor of "
                 f"the lr, as torch's: lambda t: 1 / (1 + decay * t), not lr / (1 + decay * t)")
