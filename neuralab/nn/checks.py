"""Argument checks shared by every package: a ValueError naming the parameter, raised before any
state changes."""
import numbers


def check_int(value, name, minimum=1, maximum=None):
    """``value`` as an int in ``[minimum, maximum]``; bools and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if value < minimum or (maximum is not None and value > maximum):
        allowed = f">= {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise ValueError(f"{name} must be {allowed}, got {value}")
    return value


def check_size(value, name):
    """A layer size: an integer from 1 to 1,000,000 (larger is a typo or a crafted file)."""
    return check_int(value, name, minimum=1, maximum=1_000_000)
