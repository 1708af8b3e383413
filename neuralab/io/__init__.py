"""Saving, loading and exporting models: a safe spec + weights format (no pickle) and PyTorch export."""
from ..public_names import public_dir
from .load import load
from .save import save
from .torch_export import TORCH_EXPORTERS, to_torch

# dir() and tab completion: save, load and to_torch, not the modules they live in
__dir__ = public_dir(globals())
