"""A layer of your own that keeps layers, as a torch user writes a Module, in ``print(model)`` and
``model.summary()``: print opens it inside a Sequential too, at any depth, while the repr stays
the call that builds it; summary finds its output shape by running it on a copy, says why it
cannot where no input width is known, and neither changes a weight, a cache or a generator."""
import copy
import re
import threading

import numpy as np
import pytest

from neuralab import nn
from neuralab.nn.random import default_rng
from own_layer_kit import KitGain


class PrintNet(nn.Layer):
    """y = linear2(dropout(relu(norm(linear1(x))))): layers that train differently, and no
    in_features nor output_shape, as PyTorch's tutorial Module."""

    def __init__(self, n_in, n_hidden, n_out):
        self.n_in, self.n_hidden, self.n_out = n_in, n_hidden, n_out
        self.linear1 = nn.Dense(n_in, n_hidden)
        self.norm = nn.BatchNorm1d(n_hidden)
        self.relu = nn.ReLU()
        self.drop = nn.Dropout(0.5)
        self.linear2 = nn.Dense(n_hidden, n_out)

    def forward(self, x, training=False):
        h = self.relu.forward(self.norm.forward(self.linear1.forward(x, training), training), training)
        return self.linear2.forward(self.drop.forward(h, training), training)

    def backward(self, grad_out):
        delta = self.norm.backward(self.relu.backward(self.drop.backward(self.linear2.backward(grad_out))))
        return self.linear1.backward(delta)

    def config(self):
        return {"n_in": self.n_in, "n_hidden": self.n_hidden, "n_out": self.n_out}


class PrintNoise(nn.Layer):
    """x + noise drawn in every pass, from the library's generator and from NumPy's global one."""

    def forward(self, x, training=False):
        return x + 0.01 * default_rng().standard_normal(x.shape) + 0.01 * np.random.standard_normal(x.shape)

    def backward(self, grad_out):
        return grad_out


class PrintStack(nn.Layer):
    """A layer of your own holding another (``net``) and a Sequential that holds a third (``head``)."""

    def __init__(self):
        self.net = PrintNet(3, 8, 4)
        self.noise = PrintNoise()
        self.head = nn.Sequential(PrintNet(4, 4, 2), nn.Tanh())

    def forward(self, x, training=False):
        return self.head.forward(self.noise.forward(self.net.forward(x, training), training), training)

    def backward(self, grad_out):
        return self.net.backward(self.noise.backward(self.head.backward(grad_out)))


# -- print ----------------------------------------------------------------------------------------

def test_print_of_a_sequential_opens_the_layer_of_your_own_inside_and_repr_stays_one_line():
    # it printed Sequential(Standardize(3), PrintNet(n_in=3, n_hidden=8, n_out=4), Softmax(axis=-1))
    model = nn.Sequential(nn.Standardize(3), PrintNet(3, 8, 4), nn.Softmax())
    assert str(model) == ("Sequential(\n"
                          "    Standardize(3),                        # 0\n"
                          "    PrintNet(n_in=3, n_hidden=8, n_out=4,  # 1\n"
                          "        (linear1): Dense(3, 8)\n"
                          "        (norm): BatchNorm1d(8)\n"
                          "        (relu): ReLU()\n"
                          "        (drop): Dropout(p=0.5)\n"
                          "        (linear2): Dense(8, 4)\n"
                          "    ),\n"
                          "    Softmax(axis=-1),                      # 2\n"
                          ")")
    # the repr, which errors and summary quote, is still the one line that builds the model
    assert repr(model) == "Sequential(Standardize(3), PrintNet(n_in=3, n_hidden=8, n_out=4), Softmax(axis=-1))"
    with pytest.raises(ValueError) as refused:
        nn.Sequential(PrintNet(3, 8, 4)).predict(np.ones((2, 5)))
    assert str(refused.value).startswith("layer 0 PrintNet(n_in=3, n_hidden=8, n_out=4): ")
    assert "\n" not in str(refused.value)


def test_a_sequential_with_no_layer_that_keeps_layers_prints_as_its_repr():
    model = nn.Sequential(KitGain(2), nn.Dense(2, 1))   # a layer of your own, keeping none
    assert str(model) == repr(model) == "Sequential(KitGain(n=2), Dense(2, 1))"


def test_a_layer_of_your_own_nested_in_another_opens_at_every_depth_under_its_path():
    model = nn.Sequential(nn.Sequential(PrintStack()), nn.Dense(2, 1))
    text = str(model)
    lines = text.splitlines()
    assert lines[:4] == ["Sequential(", "    Sequential(   # 0", "        PrintStack(  # 0.0",
                         "            (net): PrintNet(n_in=3, n_hidden=8, n_out=4,"]
    assert "                (linear1): Dense(3, 8)" in lines          # the inner layer's, indented once more
    assert "            (noise): PrintNoise()" in lines
    assert lines[-3:] == ["    ),", "    Dense(2, 1),  # 1", ")"]
    # each index is the path named_layers gives the layer that begins its line (model[0][0].head[0])
    paths = dict(model.named_layers())
    commented = [(line.split("  # ")[0].strip(), line.split("  # ")[1]) for line in lines if "  # " in line]
    assert [path for _, path in commented] == ["0", "0.0", "0.0.head.0", "0.0.head.1", "1"]
    for code, path in commented:
        assert code.startswith(type(paths[path]).__name__), (code, path)
    assert "0.0.head.0.linear1.weight" in dict(model.named_parameters())
    # printed alone, the layer's Sequential is numbered from the layer: head.0
    assert "        PrintNet(n_in=4, n_hidden=4, n_out=2,  # head.0" in str(PrintStack()).splitlines()


# -- summary --------------------------------------------------------------------------------------

def _shapes(text):
    """The output-shape column of summary's rows, in order."""
    return re.findall(r"  (\(None, \d+\)|\?)  ", text)


def test_summary_runs_a_layer_of_your_own_for_its_output_shape():
    # it showed "?" for PrintStack and for every layer after it
    model = nn.Sequential(nn.Standardize(3), PrintStack(), nn.Dense(2, 1))
    text = model.summary(print_fn=None, depth=1)
    assert _shapes(text) == ["(None, 3)", "(None, 2)", "(None, 1)"]
    assert "?" not in text
    assert f"Total parameters: {model.num_parameters():,}" in text
    # by default the layers it keeps show under it, with the shapes they returned in that run
    text = model.summary(print_fn=None)
    assert "?" not in text and "1.net.linear1" in text and "1.head.0.linear1" not in text   # depth 3


def test_summary_without_an_input_width_shows_question_marks_and_says_why():
    model = nn.Sequential(PrintStack(), nn.Dense(2, 1))
    text = model.summary(print_fn=None, depth=1)
    assert _shapes(text) == ["?", "?"]
    inside = model.summary(print_fn=None)   # the layers inside it: "?" too, and the same one line says why
    assert set(_shapes(inside)) == {"?"} and inside.splitlines()[-1] == text.splitlines()[-1]
    assert text.splitlines()[-1] == ("Output shape ?: the input width is not known (layer 0, PrintStack, "
                                     "declares no in_features); give it: model.summary(input_features=n)")
    assert _shapes(model.summary(input_features=3, print_fn=None, depth=1)) == ["(None, 2)", "(None, 1)"]
    only_activations = nn.Sequential(nn.ReLU()).summary(print_fn=None)
    assert "the input width is not known (no layer declares it)" in only_activations


def test_summary_of_a_layer_whose_forward_fails_says_so_and_leaves_it_as_it_was():
    class PrintBroken(nn.Layer):
        def forward(self, x, training=False):
            self.touched = True   # on the copy that summary runs
            raise ValueError("shapes (1,3) and (4,2) not aligned\nmore detail")

    model = nn.Sequential(nn.Dense(2, 3), PrintBroken(), nn.Dense(4, 1))
    text = model.summary(print_fn=None)
    assert _shapes(text) == ["(None, 3)", "?", "?"]
    assert text.splitlines()[-1] == ("Output shape ? from layer 1 (PrintBroken): its forward failed on one sample "
                                     "of shape (3,): ValueError: shapes (1,3) and (4,2) not aligned")
    assert "touched" not in vars(model[1])

    class PrintNone(nn.Layer):
        def forward(self, x, training=False):
            pass

    text = nn.Sequential(nn.Dense(2, 3), PrintNone()).summary(print_fn=None)
    assert "from layer 1 (PrintNone): its forward returned None for one sample of shape (3,)" in text


def test_summary_of_a_layer_that_cannot_be_copied_does_not_run_it():
    class PrintLocked(nn.Layer):
        def __init__(self):
            self.lock = threading.Lock()   # deepcopy refuses it

        def forward(self, x, training=False):
            raise AssertionError("summary ran the layer itself")

    text = nn.Sequential(nn.Dense(2, 3), PrintLocked()).summary(print_fn=None)
    assert _shapes(text) == ["(None, 3)", "?"]
    assert "from layer 1 (PrintLocked): its forward was not run, as a copy of the layer could not be made" in text


def test_summary_refuses_a_bad_input_width_before_running_anything():
    model = nn.Sequential(PrintStack())
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match="input_features"):
        model.summary(input_features=0, print_fn=None)
    assert all(np.array_equal(a, p.data) for a, p in zip(before, model.parameters()))


# -- print and summary change nothing ---------------------------------------------------------------

def _state(model):
    """What a look at the model could change: each layer's attributes (the caches forward keeps,
    by identity, and every array's values), the parameters' values and gradients, and the
    generators a forward draws from."""
    attributes = [(layer, dict(vars(layer)), {k: v.copy() for k, v in vars(layer).items()
                                              if isinstance(v, np.ndarray)}) for layer in model.walk()]
    parameters = [(p.data.copy(), np.array(p.grad, copy=True)) for p in model.parameters()]
    return attributes, parameters, default_rng().bit_generator.state, np.random.get_state()


def _assert_same_state(before, model):
    attributes, parameters, library, legacy = before
    for (layer, held, arrays), inside in zip(attributes, model.walk()):
        assert inside is layer and vars(layer).keys() == held.keys(), type(layer).__name__
        assert all(vars(layer)[k] is v for k, v in held.items()), type(layer).__name__
        assert all(np.array_equal(vars(layer)[k], a) for k, a in arrays.items()), type(layer).__name__
    for (data, grad), p in zip(parameters, model.parameters()):
        assert np.array_equal(p.data, data) and np.array_equal(p.grad, grad)
    assert default_rng().bit_generator.state == library
    now = np.random.get_state()
    assert now[0] == legacy[0] and np.array_equal(now[1], legacy[1]) and now[2:] == legacy[2:]


def test_print_and_summary_change_no_weight_cache_running_statistic_or_generator():
    model = nn.Sequential(nn.Standardize(3), nn.Sequential(PrintStack()), nn.Dense(2, 1))
    X = np.random.default_rng(0).standard_normal((8, 3)).astype(nn.get_default_dtype())
    out = model.forward(X, training=True)   # the caches and dropout masks a backward will read
    twin = copy.deepcopy(model)              # the same pass, looked at by nobody
    before = _state(model)
    str(model), repr(model), model.summary(print_fn=None)
    _assert_same_state(before, model)
    # the backward of the learner's pass is still that pass's: the same gradients as the twin's
    delta = np.ones_like(out)
    np.testing.assert_array_equal(model.backward(delta), twin.backward(delta))
    for (name, p), q in zip(model.named_parameters(), twin.parameters()):
        np.testing.assert_array_equal(p.grad, q.grad, err_msg=name)
