"""neuralab.data's Compose and InOriginalUnits, what mutation testing found untested: each test
asserts a promise that a small change of the code broke unseen."""
import numpy as np
import pytest

from neuralab import data


def test_an_empty_compose_gives_a_copy_that_can_be_changed_without_touching_the_data():
    # augmentations return new arrays; with none, the batch handed back must be new too
    X = np.arange(6.0).reshape(2, 3)
    out = data.Compose()(X, np.random.default_rng(0))
    out[0, 0] = 99.0
    assert X[0, 0] == 0.0 and out.tolist()[1] == [3.0, 4.0, 5.0]


class _TransformOnly:
    """A fitted transformer with no way back to the data's units (as a model's predict)."""

    def transform(self, X):
        return X


def test_in_original_units_refuses_a_scaler_that_cannot_go_back_to_the_data_s_units():
    with pytest.raises(TypeError, match=r"^scaler must be a fitted Standardizer, got _TransformOnly$"):
        data.InOriginalUnits(lambda X, rng: X, _TransformOnly())
