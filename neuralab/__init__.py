"""neuralab: neural networks from scratch in NumPy — a library, a playground and a course."""
from .io import load
from .nn.dtype import get_default_dtype, set_default_dtype
from .nn.random import seed

__version__ = "0.1.0"
