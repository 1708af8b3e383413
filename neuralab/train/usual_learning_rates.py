"""The usual learning rate of each optimizer: the one that trains the built-in datasets well in a few
hundred epochs, which ``neuralab train``'s --lr defaults to, and the remedy that lowers a rate far
above it. A loss that does not move at such a rate has units or an output that its steps drove into
the flat tails, not steps too small (``frozen_training``; ``neuralab train``'s warning of a loss that
did not fall says it in the same words)."""
from .. import optim
from .remedies import Remedy, lr_said

# by the names of ``optim.OPTIMIZERS``; SGD's by its momentum and Nesterov switch
USUAL_LR = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "rmsprop": 0.005, "adam": 0.01, "adamw": 0.01,
            "adagrad": 0.1}
FAR_ABOVE_USUAL = 10        # times the usual rate from which a rate is far above it


def usual_lr(optimizer):
    """The usual learning rate (``USUAL_LR``) of ``optimizer``'s kind, SGD's as its momentum and
    Nesterov switch set it; None for an optimizer of a class of one's own."""
    kind = type(optimizer)
    if kind is optim.SGD:
        name = "nesterov" if optimizer.nesterov else "momentum" if optimizer.momentum else "sgd"
    else:
        name = next((name for name, (cls, _) in optim.OPTIMIZERS.items() if cls is kind), None)
    return USUAL_LR.get(name)


def lower_to_usual(optimizer):
    """The remedy "a lower learning rate (now 10), such as this optimizer's usual 0.01" (the words of
    ``neuralab train``'s warning of a loss that did not fall), in Python for the run's optimizer, when
    ``optimizer``'s rate is FAR_ABOVE_USUAL times its usual one (``usual_lr``) or more; None otherwise,
    and without an optimizer."""
    usual = usual_lr(optimizer) if optimizer is not None else None
    if usual is None or not optimizer.lr >= FAR_ABOVE_USUAL * usual:
        return None
    return Remedy(f"a lower learning rate (now {optimizer.lr:g}), such as this optimizer's usual {usual:g}", "lr",
                  lr_said(optimizer))
