"""One image given to a Dense network of its width: a 28×28 array for 784 inputs is one sample, and a
PNG read by plt.imread is RGBA, (28, 28, 4). The refusal names the reshape, or the conversion to grey,
and the code it names runs and gives what the model takes."""
import re

import numpy as np
import pytest

from neuralab import nn


def _image_model(n_in=784):
    return nn.MLP([n_in, 8, 10], output="softmax", rng=np.random.default_rng(0))


def _digit():
    """A hand-drawn '1' on a 28×28 grid of grey values in [0, 1]."""
    img = np.zeros((28, 28), dtype=np.float32)
    img[5:23, 13:16] = 1.0
    return img


def _refusal(model, X):
    with pytest.raises(ValueError) as err:
        model.predict(X)
    return str(err.value)


def _hinted_fix(message, X):
    """The array the code named at the end of ``message`` makes of ``X`` (the input, named X)."""
    code = re.search(r"(np\.reshape\(.*\))\)$", message).group(1)
    return eval(code, {"np": np, "X": X})


def test_one_grey_image_is_made_one_row():
    model, img = _image_model(), _digit()
    message = _refusal(model, img)
    assert message == ("X has 28 features but the model's first layer expects 784 (one sample, an image of "
                       "28 × 28 = 784 values? make it one row: np.reshape(X, (1, -1)))")
    row = _hinted_fix(message, img)
    assert row.shape == (1, 784)
    np.testing.assert_array_equal(model.predict(row), model.predict(img.reshape(1, 784)))


@pytest.mark.parametrize("channels, words", [(4, r"4 colour channels \(RGBA, as plt\.imread reads a PNG\)"),
                                             (3, r"3 colour channels \(RGB\)")])
def test_one_colour_image_is_converted_to_grey_then_made_one_row(channels, words):
    model, img = _image_model(), _digit()
    colour = np.dstack([img] * 3 + [np.ones_like(img)] * (channels - 3))   # grey drawn in colour, opaque
    message = _refusal(model, colour)
    assert re.search(rf"samples of shape \(28, {channels}\) \({28 * channels} values\) but the model's first "
                     rf"layer expects rows of 784 features \(one colour image\? its last axis holds {words}, "
                     rf"and the model takes 784 grey values: convert it to grey and make it one row, "
                     rf"np\.reshape\(X\[\.\.\., :3\]\.mean\(axis=-1\), \(1, -1\)\)\)$", message), message
    row = _hinted_fix(message, colour)
    np.testing.assert_allclose(row, img.reshape(1, 784))   # the alpha channel is left out of the grey


def test_a_png_read_back_by_matplotlib_gets_the_colour_hint(tmp_path):
    plt = pytest.importorskip("matplotlib.pyplot")
    model, img = _image_model(), _digit()
    plt.imsave(tmp_path / "one.png", img, cmap="gray")
    png = plt.imread(tmp_path / "one.png")
    assert png.shape == (28, 28, 4)
    message = _refusal(model, png)
    assert "RGBA, as plt.imread reads a PNG" in message
    np.testing.assert_allclose(_hinted_fix(message, png), img.reshape(1, 784), atol=1 / 255)


def test_a_batch_of_colour_images_is_converted_to_grey_and_flattened_each():
    model = _image_model()
    images = np.random.default_rng(0).random((5, 28, 28, 3))
    message = _refusal(model, images)
    assert message.endswith("(colour images? their last axis holds 3 colour channels (RGB), and the model takes 784 "
                            "grey values each: convert them to grey and flatten each, "
                            "np.reshape(X[..., :3].mean(axis=-1), (len(X), -1)))")
    rows = _hinted_fix(message, images)
    assert rows.shape == (5, 784)
    assert model.predict(rows).shape == (5, 10)


def test_fit_names_the_same_fix_for_its_own_argument():
    model = _image_model()
    X, y = np.random.default_rng(1).random((6, 784)), np.arange(6) % 2
    with pytest.raises(ValueError, match=r"X_val has samples of shape \(28, 28, 4\) .*convert them to grey and "
                                         r"flatten each, np\.reshape\(X_val\[\.\.\., :3\]\.mean\(axis=-1\), "
                                         r"\(len\(X_val\), -1\)\)\)$"):
        model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0,
                  validation_data=(np.zeros((2, 28, 28, 4)), y[:2]))


def test_an_image_as_wide_as_a_colour_model_is_one_row_and_other_shapes_get_no_hint():
    rgb_model = _image_model(28 * 28 * 3)                # trained on flattened RGB images
    message = _refusal(rgb_model, np.zeros((28, 28, 3)))
    assert message.endswith("(one sample, an image of 28 × 28 × 3 = 2352 values? make it one row: "
                            "np.reshape(X, (1, -1)))")
    model = _image_model()
    for shape in [(28, 5), (28, 28, 2), (10, 28, 28, 5), (30, 30, 4)]:   # no whole image of 784 values
        assert re.fullmatch(r"X has .* (784|784 features)", _refusal(model, np.zeros(shape))), shape


def test_a_dense_layer_called_on_one_image_names_the_reshape_too():
    # Dense.forward's own refusal, met by a learner who calls the layer (or a Sequential) directly
    layer = nn.Dense(784, 10)
    with pytest.raises(ValueError, match=re.escape("got (28, 28) (one sample, an image of 28 × 28 = 784 values? "
                                                   "make it one row: np.reshape(x, (1, -1)))")):
        layer.forward(np.zeros((28, 28)))
    with pytest.raises(ValueError, match=r"got \(5, 10\)$"):     # rows of another width: no guess
        layer.forward(np.zeros((5, 10)))
