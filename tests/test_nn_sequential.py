"""Sequential and MLP: whole networks against torch.nn.Sequential in float64, a softmax output
trained with MSE (its full Jacobian), the topology MLP builds, summary, parameters, and the
spec round trip."""
import copy
import json
import weakref

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from neuralab import nn, optim
from neuralab.nn.model_output import is_model_output
from neuralab.train import gradcheck
from torch_reference import assert_close, check_layer_against_torch, tensor, torch_module, train_step_both

SEEDS = [0, 1, 2]
TOPOLOGIES = [[1, 1], [2, 1], [3, 5, 2], [4, 16, 16, 3], [8, 32, 8, 16, 1]]


def randomise_biases(model, rng):
    """Biases start at zero, which would hide a wrong bias gradient."""
    for name, p in model.named_parameters():
        if name.endswith("bias"):
            p.data[:] = rng.standard_normal(p.shape)


# -- whole networks against torch ------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("output", [None, "sigmoid", "softmax", "tanh"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu", "identity"])
@pytest.mark.parametrize("sizes", TOPOLOGIES, ids=lambda s: "-".join(map(str, s)))
def test_mlp_matches_torch_sequential(float64, sizes, activation, output, seed):
    if output == "softmax" and sizes[-1] == 1:  # refused: a softmax over one output is always 1
        sizes = sizes[:-1] + [2]
    rng = np.random.default_rng(seed)
    model = nn.MLP(sizes, activation=activation, output=output, rng=rng)
    randomise_biases(model, rng)
    check_layer_against_torch(model, rng.standard_normal((7, sizes[0])), rng)


def test_hand_built_sequential_matches_torch(float64):
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(5, 8, rng=rng), nn.LeakyReLU(0.2), nn.Dense(8, 8, bias=False, rng=rng),
                          nn.Tanh(), nn.Identity(), nn.Dense(8, 4, rng=rng), nn.Softmax())
    randomise_biases(model, rng)
    check_layer_against_torch(model, rng.standard_normal((10, 5)), rng)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("m, n_in, k", [(1, 2, 2), (8, 4, 3), (32, 10, 10)])
def test_softmax_output_with_mse_matches_torch(float64, m, n_in, k, seed):
    """dL/da from MSE is not a - y, so Softmax.backward must apply the full Jacobian."""
    rng = np.random.default_rng(seed)
    model = nn.Sequential(nn.Dense(n_in, k, rng=rng), nn.Softmax())
    randomise_biases(model, rng)
    reference = torch_module(model)
    x, y = rng.standard_normal((m, n_in)), np.eye(k)[rng.integers(0, k, m)]
    loss = nn.MSELoss()

    x_t = tensor(x, requires_grad=True)
    expected = F.mse_loss(reference(x_t), tensor(y))
    expected.backward()
    assert loss(model(x), y) == pytest.approx(expected.item(), rel=1e-7)
    assert_close(model.backward(loss.backward()), x_t.grad)
    for (name, p), (torch_name, q) in zip(model.named_parameters(), reference.named_parameters(),
                                          strict=True):
        assert name == torch_name
        assert_close(p.grad, q.grad)


def test_softmax_output_trained_with_mse_follows_torch(float64):
    """Fifty steps of plain gradient descent, by hand on both sides: the weights stay equal."""
    rng = np.random.default_rng(0)
    model = nn.MLP([4, 6, 3], activation="tanh", output="softmax", rng=rng)
    randomise_biases(model, rng)
    reference = torch_module(model)
    x, y = rng.standard_normal((20, 4)), np.eye(3)[rng.integers(0, 3, 20)]
    loss, lr = nn.MSELoss(), 0.5
    first = loss(model(x), y)
    for _ in range(50):
        model.zero_grad()
        loss(model(x), y)
        model.backward(loss.backward())
        for p in model.parameters():
            p.data -= lr * p.grad

        reference.zero_grad()
        F.mse_loss(reference(tensor(x)), tensor(y)).backward()
        with torch.no_grad():
            for q in reference.parameters():
                q -= lr * q.grad
    for p, q in zip(model.parameters(), reference.parameters(), strict=True):
        assert_close(p.data, q)
    assert loss(model(x), y) < first


def test_gradients_accumulate_until_zero_grad(float64):
    rng = np.random.default_rng(0)
    model = nn.MLP([3, 4, 2], rng=rng)
    x, grad_out = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    model(x)
    model.backward(grad_out)
    once = [p.grad.copy() for p in model.parameters()]
    model(x)
    model.backward(grad_out)
    for p, g in zip(model.parameters(), once):
        assert_close(p.grad, 2 * g)
    model.zero_grad()
    assert not any(p.grad.any() for p in model.parameters())


def test_backward_can_skip_the_input_gradient(float64):
    rng = np.random.default_rng(0)
    model = nn.MLP([3, 4, 2], rng=rng)
    x, grad_out = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    model(x)
    model.backward(grad_out)
    full = [p.grad.copy() for p in model.parameters()]
    model.zero_grad()
    model(x)
    assert model.backward(grad_out, input_grad=False) is None
    for p, g in zip(model.parameters(), full):
        np.testing.assert_array_equal(p.grad, g)


# -- topology -------------------------------------------------------------------------------
def layer_types(model):
    return [type(layer).__name__ for layer in model.layers]


def test_mlp_topology_from_sizes():
    model = nn.MLP([2, 16, 8, 1])
    assert layer_types(model) == ["Dense", "ReLU", "Dense", "ReLU", "Dense"]
    dense = [layer for layer in model.layers if isinstance(layer, nn.Dense)]
    assert [(d.in_features, d.out_features) for d in dense] == [(2, 16), (16, 8), (8, 1)]
    assert layer_types(nn.MLP([3, 2])) == ["Dense"]


@pytest.mark.parametrize("output, last", [(None, "Dense"), ("identity", "Dense"), ("linear", "Dense"),
                                          ("sigmoid", "Sigmoid"), ("softmax", "Softmax"),
                                          ("tanh", "Tanh")])
def test_mlp_output_activation(output, last):
    model = nn.MLP([3, 4, 2], activation="tanh", output=output)
    assert layer_types(model)[:3] == ["Dense", "Tanh", "Dense"]
    assert layer_types(model)[-1] == last and len(model) == 3 + (last != "Dense")


@pytest.mark.parametrize("activation, hidden_init", [("relu", "he_uniform"), ("leaky_relu", "he_uniform"),
                                                     ("tanh", "xavier_uniform"),
                                                     ("sigmoid", "xavier_uniform")])
def test_mlp_init_default_per_activation(activation, hidden_init):
    dense = [layer for layer in nn.MLP([3, 5, 5, 2], activation=activation).layers
             if isinstance(layer, nn.Dense)]
    assert [d.init for d in dense] == [hidden_init, hidden_init, "xavier_uniform"]


def test_mlp_explicit_init_is_used_in_every_layer():
    model = nn.MLP([3, 5, 2], init="zeros")
    assert all(not p.data.any() for p in model.parameters())
    assert {layer.init for layer in model.layers if isinstance(layer, nn.Dense)} == {"zeros"}


@pytest.mark.parametrize("sizes", [[], [3], "3,4", None, [3, 0], [3, -1], [3, 2.5], [True, 2],
                                   [3, 10**7], [3, "4"]])
def test_mlp_refuses_bad_sizes(sizes):
    with pytest.raises(ValueError, match="sizes"):
        nn.MLP(sizes)


@pytest.mark.parametrize("kwargs", [{"activation": "bogus"}, {"output": "bogus"},
                                    {"activation": None}])
def test_mlp_unknown_activation_lists_the_valid_names(kwargs):
    with pytest.raises(ValueError, match="relu.*tanh|tanh.*relu"):
        nn.MLP([3, 4, 2], **kwargs)


def test_sequential_takes_layers_or_a_list_of_layers():
    layers = [nn.Dense(2, 3), nn.ReLU()]
    assert nn.Sequential(*layers).layers == layers == nn.Sequential(layers).layers
    assert nn.Sequential(*layers)[1] is layers[1]
    with pytest.raises(TypeError, match="item 1"):
        nn.Sequential(nn.Dense(2, 3), "relu")


# -- parameters and summary -----------------------------------------------------------------
def test_named_parameters_follow_torch_naming():
    model = nn.MLP([3, 4, 2])
    names = [name for name, _ in model.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert names == [name for name, _ in torch_module(model).named_parameters()]
    assert [p for _, p in model.named_parameters()] == model.parameters()
    assert model.parameters()[2] is model.layers[2].weight
    assert model.num_parameters() == 3 * 4 + 4 + 4 * 2 + 2


def tied_network(rng):
    """Dense(4→4), Tanh, Dense(4→4) whose second layer uses the first one's weight matrix."""
    first, second = nn.Dense(4, 4, rng=rng), nn.Dense(4, 4, rng=rng)
    second.weight = first.weight
    model = nn.Sequential(first, nn.Tanh(), second)
    randomise_biases(model, rng)
    return model


def test_a_shared_weight_is_one_parameter_listed_once_as_in_torch(float64):
    model = tied_network(np.random.default_rng(0))
    reference = torch_module(model)
    reference[2].weight = reference[0].weight
    names = [name for name, _ in model.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.bias"] == [n for n, _ in reference.named_parameters()]
    assert [n for n, _ in model.named_parameters(remove_duplicate=False)] == \
        ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert model.shared_parameters() == {"2.weight": "0.weight"}
    assert model.num_parameters() == 16 + 4 + 4 == sum(p.numel() for p in reference.parameters())
    assert "Total parameters: 24 (shared weights count once)" in model.summary(print_fn=None)
    assert nn.MLP([3, 4, 2]).shared_parameters() == {}


def test_a_shared_weight_gets_both_gradients_and_trains_as_in_torch(float64):
    rng = np.random.default_rng(1)
    model = tied_network(rng)
    reference = torch_module(model)
    reference[2].weight = reference[0].weight
    x = rng.standard_normal((6, 4))
    grad_out = rng.standard_normal((6, 4))
    model.forward(x)
    model.backward(grad_out)
    reference(tensor(x)).backward(tensor(grad_out))
    assert_close(model.layers[0].weight.grad, reference[0].weight.grad)  # δ₂ᵀa₁ + δ₀ᵀx: both uses
    model.zero_grad()
    X, Y = rng.standard_normal((10, 4)), rng.standard_normal((10, 4))
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    opt_t = torch.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9)
    for _ in range(20):
        train_step_both(model, reference, opt, opt_t, X, Y)
    assert model.layers[0].weight is model.layers[2].weight
    for (name, p), (_, q) in zip(model.named_parameters(), reference.named_parameters(), strict=True):
        assert_close(p.data, q)
    assert gradcheck(model, nn.MSELoss(), X, Y) < 1e-6


def test_named_parameters_of_nested_sequential_without_bias():
    inner = nn.Sequential(nn.Dense(3, 3, bias=False), nn.Tanh())
    model = nn.Sequential(inner, nn.Dense(3, 1))
    assert [name for name, _ in model.named_parameters()] == ["0.0.weight", "1.weight", "1.bias"]
    assert [name for name, _ in nn.ReLU().named_parameters()] == []


def test_layers_kept_in_lists_are_named_under_their_attribute_as_in_torch(monkeypatch):
    # both lists named their layers "0", "1": named_parameters gave "0.weight" twice, and save refused
    monkeypatch.setattr(nn.spec, "REGISTRY", dict(nn.spec.REGISTRY))

    class EncoderDecoder(nn.Layer):
        def __init__(self):
            self.enc = [nn.Dense(2, 3), nn.Tanh(), nn.Sequential(nn.Dense(3, 3, bias=False))]
            self.layers = (nn.Dense(3, 2),)   # a Sequential's attribute name, in a layer of your own
            self.params = [nn.Parameter(np.ones(2))]

    class TorchEncoderDecoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = torch.nn.ModuleList([torch.nn.Linear(2, 3), torch.nn.Tanh(),
                                            torch.nn.Sequential(torch.nn.Linear(3, 3, bias=False))])
            self.layers = torch.nn.ModuleList([torch.nn.Linear(3, 2)])
            self.params = torch.nn.ParameterList([torch.nn.Parameter(torch.ones(2))])

    model = nn.Sequential(nn.Dense(2, 2), EncoderDecoder())
    names = [name for name, _ in model.named_parameters()]
    assert names == ["0.weight", "0.bias", "1.enc.0.weight", "1.enc.0.bias", "1.enc.2.0.weight",
                     "1.layers.0.weight", "1.layers.0.bias", "1.params.0"]
    reference = torch.nn.Sequential(torch.nn.Linear(2, 2), TorchEncoderDecoder())
    assert names == [name for name, _ in reference.named_parameters()]
    assert [path for path, _ in model.named_layers()] == [
        path for path, module in reference.named_modules()
        if not isinstance(module, (torch.nn.ModuleList, torch.nn.ParameterList))]  # lists are no layers here


@pytest.mark.parametrize("sizes", [[784, 128, 10], [2, 16, 16, 1], [3, 1]])
def test_summary_counts_parameters(sizes):
    model = nn.MLP(sizes, output="softmax" if sizes[-1] > 1 else "sigmoid")
    text = model.summary(print_fn=None)
    counts = [n * n_prev + n for n_prev, n in zip(sizes[:-1], sizes[1:])]
    for n, count in zip(sizes[1:], counts):
        assert f"{count:,}" in text
        assert f"(None, {n})" in text
    assert f"Total parameters: {sum(counts):,}" in text
    assert sum(counts) == model.num_parameters()


def test_summary_prints_by_default_and_returns_nothing_as_keras(capsys):
    # it returned the text too, which a notebook cell ending with model.summary() showed again,
    # as one line of \n escapes
    model = nn.MLP([784, 128, 10])
    assert model.summary() is None
    text = model.summary(print_fn=None)
    assert capsys.readouterr().out == text + "\n"
    assert "100,480" in text and "1,290" in text and "101,770" in text


def test_summary_columns_stay_aligned_past_ten_layers():
    text = nn.MLP([2] + [3] * 6 + [1]).summary(print_fn=None)  # 13 layers: indices 0 to 12
    rows = [line for line in text.splitlines() if "Dense" in line or "ReLU" in line]
    assert len(rows) == 13
    name_columns = {len(row) - len(row.lstrip(" 0123456789")) for row in rows}
    assert name_columns == {4}   # "12  Dense(3, 1)" and " 0  Dense(2, 3)" alike


# -- spec round trip ------------------------------------------------------------------------
MODELS = {
    "mlp relu": lambda: nn.MLP([2, 16, 16, 1]),
    "mlp tanh sigmoid": lambda: nn.MLP([3, 5, 1], activation="tanh", output="sigmoid"),
    "mlp softmax": lambda: nn.MLP([4, 8, 3], activation="leaky_relu", output="softmax", init="he_normal"),
    "hand built": lambda: nn.Sequential(nn.Dense(3, 4, bias=False, init="torch_default"),
                                        nn.LeakyReLU(0.3), nn.Step(), nn.Identity(),
                                        nn.Sequential(nn.Dense(4, 2), nn.Sigmoid()),
                                        nn.Softmax(axis=0)),
    "dense": lambda: nn.Dense(2, 3),
    "softmax": lambda: nn.Softmax(axis=1),
    "every layer type": lambda: nn.Sequential(
        nn.Standardize(3), nn.Dense(3, 4, init="glorot_normal"), nn.BatchNorm1d(4, eps=1e-3, momentum=0.2),
        nn.LeakyReLU(alpha=0.125), nn.Dropout(0.25), nn.Sequential(), nn.Dense(4, 2, init="kaiming_uniform")),
    "mlp batchnorm dropout": lambda: nn.MLP([3, 5, 2], batchnorm=True, dropout=0.5, output="softmax"),
}


@pytest.mark.parametrize("name", MODELS)
def test_spec_round_trip(name):
    model = MODELS[name]()
    spec = model.to_spec()
    rebuilt = nn.Layer.from_spec(json.loads(json.dumps(spec)))
    assert type(rebuilt) is type(model)
    assert rebuilt.to_spec() == spec
    assert [p.shape for p in rebuilt.parameters()] == [p.shape for p in model.parameters()]
    assert repr(rebuilt) == repr(model)


def test_spec_of_an_mlp_reads_like_its_layers():
    spec = nn.MLP([2, 3, 1], activation="tanh").to_spec()
    assert spec == {"type": "Sequential", "layers": [
        {"type": "Dense", "in_features": 2, "out_features": 3, "bias": True, "init": "xavier_uniform"},
        {"type": "Tanh"},
        {"type": "Dense", "in_features": 3, "out_features": 1, "bias": True, "init": "xavier_uniform"}]}


@pytest.mark.parametrize("spec, match", [
    ({"type": "Conv9D"}, "unknown layer type 'Conv9D'.*Dense"),
    ({"type": "_Hidden"}, "unknown layer type"),
    ({"kind": "Dense"}, "'type'"),
    ("Dense", "'type'"),
    ({"type": "Dense", "in_features": 2}, "Dense"),
    ({"type": "Dense", "in_features": 2, "out_features": 3, "color": "red"}, "Dense"),
    ({"type": "Dense", "in_features": -2, "out_features": 3}, "in_features"),
    ({"type": "Dense", "in_features": 2, "out_features": 3, "init": "bogus"}, "init"),
    ({"type": "LeakyReLU", "alpha": "7"}, "alpha"),
    ({"type": "ReLU", "alpha": 0.1}, "ReLU"),
    ({"type": "Sequential"}, "layers"),
    ({"type": "Sequential", "layers": {"type": "ReLU"}}, "layers"),
    ({"type": "Sequential", "layers": [], "name": "x"}, "layers"),
    ({"type": "Sequential", "layers": [{"type": "ReLU"}, {"type": "Nope"}]}, "Nope"),
], ids=repr)
def test_bad_spec_is_a_value_error(spec, match):
    with pytest.raises(ValueError, match=match):
        nn.Layer.from_spec(spec)


def test_a_bad_value_in_a_spec_is_named_without_the_hint_for_a_layers_own_config():
    # a value of the wrong type is the file's mistake, not the class's: the hint that its
    # config() must return the constructor's arguments only misled
    with pytest.raises(ValueError) as refused:
        nn.Layer.from_spec({"type": "BatchNorm1d", "num_features": 3, "momentum": None})
    assert "momentum" in str(refused.value) and "config()" not in str(refused.value)
    with pytest.raises(ValueError, match=r"'color'.*its config\(\) must return the arguments of its constructor"):
        nn.Layer.from_spec({"type": "Dense", "in_features": 2, "out_features": 3, "color": "red"})


def test_from_spec_on_a_subclass_builds_only_that_kind_of_layer():
    spec = nn.MLP([2, 3, 1]).to_spec()
    assert type(nn.Sequential.from_spec(spec)) is nn.Sequential
    with pytest.raises(ValueError, match=r"^this spec is of a Sequential, which is no Dense: "
                                         r"nn\.Layer\.from_spec\(spec\) builds whichever layer a spec names$"):
        nn.Dense.from_spec(spec)
    with pytest.raises(ValueError, match="is of a Dense, which is no Sequential"):
        nn.Sequential.from_spec(spec["layers"][0])
    assert type(nn.Activation.from_spec({"type": "Tanh"})) is nn.Tanh


# -- audit: containers, MLP arguments, summary ----------------------------------------------------
def test_a_layer_used_twice_is_refused_because_its_cache_would_be_overwritten():
    # the second forward through the same Tanh overwrote the cache the first one's backward
    # needs, so the gradients were silently wrong (gradcheck: 0.39)
    act, dense = nn.Tanh(), nn.Dense(3, 3)
    for make in (lambda: nn.Sequential(nn.Dense(2, 3), act, nn.Dense(3, 3), act),
                 lambda: nn.Sequential(dense, nn.ReLU(), dense),
                 lambda: nn.Sequential(nn.Sequential(dense, nn.ReLU()), dense),
                 lambda: nn.Sequential([act, act])):
        with pytest.raises(ValueError, match=r"appears twice.*new one"):
            make()
    model = nn.Sequential(nn.Dense(2, 3), act)
    with pytest.raises(ValueError, match="appears twice"):
        model.append(act)
    assert len(model) == 2


def test_input_features_looks_inside_nested_sequentials_and_batchnorm():
    # a nested first block answered with the next Dense's n_in (3), so fit refused 2-feature data
    model = nn.Sequential(nn.Sequential(nn.Dense(2, 3), nn.ReLU()), nn.Dense(3, 1))
    assert model.input_features() == 2
    rng = np.random.default_rng(0)
    model.fit(rng.standard_normal((8, 2)), rng.standard_normal((8, 1)), loss="mse",
              optimizer="sgd", epochs=1, verbose=0)
    assert nn.Sequential(nn.Sequential(nn.ReLU()), nn.Dense(4, 1)).input_features() == 4
    assert nn.Sequential(nn.BatchNorm1d(5), nn.ReLU()).input_features() == 5
    assert "(None, 5)" in nn.Sequential(nn.BatchNorm1d(5), nn.ReLU()).summary(print_fn=None)
    assert nn.Sequential(nn.ReLU()).input_features() is None


def test_slicing_gives_a_sequential_of_the_same_layers_and_append_adds_one():
    model = nn.MLP([2, 4, 4, 1], output="sigmoid")
    body = model[:-1]
    assert isinstance(body, nn.Sequential) and body.layers == model.layers[:-1]
    assert body[0] is model[0] and model[-1] is model.layers[-1]
    x = np.ones((3, 2), np.float32)
    np.testing.assert_array_equal(nn.Sigmoid()(body(x)), model(x))
    assert list(model) == model.layers and len(model[::2]) == 3
    grown = nn.Sequential(nn.Dense(2, 3))
    assert grown.append(nn.ReLU()) is grown and layer_types(grown) == ["Dense", "ReLU"]
    with pytest.raises(TypeError, match="append takes a layer"):
        grown.append("relu")


def test_summary_validates_input_features():
    model = nn.MLP([2, 3])
    for bad in (0, -1, "2", 2.0, True):
        with pytest.raises(ValueError, match="input_features"):
            model.summary(input_features=bad, print_fn=None)
    with pytest.raises(ValueError, match="input_features=5 .* expects 2"):
        model.summary(input_features=5, print_fn=None)
    text = nn.Sequential(nn.ReLU(), nn.Softmax()).summary(input_features=4, print_fn=None)
    assert text.count("(None, 4)") == 2


@pytest.mark.parametrize("print_fn", ["x", 3, True, ["print"]])
def test_summary_refuses_a_print_fn_that_cannot_be_called_naming_it(print_fn, capsys):
    # summary(print_fn="x") built the table, then raised "'str' object is not callable"
    model = nn.MLP([2, 3])
    with pytest.raises(TypeError, match=rf"^print_fn must be a function that takes the text \(print, "
                                        rf"a logger's info\) or None to return it, got "
                                        rf"{type(print_fn).__name__} "):
        model.summary(print_fn=print_fn)
    lines = []
    assert model.summary(print_fn=lines.append) is None and capsys.readouterr().out == ""
    assert lines == [model.summary(print_fn=None)]


def test_summary_lists_the_layers_of_nested_sequentials_by_their_parameter_names():
    inner = nn.MLP([3, 8, 8, 4])
    model = nn.Sequential(nn.Standardize(3), inner, nn.Dense(4, 1), nn.Sigmoid())
    text = model.summary(print_fn=None)
    assert "Sequential(" not in text  # one row per layer, not the nested repr on one line
    rows = text.splitlines()[3:-2]
    assert [row.split()[0] for row in rows] == ["0", "1", "1.0", "1.1", "1.2", "1.3", "1.4", "2", "3"]
    assert {name.rsplit(".", 1)[0] for name, _ in model.named_parameters()} <= {r.split()[0] for r in rows}
    row = next(row for row in rows if row.split()[0] == "1.4")
    assert row.startswith("    1.4  Dense(8, 4)") and "(None, 4)" in row and row.endswith(" 36")  # under its Sequential
    assert rows[1].startswith("1  Sequential ") and rows[1].endswith(f" {inner.num_parameters()}")
    assert len({len(row) for row in rows}) == 1 and f"Total parameters: {model.num_parameters():,}" in text


@pytest.mark.parametrize("sizes", [np.array([3, 4, 2]), range(3, 6), (3, np.int64(4), 2)],
                         ids=["ndarray", "range", "numpy int"])
def test_mlp_takes_any_sequence_of_sizes(sizes):
    model = nn.MLP(sizes)
    dense = [layer for layer in model.layers if isinstance(layer, nn.Dense)]
    assert [d.in_features for d in dense] + [dense[-1].out_features] == [int(n) for n in sizes]
    assert all(type(d.in_features) is int for d in dense)


def test_mlp_refuses_2d_and_float_arrays_of_sizes():
    with pytest.raises(ValueError, match="sizes"):
        nn.MLP(np.array([[3, 4]]))
    with pytest.raises(ValueError, match=r"sizes\[0\] must be an integer"):
        nn.MLP(np.array([3.0, 4.0]))


def test_mlp_refuses_a_softmax_over_a_single_output():
    with pytest.raises(ValueError, match="softmax over 1 output is always 1.*sigmoid"):
        nn.MLP([3, 4, 1], output="softmax")
    assert len(nn.MLP([3, 4, 2], output="softmax")) == 4


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "ReLU"}, r"activation: unknown activation 'ReLU'; did you mean 'relu'\?"),
    ({"activation": "leakyrelu"}, r"did you mean 'leaky_relu'\?"),
    ({"output": "Sigmoid"}, r"output: unknown activation 'Sigmoid'; did you mean 'sigmoid'\?"),
    ({"output": "softmx"}, r"output: .*did you mean 'softmax'\?"),
    ({"output": "bogus"}, r"output: unknown activation 'bogus'; choose one of"),
    ({"activation": nn.Tanh}, r"activation: MLP takes the activation's name, activation='tanh', not the layer class Tanh"),
])
def test_mlp_names_the_argument_and_suggests_a_name(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nn.MLP([3, 4, 2], **kwargs)


@pytest.mark.parametrize("init", ["", 0, False])
def test_mlp_refuses_an_empty_init_instead_of_using_the_default(init):
    # `init or default` took "" and 0 for "not given" and built the default silently
    with pytest.raises(ValueError, match="unknown init"):
        nn.MLP([3, 4, 2], init=init)


# -- audit: learners' mistakes caught where they happen -------------------------------------------
def test_is_model_output_tells_a_model_s_output_from_the_targets():
    # loss(y, out), scikit-learn's order, trained uphill silently: a loss can now tell the two
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((8, 3)), rng.standard_normal((8, 1))
    model, teacher = nn.MLP([3, 4, 1]), nn.MLP([3, 2, 1])
    out = model.forward(X, training=True)
    assert is_model_output(out) and is_model_output(out.ravel()) and is_model_output(out[:, 0])
    for other in (y, X, out.copy(), out.tolist(), 1.0, None):
        assert not is_model_output(other)
    teacher_out = teacher.forward(X)  # the latest pass of each model counts (distillation)
    assert is_model_output(out) and is_model_output(teacher_out)
    again = model.forward(X)          # a model's new pass replaces its old one
    assert is_model_output(again) and not is_model_output(out)
    twin = copy.deepcopy(model)       # a copy made without __init__ counts too
    assert is_model_output(twin.forward(X))
    gone = weakref.ref(teacher)
    del teacher
    assert gone() is None and not is_model_output(teacher_out)  # no model is kept alive


@pytest.mark.parametrize("output", ["sigmoid", None])
def test_backward_refuses_the_loss_value_or_a_delta_of_another_shape(output):
    # backward(L) with the loss's value broadcast into nonsense gradients behind a sigmoid, and
    # failed with "'float' object has no attribute 'T'" behind a Dense layer
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((8, 2)), (rng.random(8) > 0.5).astype(float)
    model, loss = nn.MLP([2, 4, 1], output=output), nn.MSELoss()
    value = loss(model.forward(X, training=True), y)
    for wrong, given in [(value, r"got the loss's value L = .*, where backward needs its gradient, loss\.backward\(\)"),
                         (float(value), r"got float .*the loss's value\?"), (np.ones(8), r"got an array of shape \(8,\)"),
                         ([[1.0]] * 8, "got list"), (np.ones((1, 1)), r"shape \(1, 1\)")]:
        with pytest.raises(ValueError, match=r"shape \(8, 1\), which loss\.backward\(\) returns.*" + given):
            model.backward(wrong)
    assert not any(p.grad.any() for p in model.parameters())
    model.backward(loss.backward())   # the pass is still there to differentiate
    assert all(p.grad.any() for p in model.parameters() if p.name == "weight")


def test_summary_refuses_layers_whose_sizes_do_not_chain():
    with pytest.raises(ValueError, match=r"Dense expects samples of shape \(4,\), got \(3,\)"):
        nn.Dense(4, 1).output_shape((3,))
    with pytest.raises(ValueError, match=r"^layer 1 Dense\(4, 1\): Dense expects samples of shape \(4,\)"):
        nn.Sequential(nn.Dense(2, 3), nn.Dense(4, 1)).summary(print_fn=None)
    with pytest.raises(ValueError, match=r"^layer 1\.1 Dense\(4, 1\): "):
        nn.Sequential(nn.Dense(2, 3), nn.Sequential(nn.ReLU(), nn.Dense(4, 1))).summary(print_fn=None)


def test_a_shape_error_in_forward_names_the_layer():
    X = np.ones((5, 2))
    with pytest.raises(ValueError, match=r"^layer 1 Dense\(4, 1\): Dense expects inputs of shape \(batch, 4\), "
                                         r"got \(5, 3\)$"):
        nn.Sequential(nn.Dense(2, 3), nn.Dense(4, 1)).forward(X)
    nested = nn.Sequential(nn.Dense(2, 3), nn.Sequential(nn.Tanh(), nn.Dense(4, 1)))
    with pytest.raises(ValueError, match=r"^layer 1\.1 Dense\(4, 1\): Dense expects"):
        nested.forward(X)

    class Misfit(nn.Layer):  # NumPy's own error, which names no layer
        def forward(self, x, training=False):
            return np.dot(x, np.ones((2, 2)))

    model = nn.Sequential(nn.Dense(2, 3), Misfit())
    with pytest.raises(ValueError, match=r"^layer 1 Misfit\(\): shapes \(5,3\) and \(2,2\) not aligned"):
        model.forward(X)
    with pytest.raises(TypeError, match="^input of Dense must be"):  # other errors pass as they are
        nn.Sequential(nn.Dense(2, 1)).forward([["a", "b"]])


def test_a_sequential_that_is_or_contains_the_model_is_refused_and_the_model_unchanged():
    # m.append(m) looped forever in the repeated-layer check's repr (RecursionError, not the
    # ValueError its pop was waiting for), and the model kept itself as a layer: broken for good
    x = np.ones((2, 2))
    m = nn.MLP([2, 3, 1])
    before = m(x)
    with pytest.raises(ValueError, match="this Sequential itself.*cannot be one of its own layers"):
        m.append(m)
    inner = nn.Sequential(nn.Dense(2, 2))
    outer = nn.Sequential(inner, nn.ReLU())
    with pytest.raises(ValueError, match="contains this Sequential.*cannot be one of its own layers"):
        inner.append(outer)
    assert len(m) == 3 and len(inner) == 1 and len(outer) == 2
    np.testing.assert_array_equal(m.predict(x), before)
    assert repr(inner) == "Sequential(Dense(2, 2))"
    assert [type(layer).__name__ for layer in outer.walk()] == ["Sequential", "Sequential", "Dense", "ReLU"]


def test_a_forward_that_fails_in_a_later_layer_leaves_the_running_statistics_as_they_were():
    # layer 1 refused the 2 features after layer 0's BatchNorm had already moved its running
    # statistics: the model changed although its forward pass raised
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 2))
    nested = nn.Sequential(nn.BatchNorm1d(2), nn.ReLU())
    for model in (nn.Sequential(nn.BatchNorm1d(2), nn.Dense(3, 1)),
                  nn.Sequential(nested, nn.Sequential(nn.BatchNorm1d(2), nn.Dense(3, 1)))):
        model[0](x, training=True)  # statistics that are not the initial ones
        before = [b.copy() for _, b in model.named_buffers()]
        with pytest.raises(ValueError, match=r"layer 1.*3"):
            model.forward(rng.standard_normal((4, 2)), training=True)
        for saved, (_, b) in zip(before, model.named_buffers()):
            np.testing.assert_array_equal(b, saved)
        with pytest.raises(ValueError, match="the last forward pass failed"):
            model.backward(np.ones((4, 1)))
        model[0](x, training=True)  # a training pass that succeeded, then a failed evaluation
        before = [b.copy() for _, b in model.named_buffers()]  # pass, which has nothing to put back
        with pytest.raises(ValueError, match="layer 1"):
            model.forward(x)
        for saved, (_, b) in zip(before, model.named_buffers()):
            np.testing.assert_array_equal(b, saved)


@pytest.mark.parametrize("x, expected", [
    (np.array([[1, 2]]), np.array([[1.0, 2.0]], np.float32)),     # integers: the default dtype, as a layer
    ([[1, 2]], np.array([[1.0, 2.0]], np.float32)),
    (np.array([[1.0]], np.float16), np.array([[1.0]], np.float32)),
    (np.array([[0.5]]), np.array([[0.5]])),                           # float64 kept
], ids=repr)
def test_an_empty_sequential_returns_floats_as_any_layer_does(x, expected):
    out = nn.Sequential()(x)
    assert out.dtype == expected.dtype
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("x", [np.array([["a"]]), np.array([[1j]]), [[None]]], ids=repr)
def test_an_empty_sequential_refuses_what_is_not_real_numbers(x):
    with pytest.raises(TypeError, match="the output of Sequential must be an array of real numbers"):
        nn.Sequential()(x)


def test_an_empty_sequential_passes_delta_back_unchanged_as_the_identity_it_computes():
    # a = x, so dL/dx = dL/da: the model of no layers (a placeholder head) trains like one
    model = nn.Sequential()
    x = np.random.default_rng(0).standard_normal((4, 3))
    model.forward(x, training=True)
    delta = np.random.default_rng(1).standard_normal((4, 3))
    np.testing.assert_array_equal(model.backward(delta), delta)


class OwnShapeless(nn.Layer):
    """A layer of your own that declares no output shape (nor keeps_shape): its width is unknown."""

    def forward(self, x, training=False):
        return x


def test_a_nested_sequential_after_a_layer_of_unknown_width_has_an_unknown_output_shape():
    inner = nn.Sequential(OwnShapeless(), nn.Dense(3, 2), nn.Tanh())
    assert inner.output_shape((3,)) is None  # not the (2,) of its last Dense, which it cannot check
    model = nn.Sequential(nn.Dense(4, 3), inner, nn.Dense(2, 1))
    assert model.output_shape((4,)) is None
    rows = model.summary(print_fn=None).splitlines()[3:-2]
    # summary runs OwnShapeless (x -> x) on one sample for its shape, and goes on from it; the
    # Sequential's row (second) has its last layer's shape
    assert [row.split()[-3:-1] for row in rows] == [["(None,", "3)"], ["(None,", "2)"], ["(None,", "3)"],
                                                    ["(None,", "2)"], ["(None,", "2)"], ["(None,", "1)"]]


# -- what is no layer, given where one goes ----------------------------------------------------
@pytest.mark.parametrize("item, says", [
    (nn.ReLU, r"the class ReLU itself: call it to make a layer, ReLU\(\)"),   # parentheses forgotten
    (nn.BatchNorm1d, r"the class BatchNorm1d itself: call it to make a layer, BatchNorm1d\(\.\.\.\)"),
    ("relu", r"str 'relu': a layer here is an object, nn\.ReLU\(\)"),          # Keras's activation name
    ("leaky_relu", r"str 'leaky_relu': a layer here is an object, nn\.LeakyReLU\(\)"),
    ("leaky-relu", r"str 'leaky-relu': a layer here is an object, nn\.LeakyReLU\(\)"),  # was no hint
    ("Leaky ReLU", r"str 'Leaky ReLU': a layer here is an object, nn\.LeakyReLU\(\)"),
    (torch.nn.ReLU(), r"torch's ReLU, a PyTorch module: nn\.ReLU\(\) is its counterpart here"),
    (torch.nn.Linear(3, 2), r"torch's Linear, a PyTorch module: nn\.Dense\(in_features, out_features\)"),
])
def test_sequential_names_the_layer_meant_by_what_is_not_one(item, says):
    """A layer class without its parentheses, an activation's name or a torch module, given where
    a layer goes, is refused with the layer to write there, by the constructor and by append
    alike (the message said only "item 1 is type", or "str", or "Linear")."""
    with pytest.raises(TypeError, match="Sequential takes layers; item 1 is " + says):
        nn.Sequential(nn.Dense(2, 3), item)
    model = nn.Sequential(nn.Dense(2, 3))
    with pytest.raises(TypeError, match="append takes a layer, got " + says):
        model.append(item)
    assert len(model) == 1
