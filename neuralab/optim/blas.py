"""``add_scaled``: θ += c·g in place, by BLAS's axpy — one pass, no temporary — for the
optimizers' updates.

NumPy has no fused multiply-add for arrays. ``θ -= η * g`` writes η·g to a scratch array and
reads it back: per element it reads g, writes the scratch, reads θ and the scratch and writes θ,
where BLAS's axpy ("a·x plus y", y ← y + a·x) reads g and θ and writes θ. Over every weight of a
network that difference is most of an SGD step, and the step runs once per batch.

NumPy's wheels ship OpenBLAS, and ``import numpy`` has already loaded it for ``@``. Calling its
axpy through ``ctypes`` shares NumPy's thread pool (SciPy's separate copy of OpenBLAS starts a
second pool that competes with the first and ends up slower than NumPy alone), and releases the
GIL as ``@`` does. Where that library is not found — NumPy built against MKL or Accelerate, or
an unknown layout — for arrays BLAS cannot take (not contiguous, mixed dtypes, float16), and
for small arrays, where the call costs more than it saves, ``add_scaled`` does the same update
in NumPy.
"""
import ctypes
import glob
import os

import numpy as np

# (symbol pattern, integer type): NumPy >= 2 bundles "scipy_openblas" with 64-bit integers;
# older wheels bundled OpenBLAS with the "64_" suffix; a plain build has the bare CBLAS name.
_SYMBOLS = (("scipy_cblas_{}axpy64_", ctypes.c_int64), ("cblas_{}axpy64_", ctypes.c_int64),
            ("scipy_cblas_{}axpy", ctypes.c_int32), ("cblas_{}axpy", ctypes.c_int32))


def _load():
    """{dtype: (axpy function, largest n it takes)} from the OpenBLAS in NumPy's wheel, or {}."""
    here = os.path.dirname(np.__file__)
    for path in sorted(glob.glob(os.path.join(here, os.pardir, "numpy.libs", "*openblas*"))
                       + glob.glob(os.path.join(here, ".dylibs", "*openblas*"))):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for pattern, int_type in _SYMBOLS:
            routines = {}
            for dtype, prefix, real in ((np.float32, "s", ctypes.c_float), (np.float64, "d", ctypes.c_double)):
                fn = getattr(lib, pattern.format(prefix), None)
                if fn is None:
                    break
                # void axpy(n, alpha, const x*, incx, y*, incy)
                fn.argtypes = [int_type, real, ctypes.c_void_p, int_type, ctypes.c_void_p, int_type]
                fn.restype = None
                routines[np.dtype(dtype)] = (fn, 2 ** (8 * ctypes.sizeof(int_type) - 1) - 1)
            else:
                return routines
    return {}


ROUTINES = _load()
MIN_SIZE = 32_768  # below this, the ctypes call (~5 µs for the pointers) costs more than it saves


def add_scaled(theta, c, g):
    """θ += c·g in place on ``theta``, by BLAS's axpy: one pass, no temporary (θ and g of one
    shape; NumPy does it where BLAS cannot, see above). SGD's θ = θ − η g is
    ``add_scaled(p.data, -lr, g)``."""
    routine = ROUTINES.get(theta.dtype)
    if (routine is not None and g.dtype == theta.dtype and g.shape == theta.shape
            and MIN_SIZE <= g.size <= routine[1]
            and g.flags.c_contiguous and theta.flags.c_contiguous and theta.flags.writeable):
        routine[0](g.size, c, g.ctypes.data, 1, theta.ctypes.data, 1)   # axpy(n, a, x, incx, y, incy)
    else:
        theta += c * g
