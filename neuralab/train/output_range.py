"""Whether the model's output can reach its regression targets at all.

Under the squared error ℓ = (a − y)² the gradient 2(a − y) pulls the output a towards y, but an
output layer that is a bounded activation never gets there when y lies outside its range:

    sigmoid  a = 1 / (1 + e^(−z)) ∈ (0, 1)        tanh  a ∈ (−1, 1)
    ReLU     a = max(0, z) ∈ [0, ∞)               softmax, step  a ∈ [0, 1]

A standardised target (mean 0, std 1, values of both signs) under a sigmoid output is the
usual case: the network reaches only the targets in (0, 1), those above are answered 1, those
below 0, and R² stays far below a linear output's, with no error and a falling loss to show.
The cross-entropies check their targets themselves (probabilities in [0, 1], class labels);
this is for the regression losses, ``MSELoss`` and ``L1Loss``, which take any number (the absolute
error's gradient sign(a − y) pulls as vainly).
"""
import numpy as np

from ..nn import activations
from ..nn.losses import REGRESSION_LOSSES
from ..nn.softmax import Softmax

# what each regression loss measures, for the refusal
ERRORS = {"mse": "squared error", "mae": "absolute error"}
# (low, high, in words) of the values each bounded output activation can take
OUTPUT_RANGES = ((activations.Sigmoid, 0.0, 1.0, "(0, 1)"), (activations.Tanh, -1.0, 1.0, "(−1, 1)"),
                 (activations.ReLU, 0.0, np.inf, "[0, ∞)"), (Softmax, 0.0, 1.0, "[0, 1]"),
                 (activations.Step, 0.0, 1.0, "{0, 1}"))


def output_range(model):
    """(layer name, low, high, in words) of the model's last layer when it is a bounded activation,
    else None (a Dense layer, an identity, a leaky ReLU, an ``nn.Standardize`` mapping back to the
    target's units: any value)."""
    last = list(model.walk())[-1] if hasattr(model, "walk") else model
    for kind, low, high, words in OUTPUT_RANGES:
        if type(last) is kind:       # (LeakyReLU is no ReLU here: its outputs take any value)
            return type(last).__name__, low, high, words
    return None


def check_output_range(model, loss, y, name="y"):
    """Refuse regression targets ``y`` that MSE or MAE would pull the model's bounded output towards in
    vain (see the module's docstring), naming the output, the targets' range and the fixes."""
    found = output_range(model) if isinstance(loss, REGRESSION_LOSSES) else None
    if found is None:
        return
    layer, low, high, words = found
    values = np.asarray(y)
    lowest, highest = float(values.min()), float(values.max())
    if lowest >= low and highest <= high:
        return
    outside = int(np.count_nonzero((values < low) | (values > high)))
    raise ValueError(f"{name} holds values from {lowest:.4g} to {highest:.4g} ({outside} of {values.size} outside "
                     f"{words}), but the model ends with {layer}, whose outputs lie in {words}: the {ERRORS[loss.name]} "
                     f"can never bring it to those targets. For a regression, end with a linear output "
                     f"(nn.MLP(..., output=None), or no activation after the last Dense layer); keep {layer} "
                     f"only for targets within {words}")
