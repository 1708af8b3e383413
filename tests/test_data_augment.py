"""Augmentation: GaussianNoise, ImageAugment, Compose, default_augment, and how fit uses them."""
import re

import numpy as np
import pytest
import torch

from neuralab import data, nn, optim
from neuralab.data import Compose, Dataset, GaussianNoise, ImageAugment, default_augment


def _rng(seed=0):
    return np.random.default_rng(seed)


def _one_pixel(m, shape=(8, 8), at=(3, 4)):
    """m copies of a blank image with a single bright pixel, flattened."""
    X = np.zeros((m,) + shape)
    X[(slice(None),) + at] = 1.0
    return X.reshape(m, -1)


def _position(X, shape=(8, 8)):
    """(row, col) of the brightest pixel of each flattened image, (m, 2)."""
    return np.stack(np.unravel_index(X.argmax(axis=1), shape), axis=1)


AUGMENTATIONS = [
    GaussianNoise(0.3),
    ImageAugment((8, 8), shift=2),
    ImageAugment((8, 8), rotation=30),
    ImageAugment((8, 8), flip=True),
    ImageAugment((8, 8), crop=1),
    ImageAugment((8, 8), shift=1, rotation=15, flip=True, crop=1, fill=-1.0),
    Compose(ImageAugment((8, 8), shift=1, rotation=10), GaussianNoise(0.1)),
]


# --- what every augmentation promises --------------------------------------------------------

@pytest.mark.parametrize("augment", AUGMENTATIONS, ids=repr)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shape_and_dtype_are_kept_and_the_input_is_not_modified(augment, dtype):
    X = _rng().random((50, 64)).astype(dtype)
    before = X.copy()
    out = augment(X, _rng(1))
    assert out.shape == X.shape and out.dtype == dtype
    assert not np.shares_memory(out, X)
    np.testing.assert_array_equal(X, before)
    assert not np.array_equal(out, X)


@pytest.mark.parametrize("augment", AUGMENTATIONS[1:-1], ids=repr)
def test_images_may_come_unflattened(augment):
    X = _rng().random((20, 8, 8))
    flat = augment(X.reshape(20, 64), _rng(3))
    np.testing.assert_array_equal(augment(X, _rng(3)), flat.reshape(20, 8, 8))


@pytest.mark.parametrize("augment", AUGMENTATIONS, ids=repr)
def test_same_seed_same_output_different_seeds_differ(augment):
    X = _rng().random((40, 64))
    np.testing.assert_array_equal(augment(X, _rng(5)), augment(X, _rng(5)))
    assert not np.array_equal(augment(X, _rng(5)), augment(X, _rng(6)))


@pytest.mark.parametrize("augment", AUGMENTATIONS, ids=repr)
def test_an_empty_batch_gives_an_empty_batch(augment):
    out = augment(np.zeros((0, 64), np.float32), _rng())
    assert out.shape == (0, 64) and out.dtype == np.float32


@pytest.mark.parametrize("augment, width", [(augment, 64) for augment in AUGMENTATIONS]
                         + [(ImageAugment((28, 28), shift=2, rotation=30), 784)], ids=repr)
def test_float16_is_augmented_like_float64_to_float16_precision(augment, width):
    half = _rng().random((50, width)).astype(np.float16)
    before = half.copy()
    out = augment(half, _rng(1))
    assert out.dtype == np.float16
    np.testing.assert_allclose(out, augment(half.astype(np.float64), _rng(1)), rtol=1e-3, atol=1e-3)
    np.testing.assert_array_equal(half, before)


@pytest.mark.parametrize("augment", [GaussianNoise(0.1), ImageAugment((8, 8), shift=1)], ids=repr)
@pytest.mark.parametrize("X", [np.zeros(64), np.float64(1.0)], ids=["1-D", "0-D"])
def test_X_needs_one_row_per_sample(augment, X):
    with pytest.raises(ValueError, match=rf"X must have one row per sample, shape \(samples, features\); "
                                         rf"got shape {re.escape(str(X.shape))}"):
        augment(X, _rng())


@pytest.mark.parametrize("arguments, message", [
    (dict(shift=np.zeros((2, 2))), r"shift must have shape \(3, 2\) \(one per image of X\) or shape \(2,\) "
                                   r"\(the same for all\), got shape \(2, 2\)"),
    (dict(shift=np.zeros(6)), r"shift must have shape \(3, 2\) .*got shape \(6,\)"),
    (dict(shift=[[0.5, 0]] * 3), "shift must hold whole numbers of pixels, got 0.5"),
    (dict(shift=[[np.nan, 0]] * 3), "shift must hold whole numbers of pixels, got nan"),
    (dict(angle=[10.0, 20.0]), r"angle must have shape \(3,\) \(one per image of X\) or a single value "
                               r"\(the same for all\), got shape \(2,\)"),
    (dict(angle=[np.inf, 0, 0]), "angle must hold finite angles in degrees, got inf"),
    (dict(angle=["a", "b", "c"]), r"angle must hold finite angles in degrees, got \['a', 'b', 'c'\]"),
    (dict(flip=[True, False]), r"flip must have shape \(3,\) .*got shape \(2,\)"),
    (dict(flip=[0, 1, 2]), "flip must hold True or False, got 2"),
])
def test_transform_names_a_bad_shift_angle_or_flip(arguments, message):
    X = _rng().random((3, 64))
    before = X.copy()
    with pytest.raises(ValueError, match=message):
        ImageAugment((8, 8)).transform(X, **arguments)
    np.testing.assert_array_equal(X, before)


def test_transform_applies_one_value_to_every_image():
    X, aug = _rng().random((4, 64)), ImageAugment((8, 8))
    np.testing.assert_array_equal(aug.transform(X, angle=90), aug.transform(X, angle=[90] * 4))
    np.testing.assert_array_equal(aug.transform(X, shift=(1, -2)), aug.transform(X, shift=[(1, -2)] * 4))
    np.testing.assert_array_equal(aug.transform(X, flip=True), aug.transform(X, flip=[True] * 4))


@pytest.mark.parametrize("angle", [None, 30.0])
def test_a_shift_past_the_image_leaves_only_fill(angle):
    X = _rng().random((2, 64))
    out = ImageAugment((8, 8), fill=-1.0).transform(X, shift=[[10**30, 0], [0, -(10**30)]], angle=angle)
    np.testing.assert_array_equal(out, -1.0)


# --- GaussianNoise ---------------------------------------------------------------------------

def test_gaussian_noise_has_mean_zero_and_the_given_std():
    X = np.full((40_000, 5), 3.0)
    noise = GaussianNoise(0.3)(X, _rng()) - 3.0
    n = noise.size
    assert abs(noise.mean()) < 4 * 0.3 / np.sqrt(n)
    assert noise.std() == pytest.approx(0.3, rel=0.02)
    np.testing.assert_allclose(noise.std(axis=0), 0.3, rtol=0.03)   # every feature gets noise
    assert abs(np.corrcoef(noise[:, 0], noise[:, 1])[0, 1]) < 0.03  # independently


def test_gaussian_noise_of_zero_std_returns_an_equal_copy():
    X = _rng().random((4, 3)).astype(np.float32)
    out = GaussianNoise(0)(X, _rng())
    np.testing.assert_array_equal(out, X)
    assert out is not X


@pytest.mark.parametrize("keywords, way", [
    ({"stddev": 0.1}, "Keras's stddev is std here: GaussianNoise(std=0.1)"),
    ({"std": 0.1, "seed": 0}, "each call draws from the generator it is given, which fit(..., augment=noise, seed=0)"),
    ({"stdev": 0.1}, "did you mean 'std'?"),
])
def test_gaussian_noise_answers_keras_names_and_keeps_std_required(keywords, way):
    # Keras's GaussianNoise(stddev=0.1) met Python's bare "unexpected keyword argument 'stddev'"
    with pytest.raises(TypeError, match=rf"^GaussianNoise\(\) got an unexpected keyword argument "
                                        rf"'{list(keywords)[-1]}' \({re.escape(way)}.*\); it takes std$"):
        GaussianNoise(**keywords)
    with pytest.raises(TypeError, match=r"missing 1 required positional argument: 'std'"):
        GaussianNoise()
    assert repr(GaussianNoise(std=0.25)) == "GaussianNoise(std=0.25)"


# --- ImageAugment: shift and crop ------------------------------------------------------------

def test_shift_moves_a_pixel_by_at_most_shift_and_reaches_every_offset():
    X = _one_pixel(2000)
    out = ImageAugment((8, 8), shift=1)(X, _rng())
    np.testing.assert_array_equal(out.sum(axis=1), 1.0)   # the pixel is moved, never lost or blurred
    offsets = _position(out) - (3, 4)
    assert np.abs(offsets).max() == 1
    assert {tuple(o) for o in offsets} == {(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)}


def test_shift_moves_the_whole_image_and_fills_what_comes_in():
    image = np.arange(1.0, 13.0).reshape(3, 4)
    out = ImageAugment((3, 4), shift=2, fill=-1.0).transform(image.reshape(1, 12), shift=[[1, -2]])
    expected = np.array([[-1, -1, -1, -1],
                         [3, 4, -1, -1],
                         [7, 8, -1, -1]])
    np.testing.assert_array_equal(out.reshape(3, 4), expected)


def test_crop_keeps_the_size_moves_content_by_at_most_crop_and_blanks_a_frame():
    c = 2
    X = _one_pixel(3000, shape=(10, 10), at=(4, 5))
    out = ImageAugment((10, 10), crop=c, fill=0.0)(X, _rng())
    assert out.shape == X.shape
    np.testing.assert_array_equal(out.sum(axis=1), 1.0)  # the pixel stays inside the window
    offsets = _position(out, (10, 10)) - (4, 5)
    assert np.abs(offsets).max() == c
    assert len({tuple(o) for o in offsets}) == (2 * c + 1) ** 2

    full = _rng().random((200, 100)) + 1.0                # no pixel equals the fill
    out = ImageAugment((10, 10), crop=c, fill=0.0)(full, _rng(1)).reshape(200, 10, 10)
    frame = np.ones((10, 10), bool)
    frame[c:-c, c:-c] = False
    assert (out[:, frame] == 0).all()
    assert (out[:, ~frame] > 0).all()                    # the window holds only image pixels


# --- ImageAugment: rotation ------------------------------------------------------------------

@pytest.mark.parametrize("angle, k", [(90, 1), (-90, -1), (180, 2), (0, 0)])
def test_rotation_by_right_angles_matches_rot90(angle, k):
    images = _rng().random((6, 2, 7, 7))               # channels first, square
    aug = ImageAugment((2, 7, 7))
    out = aug.transform(images.reshape(6, -1), angle=np.full(6, float(angle)))
    np.testing.assert_allclose(out.reshape(images.shape), np.rot90(images, k, axes=(2, 3)), atol=1e-12)


def test_rotation_interpolates_bilinearly_about_the_centre():
    # A ramp I[i, j] = j is linear, so bilinear interpolation reproduces it exactly: rotated
    # counter-clockwise by θ, output pixel (i, j) shows the column it came from,
    # cx + cos θ·(j - cx) - sin θ·(i - cy), wherever that point lies inside the image.
    H = W = 9
    cy = cx = 4.0
    ramp = np.tile(np.arange(W, dtype=float), (H, 1))
    theta = np.deg2rad(30)
    out = ImageAugment((H, W)).transform(ramp.reshape(1, -1), angle=[30.0]).reshape(H, W)
    i, j = np.mgrid[:H, :W]
    source_col = cx + np.cos(theta) * (j - cx) - np.sin(theta) * (i - cy)
    source_row = cy + np.cos(theta) * (i - cy) + np.sin(theta) * (j - cx)
    inside = (source_row >= 0) & (source_row <= H - 1) & (source_col >= 0) & (source_col <= W - 1)
    assert inside.sum() > 50
    np.testing.assert_allclose(out[inside], source_col[inside], atol=1e-12)
    # where the source point is outside the image by a pixel or more, the result is the fill
    far = (source_row < -1) | (source_row > H) | (source_col < -1) | (source_col > W)
    assert far.any()
    np.testing.assert_array_equal(out[far], 0.0)


def _torch_resample(images, angle, flip, shift, fill):
    """The docstring's q = flip(R(-θ)·(p - t - c) + c) through torch's affine_grid and bilinear
    grid_sample (align_corners=True: -1 and 1 are the centres of the first and last pixel, so
    x_n = (col - cx) / cx, y_n = (row - cy) / cy, and 0 is read outside the image). Bilinear
    weights sum to 1, so a fill f is resampling X - f with 0 outside, plus f."""
    m, C, H, W = images.shape
    cy, cx = (H - 1) / 2, (W - 1) / 2
    cos, sin = np.cos(np.deg2rad(angle)), np.sin(np.deg2rad(angle))
    dy, dx = shift[:, 0], shift[:, 1]
    # (x_n, y_n) of the input read by output (x_n, y_n, 1), one 2 × 3 matrix per image
    theta = np.stack([np.stack([cos, -sin * cy / cx, (sin * dy - cos * dx) / cx], axis=1),
                      np.stack([sin * cx / cy, cos, -(sin * dx + cos * dy) / cy], axis=1)], axis=1)
    theta[flip, 0] *= -1  # the flip mirrors the column read: x_n -> -x_n
    grid = torch.nn.functional.affine_grid(torch.tensor(theta), (m, C, H, W), align_corners=True)
    out = torch.nn.functional.grid_sample(torch.tensor(images - fill), grid, mode="bilinear",
                                          padding_mode="zeros", align_corners=True)
    return out.numpy() + fill


@pytest.mark.parametrize("dtype, tolerance", [(np.float64, 1e-12), (np.float32, 1e-5)])
@pytest.mark.parametrize("fill", [0.0, -0.7])
@pytest.mark.parametrize("image_shape", [(8, 8), (3, 6, 9), (2, 9, 5)], ids=repr)
def test_rotation_flip_and_shift_match_torchs_grid_sample(image_shape, fill, dtype, tolerance):
    # the other rotation tests use square images only, where H and W (cy and cx) can be swapped
    rng = _rng(2)
    images = rng.standard_normal((40,) + image_shape)
    angle, flip, shift = rng.uniform(-180, 180, 40), rng.random(40) < 0.5, rng.integers(-3, 4, (40, 2))
    out = ImageAugment(image_shape, fill=fill).transform(images.reshape(40, -1).astype(dtype),
                                                         angle=angle, flip=flip, shift=shift)
    assert out.dtype == dtype
    expected = _torch_resample(images.reshape((40, -1) + image_shape[-2:]), angle, flip, shift, fill)
    np.testing.assert_allclose(out, expected.reshape(40, -1), atol=tolerance, rtol=0)


def test_random_rotation_stays_within_the_range_and_keeps_the_centre():
    # A bright centre pixel of an odd-sized image stays at the centre under any rotation.
    X = _one_pixel(100, shape=(9, 9), at=(4, 4))
    out = ImageAugment((9, 9), rotation=45)(X, _rng())
    assert (_position(out, (9, 9)) == 4).all()
    # a pixel 3 to the right of the centre lands at most 45° away from where it started
    X = _one_pixel(500, shape=(9, 9), at=(4, 7))
    out = ImageAugment((9, 9), rotation=45)(X, _rng()).reshape(500, 9, 9)
    rows, cols = np.mgrid[:9, :9]
    mass = out.sum(axis=(1, 2))
    centroid_angle = np.degrees(np.arctan2(-((out * rows).sum(axis=(1, 2)) / mass - 4),
                                           (out * cols).sum(axis=(1, 2)) / mass - 4))
    assert np.abs(centroid_angle).max() < 47
    assert centroid_angle.min() < -30 and centroid_angle.max() > 30


# --- ImageAugment: flip ----------------------------------------------------------------------

def test_flip_reverses_the_columns_of_about_half_the_images():
    images = _rng().random((400, 3, 4, 5))
    aug = ImageAugment((3, 4, 5), flip=True)
    np.testing.assert_array_equal(aug.transform(images, flip=np.ones(400, bool)), images[..., ::-1])
    out = aug(images, _rng())
    flipped = (out == images[..., ::-1]).all(axis=(1, 2, 3))
    kept = (out == images).all(axis=(1, 2, 3))
    assert (flipped ^ kept).all()
    assert 150 < flipped.sum() < 250


def test_no_flip_by_default():
    images = _rng().random((50, 64))
    np.testing.assert_array_equal(ImageAugment((8, 8))(images, _rng()), images)


def test_channels_get_the_same_transformation():
    images = _rng().random((30, 1, 6, 6))
    two = np.concatenate([images, 2 * images], axis=1)
    out = ImageAugment((2, 6, 6), shift=1, rotation=20, flip=True)(two.reshape(30, -1), _rng())
    out = out.reshape(30, 2, 6, 6)
    np.testing.assert_allclose(out[:, 1], 2 * out[:, 0], atol=1e-12)
    single = ImageAugment((1, 6, 6), shift=1, rotation=20, flip=True)(images.reshape(30, -1), _rng())
    np.testing.assert_allclose(out[:, 0], single.reshape(30, 6, 6), atol=1e-12)


def test_a_large_batch_is_handled_at_once():
    X = _rng().random((10_000, 784)).astype(np.float32)
    out = ImageAugment((28, 28), shift=2, rotation=10, flip=True, crop=1)(X, _rng())
    assert out.shape == X.shape and out.dtype == np.float32
    assert np.isfinite(out).all()


# --- Compose and default_augment --------------------------------------------------------------

def test_compose_applies_in_order():
    X = _rng().random((20, 64))
    shift, noise = ImageAugment((8, 8), shift=1), GaussianNoise(0.2)
    rng = _rng(4)
    expected = noise(shift(X, rng), rng)
    np.testing.assert_array_equal(Compose(shift, noise)(X, _rng(4)), expected)
    assert repr(Compose(shift, noise)) == "Compose(ImageAugment((8, 8), shift=1), GaussianNoise(std=0.2))"


def test_default_augment_for_images_and_for_tabular_data():
    digits = data.load("digits")
    aug = default_augment(digits)
    assert isinstance(aug, ImageAugment)
    assert (aug.image_shape, aug.shift, aug.rotation, aug.flip) == ((8, 8), 0.57, 10.0, False)   # 8/14 px
    mnist_like = Dataset(np.zeros((2, 784)), np.array([0, 1]), task="binary", n_classes=2,
                         image_shape=(28, 28))
    assert default_augment(mnist_like).shift == 2
    assert default_augment(mnist_like, strength=2).rotation == 20.0
    moons = data.load("moons", n_samples=20, seed=0)
    assert isinstance(default_augment(moons), GaussianNoise)
    assert default_augment(moons).std == pytest.approx(0.1)
    assert default_augment(moons, strength=0.5).std == pytest.approx(0.05)


def test_default_augment_with_a_scaler_moves_pixels_in_their_own_units():
    digits = data.load("digits")
    X = digits.X[:100]
    scaler = data.Standardizer().fit(X)
    standardised = scaler.transform(X)
    aug = default_augment(digits, scaler=scaler)
    out = aug(standardised, _rng(2))
    expected = scaler.transform(default_augment(digits)(X, _rng(2)))
    np.testing.assert_allclose(out, expected, atol=1e-4)
    assert out.dtype == standardised.dtype
    assert "ImageAugment((8, 8), shift=0.57, rotation=10.0)" in repr(aug)


# --- in fit: training batches only, reproducible ------------------------------------------------

def _blobs(n, seed):
    rng = _rng(seed)
    y = rng.integers(0, 2, n)
    X = rng.standard_normal((n, 2)) + 2.0 * (2 * y[:, None] - 1)
    return X.astype(np.float32), y


def _fit(X, y, augment, validation_data=None, seed=3):
    model = nn.MLP([2, 8, 1], activation="tanh", output="sigmoid", rng=_rng(0))
    history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.1),
                        epochs=3, batch_size=16, validation_data=validation_data, verbose=0,
                        seed=seed, augment=augment)
    return model, history


def test_fit_trains_on_augmented_batches_and_never_augments_validation_data():
    X, y = _blobs(64, seed=0)
    X_val, y_val = _blobs(32, seed=1)
    noise, seen = GaussianNoise(0.5), []

    def recording(X_batch, rng):
        seen.append(X_batch.copy())
        return noise(X_batch, rng)

    augmented, history = _fit(X, y, recording, validation_data=(X_val, y_val))
    # every training sample, once per epoch, and nothing else (no validation rows)
    rows = np.concatenate(seen)
    assert len(rows) == 3 * len(X)
    np.testing.assert_array_equal(np.sort(rows, axis=0), np.sort(np.tile(X, (3, 1)), axis=0))
    # the reported validation loss is that of the clean validation data
    assert history.history["val_loss"][-1] == augmented.evaluate(X_val, y_val)["loss"]

    # Same draws from fit's generator, but the clean batch returned: the noise made the difference.
    unused, _ = _fit(X, y, lambda X_batch, rng: (noise(X_batch, rng), X_batch)[1],
                     validation_data=(X_val, y_val))
    assert not np.array_equal(augmented.layers[0].weight.data, unused.layers[0].weight.data)


def test_fit_with_augmentation_is_reproducible_bit_for_bit():
    X, y = _blobs(64, seed=0)
    aug = Compose(GaussianNoise(0.3), GaussianNoise(0.1))
    a, _ = _fit(X, y, aug)
    b, _ = _fit(X, y, aug)
    c, _ = _fit(X, y, aug, seed=4)
    for pa, pb, pc in zip(a.parameters(), b.parameters(), c.parameters()):
        np.testing.assert_array_equal(pa.data, pb.data)
    assert not np.array_equal(a.layers[0].weight.data, c.layers[0].weight.data)


def test_fit_on_digits_with_image_augmentation_is_reproducible():
    digits = data.load("digits")
    X = digits.X[:120] / 16
    y = digits.y[:120]
    weights = []
    for _ in range(2):
        model = nn.MLP([64, 16, 10], rng=_rng(0))
        model.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=2, batch_size=32, verbose=0,
                  seed=7, augment=default_augment(digits))
        weights.append([p.data.copy() for p in model.parameters()])
    for wa, wb in zip(*weights):
        np.testing.assert_array_equal(wa, wb)


# --- bad arguments ---------------------------------------------------------------------------

@pytest.mark.parametrize("make, match", [
    (lambda: GaussianNoise(-0.1), "std"),
    (lambda: GaussianNoise(float("nan")), "std"),
    (lambda: ImageAugment((8, 8), shift=-1), "shift"),
    (lambda: ImageAugment((8, 8), shift=8), "shift"),
    (lambda: ImageAugment((8, 8), shift=1.5), "shift"),
    (lambda: ImageAugment((8, 8), crop=-1), "crop"),
    (lambda: ImageAugment((8, 8), crop=4), "crop"),
    (lambda: ImageAugment((8, 8), rotation=-5), "rotation"),
    (lambda: ImageAugment((8, 8), rotation=181), "rotation"),
    (lambda: ImageAugment((8, 8), flip="yes"), "flip"),
    (lambda: ImageAugment((8, 8), fill=float("inf")), "fill"),
    (lambda: ImageAugment(64), "image_shape"),
    (lambda: ImageAugment((8,)), "image_shape"),
    (lambda: ImageAugment((0, 8)), "image_shape"),
    (lambda: ImageAugment((8, 8))(np.zeros((3, 65)), _rng()), r"image_shape=\(8, 8\) needs X of shape \(m, 64\)"),
    (lambda: ImageAugment((1, 8, 8))(np.zeros((3, 8, 8)), _rng()), "image_shape"),
    (lambda: default_augment(data.load("moons", n_samples=10, seed=0), strength=0), "strength"),
])
def test_bad_arguments_raise_value_error_naming_the_parameter(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_types_raise_type_error():
    with pytest.raises(TypeError, match="augmentations"):
        Compose(GaussianNoise(0.1), "noise")
    with pytest.raises(TypeError, match="floating"):
        GaussianNoise(0.1)(np.zeros((3, 4), dtype=np.int64), _rng())
    with pytest.raises(TypeError, match=r"^dataset must be a Dataset, e\.g\. data\.load\('digits'\), got ndarray$"):
        default_augment(np.zeros((3, 4)))
    with pytest.raises(TypeError, match=r"^dataset must be a Dataset, e\.g\. data\.load\('mnist'\), got str$"):
        default_augment("mnist")  # the name: it said only "got str"


def test_a_refused_batch_leaves_the_generator_untouched():
    rng = _rng()
    state = rng.bit_generator.state
    with pytest.raises(ValueError):
        ImageAugment((8, 8), shift=1)(np.zeros((3, 60)), rng)
    assert rng.bit_generator.state == state


def test_reprs():
    assert repr(GaussianNoise(0.1)) == "GaussianNoise(std=0.1)"
    assert repr(ImageAugment((8, 8))) == "ImageAugment((8, 8))"
    assert (repr(ImageAugment((28, 28), shift=2, rotation=10, flip=True, crop=1, fill=-0.5))
            == "ImageAugment((28, 28), shift=2, rotation=10.0, flip=True, crop=1, fill=-0.5)")


def test_default_augment_refuses_a_scaler_that_cannot_undo_its_standardisation():
    # the scaler is used as x = x'·σ + μ and back: a dict of μ, σ (or a model) cannot do that
    digits = data.load("digits")
    with pytest.raises(TypeError, match=r"^scaler must be a fitted Standardizer, got dict$"):
        default_augment(digits, scaler={"mean": 0.0, "std": 1.0})
