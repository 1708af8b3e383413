"""Learning-rate schedules: plain functions of the step, and schedulers that apply them.

A schedule is a function ``step -> lr`` (the MLX style), so it can be plotted and composed:

    f = linear_warmup(0.1, 5, then=step_decay(0.1, step_size=30))
    plt.plot([f(t) for t in range(100)])

A scheduler applies one to an optimizer with ``torch.optim.lr_scheduler`` semantics: building it
sets ``optimizer.lr`` to the value at step 0, and each ``step()`` (once per epoch, after
``optimizer.step()``) moves to the next value. Alone on an optimizer, a scheduler sets exactly
its schedule's values.

Several schedulers can share an optimizer, all stepped, as in torch, where each one's ``step()``
changes the lr the others left:

- The first scheduler built on an optimizer records its lr as ``optimizer.initial_lr`` (torch's
  ``param_group["initial_lr"]``); every scheduler's ``base_lr`` is that, even one built later.
- ``StepLR`` and ``LinearWarmup`` are chainable (torch's ``get_lr`` forms): a step multiplies the
  lr it finds by the change of the scheduler's own factor f, its schedule at base lr 1,

      η ← η · f(t) / f(t − 1)

  so a warm-up and a decay stepped together multiply, and an lr set by hand (or by
  ``ReduceLROnPlateau``) carries on under the schedule. Building one multiplies the lr by f(0).
- ``CosineAnnealingWarmRestarts`` is closed form, as torch's: each step sets its schedule's
  value from ``base_lr``, whatever the lr was, so it overrides a scheduler stepped before it.

``step(epoch)`` jumps to ``epoch``, as torch's does, only where that is closed form and not
deprecated: ``CosineAnnealingWarmRestarts.step(epoch + i / iters)``, once per batch, sets the
schedule's value at that fractional epoch and ``last_epoch = ⌊epoch⌋``; a ``step()`` after it
adds 1 and keeps the fraction, as torch's ``T_cur += 1``. ``StepLR`` and ``LinearWarmup`` refuse
an epoch (a ``TypeError`` naming the alternatives): torch deprecates theirs, and its jump to the
closed form would undo the chaining (``ChainableScheduler.step`` says more).
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
        k = step // step_size
        try:
            factor = gamma ** k
        except OverflowError:  # γ^k past the float range (γ > 1), or a k past it: its limit
            factor = 1.0 if gamma == 1 else math.inf if (gamma > 1) == (k > 0) else 0.0
        return base_lr * factor if base_lr else 0.0  # η_0 = 0 stays 0 (0 · inf is NaN)
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
        # T_cur / T_i first: an integer ratio is exact however large they are, π · T_cur overflows
        return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * (T_cur / T_i))) / 2
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
    """Sets ``optimizer.lr = schedule(last_epoch)``: at construction (``last_epoch`` 0) and at
    each ``step()``, which adds 1 to ``last_epoch``. This is the closed form, whatever the lr was
    before the step; ``ChainableScheduler`` is the other form (see the module docstring).
    ``step(epoch)`` moves to any epoch, fractional too: ``schedule(epoch)``, ``last_epoch = ⌊epoch⌋``.

    ``make_schedule(base_lr)`` builds the schedule, ``schedule``; ``base_lr`` is the optimizer's
    ``initial_lr``, its lr when the first scheduler was built on it.
    """

    def __init__(self, optimizer, make_schedule):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be a neuralab.optim.Optimizer, "
                            f"got {type(optimizer).__name__}")
        base_lr = optimizer.lr if optimizer.initial_lr is None else optimizer.initial_lr
        self.schedule = make_schedule(base_lr)  # checks the arguments before any change
        self.optimizer, self.base_lr = optimizer, base_lr
        optimizer.initial_lr = base_lr
        self._start(optimizer.lr)
        self.step()

    def _start(self, lr):
        """Go back to before step 0: the next ``step()`` sets the lr of step 0 (from ``lr``, in
        the chainable form)."""
        self.last_epoch = -1
        self._fraction = 0  # of the last step(epoch): the lr is the schedule's at last_epoch + it

    def step(self, epoch=None):
        """Move to the next step, or to ``epoch`` (a number >= 0, fractional allowed: torch's
        ``step(epoch + i / iters)`` after each batch), and set the optimizer's lr to this
        scheduler's value there. The steps after a ``step(epoch)`` keep its fraction."""
        if epoch is None:
            last_epoch, fraction = self.last_epoch + 1, self._fraction
        else:
            epoch = check("epoch", epoch, lambda v: v >= 0, "a finite number >= 0")
            last_epoch, fraction = math.floor(epoch), epoch % 1
        lr = self._lr_at(last_epoch + fraction)
        if not math.isfinite(lr):  # StepLR's γ > 1 for long enough: torch's lr becomes inf
            raise ValueError(f"{type(self).__name__}: the lr at epoch {last_epoch + fraction:g} "
                             f"would be {lr}, past the float range (a factor > 1 grows it without "
                             f"bound); the optimizer takes only a finite lr")
        self.optimizer.lr = self._last_lr = lr
        self.last_epoch, self._fraction = last_epoch, fraction

    def _lr_at(self, t):
        return self.schedule(t)

    def get_last_lr(self):
        """The lr set by the last ``step()``, in a list like torch's (one parameter group)."""
        return [self._last_lr]


class ChainableScheduler(Scheduler):
    """A scheduler that applies its factor f(t) = ``make_schedule(1)(t)`` to the lr it finds.

    It keeps an anchor: the lr η_a it started from or found changed (by another scheduler or by
    hand) at step a, and sets η_t = η_a · f(t) / f(a). Alone on an optimizer, η_a is the base lr
    and f(a) = 1 at step 0, so η_t = η_0 f(t) is exactly ``schedule(t)``; stepped with others, it
    is torch's η ← η · f(t) / f(t − 1). The factors are > 0, but γ^k rounds to 0 after some 300
    decays by 10× (an lr of 0 by then): an lr set after that is kept as it is. An lr of 0 stays
    0, as torch's. A γ > 1 makes γ^k inf after some 300 / log10(γ) growths: ``step`` refuses the
    inf lr from then on (torch's lr becomes inf, which no optimizer here takes).
    """

    def __init__(self, optimizer, make_schedule):
        self.factor = make_schedule(1.0)
        super().__init__(optimizer, make_schedule)

    def _start(self, lr):
        super()._start(lr)
        self._anchor = (lr, 1.0)

    def step(self, epoch=None):
        """Move to the next step. An ``epoch`` is refused: torch's ``step(epoch)`` is deprecated
        for these schedulers (it warns) and sets the closed form ``schedule(epoch)``, dropping
        whatever another scheduler or a hand did to the lr, and its next chained steps misbehave
        after a fractional epoch (StepLR never decays again). Copying that, warning included,
        would be a trap; ``scheduler.schedule(epoch)`` gives the value at any epoch instead."""
        if epoch is not None:
            raise TypeError(f"{type(self).__name__}.step() takes no epoch, got {epoch!r}: call step() "
                            f"once per epoch (torch's step(epoch) is deprecated here); "
                            f"scheduler.schedule(epoch) is the lr at any epoch")
        super().step()

    def _lr_at(self, t):
        if t > 0 and self.optimizer.lr != self._last_lr:   # changed since this scheduler's step
            self._anchor = (self.optimizer.lr, self.factor(t - 1))
        lr, factor = self._anchor
        return lr * (self.factor(t) / factor) if factor and lr else lr


class StepLR(ChainableScheduler):
    """Multiply the lr by ``gamma`` every ``step_size`` steps: ``step_decay``."""

    def __init__(self, optimizer, step_size, gamma=0.1):
        super().__init__(optimizer, lambda base_lr: step_decay(base_lr, step_size, gamma))


class CosineAnnealingWarmRestarts(Scheduler):
    """Cosine annealing with warm restarts: ``cosine_warm_restarts``, from the initial lr.

    ``step(epoch)`` is torch's, fractional epochs included. One difference: at some exact restart
    epochs torch's cycle index ``int(log(..., T_mult))`` rounds down (T_0 = 1, T_mult = 3, epoch
    121) and gives η_min, the end of the previous cycle; this gives η_0, the restart, as torch's
    own ``step()`` does there.
    """

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0):
        super().__init__(optimizer, lambda base_lr: cosine_warm_restarts(base_lr, T_0, T_mult, eta_min))


class LinearWarmup(ChainableScheduler):
    """Linear warm-up over ``warmup_steps`` steps, then ``after``: ``linear_warmup``.

    Alone, it is torch's LinearLR: it multiplies the lr it finds by the warm-up's factors, then
    leaves the lr to others. ``after`` is a scheduler built on the same optimizer, a schedule
    function, or None. With ``after`` it is torch's SequentialLR: the warm-up starts from the
    initial lr; then a schedule function sets ``after(last_epoch - warmup_steps)``, and a
    scheduler starts over at its step 0 and base lr and steps as it would alone. Its
    ``last_epoch`` follows: -1 (not started) during the warm-up, then ``last_epoch -
    warmup_steps``. This scheduler steps it: do not call its ``step()`` yourself.
    """

    def __init__(self, optimizer, warmup_steps, start_factor=1 / 3, after=None):
        then = after
        if isinstance(after, Scheduler):
            if after.optimizer is not optimizer:
                raise ValueError("after must be a scheduler of the same optimizer")
            then = after.schedule
        elif after is not None and not callable(after):
            raise TypeError(f"after must be a scheduler, a schedule function or None, "
                            f"got {type(after).__name__}")
        self.after, self.warmup_steps = after, warmup_steps  # read by _start() and step()
        # The factor, the schedule at base lr 1, is read only during the warm-up, before ``then``.
        super().__init__(optimizer, lambda lr: linear_warmup(lr, warmup_steps, start_factor, then))
        if isinstance(after, Scheduler):
            after._start(self.base_lr)

    def _start(self, lr):
        # With ``after``, SequentialLR first puts back the initial lr, then warms it up.
        super()._start(lr if self.after is None else self.base_lr)

    def _lr_at(self, t):
        if t < self.warmup_steps or self.after is None:
            return super()._lr_at(t)                # LinearLR: the warm-up's factors, then 1
        if isinstance(self.after, Scheduler):
            self.after.step()                       # SequentialLR: the next scheduler's own step
            return self.optimizer.lr
        return self.schedule(t)                     # a schedule function: its value
