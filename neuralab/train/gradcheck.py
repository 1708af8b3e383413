"""Gradient checking: compare backpropagation with central finite differences.

For a scalar f(θ), the central difference (f(θ + ε) - f(θ - ε)) / 2ε has error O(ε²); in
float64 with ε = 1e-6 it agrees with a correct analytic gradient to about 1e-8 (relative).
"""
import numpy as np

from ..nn import losses
from ..nn.checks import check_bool, check_number
from ..nn.dtype import as_float_array
from ..nn.layer import Layer
from ..nn.random import default_rng


def _relative_errors(pairs, floor=1e-3):
    """{name: ‖a - n‖ / max(‖a‖ + ‖n‖, floor · the largest ‖a‖ + ‖n‖)} for {name: (a, n)}."""
    scales = {name: np.linalg.norm(a) + np.linalg.norm(n) for name, (a, n) in pairs.items()}
    least = floor * max(scales.values())
    errors = {}
    for name, (a, n) in pairs.items():
        scale = max(scales[name], least)
        errors[name] = float(np.linalg.norm(a - n) / scale) if scale > 0 else 0.0
        if not np.isfinite(scales[name]):  # a NaN or inf gradient is never a pass
            errors[name] = float("nan")
    return errors


def _generators(model):
    """The random generators a forward pass may draw from (dropout masks): the library's and
    any a layer holds. ``reset()`` puts them all back in their present state, so that every
    evaluation of f draws the same masks, as the backward pass saw them."""
    found = [default_rng()]
    for layer in model.walk():
        found += [value for value in vars(layer).values() if isinstance(value, np.random.Generator)]
    states = [(g, g.bit_generator.state) for g in {id(g): g for g in found}.values()]

    def reset():
        for g, state in states:
            g.bit_generator.state = state

    return reset


def _numeric_gradient(f, array, eps):
    grad = np.zeros_like(array)
    flat, out = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        plus = f()
        flat[i] = original - eps
        minus = f()
        flat[i] = original
        out[i] = (plus - minus) / (2 * eps)
    return grad


def gradcheck(model, loss, X, y=None, eps=1e-6, training=False, seed=0, details=False):
    """The worst relative error ‖g_backprop - g_numeric‖ / (‖g_backprop‖ + ‖g_numeric‖) over the
    input and every parameter, computed in float64.

    The denominator never goes below a thousandth of the largest one: a gradient that is zero in
    exact arithmetic (the bias of a layer followed by batch normalisation) comes out of both
    methods as rounding noise, and noise divided by noise is not an error. A wrong gradient that
    small next to the others still shows: its error is its size over that floor.

    With a ``loss`` the checked function is f = loss(model(X), y). With ``loss=None`` it is
    f = Σ model(X) ⊙ R for a random R, i.e. backpropagation from a random upstream gradient
    (an all-ones upstream gradient can hide errors). The model's weights and gradients are
    restored afterwards, and so are its buffers (batch normalisation's running statistics, which
    every forward pass in training mode moves). With ``training=True`` every evaluation draws
    the same dropout masks (the random generators are reset before each one, and left as they
    were at the end), so the function checked is the network with one fixed mask.
    ``details=True`` also returns the error of each array by name. A NaN or inf anywhere makes
    the result NaN, which fails any ``< tolerance`` test.
    """
    if not isinstance(model, Layer):
        raise TypeError(f"model must be a neuralab Layer or Sequential, got {type(model).__name__}")
    eps = check_number(eps, "eps", lambda v: v > 0, "a positive number (the finite-difference step)")
    training = check_bool(training, "training")
    loss = losses.get(loss) if loss is not None else None
    if loss is not None and y is None:
        raise ValueError(f"y: a loss needs the targets; gradcheck(model, {type(loss).__name__}(), X, y)")
    X = np.array(as_float_array(X, "X"), dtype=np.float64)
    saved = [(p, p.data, p.grad) for _, p in model.named_parameters()]
    buffers = [(b, b.copy()) for _, b in model.named_buffers()]
    reset_generators = _generators(model)
    try:
        for p, data, _ in saved:
            p.data, p.grad = data.astype(np.float64), np.zeros(data.shape, np.float64)
        out = model.forward(X, training=training)
        upstream = np.random.default_rng(seed).standard_normal(out.shape)

        def f():
            reset_generators()
            a = model.forward(X, training=training)
            return loss(a, y) if loss is not None else float((a * upstream).sum())

        numeric = {"input": _numeric_gradient(f, X, eps)}
        numeric.update((name, _numeric_gradient(f, p.data, eps)) for name, p in model.named_parameters())
        # Backpropagation last, so that the model's last forward pass is the one backpropagated
        # (a Sequential refuses to backpropagate a training pass that a later one replaced).
        f()
        analytic = {"input": model.backward(loss.backward() if loss is not None else upstream)}
        analytic.update((name, p.grad) for name, p in model.named_parameters())
        errors = _relative_errors({name: (analytic[name], numeric[name]) for name in numeric})
    finally:
        for p, data, grad in saved:
            p.data, p.grad = data, grad
        for b, values in buffers:
            b[...] = values
        reset_generators()
    worst = float(np.max(list(errors.values())))  # NaN if any is NaN, whatever the order
    return (worst, errors) if details else worst
