"""The classic single-unit models: Rosenblatt's perceptron and logistic regression."""
from .logistic_regression import LogisticRegression
from .perceptron import Perceptron
