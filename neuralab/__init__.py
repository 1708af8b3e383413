"""neuralab: neural networks from scratch in NumPy — a library and a playground (the course that
should use them has no lessons yet)."""
import importlib

from .public_names import lazy_submodules, public_dir
from .spelling import other_names

__version__ = "0.1.0"

# ``import neuralab`` then ``neuralab.data.load(...)``, as ``torch.optim`` follows ``import torch``:
# each subpackage is imported on first use (PEP 562), so that ``import neuralab`` stays quick
# (``train`` brings matplotlib along).
SUBPACKAGES = ("nn", "optim", "data", "train", "classic", "io")

# The functions at the top, imported on first use too: ``import neuralab`` loads no NumPy, so the
# ``neuralab`` command (whose module sits inside this package) can answer a Ctrl-C from its first
# instant with one line, not a traceback from inside NumPy's import.
FUNCTIONS = {"load": "io", "seed": "nn.random",
             "get_default_dtype": "nn.dtype", "set_default_dtype": "nn.dtype"}


# torch's and Keras's names for what needs no counterpart here, or has another name
_NO_AUTOGRAD = ("there is no autograd to switch off: forward computes values only, and each layer's "
                "backward is written out; model(x) and model.predict(x) are the inference passes")
TORCH_NAMES = {"no_grad": _NO_AUTOGRAD, "inference_mode": _NO_AUTOGRAD, "enable_grad": _NO_AUTOGRAD,
               "save": "model.save(path) writes the model, its layers with their weights, and "
                       "neuralab.load(path) reads it back (torch.save(model, path)); the weights alone, "
                       "torch.save(model.state_dict(), path), are np.savez(path, **model.state_dict()), "
                       "put back by model.load_state_dict(np.load(path))",
               "load_model": "neuralab.load(path) reads back a model that model.save(path) wrote (Keras's "
                             "load_model)",
               **{name: "neuralab.seed(0) seeds what neuralab draws from: initial weights, fit's shuffling "
                        "and dropout, the data functions" for name in ("manual_seed", "set_random_seed")}}


_other_names = other_names("neuralab", TORCH_NAMES)


def _function_or_other_name(name):
    if name in FUNCTIONS:
        return getattr(importlib.import_module(f".{FUNCTIONS[name]}", __name__), name)
    return _other_names(name)


__getattr__ = lazy_submodules(__name__, SUBPACKAGES, _function_or_other_name)


# dir(neuralab) and tab completion: the subpackages and functions, not this module's tables
__dir__ = public_dir(globals(), extra=(*SUBPACKAGES, *FUNCTIONS), internal=("other_names", "public_dir", "lazy_submodules"))
