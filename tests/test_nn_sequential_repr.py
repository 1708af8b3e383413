"""A Sequential's repr: one line while it fits, else a layer per line numbered as ``model[i]``,
``named_layers`` and ``summary`` number them; and errors that quote a long model on one line."""
import numpy as np
import pytest

from neuralab import nn
from neuralab.nn.sequential_repr import WIDTH, sequential_repr, short_repr


def _seqrepr_small_nested():
    return nn.Sequential(nn.Dense(2, 3), nn.ReLU(), nn.Sequential(nn.Dense(3, 3), nn.Tanh()), nn.Dense(3, 1))


def _seqrepr_long():
    """The README's 19-layer network of sigmoids."""
    return nn.MLP([2] + [32] * 9 + [1], activation="sigmoid")


@pytest.mark.parametrize("model, text", [
    (nn.Sequential(), "Sequential()"),
    (nn.MLP([2, 16, 16, 1], activation="relu", output="sigmoid"),
     "Sequential(Dense(2, 16), ReLU(), Dense(16, 16), ReLU(), Dense(16, 1), Sigmoid())"),
    (nn.MLP([2, 8, 1], dropout=0.2, batchnorm=True),
     "Sequential(Dense(2, 8, bias=False), BatchNorm1d(8), ReLU(), Dropout(p=0.2), Dense(8, 1))"),
    (nn.Sequential(nn.Dense(2, 2), nn.Sequential(nn.ReLU(), nn.Sequential())),
     "Sequential(Dense(2, 2), Sequential(ReLU(), Sequential()))"),
])
def test_a_model_that_fits_on_a_line_shows_as_the_call_that_builds_it(model, text):
    assert repr(model) == str(model) == text


def test_a_long_model_has_a_layer_per_line_numbered_and_a_nested_one_opened_when_too_long():
    assert sequential_repr(_seqrepr_small_nested(), width=30) == (
        "Sequential(\n"
        "    Dense(2, 3),  # 0\n"
        "    ReLU(),       # 1\n"
        "    Sequential(   # 2\n"
        "        Dense(3, 3),  # 2.0\n"
        "        Tanh(),       # 2.1\n"
        "    ),\n"
        "    Dense(3, 1),  # 3\n"
        ")")
    # a nested Sequential that fits on its line stays on it
    assert sequential_repr(_seqrepr_small_nested(), width=40) == (
        "Sequential(\n"
        "    Dense(2, 3),                      # 0\n"
        "    ReLU(),                           # 1\n"
        "    Sequential(Dense(3, 3), Tanh()),  # 2\n"
        "    Dense(3, 1),                      # 3\n"
        ")")


def test_the_readme_model_prints_a_layer_per_line_each_numbered_as_model_i_reaches_it():
    # it printed 257 characters on one line
    model = _seqrepr_long()
    lines = repr(model).splitlines()
    assert lines[0] == "Sequential(" and lines[-1] == ")" and len(lines) == len(model) + 2
    assert max(map(len, lines)) <= WIDTH
    for i, line in enumerate(lines[1:-1]):
        code, index = line.split("  # ")
        assert index == str(i) and code.strip() == repr(model[i]) + ","


def test_the_numbers_are_the_paths_of_named_layers_and_summary_and_the_text_rebuilds_the_model():
    inner = nn.MLP([3, 8, 8, 4])
    model = nn.Sequential(nn.Standardize(3), inner, nn.Dense(4, 1), nn.Sigmoid())
    text = sequential_repr(model, width=10)  # every nested Sequential opened
    numbered = dict(line.strip().rsplit("  # ", 1)[::-1] for line in text.splitlines() if "  # " in line)
    layers = dict(model.named_layers())
    assert list(numbered) == [path for path in layers if path]  # depth first, as named_layers
    for path, code in numbered.items():
        layer = layers[path]
        assert code == ("Sequential(" if isinstance(layer, nn.Sequential) else repr(layer) + ",")
    rows = model.summary(print_fn=None).splitlines()[3:-2]   # a row for every layer, a nested Sequential's too
    assert [row.split()[0] for row in rows] == [path for path in layers if path]
    # the numbers are comments: the text is the Python that builds the same layers, as the one-line form is
    # (the layers, not their initialisers, which a repr does not show, as before)
    assert repr(eval(repr(_seqrepr_long()), vars(nn))) == repr(_seqrepr_long())
    assert sequential_repr(eval(text, vars(nn)), width=10) == text


def test_an_error_quotes_a_long_model_on_one_line():
    long = _seqrepr_long()
    assert short_repr(long) == "Sequential(Dense(2, 32), Sigmoid(), Dense(32, 32), Sigmoid(), ... 15 more)"
    assert short_repr(nn.Sequential(long), width=40) == "Sequential(Sequential(Dense(2, 32), ... 18 more))"
    assert short_repr(nn.Dense(2, 3)) == "Dense(2, 3)"
    # a nested model run on its own between the model's forward and backward: the refusal quoted
    # it over 21 lines
    inner = nn.MLP([2] + [32] * 9 + [2])
    model = nn.Sequential(inner, nn.Dense(2, 1))
    x = np.ones((4, 2))
    model.forward(x, training=True)
    inner.forward(x)
    with pytest.raises(ValueError) as caught:
        model.backward(np.ones((4, 1)))
    assert str(caught.value).startswith(f"backward: layer 0 {short_repr(inner)} ran on its own")
    assert "\n" not in str(caught.value)
    # one of its layers run on its own: the nested model's refusal, named by the outer one
    model.forward(x, training=True)
    inner[2].forward(np.ones((4, 32)))
    with pytest.raises(ValueError) as caught:
        model.backward(np.ones((4, 1)))
    assert str(caught.value).startswith(f"layer 0 {short_repr(inner)}: backward: layer 2 Dense(32, 32) ran")
    assert "\n" not in str(caught.value)
