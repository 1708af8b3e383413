"""``model.summary()`` of a model holding layers of your own and nested Sequentials: each layer
inside shows indented under the one holding it, named by its path as ``named_layers`` names it,
with its output shape (what it returned when summary ran its holder on one sample, on a copy) and
its parameter count, up to ``depth`` levels, 3 by default as in torchinfo. The total counts a
shared weight once, as torch's ``parameters()`` does; a model of built-in layers alone prints the
table it printed before, the one docs/training.md shows."""
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from neuralab import io, nn

ROOT = Path(__file__).resolve().parent.parent


class SummaryResidual(nn.Layer):
    """y = x + dense2(relu(dense1(x))): a residual block n -> hidden -> n, as a torch Module keeps
    its layers; δ_x = δ + dense1.backward(relu.backward(dense2.backward(δ)))."""

    def __init__(self, n, hidden):
        self.n, self.hidden = n, hidden
        self.dense1 = nn.Dense(n, hidden)
        self.relu = nn.ReLU()
        self.dense2 = nn.Dense(hidden, n)

    def forward(self, x, training=False):
        return x + self.dense2.forward(self.relu.forward(self.dense1.forward(x, training), training), training)

    def backward(self, grad_out):
        return grad_out + self.dense1.backward(self.relu.backward(self.dense2.backward(grad_out)))

    def config(self):
        return {"n": self.n, "hidden": self.hidden}


class SummaryTied(nn.Layer):
    """y = dec(tanh(enc(x))) where dec uses enc's weight matrix: one parameter at two places."""

    def __init__(self, n):
        self.n = n
        self.enc = nn.Dense(n, n)
        self.act = nn.Tanh()
        self.dec = nn.Dense(n, n)
        self.dec.weight = self.enc.weight

    def forward(self, x, training=False):
        return self.dec.forward(self.act.forward(self.enc.forward(x, training), training), training)

    def config(self):
        return {"n": self.n}


class SummaryTwoWidths(nn.Layer):
    """y = act(dense2(act(dense1(x)))): one ReLU, run after layers of two widths; ``spare`` is
    kept and never run."""

    def __init__(self, n, hidden, out):
        self.dense1, self.act, self.dense2 = nn.Dense(n, hidden), nn.ReLU(), nn.Dense(hidden, out)
        self.spare = nn.Dropout(0.5)

    def forward(self, x, training=False):
        return self.act.forward(self.dense2.forward(self.act.forward(self.dense1.forward(x, training))))


class TorchOf(torch.nn.Module):
    """The torch module of a layer of your own that keeps layers: each of them exported under its
    name (``io.to_torch`` ties the shared weights again). Only its parameters are compared here."""

    def __init__(self, layer):
        super().__init__()
        for name, inner in layer._children():
            if isinstance(inner, nn.Layer):
                setattr(self, name, io.to_torch(inner))


def _torch_count(model, monkeypatch):
    """Σ p.numel() over the parameters of the torch module ``model`` exports to."""
    for kind in (SummaryResidual, SummaryTied):
        monkeypatch.setitem(io.TORCH_EXPORTERS, kind, lambda layer, torch: TorchOf(layer))
    return sum(p.numel() for p in io.to_torch(model).parameters())


ROW = re.compile(r"^( *)(\S+)  +(.*?)  +(\?|\(None[^)]*\)(?:, \(None[^)]*\))*)  +([\d,]+)$")


def _rows(text):
    """{path: (indent, label, shapes, params)} of the table's rows, in order."""
    lines = text.splitlines()
    rows = {}
    for line in lines[3:lines.index(lines[0], 3)]:   # a rule, the header, a rule, the rows, a rule
        indent, path, label, shapes, params = ROW.match(line).groups()
        rows[path] = (len(indent), label, shapes, int(params.replace(",", "")))
    return rows


def _count(dense):
    """n[l]·n[l-1] + n[l], the course's count of a Dense layer's parameters, from its weight's shape."""
    n_out, n_in = dense.weight.data.shape
    return n_out * n_in + n_out


def test_the_layers_of_a_residual_layer_of_your_own_show_under_it_with_shapes_and_counts(monkeypatch):
    # it was one row, "1  SummaryResidual(n=4, hidden=8)  (None, 4)  76": not where the 76 are
    block = SummaryResidual(4, 8)
    model = nn.Sequential(nn.Dense(2, 4), block, nn.Dense(4, 1))
    text = model.summary(print_fn=None)
    rows = _rows(text)
    assert list(rows) == [path for path, _ in model.named_layers() if path]   # named as named_layers
    layers = dict(model.named_layers())
    for path, (indent, label, shapes, params) in rows.items():
        assert indent == 4 * path.count(".") and label == repr(layers[path])
        assert params == layers[path].num_parameters()
    # the shapes the block's layers returned, run on one sample: n -> hidden -> n
    assert [rows[p][2] for p in ("1.dense1", "1.relu", "1.dense2", "1")] == [
        "(None, 8)", "(None, 8)", "(None, 4)", "(None, 4)"]
    assert rows["1.dense1"][3] == _count(block.dense1) and rows["1.dense2"][3] == _count(block.dense2)
    assert rows["1"][3] == rows["1.dense1"][3] + rows["1.dense2"][3]   # the block's row keeps its total
    total = model.num_parameters()
    assert f"Total parameters: {total:,}" in text.splitlines() and total == _torch_count(model, monkeypatch)


def test_the_layers_of_a_nested_sequential_show_under_a_row_of_its_own(monkeypatch):
    inner = nn.MLP([3, 8, 4])
    model = nn.Sequential(nn.Standardize(3), inner, nn.Dense(4, 1))
    rows = _rows(model.summary(print_fn=None))
    assert list(rows) == ["0", "1", "1.0", "1.1", "1.2", "2"]
    assert rows["1"] == (0, "Sequential", "(None, 4)", inner.num_parameters())   # its last layer's shape
    assert [rows[p][0] for p in ("1.0", "1.1", "1.2")] == [4, 4, 4]
    assert rows["1.0"][1:] == ("Dense(3, 8)", "(None, 8)", _count(inner[0]))
    assert rows["1"][3] == rows["1.0"][3] + rows["1.2"][3]
    assert model.num_parameters() == _torch_count(model, monkeypatch)


def test_depth_cuts_the_levels_shown_and_never_the_total():
    model = nn.Sequential(nn.Sequential(nn.Dense(2, 4), SummaryResidual(4, 8)), nn.Dense(4, 1))
    tables = {depth: model.summary(print_fn=None, depth=depth) for depth in (1, 2, 3, 4)}
    assert list(_rows(tables[1])) == ["0", "1"]
    assert _rows(tables[1])["0"][1:] == ("Sequential(Dense(2, 4), SummaryResidual(n=4, hidden=8))",
                                         "(None, 4)", model[0].num_parameters())
    assert list(_rows(tables[2])) == ["0", "0.0", "0.1", "1"]
    assert list(_rows(tables[3])) == ["0", "0.0", "0.1", "0.1.dense1", "0.1.relu", "0.1.dense2", "1"]
    assert tables[4] == tables[3] == model.summary(print_fn=None)   # all of it; 3 by default
    assert len({table.splitlines()[-1] for table in tables.values()}) == 1   # the same total
    assert model.summary(print_fn=None, depth=np.int64(2)) == tables[2]


def test_a_weight_shared_by_two_layers_counts_once_in_the_total_as_in_torch(monkeypatch):
    tied = SummaryTied(4)
    model = nn.Sequential(tied, nn.Dense(4, 1))
    text = model.summary(input_features=4, print_fn=None)
    rows = _rows(text)
    assert rows["0.enc"][3] == rows["0.dec"][3] == _count(tied.enc)   # each row: its layer's parameters
    assert rows["0"][3] == tied.num_parameters() == _count(tied.enc) + 4   # the matrix once, two biases
    total = model.num_parameters()
    assert total == _torch_count(model, monkeypatch) == rows["0"][3] + rows["1"][3]
    assert f"Total parameters: {total:,} (shared weights count once)" in text.splitlines()


def test_a_layer_run_on_two_widths_shows_both_and_one_never_run_a_question_mark():
    model = nn.Sequential(SummaryTwoWidths(2, 8, 3), nn.Dense(3, 1))
    text = model.summary(input_features=2, print_fn=None)
    rows = _rows(text)
    assert rows["0.act"][2] == "(None, 8), (None, 3)"   # in the order it ran
    assert rows["0.spare"][2] == "?" and rows["0"][2] == "(None, 3)" and rows["1"][2] == "(None, 1)"
    assert ("Output shape ? at layer 0.spare (Dropout): the forward of layer 0 did not run it"
            in text.splitlines())


def test_a_layer_that_declares_its_shape_but_whose_forward_fails_shows_question_marks_inside():
    class SummaryDeclared(SummaryResidual):
        def output_shape(self, input_shape):
            return tuple(input_shape)

        def forward(self, x, training=False):
            raise ValueError("not today")

    model = nn.Sequential(nn.Dense(2, 4), SummaryDeclared(4, 8), nn.Dense(4, 1))
    text = model.summary(print_fn=None)
    rows = _rows(text)
    assert [rows[p][2] for p in rows] == ["(None, 4)", "(None, 4)", "?", "?", "?", "(None, 1)"]
    assert text.splitlines()[-1] == ("Output shape ? inside layer 1 (SummaryDeclared): its forward failed on "
                                     "one sample of shape (4,): ValueError: not today")
    assert "?" not in model.summary(print_fn=None, depth=1)   # its declared shape is enough: not run


@pytest.mark.parametrize("model", [nn.MLP([2, 16, 16, 1], output="sigmoid"),
                                   nn.Sequential(nn.Standardize(3), nn.Dense(3, 2), nn.Softmax())],
                         ids=["the docs' MLP", "standardized"])
def test_a_model_of_built_in_layers_prints_the_table_it_printed_before(model):
    tables = {model.summary(print_fn=None, depth=depth) for depth in (1, 2, 3)}
    assert tables == {model.summary(print_fn=None)}
    if len(model) == 6:   # the table docs/training.md shows, byte for byte
        page = (ROOT / "docs" / "training.md").read_text()
        shown = re.search(r"model\.summary\(\) .*?```text\n(.*?)\n```", page, flags=re.S)[1]
        assert model.summary(print_fn=None) == shown


@pytest.mark.parametrize("depth, error", [(0, ValueError), (-1, ValueError), (1.0, TypeError),
                                          (2.5, TypeError), ("2", TypeError), (True, TypeError),
                                          (None, TypeError)])
def test_a_bad_depth_is_refused_in_one_line_and_leaves_the_model_as_it_was(depth, error):
    model = nn.Sequential(nn.Dense(2, 4), SummaryResidual(4, 8))
    before = [p.data.copy() for p in model.parameters()]
    held = [dict(vars(layer)) for layer in model.walk()]
    printed = []
    with pytest.raises(error, match=r"^depth must be ") as refused:
        model.summary(print_fn=printed.append, depth=depth)
    assert "\n" not in str(refused.value) and repr(depth) in str(refused.value) and printed == []
    assert all(np.array_equal(a, p.data) for a, p in zip(before, model.parameters()))
    assert [dict(vars(layer)) for layer in model.walk()] == held
