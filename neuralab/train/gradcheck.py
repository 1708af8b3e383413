"""Gradient checking: compare backpropagation with central finite differences.

For a scalar f(θ), the central difference (f(θ + ε) - f(θ - ε)) / 2ε has error O(ε²); in
float64 with ε = 1e-6 it agrees with a correct analytic gradient to about 1e-8 (relative).

Where f has a kink inside [θ - ε, θ + ε] (a ReLU, LeakyReLU or Step input at exactly 0: zero
biases and a zero input put it there) f has no derivative, and the central difference is the
mean of the slopes on either side, which backpropagation never gives. The one-sided slopes
(f(θ + ε) - f(θ)) / ε and (f(θ) - f(θ - ε)) / ε tell it: on a smooth f they differ by f''·ε,
across a kink by the jump of the slope. ``gradcheck`` warns when an error it reports comes with
such a jump, so that a correct network is not taken for a wrong backward.
"""
import contextlib
import warnings

import numpy as np

from ..nn import losses
from ..nn.checks import check_bool, check_number
from ..nn.dtype import as_float_array
from ..nn.layer import Layer
from ..nn.sequential import EvaluationPassWarning, Sequential
from ..nn.random import as_rng, default_rng


# The finite-difference steps that measure a slope in float64: past 1e-2 the central difference
# errs by f'''·ε²/6 and spans ReLU kinks, below 1e-10 rounding (1e-16 / ε) swamps it; a step
# of 3 or 1e-300 gave an error of 0.5 or 1.0 for a correct backward.
EPS_RANGE = (1e-10, 1e-2)


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


def _refuse_a_random_loss(f0, f1, training):
    """Raise if f0 and f1, two evaluations of f at the same θ (the generators reset before each),
    differ by more than rounding: a layer draws numbers that ``_generators`` cannot put back (from
    ``np.random.rand``, or a Generator made in ``forward``), so every f(θ ± ε) has other random
    numbers, the differences measure them (an error near 1) and their jumps look like kinks."""
    if not (np.isfinite(f0) and np.isfinite(f1)):
        return  # a NaN or inf is reported as NaN, which fails any tolerance anyway
    if abs(f1 - f0) > 100 * np.finfo(np.float64).eps * max(abs(f0), abs(f1)):
        mode = "training=True" if training else "training=False"
        raise ValueError(f"gradcheck: the loss is random at fixed weights: f gave {f0!r} then {f1!r} "
                         f"at the same θ ({mode}), so finite differences would measure the random "
                         f"numbers, not the slope. A layer draws from a generator gradcheck cannot "
                         f"reset (np.random.rand, or np.random.default_rng() made in forward): draw "
                         f"from neuralab.nn.random.default_rng() (the generator neuralab.seed resets), "
                         f"or keep a np.random.Generator attribute (self.rng), as nn.Dropout does; "
                         f"gradcheck puts both back before each evaluation")


def _numeric_gradient(f, array, eps, f0):
    """(∂f/∂array by central differences, the number of entries where the slope jumps), for
    f0 = f() at the present ``array``. A jump is one-sided slopes further apart than a thousandth
    of their size and than rounding (``_slope_gap``), and still a third as far apart at ε/10: on a
    smooth f their gap is f''·ε, which a large ε or a large f'' can make pass the first test but
    which shrinks tenfold with ε, where a kink's stays."""
    grad = np.zeros_like(array)
    flat, out = array.reshape(-1), grad.reshape(-1)
    kinks = 0
    for i in range(flat.size):
        plus, minus = _around(f, flat, i, eps)
        out[i] = (plus - minus) / (2 * eps)
        if _slope_gap(plus, minus, f0, eps) > 1e-3 * (abs(plus - f0) + abs(f0 - minus)) / eps:
            # a kink's jump stays as ε shrinks, a smooth f's gap f''·ε shrinks with it: look
            # again at ε/10 (two more values of f, for the entries that looked kinked only)
            gap = _slope_gap(plus, minus, f0, eps)
            kinks += _slope_gap(*_around(f, flat, i, eps / 10), f0, eps / 10) > gap / 3
    return grad, kinks


def _around(f, flat, i, eps):
    """(f at flat[i] + eps, f at flat[i] - eps), flat[i] put back."""
    original = flat[i]
    flat[i] = original + eps
    plus = f()
    flat[i] = original - eps
    minus = f()
    flat[i] = original
    return plus, minus


def _slope_gap(plus, minus, f0, eps):
    """|right slope - left slope| = |f(θ+ε) - 2f(θ) + f(θ-ε)| / ε, or 0 when it is within the
    rounding of f's values divided by ε (f in float64 rounds by |f0| · 2.2e-16: a loss of 1e10
    makes slopes noisy by 2)."""
    noise = max(1e-6, 100 * np.finfo(np.float64).eps * abs(f0) / eps)
    gap = abs(plus - 2 * f0 + minus) / eps
    return gap if gap > noise else 0.0


def gradcheck(model, loss, X, y=None, eps=1e-6, training=False, seed=0, details=False):
    """The worst relative error ‖g_backprop - g_numeric‖ / (‖g_backprop‖ + ‖g_numeric‖) over the
    input and every parameter, computed in float64.

    The denominator never goes below a thousandth of the largest one: a gradient that is zero in
    exact arithmetic (the bias of a layer followed by batch normalisation) comes out of both
    methods as rounding noise, and noise divided by noise is not an error. A wrong gradient that
    small next to the others still shows: its error is its size over that floor.

    With a ``loss`` the checked function is f = loss(model(X), y). With ``loss=None`` it is
    f = Σ model(X) ⊙ R for a random R, i.e. backpropagation from a random upstream gradient
    (an all-ones upstream gradient can hide errors), R drawn from ``seed`` (as ``fit`` takes it:
    an integer >= 0, a Generator, or None for the one ``neuralab.seed`` resets). The model's
    weights and gradients are restored afterwards, and so are its buffers (batch normalisation's
    running statistics, which every forward pass in training mode moves). With ``training=True``
    every evaluation draws the same dropout masks (the random generators are reset before each
    one, and left as they were at the end), so the function checked is the network with one
    fixed mask. Those generators are the library's (``neuralab.nn.random.default_rng()``) and
    any ``np.random.Generator`` a layer keeps as an attribute; a layer of your own that draws
    from another (``np.random.rand``) makes f random at fixed weights, which is refused with a
    ValueError (f is evaluated twice at the same θ to see it).
    ``details=True`` also returns the error of each array by name. A NaN or inf anywhere makes
    the result NaN, which fails any ``< tolerance`` test.

    It also backpropagates a second time: each parameter's gradient must then have doubled
    (its error is the larger of the two comparisons), since backward adds to ``.grad`` as
    autograd does; a backward that assigns gives the right numbers once. A kink within ε of the point
    (see the module docstring) gives a warning with the error.
    """
    if not isinstance(model, Layer):
        raise TypeError(f"model must be a neuralab Layer or Sequential, got {type(model).__name__}")
    eps = check_number(eps, "eps", lambda v: EPS_RANGE[0] <= v <= EPS_RANGE[1],
                       f"a positive number from {EPS_RANGE[0]:g} to {EPS_RANGE[1]:g} (the "
                       f"finite-difference step; 1e-6 suits float64)")
    training = check_bool(training, "training")
    rng = as_rng(seed)
    if isinstance(loss, np.ndarray) or isinstance(loss, (list, tuple)):
        raise TypeError("loss is an array: the arguments are gradcheck(model, loss, X, y), the loss "
                        "second (loss=None checks backpropagation from a random upstream gradient)")
    loss = losses.get(loss) if loss is not None else None
    if loss is not None and y is None:
        raise ValueError(f"y: a loss needs the targets; gradcheck(model, {type(loss).__name__}(), X, y)")
    if loss is None and y is not None:
        raise ValueError("y is given but loss is None, which checks f = Σ model(X) ⊙ R without "
                         "targets: pass the loss too, gradcheck(model, loss, X, y)")
    X = np.array(as_float_array(X, "X"), dtype=np.float64)
    reset_generators = _generators(model)
    # its passes leave every layer's caches as the last one made them: a backward of the user's
    # afterwards would silently differentiate gradcheck's X, so a Sequential refuses it then
    # (as after predict); a training pass waiting for its backward must be run again
    one_pass = model._one_pass() if isinstance(model, Sequential) else contextlib.nullcontext()
    with one_pass:
        return _check(model, loss, X, y, eps, training, rng, details, reset_generators)


def _check(model, loss, X, y, eps, training, rng, details, reset_generators):
    """gradcheck on checked arguments: the model is restored as it was, caches aside."""
    saved = [(p, p.data, p.grad, p.has_grad) for _, p in model.named_parameters()]
    buffers = [(b, b.copy()) for _, b in model.named_buffers()]
    try:
        for p, data, _, _ in saved:
            p.data, p.grad = data.astype(np.float64), np.zeros(data.shape, np.float64)
        out = model.forward(X, training=training)
        upstream = rng.standard_normal(out.shape)

        def f():
            reset_generators()
            a = model.forward(X, training=training)
            return loss(a, y) if loss is not None else float((a * upstream).sum())

        f0 = f()
        _refuse_a_random_loss(f0, f(), training)
        numeric, kinks = {}, {}
        for name, array in [("input", X)] + [(name, p.data) for name, p in model.named_parameters()]:
            numeric[name], kinks[name] = _numeric_gradient(f, array, eps, f0)

        # Backpropagation last, so that the model's last forward pass is the one backpropagated
        # (a Sequential refuses to backpropagate a training pass that a later one replaced).
        def backprop():
            f()
            with warnings.catch_warnings():  # the evaluation pass is the function checked
                warnings.simplefilter("ignore", EvaluationPassWarning)
                return model.backward(loss.backward() if loss is not None else upstream)

        analytic = {"input": backprop()}
        analytic.update((name, p.grad.copy()) for name, p in model.named_parameters())
        errors = _relative_errors({name: (analytic[name], numeric[name]) for name in numeric})
        # backward adds to .grad (a second one gives twice the first): a backward that assigns
        # instead passes the comparison above, and would lose the gradients of a tied weight
        backprop()
        twice = {name: (p.grad, 2 * analytic[name]) for name, p in model.named_parameters()}
        doubled = _relative_errors(twice) if twice else {}
        errors.update((name, float(np.max([errors[name], e]))) for name, e in doubled.items())
    finally:
        for p, data, grad, had_grad in saved:
            p.data, p.grad = data, grad
            if not had_grad:  # as it was: no gradient since zero_grad, which step() warns of
                p.grad = None
        for b, values in buffers:
            b[...] = values
        reset_generators()
    worst = float(np.max(list(errors.values())))  # NaN if any is NaN, whatever the order
    kinked = [name for name, count in kinks.items() if count and errors[name] > 1e-6]
    if kinked:
        warnings.warn(f"gradcheck: the slope of f jumps within ε of some entries of {', '.join(kinked)}: "
                      f"an input sits on a kink (a ReLU, LeakyReLU or Step input at 0, e.g. zero "
                      f"biases and a zero input), where no derivative exists and central differences "
                      f"disagree with any backward; check at inputs away from it (X + 0.1) or with "
                      f"a smooth activation", stacklevel=3)
    return (worst, errors) if details else worst
