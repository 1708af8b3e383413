"""Sequential: layers applied one after the other, forward and then backward."""
import re
import weakref
from collections.abc import Mapping

import numpy as np

from .batchnorm import BatchNorm1d
from .checks import check_bool
from .dtype import as_float_array
from .course_parameters import course_parameters_hint
from .layer import DeltaError, Layer, check_input_gradient
from .layer_list import LayersSlot, not_a_layer
from .model_methods import ModelMethods
from .parameter import Parameter
# (nn and train.gradcheck import the two warnings from here)
from .pass_record import BackwardTwiceWarning, EvaluationPassWarning, check_backward, fail_pass, start_pass
from .sequential_repr import sequential_repr, short_repr

_KEEPS = "keeps the width"  # ``Sequential._input_width`` of layers that all do (an empty Sequential)
# Every Sequential alive, for ``is_model_output`` (nn.model_output); weak, so that it keeps none alive.
live_models = weakref.WeakSet()


class Sequential(ModelMethods, Layer):
    """A network: layers applied one after the other, the model ``fit`` trains.

        forward:   a[0] = x,  a[l] = layer_l(a[l-1]), so that a Dense and its activation
                   compute z[l] = a[l-1] · W[l]ᵀ + b[l] and a[l] = f(z[l])  (the course's
                   a = f(W·a + b), with the samples as rows)
        backward:  δ[L] = dL/da[L] from the loss, then δ[l-1] = layer_l.backward(δ[l]) in
                   reverse, each layer adding its dL/dW, dL/db into the parameters' ``.grad``

    ``model(x)`` is ``model.forward(x)``; ``model[i]`` is layer i. It also carries the Keras-style
    methods ``fit``, ``predict``, ``evaluate``, ``summary`` and ``save``.

    >>> from neuralab import nn
    >>> nn.Sequential(nn.Dense(2, 8), nn.Tanh(), nn.Dense(8, 1), nn.Sigmoid())([[0.5, -1.0]]).shape
    (1, 1)
    """

    indexed_layers = "layers"  # named "0.weight", "1.bias", ... as in torch (see ``Layer._children``)
    layers = LayersSlot()
    feature_names = None       # the columns of the DataFrame ``fit`` learned from (see ``train.fit``)
    class_names = None         # what each output class is called, set by ``neuralab train`` (see ``io.model_names``)

    def __init__(self, *layers):
        if len(layers) == 1 and isinstance(layers[0], (list, tuple)):
            layers = tuple(layers[0])
        if len(layers) == 1 and course_parameters_hint(layers[0]):   # Andrew Ng's course's dict of arrays
            raise TypeError(f"Sequential takes layers, not arrays{course_parameters_hint(layers[0], build=True)}")
        if len(layers) == 1 and isinstance(layers[0], Mapping):
            # torch's Sequential(OrderedDict([("fc1", ...), ...])): names a Sequential here does not keep
            raise TypeError("Sequential takes layers, not a dict of them: its layers are numbered, not named "
                            "(model[0], parameters '0.weight', ...); give the dict's layers, "
                            "nn.Sequential(*d.values())")
        self.layers = layers  # a LayerList, checked (``LayersSlot``)
        self._caches = None  # which forward pass the layers' caches hold: see ``pass_record``
        self._pass_id = None  # that pass's number, which each layer it ran is stamped with
        self._output = None  # that pass's output, whose shape backward's δ must have
        live_models.add(self)

    def __setstate__(self, state):
        """``copy.deepcopy`` and pickle build a Sequential without ``__init__``: it must be
        registered for ``is_model_output`` all the same (a teacher that is a copy)."""
        self.__dict__.update(state)
        live_models.add(self)

    def append(self, layer):
        """Add ``layer`` at the end; returns the Sequential itself (as ``torch.nn.Sequential``)."""
        if not isinstance(layer, Layer):
            raise TypeError(f"append takes a layer, got {not_a_layer(layer)}")
        self._refuse_itself(layer, "append")
        self.layers.append(layer)
        return self

    def insert(self, i, layer):
        """Put ``layer`` before layer ``i``, as ``torch.nn.Sequential.insert``; returns the
        Sequential itself."""
        self._refuse_itself(layer, "insert")
        self.layers.insert(i, layer)
        return self

    def _refuse_itself(self, layer, how):
        """A network cannot hold itself (checked before the repeats, whose message, its repr,
        would never end)."""
        if isinstance(layer, Layer) and any(inside is self for inside in layer.walk()):
            what = ("this Sequential itself" if layer is self
                    else f"a {type(layer).__name__} that contains this Sequential")
            raise ValueError(f"{how}: the layer is {what}; a network cannot be one of its own "
                             f"layers (its forward pass would never end)")

    def forward(self, x, training=False):
        """a[L], the output for the batch ``x`` (samples as rows): a[0] = x, then
        a[l] = layer_l.forward(a[l-1]) for each layer in order; a Dense and its activation
        compute z[l] = a[l-1] · W[l]ᵀ + b[l] and a[l] = f(z[l]). Each layer keeps what its
        backward needs (a[l-1], z[l] or a mask) until its next forward.

        ``training=True`` runs the layers as ``fit`` does (Dropout drops, BatchNorm1d uses the
        batch's statistics); the default, an evaluation pass, is what ``model(x)`` runs, and
        ``predict`` too, a batch at a time.

        >>> import numpy as np; from neuralab import nn
        >>> nn.Sequential(nn.Dense(2, 3), nn.ReLU(), nn.Dense(3, 1)).forward(np.ones((4, 2))).shape
        (4, 1)
        """
        if training is not True and training is not False:  # "no" or None would pick a mode by truth
            training = check_bool(training, "training")
        pass_id = start_pass(self, training)  # stamped on each layer it runs, for backward's checks
        self._input_shape = np.shape(x)  # what dL/dx, backward's answer, must have
        try:
            for layer in self.layers:
                x = layer.forward(x, training=training)
                layer._ran_in = pass_id
        except BaseException as err:
            i = self.layers.index(layer)
            self._undo_pass(i)
            if x is None and i > 0 and isinstance(err, Exception):  # what the layer before returned
                raise TypeError(_returned_none(i - 1, self.layers[i - 1])) from None
            self._name_the_layer(err, layer)
            raise
        if x is None and self.layers:  # one test a pass, not one a layer
            self._undo_pass(len(self.layers))
            raise TypeError(_returned_none(len(self.layers) - 1, layer))
        # an empty Sequential's input, or a layer of your own's list, as a layer's output is
        x = as_float_array(x, "the output of Sequential", finite=False)
        self._output = x
        return x

    def _undo_pass(self, i):
        """A failed pass leaves the model as it was: the ``i`` layers that ran put back the
        running statistics they moved (a nested Sequential that raised has put back its own),
        and backward refuses the caches, now half from this pass."""
        for done in self.layers[:i]:
            for inside in done.walk():
                if isinstance(inside, BatchNorm1d):
                    inside.undo_running_update()
        fail_pass(self)

    skips_input_grad = True

    def backward(self, grad_out, input_grad=True):
        """δ[0] = dL/dx, after adding each parameter's dL/dθ into its ``.grad``. ``grad_out`` is
        δ[L] = dL/da[L] for the output of the last forward pass, what ``loss.backward()`` returns,
        and flows back through the layers in reverse, δ[l-1] = layer_l.backward(δ[l]); a Dense
        and its activation compute
            δ_z = δ[l] ⊙ f'(z[l]),  dW[l] += δ_zᵀ · a[l-1],  db[l] += Σ_samples δ_z,  δ[l-1] = δ_z · W[l]
        Gradients add up until ``optimizer.zero_grad()``. ``input_grad=False`` lets the first
        layer skip dL/dx, which training never needs (``fit`` does); None is then returned.

        It differentiates the pass the layers' caches hold, and refuses, with the way, one that
        another pass replaced (``predict`` between forward and backward, a layer or a slice of the
        model run since); it warns when it runs twice on one pass, and on an evaluation pass
        through Dropout or BatchNorm1d.

        >>> import numpy as np; from neuralab import nn
        >>> model, loss = nn.Sequential(nn.Dense(2, 3), nn.ReLU(), nn.Dense(3, 1)), nn.MSELoss()
        >>> L = loss(model.forward(np.ones((4, 2)), training=True), np.zeros((4, 1)))
        >>> model.backward(loss.backward()).shape, model[0].weight.grad.shape   # dL/dx, dL/dW[1]
        ((4, 2), (3, 2))
        """
        check_backward(self, grad_out)  # refuses a pass the layers no longer hold (pass_record.py)
        if not self.layers:
            return grad_out
        first, *rest = self.layers
        try:  # costs nothing until it catches
            for layer in reversed(rest):
                grad_out = layer.backward(grad_out)
            layer = first
            if not input_grad and first.skips_input_grad:
                return first.backward(grad_out, input_grad=False)
            return check_input_gradient(first, first.backward(grad_out), self._input_shape)
        except AttributeError as err:  # a layer of your own reading what its forward did not keep
            if getattr(err, "obj", None) is not layer or hasattr(type(layer), err.name or ""):
                raise
            raise AttributeError(_not_cached(self.layers.index(layer), layer, err.name),
                                 name=err.name, obj=layer) from None
        except ValueError as err:
            _add_gradient_sum(err, layer)
            self._name_the_layer(err, layer)
            raise

    def _name_the_layer(self, err, layer):
        """Name the layer whose forward or backward raised ``err``, by its place and repr: NumPy's
        shape errors do not, and a δ of the wrong shape is refused by the layer it is given to,
        so the message also names the layer after it, whose backward returned it.
        A plain ValueError (or a δ refusal) with one argument is rewritten; others pass as they
        are. A nested Sequential has named its own layer, whose number follows this one's."""
        if (type(err) not in (ValueError, DeltaError) or len(err.args) != 1
                or not isinstance(err.args[0], str)):
            return
        i, message = self.layers.index(layer), err.args[0]
        if isinstance(err, DeltaError) and err.layer is layer and i + 1 < len(self.layers):
            message += (f"; that δ is what the layer after it, layer {i + 1} "
                        f"{short_repr(self.layers[i + 1])}, returned from its backward, which must "
                        f"return δ_prev = dL/da_prev, of the shape of its forward's input")
        if isinstance(layer, Sequential) and message.startswith("layer "):
            err.args = (f"layer {i}.{message.removeprefix('layer ')}",)
        else:
            err.args = (f"layer {i} {short_repr(layer)}: {message}",)

    def __repr__(self):  # one line if it fits, else a layer per line; print (Layer.__str__) also
        # opens the layers of your own inside, which errors and summary, quoting the repr, do not
        return sequential_repr(self)

    def __getitem__(self, i):
        """``model[i]`` is a layer; ``model[a:b]`` a Sequential of those layers (the same objects,
        as in torch), e.g. ``model[:-1]`` is the network without its output activation."""
        if isinstance(i, slice):
            part = Sequential(*self.layers[i])
            if i.start in (None, 0) and i.step in (None, 1):  # the body takes the model's columns
                part.feature_names = self.feature_names
            return part
        return self.layers[i]

    def __setitem__(self, i, layer):
        """``model[i] = layer`` replaces layer i (a new head: ``model[-1] = nn.Dense(h, 5)``), as
        in torch; ``model.layers[i] = layer`` does the same. An optimizer built before holds the
        old layer's parameters, not the new one's: build it again."""
        self._refuse_itself(layer, f"model[{i!r}] = layer")
        self.layers[i] = layer

    def __delitem__(self, i):
        """``del model[i]`` (or a slice) removes layers, as in torch."""
        del self.layers[i]

    def __iter__(self):
        return iter(self.layers)

    def __len__(self):
        return len(self.layers)

    def to_spec(self):
        return {"type": "Sequential", "layers": [layer.to_spec() for layer in self.layers]}

    @classmethod
    def _from_config(cls, args):
        if set(args) != {"layers"} or not isinstance(args["layers"], list):
            raise ValueError("a Sequential spec has exactly one key besides 'type': 'layers', a list")
        return cls(*(Layer.from_spec(s) for s in args["layers"]))

    def output_shape(self, input_shape):
        """Each layer's ``output_shape`` in turn; None (unknown) from a layer that does not know."""
        for layer in self.layers:
            if input_shape is None:
                return None
            input_shape = layer.output_shape(input_shape)
        return input_shape

    def input_features(self):
        """n[0], the number of input features, read off the first layer that declares it
        (``in_features``, BatchNorm1d's ``num_features``), past layers that keep the width
        (``keeps_shape``: activations, Dropout, an empty Sequential) or its number of values
        (``keeps_values``: Flatten, after which it counts a sample's values). None if no layer declares
        it, or if a layer before it may change the width (a layer of your own that declares
        neither): ``fit`` and ``predict`` then check no width rather than a wrong one."""
        n = self._input_width()
        return None if n is _KEEPS else n

    def _input_width(self):
        """``input_features()``, or ``_KEEPS`` when every layer keeps the width."""
        for layer in self.layers:
            if isinstance(layer, Sequential):
                n = layer._input_width()
                if n is not _KEEPS:
                    return n
                continue
            n = getattr(layer, "in_features", getattr(layer, "num_features", None))
            if n is not None:
                return n
            if not (layer.keeps_shape or layer.keeps_values):
                return None
        return _KEEPS


def _returned_none(i, layer):
    """The error of a forward pass that returned None, at layer ``i`` of a Sequential: the next
    layer would refuse None as its input, naming itself, not the culprit."""
    return (f"layer {i} ({type(layer).__name__}).forward returned None: did it forget `return`? "
            f"A forward ends by returning its output, e.g. return x * self.a.data")


def _not_cached(i, layer, name):
    """The error of layer ``i``'s backward reading ``self.<name>``, which forward never set."""
    return (f"layer {i} ({type(layer).__name__}).backward reads self.{name}, which its forward pass "
            f"did not set: forward keeps what backward needs, e.g. self.{name} = x before its return")


_OPERAND = re.compile(r"non-broadcastable output operand with shape (\([\d, ]*\))")
_TRANSPOSED = re.compile(r"could not be broadcast together with shapes \((\d+),(\d+)\) \((\d+),(\d+)\)")


def _add_gradient_sum(err, layer):
    """Add the fix to NumPy's error for a gradient of the wrong shape added into a parameter's
    ``.grad``: one of the batch's shape (``self.a.grad += grad_out * self.x``) must be summed over
    the samples, and a weight's transpose (``self.W.grad += self.x.T @ grad_out``) is δ.T @ a_prev.
    The parameter is found by the shape NumPy names; nothing is added if none has it."""
    message = err.args[0] if len(err.args) == 1 and isinstance(err.args[0], str) else ""
    found, transposed = _OPERAND.search(message), _TRANSPOSED.search(message)
    if found is not None:
        shape = found.group(1).replace(" ", "")
        fix = ("the gradient added into it has one row per sample; sum it over the batch, e.g. "
               "self.{name}.grad += (grad_out * self.x).sum(axis=0)")
    elif transposed is not None and transposed.group(1, 2) == transposed.group(4, 3):
        shape = f"({transposed.group(1)},{transposed.group(2)})"
        fix = ("the gradient added into it is its transpose; for a weight of shape (out, in) it is "
               "grad_out.T @ self.x, not self.x.T @ grad_out")
    else:
        return
    names = [name for name, p in layer._children()
             if isinstance(p, Parameter) and str(p.data.shape).replace(" ", "") == shape]
    if names:
        name = names[0]
        err.args = (f"{message.rstrip()}: self.{name}.grad has the shape of {name} {_python_shape(shape)}, and "
                    + fix.format(name=name),)


def _python_shape(shape):
    """NumPy's "(4,3)" written as Python prints a shape, "(4, 3)"."""
    return shape.replace(",", ", ").replace(", )", ",)")
