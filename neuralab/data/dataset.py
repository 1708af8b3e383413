"""``Dataset``: features, targets and what they mean, in one object that unpacks as ``X, y``."""
from dataclasses import dataclass

import numpy as np

TASKS = ("binary", "multiclass", "regression")


@dataclass(eq=False)
class Dataset:
    """A dataset: ``X`` (m, n_features) and ``y`` (m,), with names for its columns and classes.

    ``y`` holds int64 class indices 0..n_classes-1 for "binary" and "multiclass" tasks and
    floats for "regression" (then ``n_classes`` and ``class_names`` are None). ``image_shape``
    is set when each row of ``X`` is a flattened image, e.g. (8, 8) for digits.

        >>> from neuralab import data
        >>> X, y = data.load("moons", n_samples=10, seed=0)
        >>> X.shape, y.shape
        ((10, 2), (10,))
    """

    X: np.ndarray
    y: np.ndarray
    task: str
    n_classes: int | None = None
    feature_names: tuple = ()
    class_names: tuple | None = None
    name: str = ""
    image_shape: tuple | None = None

    def __post_init__(self):
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {', '.join(TASKS)}, got {self.task!r}")
        if len(self.X) != len(self.y):
            raise ValueError(f"X and y must have the same number of samples, "
                             f"got {len(self.X)} and {len(self.y)}")
        if (self.task == "regression") != (self.n_classes is None):
            raise ValueError(f"n_classes must be None exactly when task is 'regression', "
                             f"got {self.n_classes!r}")
        if not self.feature_names:
            self.feature_names = tuple(f"x{i + 1}" for i in range(self.n_features))
        self.feature_names = tuple(self.feature_names)
        if self.class_names is None and self.n_classes is not None:
            self.class_names = tuple(str(k) for k in range(self.n_classes))
        if self.class_names is not None:
            self.class_names = tuple(self.class_names)

    @property
    def n_features(self):
        """Number of columns of ``X``."""
        return self.X.shape[1] if self.X.ndim > 1 else 1

    def __len__(self):
        return len(self.X)

    def __iter__(self):
        """``X, y = dataset``."""
        yield self.X
        yield self.y

    def __repr__(self):
        classes = f", n_classes={self.n_classes}" if self.n_classes is not None else ""
        return (f"Dataset(name={self.name!r}, task={self.task!r}, samples={len(self)}, "
                f"features={self.n_features}{classes})")
