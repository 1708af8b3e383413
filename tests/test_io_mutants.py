"""neuralab.io, what mutation testing found untested: each test asserts a promise of ``save`` and
``load`` that a small change of the code (a flipped comparison, a dropped check) broke unseen."""
import io as stdio
import sys
import zipfile

import numpy as np
import pytest

from neuralab import nn, optim
from neuralab.io import load, save, to_torch
from neuralab.io.load import SPEC_KEY


def arrays_in(path):
    """{name: array} of the model file at ``path``, the header among them."""
    with np.load(path) as archive:
        return {name: archive[name] for name in archive.files}


def rewrite(path, arrays):
    """The model file at ``path`` written anew with ``arrays``."""
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    return path


def with_header(path, edit):
    """The model file at ``path`` rewritten with its JSON header replaced by ``edit(header)``,
    which returns the header's new text."""
    arrays = arrays_in(path)
    text = edit(arrays[SPEC_KEY].tobytes().decode())
    return rewrite(path, arrays | {SPEC_KEY: np.frombuffer(text.encode(), dtype=np.uint8)})


def npy_bytes(array):
    buffer = stdio.BytesIO()
    np.lib.format.write_array(buffer, np.asarray(array))
    return buffer.getvalue()


def rewritten(path, members):
    """The model file at ``path`` as a zip of its members, those named in ``members`` ({name:
    bytes}) replaced or added: members that are no arrays, or arrays of a damaged .npy."""
    with zipfile.ZipFile(path) as archive:
        kept = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in (kept | members).items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("layers, values", [
    (lambda: [nn.Dense(3, 2, rng=np.random.default_rng(0))], 8),                  # 6 weights, 2 biases
    (lambda: [nn.Dense(3, 2, rng=np.random.default_rng(0)), nn.BatchNorm1d(2)], 16),  # and 4 + 4 in BatchNorm1d
], ids=["parameters", "parameters_and_buffers"])
def test_a_model_of_exactly_the_most_values_saves_and_loads_and_one_value_more_is_refused(
        tmp_path, monkeypatch, layers, values):
    # the limit counts the values of parameters and buffers; "more than" it is refused, not as many
    load_module = sys.modules["neuralab.io.load"]  # the module: neuralab.io.load is the function
    model = nn.Sequential(*layers())
    monkeypatch.setattr(load_module, "MAX_MODEL_VALUES", values)
    loaded = load(save(model, tmp_path / "at_limit.npz"))
    np.testing.assert_array_equal(loaded[0].weight.data, model[0].weight.data)
    monkeypatch.setattr(load_module, "MAX_MODEL_VALUES", values - 1)
    with pytest.raises(ValueError, match=f"{values} values in parameters and buffers, more than the {values - 1}"):
        save(model, tmp_path / "past_limit.npz")
    with pytest.raises(ValueError, match=f"not a valid neuralab model file: its spec declares more than {values - 1}"):
        load(tmp_path / "at_limit.npz")


def test_a_file_named_without_npz_is_loaded_itself_even_beside_one_named_with_it(tmp_path):
    # ".npz" is tried only when the name given names no file
    first = nn.Sequential(nn.Dense(2, 1, rng=np.random.default_rng(1)))
    second = nn.Sequential(nn.Dense(2, 3, rng=np.random.default_rng(2)))
    save(first, tmp_path / "model.npz")
    save(second, tmp_path / "other.npz").rename(tmp_path / "model")
    assert load(tmp_path / "model")[0].weight.shape == (3, 2)
    assert load(tmp_path / "model.npz")[0].weight.shape == (1, 2)


def test_a_header_of_exactly_the_most_bytes_loads_and_one_byte_more_is_refused(tmp_path, monkeypatch):
    load_module = sys.modules["neuralab.io.load"]
    path = save(nn.Sequential(nn.Dense(2, 1, rng=np.random.default_rng(0))), tmp_path / "m.npz")
    size = arrays_in(path)[SPEC_KEY].size
    monkeypatch.setattr(load_module, "_MAX_SPEC_BYTES", size)
    assert load(path)[0].weight.shape == (1, 2)
    monkeypatch.setattr(load_module, "_MAX_SPEC_BYTES", size - 1)
    with pytest.raises(ValueError, match=f"must be a 1-D uint8 array of at most {size - 1} bytes"):
        load(path)


def test_a_spec_of_exactly_the_most_layers_loads_and_one_layer_more_is_refused(tmp_path, monkeypatch):
    # the Sequential counts as a layer: itself and three ReLUs are four
    load_module = sys.modules["neuralab.io.load"]
    monkeypatch.setattr(load_module, "MAX_LAYERS", 4)
    path = save(nn.Sequential(nn.ReLU(), nn.ReLU(), nn.ReLU()), tmp_path / "four.npz")
    assert len(load(path).layers) == 3
    with pytest.raises(ValueError, match="cannot save: its spec declares more than the 4 layers"):
        save(nn.Sequential(nn.ReLU(), nn.ReLU(), nn.ReLU(), nn.ReLU()), tmp_path / "five.npz")


class OwnPairAffine(nn.Layer):
    """a = x ⊙ w + b, (w, b) kept in a tuple ("pair.0", "pair.1")."""

    def __init__(self, n=3):
        self.n = n
        self.pair = (nn.Parameter(np.ones(n, np.float32)), nn.Parameter(np.zeros(n, np.float32)))

    def forward(self, x, training=False):
        return x * self.pair[0].data + self.pair[1].data

    def config(self):
        return {"n": self.n}


def test_a_parameter_tied_into_a_tuple_before_another_loads_tied_and_keeps_the_other(tmp_path):
    model = nn.Sequential(nn.Dense(3, 3, rng=np.random.default_rng(0)), OwnPairAffine(3))
    model[1].pair[1].data[...] = [0.5, -1.0, 2.0]
    model[1].pair = (model[0].bias, model[1].pair[1])
    loaded = load(save(model, tmp_path / "m.npz"))
    assert loaded[1].pair[0] is loaded[0].bias
    np.testing.assert_array_equal(loaded[1].pair[1].data, [0.5, -1.0, 2.0])
    X = np.random.default_rng(1).standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_a_header_number_of_100_digits_is_read_and_one_of_101_is_refused(tmp_path):
    model = nn.Sequential(nn.Dense(2, 1, rng=np.random.default_rng(0)))
    for digits in (100, 101):
        path = with_header(save(model, tmp_path / f"m{digits}.npz"),
                           lambda text: text[:-1] + f', "input_reach": 1{"0" * (digits - 1)}}}')
        if digits == 100:
            assert load(path).input_reach == 1e99
        else:
            with pytest.raises(ValueError, match="a number of 101 digits; a spec's numbers have at most 100"):
                load(path)


def test_an_extra_array_is_named_and_nothing_is_said_missing(tmp_path):
    path = save(nn.Sequential(nn.Dense(2, 1, rng=np.random.default_rng(0))), tmp_path / "m.npz")
    rewrite(path, arrays_in(path) | {"stray": np.zeros(2, np.float32)})
    with pytest.raises(ValueError, match=r"the arrays do not match the model: missing none, unexpected \['stray'\]$"):
        load(path)


def test_an_array_whose_data_ends_before_its_header_says_is_refused(tmp_path):
    # NumPy's shape (2, 3) of float32 announces 24 bytes; 16 arrive: the rest would be whatever
    # the memory held
    model = nn.Sequential(nn.Dense(3, 2, rng=np.random.default_rng(0)))
    path = save(model, tmp_path / "m.npz")
    short = npy_bytes(model[0].weight.data)[:-8]
    rewritten(path, {"0.weight.npy": short})
    with pytest.raises(ValueError, match=r"not a valid neuralab model file: '0\.weight' ends after 16 bytes "
                                         r"of data where its header announces 24$"):
        load(path)


def test_a_member_that_is_no_array_is_named_alone(tmp_path):
    path = rewritten(save(nn.Sequential(nn.ReLU()), tmp_path / "m.npz"), {"readme.txt": b"not an array"})
    with pytest.raises(ValueError, match=r"not a valid neuralab model file: unexpected archive member 'readme\.txt'$"):
        load(path)


@pytest.mark.parametrize("entry, match", [
    ('"input_reach": -1', r"'input_reach' must be a number >= 0, got -1$"),
    ('"input_reach": "3"', r"'input_reach' must be a number >= 0, got 3$"),
    ('"input_reach": true', r"'input_reach' must be a number >= 0, got True$"),
    ('"metrics": "accuracy"', r"'metrics' must be a list of metric names, got accuracy$"),
])
def test_a_header_entry_of_the_wrong_kind_is_refused_by_name(tmp_path, entry, match):
    path = with_header(save(nn.Sequential(nn.Dense(2, 1, rng=np.random.default_rng(0))), tmp_path / "m.npz"),
                       lambda text: text[:-1] + f", {entry}}}")
    with pytest.raises(ValueError, match="not a valid neuralab model file: " + match):
        load(path)


@pytest.mark.parametrize("reach", ["0", "0.5"])
def test_an_input_reach_of_0_or_below_1_loads(tmp_path, reach):
    path = with_header(save(nn.Sequential(nn.Dense(2, 1, rng=np.random.default_rng(0))), tmp_path / "m.npz"),
                       lambda text: text[:-1] + f', "input_reach": {reach}}}')
    assert load(path).input_reach == float(reach)


def test_weights_stored_in_column_major_order_load_with_their_values(tmp_path):
    # np.savez keeps a Fortran-ordered array so (its .npy header says fortran_order: True)
    model = nn.Sequential(nn.Dense(3, 2, rng=np.random.default_rng(0)))
    path = save(model, tmp_path / "m.npz")
    arrays = arrays_in(path)
    rewrite(path, arrays | {"0.weight": np.asfortranarray(arrays["0.weight"])})
    loaded = load(path)
    np.testing.assert_array_equal(loaded[0].weight.data, model[0].weight.data)


def test_a_model_fitted_with_one_metric_by_name_evaluates_it_after_loading(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 2)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.float32)
    model = nn.MLP([2, 1], output="sigmoid", rng=rng)
    model.fit(X, y, loss=nn.BCELoss(), optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
              metrics="accuracy", verbose=0)
    loaded = load(save(model, tmp_path / "m.npz"))
    assert loaded.evaluate(X, y) == model.evaluate(X, y)
    assert "accuracy" in loaded.evaluate(X, y)


class OwnCount(nn.Layer):
    """a = x; ``n`` a setting its config() returns as given."""

    def __init__(self, n=3):
        self.n = n

    def forward(self, x, training=False):
        return x

    def config(self):
        return {"n": self.n}


@pytest.mark.parametrize("n, says", [
    (np.int64(3), r"is (np\.int64\()?3\)? of type int64; make config\(\) return plain Python values, here int\(self\.n\)$"),
    (np.float32(0.5), r"is (np\.float32\()?0\.5\)? of type float32; make config\(\) return plain Python values, "
                      r"here float\(self\.n\)$"),
    (np.arange(2), r"is array\(\[0, 1\]\) of type ndarray; make config\(\) return plain Python values, "
                   r"here self\.n\.tolist\(\)$"),
    (float("nan"), r"is nan of type float; a NaN or inf setting cannot be saved$"),
], ids=["numpy-integer", "numpy-float", "array", "nan"])
def test_a_setting_json_cannot_hold_is_named_by_layer_and_key_with_its_fix(tmp_path, n, says):
    model = nn.Sequential(nn.Dense(3, 3, rng=np.random.default_rng(0)), OwnCount(n))
    with pytest.raises(ValueError, match=r"cannot save: the model's spec is not JSON: .*: layer 1 \(OwnCount\)"
                                         r"\.config\(\)\['n'\] " + says):
        save(model, tmp_path / "m.npz")
    assert not (tmp_path / "m.npz").exists()



def test_a_layer_saved_alone_with_a_setting_json_cannot_hold_is_named_by_its_class(tmp_path):
    with pytest.raises(ValueError, match=r"is not JSON serializable: OwnCount\.config\(\)\['n'\] is "):
        save(OwnCount(np.int64(3)), tmp_path / "m.npz")


def test_an_npy_header_of_exactly_the_most_bytes_is_read_and_one_byte_more_is_refused(tmp_path, monkeypatch):
    file_format = sys.modules["neuralab.io.file_format"]
    path = save(nn.Sequential(nn.Dense(2, 1, rng=np.random.default_rng(0))), tmp_path / "m.npz")
    with zipfile.ZipFile(path) as archive:
        npy = archive.read("0.weight.npy")
    size = int.from_bytes(npy[8:10], "little")   # version 1.0: the header's length in 2 bytes
    monkeypatch.setattr(file_format, "_MAX_NPY_HEADER", size)
    assert load(path)[0].weight.shape == (1, 2)
    monkeypatch.setattr(file_format, "_MAX_NPY_HEADER", size - 1)
    with pytest.raises(ValueError, match=f"has a .npy header of {size} bytes; an array's header has at most {size - 1}"):
        load(path)


def test_column_names_in_a_file_come_back_one_per_input_and_another_count_is_refused(tmp_path):
    model = nn.Sequential(nn.Dense(2, 1, rng=np.random.default_rng(0)))
    fits = with_header(save(model, tmp_path / "fits.npz"), lambda text: text[:-1] + ', "feature_names": ["a", "b"]}')
    assert load(fits).feature_names == ("a", "b")
    extra = with_header(save(model, tmp_path / "extra.npz"),
                        lambda text: text[:-1] + ', "feature_names": ["a", "b", "c"]}')
    with pytest.raises(ValueError, match=r"'feature_names' names 3 columns for a model of 2 inputs$"):
        load(extra)


def test_a_class_named_twice_in_a_file_is_the_one_named(tmp_path):
    model = nn.Sequential(nn.Dense(2, 3, rng=np.random.default_rng(0)))
    path = with_header(save(model, tmp_path / "m.npz"), lambda text: text[:-1] + ', "class_names": ["a", "b", "b"]}')
    with pytest.raises(ValueError, match=r"'class_names' names the class 'b' twice"):
        load(path)


class OwnWindow(nn.Layer):
    """a = x; ``size`` a setting its config() leaves out (a mistake: it loads with the default)."""

    def __init__(self, size=(1, 1)):
        self.size = size

    def forward(self, x, training=False):
        return x

    def config(self):
        return {}


class OwnWindowOrNone(OwnWindow):
    def __init__(self, size=None):
        self.size = size


@pytest.mark.parametrize("layer, default", [(OwnWindow, r"\(1, 1\)"), (OwnWindowOrNone, "None")])
def test_a_tuple_setting_that_config_leaves_out_is_refused_by_name(tmp_path, layer, default):
    with pytest.raises(ValueError, match=rf"cannot save: {layer.__name__}\.size is \(2, 3\), but "
                                         rf"{layer.__name__}\(\*\*config\(\)\) has {default}: the model would load"):
        save(nn.Sequential(nn.Dense(2, 2), layer((2, 3))), tmp_path / "m.npz")
    assert not (tmp_path / "m.npz").exists()


class OwnTable(nn.Layer):
    """a = x; ``table``, a plain array the constructor makes and nothing changes."""

    def __init__(self, kind="nan"):
        self.kind = kind
        self.table = np.full(2, np.nan) if kind == "nan" else np.array(["a", "b"])

    def forward(self, x, training=False):
        return x

    def config(self):
        return {"kind": self.kind}


@pytest.mark.parametrize("kind", ["nan", "text"])
def test_an_array_attribute_as_the_constructor_makes_it_saves_even_with_nan_or_text(tmp_path, kind):
    loaded = load(save(nn.Sequential(nn.Dense(2, 2), OwnTable(kind)), tmp_path / "m.npz"))
    np.testing.assert_array_equal(loaded[1].table, OwnTable(kind).table)


def test_an_exported_linear_says_the_sizes_of_its_dense():
    pytest.importorskip("torch")
    module = to_torch(nn.Sequential(nn.Dense(2, 3, rng=np.random.default_rng(0))))
    assert (module[0].in_features, module[0].out_features) == (2, 3)
    assert "in_features=2, out_features=3" in repr(module)


def test_the_export_module_has_no_attribute_it_does_not_define():
    torch_export = sys.modules["neuralab.io.torch_export"]
    assert not hasattr(torch_export, "TorchDense")
    with pytest.raises(AttributeError, match="has no attribute 'TorchDense'"):
        torch_export.TorchDense



@pytest.mark.parametrize("reach", [float("inf"), float("nan"), -1.0])
def test_a_hand_set_input_reach_that_load_would_refuse_is_named_by_save(tmp_path, reach):
    # an inf was refused by JSON ("Out of range float values are not JSON compliant"), naming nothing
    model = nn.MLP([2, 3, 1], rng=0)
    model.input_reach = reach
    with pytest.raises(ValueError, match=rf"^cannot save: model.input_reach must be a number >= 0, got {reach}$"):
        model.save(tmp_path / "m.npz")
    assert not (tmp_path / "m.npz").exists()
