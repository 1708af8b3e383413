"""Images standardised as images: one μ and σ per channel, over all its pixels of all training
images (torchvision's Normalize per channel), in the library, `neuralab train` and the playground.
Per pixel, a border pixel inked in few digits got σ ≈ 0.03, and ink a shift moved there became an
input near 50: `--augment --monitor` on digits reported "Inputs far from unit scale"."""
import json

import numpy as np
import pytest

from neuralab import cli, data, io
from neuralab.data.spread import LoneValueWarning
from neuralab.play.session import Session

from test_play_session import hello


def test_a_grey_image_gets_one_mean_and_std_over_every_pixel():
    X = np.random.default_rng(0).random((50, 12)) * np.arange(1, 13)   # columns of different spreads
    scaler = data.Standardizer(image_shape=(3, 4)).fit(X)
    np.testing.assert_allclose(scaler.mean, np.full(12, X.mean()), rtol=1e-12)
    np.testing.assert_allclose(scaler.std, np.full(12, X.std()), rtol=1e-12)
    np.testing.assert_allclose(scaler.transform(X), (X - X.mean()) / X.std(), rtol=1e-12)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, rtol=1e-12)
    assert "one μ and σ per channel of (3, 4) images" in repr(scaler)


def test_each_channel_of_a_colour_image_gets_its_own_mean_and_std():
    rng = np.random.default_rng(1)
    images = rng.normal([1.0, -2.0, 5.0], [0.5, 2.0, 3.0], size=(40, 2, 2, 3)).transpose(0, 3, 1, 2)  # (m, C, H, W)
    X = images.reshape(40, -1)
    scaler = data.Standardizer(image_shape=(3, 2, 2)).fit(X)
    np.testing.assert_allclose(scaler.mean.reshape(3, 4), images.mean(axis=(0, 2, 3))[:, None].repeat(4, 1), rtol=1e-12)
    np.testing.assert_allclose(scaler.std.reshape(3, 4), images.std(axis=(0, 2, 3))[:, None].repeat(4, 1), rtol=1e-12)


def test_a_lone_value_is_named_by_its_image_and_its_pixel():
    X = np.random.default_rng(2).random((30, 2 * 3 * 3))
    X[7, 13] = 99999.0   # image 7, channel 1, pixel 4
    with pytest.warns(LoneValueWarning, match=r"X's column 13 holds 99999 in row 7\b"):
        data.Standardizer(image_shape=(2, 3, 3)).fit(X)


def test_rows_that_are_not_such_images_are_refused_and_the_scaler_stays_unfitted():
    scaler = data.Standardizer(image_shape=(8, 8))
    with pytest.raises(ValueError, match=r"one flattened image of shape \(8, 8\) per row, 64 columns, got shape \(5, 63\)"):
        scaler.fit(np.ones((5, 63)))
    assert scaler.mean is None and scaler.std is None
    with pytest.raises(ValueError, match=r"image_shape must be \(H, W\) or \(C, H, W\)"):
        data.Standardizer(image_shape=(0, 8))


def test_a_constant_image_channel_keeps_sigma_one_as_a_constant_column_does():
    X = np.zeros((6, 2 * 2 * 2))
    X[:, 4:] = np.arange(6)[:, None]   # channel 0 blank in every image, channel 1 not
    scaler = data.Standardizer(image_shape=(2, 2, 2)).fit(X)
    np.testing.assert_array_equal(scaler.std[:4], 1.0)
    np.testing.assert_array_equal(scaler.transform(X)[:, :4], 0.0)


def test_neuralab_train_saves_one_pixel_scale_and_augmented_digits_are_not_far_from_unit_scale(tmp_path, capsys):
    assert cli.main(["train", "--dataset", "digits", "--layers", "auto,32,auto", "--epochs", "15", "--augment",
                     "--monitor", "--quiet", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "far from unit scale" not in out   # said before: shifted ink in a border pixel of σ ≈ 0.03
    inputs = io.load(tmp_path / "model.npz").layers[0]
    ds = data.load("digits")
    assert np.ptp(inputs.mean) == 0 and np.ptp(inputs.std) == 0
    # the training part's pixels: within the spread of the pixel means of the whole set
    assert abs(inputs.mean[0] - ds.X.mean()) < 0.05 * ds.X.std()
    report = json.loads((tmp_path / "metrics.json").read_text())
    assert report["results"]["test"]["accuracy"] > 0.5


def test_the_playground_standardises_digits_as_neuralab_train_does():
    session = Session()
    try:
        hello(session, dataset={"name": "digits"})
        scale = session.data.standardize
        assert np.ptp(scale.mean) == 0 and np.ptp(scale.std) == 0
        X = session.data.X_train
        assert abs(float(X.mean())) < 1e-3 and abs(float(X.std()) - 1) < 1e-3
    finally:
        session.close()
