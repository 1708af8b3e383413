"""Off the plane a classifier's output neuron has no map either; the frame carries, beside the
hidden neurons' shares "on", the share of the training rows whose predicted class is each output
neuron's (``on/<output layer>``, ``on_shares`` given the rows' classes): what the page fills
the output neuron's circle with. A regression's output has no classes, and no share."""
import numpy as np
import pytest

from neuralab import nn
from neuralab.play.on_shares import ON_ROWS, on_shares
from neuralab.play.session import Session

from session_kit import send


def test_each_softmax_output_is_the_share_of_rows_whose_argmax_it_is():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(400, 2)).astype(np.float32)
    y = rng.integers(0, 3, len(X))
    model = nn.MLP([2, 3], output="softmax")
    out = model.layers[0]
    # class 0 where x0 > 1, class 2 where x0 < -1, class 1 between: z = (2·x0, 0, −2·x0) + (−2, 0, −2)
    out.weight.data[:] = [[2, 0], [0, 0], [-2, 0]]
    out.bias.data[:] = [-2, 0, -2]
    shares = on_shares(model, X, y)
    assert sorted(shares) == ["on/0"], "the output layer, which is its only dense layer"
    expected = [np.mean(X[:, 0] > 1), np.mean(np.abs(X[:, 0]) < 1), np.mean(X[:, 0] < -1)]
    np.testing.assert_allclose(shares["on/0"], expected, atol=1e-6)
    assert shares["on/0"].dtype == np.float32
    # the classes' shares do not depend on the rows' true classes, only their number of rows does
    np.testing.assert_array_equal(on_shares(model, X, np.zeros_like(y))["on/0"], shares["on/0"])


def test_one_sigmoid_output_is_the_share_of_rows_predicted_class_1():
    X = np.linspace(-1, 1, 3 * ON_ROWS, dtype=np.float32)[:, None]
    y = (X[:, 0] > 0).astype(np.int64)
    model = nn.MLP([1, 4, 1], activation="relu", output="sigmoid")
    hidden, out = model.layers[0], model.layers[2]
    hidden.weight.data[:] = 1
    hidden.bias.data[:] = 0
    out.weight.data[:] = 1                 # z = 4·relu(x) − 0.2: p ≥ 0.5 where x ≥ 0.05
    out.bias.data[:] = -0.2
    shares = on_shares(model, X, y)
    assert sorted(shares) == ["on/0", "on/2"]
    # measured on ON_ROWS rows spread over all of them, as the hidden ones (p ≥ 0.5 for x ≥ 0.05)
    np.testing.assert_allclose(shares["on/2"], [0.475], atol=1e-3)
    np.testing.assert_allclose(shares["on/0"], 0.5, atol=1e-3)
    # without the classes (a regression), the output has no share; the hidden ones keep theirs
    assert sorted(on_shares(model, X)) == ["on/0"]


def test_an_output_that_is_not_finite_has_no_share_and_no_rows_none_at_all():
    X = np.ones((10, 2), np.float32)
    y = np.arange(10) % 3
    model = nn.MLP([2, 4, 3], activation="tanh", output="softmax")
    model.layers[2].weight.data[1] = np.nan          # z₁ is NaN: so is every softmax row
    assert np.isnan(on_shares(model, X, y)["on/2"]).all()
    assert on_shares(model, X[:0], y[:0]) == {}


def _frame_arrays(state, upload=None):
    """The model, data and first frame's arrays of a session greeted with ``state`` (then given
    the CSV ``upload``, an upload_csv message)."""
    session = Session()
    try:
        send(session, {"type": "hello", "state": state})
        if upload:
            send(session, upload)
        _, arrays = session.frame(1)
        return session.net.model, session.data, arrays
    finally:
        session.close()


@pytest.mark.parametrize("output", ["softmax", "identity"])
def test_a_classifiers_frame_carries_its_outputs_shares_of_the_predicted_classes(output):
    model, data, arrays = _frame_arrays({"dataset": {"name": "iris"}, "output": output,
                                         "layers": [{"id": "h", "type": "dense", "units": 5, "activation": "tanh"}]})
    last = [i for i, layer in enumerate(model.layers) if isinstance(layer, nn.Dense)][-1]
    predicted = model.forward(data.X_train).argmax(axis=1)
    np.testing.assert_allclose(arrays[f"on/{last}"], np.bincount(predicted, minlength=3) / len(predicted), atol=1e-6)


def test_a_regressions_frame_carries_no_share_for_its_output():
    rows = "".join(f"{i % 7},{(i * 3) % 11},{i % 5},{i * 0.5}\n" for i in range(60))
    upload = {"type": "upload_csv", "text": "a,b,c,price\n" + rows, "target": "price", "task": "regression"}
    model, data, arrays = _frame_arrays({"layers": [{"id": "h", "type": "dense", "units": 5, "activation": "relu"}]},
                                        upload)
    assert data.task == "regression" and not data.is_2d
    dense = [i for i, layer in enumerate(model.layers) if isinstance(layer, nn.Dense)]
    assert sorted(k for k in arrays if k.startswith("on/")) == [f"on/{i}" for i in dense[:-1]]
