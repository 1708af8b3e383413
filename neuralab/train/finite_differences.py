"""Central differences, and the kinks they step across (what ``gradcheck`` measures with).

The central difference (f(θ + ε) - f(θ - ε)) / 2ε of a scalar f errs by f'''·ε²/6. Across a kink
inside [θ - ε, θ + ε] (a ReLU, LeakyReLU or Step input at 0) it is the mean of the slopes on
either side, no derivative: ``KinkWatch`` sees the inputs of those layers cross 0, and the
one-sided slopes (f(θ + ε) - f(θ)) / ε and (f(θ) - f(θ - ε)) / ε, which differ by f''·ε on a smooth
f and by the jump of the slope across a kink, tell a kink of a layer of your own.
"""
import numpy as np

from ..nn.activations import LeakyReLU, ReLU, Step


def central_difference(f, theta, i, eps):
    """The slope of f along θ_i, estimated from two values of f:

        ∂f/∂θ_i ≈ (f(θ + ε e_i) - f(θ - ε e_i)) / 2ε        (off by f'''·ε²/6 on a smooth f)

    ``f()`` reads θ through ``theta``, a flat view of the values (θ_i is moved, then put back).
    Returns (the slope, f(θ + ε e_i), f(θ - ε e_i)): the two values also tell a kink
    (``slope_gap``)."""
    original = theta[i]
    theta[i] = original + eps
    plus = f()
    theta[i] = original - eps
    minus = f()
    theta[i] = original
    return (plus - minus) / (2 * eps), plus, minus


def numeric_gradient(f, array, eps, f0, watch):
    """(∂f/∂array by central differences, the mask of entries whose θ ± ε spans a kink, the
    crossings ``watch`` saw), f0 = f() at the present ``array``. A kink: ``watch`` saw an input
    cross 0, or one-sided slopes further apart than a thousandth of their size and than rounding
    (``slope_gap``), which a large ε or f'' gives a smooth f too (gap f''·ε), seen again at ε/10."""
    grad = np.zeros_like(array)
    flat, out = array.reshape(-1), grad.reshape(-1)
    kinked, crossings = np.zeros(flat.size, bool), []
    for i in range(flat.size):
        watch.take()   # what the entry before crossed at ε/10, which it had crossed at ε too
        out[i], plus, minus = central_difference(f, flat, i, eps)
        crossed = watch.take()
        crossings += crossed
        gap = slope_gap(plus, minus, f0, eps)
        # two more values of f, for the entries that looked kinked with no input seen crossing 0
        kinked[i] = bool(crossed) or (gap > 1e-3 * (abs(plus - f0) + abs(f0 - minus)) / eps
                                      and kink_at_a_tenth(f, flat, i, eps, f0, gap, out[i]))
    return grad, kinked.reshape(array.shape), crossings


def kink_at_a_tenth(f, flat, i, eps, f0, gap, slope):
    """Whether one-sided slopes ``gap`` apart at flat[i] (central difference ``slope``, step
    ``eps``) come from a kink. At ε/10 a smooth f's gap f''·ε shrinks tenfold and its central
    difference moves by f'''·ε²/6. A kink at a distance d < ε/10 keeps a third of its gap or
    more; one further out leaves the narrower interval, where the gap all but vanishes and the
    central difference, now the one-sided slope, moves by half the gap. (Only the first was
    looked for: nine kinks in ten within ε were missed, and ReLU inputs of 1e-5 gave an error of
    2e-3 without a word.) Each test is a factor of 2 or more from what a smooth f gives, unless
    f bends within ε as sharply as a kink (tanh of inputs in the hundreds, with ε = 1e-2)."""
    slope_at_a_tenth, plus, minus = central_difference(f, flat, i, eps / 10)
    gap_at_a_tenth = slope_gap(plus, minus, f0, eps / 10)
    moved = abs(slope_at_a_tenth - slope)
    return gap_at_a_tenth > gap / 3 or (gap_at_a_tenth < gap / 20 and moved > gap / 4)


class KinkWatch:
    """The inputs z of the ReLU, LeakyReLU and Step layers of gradcheck's model copy (their slope,
    Step's value too, jumps at z = 0) at every pass of f, which ``begin()`` starts; ``fix()`` keeps
    the pass at θ's. ``take()`` lists the crossings of 0 since its last call, as (layer, |z| at θ /
    |Δz|, the share of the step at which z crossed, |z| at θ)."""

    def __init__(self, model):
        self.at_theta, self.seen, self.crossed = None, [], []
        for path, layer in model.named_layers():
            if type(layer) in (ReLU, LeakyReLU, Step):  # a subclass may move its kinks
                label = f"{type(layer).__name__} (layer {path})" if path else type(layer).__name__
                # the side of 0 each z takes its slope from (Step's 1 at z = 0)
                side = np.greater_equal if type(layer) is Step else np.greater
                layer.forward = self._watched(layer.forward, label, side)

    def _watched(self, forward, label, side):
        def watched(x, training=False):
            z, k = np.array(x, dtype=np.float64), len(self.seen)
            self.seen.append(z)
            if self.at_theta is not None and k < len(self.at_theta) and self.at_theta[k].shape == z.shape:
                z0 = self.at_theta[k]
                flipped = side(z, 0) != side(z0, 0)
                if flipped.any():
                    d0 = np.abs(z0[flipped])
                    share = float(np.min(d0 / np.abs(z - z0)[flipped]))
                    self.crossed.append((label, share, float(d0.min())))
            return forward(x, training=training)
        return watched

    def begin(self):
        self.seen = []

    def fix(self):
        self.at_theta, self.crossed = self.seen, []

    def take(self):
        crossed, self.crossed = self.crossed, []
        return crossed


def slope_gap(plus, minus, f0, eps):
    """|right slope - left slope| = |f(θ+ε) - 2f(θ) + f(θ-ε)| / ε, or 0 when it is within the
    rounding of f's values divided by ε (f in float64 rounds by |f0| · 2.2e-16: a loss of 1e10
    makes slopes noisy by 2)."""
    noise = max(1e-6, 100 * np.finfo(np.float64).eps * abs(f0) / eps)
    gap = abs(plus - 2 * f0 + minus) / eps
    return gap if gap > noise else 0.0
