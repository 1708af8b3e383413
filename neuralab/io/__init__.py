"""Saving, loading and exporting models: a safe spec + weights format (no pickle) and PyTorch export."""
from .load import load
from .save import save
from .torch_export import TORCH_EXPORTERS, to_torch
