"""Augmentations made of others: ``Compose`` runs several in order, ``InOriginalUnits`` runs one
on standardised inputs in the data's own units (``default_augment`` wraps its own so)."""
import numpy as np

from ..nn.random import as_rng


class Compose:
    """Several augmentations in order: ``Compose(a, b)(X, rng)`` is ``b(a(X, rng), rng)``."""

    def __init__(self, *augmentations):
        for i, aug in enumerate(augmentations):
            if not callable(aug):
                raise TypeError(f"augmentations[{i}] must be a function (X, rng) -> X, got {aug!r}")
        self.augmentations = augmentations

    def __call__(self, X, rng=None):
        rng = as_rng(rng, "rng")
        X = np.array(X, copy=True) if not self.augmentations else X
        for aug in self.augmentations:
            X = aug(X, rng)
        return X

    def __repr__(self):
        return f"Compose({', '.join(map(repr, self.augmentations))})"


class InOriginalUnits:
    """An augmentation run on the data in its own units, for inputs that are standardised:

        x' -> scaler.transform(augment(scaler.inverse_transform(x')))

    i.e. x = x'·σ + μ, augmented, then (x - μ)/σ again. Pixels must move in their own units: the
    fill of a shift or rotation (0) is the background only there, and per-pixel σ differ.
    ``default_augment(ds, scaler=scaler)`` wraps its augmentation so; wrap your own the same way:

        >>> import numpy as np
        >>> from neuralab import data
        >>> ds = data.load("digits")
        >>> scaler = data.Standardizer(image_shape=ds.image_shape).fit(ds.X)
        >>> rotate = data.InOriginalUnits(data.ImageAugment(ds.image_shape, rotation=10), scaler)
        >>> rotate(scaler.transform(ds.X[:5]), np.random.default_rng(0)).shape
        (5, 64)
    """

    def __init__(self, augment, scaler):
        if not callable(augment):
            raise TypeError(f"augment must be an augmentation such as data.ImageAugment(...), a function of "
                            f"(X, rng), got {type(augment).__name__}")
        self.augment, self.scaler = augment, checked_scaler(scaler)

    def __call__(self, X, rng=None):
        return self.scaler.transform(self.augment(self.scaler.inverse_transform(X), rng))

    def __repr__(self):
        return f"InOriginalUnits({self.augment!r}, {type(self.scaler).__name__})"


def checked_scaler(scaler):
    if not (hasattr(scaler, "transform") and hasattr(scaler, "inverse_transform")):
        raise TypeError(f"scaler must be a fitted Standardizer, got {type(scaler).__name__}")
    return scaler
