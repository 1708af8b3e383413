"""The part of the plane the page shows: the scene's ``grid.extent``, [x1 from, x1 to, x2 from,
x2 to] in the plane's units, over which the output map and every neuron's map are computed.

Generated and drawn data are made in the plane's units to fill [-6, 6]² with a small margin (a
circle of radius 5): the plane is that square (``PLANE``). A two-column CSV's points are its
columns standardised, z = (column − μ)/σ, so that square would show ±6σ: its points in the third
of it about the origin, and negative values of a column that has none. Its plane frames its
points instead, as the built-in data are framed (``framed``).
"""
import math

import numpy as np

from .protocol import EXTENT

PLANE = (-EXTENT, EXTENT, -EXTENT, EXTENT)
MARGIN = 0.1   # of the points' range, on each side: they fill 5/6 of the axis, as a circle of radius 5 does ±6


def framed(points, mean, std):
    """The extent that frames ``points`` (m, 2), the columns standardised with ``mean`` and
    ``std``: on each axis their range widened by ``MARGIN`` of it on each side, its ends moved
    out to round numbers of the file's units (multiples of 10^⌊log10(span/5)⌋: 70..430 for
    points of 100..400, so the page's labels of the ends read as the file's numbers), and never
    past ±6, where an outlier further than 6σ out stays off the plane, as before (a point drawn
    there could not be sent either). A column of one value gets ±1σ about it."""
    P = np.asarray(points, dtype=np.float64)
    extent = []
    for j in range(2):
        z = P[:, j][np.isfinite(P[:, j])]
        lo, hi = (float(z.min()), float(z.max())) if len(z) else (-1.0, 1.0)
        if hi - lo == 0:
            lo, hi = lo - 1, hi + 1
        pad = MARGIN * (hi - lo)
        mu, sd = float(mean[j]), float(std[j])
        a, b = _round_ends(mu + sd * (lo - pad), mu + sd * (hi + pad))      # in the file's units
        ends = ((a - mu) / sd, (b - mu) / sd) if b > a else (lo - pad, hi + pad)
        extent += [max(-EXTENT, ends[0]), min(EXTENT, ends[1])]
    return tuple(extent)


def _round_ends(a, b):
    """a and b moved out to multiples of 10^⌊log10((b − a)/5)⌋, or (a, b) unchanged when their
    difference is lost in rounding (a column of one value of 1e17: its ±1σ round to it). A
    quotient a hair past a whole number (-0.1 / 0.1 = -1.0000000000000002) counts as that whole
    number, else the end would move out a step too far."""
    span = b - a
    if not (math.isfinite(span) and span > 0):
        return a, b
    step = 10.0 ** math.floor(math.log10(span / 5))
    return math.floor(a / step + 1e-9) * step, math.ceil(b / step - 1e-9) * step
