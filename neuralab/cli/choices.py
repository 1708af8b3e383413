"""The options whose value is one of a few names (--activation relu, --optimizer adam)."""
import argparse

from ..nn.checks import did_you_mean


def one_of(names, any_case=False):
    """argparse's ``type`` for an option whose value is one of ``names``. As in the library,
    which reads an optimizer's name in any case (``optim.get("Adam")``) but not an activation's
    or a loss's, ``any_case`` accepts a name written in another case ("Adam" is "adam"). Any
    other value is refused with the closest name ("--activation Relu": did you mean 'relu'?),
    which argparse's own ``choices`` check only lists; ``choices`` still shows them in --help."""
    def name(value):
        chosen = value.lower() if any_case and value.lower() in names else value
        if chosen not in names:
            raise argparse.ArgumentTypeError(f"invalid choice: {value!r}; {did_you_mean(value, names)}"
                                             f"choose from {', '.join(names)}")
        return chosen
    return name
