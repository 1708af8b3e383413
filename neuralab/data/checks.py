"""Argument checks shared by the data modules: each raises a ValueError naming the parameter."""
import numbers

from ..nn.checks import check_number


# A standard deviation past a million hides any data a lesson uses (and, near 1e38, overflows
# float32 to inf): such a number is a typo, not a setting.
MAX_NOISE = 1e6


def check_noise(noise, name="noise"):
    """``noise`` as a float in [0, MAX_NOISE]."""
    noise = check_number(noise, name, expected="a finite number >= 0")  # ints past the float range too
    if not 0 <= noise <= MAX_NOISE:
        raise ValueError(f"{name} must be between 0 and {MAX_NOISE:g}, got {float(noise)}")
    return float(noise)


def check_image_shape(image_shape):
    """``image_shape`` as a tuple (H, W) or (C, H, W) of positive ints."""
    shape = tuple(image_shape) if isinstance(image_shape, (tuple, list)) else None
    if (shape is None or len(shape) not in (2, 3)
            or not all(isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1 for n in shape)):
        raise ValueError(f"image_shape must be (H, W) or (C, H, W) with positive integers, got {image_shape!r}")
    return tuple(int(n) for n in shape)
