"""The half of a scheduler that saves and restores it: ``state_dict()`` and ``load_state_dict``.

``state_dict()`` holds a scheduler's counters as plain numbers (JSON as it is), to resume
training with ``load_state_dict`` on a scheduler built anew with the same arguments (see
``optim.state``): its class and those arguments (``options``, which loading checks),
``last_epoch``, the ``fraction`` of the last ``step(epoch)``, ``base_lr``, ``last_lr``, the
chainable form's ``anchor`` (the lr it scales and its factor there), and a warm-up's ``after``
scheduler's own state. The schedule itself is not in it: the constructor builds it again, from
the saved ``base_lr``. The lr is the optimizer's: load the optimizer's state too, as in torch.
"""
import numbers

from .optimizer import check
from .state import check_keys, plain


class SchedulerState:
    """``optim.Scheduler``'s state methods (see the module docstring); its subclasses extend
    ``state_dict``, ``_checked_state`` and ``_load`` with their own counters."""

    def state_dict(self):
        """This scheduler's counters, as plain numbers: see ``optim.scheduler_state``."""
        return {"scheduler": type(self).__name__, "options": self._options(),
                "last_epoch": self.last_epoch, "fraction": self._fraction,
                "base_lr": self.base_lr, "last_lr": self._last_lr}

    def load_state_dict(self, state):
        """Go on from ``state``, a ``state_dict()`` of a scheduler of this class built with the
        same arguments. Everything is checked first; a bad state changes nothing."""
        self._load(self._checked_state(state, "state"))

    def _options(self):
        return {name: plain(getattr(self, name)) for name in self.OPTIONS}

    def _checked_state(self, state, where):
        """``state`` checked against this scheduler (which it leaves as it is), as a dict."""
        if not isinstance(state, dict):
            raise TypeError(f"{where} must be a dict, from {type(self).__name__}.state_dict(), "
                            f"got {type(state).__name__}")
        ours, saved = (type(self).__name__, self._options()), (state.get("scheduler"), state.get("options"))
        if saved != ours and "scheduler" in state and "options" in state:
            raise ValueError(f"{where} is the state of {_call(*saved)}, this is {_call(*ours)}: build "
                             f"the scheduler as it was saved; its counters follow that schedule")
        check_keys(state, list(self.state_dict()), where)
        state = dict(state)
        state["last_epoch"] = check(f"{where}['last_epoch']", state["last_epoch"], lambda v: v >= -1,
                                    "an integer >= -1", numbers.Integral)
        state["fraction"] = check(f"{where}['fraction']", state["fraction"], lambda v: 0 <= v < 1,
                                  "in [0, 1)")
        for key in ("base_lr", "last_lr"):
            state[key] = check(f"{where}[{key!r}]", state[key], lambda v: v >= 0, "a finite number >= 0")
        return state

    def _load(self, state):
        """Take the counters of ``state``, checked by ``_checked_state``."""
        self.last_epoch, self._fraction = state["last_epoch"], state["fraction"]
        self._last_lr, self.base_lr = state["last_lr"], state["base_lr"]
        self.schedule = self._make_schedule(self.base_lr)  # the saved base_lr's
        self._check_order = self._check_order and self.last_epoch == 0 and self._fraction == 0
        self._steps_seen = (self.optimizer._calls, 0)


def _call(name, options):
    """How ``name(**options)`` was written, for a message."""
    if not isinstance(options, dict):
        return f"{name!s} with options {options!r}"
    return f"{name!s}({', '.join(f'{key!s}={value!r}' for key, value in options.items())})"
