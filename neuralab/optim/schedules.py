"""Learning-rate schedules: plain functions of the step, and schedulers that apply them.

A schedule is a function ``step -> lr`` (the MLX style), to plot and compose as any function
(``schedule_functions.py``). A scheduler applies one to an optimizer with ``torch.optim.lr_scheduler`` semantics: building it
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

``step(epoch)`` jumps to ``epoch``, fractional too (torch's ``step(epoch + i / iters)`` after
each batch), where that is closed form: ``CosineAnnealingWarmRestarts``. The chainable ones
refuse an epoch, as torch deprecates theirs (``ChainableScheduler.step`` says why).

Call ``scheduler.step()`` after ``optimizer.step()``: building a scheduler sets the lr of step 0,
which a ``step()`` before the first update skips. As torch does, neuralab warns of it, and of two
``step()`` calls between updates, but at the next update, the moment the lr run ahead would
train: a scheduler stepped alone, to read or plot its values, is no mistake (``Scheduler.step``).

``state_dict()`` and ``load_state_dict`` save and restore a scheduler's counters, to resume
training (``scheduler_state.py``).
"""
import math

from ..nn.checks import checked_keywords
from ..nn.describe import settings_repr
from ..nn.habits import TORCH_COSINE_KEYWORDS, TORCH_SCHEDULER_KEYWORDS
from ..nn.user_line import warn
from .optimizer import Optimizer, check
from .refusals import SCHEDULER_HABITS, habit_error
from .schedule_functions import cosine_warm_restarts, linear_warmup, not_a_schedule, schedule_kind, step_decay
from .scheduler_state import SchedulerState


class Scheduler(SchedulerState):
    """Sets ``optimizer.lr = schedule(last_epoch)``: at construction (``last_epoch`` 0) and at
    each ``step()``, which adds 1 to ``last_epoch``. This is the closed form, whatever the lr was
    before the step; ``ChainableScheduler`` is the other form (see the module docstring).
    ``step(epoch)`` moves to any epoch, fractional too: ``schedule(epoch)``, ``last_epoch = ⌊epoch⌋``.

    ``make_schedule(base_lr)`` builds the schedule, ``schedule``; ``base_lr`` is the optimizer's
    ``initial_lr``, its lr when the first scheduler was built on it. ``OPTIONS`` names the
    constructor's arguments that a state records, read from the attributes of those names.
    ``stepped_by`` is the ``LinearWarmup`` this scheduler comes after, which steps it, or None.
    """

    OPTIONS = ()
    stepped_by = None
    closed_form = True  # a step sets schedule(t), undoing any other change of the lr (ChainableScheduler: False)

    def __repr__(self):
        return settings_repr(self, leave_out=("optimizer",))

    def __init__(self, optimizer, make_schedule):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be a neuralab.optim.Optimizer, "
                            f"got {type(optimizer).__name__}")
        base_lr = optimizer.lr if optimizer.initial_lr is None else optimizer.initial_lr
        self.schedule = make_schedule(base_lr)  # checks the arguments before any change
        self.optimizer, self.base_lr, self._make_schedule = optimizer, base_lr, make_schedule
        optimizer.initial_lr = base_lr
        optimizer._order_warning = None  # the lr starts over from step 0
        self._start(optimizer.lr)
        self._check_order = False
        self._advance()
        self._check_order, self._built_at = True, optimizer._calls  # for the first step()
        self._steps_seen = (optimizer._calls, 0)  # optimizer steps then, this one's step()s since

    def _start(self, lr):
        """Go back to before step 0: the next ``step()`` sets the lr of step 0 (from ``lr``, in
        the chainable form)."""
        self.last_epoch = -1
        self._fraction = 0  # of the last step(epoch): the lr is the schedule's at last_epoch + it

    def step(self, epoch=None):
        """Move to the next step, or to ``epoch`` (a number >= 0, fractional allowed: torch's
        ``step(epoch + i / iters)`` after each batch), and set the optimizer's lr to this
        scheduler's value there. The steps after a ``step(epoch)`` keep its fraction.

        Refused for the ``after=`` of a ``LinearWarmup``, which steps it: a second stepping
        moves it twice as fast, and during the warm-up sets an lr above the warm-up's. Two
        ``step()`` calls with no ``optimizer.step()`` between are warned of at the next
        ``optimizer.step()``, the first update that trains with an lr ahead of its schedule
        (stepping alone, to read or plot the values, is no mistake)."""
        if self.stepped_by is not None:
            raise RuntimeError(
                f"this {type(self).__name__} is the after= of a {type(self.stepped_by).__name__}, "
                f"which steps it once its warm-up ends: calling its step() too would move it twice "
                f"per epoch (and, during the warm-up, set an lr above the warm-up's). Step the "
                f"{type(self.stepped_by).__name__} alone")
        self._advance(epoch)
        self._count_step()

    def _count_step(self):
        """Count this ``step()`` among those since the optimizer's last update; from the second
        one on, leave the warning for that optimizer's next ``step()``. One comparison of step
        counts: nothing runs at the optimizer's own steps."""
        calls, steps = self._steps_seen
        steps = steps + 1 if calls == self.optimizer._calls else 1
        self._steps_seen = (self.optimizer._calls, steps)
        if steps > 1:
            times = "twice" if steps == 2 else f"{steps} times"
            self.optimizer._order_warning = (
                f"{type(self).__name__}.step() was called {times} with no optimizer.step() between, so "
                f"the lr is now {steps} steps along the schedule for one step of training (was the "
                f"scheduler stepped both in your loop and by a LearningRateScheduler, or given to two of "
                f"them?). Call scheduler.step() from one place, once per epoch after optimizer.step() "
                f"(once per update for a schedule counted in updates); to read the schedule's values "
                f"without moving the lr, call scheduler.schedule(t)")

    def _advance(self, epoch=None):
        """``step(epoch)`` itself, without its checks of who calls it and how often."""
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
        if self._check_order:
            self._check_order = False
            if self.optimizer._calls == self._built_at:
                self.optimizer._order_warning = (
                    f"{type(self).__name__}.step() was called before optimizer.step(): the "
                    f"schedule's lr at step 0 ({self._last_lr:g}) was set but no update used it, "
                    f"and the updates now run one step ahead of the schedule. Call scheduler.step() "
                    f"after optimizer.step(): after each epoch's updates (or after each update, for "
                    f"a schedule counted in updates)")
        self.optimizer.lr = self._last_lr = lr
        self.last_epoch, self._fraction = last_epoch, fraction

    def _lr_at(self, t):
        return self.schedule(t)

    def get_last_lr(self):
        """The lr set by the last ``step()``, in a list like torch's (one parameter group)."""
        return [self._last_lr]

    def __getattr__(self, name):
        """Only reached for an attribute the scheduler does not have: torch's ``get_lr`` and
        ``base_lrs`` get what does their job here."""
        raise habit_error(self, name, SCHEDULER_HABITS)


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

    closed_form = False

    def __init__(self, optimizer, make_schedule):
        self.factor = make_schedule(1.0)
        super().__init__(optimizer, make_schedule)

    def _start(self, lr):
        super()._start(lr)
        self._anchor = (lr, 1.0)

    def state_dict(self):
        return {**super().state_dict(), "anchor": list(self._anchor)}

    def _checked_state(self, state, where):
        state = super()._checked_state(state, where)
        anchor = state["anchor"]
        if not (isinstance(anchor, (list, tuple)) and len(anchor) == 2):
            raise ValueError(f"{where}['anchor'] must be a pair [lr, factor], got {anchor!r}")
        state["anchor"] = tuple(check(f"{where}['anchor'][{i}]", v, lambda v: v >= 0, "a finite number >= 0")
                                for i, v in enumerate(anchor))
        return state

    def _load(self, state):
        super()._load(state)
        self._anchor = state["anchor"]

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
    """Multiply the lr by γ = ``gamma`` every ``step_size`` steps (torch's StepLR):

        η_t = η_0 · γ^⌊t / step_size⌋

    t counts the calls of ``step()``, once per epoch after its updates; η_0 is the optimizer's lr
    when its first scheduler was built. Stepped with other schedulers, it multiplies the lr it
    finds by γ at each multiple of step_size (see ``optim.schedules``). γ < 1 decays.

    >>> from neuralab import nn, optim
    >>> scheduler = optim.StepLR(optim.SGD(nn.Dense(1, 1).parameters(), lr=0.1), step_size=2, gamma=0.5)
    >>> [scheduler.schedule(t) for t in range(6)]   # η_t for t = 0..5; the optimizer's lr is η_0
    [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    """

    OPTIONS = ("step_size", "gamma")

    @checked_keywords(TORCH_SCHEDULER_KEYWORDS)   # torch's last_epoch, verbose
    def __init__(self, optimizer, step_size, gamma=0.1):
        super().__init__(optimizer, lambda base_lr: step_decay(base_lr, step_size, gamma))
        self.step_size, self.gamma = step_size, gamma
        warn_of_growth(self, f"every {step_size} steps")


def warn_of_growth(scheduler, when):
    """Warn, at its construction, of a decay ``scheduler`` whose ``gamma`` is above 1: the lr grows
    ``when`` it would decay, silently in torch (a decay written as its inverse, gamma=2 for a halving)."""
    gamma = scheduler.gamma
    if gamma > 1:
        warn(f"{type(scheduler).__name__}: gamma={gamma:g} is above 1, so the lr is multiplied by "
             f"{gamma:g} {when} and grows. A decay has gamma below 1: gamma={1 / gamma:g} divides "
             f"the lr by {gamma:g}")


class CosineAnnealingWarmRestarts(Scheduler):
    """Cosine annealing with warm restarts (SGDR, torch's CosineAnnealingWarmRestarts): the lr
    falls from η_0 to η_min = ``eta_min`` along half a cosine, then starts again at η_0:

        η_t = η_min + (η_0 - η_min) · (1 + cos(π T_cur / T_i)) / 2

    where cycle i lasts T_i = T_0 · T_mult^i steps and T_cur counts the steps since it began;
    t counts the calls of ``step()``, and η_0 is the optimizer's lr when its first scheduler was
    built. The schedule alone is ``cosine_warm_restarts``.

    >>> from neuralab import nn, optim
    >>> scheduler = optim.CosineAnnealingWarmRestarts(optim.SGD(nn.Dense(1, 1).parameters(), lr=0.1), T_0=4)
    >>> [round(scheduler.schedule(t), 4) for t in range(6)]   # a restart at t = 4
    [0.1, 0.0854, 0.05, 0.0146, 0.1, 0.0854]

    ``step(epoch)`` is torch's, fractional epochs included. One difference: at some exact restart
    epochs torch's cycle index ``int(log(..., T_mult))`` rounds down (T_0 = 1, T_mult = 3, epoch
    121) and gives η_min, the end of the previous cycle; this gives η_0, the restart, as torch's
    own ``step()`` does there.
    """

    OPTIONS = ("T_0", "T_mult", "eta_min")

    @checked_keywords(TORCH_COSINE_KEYWORDS)   # torch's T_max, last_epoch, verbose
    def __init__(self, optimizer, T_0=None, T_mult=1, eta_min=0.0):
        # T_0's default None stands for "left out", answered below with an example
        if T_0 is None:   # left out: Python's "missing argument", not "got NoneType None"
            raise TypeError("CosineAnnealingWarmRestarts() needs T_0, the steps to its first restart, "
                            "e.g. CosineAnnealingWarmRestarts(opt, T_0=10)")
        super().__init__(optimizer, lambda base_lr: cosine_warm_restarts(base_lr, T_0, T_mult, eta_min))
        self.T_0, self.T_mult, self.eta_min = T_0, T_mult, eta_min
        if eta_min > self.base_lr:   # torch's too: eta_min taken for the lr, or a factor of it
            warn(f"CosineAnnealingWarmRestarts: eta_min={eta_min:g} is above the lr it starts from, "
                 f"{self.base_lr:g}, so each cycle's lr rises to eta_min instead of falling. eta_min "
                 f"is the lowest lr of a cycle, in the lr's units: 0 (the default), or a fraction of "
                 f"the lr, e.g. eta_min={self.base_lr / 100:g}")


class LinearWarmup(ChainableScheduler):
    """A linear warm-up from f·η_0 to η_0 over W = ``warmup_steps`` steps (f = ``start_factor``),
    then ``after``:

        η_t = η_0 · (f + (1 - f) · t / W)   for t < W,   then after's lr (η_0 if None)

    >>> from neuralab import nn, optim
    >>> scheduler = optim.LinearWarmup(optim.SGD(nn.Dense(1, 1).parameters(), lr=0.3), warmup_steps=2)
    >>> [round(scheduler.schedule(t), 4) for t in range(4)]   # f = 1/3: 0.1, 0.2, then 0.3
    [0.1, 0.2, 0.3, 0.3]

    Alone, it is torch's LinearLR: it multiplies the lr it finds by the warm-up's factors, then
    leaves the lr to others. ``after`` is a scheduler built on the same optimizer, a schedule
    function, or None. With ``after`` it is torch's SequentialLR: the warm-up starts from the
    initial lr; then a schedule function sets ``after(last_epoch - warmup_steps)``, and a
    scheduler starts over at its step 0 and base lr and steps as it would alone. Its
    ``last_epoch`` follows: -1 (not started) during the warm-up, then ``last_epoch -
    warmup_steps``. This scheduler steps it: its own ``step()`` is refused. Its state is
    in this one's, under "after"; a schedule function is not (build it again as it was).
    """

    OPTIONS = ("warmup_steps", "start_factor")

    @checked_keywords(TORCH_SCHEDULER_KEYWORDS)   # torch's total_iters, end_factor, last_epoch
    def __init__(self, optimizer, warmup_steps=None, start_factor=1 / 3, after=None):
        # warmup_steps's default None stands for "left out", answered below with an example
        if warmup_steps is None:   # left out: Python's "missing argument", not "got NoneType None"
            raise TypeError("LinearWarmup() needs warmup_steps, the number of steps the lr rises over, "
                            "e.g. LinearWarmup(opt, warmup_steps=5)")
        then = after
        if isinstance(after, Scheduler):
            if after.optimizer is not optimizer:
                raise ValueError("after must be a scheduler of the same optimizer")
            if after.stepped_by is not None:  # two warm-ups would each step it
                raise ValueError(f"after is already the after= of another {type(after.stepped_by).__name__}; "
                                 f"build a {type(after).__name__} for each")
            then = lambda t: after.schedule(t)  # read at each call: loading a state rebuilds it
        elif after is not None and not_a_schedule(after):
            raise TypeError(f"after must be a scheduler, a schedule function or None, got {schedule_kind(after)}")
        self.after, self.warmup_steps = after, warmup_steps  # read by _start() and step()
        self.start_factor = start_factor
        # The factor, the schedule at base lr 1, is read only during the warm-up, before ``then``.
        super().__init__(optimizer, lambda lr: linear_warmup(lr, warmup_steps, start_factor, then))
        if isinstance(after, Scheduler):
            after._start(self.base_lr)
            after._check_order = False  # stepped by this one, whose first step() is checked
            after.stepped_by = self

    def state_dict(self):
        state = super().state_dict()
        if isinstance(self.after, Scheduler):
            state["after"] = self.after.state_dict()
        return state

    def _checked_state(self, state, where):
        state = super()._checked_state(state, where)
        if isinstance(self.after, Scheduler):
            state["after"] = self.after._checked_state(state["after"], f"{where}['after']")
        return state

    def _load(self, state):
        if isinstance(self.after, Scheduler):
            self.after._load(state["after"])
        super()._load(state)

    @property
    def closed_form(self):
        """Whether the lr is set outright after the warm-up: by a schedule function, or by a
        closed-form ``after`` scheduler (the warm-up itself chains)."""
        return self.after is not None and getattr(self.after, "closed_form", True)

    def _start(self, lr):
        # With ``after``, SequentialLR first puts back the initial lr, then warms it up.
        super()._start(lr if self.after is None else self.base_lr)

    def _lr_at(self, t):
        if t < self.warmup_steps or self.after is None:
            return super()._lr_at(t)                # LinearLR: the warm-up's factors, then 1
        if isinstance(self.after, Scheduler):
            self.after._advance()                   # SequentialLR: the next scheduler's own step
            return self.optimizer.lr
        return self.schedule(t)                     # a schedule function: its value
