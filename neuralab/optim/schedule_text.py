"""Schedules written as short text, for the command line and the playground's URL:

    step:SIZE[:GAMMA]       StepLR: multiply the lr by GAMMA (default 0.1) every SIZE epochs
    cosine:T0[:TMULT]       CosineAnnealingWarmRestarts: cycles of T0, T0·TMULT, ... epochs
    warmup:STEPS[,THEN]     LinearWarmup over STEPS epochs, then THEN (one of the above), if given
"""
from .schedules import CosineAnnealingWarmRestarts, LinearWarmup, StepLR

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
    """The scheduler described by ``text`` (see the module docstring) on ``optimizer``."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"a schedule must be text of the form {FORMS}, got {text!r}")
    first, _, rest = text.strip().partition(",")
    name, *args = first.split(":")
    if name == "warmup":
        (steps,) = _numbers(name, args, (int,))[:1]
        after = _single(rest, optimizer) if rest else None
        return LinearWarmup(optimizer, steps, after=after)
    if rest:
        raise ValueError(f"only warmup can be followed by another schedule, got {text!r}")
    return _single(first, optimizer)


def _single(text, optimizer):
    name, *args = text.strip().split(":")
    if name == "step":
        return StepLR(optimizer, *_numbers(name, args, (int, float)))
    if name == "cosine":
        return CosineAnnealingWarmRestarts(optimizer, *_numbers(name, args, (int, int)))
    raise ValueError(f"unknown schedule {name!r}; use {FORMS}")
