"""Schedules written as short text, for the command line and the playground's URL:

    step:SIZE[:GAMMA]       StepLR: multiply the lr by GAMMA (default 0.1) every SIZE epochs
    cosine:T0[:TMULT]       CosineAnnealingWarmRestarts: cycles of T0, T0·TMULT, ... epochs
    warmup:STEPS[,THEN]     LinearWarmup over STEPS epochs, then THEN (one of the above), if given

The names may be written in any case ("Step:3").
"""
from ..spelling import did_you_mean
from .schedules import CosineAnnealingWarmRestarts, LinearWarmup, StepLR, linear_warmup

NAMES = ("step", "cosine", "warmup")
FORMS = "step:SIZE[:GAMMA], cosine:T0[:TMULT] or warmup:STEPS[,step:...|,cosine:...]"


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


def parse_schedule(text, optimizer):
    """The scheduler described by ``text`` (see the module docstring) on ``optimizer``. Bad text
    is refused before any scheduler is built, so the optimizer's lr is left as it was."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"a schedule must be text of the form {FORMS}, got {text!r}")
    first, comma, rest = text.strip().partition(",")
    name, args = _name_and_numbers(first)
    if name != "warmup":
        if comma:
            raise ValueError(f"only warmup can be followed by another schedule, got {text!r}")
        return _single(first, optimizer)
    (steps,) = _numbers(name, args, (int,))
    # checked before ``after`` is built: a cosine sets the lr back to the initial one
    linear_warmup(1.0, steps)
    if not comma:
        return LinearWarmup(optimizer, steps)
    if not rest.strip() or "," in rest:
        raise ValueError(f"warmup:STEPS is followed by one schedule after its ',', got {text!r}; "
                         f"use {FORMS}")
    if _name_and_numbers(rest)[0] == "warmup":
        raise ValueError(f"a warm-up can be followed by step or cosine, not by another warm-up, "
                         f"got {text!r}; use {FORMS}")
    return LinearWarmup(optimizer, steps, after=_single(rest, optimizer))


def _name_and_numbers(text):
    """("step", ["3", "0.5"]) for "step:3:0.5": the name in lower case, the rest unparsed."""
    name, *args = text.strip().split(":")
    return name.strip().lower(), args


def _single(text, optimizer):
    name, args = _name_and_numbers(text)
    if name == "step":
        return StepLR(optimizer, *_numbers(name, args, (int, float)))
    if name == "cosine":
        return CosineAnnealingWarmRestarts(optimizer, *_numbers(name, args, (int, int)))
    raise ValueError(f"unknown schedule {name!r}; {did_you_mean(name, NAMES)}use {FORMS}")
