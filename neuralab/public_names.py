"""What ``dir()`` and a notebook's tab completion show of each package: its classes, its functions
and the submodules a learner uses (``train.plots``, ``nn.init``), not the modules they are written
in (``nn.habits``, ``train.diagnose_cache``) nor the helpers imported to write them. Every name
stays importable as before: ``dir`` only chooses what is listed.

Standard library only, so that ``import neuralab`` still loads no NumPy.
"""
import importlib
import types


def public_dir(namespace, extra=(), internal=()):
    """A package's ``__dir__`` (PEP 562), for its ``globals()`` as ``namespace``: the classes and
    functions defined inside the package (a helper imported from elsewhere, such as
    ``spelling.other_names``, is left out), less the ``internal`` names that its other modules
    import from it; plus ``extra``, the names its ``__getattr__`` gives on first use and the
    public submodules (``nn.init``), and Python's ``__dunder__`` names, as every module has them.
    Read at each call, so a class imported later in the ``__init__`` is listed too."""
    package = namespace["__name__"]

    def is_public(name, value):
        if name.startswith("__") and name.endswith("__"):
            return True
        if name.startswith("_") or name in internal or isinstance(value, types.ModuleType):
            return False
        home = getattr(value, "__module__", None) or ""   # a number or a dict has none: a table
        return callable(value) and (home == package or home.startswith(package + "."))

    def __dir__():
        return sorted({name for name, value in list(namespace.items()) if is_public(name, value)} | set(extra))
    return __dir__


def lazy_submodules(package, names, fallback):
    """A package's ``__getattr__`` (PEP 562) that imports the submodules ``names`` on first use,
    as ``import neuralab`` gives ``neuralab.data``: ``train.plots`` after ``from neuralab import
    train``, without importing matplotlib with ``train``. Any other name goes to ``fallback``,
    the package's own ``__getattr__`` (``spelling.other_names``)."""
    def __getattr__(name):
        if name in names:
            return importlib.import_module(f".{name}", package)
        return fallback(name)
    return __getattr__
