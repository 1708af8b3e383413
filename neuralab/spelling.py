"""The names a user mistypes: the suggestions of every "unknown name" error, and the answers for
other libraries' names. Standard library only, so that ``import neuralab`` and the command line
can use it before NumPy is loaded."""
import difflib


def closest(name, choices, n=1, cutoff=0.6):
    """The ``n`` choices nearest to ``name`` in spelling (difflib's ratio at least ``cutoff``),
    best first: the suggestions of every "unknown name" error. [] if none is that close, or if
    ``name`` is not a str."""
    return difflib.get_close_matches(name, list(choices), n=n, cutoff=cutoff) if isinstance(name, str) else []


def as_python_name(name):
    """``name`` as the names here are spelt: lower case, "_" for "-" and " " ("Leaky-ReLU" ->
    "leaky_relu"); anything but a str as it is."""
    return name.lower().replace("-", "_").replace(" ", "_") if isinstance(name, str) else name


def did_you_mean(name, choices, cutoff=0.6):
    """"did you mean 'relu'? " for the choice nearest to ``name`` read as a Python name
    (``as_python_name``), or "" when none is close."""
    close = closest(as_python_name(name), choices, cutoff=cutoff)
    return f"did you mean {close[0]!r}? " if close else ""


def other_names(module, ways):
    """A module's ``__getattr__`` (PEP 562) for the names other libraries use: a name in ``ways``
    gets what does its job here ("neuralab.nn has no Linear: nn.Dense(...) is ..."), any other
    Python's own AttributeError."""
    def __getattr__(name):
        if name in ways:
            raise AttributeError(f"{module} has no {name}: {ways[name]}")
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    return __getattr__
