"""L1 and L2 penalties: a cost on large weights, added to the loss that training minimises.

    L2:  L_total = L + (λ/2) Σ w²     dL_total/dw = dL/dw + λ w
    L1:  L_total = L + λ Σ |w|        dL_total/dw = dL/dw + λ sign(w)

L2 pulls every weight towards 0 in proportion to its size (with plain SGD,
``L2(λ, include_bias=True)`` is exactly ``weight_decay=λ``, which shrinks biases too); L1 pulls with a constant force, so small weights reach exactly 0 (sparsity).
Only weights are penalised, never biases (a bias does not make the function wiggle) unless
``include_bias=True``.

Which parameters are weights: each layer says so in its class attribute ``regularized``, the
names of the attributes that hold them (Dense: ``("weight",)``; BatchNorm1d: ``()``, its γ and β
are not penalised). A layer of your own opts in the same way::

    class Affine(nn.Layer):
        regularized = ("weight",)     # self.weight is penalised, self.bias is not

Each name is an attribute holding a Parameter, a list or tuple of Parameters (``self.params =
[W1, W2]``: each one is penalised) or None (no such parameter: nothing); anything else is
refused, naming the layer and the attribute. A layer that names none (``nn.Layer``'s default,
``()``) is not penalised, and nothing says so: a weight layer of your own without
``regularized`` trains as if the penalty were not there. The training ``Monitor`` watches the
weights it names too (and, in a layer that names none, the Parameters of 2 or more dimensions:
watching changes nothing, where a penalty changes what is learnt).
"""

import numpy as np

from ..nn.checks import check_bool, check_number, checked_keywords
from ..nn.habits import L2_IN_OTHER_TERMS
from ..nn.layer import Layer
from ..nn.parameter import Parameter


# The course's and Keras's names for λ, which is ``rate`` here.
_RATE_NAMES = ("lambd", "lmbda", "lambda_", "lam", "l1", "l2", "alpha", "weight_decay")


class Penalty:
    """Base: which parameters, and ``value`` / ``add_grad`` of the penalty on them. ``RATE`` answers
    the other names of λ (the course's lambd, Keras's l2)."""

    RATE = "λ is rate here, the first argument"

    @checked_keywords(lambda cls: dict.fromkeys(_RATE_NAMES, cls.RATE))   # the course's lambd, Keras's l2
    def __init__(self, rate, layers=None, include_bias=False):
        rate = check_number(rate, f"{type(self).__name__} rate", lambda v: v >= 0, "a finite number >= 0")
        if layers is not None:
            layers = list(layers) if isinstance(layers, (list, tuple)) else [layers]
            for layer in layers:
                if not isinstance(layer, Layer):
                    raise TypeError(f"layers must be Layer objects, got {type(layer).__name__}")
        self.rate, self.layers = rate, layers
        self.include_bias = check_bool(include_bias, "include_bias")

    def parameters(self, model):
        """The parameters this penalty applies to, in ``model`` (or in the chosen layers)."""
        chosen = []
        for layer in self.layers or model.walk():
            names = regularized_names(layer)
            if self.include_bias and hasattr(layer, "bias") and "bias" not in names:
                names = (*names, "bias")
            for p in regularized_parameters(layer, names):
                if all(p is not q for q in chosen):  # a tied or listed-twice parameter counts once
                    chosen.append(p)
        return chosen

    def value(self, model):
        """The penalty on ``model``'s parameters, or on a list that ``parameters`` returned (``fit``
        finds them once, not at every batch)."""
        return sum(self._value(p.data) for p in self._chosen(model)) * self.rate

    def add_grad(self, model):
        """Add dPenalty/dw into each parameter's ``.grad``; ``model`` as in ``value``."""
        for p in self._chosen(model):
            p.grad += self._grad(p.data) * p.grad.dtype.type(self.rate)

    def _chosen(self, model):
        return model if isinstance(model, list) else self.parameters(model)

    def __repr__(self):
        # the arguments that change what is penalised too: two penalties that print alike act alike
        layers = "" if self.layers is None else f", layers={self.layers!r}"
        bias = ", include_bias=True" if self.include_bias else ""
        return f"{type(self).__name__}({self.rate:g}{layers}{bias})"


def regularized_names(layer):
    """``layer.regularized``, checked to be a tuple or list of attribute names."""
    names = layer.regularized
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise TypeError(f"{type(layer).__name__}.regularized must be a tuple of attribute names, "
                        f"such as ('weight',), got {names!r}")
    return names


def regularized_parameters(layer, names=None):
    """The Parameters that ``layer.regularized`` (or ``names``) names, in order: each name's
    attribute is a Parameter, a list or tuple of Parameters (each one counts) or None (none);
    anything else is refused with an error naming the layer and the attribute."""
    names = regularized_names(layer) if names is None else names
    found = []
    for name in names:
        if not isinstance(name, str) or not hasattr(layer, name):
            raise AttributeError(f"{type(layer).__name__}.regularized names {name!r}, which the layer "
                                 f"has no attribute of: list the attributes that hold its weights")
        value = getattr(layer, name)
        listed = isinstance(value, (list, tuple))
        items = list(value) if listed else [] if value is None else [value]
        odd = [item for item in items if not isinstance(item, Parameter)]
        if odd:
            what = f"a {type(value).__name__} holding a {type(odd[0]).__name__}" if listed else \
                f"a {type(value).__name__}"
            raise TypeError(f"{type(layer).__name__}.regularized names {name!r}, which holds {what}: "
                            f"L1/L2 penalise Parameters, so the attribute must hold an nn.Parameter, "
                            f"a list or tuple of them (each penalised) or None")
        found += items
    return found


class L2(Penalty):
    """(λ/2) Σ w²; gradient λ w. Only the parameters that layers list in ``regularized`` (see the
    module docstring): a layer of your own that lists none is not penalised, without a warning.

    The loss it is added to is a mean over the samples, as the course's cost (1/m) Σ L is, so the
    course's (λ/2m) Σ‖W[l]‖² is ``L2(λ / m)``, m the training samples (λ = 0.7 on 200 samples is
    L2(0.0035), and L2(0.7) a penalty 200 times as strong). Keras's l2(λ), λ Σ w², is L2(2λ)."""

    RATE = f"λ is rate here, the first argument: {L2_IN_OTHER_TERMS}"

    def _value(self, w):
        return 0.5 * float(np.dot(w.reshape(-1), w.reshape(-1)))

    def _grad(self, w):
        return w


class L1(Penalty):
    """λ Σ |w|; gradient λ sign(w) (0 at w = 0, as the subgradient PyTorch uses). Only the
    parameters that layers list in ``regularized`` (see the module docstring): a layer of your
    own that lists none is not penalised, without a warning. Keras's l1(λ) is L1(λ)."""

    RATE = "λ is rate here, the first argument: L1(1e-3) adds λ Σ |w| to the mean loss, as Keras's l1(λ)"

    def _value(self, w):
        return float(np.abs(w).sum())

    def _grad(self, w):
        return np.sign(w)


def as_penalties(penalty):
    """None, one Penalty or a list of them -> a list."""
    if penalty is None:
        return []
    penalties = list(penalty) if isinstance(penalty, (list, tuple)) else [penalty]
    for p in penalties:
        if not isinstance(p, Penalty):
            # a name ("l2", Keras's kernel_regularizer="l2") carries no strength λ: the call names it
            kind = "L1" if isinstance(p, str) and p.strip().lower() == "l1" else "L2"
            raise TypeError(f"penalty must be an L1 or L2 penalty (or a list of them), with its strength λ: "
                            f"penalty=train.{kind}(1e-3) (from neuralab import train), got {p!r}")
    return penalties
