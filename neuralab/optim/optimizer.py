"""The optimizer base: the loop over parameters, the step counter ``t`` and the learning rate ``lr``.

In the MLX style a subclass implements only two methods:

    init_state(p) -> dict      the state of one parameter: moment buffers and a scratch array
    update(p, state)           one update of ``p.data`` from ``p.grad``

Updates work in place (``*=``, ``out=``) on arrays that ``init_state`` allocates once, so a step
allocates no parameter-sized temporaries and a float32 parameter stays float32.

Every rule is element-wise, so the optimizer updates all parameters of one dtype at once: at the
first step it gathers their values and gradients into one flat array each and makes every
``p.data`` and ``p.grad`` a view into them. A step is then a handful of NumPy calls whatever the
number of layers (a small network's step would otherwise be mostly call overhead). An array
taken from ``p.data`` before the first step is therefore not the parameter afterwards (see
``nn.Parameter``). If some code later replaces a ``p.data`` or ``p.grad`` array, the next step
notices and gathers again.

The groups, and each parameter's shape, are fixed at the first step, because the state of a
group holds one entry per element of its flat array: a momentum or moment buffer lines up with
the parameters only while they do. A gathering after a replacement keeps the groups, and gives
each the dtype its members' new ``data`` asks for:

- Only some members have a new dtype: they are cast to the group's. ``layer.weight.data =
  np.zeros((2, 2))`` (float64, NumPy's default) on a float32 model gives float32 weights that go
  on training with their momentum and moments, as torch's ``p.copy_(new)`` does; the model
  keeps one dtype.
- Every member has the same new floating dtype: the model was converted, e.g. ``for p in
  model.parameters(): p.data = p.data.astype(np.float64)``. The group takes that dtype and its
  state is cast with it, so momentum and moments go on in the new precision, as a new optimizer
  loaded with the old state would (torch refuses the step instead; casting the weights back
  would silently undo the conversion). The first gradient after the conversion was still
  written into the old grad arrays, which only this gathering replaces; assign ``p.grad`` too
  to have that one in the new precision.

Two groups may thus end up with one dtype (a model of two dtypes converted to one of them). They
stay apart, each with its own state: every rule is element-wise, so this is the update of one
merged group, less one call per step. An array of another shape is refused, naming the
parameter: a resized parameter has no state, so it needs a new optimizer.
"""
import numbers
import warnings

import numpy as np

from ..nn.checks import check_number
from ..nn.parameter import Parameter


def check(name, value, ok, expected, kind=numbers.Real):
    """``value`` if it is a finite number of ``kind`` (real or integral) with ``ok(value)``.

    Otherwise a ``TypeError`` (not a number of that kind; also a ValueError) or ``ValueError``
    (non-finite, or outside the range described by ``expected``), naming ``name``: see
    ``nn.checks.check_number``, which this is with the name first.
    """
    return check_number(value, name, ok, expected, kind)


def l2_gradient(p, weight_decay, out):
    """g = ∇θ + λθ, the gradient with L2 weight decay λ as torch adds it, written to ``out``.

    Returns ``p.grad`` itself when λ = 0; ``p.grad`` is never modified. ``out=None`` allocates.
    """
    if weight_decay == 0:
        return p.grad
    out = np.multiply(p.data, weight_decay, out=out)
    out += p.grad
    return out


class Optimizer:
    """Updates ``params`` (a list of ``nn.Parameter``) from their ``.grad`` at each ``step()``.

    ``lr`` can be read and set at any time (a learning-rate schedule sets it); ``t`` counts the
    steps taken (the first step is t = 1); ``state[k]`` is the state of the k-th flat group of
    parameters (one group per dtype at the first step, its members in the order of ``params``),
    created by ``init_state`` at the first step;
    ``initial_lr`` is None until a scheduler is built on it (see ``optim.schedules``).
    """

    def __init__(self, params, lr):
        if callable(params):  # optim.SGD(model.parameters, ...): the method, not its list
            raise TypeError("params is a method: call it, e.g. optim.SGD(model.parameters(), lr=0.1)")
        params = list(params)
        if not params:
            raise ValueError("params is empty: pass the parameters to train, e.g. model.parameters()")
        for i, p in enumerate(params):
            if not isinstance(p, Parameter):
                raise TypeError(f"params[{i}] must be an nn.Parameter, got {type(p).__name__}")
        if len({id(p) for p in params}) != len(params):
            raise ValueError("params holds the same Parameter more than once; it would be updated twice")
        self.lr = lr
        self.params = params
        self.t = 0
        self.state = []
        self.initial_lr = None  # the lr when the first scheduler was built on it
        self._groups = []  # (flat Parameter, its members) per dtype, built at the first step
        self._shapes = []  # each parameter's shape at the first step

    @property
    def lr(self):
        """The learning rate η used by the next ``step()``."""
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = check("lr", value, lambda v: v >= 0, "a finite number >= 0")

    def init_state(self, p):
        """The state of parameter ``p`` before its first update: a dict of arrays shaped like
        ``p.data``, in its dtype (a gathering in another dtype casts them along)."""
        raise NotImplementedError

    def update(self, p, state):
        """Update ``p.data`` in place from ``p.grad``, ``state``, ``self.lr`` and ``self.t``."""
        raise NotImplementedError

    def step(self):
        """Update every parameter once from its current gradient.

        Warns when no gradient has reached any parameter since ``zero_grad`` (or since they were
        made): the step then has nothing to learn from. That is the loop that forgot
        ``model.backward(loss.backward())`` — PyTorch's ``loss.backward()`` alone — or that
        steps an optimizer built on another model, and it would otherwise train nothing, silently.
        """
        if all(p._zeroed for p in self.params):
            warnings.warn("optimizer.step() with no gradient since zero_grad(): nothing to learn from. "
                          "Call model.backward(loss.backward()) between the loss and step(), on the model "
                          "whose parameters this optimizer holds", stacklevel=2)
        groups = self._flat_groups()
        if not self.state:
            self.state = [self.init_state(flat) for flat, _ in groups]
        self.t += 1
        for (flat, _), state in zip(groups, self.state):
            self.update(flat, state)

    def _flat_groups(self):
        """The flat parameters, gathered again if any member's arrays were replaced (the views
        a gathering makes have the right shapes, so only a new gathering checks them).

        The first gathering makes one group per dtype; a later one keeps those groups, each in
        the dtype ``_regathered_dtype`` picks, and casts ``self.state`` along, so that it still
        lines up with them (a no-op where the dtype stays).
        """
        if self._groups and self._linked():
            return self._groups
        if self._groups:
            layout = [(_regathered_dtype(members, flat.data.dtype), members)
                      for flat, members in self._groups]
        else:
            self._shapes = [p.data.shape for p in self.params]
            layout = [(dtype, [p for p in self.params if p.data.dtype == dtype])
                      for dtype in dict.fromkeys(p.data.dtype for p in self.params)]
        for i, (p, shape) in enumerate(zip(self.params, self._shapes)):
            if p.data.shape != shape:
                raise ValueError(f"params[{i}].data has shape {p.data.shape}, expected {shape} (its "
                                 f"shape at the first step, which the optimizer's state keeps); "
                                 f"train a resized parameter with a new optimizer")
            if p.grad.shape != shape:
                raise ValueError(f"params[{i}].grad has shape {p.grad.shape}, expected "
                                 f"{shape} (the shape of its data)")
        self._groups = [_gather(members, dtype) for dtype, members in layout]
        self.state = [{name: a.astype(flat.data.dtype, copy=False) for name, a in state.items()}
                      for state, (flat, _) in zip(self.state, self._groups)]
        return self._groups

    def _linked(self):
        """Whether every member's data and grad are still views of its group's flat arrays (a
        plain loop: this runs three times per training step)."""
        for flat, members in self._groups:
            data, grad = flat.data, flat.grad
            for p in members:
                if p.data.base is not data or p.grad.base is not grad:
                    return False
        return True

    def zero_grad(self):
        """Set every parameter's gradient to zero (lazily: see ``nn.Parameter``)."""
        for p in self.params:
            p.zero_grad()

    def grads_finite(self):
        """Whether every gradient entry is finite: the squared norm ‖g‖² of each flat group (one
        BLAS dot, the cheapest full pass) is NaN or inf when any entry is, and also when ‖g‖
        passes ~1e19 in float32, which is divergence all the same."""
        return all(np.isfinite(np.dot(flat.grad, flat.grad)) for flat, _ in self._flat_groups())

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr:g}, {len(self.params)} parameters, t={self.t})"


def _regathered_dtype(members, dtype):
    """The dtype of a group of ``members`` gathered in ``dtype`` before: the new dtype of their
    data if they all share one and it is floating (the model was converted), else ``dtype``
    (only some were replaced, or by integers, which a parameter never holds: they are cast)."""
    dtypes = {p.data.dtype for p in members}
    new = dtypes.pop() if len(dtypes) == 1 else dtype
    return new if new.kind == "f" else dtype


def _gather(members, dtype):
    """One Parameter whose data and grad hold all of ``members``' values in ``dtype``; the
    members' data and grad become views of them."""
    flat = Parameter(np.concatenate([p.data.reshape(-1) for p in members], dtype=dtype), "flat")
    flat.grad = np.concatenate([p.grad.reshape(-1) for p in members], dtype=dtype)
    start = 0
    for p in members:
        stop = start + p.data.size
        p.data = flat.data[start:stop].reshape(p.data.shape)
        p.grad = flat.grad[start:stop].reshape(p.grad.shape)
        start = stop
    return flat, members
