"""Gradient checking: compare backpropagation with central finite differences.

For a scalar f(θ), the central difference (f(θ + ε) - f(θ - ε)) / 2ε has error O(ε²); in
float64 with ε = 1e-6 it agrees with a correct analytic gradient to about 1e-8 (relative). It is
``central_difference`` in ``finite_differences.py``, applied to each weight in turn.

Where f has a kink inside [θ - ε, θ + ε] (a ReLU, LeakyReLU or Step input at exactly 0: zero
biases and a zero input put it there) f has no derivative, and the central difference is the
mean of the slopes on either side, which backpropagation never gives. A ReLU, LeakyReLU or Step
input z that θ ± ε moves across 0 is seen, and a kink of a layer of your own told by the
one-sided slopes (``finite_differences.py``). ``gradcheck`` warns when an error it reports comes
with such entries, so that a correct network is not taken for a wrong backward, and gives the
error without them, so that a wrong backward is not taken for a kink. Its advice is inputs away
from the kink (X + 0.1), unless an input sits at exactly 0 there too (units fed only zeros, with no
bias to move them: a BatchNorm MLP's bias-free Dense layers in an evaluation pass on fresh running
statistics), where it is training=True or a smooth activation. (PyTorch's
gradcheck only notes that it may fail where f has no derivative; Chainer can refuse such points.)
"""
import copy
import warnings

import numpy as np

from ..nn import losses
from ..nn.batchnorm import BatchNorm1d
from ..nn.checks import check_bool, check_number
from ..nn.dtype import as_float_array
from ..nn.layer import Layer, check_input_gradient
from ..nn.sequential import EvaluationPassWarning
from ..nn.random import as_rng, default_rng
from ..nn.user_line import warn
from .finite_differences import KinkWatch, numeric_gradient
from .gradcheck_advice import (FAILS, GradcheckResult, advice, assigns, in_place_writer, low_precision_arrays, mismatch,
                               narrowed)


# The finite-difference steps that measure a slope in float64: past 1e-2 the central difference
# errs by f'''·ε²/6 and spans ReLU kinks, below 1e-10 rounding (1e-16 / ε) swamps it; a step
# of 3 or 1e-300 gave an error of 0.5 or 1.0 for a correct backward.
EPS_RANGE = (1e-10, 1e-2)
KINK_FREE = 1e-6   # an error below this is no failure, whatever kinks its entries met


# The rounding of f, u·|f| in float64, becomes an error of about 0.3 u·|f| / ε in each entry of a
# central difference (measured: 0.17 to 0.38 of it on a 10-layer sigmoid network, 20 or 200 rows,
# ε 1e-5 or 1e-6). A gradient that small is no gradient finite differences can check: below
# ROUNDING_SHARE x the rounding's norm the denominator stops shrinking, so that rounding alone
# reads 3e-8 at most. A first layer's gradients, faded to 1e-4 of the last's, read 3.6e-6 (a
# "check its formula") for a right backward; a wrong one more than 100 times that rounding still fails.
ROUNDING_SHARE = 1e-7


def _relative_errors(pairs, floor=1e-3, rounding=0.0):
    """{name: ‖a - n‖ / max(‖a‖ + ‖n‖, floor · the largest ‖a‖ + ‖n‖, ‖rounding‖ / ROUNDING_SHARE)}
    for {name: (a, n)}, ``rounding`` the error of one entry of n that rounding alone makes,
    u·|f| / ε, so that ‖rounding‖ = u·|f| / ε · √(entries)."""
    scales = {name: np.linalg.norm(a) + np.linalg.norm(n) for name, (a, n) in pairs.items()}
    least = floor * max(scales.values())
    errors = {}
    for name, (a, n) in pairs.items():
        scale = max(scales[name], least, rounding * np.sqrt(a.size) / ROUNDING_SHARE)
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


def _refuse_writes_in_place(model, points, copies):
    """Raise if the forward passes changed the input or a parameter's ``.data``, the arrays
    ``points`` gives by name (``copies`` holds their values before): f then changes from one
    evaluation to the next, which read as a random loss, and finite differences perturb an array
    the model no longer reads. In training, such a forward would change the caller's data."""
    parameters = dict(model.named_parameters())
    for (name, array), before in zip(points, copies):
        replaced = name != "input" and parameters[name].data is not array
        if replaced or not np.array_equal(array, before, equal_nan=True):
            what = "X" if name == "input" else f"the parameter {name}'s .data"
            raise ValueError(f"gradcheck: a forward pass changed {what} "
                             f"{'to another array' if replaced else 'in place'}: forward must leave "
                             f"its input and the parameters as they are and compute new arrays "
                             f"(x = 2 * x, not x *= 2 or x[x < 0] = 0), or each call changes the "
                             f"caller's data and the next call computes another function")


_NOT_GIVEN = object()   # a loss not given by keyword: the first positional argument after the model


def gradcheck(model, *args, loss=_NOT_GIVEN, X=None, y=None, eps=1e-6, training=False, seed=0, details=False):
    """``gradcheck(model, loss, X, y)``: the worst relative error ‖g_backprop - g_numeric‖ /
    (‖g_backprop‖ + ‖g_numeric‖) over the input and every parameter, computed in float64.

    The denominator never goes below a thousandth of the largest one: a gradient that is zero in
    exact arithmetic (the bias of a layer followed by batch normalisation) comes out of both
    methods as rounding noise, and noise divided by noise is not an error. A wrong gradient that
    small next to the others still shows: its error is its size over that floor. Nor below 1e7
    times what rounding f makes of a central difference, u·|f| / ε per entry (u = 2.2e-16): a
    gradient that has faded to that size (the first layers of a deep sigmoid network) is rounding
    to finite differences, which read it 3e-8 at most; a larger ε (1e-4) measures it, if needed.

    The loss may also come by keyword after the data, ``gradcheck(model, X, y, loss="bce")``, in
    ``fit``'s order; the options after ``y`` come by keyword.

    With a ``loss`` the checked function is f = loss(model(X), y). With ``loss=None`` it is
    f = Σ model(X) ⊙ R for a random R, i.e. backpropagation from a random upstream gradient
    (an all-ones upstream gradient can hide errors), R drawn from ``seed`` (as ``fit`` takes it:
    an integer >= 0, a Generator, or None for the one ``neuralab.seed`` resets).

    The passes run on a float64 copy of the model: the model keeps its weights, dtype, gradients,
    buffers (the running statistics a training pass moves), generators and caches, so a backward
    waiting for its turn still differentiates its own pass. With ``training=True`` every
    evaluation draws the same dropout masks (the random generators are reset before each one,
    and the library's left as it was at the end), so the function checked is the network with
    one fixed mask. Those generators are the library's (``neuralab.nn.random.default_rng()``)
    and any ``np.random.Generator`` a layer keeps as an attribute; a layer of your own that draws
    from another (``np.random.rand``) makes f random at fixed weights, which is refused with a
    ValueError (f is evaluated twice at the same θ to see it), and so is a forward that writes
    into its input or a parameter in place.
    ``details=True`` also returns the error of each array by name. A NaN or inf anywhere makes
    the result NaN, which fails any ``< tolerance`` test.

    It also backpropagates a second time: each parameter's gradient must then have doubled
    (its error is the larger of the two comparisons), since backward adds to ``.grad`` as
    autograd does; a backward that assigns gives the right numbers once. Its input gradient must
    have X's shape. A kink within ε of the point (module docstring) gives a warning naming it,
    with the worst error left without the entries whose θ ± ε spans it.

    A tanh layer whose backward forgets its derivative 1 - a² is caught, and the errors by name
    show where: below the bug the gradients are wrong, above it they are right. A failed check
    (past ``FAILS``) prints with the name of the worst array and what to look at
    (``GradcheckResult``): what its numbers show when they show a rule, 1/m or another factor, a
    sign, a transpose, or a forward computing in float32 (``gradcheck_advice``); a pass is a
    plain number.

    Check a layer of your own at parameter values away from 0 and 1: a scale a = 1 makes a
    backward that forgets "× a" give the right numbers, and a = 0 hides a term multiplied by it
    (set them first, ``layer.a.data[...] = [0.7, 1.3]``; built-in layers start at random values).

    >>> import numpy as np
    >>> from neuralab import nn, train
    >>> model = nn.MLP([3, 4, 3], activation="tanh", rng=np.random.default_rng(0))
    >>> X, y = np.random.default_rng(1).standard_normal((5, 3)), np.array([0, 1, 2, 1, 0])
    >>> train.gradcheck(model, nn.CrossEntropyLoss(), X, y) < 1e-7     # about 1e-9: backprop agrees
    True
    >>> model.layers[1].backward = lambda grad_out: grad_out           # δ passed on without 1 - a²
    >>> worst, errors = train.gradcheck(model, nn.CrossEntropyLoss(), X, y, details=True)
    >>> {name: bool(error < 1e-7) for name, error in errors.items()}
    {'input': False, '0.weight': False, '0.bias': False, '2.weight': True, '2.bias': True}
    """
    if not isinstance(model, Layer):
        raise TypeError(f"model must be a neuralab Layer or Sequential, got {type(model).__name__}")
    eps = check_number(eps, "eps", lambda v: EPS_RANGE[0] <= v <= EPS_RANGE[1],
                       f"a positive number from {EPS_RANGE[0]:g} to {EPS_RANGE[1]:g} (the "
                       f"finite-difference step; 1e-6 suits float64)")
    training, details = check_bool(training, "training"), check_bool(details, "details")
    rng = as_rng(seed)
    loss, X, y = _placed(args, loss, X, y)
    # (X defaults to None only so that gradcheck(model, X) meets this, not Python's "missing 1
    # required positional argument: 'X'")
    if isinstance(loss, np.ndarray) or isinstance(loss, (list, tuple)):
        raise TypeError("loss is an array: the arguments are gradcheck(model, loss, X, y), the loss "
                        "second, or gradcheck(model, X, y, loss=...) with the loss by keyword; "
                        "gradcheck(model, None, X) checks the network without one, "
                        "backpropagating a random upstream gradient")
    if X is None:
        raise TypeError("gradcheck needs X, the inputs to check the gradients at: "
                        "gradcheck(model, loss, X, y), or gradcheck(model, None, X) without a loss")
    loss = losses.get(loss) if loss is not None else None
    if loss is not None and y is None:
        raise ValueError(f"y: a loss needs the targets; gradcheck(model, {type(loss).__name__}(), X, y)")
    if loss is None and y is not None:
        raise ValueError("y is given but loss is None, which checks f = Σ model(X) ⊙ R without "
                         "targets: pass the loss too, gradcheck(model, loss, X, y)")
    X = np.array(as_float_array(X, "X"), dtype=np.float64)
    work = _float64_copy(model)
    reset_generators = _generators(work)
    try:  # an overflow's inf or NaN gives the NaN said above, under np.errstate(all="raise") too
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            errors, clean, kinks, crossings, hints, stays = _check(work, loss, X, y, eps, training, rng,
                                                                   reset_generators)
    finally:
        reset_generators()  # the library's generator as it was (the upstream R may come from it)
    return _report(errors, clean, kinks, crossings, hints, eps, details, stays)


def _placed(args, loss, X, y):
    """(loss, X, y) from gradcheck's positional ``args`` and its keywords: ``args`` are (loss, X,
    y), the documented order, or (X, y) when the loss came by keyword, as ``fit`` takes it
    (Python's own binding read X as the loss there: "got multiple values for argument 'loss'").
    A loss given neither way is None, the check without one."""
    names = ("loss", "X", "y") if loss is _NOT_GIVEN else ("X", "y")
    if len(args) > len(names):
        raise TypeError(f"gradcheck takes the model and at most {len(names)} arguments, {', '.join(names)}, "
                        f"by position, got {len(args)}: eps, training, seed and details come by keyword")
    given = {"loss": None if loss is _NOT_GIVEN else loss, "X": X, "y": y}
    for name, value in zip(names, args):
        if given[name] is not None:
            raise TypeError(f"gradcheck got {name} both by position and by keyword: give it once")
        given[name] = value
    return given["loss"], given["X"], given["y"]


def _float64_copy(model):
    """A copy of ``model`` whose parameters are float64 with zero gradients, for gradcheck's
    passes. The model itself keeps its weights, dtype, gradients, buffers (the running statistics
    a training pass moves), random generators and its layers' caches as they were, on error too:
    a backward of the user's afterwards differentiates the user's own last pass. (Its passes ran
    on the model: a Dense layer's pending backward then silently used gradcheck's X.)"""
    try:
        work = copy.deepcopy(model)
    except Exception as err:  # an attribute that cannot be copied: a lock, an open file, ...
        raise TypeError(f"gradcheck checks a copy of the model (copy.deepcopy), so as to leave the "
                        f"model as it was, and copying it failed: {err}; keep such objects outside "
                        f"the layers") from err
    for p in work.parameters():
        p.data = p.data.astype(np.float64)
        p.grad = np.zeros_like(p.data)
    return work


def _check(model, loss, X, y, eps, training, rng, reset_generators):
    """({name: relative error}, {name: the error without the kinked entries}, {name: their mask},
    {name: the crossings ``KinkWatch`` saw}, {name: what its numbers show, for a failed array} (and
    under None, a layer that computed in float32: ``gradcheck_advice``), whether a kink input exactly
    at 0 stays there at X + 0.1, False or why: "batchnorm", "zeros") for ``model``, gradcheck's float64 copy."""
    points = [("input", X)] + [(name, p.data) for name, p in model.named_parameters()]
    copies = [a.copy() for _, a in points]
    held = low_precision_arrays(model, len(X))
    out = model.forward(X, training=training)
    upstream = rng.standard_normal(out.shape)
    watch = KinkWatch(model)

    def f():
        reset_generators()
        watch.begin()
        a = model.forward(X, training=training)
        return loss(a, y) if loss is not None else float((a * upstream).sum())

    f0, f1 = f(), f()
    watch.fix()
    _refuse_writes_in_place(model, points, copies)
    _refuse_a_random_loss(f0, f1, training)
    numeric, kinked, crossings = {}, {}, {}
    for name, array in points:
        numeric[name], kinked[name], crossings[name] = numeric_gradient(f, array, eps, f0, watch)
    # A kink input at exactly 0 may be there whatever X is: a unit whose inputs are all 0 (the
    # units before it all off for that sample) and no bias to move it, as a bias-free Dense before
    # a BatchNorm1d with fresh running statistics (μ 0, σ² 1, β 0) in an evaluation pass gives. Then
    # X + 0.1, the usual advice, leaves it where it is: one pass there tells.
    stays = False
    if any(c[2] == 0 for found in crossings.values() for c in found):
        reset_generators()
        watch.begin()
        model.forward(X + 0.1, training=training)
        if any((z == 0).any() for z in watch.seen):
            stays = "batchnorm" if any(isinstance(layer, BatchNorm1d) for _, layer in model.named_layers()) else "zeros"
        watch.take()

    # Backpropagation last, so that the model's last forward pass is the one backpropagated
    # (a Sequential refuses to backpropagate a training pass that a later one replaced).
    def backprop():
        f()
        with warnings.catch_warnings():  # the evaluation pass is the function checked
            warnings.simplefilter("ignore", EvaluationPassWarning)
            return model.backward(loss.backward() if loss is not None else upstream)

    try:  # a Sequential checks its first layer's answer itself, naming the layer
        analytic = {"input": check_input_gradient(model, backprop(), X.shape)}
    except ValueError as err:
        raise ValueError(f"gradcheck: {err}") from None
    analytic.update((name, p.grad.copy()) for name, p in model.named_parameters())
    # f's size, as its rounding goes: a loss is a mean of terms >= 0, Σ a ⊙ R one of either sign
    size = abs(f0) if loss is not None else float(np.abs(out * upstream).sum())
    rounding = np.finfo(np.float64).eps * size / eps
    errors = _relative_errors({name: (analytic[name], numeric[name]) for name in numeric}, rounding=rounding)
    # the same without the entries whose central difference spans a kink (their numeric slope
    # is no derivative): what remains is backward's own error
    clean = _relative_errors({name: (analytic[name][~kinked[name]], numeric[name][~kinked[name]])
                              for name in numeric}, rounding=rounding)
    # backward adds to .grad (a second one gives twice the first): a backward that assigns
    # instead passes the comparison above, and would lose the gradients of a tied weight
    backprop()
    twice = {name: (p.grad, 2 * analytic[name]) for name, p in model.named_parameters()}
    doubled = _relative_errors(twice) if twice else {}
    hints = {name: hint for name, e in errors.items()
             if e > FAILS and (hint := mismatch(name, analytic[name], numeric[name], len(X)))}
    hints.update((name, assigns(name)) for name, e in doubled.items() if errors[name] <= FAILS < e)
    hints[None] = narrowed(model, out, held)
    if hints[None] is None and max(errors.values()) > FAILS:   # one more pass, for a failed check only
        hints[None] = in_place_writer(model, f)
    for found in (errors, clean):
        found.update((name, float(np.max([found[name], e]))) for name, e in doubled.items())
    return errors, clean, kinked, crossings, hints, stays


def _report(errors, clean, kinks, crossings, hints, eps, details, stays=False):
    """gradcheck's answer: the worst error (and each, with ``details``), naming the worst array
    when it fails (``GradcheckResult``), with a warning when an error comes with a kink
    (``_kink_warning``). A layer computing in float32 is named instead of kinks: the jumps of its
    rounding look like them."""
    worst = GradcheckResult(np.max(list(errors.values())))  # NaN if any is NaN, whatever the order
    kinked = [name for name, mask in kinks.items() if mask.any() and errors[name] > KINK_FREE]
    if kinked and not hints[None]:
        warn(_kink_warning(kinked, clean, [c for name in kinked for c in crossings[name]], eps, stays))
    elif not worst <= FAILS:  # (a NaN too)
        name = max(errors, key=lambda n: np.nan_to_num(errors[n], nan=np.inf))
        worst = GradcheckResult(worst, name, advice(name, hints, hints[None]))
    return (worst, errors) if details else worst


def _kink_warning(kinked, clean, crossings, eps, stays=False):
    """The warning on the errors of ``kinked``: where the kink is (the layers ``crossings`` name,
    else in a layer of yours), whether the errors without it (``clean``) pass, an ε clear of it;
    and, when an input exactly at 0 ``stays`` there at X + 0.1, what moves it instead."""
    where, smaller = "(in a layer of your own: no ReLU, LeakyReLU or Step input crossed 0)", ""
    if crossings:
        nearest, reach = min(c[2] for c in crossings), eps * min(c[1] for c in crossings)
        where = (f"(moving them by ε = {eps:g} took the input of "
                 f"{', '.join(dict.fromkeys(c[0] for c in crossings))} across 0, from {nearest:.2g})")
        if reach > 10 * EPS_RANGE[0]:   # a step this small still measures a slope
            smaller = f", with eps={reach / 2:.0e} (the kink was {reach:.1e} away)"
    name, remaining = max(clean.items(), key=lambda item: item[1])
    verdict = (f"Without those entries the worst error is {remaining:.1e}: the error is the kink's."
               if remaining <= KINK_FREE else f"Without those entries the worst error is still "
               f"{remaining:.1e} ({name}): that is not the kink's, so backward is wrong too.")
    fixed = "It sits at exactly 0, and X + 0.1 leaves it there: units whose inputs are all 0, with no bias to move them"
    away = {False: f"Check at inputs away from it (X + 0.1){smaller}, or with a smooth activation",
            "batchnorm": f"{fixed} (a bias-free Dense before a BatchNorm1d whose running statistics are still fresh "
                         f"passes 0 on as 0 in an evaluation pass). Check with training=True (the batch's "
                         f"statistics move it), or with a smooth activation (nn.MLP(..., activation='tanh'))",
            "zeros": f"{fixed}. Check with biases other than 0, or with a smooth activation "
                     f"(nn.MLP(..., activation='tanh'))"}[stays]
    return (f"gradcheck: the slope of f jumps within ε of some entries of {', '.join(kinked)}: an input "
            f"sits on a kink {where}, where no derivative exists and central differences disagree with "
            f"any backward. {verdict} {away}")
