"""The options whose value is one of a few names (--activation relu, --optimizer adam)."""
import argparse

from ..spelling import did_you_mean


def one_of(names, any_case=False, suggest=None):
    """argparse's ``type`` for an option whose value is one of ``names``. As in the library,
    which reads an optimizer's name in any case (``optim.get("Adam")``) but not an activation's
    or a loss's, ``any_case`` accepts a name written in another case ("Adam" is "adam"). Any
    other value is refused with the closest name ("--activation Relu": did you mean 'relu'?),
    or the library's own suggestion for it, ``suggest(value)`` ("--init He": 'he_uniform' or
    'he_normal'), which argparse's own ``choices`` check only lists; ``choices`` still shows
    them in --help."""
    def name(value):
        chosen = value.lower() if any_case and value.lower() in names else value
        if chosen not in names:
            hint = suggest(value) if suggest is not None else did_you_mean(value, names)
            raise argparse.ArgumentTypeError(f"invalid choice: {value!r}; {hint}choose from {', '.join(names)}")
        return chosen
    return name
