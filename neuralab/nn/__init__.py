"""Layers, activations, losses, initialisers and containers: the engine, in NumPy."""
from ..public_names import public_dir
from ..spelling import other_names
from . import init
from .activations import ACTIVATIONS, Activation, Identity, LeakyReLU, ReLU, Sigmoid, Step, Tanh, sigmoid
from .batchnorm import BatchNorm1d
from .dense import Dense
from .dropout import Dropout
from .dtype import get_default_dtype, set_default_dtype
from .flatten import Flatten
from .habits import KERAS_NN_NAMES, NIELSEN_COSTS, NNFS_NN_NAMES, TORCH_NN_NAMES
from .layer import Layer
from .losses import LOSSES, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HingeLoss, L1Loss, Loss, MSELoss
from .mlp import MLP
from .parameter import Parameter
from .plane_features import PlaneFeatures
from .scikit_learn_habits import SCIKIT_LEARN_NN_NAMES
from .sequential import BackwardTwiceWarning, EvaluationPassWarning, Sequential
from .softmax import Softmax, log_softmax, softmax   # binds nn.softmax to the function, not its module
from .standardize import Standardize

# torch.nn's, Keras's, scikit-learn's, Nielsen's and the nnfs book's names for what has another name or
# form here (``habits``)
__getattr__ = other_names("neuralab.nn", {**TORCH_NN_NAMES, **KERAS_NN_NAMES, **SCIKIT_LEARN_NN_NAMES,
                                          **NIELSEN_COSTS, **NNFS_NN_NAMES})

# dir(nn) and tab completion: the layers, losses and functions, nn.init, not the modules they live in
__dir__ = public_dir(globals(), extra=("init",))
