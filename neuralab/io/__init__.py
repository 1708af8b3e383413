"""Saving, loading and exporting models: a safe spec + weights format (no pickle) and PyTorch export."""
from ..public_names import public_dir
from ..spelling import other_names
from .load import load
from .save import save
from .torch_export import TORCH_EXPORTERS, to_torch

# The way back from torch is a loop of copies, not a function: the model exported is the one
# that takes the weights, its names are the module's (docs/saving-and-loading.md).
__getattr__ = other_names("neuralab.io", {
    "from_torch": "copy a module's weights back into the model that to_torch made it from, by name: "
                  "state = module.state_dict(), then for name, p in model.named_parameters(): "
                  "p.data[...] = state[name].numpy(), and for name, b in model.named_buffers(): "
                  "b[...] = state[name].numpy() (docs/saving-and-loading.md)"})

# dir() and tab completion: save, load and to_torch, not the modules they live in
__dir__ = public_dir(globals())
