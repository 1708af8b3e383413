"""A learnable array and the gradient of the loss with respect to it."""
import math

import numpy as np

from .dtype import as_float_array, cast_numbers, get_default_dtype
from .freeze_flags import FROZEN_HERE, freeze_switch
from .course_parameters import course_parameters_hint
from .habits import PARAMETER_ARITHMETIC, PARAMETER_HABITS, PARAMETER_SQUARES, habit_answer, torch_class


class _Data:
    """``Parameter.data``, always a float ndarray: assigning converts what is given and refuses
    what is not numbers, naming the parameter, here rather than deep inside forward (a list has
    no ``.T``) or the optimizer (NumPy cannot cast its float update into an integer array).

    What has no float dtype of its own (a list, integers, bools, a Python number) takes the
    parameter's: weights typed by hand as ``[[0.15, 0.2], [0.25, 0.3]]`` in one layer and
    ``[[1, 1]]`` in the next leave the model in one dtype, where NumPy's conversion alone would
    make the first float64 (its default for Python floats) and the second float32 (integers
    take the default dtype): a model that computes in both and that ``to_torch`` refuses. In the
    constructor they take the default dtype (``set_default_dtype``), as the layers' own
    parameters do: ``Parameter([1.0, 2.0])`` beside a Dense layer's weights was float64.

    A parameter made with ``fixed_shape=True`` (a Dense layer's weight and bias) refuses another
    shape here, with the fix: a weight matrix written (n_in, n_out), as some textbooks write it,
    would fail in forward with NumPy's "shapes not aligned", and a vector or a number would not
    fail at all (NumPy broadcasts it into outputs of the wrong shape, or into a bias that the
    optimizer and ``summary`` then see as one value). Another Parameter may change its shape,
    which clears its gradient (none of it belongs to the new shape); the optimizer, which knows
    the shape of its state, refuses that itself.

    An array of another float dtype and the same shape converts the parameter: its gradient is
    cast along, so that backward writes gradients in the new precision (``Layer.to`` converts a
    whole model, running statistics included).

    It defines ``__set__`` only, so that reading ``p.data`` finds the array in the parameter's
    ``__dict__`` with no Python call: about 20 ns more than the plain slot it was, where a
    property would add 60 (a training step of a small MLP reads ``.data`` 17 times).
    """

    def __set__(self, p, value):
        held = p.__dict__.get("data")  # None in the constructor
        if value is held:  # p.data -= g assigns back the array it changed in place
            return
        label = f"{p.name or 'parameter'}.data"
        value = cast_numbers(value, get_default_dtype() if held is None else held.dtype, keep_float_arrays=True)
        data = as_float_array(value, label, finite=False)
        if p.fixed_shape and held is not None and data.shape != held.shape:
            raise ValueError(wrong_shape(label, held.shape, data.shape))
        grad = getattr(p, "_grad", None)  # none yet in the constructor
        if grad is not None and grad.shape != data.shape:
            # resized: no entry of the old gradient belongs to the new shape, so there is none
            # yet (a buffer of the old shape made the next backward fail to broadcast into it)
            p._grad = np.empty_like(data)
            p.zero_grad()
        elif grad is not None and grad.dtype != data.dtype:
            # a cleared gradient holds whatever memory held: a new buffer, not a cast of it
            p._grad = np.empty_like(data) if p._zeroed else grad.astype(data.dtype)
        p.__dict__["data"] = data


def _refused(operator, answer=PARAMETER_ARITHMETIC):
    """A Parameter's arithmetic method (``__sub__``, ``__rsub__``, ...) that refuses it with the
    update in place that does its job (``PARAMETER_ARITHMETIC``), or for * and ** also the L2
    penalty that micrograd's sum(p*p) is (``PARAMETER_SQUARES``). Without it, torch's ``p -= lr *
    p.grad`` ended in "unsupported operand type(s) for -: 'Parameter' and 'float'", from NumPy
    turning the Parameter into an array of one object; refused, it leaves ``p`` as it was."""
    def refuse(self, other=None):
        raise TypeError(f"cannot apply {operator} to Parameter {self.name!r}: {answer}")
    return refuse


class _Size(int):
    """``p.size``, the number of values (NumPy's ``size``), which refuses to be called with the
    shape: torch's ``p.size()`` is the shape, so ``f"{p.size()}"`` ended in "'int' object is not
    callable", naming nothing."""

    def __new__(cls, shape):
        size = super().__new__(cls, math.prod(shape))
        size.shape = shape
        return size

    def __call__(self, *dim):
        raise TypeError(f"p.size is the number of values, {int(self)}, as in NumPy; torch's p.size() "
                        f"is p.shape here: {self.shape}")


class Parameter:
    """``data`` is the value, ``grad`` the accumulated dL/d(data) (same shape), ``name`` a label.
    With ``fixed_shape=True`` an assignment to ``data`` must keep its shape (see ``_Data``).

    Gradients accumulate (``+=``) across backward calls, as in autograd, so a parameter used twice
    gets both contributions; ``zero_grad`` clears them.

    Clearing is lazy, the way PyTorch's ``zero_grad(set_to_none=True)`` is: ``zero_grad`` only
    notes that there is no gradient, and the first ``add_grad`` (or ``accumulate``) after it
    writes its result straight into ``grad`` — for a big weight matrix that saves a pass that
    fills zeros and a pass that adds the new gradient to them. Reading ``grad`` before then gives
    zeros, as it always has; ``p.grad = None`` clears as ``zero_grad`` does.

    ``has_grad`` tells whether the parameter *got a gradient* since ``zero_grad`` (torch's
    ``p.grad is not None``): the optimizer updates only those that did, and warns when none did.
    A backward (``add_grad``) or an assignment ``p.grad = g`` gives one; a read does not, so
    printing a gradient's norm cannot hide that the loop forgot its backward. A change in place
    into the zeros a read gave — ``p.grad[...] = g``, or ``p.grad += d``, which Python assigns
    back as the same array — cannot be seen when it happens, so it counts by its content:
    nonzero. To give a gradient of exactly zero, assign one: ``p.grad = np.zeros(p.shape)``.

    Keep the parameter, not its array: an optimizer's first step gathers the values of all its
    parameters into one flat array and makes each ``data`` a view into it (see
    ``optim.Optimizer``), so an array taken before, ``w = layer.weight.data``, holds the old
    values and is not updated. Read ``layer.weight.data`` again when you need the weights;
    writing into it in place (``layer.weight.data[...] = w``) reaches the optimizer. A layer
    whose ``__init__`` keeps such an array (``self.W = self.weight.data``) is refused when built
    (``parameter_guard.refuse_parameter_aliases``): its forward would never see an update.

    >>> from neuralab import nn, optim
    >>> layer = nn.Dense(2, 1, bias=False, init="zeros")
    >>> w = layer.weight.data
    >>> opt = optim.SGD(layer.parameters(), lr=0.1)
    >>> layer.weight.grad[...] = 1.0
    >>> opt.step()
    >>> layer.weight.data                     # read again: the live weight
    array([[-0.1, -0.1]], dtype=float32)
    >>> w                                     # the array from before the first step
    array([[0., 0.]], dtype=float32)
    """

    data = _Data()
    requires_grad = freeze_switch(
        "requires_grad", lambda p: p.name or "parameter",
        "True: backward computes every parameter's gradient. torch's switch: setting it False is "
        "refused, since nothing here reads it. Here " + FROZEN_HERE + ".")

    # Arithmetic is refused with the way to write it (see _refused), p -= g too (Python falls back
    # on __sub__); NumPy, asked for arr - p, leaves it to the reflected methods here, instead of
    # making p an array of one object
    __array_ufunc__ = None
    __add__ = __radd__ = _refused("+")
    __sub__ = __rsub__ = _refused("-")
    __mul__ = __rmul__ = _refused("*", f"{PARAMETER_ARITHMETIC}; {PARAMETER_SQUARES}")
    __truediv__ = __rtruediv__ = _refused("/")
    __matmul__ = __rmatmul__ = _refused("@")
    __pow__ = __rpow__ = _refused("**", f"{PARAMETER_ARITHMETIC}; {PARAMETER_SQUARES}")
    __neg__ = _refused("-")

    # _zeroed: grad's array holds stale values that a read must first fill with zeros;
    # _written: a gradient arrived since zero_grad (see has_grad);
    # _stepped: an optimizer step used the gradient grad holds (mark_stepped); _piled: a backward
    # added to it after that, as in a loop that forgot zero_grad (see piled)
    __slots__ = ("_grad", "_zeroed", "_written", "_stepped", "_piled", "name", "fixed_shape",
                 "__dict__")  # __dict__ holds ``data``: see _Data

    def __init__(self, data, name="", fixed_shape=False):
        self.name, self.fixed_shape = name, fixed_shape
        self.data = data
        self._grad = np.empty_like(self.data)
        self.zero_grad()  # no gradient until the first add_grad

    @property
    def grad(self):
        """dL/d(data), zeros when no gradient arrived (see ``has_grad``). Assigning ``None``
        clears it; an array-like is converted and checked as ``data`` is, and must have the
        shape of ``data`` (another shape would broadcast into the update silently)."""
        if self._zeroed:
            self._grad.fill(0)
            self._zeroed = False  # and still no gradient: a read is not one
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is None:
            self.zero_grad()
            return
        if value is self._grad and not self._zeroed:
            return  # p.grad += d assigns back the array it changed in place: see has_grad
        label = self.name or "parameter"
        value = as_float_array(cast_numbers(value, self.data.dtype, keep_float_arrays=True),
                               f"{label}.grad", finite=False)
        if value.shape != self.data.shape:
            raise ValueError(f"{label}.grad has shape {value.shape}, expected {self.data.shape} "
                             f"(the shape of {label}.data)")
        self._grad, self._zeroed, self._written = value, False, True
        self._stepped = self._piled = False  # a new gradient, no step has used it yet

    @property
    def has_grad(self):
        """Whether a gradient reached this parameter since ``zero_grad``: by ``add_grad``, by
        assignment, or written in place into the zeros a read gave (then judged by content:
        one pass over the array, only for a parameter in that case)."""
        if not self._written and not self._zeroed and self._grad.any():
            self._written = True
        return self._written

    @property
    def piled(self):
        """Whether a backward added to a gradient that an optimizer step had applied, with no
        ``zero_grad`` between: the loop that forgot it, whose next step applies the old gradient
        again (the optimizer warns). A step marks what it applied with ``mark_stepped``."""
        return self._piled

    def mark_stepped(self):
        """Note that an optimizer step applied the gradient ``grad`` holds: a backward that adds to
        it from now on piles it up (``piled``), until ``zero_grad`` or a gradient assigned."""
        self._stepped = True

    def add_grad(self, g):
        """grad += g: a backward adds its dL/d(data) to what earlier ones left, micrograd's
        ``+=``, so that a parameter used twice gets both; right after ``zero_grad``, grad = g."""
        if self._zeroed:
            np.copyto(self._grad, g)
            self._zeroed = False
        else:
            if self._stepped:  # adding to a gradient a step applied piles it up, unless cleared by hand
                self._piled, self._stepped = self._piled or bool(self._grad.any()), False
            self._grad += g
        self._written = True

    def accumulate(self, fn, *args):
        """grad += fn(*args), as ``add_grad(fn(*args))``, for a NumPy function ``fn`` that takes
        ``out=`` (np.matmul, np.add.reduce, ...): right after ``zero_grad``, fn writes its result
        straight into ``grad``, with no temporary array (for a large weight matrix, a pass over
        it fewer). Backward's fast path; ``add_grad`` reads better where that does not matter."""
        if self._zeroed:
            fn(*args, out=self._grad)
            self._zeroed = False
            self._written = True
        else:
            self.add_grad(fn(*args))

    @property
    def shape(self):
        return self.data.shape

    @property
    def size(self):
        """The number of values, NumPy's ``size`` (torch's ``numel()``); torch's ``size()``, the
        shape, is ``shape`` here, and calling ``size`` says so."""
        return _Size(self.data.shape)

    def zero_grad(self):
        self._zeroed, self._written, self._stepped, self._piled = True, False, False, False

    def __getitem__(self, key):
        """Refused with the way: ``p[:2]``, a tensor's habit, is ``p.data[:2]`` here (Python's own
        words, "'Parameter' object is not subscriptable", said neither)."""
        raise TypeError(f"Parameter {self.name!r} is not an array: its values are p.data, a NumPy array, "
                        f"to index (p.data[:2] gives the first two rows)")

    __iter__ = None   # not iterable, in Python's words, rather than through __getitem__'s refusal

    def __getattr__(self, name):
        """Only reached for an attribute a Parameter does not have: torch.Tensor's habits
        (``PARAMETER_HABITS``) get what does their job here, anything else Python's own error."""
        if name in PARAMETER_HABITS:
            raise AttributeError(f"Parameter has no {name}(): {habit_answer(PARAMETER_HABITS, name, self)}")
        raise AttributeError(f"'Parameter' object has no attribute {name!r}")

    def __repr__(self):
        return f"Parameter(name={self.name!r}, shape={self.data.shape}, dtype={self.data.dtype.name})"


def transpose_hint(expected, shape):
    """What to say when a weight of shape ``expected`` is given an array of ``shape``: if that is
    its transpose, that a weight is (out, in) here and to assign its transpose; else ""."""
    if len(expected) != 2 or tuple(shape) != tuple(expected)[::-1]:
        return ""
    return (": the transpose of that. A weight is (out, in) here, one row per unit of the layer, "
            "as in the course's z = W a + b and in torch (W[j, i] connects input i to unit j); a "
            "matrix written (in, out), as some textbooks write W, goes in as its transpose, W.T")


def wrong_shape(label, expected, shape):
    """The message for ``label``, the data of a fixed-shape parameter of shape ``expected``,
    assigned an array of ``shape``, with the fix that fits: its transpose; the same values in
    another shape (a bias written as a column, a single unit's weights as a vector): a reshape;
    one number or one row: writing it in, which broadcasts it; else a layer of that size."""
    message = f"{label} must keep its shape {expected}, got an array of shape {shape}"
    return message + (transpose_hint(expected, shape) or shape_fix(
        expected, shape,
        fill=(f"; to write one number into every entry (or one row into every row), write into "
              f"the array: {label}[...] = value"),
        other="; a layer of another size is a new layer (e.g. nn.Dense(in_features, out_features))"))


def shape_fix(expected, shape, fill, other):
    """The end of a message refusing an array of ``shape`` where one of ``expected`` goes: a
    reshape when it holds as many values, ``fill`` when it broadcasts to it (one number, one
    row), else ``other`` (for parameters and buffers alike: a layer of another size)."""
    if math.prod(shape) == math.prod(expected):
        return f"; it holds as many values: reshape it, np.reshape(value, {expected})"
    try:
        if np.broadcast_shapes(shape, expected) == tuple(expected):
            return fill
    except ValueError:
        pass
    return other


def refuse_mixed_dtypes(model):
    """Refuse a model whose parameters do not all have one dtype, naming those that differ from
    the rest (from the default dtype, when some have it), with the fix; ``fit`` and ``predict``
    check it once a call, not per batch.

    ``nn.Parameter(np.ones(n))`` is float64, NumPy's default, and stays so (an array keeps its
    float dtype, as a torch tensor does) beside float32 layers: every layer after it would then
    compute in float64, twice as slow, predict would return float64, and ``to_torch`` would
    refuse the model. torch refuses the mix at the forward pass; here, before training.
    """
    named = list(model.named_parameters())
    dtypes = [p.data.dtype for _, p in named]
    if len(set(dtypes)) < 2:
        return
    default = np.dtype(get_default_dtype())
    usual = default if default in dtypes else max(set(dtypes), key=dtypes.count)
    odd = [f"{name} is {p.data.dtype}" for name, p in named if p.data.dtype != usual]
    listed = ", ".join(odd[:3]) + (f" and {len(odd) - 3} more" if len(odd) > 3 else "")
    raise TypeError(f"the model's parameters mix dtypes: {listed}, the others {usual.name}. NumPy "
                    f"computes a mix in float64: the model would be slower, predict would return "
                    f"float64, and to_torch would refuse it. Make each parameter in the default dtype, e.g. "
                    f"nn.Parameter(np.ones(n, dtype=nn.get_default_dtype())) (a NumPy array is "
                    f"float64 unless told), or convert the whole model to one: "
                    f"model.to(np.{usual.name})")


def check_set_to_none(set_to_none):
    """``zero_grad(set_to_none=True)``, PyTorch's default, is what ``zero_grad`` does here (see
    ``Parameter``); False, torch's gradients filled with zeros, is refused as not needed."""
    if set_to_none is not True:
        raise ValueError(f"zero_grad(set_to_none={set_to_none!r}): gradients here are always cleared "
                         f"as torch's set_to_none=True clears them, and read as zeros until a "
                         f"backward writes one; call zero_grad()")


def parameter_list(params, example):
    """``params`` as a list of Parameters, for the optimizers and the clipping functions: a
    model, its ``parameters`` method (not called), what is not iterable (None, a number), an
    item that is no Parameter or one listed twice is refused, with ``example``, the call as it
    should read, in the message."""
    if callable(getattr(params, "parameters", None)):  # optim.Adam(model): a model is callable too
        raise TypeError(f"params is a model ({type(params).__name__}), not its parameters: pass "
                        f"model.parameters(), e.g. {example}")
    if callable(params):  # optim.SGD(model.parameters, ...): the method, not its list
        raise TypeError(f"params is a method: call it, e.g. {example}")
    if isinstance(params, Parameter):  # torch takes a lone tensor in some places, not here
        raise TypeError(f"params is one Parameter: pass a list of them, [p], e.g. {example}")
    if course_parameters_hint(params):   # Andrew Ng's course's {"W1": ..., "b1": ...}: arrays, not Parameters
        raise TypeError(f"params must be a model's Parameters, e.g. {example}, got a dict of arrays"
                        f"{course_parameters_hint(params)}")
    try:
        items = iter(params)
    except TypeError:  # None, a number, True: "'NoneType' object is not iterable" says no more
        raise TypeError(f"params must be an iterable of Parameters, e.g. model.parameters(), got "
                        f"{type(params).__name__} {params!r}; call it as {example}") from None
    params, first = list(items), {}
    for i, p in enumerate(params):
        if isinstance(p, dict):  # torch's parameter groups, {"params": ..., "lr": ...}
            raise TypeError(f"params[{i}] is a dict: there are no parameter groups here; build one "
                            f"optimizer per group, each over its layers' parameters (e.g. "
                            f"optim.SGD(model[2].parameters(), lr=0.01)), and step each")
        if not isinstance(p, Parameter):
            raise TypeError(f"params[{i}] must be an nn.Parameter, got {not_a_parameter(p, example)}")
        if first.setdefault(id(p), i) != i:  # a weight shared by two layers, listed by hand
            raise ValueError(f"params holds the same Parameter more than once (params[{first[id(p)]}] "
                             f"and params[{i}]): it would be updated, or counted in a norm, twice; "
                             f"model.parameters() lists a shared one once")
    return params


def not_a_parameter(item, example):
    """What ``item``, found among params, is, in an error's words: a (name, Parameter) pair of
    ``named_parameters()``, or a torch Parameter, with the call that works (``example``); else its
    type."""
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], Parameter):
        return (f"a (name, Parameter) pair, as model.named_parameters() gives them: pass model.parameters(), "
                f"e.g. {example}, or the Parameters of the pairs, [p for _, p in model.named_parameters()]")
    if torch_class(item) is not None:
        return (f"torch's {type(item).__name__}, a PyTorch tensor, not a neuralab Parameter: pass a neuralab "
                f"model's, e.g. {example} (a torch module's train with torch.optim and torch.nn.utils)")
    return type(item).__name__
