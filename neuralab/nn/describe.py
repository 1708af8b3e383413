"""How an object of settings shows at a prompt or as the last line of a notebook cell: its class
and the arguments it was given, ``EarlyStopping(patience=5, mode='min')``, where Python shows
``<neuralab.train.early_stopping.EarlyStopping object at 0x7f...>``."""
import inspect


def settings_repr(obj, leave_out=()):
    """``Name(a=1, b='x')``: each argument of ``type(obj).__init__`` that ``obj`` keeps in an
    attribute of the same name, where it differs from the default (a required one always); a
    function shows by its name. ``leave_out`` names arguments not worth showing (the optimizer a
    scheduler drives, whose own repr would fill the line)."""
    shown = []
    for name, parameter in inspect.signature(type(obj).__init__).parameters.items():
        if (name == "self" or name in leave_out or not hasattr(obj, name)
                or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)):
            continue
        value = getattr(obj, name)
        if parameter.default is parameter.empty or not _same(value, parameter.default):
            shown.append(f"{name}={_shown(value)}")
    return f"{type(obj).__name__}({', '.join(shown)})"


def _same(value, default):
    """Whether ``value`` is the default: the same object, or an equal one of its type (an array
    compares element by element, which is no answer: it is shown)."""
    if value is default:
        return True
    try:
        return type(value) is type(default) and bool(value == default)
    except (ValueError, TypeError):
        return False


def _shown(value):
    return value.__name__ if inspect.isroutine(value) else repr(value)
