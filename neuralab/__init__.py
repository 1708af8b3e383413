"""neuralab: neural networks from scratch in NumPy — a library, a playground and a course."""
import importlib

from .io import load
from .nn.dtype import get_default_dtype, set_default_dtype
from .nn.random import seed

__version__ = "0.1.0"

# ``import neuralab`` then ``neuralab.data.load(...)``, as ``torch.optim`` follows ``import torch``:
# each subpackage is imported on first use (PEP 562), so that ``import neuralab`` stays quick
# (``train`` brings matplotlib along).
SUBPACKAGES = ("nn", "optim", "data", "train", "classic", "io")


def __getattr__(name):
    if name in SUBPACKAGES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'neuralab' has no attribute {name!r}")
