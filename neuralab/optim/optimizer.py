"""The optimizer base: the loop over parameters, the step counter ``t`` and the learning rate ``lr``.

In the MLX style a subclass implements only two methods:

    init_state(p) -> dict      the state of one parameter: moment buffers and a scratch array
    update(p, state, t)        one update of ``p.data`` from ``p.grad``, the t-th of ``p``

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
- Every member has the same new floating dtype: the model was converted, by
  ``model.to(np.float64)`` or ``p.data = p.data.astype(np.float64)`` for each parameter (whose
  gradient follows). The group takes that dtype and its state is cast with it, so momentum and
  moments go on in the new precision, as a new optimizer loaded with the old state would (torch
  refuses the step instead; casting the weights back would silently undo the conversion).

Two groups may thus end up with one dtype (a model of two dtypes converted to one of them). They
stay apart, each with its own state: every rule is element-wise, so this is the update of one
merged group, less one call per step. An array of another shape is refused, naming the
parameter: a resized parameter has no state, so it needs a new optimizer.

A parameter that got no gradient since ``zero_grad`` (``p.has_grad`` is False: torch's ``p.grad
is None``) is left as it is, as torch leaves it: no update, so no momentum and no weight decay
either, and its step count stays. The counts are per parameter, as torch's ``state["step"]``:
Adam's bias correction and SGD's first momentum step use the count of the parameter at hand. While
every step reaches every parameter the counts are all equal and a step is one update per group,
as above. Otherwise ``update`` gets each stretch of consecutive members of a group that got a
gradient and have the same count, as views of the flat arrays and of the state: a few more
NumPy calls, at those steps only.
"""
import itertools
import math
import numbers
import types

import numpy as np

from ..nn.checks import check_number, undefined_hook
from ..nn.parameter import Parameter, check_set_to_none, parameter_list
from ..nn.user_line import warn
from . import state as state_dicts
from .in_place import refuse_replaced
from .refusals import OPTIMIZER_HABITS, habit_error, refuse_parameter_groups


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

    A step is, in plain terms, one rule applied to each parameter, W and b of every layer:

        for p in params:
            update(p, state[p], t)     # e.g. SGD: p.data -= lr * p.grad

    The library runs ``update`` on all the parameters of one dtype at once instead, their values
    and gradients flattened into one array each (every layer's W and b side by side), for speed:
    every rule is element-wise, so that is the same update, in one NumPy call per step instead of
    one per parameter, and a small network's step would otherwise be mostly call overhead. The
    ``p`` an ``update`` of your own gets is therefore such a flat array, not one W: write the rule
    element by element, as above.

    ``lr`` can be read and set at any time (a learning-rate schedule sets it); ``t`` counts the
    calls of ``step()`` (the first step is t = 1; a parameter's own count, which ``update`` gets,
    leaves out the steps it got no gradient at); ``state[k]`` is the state of the k-th flat group
    of parameters (one group per dtype at the first step, its members in the order of
    ``params``), created by ``init_state`` at the first step (or the first ``grads_finite``);
    ``initial_lr`` is None until a scheduler is built on it (see ``optim.schedules``).

    ``state_dict()`` and ``load_state_dict(state)`` save and restore all of it, to resume
    training (see ``optim.state``). ``STATE_NAMES`` maps the entries of ``init_state`` that carry
    over from step to step to their names there (torch's); the others are scratch.

    Backward adds to ``.grad``, so a loop calls ``zero_grad()`` once per step: here two backward
    passes of dL/dw = x = 1 without it, then one step of η · 2 and the gradients cleared.

    >>> import numpy as np
    >>> from neuralab import nn, optim
    >>> layer = nn.Dense(1, 1, bias=False, init="zeros")
    >>> opt = optim.SGD(layer.parameters(), lr=0.1)
    >>> for _ in range(2):
    ...     z = layer(np.array([[1.0]])); delta_prev = layer.backward(np.ones((1, 1)))
    >>> layer.weight.grad                                  # 1 + 1: the two passes added up
    array([[2.]], dtype=float32)
    >>> opt.step(); opt.zero_grad(); layer.weight.data, layer.weight.grad   # w − η · 2, then cleared
    (array([[-0.2]], dtype=float32), array([[0.]], dtype=float32))
    """

    STATE_NAMES = None  # {name in init_state: name in state_dict()}, set by each optimizer
    _own_update = False  # an update written outside the library, which step checks (in_place.py)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._own_update = not cls.update.__module__.startswith(__package__)

    def __init__(self, params, lr):
        name = type(self).__name__
        check_complete(type(self))
        refuse_parameter_groups(params, name, lr)
        params = parameter_list(params, f"optim.{name}(model.parameters())")
        if not params:
            raise ValueError("params is empty: a layer without weights gives none, as an activation "
                             "(Sigmoid, ReLU, Softmax, ...) does: the model[-1] of nn.MLP(..., "
                             "output='sigmoid') is its Sigmoid. Pass the parameters of a layer with "
                             "weights (model.summary() shows which have; there, model[-2], the last "
                             "Dense: optim.Adam(model[-2].parameters())), or model.parameters() to "
                             "train every layer")
        self.lr = lr
        self.params = params
        self.t = 0
        self.state = []
        self.initial_lr = None  # the lr when the first scheduler was built on it
        self._groups = []  # (flat Parameter, its members) per dtype, built at the first step
        self._shapes = []  # each parameter's shape at the first step
        self._missed = [0] * len(params)  # steps each parameter got no gradient at: its count is t − this
        self._even = True  # all of _missed equal: every count is the same
        self._calls = 0  # step() calls in this process (t is loaded): a scheduler compares it
        self._order_warning = None  # a scheduler's, for the next step(): see optim.schedules

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
        raise undefined_hook(self, "init_state(self, p)", "it returns the parameter's state before its "
                             "first update, a dict of arrays shaped like p.data")

    def update(self, p, state, t):
        """Update ``p.data`` in place from ``p.grad``, ``state`` and ``self.lr``.

        ``p`` has ``data`` and ``grad``, flat arrays of one dtype: a whole group of parameters
        or, at a step some of them got no gradient at, a stretch of it (views); ``state`` holds
        the matching parts of the group's state. ``t`` is the number of updates of these
        parameters, this one included (1 at their first gradient, which may come after the
        optimizer's first step): their own count, torch's per-parameter ``state["step"]``.
        """
        raise undefined_hook(self, "update(self, p, state, t)", "it changes p.data in place from p.grad, "
                             "state and self.lr")

    def step(self, closure=None):
        """Update every parameter once from its current gradient.

        There is no ``closure`` (torch's, which LBFGS calls to evaluate the loss again): the loss
        and ``model.backward(loss.backward())`` come before ``step()``, and a closure given is
        refused rather than left uncalled.

        Warns when no gradient has reached any parameter since ``zero_grad`` (or since they were
        made): the step then has nothing to learn from. That is the loop that forgot
        ``model.backward(loss.backward())`` — PyTorch's ``loss.backward()`` alone — or that
        steps an optimizer built on another model, and it would otherwise train nothing, silently.
        Warns too when a backward added to gradients that an earlier step already applied, with
        no ``zero_grad`` between: the loop that forgot it, whose every step applies all the
        gradients so far again, growing until training diverges, silently too. (Backward passes
        that add up before one step, to accumulate a large batch, are no mistake.)
        """
        if closure is not None:
            raise TypeError(f"{type(self).__name__}.step() takes no closure (torch's, for LBFGS): compute "
                            f"the loss and model.backward(loss.backward()) first, then call step()")
        got = self._got()
        if not any(got):
            warn("optimizer.step() with no gradient since zero_grad(): nothing to learn from. "
                 "Call model.backward(loss.backward()) between the loss and step(), on the model "
                 "whose parameters this optimizer holds")
        elif any(p.piled for p in self.params):
            warn("optimizer.step(): the gradients were not cleared after the last step, so backward "
                 "added this batch's gradient to the one that step already applied, and every step "
                 "applies all the gradients so far again. Call optimizer.zero_grad() after each step")
        if self._order_warning is not None:
            message, self._order_warning = self._order_warning, None
            warn(message)
        self._flat_groups()
        self.t += 1
        self._calls += 1
        # An update that overflows (g² of a gradient of 1e30 in float32, a learning rate near the
        # float range) gives inf, as torch's does, under np.errstate(all="raise") too: a
        # FloatingPointError there would leave some moments and weights updated and others not.
        with np.errstate(over="ignore", invalid="ignore"):
            for p, state, t in self._parts(got):
                if self._own_update:   # (the library's own updates write in place: not checked each step)
                    data, arrays = p.data, dict(state or ())   # (an init_state of your own may return None)
                    self.update(p, state, t)
                    refuse_replaced(self, p, data, state, arrays)
                else:
                    self.update(p, state, t)
        if not all(got):
            self._missed = [missed + (not g) for missed, g in zip(self._missed, got)]
            self._even = len(set(self._missed)) == 1
        for p, g in zip(self.params, got):
            if g:
                p.mark_stepped()  # a backward that adds to this gradient now piles it up

    def state_dict(self):
        """The step count, the options and each parameter's state (copies), as plain data in
        the layout of torch's ``state_dict()``: see ``optim.state``."""
        return state_dicts.state_dict(self)

    def load_state_dict(self, state):
        """Go on from ``state``, a ``state_dict()`` of an optimizer of this class over parameters
        of the same shapes: its step count, options (lr included) and parameter states replace
        these. Everything is checked first; a bad state changes nothing (see ``optim.state``)."""
        state_dicts.load_state_dict(self, state)

    def _layout(self):
        """(k, start, stop, shape, dtype) for each parameter: its entries are ``[start:stop]`` of
        the flat arrays of group k and of ``state[k]``, its shape the one they keep, its dtype
        the group's at the next step (a pending gathering's: see ``_flat_groups``). Before the
        first gathering: k is None, and the shape and dtype are those of ``p.data``."""
        if not self._groups:
            return [(None, 0, p.data.size, p.data.shape, p.data.dtype) for p in self.params]
        shapes = {id(p): shape for p, shape in zip(self.params, self._shapes)}
        linked, where = self._linked(), {}
        for k, (flat, members) in enumerate(self._groups):
            dtype = flat.data.dtype if linked else _regathered_dtype(members, flat.data.dtype)
            start = 0
            for p in members:
                stop = start + math.prod(shapes[id(p)])
                where[id(p)] = (k, start, stop, shapes[id(p)], dtype)
                start = stop
        return [where[id(p)] for p in self.params]

    def _got(self):
        """Which parameters got a gradient since ``zero_grad`` (``has_grad``: see ``nn.Parameter``;
        ``_written`` first, which spares the property call in the common case)."""
        return [p._written or p.has_grad for p in self.params]

    def _parts(self, got):
        """(p, state, t) for each ``update`` of a step, where ``got`` tells which parameters got
        a gradient: each flat group whole while all did and all counts are equal (a Python check,
        no pass over the arrays), else each stretch of consecutive members that got one and share
        a count, with views of the flat arrays and of the state."""
        if self._even and all(got):
            t = self.t - self._missed[0]
            return [(flat, state, t) for (flat, _), state in zip(self._groups, self.state)]
        count = {id(p): (g, self.t - missed) for p, g, missed in zip(self.params, got, self._missed)}
        parts = []
        for (flat, members), state in zip(self._groups, self.state):
            start = 0
            for (g, t), run in itertools.groupby(members, key=lambda p: count[id(p)]):
                stop = start + sum(p.data.size for p in run)
                if g:
                    part = types.SimpleNamespace(data=flat.data[start:stop], grad=flat.grad[start:stop])
                    parts.append((part, {name: a[start:stop] for name, a in state.items()}, t))
                start = stop
        return parts

    def _flat_groups(self):
        """The flat parameters, gathered again if any member's arrays were replaced (the views
        a gathering makes have the right shapes, so only a new gathering checks them).

        The first gathering makes one group per dtype; a later one keeps those groups, each in
        the dtype ``_regathered_dtype`` picks, and casts ``self.state`` along, so that it still
        lines up with them (a no-op where the dtype stays). The first gathering makes the state.
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
        self._groups = [_gather(members, dtype) for dtype, members in layout]
        with np.errstate(over="ignore", invalid="ignore"):  # state no update has written yet may be anything
            self.state = [{name: a.astype(flat.data.dtype, copy=False) for name, a in state.items()}
                          for state, (flat, _) in zip(self.state, self._groups)]
        if not self.state:
            self.state = [self.init_state(flat) for flat, _ in self._groups]
        return self._groups

    def _linked(self):
        """Whether every member's data and grad are still views of its group's flat arrays (a
        plain loop: this runs at every step and every ``grads_finite``). It looks at ``_grad``,
        as reading ``grad`` would fill a cleared one with zeros."""
        for flat, members in self._groups:
            data, grad = flat.data, flat.grad
            for p in members:
                if p.data.base is not data or p._grad.base is not grad:
                    return False
        return True

    def zero_grad(self, set_to_none=True):
        """Set every parameter's gradient to zero (lazily, as torch's ``set_to_none=True``: see
        ``nn.Parameter``)."""
        check_set_to_none(set_to_none)
        for p in self.params:
            p.zero_grad()

    def __getattr__(self, name):
        """Only reached for an attribute the optimizer does not have: torch's ``param_groups``,
        ``add_param_group`` and ``defaults`` get what does their job here, and an optimizer of
        your own whose ``__init__`` left out ``super().__init__(params, lr)`` is told so."""
        if not name.startswith("__") and "_groups" not in vars(self):
            raise AttributeError(f"{type(self).__name__}.__init__ must call super().__init__(params, lr), "
                                 f"which sets up the parameters, the step count t and the lr (and "
                                 f"{name}, asked for here)", name=name, obj=self)
        raise habit_error(self, name, OPTIMIZER_HABITS)

    def grads_finite(self):
        """Whether every gradient entry is finite: the squared norm ‖g‖² of each flat group (one
        BLAS dot, the cheapest full pass) is NaN or inf when any entry is, and also when ‖g‖
        passes ~1e19 in float32, which is divergence all the same. Only the gradients the next
        step would use count: a parameter that got none may hold a stale one."""
        got = self._got()
        self._flat_groups()
        with np.errstate(over="ignore"):  # an overflowing ‖g‖² is the answer, not a warning
            return all(np.isfinite(np.dot(p.grad, p.grad)) for p, _, _ in self._parts(got))

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr:g}, {len(self.params)} parameters, t={self.t})"


def check_complete(cls):
    """Refuse an optimizer class that does not define ``init_state`` and ``update``: the base
    class itself (``model.fit(..., optimizer=optim.Optimizer)``), or a subclass of your own that
    left one out, which would step nothing or fail at its first step."""
    if cls.init_state is Optimizer.init_state or cls.update is Optimizer.update:
        base = " (optim.Optimizer is their base class, which steps nothing)" if cls is Optimizer else ""
        raise TypeError(f"{cls.__name__} does not define init_state and update, the two methods of "
                        f"an optimizer{base}: use optim.SGD, optim.Adam, ... (or their names in "
                        f"optim.get: 'sgd', 'adam', ...), or a subclass that defines init_state(p) "
                        f"and update(p, state, t)")


def _regathered_dtype(members, dtype):
    """The dtype of a group of ``members`` gathered in ``dtype`` before: the new dtype of their
    data if they all share one and it is floating (the model was converted), else ``dtype``
    (only some were replaced, or by integers, which a parameter never holds: they are cast)."""
    dtypes = {p.data.dtype for p in members}
    new = dtypes.pop() if len(dtypes) == 1 else dtype
    return new if new.kind == "f" else dtype


def _gather(members, dtype):
    """One Parameter whose data and grad hold all of ``members``' values in ``dtype``; the
    members' data and grad become views of them. Each member keeps whether it got a gradient:
    its ``grad`` is read (zeros if cleared; a read is no gradient) and its ``_grad`` set, where
    assigning ``grad`` would count as one."""
    flat = Parameter(np.concatenate([p.data.reshape(-1) for p in members], dtype=dtype), "flat")
    flat.grad = np.concatenate([p.grad.reshape(-1) for p in members], dtype=dtype)
    start = 0
    for p in members:
        stop = start + p.data.size
        p.data = flat.data[start:stop].reshape(p.data.shape)
        p._grad = flat.grad[start:stop].reshape(p.data.shape)
        start = stop
    return flat, members
