"""Saving, loading and exporting models: a safe spec + weights format (no pickle) and PyTorch export."""
from .save import load, save
from .torch_export import TORCH_EXPORTERS, to_torch
