"""fit, without a training monitor, says when its inputs are far below unit scale as a whole and the
run does not fit its training data: pixels divided by 255 twice, standardised columns divided by 1000.
Such a run ended without a word, where a Monitor's report said "pixels divided twice?". The warning
uses the Monitor's judge and words, once a fit, and is silent where a Monitor watches (its report
says it), where the run fits anyway, and on every built-in dataset as loaded and standardised."""
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import data, nn
from neuralab.train import History, Monitor, TinyInputsWarning
from neuralab.train.first_layer_inputs import first_layer_columns
from neuralab.train.input_scale import tiny_reach
from neuralab.train.tiny_inputs import warn_tiny_inputs
from test_data_idx import make_mnist

HEADLINE = "the inputs are far below unit scale, all that vary (|x| <= 0.01); standardise the inputs (mean 0, "
TWICE = "pixels divided twice? data.load('mnist') gives them / 255 already"
ONCE = ("    - for pixels divided by 255 already (data.load('mnist') and data.load('fashion_mnist') give them so), "
        "do not divide them again: X as data.load gives it, or X * 255.0 where it was divided twice")


def _fit(model, X, y, loss, callbacks=(), epochs=10):
    """Fits ``model`` with Adam; (its History, fit's TinyInputsWarnings' texts)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y, loss=loss, optimizer="adam", epochs=epochs, verbose=0, seed=0,
                            callbacks=list(callbacks))
    return history, [str(w.message) for w in caught if w.category is TinyInputsWarning]


def _digits(divide):
    X, y = data.load("digits")
    return np.asarray(X, np.float32)[:600] / divide, np.asarray(y)[:600]


def _digits_model():
    return nn.MLP([64, 16, 10], output="softmax", rng=np.random.default_rng(0))


def test_pixels_divided_twice_are_told_once_in_the_monitors_words():
    X, y = _digits(16 * 255)        # digits' 0..16, divided by 16, then by 255 as a Keras tutorial does
    history, said = _fit(_digits_model(), X, y, "cross_entropy")
    (text,) = said
    headline, evidence, *tries = text.split("\n")
    assert headline.startswith(HEADLINE) and headline.endswith(": data.Standardizer")
    accuracy = f"training accuracy {history.history['accuracy'][-1]:.1%}"
    assert evidence.startswith("  evidence: the inputs the first weight layer takes (64 columns, over all 600 "
                               "training rows): they span 0 to 0.00392, std ")
    assert evidence.endswith(f"; {TWICE}; the network does not fit its training data ({accuracy})")
    assert tries == ["  try:", ONCE]           # not "X / 255.0" again, nor standardising twice
    assert text.count("far below unit scale") == 1 and text.count("standardise the") == 1
    # the Monitor's finding says it, with the same judge and words: fit then says nothing
    monitor = Monitor(every=5)
    _, said = _fit(_digits_model(), X, y, "cross_entropy", [monitor])
    assert said == []
    found = monitor.report()[0]
    assert found.name == "unscaled_inputs" and TWICE in found.evidence and "they span 0 to 0.00392" in found.evidence
    assert found.advice()[-1] == ONCE.removeprefix("    - ")


def test_pixels_divided_once_and_a_run_that_fits_are_quiet():
    _, said = _fit(_digits_model(), *_digits(16), "cross_entropy")
    assert said == []
    # tiny inputs, told by the history of a run that does not fit; the same with one that fits is not
    X, _ = _digits(16 * 255)
    model = _digits_model()
    for accuracy, warned in ((0.5, True), (0.995, False)):
        history = History()
        history.append(0, {"loss": 2.3, "accuracy": 0.1})
        history.append(1, {"loss": 1.0, "accuracy": accuracy})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warn_tiny_inputs(model, X, history, callbacks=())
        assert [w.category for w in caught] == ([TinyInputsWarning] if warned else [])


def test_standardised_columns_divided_by_1000_are_told_to_be_standardised_without_pixels():
    X, y = data.load("wine")
    X = data.Standardizer().fit_transform(np.asarray(X, np.float32)) / 1000
    model = nn.MLP([X.shape[1], 16, 3], output="softmax", rng=np.random.default_rng(0))
    history, (text,) = _fit(model, X, np.asarray(y), "cross_entropy", epochs=5)
    assert history.history["accuracy"][-1] < 0.99
    assert text.startswith(HEADLINE) and "pixels" not in text and "try:" not in text
    assert "times below a standardised input's std of 1; the network does not fit its training data" in text


def test_images_divided_by_255_again_through_a_flatten_are_told(tmp_path):
    make_mnist(tmp_path, n=64, prefix="train")
    ds = data.load("fashion_mnist", directory=tmp_path)
    neuralab.seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Dense(784, 16), nn.ReLU(), nn.Dense(16, 10))
    _, said = _fit(model, ds.images, ds.y, "cross_entropy", epochs=3)
    assert said == []                                 # as data.load gives them: in [0, 1]
    neuralab.seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Dense(784, 16), nn.ReLU(), nn.Dense(16, 10))
    _, (text,) = _fit(model, ds.images / 255.0, ds.y, "cross_entropy", epochs=3)   # Keras's tutorial line
    assert "(784 columns, over all 64 training rows): they span 0 to 0.00392" in text
    assert TWICE in text and text.endswith(ONCE)


PREPARED = {"as loaded": lambda X: X, "standardised": lambda X: data.Standardizer().fit_transform(X)}
BUILT_IN = [(name, how) for name in data.names() if name not in ("mnist", "fashion_mnist") for how in PREPARED]


@pytest.mark.parametrize("name, how", BUILT_IN, ids=[f"{n}-{h}" for n, h in BUILT_IN])
def test_no_built_in_dataset_is_told_as_loaded_or_standardised(name, how):
    ds = data.load(name)
    X = PREPARED[how](np.asarray(ds.X, np.float32))
    regression = ds.task == "regression"
    classes = 1 if regression or ds.n_classes == 2 else ds.n_classes
    y = np.asarray(ds.y, np.float32 if classes == 1 else np.int64)
    model = nn.MLP([X.shape[1], 8, classes], output=None, rng=np.random.default_rng(0))
    loss = "mse" if regression else "bce_logits" if classes == 1 else "cross_entropy"
    _, said = _fit(model, X, y, loss, epochs=3)    # 3 epochs: all but gaussians short of fitting
    assert said == []
    assert tiny_reach(first_layer_columns(model, X)) is None   # the judge of scale keeps them quiet, fit or not
