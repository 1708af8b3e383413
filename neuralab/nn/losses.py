"""Every loss by name: ``LOSSES`` maps a name ("mse", "bce", "bce_logits", "cross_entropy" and
PyTorch's and Keras's names for them) to its class, and ``get`` turns a name, a class or an
instance into a loss, as ``fit`` and ``evaluate`` take it.

Each loss is also here, so that ``nn.losses.MSELoss`` works, but lives in a module of its own:
the base class ``Loss`` in ``loss``, ``MSELoss`` in ``mse``, ``BCELoss`` and
``BCEWithLogitsLoss`` in ``binary_cross_entropy``, ``CrossEntropyLoss`` in ``cross_entropy``.
"""

from .binary_cross_entropy import BCELoss, BCEWithLogitsLoss, binary_label_hint
from .checks import as_python_name, did_you_mean
from .cross_entropy import CrossEntropyLoss
from .loss import PROBABILITY_OUTPUTS, Loss, row_sum_off
from .mse import MSELoss

__all__ = ["LOSSES", "CLASSIFICATION_LOSSES", "get", "Loss", "MSELoss", "BCELoss", "BCEWithLogitsLoss",
           "CrossEntropyLoss", "PROBABILITY_OUTPUTS", "binary_label_hint", "row_sum_off"]

LOSSES = {cls.name: cls for cls in (MSELoss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss)}
# The losses whose targets are classes: accuracy is their metric, class_weight weighs them.
CLASSIFICATION_LOSSES = (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss)
# Other names: torch.nn.functional's binary_cross_entropy, and Keras's. Keras's
# binary_crossentropy takes probabilities, as bce does; its categorical losses take a Softmax
# output's probabilities, and fit gives cross_entropy the logits before that Softmax
# (``train.logits.logits_model``): the same loss of the same model.
LOSSES.update({"binary_cross_entropy": BCELoss, "binary_crossentropy": BCELoss,
               "ce": CrossEntropyLoss, "categorical_cross_entropy": CrossEntropyLoss,
               "categorical_crossentropy": CrossEntropyLoss,
               "sparse_categorical_crossentropy": CrossEntropyLoss,
               "mean_squared_error": MSELoss})
# A class's name written as a string, loss="BCELoss" (torch's name too), is refused with the name of
# that loss: spelt close to "bce_logits", the nearest name alone sent it to the loss on logits.
_BY_CLASS_NAME = {cls.__name__.lower(): cls.name for cls in LOSSES.values()}


def get(name):
    """A loss from its name (a key of ``LOSSES``: "mse", "bce", "bce_logits", "cross_entropy" or
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
    meant = _BY_CLASS_NAME.get(as_python_name(name))
    hint = (f"did you mean {meant!r} (nn.{LOSSES[meant].__name__})? " if meant else
            did_you_mean(name, LOSSES))
    raise ValueError(f"unknown loss {name!r}; {hint}choose one of: {names} (other names for them "
                     f"are in nn.LOSSES)")
