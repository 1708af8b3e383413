"""Every loss by name: ``LOSSES`` maps a name ("mse", "mae", "bce", "bce_logits", "cross_entropy", "hinge" and
PyTorch's and Keras's names for them) to its class, and ``get`` turns a name, a class or an
instance into a loss, as ``fit`` and ``evaluate`` take it.

Each loss is also here, so that ``nn.losses.MSELoss`` works, but lives in a module of its own:
the base class ``Loss`` in ``loss``, ``MSELoss`` in ``mse``, ``L1Loss`` in ``mae``, ``BCELoss`` and
``BCEWithLogitsLoss`` in ``binary_cross_entropy``, ``CrossEntropyLoss`` in ``cross_entropy``,
``HingeLoss`` in ``hinge``.
"""

from ..spelling import as_python_name, closest
from .binary_cross_entropy import BCELoss, BCEWithLogitsLoss, binary_label_hint
from .cross_entropy import CrossEntropyLoss
from .habits import NIELSEN_COSTS
from .hinge import HingeLoss
from .labels import row_sum_off
from .loss import PROBABILITY_OUTPUTS, Loss
from .mae import L1Loss
from .mse import MSELoss

__all__ = ["LOSSES", "CLASSIFICATION_LOSSES", "REGRESSION_LOSSES", "get", "Loss", "MSELoss", "L1Loss", "BCELoss",
           "BCEWithLogitsLoss", "CrossEntropyLoss", "HingeLoss", "PROBABILITY_OUTPUTS", "binary_label_hint", "row_sum_off"]

LOSSES = {cls.name: cls for cls in (MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HingeLoss)}
# The losses whose targets are classes: accuracy is their metric, class_weight weighs them.
CLASSIFICATION_LOSSES = (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss)
# The losses of quantities to predict: mse, mae and r2 are their metrics.
REGRESSION_LOSSES = (MSELoss, L1Loss)
# Other names: torch.nn.functional's, and Keras's. Keras's binary_crossentropy takes
# probabilities, as bce does; its categorical losses take a Softmax output's probabilities, and fit
# gives cross_entropy the logits before that Softmax (``train.logits.logits_model``): the same loss
# of the same model. torch's class names, loss="BCELoss", are not names here but get that loss's.
LOSSES.update({"binary_cross_entropy": BCELoss, "binary_cross_entropy_with_logits": BCEWithLogitsLoss,
               "mse_loss": MSELoss, "binary_crossentropy": BCELoss,
               "ce": CrossEntropyLoss, "categorical_cross_entropy": CrossEntropyLoss,
               "categorical_crossentropy": CrossEntropyLoss,
               "sparse_categorical_crossentropy": CrossEntropyLoss,
               "mean_squared_error": MSELoss, "hinge_loss": HingeLoss,
               "l1": L1Loss, "l1_loss": L1Loss, "mean_absolute_error": L1Loss, "meanabsoluteerror": L1Loss})


def _bare(name):
    """``name`` reduced to what tells the losses apart, for the hint of an unknown one: lower case,
    no module prefix, "_" or trailing "loss" ("torch.nn.BCEWithLogitsLoss" -> "bcewithlogits",
    "F.mse_loss" -> "mse", "bce_loss" -> "bce")."""
    return as_python_name(name).rpartition(".")[2].replace("_", "").removesuffix("loss")


# Every spelling of each loss, bare, and the loss's own name: the hint goes by these, not by the
# nearest name in LOSSES, which sent "BCELoss" and "bce_loss" to "bce_logits" and
# "binary_cross_entropy_with_logits" to "binary_cross_entropy", each to the other binary loss.
_BARE = {_bare(spelling): cls.name for spelling, cls in
         [*LOSSES.items(), *((cls.__name__, cls) for cls in LOSSES.values())]}


# Losses of other libraries that neuralab does not have, by their bare names (``_bare``), for a
# refusal that says so rather than "did you mean" the nearest name, which is another loss
NOT_HERE = {"huber": "Huber loss", "smoothl1": "Huber loss",
            "kldiv": "KL-divergence loss", "kld": "KL-divergence loss",
            "poisson": "Poisson loss", "logcosh": "log-cosh loss",
            "nll": "negative log-likelihood loss on log-probabilities (cross_entropy takes the logits)"}

# scikit-learn's log_loss, which is one of the cross-entropies here, by what the model outputs
LOG_LOSS = ("scikit-learn's log_loss is 'cross_entropy' for one output per class, 'bce' for one Sigmoid "
            "output, 'bce_logits' for one output without")
# Nielsen's cost classes, by their bare names, and his "quadratic cost"
_NIELSEN_COSTS = {**{_bare(name): way for name, way in NIELSEN_COSTS.items()},
                  "quadratic": NIELSEN_COSTS["QuadraticCost"]}


def get(name):
    """A loss from its name (a key of ``LOSSES``: "mse", "mae", "bce", "bce_logits", "cross_entropy" or
    another name for one of them), a Loss instance, or a Loss class, which gets instantiated
    (``loss=nn.BCELoss``, as Keras takes a class)."""
    if isinstance(name, Loss):
        return name
    if isinstance(name, type) and issubclass(name, Loss):
        return name()
    if isinstance(name, str) and name in LOSSES:
        return LOSSES[name]()
    names = ", ".join(dict.fromkeys(cls.name for cls in LOSSES.values()))
    if not isinstance(name, str):  # not its repr: an array passed in the loss's place prints whole
        raise TypeError(f"loss must be a Loss, a Loss class or one of the names {names}; "
                        f"got {type(name).__name__}")
    if _bare(name) == "log":
        raise ValueError(f"unknown loss {name!r}: {LOG_LOSS}")
    if (cost := _NIELSEN_COSTS.get(_bare(name))) is not None:
        raise ValueError(f"unknown loss {name!r}: {cost}")
    if (other := NOT_HERE.get(_bare(name))) is not None:
        raise ValueError(f"unknown loss {name!r}: neuralab has no {other}; choose one of: {names}")
    near = closest(_bare(name), _BARE)
    meant = _BARE[near[0]] if near else None
    hint = f"did you mean {meant!r} (nn.{LOSSES[meant].__name__})? " if meant else ""
    raise ValueError(f"unknown loss {name!r}; {hint}choose one of: {names} (other names for them "
                     f"are in nn.LOSSES)")
