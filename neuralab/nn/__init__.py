"""Layers, activations, losses, initialisers and containers: the engine, in NumPy."""
from . import init
from .activations import (ACTIVATIONS, Activation, Identity, LeakyReLU, ReLU, Sigmoid, Softmax,
                          Step, Tanh, log_softmax, sigmoid)
from .batchnorm import BatchNorm1d
from .checks import other_names
from .dense import Dense
from .dropout import Dropout
from .dtype import get_default_dtype, set_default_dtype
from .layer import Layer
from .losses import LOSSES, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, Loss, MSELoss
from .mlp import MLP
from .parameter import Parameter
from .plane_features import PlaneFeatures
from .sequential import EvaluationPassWarning, Sequential
from .standardize import Standardize

_DENSE_ONLY = ("the layers here are dense ones (Dense, the activations, BatchNorm1d, Dropout): give them "
               "samples as rows, X.reshape(len(X), -1)")
# torch.nn's names for what has another name or form here
__getattr__ = other_names("neuralab.nn", {
    "Linear": "nn.Dense(in_features, out_features) is torch's nn.Linear (and Keras's Dense)",
    "Module": "nn.Layer is torch's nn.Module: subclass it with forward(x, training=False) and "
              "backward(grad_out), which returns dL/dx",
    "functional": "each activation has its function and derivative, nn.ReLU().function(z) and "
                  "nn.Sigmoid().derivative(z); nn.sigmoid and nn.log_softmax are plain functions",
    "NLLLoss": "nn.CrossEntropyLoss takes the logits, torch's LogSoftmax and NLLLoss in one",
    "LogSoftmax": "nn.CrossEntropyLoss takes the logits, torch's LogSoftmax and NLLLoss in one; "
                  "nn.log_softmax(z) is the function",
    "Flatten": _DENSE_ONLY, "Conv2d": _DENSE_ONLY, "MaxPool2d": _DENSE_ONLY, "RNN": _DENSE_ONLY,
    "LSTM": _DENSE_ONLY, "GRU": _DENSE_ONLY,
})
