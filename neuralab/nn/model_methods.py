"""The Keras-style model methods of a Sequential: ``fit``, ``evaluate``, ``predict``, ``save`` and
``summary``. Each is a thin door to ``neuralab.train``, ``neuralab.io`` or ``nn.summary``,
imported when called, so that ``nn`` itself never depends on the packages above it (and
``nn.summary`` can import Sequential).
"""
import importlib
import inspect
import types

from . import tables
from .one_hot_inputs import encode_categories, refuse_dict
from .parameter import refuse_mixed_dtypes

# How many levels of layers ``summary`` shows by default: the model's, the layers inside them, and
# one level more (a block inside a layer of your own), torchinfo's default. A learner's own layer
# is opened, which is what shows where its parameters are; a model of Dense layers and activations
# holds no layer inside a layer, and its table is the same at every depth. (Here, not in
# ``summary.py``, which imports Sequential, which imports this module.)
SUMMARY_DEPTH = 3


# A model method that hands the call to a function of ``neuralab.train`` (``target``, "module:name"),
# and shows that function's parameters and docstring: Jupyter's Shift-Tab and keyword completion
# read ``inspect.signature``, which gave ``(X=None, y=None, *more, **kwargs)`` and offered none of
# fit's options. Both are looked up when asked, so that importing ``nn`` does not import ``train``
# (nor ``train`` import a Sequential half made). (A comment, not a docstring: the class's
# ``__doc__`` is the property below, each door's own.)
class _Door:

    def __init__(self, method, target):
        self._method, self._target = method, target
        self.__name__ = self.__qualname__ = method.__name__
        self.__module__ = method.__module__

    def __get__(self, model, owner=None):
        return self if model is None else types.MethodType(self, model)

    def __call__(self, model, *args, **kwargs):
        __tracebackhide__ = True   # see HIDDEN
        return self._method(model, *args, **kwargs)

    def _function(self):
        module, name = self._target.split(":")
        return getattr(importlib.import_module(module), name)

    @property
    def __signature__(self):
        signature = inspect.signature(self._function())
        model, *rest = signature.parameters.values()
        return signature.replace(parameters=[model.replace(name="self"), *rest])

    @property
    def __doc__(self):
        return f"{inspect.getdoc(self._method)}\n\n{self._target.replace(':', '.')}:\n{inspect.getdoc(self._function())}"


# HIDDEN: a door's frames (``_Door.__call__`` and the method's own) hold only checks and the hand-over,
# so IPython (a notebook's traceback) and pytest leave them out (``__tracebackhide__``): a Ctrl-C in
# fit, which fit ends at its own line (``fit_attributes._end_at_fit``), showed two frames of this
# file between the learner's cell and fit.py. A check that refuses is a frame of its own and
# stays, and so does every frame below the door; Python's own traceback shows them all.
def _door_to(target):
    """Make the method a ``_Door`` to ``target`` ("neuralab.train.fit:fit")."""
    return lambda method: _Door(method, target)


class ModelMethods:
    """What ``nn.Sequential`` takes from here (see the module docstring)."""

    # X and y default to None only so that Keras's fit(x=X, y=y) meets the keyword check (which
    # names the fix) rather than Python's "missing 1 required positional argument: 'X'"
    @_door_to("neuralab.train.fit:fit")
    def fit(self, X=None, y=None, *more, **kwargs):
        """Train with mini-batch gradient descent on (X, y), or on a ``data.Dataset`` given alone
        (its X and y, and its column and class names); see ``neuralab.train.fit``. Returns a History."""
        __tracebackhide__ = True   # see HIDDEN
        from ..train.fit_keywords import check_fit_keywords, check_required
        from ..train.fit import fit
        check_fit_keywords(fit, kwargs, more)
        _refuse_missing("fit", X, y)
        check_required(fit, kwargs)
        return fit(self, X, y, **kwargs)

    @_door_to("neuralab.train.evaluate:evaluate")
    def evaluate(self, X=None, y=None, *more, **kwargs):
        """Loss and metrics on (X, y), or on a ``data.Dataset`` given alone, as a dict,
        ``scores["loss"]`` (``scores.values()`` the numbers in order, Keras's list); see
        ``neuralab.train.evaluate``."""
        __tracebackhide__ = True   # see HIDDEN
        from ..train.fit_keywords import check_fit_keywords
        from ..train.evaluate import evaluate
        check_fit_keywords(evaluate, kwargs, more)
        _refuse_missing("evaluate", X, y)
        X = _raw_columns_read(self, X)
        with self._one_pass():
            return evaluate(self, X, y, **kwargs)

    @_door_to("neuralab.train.evaluate:predict")
    def predict(self, X=None, batch_size=None, **kwargs):
        """The network's output for X in evaluation mode (no dropout, running statistics),
        ``batch_size`` rows at a time: 4096 by default (None), which bounds the memory of a call
        on a large X, or "full" for one pass; see ``neuralab.train.evaluate.predict``."""
        __tracebackhide__ = True   # see HIDDEN
        from ..train.fit_keywords import check_fit_keywords
        from ..train.evaluate import predict
        check_fit_keywords(predict, kwargs)
        _refuse_missing("predict", X)
        X = _raw_columns_read(self, X)
        refuse_mixed_dtypes(self)
        with self._one_pass():
            out = predict(self, X, batch_size=batch_size)
        self._output = out  # the model's output all the same, for ``is_model_output``
        return out

    @_door_to("neuralab.train.predict_classes:predict_classes")
    def predict_classes(self, X=None, batch_size=None, **kwargs):
        """The predicted class of each row of X: its name when the model knows its classes
        (``class_names``), else its index; see ``neuralab.train.predict_classes``."""
        __tracebackhide__ = True   # see HIDDEN
        from ..train.fit_keywords import check_fit_keywords
        from ..train.predict_classes import classes_of, predict_classes
        check_fit_keywords(predict_classes, kwargs)
        _refuse_missing("predict_classes", X)
        return classes_of(self, self.predict(X, batch_size=batch_size))

    def _one_pass(self):
        """``predict`` and ``evaluate`` run forward passes (a batch at a time) that are never to
        be differentiated: afterwards backward refuses them (``pass_record.predict_passes``)."""
        from .pass_record import predict_passes  # (pass_record imports this module)
        return predict_passes(self)

    def save(self, path):
        """Write the model to ``path`` (".npz" added if it has no such ending) and return the path
        written: one NumPy ``.npz`` archive, no pickle, holding

            "__neuralab__"         a JSON header: the spec, each layer's type and settings
                                   (``to_spec()``), and, when the model has them, its feature
                                   and class names, its loss's name and its inputs' reach
            "0.weight", "0.bias"   each parameter (one that layers share, once) and buffer
                                   (BatchNorm1d's running statistics), as an array in its dtype,
                                   under its name in ``named_parameters`` / ``named_buffers``

        ``neuralab.load(path)`` builds the same model back, predictions and all:

            model.save("moons")                     # writes moons.npz
            again = neuralab.load("moons.npz")      # again.predict(X) equals model.predict(X)

        What ``load`` would refuse is refused before anything is written, and an existing file is
        replaced whole or left as it was. See ``neuralab.io.save``."""
        from ..io.save import save
        return save(self, path)

    def summary(self, input_features=None, print_fn=print, *, depth=SUMMARY_DEPTH):
        """Print a table: layer, output shape, parameters; then the total (``print_fn=None``
        returns its text instead). The layers inside a nested Sequential or a layer of your own
        show indented under it, ``depth`` levels in all (1: the model's layers alone). See
        ``nn.summary.summary``."""
        from .summary import summary
        return summary(self, input_features, print_fn, depth=depth)


def _refuse_missing(method, *arrays):
    """The TypeError of a model method called without its data (X, and y but for predict, or a
    Dataset alone, which holds its targets: ``train.checks.dataset_targets``)."""
    if tables.is_dataset(arrays[0]):
        return
    if len(arrays) == 2:   # fit's and evaluate's X: Nielsen's list of (x, y) pairs is told apart
        from ..train.fit_setup import refuse_pairs
        refuse_pairs(arrays[0], method)
    if any(a is None for a in arrays):
        data = "X, the samples as rows" + ("" if len(arrays) == 1 else ", and y, their targets")
        call = f"model.{method}(X)" if len(arrays) == 1 else (f"model.{method}(X, y, loss=..., ...), or a "
                                                          f"Dataset alone, which holds both: model.{method}(ds, ...)")
        raise TypeError(f"{method} needs {data}, first and by position: {call}")


def _raw_columns_read(model, X):
    """``X`` for ``predict`` and ``evaluate``: a dict refused with the DataFrame that holds it, and
    a DataFrame's raw columns of categories read into the model's 0/1 columns when the model
    keeps them (``one_hot_inputs``: a row as the file has it, town "Paris")."""
    refuse_dict(X)
    return encode_categories(model, X)
