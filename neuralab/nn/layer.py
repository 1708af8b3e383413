"""The base class every layer, activation and container shares.

A layer maps ``a_prev`` to ``a`` in ``forward`` and caches what its backward needs; ``backward``
takes δ = dL/da, adds dL/dθ into each parameter's ``.grad`` and returns dL/da_prev.
Parameters are found by walking attributes (no registration): a ``Parameter`` attribute, a
``Layer`` attribute, or a list, tuple or dict of them is picked up in the order it was assigned.
An attribute that holds a Parameter takes only a Parameter afterwards (``parameter_guard.py``).

Every layer is also data: ``to_spec()`` gives a small JSON-able dict and ``Layer.from_spec``
builds the same layer back. Subclasses register themselves by class name; a name stays with
the first class that takes it (see ``spec.py``).
"""
import numbers

import numpy as np

from .checks import undefined_hook
from .dtype import convert_layer
from .evaluation_calls import check_evaluation_call
from .forward_hooks import check_forward_signature, marking_own_passes
from .freeze_flags import TrainableFlag
from .habits import ATTRIBUTE_HABITS, FIT_ATTRIBUTES, HABITS, habit_answer
from .loss_value import LossValue
from .parameter import Parameter, check_set_to_none
from .parameter_guard import guarded_init
from .sequential_repr import layer_str
from .spec import build, layer_from_spec, register, spec_of
from .state_dict import load_state_dict, state_dict


def check_input_gradient(layer, grad, shape):
    """``grad``, what ``layer.backward`` returned, if it can be dL/dx for an input of ``shape``:
    an ndarray of that shape. Anything else (None, one row, a transpose) would be broadcast or
    fail later, naming neither the layer nor the cause: a ValueError says both."""
    if isinstance(grad, np.ndarray) and grad.shape == shape:
        return grad
    given = f"shape {grad.shape}" if isinstance(grad, np.ndarray) else type(grad).__name__
    raise ValueError(f"{type(layer).__name__}.backward returned {given} for dL/dx, which must be an "
                     f"ndarray of the input's shape {shape} (the gradient of the loss with respect to "
                     f"each input entry, returned at the end of backward)")


def _attribute_code(name):
    """The Python that reaches a layer's child of dotted ``name`` (``Layer._children``): "enc" is
    self.enc, "blocks.0" self.blocks[0], "parts.head" self.parts['head']."""
    owner, _, key = name.partition(".")
    return f"self.{owner}" + (f"[{key}]" if key.isdigit() else f"[{key!r}]" if key else "")


class DeltaError(ValueError):
    """A backward refusing the δ it was given (``Layer._check_delta``): ``Sequential.backward``
    then names the layer after it, whose backward returned that δ. ``layer`` is the refuser.
    A ValueError (``except ValueError`` catches it); its name is what a traceback shows, so it
    has no leading underscore."""

    def __init__(self, message, layer):
        super().__init__(message)
        self.layer = layer


class Layer(TrainableFlag):
    """Base class: ``forward(x, training=False)``, ``backward(grad_out)``, ``parameters()``.

    A layer of your own defines:
        ``forward(self, x, training=False)``  returns a for a_prev = x; keeps in ``self`` what
                        backward needs. ``training`` is True while ``fit`` trains (Dropout's masks,
                        BatchNorm's batch statistics): keep the argument even if you ignore it,
                        Sequential and ``layer(x)`` pass it (a forward without it is refused
                        when the class is defined)
        ``backward(self, grad_out)``  δ = dL/da in, of a's shape; adds dL/dθ into each
                        parameter's ``.grad``; returns dL/da_prev, of the shape of forward's x
        parameters      ``nn.Parameter`` attributes, or lists, tuples or dicts of them; layers
                        inside it likewise (named "weight", "params.0", "blocks.enc.weight", as
                        torch names a ParameterList's and a ModuleDict's). A dict's keys are
                        names: non-empty strings without "."; made in ``__init__`` (``fit``
                        refuses one made in forward, which its optimizer would not hold), in the
                        default dtype, and read as ``self.weight.data`` where used (an array
                        kept from it in ``__init__`` is refused: see ``refuse_parameter_aliases``)
        ``config(self)``  the constructor's arguments, for save/load (``to_spec``)
        buffers         arrays it keeps but does not learn (running statistics): ``save`` writes
                        those ``named_buffers(self, prefix="")`` yields, (prefix + "mean",
                        self.mean), and refuses an array the constructor made that has changed
    and, so that ``fit``, ``predict`` and ``summary`` can check shapes through it:
        ``in_features``  the width of the input it takes, (batch, in_features): ``fit`` and
                        ``predict`` check X against the first layer that declares it
        ``output_shape(self, input_shape)``  one sample's output shape, e.g. ``(self.n_out,)``,
                        for ``summary``
        ``keeps_shape = True``  instead of output_shape, for a layer whose output has its
                        input's shape (as activations and Dropout have)
        ``keeps_values = True``  with output_shape, for one whose output holds as many values
                        per sample in another shape (as Flatten's does)
    A layer that declares neither leaves the width unknown from there on: no check of X's
    width, rather than a guess; ``summary`` runs its forward on one sample, on a copy, for its
    output shape, or shows "?" and says why (``shape_probe.py``).
    """

    # True when ``backward(grad_out, input_grad=False)`` can skip computing dL/d(input): the
    # first layer of a network fed with data needs no input gradient (PyTorch skips it too),
    # and for a Dense layer it is half of the backward pass's work (δ · W, a product as large as
    # dL/dW's δᵀ · a_prev).
    skips_input_grad = False

    # Names of the attributes that hold this layer's weights, the parameters L1/L2 penalise (not
    # biases, nor BatchNorm's γ, β): each a Parameter, a list or tuple of them, or None. A layer
    # of your own opts in with regularized = ("weight",); without it L1/L2 leave its weights
    # alone, silently (the training Monitor still watches its Parameters of 2+ dimensions).
    regularized = ()

    # Fewest samples a training batch may hold (batch statistics need at least 2).
    min_training_batch = 1

    # Whether forward(x, training=True) computes another function than forward(x): Dropout's
    # masks, BatchNorm's batch statistics. A backward of an evaluation pass through such a layer
    # is most likely a training loop that forgot training=True (see ``Sequential.backward``).
    trains_differently = False

    # Names of the parameters that may be set to None (a Dense layer without bias): any other
    # Parameter attribute takes only a Parameter (see ``_ParameterSlot`` in parameter_guard.py).
    optional_parameters = ()

    # Whether the output has the input's shape (activations, Dropout, BatchNorm1d): ``summary``
    # and ``Sequential.input_features`` see through such a layer. A layer that changes the shape
    # leaves it False and declares ``in_features`` and ``output_shape`` (see the class docstring).
    keeps_shape = False

    # Whether the output holds the input's values, as many per sample, in another shape (Flatten):
    # ``Sequential.input_features`` counts through such a layer, n[0] then being the number of
    # values one sample holds, 784 for images of 28 × 28.
    keeps_values = False

    # The number of the Sequential forward pass that ran this layer last, or BY_HAND when its own
    # forward ran since (see ``forward_hooks.py`` and Sequential.backward)
    _ran_in = None

    # The list attribute whose layers are named by their index alone ("0.weight"), as torch names
    # a Sequential's: Sequential sets it to its ``layers``. Layers in any other list are named
    # under its attribute ("enc.0.weight"), as torch names a ModuleList's (see ``_children``).
    indexed_layers = None

    def __init_subclass__(cls, **kwargs):
        # (Comments, not a docstring: help() of every layer would show this.) Register cls under
        # its class name, the "type" its specs carry, unless another class holds the name
        # (spec.register); wrap its __init__, if it defines one, so that its parameters are
        # guarded once it is built (guarded_init), and its forward, so that a call on its own is
        # seen by the Sequential whose backward it would mislead (forward_hooks.py).
        super().__init_subclass__(**kwargs)
        if "forward" in cls.__dict__:
            check_forward_signature(cls)
            cls.forward = marking_own_passes(cls.forward, check_evaluation_call)
        if "__init__" in cls.__dict__:
            cls.__init__ = guarded_init(cls.__init__)
        if not cls.__dict__.get("abstract", False):  # base classes cannot be built from a spec
            register(cls)

    def forward(self, x, training=False):
        raise undefined_hook(self, "forward(self, x, training=False)", "it returns the layer's output for "
                             "the batch x (see nn.Layer's docstring)")

    def backward(self, grad_out):
        raise undefined_hook(self, "backward(self, grad_out)", "from dL/d(output) it adds its parameters' "
                             "gradients to their .grad and returns dL/dx (a layer without one can predict, "
                             "not train)" + self._backward_through_layers())

    def _backward_through_layers(self):
        """For a layer of your own that keeps layers (a torch user's Module, whose backward autograd
        wrote): the backward that goes through them in reverse, as the sentence ending the error of
        a missing backward. With several, it assumes forward runs them in the order they were set,
        and says so."""
        calls = [_attribute_code(name) for name, child in self._children() if isinstance(child, Layer)]
        if not calls:
            return ""
        if len(calls) == 1:
            return f". A layer made of a layer goes back through it: return {calls[0]}.backward(grad_out)"
        steps = [f"grad = {call}.backward({'grad' if i else 'grad_out'})" for i, call in enumerate(calls[:0:-1])]
        return (". Without autograd, a layer made of layers goes back through them in the reverse order of "
                f"forward; if forward runs {', '.join(calls)} in that order: {'; '.join(steps)}; "
                f"return {calls[0]}.backward(grad)")

    def _cached(self, name):
        """What forward kept under ``name`` for backward (``a_prev``, ``mask``): backward's first
        read of it, which, before any forward pass, raises the error that says so."""
        try:
            return getattr(self, name)
        except AttributeError:
            raise self._backward_before_forward() from None

    def _backward_before_forward(self):
        """The error of a backward before any forward pass, which made what it reads (``_cached``)."""
        return ValueError(f"{type(self).__name__}.backward before forward: a layer keeps what its "
                          f"forward pass computed for its backward, and this one has run none "
                          f"yet; run layer.forward(x) first")

    def _check_delta(self, grad_out, shape, source=""):
        """``grad_out`` if it can be δ = dL/da for this layer's last forward pass, whose output a
        had ``shape``; otherwise a ValueError naming the layer, that shape (then ``source``, where
        such a δ comes from) and what was given.

        Every built-in backward starts with it: NumPy would broadcast a δ of shape (1, n) over
        the batch without a word (each sample getting the first one's gradient), and fail on a
        list or another shape deep inside with a message that names no layer. It runs on every
        training batch, so it compares a type, a shape tuple and a dtype's kind only, no pass
        over the values. (A complex δ failed in the first ``+=`` into a gradient, naming no layer.)
        """
        if isinstance(grad_out, np.ndarray) and grad_out.shape == shape and grad_out.dtype.kind in "fiub":
            return grad_out
        if isinstance(grad_out, np.ndarray) and grad_out.shape == shape:
            given = f"an array of dtype {grad_out.dtype} (δ holds real numbers)"
        elif isinstance(grad_out, np.ndarray):
            given = f"an array of shape {grad_out.shape}"
        elif isinstance(grad_out, LossValue):
            given = f"the loss's value L = {grad_out!r}, where backward needs its gradient, loss.backward()"
        elif isinstance(grad_out, numbers.Real):
            given = f"{type(grad_out).__name__} {grad_out!r} (the loss's value? backward needs its gradient)"
        else:
            given = f"{type(grad_out).__name__} (make it an array: np.asarray)"
        raise DeltaError(f"{type(self).__name__}.backward takes δ = dL/da for the output a of its "
                          f"last forward pass: an ndarray of a's shape {shape}{source}; got {given}", self)

    def __call__(self, x, training=False):
        """``layer(x)`` is ``layer.forward(x)``: an evaluation pass unless ``training=True``. Inside
        a training forward of a layer of your own, ``self.drop(h)`` would so run Dropout without
        its masks: it warns (``evaluation_calls.py``), where PyTorch's modules follow the mode;
        so does ``self.drop.forward(h)``, whose wrapper sees ``training`` left out."""
        if training is False:   # fit never calls a layer this way: a learner's code does
            check_evaluation_call(self)
        return self.forward(x, training=training)

    def __getattr__(self, name):
        """Only reached for an attribute the layer does not have: a PyTorch or Keras habit (such
        as ``eval()``, ``state_dict()``, ``get_weights()`` or Keras's ``weights``) gets what does
        its job here, and what fit sets (``optimizer``), asked for before a fit, the way to have it."""
        if name in HABITS:
            raise AttributeError(f"{type(self).__name__} has no {name}(): {habit_answer(HABITS, name, self)}")
        if name in ATTRIBUTE_HABITS:
            raise AttributeError(f"{type(self).__name__} has no {name}: {ATTRIBUTE_HABITS[name]}", name=name, obj=self)
        if name in FIT_ATTRIBUTES:
            raise AttributeError(f"{type(self).__name__} has no {name} yet: {FIT_ATTRIBUTES[name]}",
                                 name=name, obj=self)
        # name and obj as Python's own error has them: Sequential.backward reads them
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self)

    # -- parameters ---------------------------------------------------------------------------
    def _children(self):
        """(name, Parameter | Layer) pairs in attribute order. A list, tuple or dict is opened, its
        items named under its attribute as torch names those of a ModuleList, a ParameterList, a
        ModuleDict and a ParameterDict (``self.enc = [Dense, ...]`` gives "enc.0", ``self.params =
        [W, b]`` "params.0", "params.1", ``self.p = {"W": W}`` "p.W"), so that what a layer of
        your own keeps in them is trained, saved and checked like any other, and two of them never
        give one name twice. The layers of the list ``indexed_layers`` names are the layer's own,
        by index alone (a Sequential's "0", "1", ..., as in torch)."""
        for name, value in vars(self).items():
            if isinstance(value, (Parameter, Layer)):
                yield name, value
            elif isinstance(value, (list, tuple)):
                owner = "" if name == self.indexed_layers else name + "."
                for i, item in enumerate(value):
                    if isinstance(item, Layer):
                        yield f"{owner}{i}", item
                    elif isinstance(item, Parameter):
                        yield f"{name}.{i}", item
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, (Parameter, Layer)):
                        if not isinstance(key, str) or not key or "." in key:
                            self._refuse_key(name, key, item)
                        yield f"{name}.{key}", item

    def _refuse_key(self, name, key, item):
        """The error for a Parameter or Layer kept in dict ``name`` under ``key``, which cannot
        be part of its dotted name ("name.key.weight")."""
        raise ValueError(f"{type(self).__name__}.{name} holds a {type(item).__name__} under the key "
                         f"{key!r}: the keys of a dict of parameters or layers become their names "
                         f"(\"{name}.<key>\", as in torch's ParameterDict and ModuleDict), so they must "
                         f"be non-empty strings without '.'")

    def walk(self):
        """This layer and every layer inside it, depth first."""
        yield self
        for _, child in self._children():
            if isinstance(child, Layer):
                yield from child.walk()

    def named_layers(self, prefix=""):
        """(dotted path, layer) for this layer (path ``prefix``, "" by default) and every layer in
        it, depth first: "2" holds "2.weight" (torch's ``named_modules``)."""
        yield prefix, self
        for name, child in self._children():
            if isinstance(child, Layer):
                yield from child.named_layers(f"{prefix}.{name}" if prefix else name)

    def named_parameters(self, prefix="", remove_duplicate=True):
        """(dotted path, Parameter) pairs, the same names ``torch.nn`` gives the exported module.

        A Parameter that two layers share (tied weights: ``decoder.weight = encoder.weight``) is
        one set of numbers, trained once with the gradients of both uses added up: as in torch,
        it is listed once, under its first path, unless ``remove_duplicate=False``.
        """
        seen = set()
        for name, p in self._all_parameters(prefix):
            if not remove_duplicate or id(p) not in seen:
                seen.add(id(p))
                yield name, p

    def _all_parameters(self, prefix):
        for name, child in self._children():
            if isinstance(child, Parameter):
                yield prefix + name, child
            else:
                yield from child._all_parameters(prefix + name + ".")

    def shared_parameters(self):
        """{path: first path} for each place that reuses a Parameter listed earlier, e.g.
        ``{"2.weight": "0.weight"}``: what ``save`` and ``to_torch`` tie again."""
        first, shared = {}, {}
        for name, p in self.named_parameters(remove_duplicate=False):
            if id(p) in first:
                shared[name] = first[id(p)]
            else:
                first[id(p)] = name
        return shared

    def named_buffers(self, prefix=""):
        """(dotted path, ndarray) pairs of non-learned state that is saved (running statistics)."""
        for name, child in self._children():
            if isinstance(child, Layer):
                yield from child.named_buffers(prefix + name + ".")

    def check_buffer(self, name, value):
        """Raise ValueError if ``value`` (finite, of the right shape) cannot be this layer's
        buffer ``name``, e.g. a Standardize σ ≤ 0, which would divide by zero or flip signs;
        ``load`` and ``save`` apply it to a file's values. The default accepts every value."""
        # Each buffer's rule is written once, here in the layer that owns it, and applied by the
        # buffer's BufferSlot too, if the class declares one, to every assignment (parameter_guard.py).

    def parameters(self):
        """The Parameters of this layer and the layers inside it, in ``named_parameters`` order."""
        return [p for _, p in self.named_parameters()]

    state_dict, load_state_dict = state_dict, load_state_dict   # torch's weights by name (``nn.state_dict``)

    def to(self, dtype):
        """Convert every parameter (values and gradient) and buffer of this layer and the layers
        in it to ``dtype``, np.float32 or np.float64, in place, and return it, as torch's
        ``Module.to``: ``model.to(np.float64)`` before a gradient check. An optimizer built before
        goes on in the new dtype, its state cast along (``optim.Optimizer``)."""
        return convert_layer(self, dtype)

    def zero_grad(self, set_to_none=True):
        """Every parameter's gradient to 0 before the next ``backward`` (see ``nn.Parameter``)."""
        check_set_to_none(set_to_none)
        for p in self.parameters():
            p.zero_grad()

    def num_parameters(self):
        """How many numbers training adjusts: Σ over the parameters of their sizes (a Dense:
        n_out·n_in + n_out)."""
        return sum(p.size for p in self.parameters())

    # -- spec ---------------------------------------------------------------------------------
    def config(self):
        """The constructor arguments that rebuild this layer (without its weights)."""
        return {}

    def to_spec(self):
        """{"type": the class name, **config()}: JSON-able, and ``Layer.from_spec`` rebuilds the
        layer from it (with new weights: ``save`` keeps those). A class of your own whose name
        another class holds (``class ReLU(nn.Layer)``) is refused, as ``save`` refuses it: its
        spec would rebuild as that class, silently (see ``spec.py``)."""
        return spec_of(self)

    @classmethod
    def from_spec(cls, spec):
        """Build a layer from ``to_spec()`` output; unknown types and arguments are refused.
        ``nn.Layer.from_spec`` builds whatever layer the spec names; called on a subclass
        (``nn.Sequential.from_spec``), it also refuses a spec of another kind of layer. Each layer
        is built by its constructor, whose warnings come as for a call written out (a BatchNorm1d's
        Keras-style momentum); ``load`` keeps back those of a model file."""
        return layer_from_spec(spec, cls)

    @classmethod
    def _from_config(cls, args):
        """The layer that ``config()``'s ``args`` describe (a container builds its children)."""
        return build(cls, args)

    def output_shape(self, input_shape):
        """Shape of one sample's output for one sample's ``input_shape`` (for ``summary``); None
        when it is not known: a layer of your own that changes the shape defines it, or sets
        ``keeps_shape = True`` if it keeps it."""
        return tuple(input_shape) if self.keeps_shape else None

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"

    def __str__(self):
        """What ``print(model)`` shows: the repr, and for a layer of your own that keeps layers
        in its attributes, those layers under their names, as torch prints a Module's children
        (``NeuralNetwork()`` alone would hide the network a torch user defined in ``__init__``).
        Nested layers of your own open too, in a Sequential as well (``layer_str``)."""
        return layer_str(self)
