"""ImageAugment's sub-pixel shift: shift=0.5 moves images by real amounts in [-0.5, 0.5],
read by bilinear interpolation; whole-pixel shifts stay exact gathers. On 8×8 digits one
pixel is an eighth of the image, so a whole-pixel move is a big change."""
import numpy as np
import pytest
from test_data_augment import _torch_resample

from neuralab import data
from neuralab.data import Dataset, ImageAugment, default_augment


def _subpixel_dot(m=1, shape=(8, 8), at=(3, 3)):
    """m blank images with one pixel of value 1, flattened."""
    X = np.zeros((m,) + shape)
    X[(slice(None),) + at] = 1.0
    return X.reshape(m, -1)


def _subpixel_centroid(X, shape=(8, 8)):
    """(row, col) centre of mass of each flattened image, (m, 2)."""
    images = X.reshape((-1,) + shape)
    rows, cols = np.mgrid[:shape[0], :shape[1]]
    mass = images.sum(axis=(1, 2))
    return np.stack([(images * rows).sum(axis=(1, 2)) / mass, (images * cols).sum(axis=(1, 2)) / mass], axis=1)


@pytest.mark.parametrize("move, pixels", [((0, 0.5), [(3, 3), (3, 4)]), ((0, -0.5), [(3, 2), (3, 3)]),
                                          ((0.5, 0), [(3, 3), (4, 3)]), ((-0.5, 0), [(2, 3), (3, 3)])])
def test_half_a_pixel_splits_a_dot_into_two_half_weight_pixels(move, pixels):
    out = ImageAugment((8, 8), shift=0.5).transform(_subpixel_dot(), shift=move).reshape(8, 8)
    expected = np.zeros((8, 8))
    for pixel in pixels:
        expected[pixel] = 0.5
    np.testing.assert_array_equal(out, expected)


def test_any_fractional_move_keeps_the_mass_and_moves_the_centre_by_exactly_that_much():
    rng = np.random.default_rng(0)
    moves = rng.uniform(-0.5, 0.5, (50, 2))
    out = ImageAugment((8, 8), shift=0.5).transform(_subpixel_dot(50), shift=moves)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, atol=1e-12)   # nothing lost, only spread
    np.testing.assert_allclose(_subpixel_centroid(out) - (3, 3), moves, atol=1e-12)


def test_random_sub_pixel_moves_are_continuous_within_shift():
    out = ImageAugment((8, 8), shift=0.5)(_subpixel_dot(2000), np.random.default_rng(1))
    offsets = _subpixel_centroid(out) - (3, 3)
    assert np.abs(offsets).max() <= 0.5 + 1e-12
    assert np.abs(offsets).max() > 0.49                              # reaches the edges of the range
    assert len(np.unique(offsets.round(6), axis=0)) == 2000          # not a few whole steps
    assert np.abs(offsets.mean(axis=0)).max() < 0.03                 # centred on no move


def test_sub_pixel_moves_with_rotation_and_flip_match_torchs_grid_sample():
    rng = np.random.default_rng(2)
    images = rng.standard_normal((30, 2, 6, 9))
    angle, flip, shift = rng.uniform(-30, 30, 30), rng.random(30) < 0.5, rng.uniform(-2.5, 2.5, (30, 2))
    aug = ImageAugment((2, 6, 9), shift=0.5, fill=-0.3)
    for rotation in (None, angle):
        out = aug.transform(images.reshape(30, -1), angle=rotation, flip=flip, shift=shift)
        expected = _torch_resample(images, np.zeros(30) if rotation is None else angle, flip, shift, -0.3)
        np.testing.assert_allclose(out, expected.reshape(30, -1), atol=1e-12, rtol=0)


def test_whole_pixel_moves_stay_exact_gathers():
    X = np.random.default_rng(3).random((40, 64))
    moves = np.random.default_rng(4).integers(-2, 3, (40, 2))
    exact = ImageAugment((8, 8), shift=2).transform(X, shift=moves, flip=moves[:, 0] > 0)
    # every output pixel is an input pixel of the same image or the fill, bit for bit
    assert all(np.isin(row, np.append(x, 0.0)).all() for row, x in zip(exact, X))
    # a sub-pixel augmentation given whole moves gives the same gather
    np.testing.assert_array_equal(
        ImageAugment((8, 8), shift=0.5).transform(X, shift=moves, flip=moves[:, 0] > 0), exact)
    # the random whole-pixel draw never blurs: a dot stays one pixel of value 1
    out = ImageAugment((8, 8), shift=1)(_subpixel_dot(500), np.random.default_rng(5))
    np.testing.assert_array_equal(np.sort(out, axis=1)[:, -2:], [[0.0, 1.0]] * 500)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sub_pixel_shift_keeps_dtype_repeats_with_the_seed_and_keeps_the_crop_frame(dtype):
    X = (np.random.default_rng(6).random((30, 64)) + 1.0).astype(dtype)
    aug = ImageAugment((8, 8), shift=0.5, crop=1)
    out = aug(X, np.random.default_rng(7))
    assert out.dtype == dtype and not np.shares_memory(out, X)
    np.testing.assert_array_equal(out, aug(X, np.random.default_rng(7)))
    frame = np.ones((8, 8), bool)
    frame[1:-1, 1:-1] = False
    assert (out.reshape(30, 8, 8)[:, frame] == 0).all()
    assert repr(aug) == "ImageAugment((8, 8), shift=0.5, crop=1)"


@pytest.mark.parametrize("shift", [1.5, 1.0, -0.2, 0.0, float("nan"), float("inf"), True, "0.5"], ids=repr)
def test_a_shift_that_is_neither_whole_nor_a_fraction_below_1_is_refused(shift):
    with pytest.raises(ValueError, match=r"^shift must be a whole number of pixels from 0 to 7 \(moves drawn "
                                         r"from -shift, \.\.\., shift\) or a fraction between 0 and 1 such as "
                                         r"0\.5 \(moves drawn anywhere in \[-shift, shift\]\), got "):
        ImageAugment((8, 8), shift=shift)


def test_transform_refuses_fractional_moves_on_a_whole_pixel_augmentation_and_says_what_allows_them():
    X = np.zeros((2, 64))
    with pytest.raises(ValueError, match=r"^shift must hold whole numbers of pixels, got 0\.25; for moves by "
                                         r"fractions of a pixel use ImageAugment\(\(8, 8\), shift=0\.5\)$"):
        ImageAugment((8, 8), shift=1).transform(X, shift=(0.25, 0))
    with pytest.raises(ValueError, match=r"^shift must hold finite numbers of pixels, got nan$"):
        ImageAugment((8, 8), shift=0.5).transform(X, shift=(np.nan, 0))


# --- default_augment: sub-pixel shifts for images with a side below 14 ---------------------------

def _subpixel_images(shape):
    return Dataset(np.zeros((2, int(np.prod(shape)))), np.array([0, 1]), task="binary", n_classes=2,
                   image_shape=shape)


@pytest.mark.parametrize("shape, strength, shift", [
    ((8, 8), 1.0, 0.57),        # 8/14 of a pixel
    ((8, 8), 0.3, 0.17),
    ((8, 8), 1e-4, 0.01),       # never 0: that would be no shift at all
    ((8, 8), 1.7, 0.97),
    ((8, 8), 1.743, 1),         # 0.996 rounds to 1.00: a whole pixel already
    ((8, 8), 1.75, 1),          # a whole pixel from here on, as for bigger images
    ((8, 8), 2.0, 1),
    ((13, 13), 1.0, 0.93),
    ((14, 14), 1.0, 1),
    ((14, 14), 0.5, 1),         # a side of 14 moves by whole pixels, however gently
    ((28, 28), 1.0, 2),         # MNIST: unchanged, whole pixels
    ((28, 28), 0.1, 1),
])
def test_default_augment_shifts_small_images_by_a_fraction_of_a_pixel(shape, strength, shift):
    aug = default_augment(_subpixel_images(shape), strength=strength)
    assert aug.shift == shift and type(aug.shift) is type(shift)
    assert aug.rotation == pytest.approx(10 * strength)


def test_the_default_digits_augmentation_moves_a_dot_by_less_than_a_pixel():
    aug = data.default_augment(data.load("digits"))
    out = aug.transform(_subpixel_dot(4), shift=[(0.57, 0), (-0.57, 0), (0, 0.57), (0, -0.57)])
    np.testing.assert_allclose(_subpixel_centroid(out) - (3, 3),
                               [(0.57, 0), (-0.57, 0), (0, 0.57), (0, -0.57)], atol=1e-12)
    drawn = aug(_subpixel_dot(1000), np.random.default_rng(8))
    # ±10° about the centre (3.5, 3.5) moves a dot 0.71 px from it by at most 0.12 px more:
    # at most 0.57 + 0.12 = 0.69 px in each direction, where a whole-pixel default moved it by 1
    largest = np.abs(_subpixel_centroid(drawn) - (3, 3)).max()
    assert 0.6 < largest < 0.72
