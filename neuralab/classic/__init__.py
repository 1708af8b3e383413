"""The classic single-unit models: Rosenblatt's perceptron and logistic regression."""
from ..public_names import public_dir
from .logistic_regression import LogisticRegression
from .perceptron import Perceptron

# dir() and tab completion: the two models, not the modules they live in
__dir__ = public_dir(globals())
