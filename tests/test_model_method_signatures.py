"""model.fit, model.evaluate and model.predict show the parameters and docstrings of the train
functions they hand the call to: Jupyter's Shift-Tab and keyword completion read
``inspect.signature``, which gave ``(X=None, y=None, *more, **kwargs)`` and offered no option."""
import importlib
import inspect

import pytest

from neuralab import nn
from fresh_python import printed_by_fresh_python

fit_module = importlib.import_module("neuralab.train.fit")
evaluate_module = importlib.import_module("neuralab.train.evaluate")


@pytest.mark.parametrize("method, function", [("fit", fit_module.fit), ("evaluate", evaluate_module.evaluate),
                                              ("predict", evaluate_module.predict)])
def test_a_model_method_shows_the_parameters_and_docstring_of_its_train_function(method, function):
    model = nn.MLP([2, 3, 1])
    shown = inspect.signature(getattr(model, method))
    assert list(shown.parameters) == list(inspect.signature(function).parameters)[1:]    # all but model
    assert shown.parameters["X"].default is inspect.Parameter.empty
    assert inspect.getdoc(function) in inspect.getdoc(getattr(model, method))
    assert inspect.signature(getattr(nn.Sequential, method)).parameters.keys() - {"self"} == shown.parameters.keys()


def test_fit_keywords_are_listed_with_their_defaults():
    shown = inspect.signature(nn.MLP([2, 3, 1]).fit).parameters
    assert shown["epochs"].kind is inspect.Parameter.KEYWORD_ONLY and shown["batch_size"].default == 32


def test_importing_nn_alone_does_not_import_train():
    code = ("import sys, inspect; from neuralab import nn; m = nn.MLP([2, 3, 1]); m.fit; "
            "print('neuralab.train' in sys.modules)")
    assert printed_by_fresh_python(code) == ["False"]
