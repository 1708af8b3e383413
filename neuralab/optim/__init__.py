"""Optimizers (the update rules of ``torch.optim``) and learning-rate schedules.

    opt = optim.get("adam", model.parameters())          # or optim.Adam(model.parameters(), lr=1e-3)
    scheduler = optim.StepLR(opt, step_size=30)          # once per epoch: scheduler.step()
    saved = opt.state_dict(), scheduler.state_dict()     # to resume: load_state_dict (optim.state)
"""

from ..nn.habits import torch_class
from ..public_names import public_dir
from ..spelling import did_you_mean, other_names
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .exponential_lr import ExponentialLR, exponential_decay
from .inverse_time import inverse_time_decay
from .lambda_lr import LambdaLR, lambda_lr   # binds optim.lambda_lr to the function, not its module
from .multi_step import MultiStepLR, multi_step_decay
from .optimizer import Optimizer, check_complete
from .rmsprop import RMSProp, RMSprop
from .schedules import (CosineAnnealingWarmRestarts, LinearWarmup, Scheduler, StepLR,
                        cosine_warm_restarts, linear_warmup, step_decay)
from .sgd import SGD

OPTIMIZERS = {
    "sgd": (SGD, {"lr": 0.01}),
    "momentum": (SGD, {"lr": 0.01, "momentum": 0.9}),
    "nesterov": (SGD, {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
    "rmsprop": (RMSProp, {}),
    "adam": (Adam, {}),
    "adamw": (AdamW, {}),
    "adagrad": (Adagrad, {}),
}


def get(name, params, lr=None, **kwargs):
    """The optimizer called ``name`` (a key of ``OPTIMIZERS``, any case) over ``params``; or, for
    an Optimizer class (``optim.Adam``), that class with the options of its first name here, so
    that ``optim.SGD`` gets the 0.01 of "sgd" (Keras's default) where ``optim.SGD(params)``
    has torch's 1e-3. ``optim.Optimizer``, their base class, is refused (it steps nothing), and so
    is a subclass that does not define ``init_state`` and ``update``.

    ``lr=None`` keeps the default here (0.01 for the SGD family, torch's for the others);
    ``kwargs`` override the other options, e.g. ``get("momentum", ps, momentum=0.8)``.
    """
    if isinstance(name, type) and issubclass(name, Optimizer):
        check_complete(name)  # before its __init__, which optim.Optimizer's lr would refuse first
        cls, defaults = name, next((d for c, d in OPTIMIZERS.values() if c is name), {})
    elif isinstance(name, str) and name.lower() in OPTIMIZERS:
        cls, defaults = OPTIMIZERS[name.lower()]
    elif torch_class(name) is not None:
        raise TypeError(f"optimizer must be a neuralab Optimizer or its name, got {not_an_optimizer(name)}")
    elif isinstance(name, str) and name.lower() in _OTHER_OPTIMIZERS:  # "nadam" is no misspelt "adam"
        kind = _OTHER_OPTIMIZERS[name.lower()]
        raise ValueError(f"unknown optimizer {name!r}: neuralab has no {kind}; use {TORCH_NAMES[kind]}; "
                         f"valid names: {', '.join(OPTIMIZERS)}")
    else:
        raise ValueError(f"unknown optimizer {name!r}; {did_you_mean(name, OPTIMIZERS)}valid names: "
                         f"{', '.join(OPTIMIZERS)}")
    options = {**defaults, **kwargs} if lr is None else {**defaults, **kwargs, "lr": lr}
    return cls(params, **options)


def not_an_optimizer(value):
    """What ``value``, given where a neuralab optimizer goes, is, in an error's words: a
    torch.optim optimizer (or its class), which updates torch tensors and never a neuralab
    model's arrays, gets the optimizer here that does its job (with its lr, or from
    ``TORCH_NAMES``), or the names here when there is none; anything else its type."""
    torch_optimizer = torch_class(value)
    if torch_optimizer is None:
        return type(value).__name__
    kind = torch_optimizer.__name__
    what = f"torch's {kind}, a PyTorch optimizer, which updates torch tensors, not a neuralab model's arrays"
    if kind in TORCH_NAMES:
        return f"{what}, and neuralab has no {kind}: use {TORCH_NAMES[kind]}"
    if kind.lower() not in OPTIMIZERS:
        return (f"{what}, and neuralab has no {kind}: pass one of its optimizers by name, "
                f"{', '.join(OPTIMIZERS)}, or built, optim.Adam(model.parameters())")
    lr = None if isinstance(value, type) else value.defaults.get("lr")
    return (f"{what}: pass neuralab's, optim.{OPTIMIZERS[kind.lower()][0].__name__}(model.parameters()"
            f"{'' if lr is None else f', lr={lr}'}), or its name, optimizer={kind.lower()!r}")


# torch.optim's and torch.optim.lr_scheduler's names that neuralab has no class of: what does the
# same job here (the module's __getattr__ answers optim.NAdam with it, and fit a torch optimizer)
TORCH_NAMES = {
    "CosineAnnealingLR": "CosineAnnealingWarmRestarts(opt, T_0=epochs): one cycle, if it ends with training",
    "OneCycleLR": "LinearWarmup(opt, warmup_steps, after=CosineAnnealingWarmRestarts(...)), stepped per batch",
    "LinearLR": "LinearWarmup(opt, warmup_steps=total_iters, start_factor=...), a warm-up to the lr itself",
    "SequentialLR": "LinearWarmup(opt, warmup_steps, after=scheduler): a warm-up, then the other scheduler",
    "ReduceLROnPlateau": "neuralab.train.ReduceLROnPlateau, a fit callback (in a loop of your own, "
                         "lower opt.lr when the loss stops falling)",
    "MultiplicativeLR": "a function of the epoch and the current lr: train.LearningRateScheduler(lambda "
                        "epoch, lr: lr * factor(epoch) if epoch else lr) in fit (torch's leaves epoch 0's lr), "
                        "or opt.lr *= factor(epoch + 1) after each epoch in a loop of your own",
    "PolynomialLR": "a function of the epoch: train.LearningRateScheduler(lambda epoch: 0.1 * (1 - "
                    "min(epoch, total_iters) / total_iters) ** power)",
    "CyclicLR": "a function of the update, train.LearningRateScheduler(f, per='batch'), with f(t) the "
                "triangle between base_lr and max_lr; or CosineAnnealingWarmRestarts(opt, T_0=...) "
                "stepped per batch, for cycles that start high and fall",
    "Adadelta": "optim.RMSProp, whose running mean of g² is Adadelta's first (Adadelta also scales by a "
                "running mean of the updates, in place of a learning rate)",
    "Adamax": "optim.Adam: Adamax is Adam with the largest |g| in place of √v",
    "NAdam": "optim.Adam (NAdam is Adam with Nesterov momentum), or optim.SGD(params, lr=0.01, "
             "momentum=0.9, nesterov=True)",
    "RAdam": "optim.Adam with a warm-up, which does the job of RAdam's rectified early steps: "
             "train.LearningRateScheduler(optim.LinearWarmup(opt, warmup_steps=...), per='batch')",
    "LBFGS": "optim.Adam: L-BFGS (torch's LBFGS, scikit-learn's solver='lbfgs') is a quasi-Newton method that "
             "evaluates the loss on all the data several times a step; the optimizers here take one step per "
             "mini-batch's gradient",
    "lr_scheduler": "the schedulers in neuralab.optim itself: optim.StepLR, optim.MultiStepLR, optim.ExponentialLR, "
                    "optim.LambdaLR, optim.CosineAnnealingWarmRestarts, optim.LinearWarmup",
}


# The optimizer classes of "Neural Networks from Scratch" (Kinsley & Kukieła, the nnfs book), its
# defaults written out: its epsilon is 1e-7 (torch's eps 1e-8, 1e-10 for Adagrad), its decay=d the lr
# η / (1 + d·t), t counting updates, which LambdaLR sets (docs/coming-from-nnfs.md)
_NNFS_DECAY = ("; its decay=d is scheduler = optim.LambdaLR(opt, lambda t: 1 / (1 + d * t)), with "
               "scheduler.step() after each opt.step()")
NNFS_NAMES = {
    "Optimizer_SGD": "optim.SGD(model.parameters(), lr=1.0), and its momentum=0.9 is momentum=0.9 here, which "
                     f"takes the book's steps while the lr is constant{_NNFS_DECAY}",
    "Optimizer_Adagrad": f"optim.Adagrad(model.parameters(), lr=1.0, eps=1e-7){_NNFS_DECAY}",
    "Optimizer_RMSprop": "optim.RMSProp(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7), the book's rho "
                         f"being alpha here{_NNFS_DECAY}",
    "Optimizer_Adam": f"optim.Adam(model.parameters(), lr=0.001, eps=1e-7){_NNFS_DECAY}",
}

# The optimizers of torch and Keras among them, by the names fit may be given ("nadam"), lower case
_OTHER_OPTIMIZERS = {name.lower(): name for name in ("Adadelta", "Adamax", "NAdam", "RAdam", "LBFGS")}

# A torch scheduler's or optimizer's name gets what does its job here, not a bare AttributeError.
__getattr__ = other_names("neuralab.optim", {**{name: "use " + way for name, way in TORCH_NAMES.items()},
                                             **{name: "use " + way for name, way in NNFS_NAMES.items()}})


__all__ = ["SGD", "RMSProp", "RMSprop", "Adam", "AdamW", "Adagrad", "Optimizer", "Scheduler", "StepLR",
           "MultiStepLR", "ExponentialLR", "LambdaLR", "CosineAnnealingWarmRestarts", "LinearWarmup", "step_decay",
           "multi_step_decay", "exponential_decay", "lambda_lr", "inverse_time_decay", "cosine_warm_restarts",
           "linear_warmup", "get", "OPTIMIZERS", "TORCH_NAMES", "parse_schedule"]
from .schedule_text import parse_schedule  # noqa: E402 (kept apart: text forms of the schedules)

# dir(optim) and tab completion: the optimizers, schedules and get, not the modules they live in
# nor the helpers fit imports from here
__dir__ = public_dir(globals(), internal=("check_complete", "not_an_optimizer"))
