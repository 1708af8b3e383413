"""What a failed ``gradcheck`` says: the worst array, and what its numbers point to.

A wrong backward often differs from the slope by a rule the numbers show, each with its own fix:

- backward's gradient is 0 throughout: no backward adds to it (an ``nn.Activation`` given a
  parameter, whose backward gives it none).
- backward's gradient is c times the finite differences', entry by entry. c = 1/m (m the rows of
  X) is the course's dW = (1/m) dZ·A.T written into a layer here, where the loss is already a
  mean and δ carries its 1/m; c = −1 is a sign; any other c a factor of the formula.
- a square weight's gradient is the transpose of the slope: a_prev.T @ δ for δ.T @ a_prev.
- right after one backward, wrong after two: backward assigns ``p.grad = g`` instead of adding.
- a layer's forward writes into its input (``x *= s``): the array the layer before it keeps for
  its backward (Tanh and Sigmoid keep their output) changes under it, and that layer's backward
  goes wrong with no mistake of its own, so the layer to mend is the one that wrote.
- a layer computes in float32 inside gradcheck's float64 copy (``x.astype(np.float32)``): the
  finite differences then measure float32's rounding, an error of about 1e-2 whatever backward
  does, so no formula is to blame.
"""
import numpy as np

from ..nn.layer import Layer

FAILS = 1e-5  # float64 differences of a right backward are 1e-7 or less; past this, words
SAME = 1e-4   # relative distance under which two arrays are taken for each other (the numbers err by 1e-8)


class GradcheckResult(float):
    """gradcheck's worst relative error: a float in every way (it compares, formats and computes
    as one). When it is past ``FAILS`` it also says which array is worst (``worst``, its name
    in ``details``) and what to look at (``advice``), and prints with them, so that a failed
    check in a notebook says more than a number."""

    __slots__ = ("worst", "advice")

    def __new__(cls, value, worst=None, advice=""):
        result = super().__new__(cls, value)
        result.worst, result.advice = worst, advice
        return result

    def __repr__(self):
        number = float.__repr__(self)
        return number if self.worst is None else f"{number} (worst: {self.worst}; {self.advice})"


def advice(name, hints, narrowed=None):
    """What to look at for the worst array ``name``: a layer computing in float32 (``narrowed``)
    first, as it spoils every comparison; else what its numbers showed (``hints[name]``); else
    the formula that gives it."""
    if narrowed:
        return narrowed
    if name in hints:
        return hints[name]
    if name == "input":
        return ("dL/dx, what the model's backward returns, disagrees with finite differences: the "
                "backward of some layer returns a wrong δ_prev; details=True gives each parameter's "
                "error, and the first layer whose parameters pass is after the wrong one")
    return (f"backward's gradient of {name} disagrees with finite differences: check its formula, "
            f"and the δ that the layer after it returns (details=True gives each array's error)")


def assigns(name):
    """The hint for a gradient right after one backward and wrong after two."""
    return (f"right after one backward, wrong after two: backward assigns the gradient of "
            f"{name} (p.grad = g) instead of adding to it (p.grad += g), which loses the part of "
            f"any other use of the parameter")


def mismatch(name, a, n, m):
    """The hint for backward's gradient ``a`` of ``name`` against the finite differences ``n``
    (X of ``m`` rows) when ``a`` is c·n or n's transpose, else None. A factor is told for an
    array of one entry only when c is 1/m or −1, as any two numbers are proportional."""
    scale = np.linalg.norm(n)
    if scale == 0 or not np.isfinite(scale) or not np.isfinite(a).all():
        return None
    if name != "input" and not a.any():
        return (f"backward left the gradient of {name} at 0, where finite differences find a slope: "
                f"its layer's backward never adds to it (.grad += ...). An nn.Activation's backward, "
                f"δ_z = δ_a ⊙ f'(z), gives no parameter a gradient: a layer with parameters is an "
                f"nn.Layer with a backward of its own")
    c = float(np.vdot(a, n)) / scale ** 2
    if np.linalg.norm(a - c * n) <= SAME * np.linalg.norm(a):
        if m > 1 and np.isclose(c * m, 1, rtol=1e-3):
            return (f"backward's gradient of {name} is 1/{m} of finite differences' (m = {m}, the rows "
                    f"of X): the loss is a mean over the batch and δ already carries its 1/m, so "
                    f"backward sums over the samples (δ.T @ a_prev, Σ δ) with no 1/m or .mean() of its own")
        if np.isclose(c, -1, rtol=1e-3):
            return f"backward's gradient of {name} has the opposite sign of finite differences': a sign is wrong"
        if a.size > 1 and not np.isclose(c, 1, rtol=1e-3):
            return (f"backward's gradient of {name} is {c:.3g} times finite differences', entry by "
                    f"entry: a factor of its formula is wrong")
    if a.ndim == 2 and a.shape[0] == a.shape[1] > 1 and np.linalg.norm(a - n.T) <= SAME * np.linalg.norm(a):
        return (f"backward's gradient of {name} is the transpose of finite differences': for a weight W "
                f"of shape (out, in), dW = δ.T @ a_prev, not a_prev.T @ δ")
    return None


def low_precision_arrays(model, rows):
    """{id: "layer <path> (<class>) keeps self.<attribute> in <dtype>"} for the float arrays of
    one row per sample (``rows`` of them) narrower than float64 that ``model``'s layers hold now:
    what a forward computed from the batch, such as its input cast to float32. (An array of
    constants in float32, BatchNorm's σ from float32 running statistics, loses nothing.)"""
    return {id(value): f"layer {path or 'model'} ({type(layer).__name__}) keeps self.{attribute} in {value.dtype}"
            for path, layer in model.named_layers()
            for attribute, value in vars(layer).items()
            if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.dtype.itemsize < 8
            and value.ndim > 0 and len(value) == rows}


def narrowed(model, out, before):
    """The hint when a forward of gradcheck's float64 copy computed in lower precision: a layer
    that made such an array during the passes (not among ``before``, held already), or the
    model's output ``out``; else None."""
    made = [place for key, place in low_precision_arrays(model, len(out)).items() if key not in before]
    if not made and out.dtype.itemsize >= 8:
        return None
    what = made[0] if made else f"the model returns {out.dtype.name}"
    return (f"{what}, though gradcheck runs it in float64: finite differences then measure "
            f"float32's rounding, not backward's error. Keep the input's dtype in forward (no "
            f".astype(np.float32), no array made in nn.get_default_dtype() there), and check again")


def in_place_writer(model, run):
    """The hint when the forward of a layer of ``model`` wrote into its input, seen in one pass
    ``run()`` with each innermost layer's forward watched (its input copied before, compared
    after); else None. The first such layer is named."""
    found, watched = [], []
    for path, layer in model.named_layers():
        if path and not any(isinstance(child, Layer) for _, child in layer._children()):
            watched.append((layer, layer.forward))
            layer.forward = _watch(layer.forward, f"layer {path} ({type(layer).__name__})", found)
    try:
        run()
    finally:
        for layer, forward in watched:
            layer.forward = forward
    if not found:
        return None
    return (f"{found[0]}'s forward wrote into its input (x *= ..., x[...] = ...), which the layer before it "
            f"may keep for its backward: compute a new array instead (x = x * ...), and check again")


def _watch(forward, label, found):
    def watched(x, training=False):
        before = np.array(x, copy=True) if isinstance(x, np.ndarray) else None
        out = forward(x, training=training)
        if before is not None and not np.array_equal(x, before, equal_nan=True):
            found.append(label)
        return out
    return watched
