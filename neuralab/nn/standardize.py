"""Input standardisation as a layer, so that a saved network takes data in its own units."""
import numpy as np

from . import init as initializers
from .checks import check_size
from .dtype import as_float_array
from .layer import Layer
from .parameter_guard import BufferSlot


class Standardize(Layer):
    """a = (x - μ) / σ feature by feature, with μ and σ fixed: the statistics of the training
    data (``data.Standardizer``), put in front of the network that was trained on standardised
    inputs. The two together map raw inputs to predictions, and are saved as one model.

    ``inverse=True`` (what ``.inverse()`` makes) undoes it, a = x·σ + μ, with μ and σ still the
    data's own: after a network that predicts a standardised target it gives predictions in the
    target's units, and ``.mean`` and ``.std`` read as the target's mean and std.

    Shapes: x (m, n), μ (n,), σ (n,). Backward: δ_prev = δ / σ (δ·σ inverted). Nothing is learned: μ and σ are
    buffers (saved with the model, like batch normalisation's running statistics), not
    parameters, so optimizers and L1/L2 penalties leave them alone. Given to the constructor or
    assigned later (``layer.std = ...``), they are checked alike (``BufferSlot``): shape (n,),
    finite numbers, σ > 0 (``check_buffer``).
    """

    mean = BufferSlot("one value per feature")
    std = BufferSlot("one value > 0 per feature")

    keeps_shape = True

    def __init__(self, in_features, mean=None, std=None, inverse=False):
        self.in_features = check_size(in_features, "in_features")
        if not isinstance(inverse, (bool, np.bool_)):
            raise TypeError(f"inverse must be True or False, got {inverse!r}")
        self.inverted = bool(inverse)
        self.mean = initializers.zeros((self.in_features,))
        self.std = initializers.ones((self.in_features,))
        if mean is not None:
            self.mean = self._per_feature(mean)
        if std is not None:
            self.std = self._per_feature(std)

    def _per_feature(self, values):
        """``values``, a single number made (1,) for one feature, as a Standardizer fitted on
        targets of shape (m,) holds it; the buffer's slot checks the rest."""
        return np.reshape(values, 1) if self.in_features == 1 and np.ndim(values) == 0 else values

    def inverse(self):
        """The layer that undoes this one, with the same μ and σ: x = a·σ + μ after a = (x - μ)/σ,
        and the other way round. After a network that predicts standardised targets, it gives
        predictions in the targets' units."""
        return Standardize(self.in_features, mean=self.mean.copy(), std=self.std.copy(), inverse=not self.inverted)

    def named_buffers(self, prefix=""):
        yield prefix + "mean", self.mean
        yield prefix + "std", self.std

    def check_buffer(self, name, value):
        """σ must be positive: it is a standard deviation, and it divides (σ = 0 gives inf). And
        at least the smallest normal number of its dtype (1.2e-38 in float32): values that
        differ by less are held with a few bits or none, and 1/σ, the inverse's σ, overflows."""
        if name != "std":
            return
        if not (value > 0).all():
            raise ValueError(f"std must be positive (it divides), got {value.min():g}: a feature "
                             f"that is constant has std 0, and gets 1 instead (data.Standardizer does so)")
        tiny = np.finfo(value.dtype).tiny
        if (value < tiny).any():
            raise ValueError(f"std {value.min():.3g} is below the smallest normal {value.dtype} "
                             f"({tiny:.3g}): values that differ by so little lose their digits, and "
                             f"1/std passes the float range; rescale them (multiply the column by a "
                             f"power of ten), or work in float64: neuralab.set_default_dtype(np.float64)")

    def forward(self, x, training=False):
        x = as_float_array(x, "input of Standardize", ndim=2, finite=False)
        if x.shape[1] != self.in_features:
            raise ValueError(f"Standardize expects inputs of shape (batch, {self.in_features}), "
                             f"got {x.shape}")
        self.a_shape = x.shape  # all backward needs: the shape δ must have
        a = x * self.std + self.mean if self.inverted else (x - self.mean) / self.std
        return a.astype(x.dtype, copy=False)

    def backward(self, grad_out):
        a_shape = self._cached("a_shape")
        delta = self._check_delta(grad_out, a_shape)
        return (delta * self.std if self.inverted else delta / self.std).astype(delta.dtype, copy=False)

    def output_shape(self, input_shape):
        if tuple(input_shape) != (self.in_features,):  # what forward would refuse
            raise ValueError(f"Standardize expects samples of shape ({self.in_features},), got "
                             f"{tuple(input_shape)}")
        return (self.in_features,)

    def config(self):
        # "inverse" only when set: a file saved before it existed held the inverse as a
        # standardisation by -μ/σ and 1/σ, which loads as that and computes the same
        return {"in_features": self.in_features, **({"inverse": True} if self.inverted else {})}

    def __repr__(self):
        return f"Standardize({self.in_features}{', inverse=True' if self.inverted else ''})"

