"""neuralab.data's GaussianNoise, ImageAugment and default_augment, what mutation testing found
untested: each test asserts a promise that a small change of the code broke unseen."""
import numpy as np
import pytest

import neuralab
from neuralab import data


def test_an_augmentation_takes_rows_given_as_nested_lists():
    out = data.GaussianNoise(0.1)([[1.0, 2.0], [3.0, 4.0]], np.random.default_rng(0))
    assert isinstance(out, np.ndarray) and out.shape == (2, 2)
    assert np.abs(out - [[1.0, 2.0], [3.0, 4.0]]).max() < 1.0


def test_image_augment_takes_a_seed_or_no_generator_as_gaussian_noise_does():
    """An int seeds a fresh generator (the same moves as default_rng(seed)); None draws from the
    library-wide one, which neuralab.seed resets."""
    augment = data.ImageAugment((4, 4), shift=1, rotation=10.0)
    X = np.arange(48.0).reshape(3, 16)
    np.testing.assert_array_equal(augment(X, 3), augment(X, np.random.default_rng(3)))
    neuralab.seed(0)
    first = augment(X)
    neuralab.seed(0)
    np.testing.assert_array_equal(augment(X), first)


def test_transform_refuses_integer_images_as_a_call_does():
    """A sub-pixel move gives fractions of pixel values: cast back to integers they would be cut
    down unseen, so integer images are refused, naming the dtype."""
    augment = data.ImageAugment((4, 4), shift=0.5)
    with pytest.raises(TypeError, match=r"^X must be a floating-point array, got dtype int64$"):
        augment.transform(np.ones((2, 16), dtype=np.int64), shift=(0.5, 0.5))


def test_default_augment_refuses_a_wrong_scaler_for_tabular_data_too():
    """A wrong object passed as scaler is said, not ignored because GaussianNoise needs none."""
    with pytest.raises(TypeError, match=r"^scaler must be a fitted Standardizer, got str$"):
        data.default_augment(data.load("iris"), scaler="standardize")



def test_default_augment_at_a_great_strength_stops_at_the_largest_shift_and_a_half_turn():
    """28×28 images at strength 20: a move of 40 pixels is cut to 27 (side - 1) and 200° to 180°."""
    images = data.Dataset(np.zeros((2, 784)), np.array([0, 1]), task="binary", n_classes=2, image_shape=(28, 28))
    augment = data.default_augment(images, strength=20.0)
    assert (augment.shift, augment.rotation) == (27, 180.0)


@pytest.mark.parametrize("options, ok", [({"rotation": 180}, True), ({"rotation": -0.5}, False),
                                         ({"crop": 3}, True), ({"crop": 4}, False)])
def test_image_augment_takes_a_half_turn_and_a_crop_below_half_the_side(options, ok):
    """rotation in [0, 180] degrees; crop up to (side - 1) // 2, 3 on 8×8 images, a 2×2 window left."""
    if ok:
        assert getattr(data.ImageAugment((8, 8), **options), *options) == next(iter(options.values()))
    else:
        with pytest.raises(ValueError, match=next(iter(options))):
            data.ImageAugment((8, 8), **options)


def test_image_augment_bounds_shift_and_crop_by_the_smaller_side_of_the_image():
    """side = min(H, W), channels not counted: shift up to side - 1 and crop up to (side - 1) // 2,
    a whole number of pixels: 4 on an odd side of 9 (a window of one pixel), 3 on a side of 8."""
    assert data.ImageAugment((3, 10, 20), shift=9).shift == 9
    with pytest.raises(ValueError, match=r"^shift must be between 0 and 9, got 10$"):
        data.ImageAugment((3, 10, 20), shift=10)
    assert data.ImageAugment((9, 9), crop=4).crop == 4
    with pytest.raises(ValueError, match=r"^crop must be between 0 and 3, got 4$"):
        data.ImageAugment((8, 8), crop=4)


def test_default_augment_sizes_its_moves_by_the_smaller_side_of_colour_images():
    """(3, 28, 40) images: the side is 28, not the 3 channels or the width, so a 2-pixel shift as on MNIST."""
    images = data.Dataset(np.zeros((2, 3 * 28 * 40)), np.array([0, 1]), task="binary", n_classes=2,
                          image_shape=(3, 28, 40))
    assert data.default_augment(images).shift == 2


@pytest.mark.parametrize("dx", [1, 2])
def test_a_move_to_the_right_fills_the_columns_it_uncovers(dx):
    """Whole-pixel moves are an exact gather: the dx columns the content leaves on the left are
    fill, not copies of the image's first column."""
    augment = data.ImageAugment((4, 4), shift=2, fill=-1.0)
    X = np.arange(1.0, 17.0).reshape(1, 16)
    out = augment.transform(X, shift=(0, dx)).reshape(4, 4)
    want = np.full((4, 4), -1.0)
    want[:, dx:] = X.reshape(4, 4)[:, :4 - dx]
    np.testing.assert_array_equal(out, want)
