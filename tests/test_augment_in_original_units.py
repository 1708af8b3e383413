"""`data.InOriginalUnits` wraps a learner's own augmentation of standardised inputs, as
`default_augment(ds, scaler=...)` wraps its own: a teacher who wanted rotation alone on
standardised digits had to import the private `_InOriginalUnits`."""
import numpy as np
import pytest

from neuralab import data


def _ou_digits():
    ds = data.load("digits")
    return ds, data.Standardizer(image_shape=ds.image_shape).fit(ds.X)


def test_an_own_augmentation_runs_on_the_pixels_in_their_own_units():
    ds, scaler = _ou_digits()
    rotate = data.ImageAugment(ds.image_shape, rotation=15)
    wrapped = data.InOriginalUnits(rotate, scaler)
    X = scaler.transform(ds.X[:20])
    out = wrapped(X, np.random.default_rng(3))
    expected = scaler.transform(rotate(ds.X[:20], np.random.default_rng(3)))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    # the rotation's fill is 0, the background in the data's units: standardised, it is -μ/σ
    assert not np.allclose(out, rotate(X, np.random.default_rng(3)), atol=1e-3)
    assert repr(wrapped).startswith("InOriginalUnits(") and "Standardizer" in repr(wrapped)


def test_default_augment_gives_the_same_wrapper_and_both_refuse_what_is_no_scaler():
    ds, scaler = _ou_digits()
    assert isinstance(data.default_augment(ds, scaler=scaler), data.InOriginalUnits)
    for make in (lambda s: data.InOriginalUnits(data.ImageAugment((8, 8), rotation=5), s),
                 lambda s: data.default_augment(ds, scaler=s)):
        with pytest.raises(TypeError, match="scaler must be a fitted Standardizer, got ndarray"):
            make(np.ones(3))
    with pytest.raises(TypeError, match=r"augment must be an augmentation such as data.ImageAugment"):
        data.InOriginalUnits("rotate", scaler)
