"""Schedules written as short text, for the command line and the playground's URL:

    step:SIZE[:GAMMA]       StepLR: multiply the lr by GAMMA (default 0.1) every SIZE epochs
    cosine:T0[:TMULT]       CosineAnnealingWarmRestarts: cycles of T0, T0·TMULT, ... epochs
    exp:GAMMA               ExponentialLR: multiply the lr by GAMMA every epoch, η_t = η_0 · GAMMA^t
    inverse:DECAY           inverse-time decay, η_t = η_0 / (1 + DECAY · t): LambdaLR with the factor
                            of ``inverse_time_decay``, t in epochs (Ng's decay_rate; Keras's decay= counts updates)
    warmup:STEPS[,THEN]     LinearWarmup over STEPS epochs, then THEN (one of the above), if given

The names may be written in any case ("Step:3"). ``read_schedule`` reads a text into its parts,
``parse_schedule`` builds its scheduler, ``schedule_code`` writes the Python that builds it.
"""
import inspect

from ..spelling import did_you_mean
from .exponential_lr import ExponentialLR
from .inverse_time import inverse_time_decay
from .lambda_lr import LambdaLR
from .schedules import CosineAnnealingWarmRestarts, LinearWarmup, StepLR, linear_warmup


def _inverse_time(optimizer, decay_rate):
    """LambdaLR whose factor is the inverse-time decay at lr 1: η_t = η_0 / (1 + decay_rate · t)."""
    return LambdaLR(optimizer, inverse_time_decay(1.0, decay_rate))


# name: (what it builds, its numbers: (argument, kind) each, the first one needed)
KINDS = {"step": (StepLR, (("step_size", int), ("gamma", float))),
         "cosine": (CosineAnnealingWarmRestarts, (("T_0", int), ("T_mult", int))),
         "exp": (ExponentialLR, (("gamma", float),)),
         "inverse": (_inverse_time, (("decay_rate", float),)),
         "warmup": (LinearWarmup, (("warmup_steps", int),))}
NAMES = tuple(KINDS)
FORMS = ("step:SIZE[:GAMMA], cosine:T0[:TMULT], exp:GAMMA, inverse:DECAY, or warmup:STEPS[,one of "
         "those] (warmup:3,exp:0.9)")


def _numbers(name, args, kinds):
    if not args or args == [""]:
        raise ValueError(f"schedule {name!r} needs a number after '{name}:'; use {FORMS}")
    if len(args) > len(kinds):
        raise ValueError(f"schedule {name!r} takes {len(kinds)} number{'s' if len(kinds) > 1 else ''} "
                         f"at most, got {len(args)} ({':'.join(args)}); use {FORMS}")
    values = []
    for kind, a in zip(kinds, args):
        try:
            values.append(kind(a))
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise ValueError(f"schedule {name!r}: {a!r} is not {what}; use {FORMS}") from None
    return values


def read_schedule(text):
    """The parts of the schedule ``text``: ((name, {argument: value}), ...), a warm-up first if
    any, each with every argument its text may give, a default where it gives none ("step:2"
    reads as step_size 2, gamma 0.1). Refuses a text not of the forms above (ValueError); the
    numbers' ranges are the schedulers' to check (``parse_schedule``)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"a schedule must be text of the form {FORMS}, got {text!r}")
    first, comma, rest = text.strip().partition(",")
    if _name_and_numbers(first)[0] != "warmup":
        if comma:
            raise ValueError(f"only warmup can be followed by another schedule, got {text!r}")
        return (_part(first),)
    warmup = _part(first)
    if not comma:
        return (warmup,)
    if not rest.strip() or "," in rest:
        raise ValueError(f"warmup:STEPS is followed by one schedule after its ',', got {text!r}; "
                         f"use {FORMS}")
    if _name_and_numbers(rest)[0] == "warmup":
        raise ValueError(f"a warm-up can be followed by step, cosine, exp or inverse, not by another "
                         f"warm-up, got {text!r}; use {FORMS}")
    return warmup, _part(rest)


def parse_schedule(text, optimizer):
    """The scheduler described by ``text`` (see the module docstring) on ``optimizer``. Bad text
    is refused before any scheduler is built, so the optimizer's lr is left as it was."""
    parts = read_schedule(text)
    if parts[0][0] != "warmup":
        return _build(parts[0], optimizer)
    steps = parts[0][1]["warmup_steps"]
    # checked before ``after`` is built: a cosine sets the lr back to the initial one
    linear_warmup(1.0, steps)
    after = _build(parts[1], optimizer) if len(parts) > 1 else None
    return LinearWarmup(optimizer, steps, after=after)


def schedule_code(text, optimizer="optimizer"):
    """The Python that builds the scheduler of ``text`` on the optimizer named ``optimizer``:
    "exp:0.9" -> "optim.ExponentialLR(optimizer, gamma=0.9)", the inverse-time decay as the
    LambdaLR of its formula."""
    def code(part, after=None):
        name, numbers = part
        if name == "inverse":
            return f"optim.LambdaLR({optimizer}, lambda t: 1 / (1 + {numbers['decay_rate']!r} * t))"
        args = [f"{key}={value!r}" for key, value in numbers.items()] + ([f"after={after}"] if after else [])
        return f"optim.{KINDS[name][0].__name__}({optimizer}, {', '.join(args)})"
    parts = read_schedule(text)
    return code(parts[0], code(parts[1]) if len(parts) > 1 else None)


def _name_and_numbers(text):
    """("step", ["3", "0.5"]) for "step:3:0.5": the name in lower case, the rest unparsed."""
    name, *args = text.strip().split(":")
    return name.strip().lower(), args


def _part(text):
    """(name, {argument: value}) of one schedule's text, "step:3" -> ("step", {"step_size": 3, "gamma": 0.1})."""
    name, args = _name_and_numbers(text)
    if name not in KINDS:
        # "exponential" and "inverse_time", the names written in full, mean exp and inverse
        near = did_you_mean(name, NAMES) or next((f"did you mean {n!r}? " for n in NAMES if name.startswith(n)), "")
        raise ValueError(f"unknown schedule {name!r}; {near}use {FORMS}")
    build, arguments = KINDS[name]
    values = _numbers(name, args, [kind for _, kind in arguments])
    defaults = inspect.signature(build).parameters
    return name, {key: values[i] if i < len(values) else defaults[key].default
                  for i, (key, _) in enumerate(arguments)}


def _build(part, optimizer):
    name, numbers = part
    return KINDS[name][0](optimizer, **numbers)
