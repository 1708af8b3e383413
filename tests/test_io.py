"""neuralab.io: the safe save/load format (round trips, and every crafted file refused) and
the PyTorch export (same outputs, same state_dict names)."""
import builtins
import hashlib
import io as stdio
import json
import pickle
import re
import sys
import zipfile

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn, optim
from neuralab.io import TORCH_EXPORTERS, load, save, to_torch
from neuralab.io.load import MAX_DEPTH, MAX_LAYERS, SPEC_KEY
from neuralab.nn.dense import MAX_MODEL_VALUES
from neuralab.nn.placeholders import placeholders
from fresh_python import printed_by_fresh_python

ACTIVATIONS = ["identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
DTYPES = [np.float32, np.float64]


def random_mlp(activation, rng, output=None):
    sizes = [int(n) for n in rng.integers(1, 6, size=rng.integers(2, 5))]
    if output == "softmax":  # over one output it is refused (always 1)
        sizes[-1] = max(sizes[-1], 2)
    model = nn.MLP(sizes, activation=activation, output=output, rng=rng)
    for p in model.parameters():  # non-zero biases too, so a lost bias would show
        p.data[...] = rng.normal(size=p.shape)
    return model, sizes[0]


def spec_bytes(meta):
    return np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)


def small_model():
    return nn.Sequential(nn.Dense(3, 2, rng=np.random.default_rng(0)), nn.Tanh())


def arrays_of(model):
    return {name: p.data for name, p in model.named_parameters()}


def write_npz(path, **arrays):
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    return path


def good_meta(model):
    return {"format": "neuralab", "version": 1, "spec": model.to_spec()}


# -- save / load round trip ----------------------------------------------------------------------

@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("output", [None, "sigmoid", "softmax"])
def test_round_trip_gives_identical_predictions_and_spec(tmp_path, default_dtype, activation, output):
    rng = np.random.default_rng(ACTIVATIONS.index(activation))
    model, n_in = random_mlp(activation, rng, output)
    path = save(model, tmp_path / "model.npz")
    loaded = load(path)
    x = rng.normal(size=(7, n_in)).astype(default_dtype)
    assert loaded.to_spec() == model.to_spec()
    np.testing.assert_array_equal(loaded(x), model(x))
    for (name, p), (name2, q) in zip(model.named_parameters(), loaded.named_parameters(), strict=True):
        assert name == name2 and q.data.dtype == default_dtype and q.grad.shape == q.shape
        np.testing.assert_array_equal(q.data, p.data)
        assert not np.shares_memory(q.data, p.data)


def test_loaded_weights_keep_their_dtype_whatever_the_default(tmp_path, default_dtype):
    other = np.float64 if default_dtype == np.float32 else np.float32
    neuralab.set_default_dtype(other)
    model = nn.MLP([2, 3, 1], rng=np.random.default_rng(1))
    neuralab.set_default_dtype(default_dtype)
    loaded = load(save(model, tmp_path / "m.npz"))
    assert {p.data.dtype for p in loaded.parameters()} == {np.dtype(other)}
    assert all(p.grad.dtype == other for p in loaded.parameters())


def test_leaky_relu_alpha_and_softmax_axis_survive(tmp_path):
    model = nn.Sequential(nn.Dense(2, 3), nn.LeakyReLU(alpha=0.3), nn.Dense(3, 2), nn.Softmax(axis=1))
    loaded = load(save(model, tmp_path / "m.npz"))
    assert loaded.layers[1].alpha == 0.3 and loaded.layers[3].axis == 1


def test_a_single_layer_and_nested_sequentials_round_trip(tmp_path):
    rng = np.random.default_rng(2)
    for model in (nn.Dense(3, 2, bias=False, rng=rng),
                  nn.Sequential(nn.Sequential(nn.Dense(2, 2, rng=rng), nn.ReLU()), nn.Dense(2, 1, rng=rng))):
        loaded = load(save(model, tmp_path / "m.npz"))
        x = rng.normal(size=(4, model.parameters()[0].shape[1])).astype(np.float32)
        assert loaded.to_spec() == model.to_spec()
        np.testing.assert_array_equal(loaded(x), model(x))


def test_save_appends_npz_and_returns_the_path_and_load_finds_it(tmp_path):
    model = small_model()
    path = model.save(tmp_path / "xor")
    assert path == tmp_path / "xor.npz" and path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xor.npz"]  # no temporary file left
    assert load(tmp_path / "xor").to_spec() == model.to_spec()
    assert load(str(path)).to_spec() == model.to_spec()


def test_the_file_is_a_plain_npz_with_spec_and_named_arrays(tmp_path):
    model = small_model()
    with np.load(save(model, tmp_path / "m"), allow_pickle=False) as npz:
        assert sorted(npz.files) == sorted([SPEC_KEY, "0.weight", "0.bias"])
        meta = json.loads(npz[SPEC_KEY].tobytes())
        np.testing.assert_array_equal(npz["0.weight"], model.layers[0].weight.data)
    assert meta == good_meta(model)


def test_save_overwrites_an_existing_file(tmp_path):
    save(nn.Dense(2, 2), tmp_path / "m.npz")
    save(small_model(), tmp_path / "m.npz")
    assert load(tmp_path / "m.npz").to_spec() == small_model().to_spec()


def test_save_refuses_non_finite_weights_and_non_layers(tmp_path):
    model = small_model()
    model.layers[0].bias.data[1] = np.nan
    with pytest.raises(ValueError, match=r"'0\.bias'.*NaN"):
        save(model, tmp_path / "m.npz")
    with pytest.raises(TypeError, match="Layer"):
        save({"weight": np.zeros(2)}, tmp_path / "m.npz")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", [None, 3, b"model.npz"])
def test_a_path_that_is_not_a_path_is_refused_naming_it(path):
    for call in (lambda: save(small_model(), path), lambda: load(path)):
        with pytest.raises(TypeError, match=r"path must be a path \(str or pathlib.Path\), got"):
            call()


def test_saving_into_a_missing_folder_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"cannot save .*model\.npz: there is no folder .*nowhere"):
        save(small_model(), tmp_path / "nowhere" / "model.npz")
    assert not (tmp_path / "nowhere").exists()


def test_loading_does_not_touch_the_random_generator(tmp_path):
    path = save(nn.MLP([4, 8, 2]), tmp_path / "m.npz")
    neuralab.seed(3)
    expected = neuralab.nn.random.default_rng().random(3)
    neuralab.seed(3)
    load(path)
    np.testing.assert_array_equal(neuralab.nn.random.default_rng().random(3), expected)


def test_a_loaded_model_has_no_gradient_until_its_first_backward(tmp_path):
    # load assigned zeros to .grad, which counts as a gradient: a loop that forgot its backward
    # right after loading stepped without the warning
    model = load(save(nn.MLP([4, 8, 2]), tmp_path / "m.npz"))
    assert not any(p.has_grad for p in model.parameters())
    assert all(p.grad.shape == p.data.shape and not p.grad.any() for p in model.parameters())
    with pytest.warns(UserWarning, match="no gradient since zero_grad"):
        neuralab.optim.SGD(model.parameters()).step()


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nothing.npz")


def test_neuralab_load_is_exported_at_top_level(tmp_path):
    if not hasattr(neuralab, "load"):
        pytest.skip("neuralab/__init__.py does not import neuralab.io.load yet")
    assert neuralab.load is load


# -- crafted and corrupt files -------------------------------------------------------------------

class Evil:
    """Unpickling this sets a flag in builtins: proof that code ran."""

    def __reduce__(self):
        return exec, ("import builtins; builtins._neuralab_was_unpickled = True",)


def crafted_files(tmp_path):
    """(name, path, regex of the reason) for every kind of file ``load`` must refuse."""
    model = small_model()
    weights = arrays_of(model)
    meta = good_meta(model)
    cases = []

    def add(name, reason, header=meta, **changes):
        """The good file with the JSON ``header`` (a dict, raw bytes, an array or None for no
        header) and the arrays in ``changes`` (keyed with "_" for ".", None drops one)."""
        if isinstance(header, (dict, list)):
            header = spec_bytes(header)
        elif isinstance(header, bytes):
            header = np.frombuffer(header, np.uint8)
        arrays = {SPEC_KEY: header, **weights, **{k.replace("_", "."): v for k, v in changes.items()}}
        path = write_npz(tmp_path / f"{name}.npz", **{k: v for k, v in arrays.items() if v is not None})
        cases.append((name, path, reason))

    def add_bytes(name, reason, data):
        (tmp_path / name).write_bytes(data)
        cases.append((name, tmp_path / name, reason))

    def add_zip(name, reason, compression=zipfile.ZIP_STORED, damage_at=None, **members):
        """A zip of ``members``; ``damage_at``: flip the byte that far into the first one's
        (compressed) data."""
        buffer = stdio.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=compression) as z:
            for member, data in members.items():
                z.writestr(member, data)
        data = bytearray(buffer.getvalue())
        if damage_at is not None:
            data[30 + len(next(iter(members))) + damage_at] ^= 0xFF  # after the local header
        add_bytes(name, reason, bytes(data))

    # not an archive at all, or a damaged one
    add_bytes("empty", "not an .npz archive", b"")
    add_bytes("random_bytes", "not an .npz archive", np.random.default_rng(0).bytes(300))
    add_bytes("text", "not an .npz archive", b"just some text\n")
    add_bytes("pickle", "not an .npz archive", pickle.dumps(Evil()))
    add_bytes("single_npy", "single .npy", _npy_bytes(np.zeros(3)))
    good = save(model, tmp_path / "good.npz").read_bytes()
    add_bytes("truncated", "truncated or damaged .npz archive", good[: len(good) // 2])
    add_bytes("truncated_tail", "truncated or damaged .npz archive", good[:-30])
    flipped = bytearray(good)
    flipped[good.index(weights["0.weight"].tobytes())] ^= 0xFF  # array data changed: CRC fails
    add_bytes("bad_crc", "damaged archive .*CRC", bytes(flipped))
    add_zip("non_npy_member", "unexpected archive member 'readme.txt'",
            **{f"{SPEC_KEY}.npy": _npy_bytes(spec_bytes(meta)), "readme.txt": "not an array"})
    add_zip("bad_npy_magic", "not a valid .npy", **{f"{SPEC_KEY}.npy": b"PK\x03\x04 garbage"})
    add_zip("bad_npy_header", "not a valid .npy",
            **{f"{SPEC_KEY}.npy": b"\x93NUMPY\x01\x00\x10\x00{'descr': os.}    "})
    # NumPy's header reader raised tokenize.TokenError (an unclosed bracket) and SyntaxError (a
    # dtype of ",f4"), which escaped load as themselves
    add_zip("npy_header_unclosed", "not a valid .npy",
            **{f"{SPEC_KEY}.npy": b"\x93NUMPY\x01\x00\x10\x00{'descr': ((   \n"})
    add_zip("npy_header_comma_dtype", "not a valid .npy", **{f"{SPEC_KEY}.npy": _npy_bytes(
        spec_bytes(meta)).replace(b"'|u1'", b"',u1'")})
    add_zip("npy_version_9", r"unsupported .npy format version \(9, 0\)",
            **{f"{SPEC_KEY}.npy": b"\x93NUMPY\x09\x00 garbage"})
    # bytes after an array's data: NumPy reads what the header announces and ignored the rest
    add_zip("trailing_bytes", r"'0\.weight' holds 32 bytes of data where its header announces 24",
            **{f"{SPEC_KEY}.npy": _npy_bytes(spec_bytes(meta)),
               **{f"{k}.npy": _npy_bytes(v) + (b"\0" * 8 if k == "0.weight" else b"")
                  for k, v in weights.items()}})
    # a dimension below 0, which NumPy's header reader takes: it said the array's 24 bytes were
    # more than its header announces, -24
    add_zip("negative_dimension", r"'0\.weight' has shape \(-2, 3\) in its \.npy header, a dimension below 0",
            **{f"{SPEC_KEY}.npy": _npy_bytes(spec_bytes(meta)),
               **{f"{k}.npy": _npy_bytes(v) for k, v in weights.items()},
               "0.weight.npy": _npy_header_only((-2, 3)) + weights["0.weight"].tobytes()})
    # a damaged compressed member: the decompressor's own error (zlib.error, LZMAError) escaped
    # load as itself, not as a ValueError
    for compression, reason in [(zipfile.ZIP_DEFLATED, r"damaged archive \(error: Error -3"),
                                (zipfile.ZIP_LZMA, r"damaged archive \(LZMAError"),
                                (zipfile.ZIP_BZIP2, r"damaged archive \(OSError")]:
        add_zip(f"damaged_compression_{compression}", reason, compression, damage_at=10,
                **{f"{SPEC_KEY}.npy": _npy_bytes(spec_bytes(meta)),
                   **{f"{k}.npy": _npy_bytes(v) for k, v in weights.items()}})

    # the JSON header
    add("no_spec", "no '__neuralab__'", header=None)
    add("spec_not_uint8", "uint8", header=spec_bytes(meta).astype(np.int32))
    add("spec_2d", "1-D uint8", header=spec_bytes(meta).reshape(1, -1))
    add("spec_object", "Python objects", header=np.array([Evil()], dtype=object))
    add("bad_json", "not valid JSON", header=b"{not json")
    add("bad_utf8", "not valid JSON", header=b"\xff\xfe{}")
    add("nan_in_json", "not valid JSON", header=b'{"format": "neuralab", "version": NaN, "spec": {}}')
    add("deep_json", "not valid JSON", header=b"[" * 100_000 + b"]" * 100_000)
    add("json_list", "format 'neuralab'", header=[1, 2])
    add("wrong_format", "format 'neuralab'", header={**meta, "format": "keras"})
    add("wrong_version", "version 2", header={**meta, "version": 2})
    add("bool_version", "version True", header={**meta, "version": True})
    add("no_version", "version None", header={"format": "neuralab", "spec": meta["spec"]})
    add("extra_header_key", r"unexpected header keys \['code'\]", header={**meta, "code": "print(1)"})
    add("header_without_spec", "the header has no 'spec'", header={"format": "neuralab", "version": 1})
    add("number_too_long", r"not valid JSON .*a number of 5,000 digits",  # not "damaged archive"
        header=json.dumps(meta).replace('"in_features": 3', '"in_features": ' + "3" * 5000).encode())

    # the tied weights
    add("tied_not_a_dict", "'tied' must map", header={**meta, "tied": ["0.weight"]})
    add("tied_to_nothing", "'0.bias': '9.weight' names no parameter",
        header={**meta, "tied": {"0.bias": "9.weight"}})
    add("tied_in_a_circle", "names no parameter",
        header={**meta, "tied": {"0.bias": "0.weight", "0.weight": "0.bias"}})
    add("tied_other_shape", r"shape \(2,\) differs from the shape \(2, 3\) of '0.weight'",
        header={**meta, "tied": {"0.bias": "0.weight"}}, **{"0_bias": None})

    # the layer spec
    for kind in ("os.system", "Layer", "_Secret", "builtins.eval", "Parameter"):
        add(f"unknown_type_{kind}", f"unknown layer type '{kind}'",
            header={**meta, "spec": {"type": "Sequential", "layers": [{"type": kind}]}})
    add("spec_not_dict", "bad spec", header={**meta, "spec": "Sequential"})
    dense = {"type": "Dense", "in_features": 3, "out_features": 2}
    add("bad_arguments", "unexpected keyword argument 'eval'",
        header={**meta, "spec": {**dense, "eval": "1"}})
    add("bad_argument_value", "in_features must be", header={**meta, "spec": {**dense, "in_features": -3}})
    add("bad_init", "unknown init 'os.system'", header={**meta, "spec": {**dense, "init": "os.system"}})
    # refused from the JSON, before anything is built: a file of 1 kB that nested 300 Sequentials
    # around 20,000 ReLUs took a minute to load, one of 600,000 ReLUs 9 s and 350 MB
    too_deep = {"type": "ReLU"}
    for _ in range(MAX_DEPTH + 1):
        too_deep = {"type": "Sequential", "layers": [too_deep]}
    add("nested_too_deep", f"nests layers more than {MAX_DEPTH} deep", header={**meta, "spec": too_deep})
    add("too_many_layers", f"more than the {MAX_LAYERS:,} layers a model file may hold",
        header={**meta, "spec": {"type": "Sequential", "layers": [{"type": "ReLU"}] * MAX_LAYERS}})

    # the arrays
    add("missing_array", r"missing \['0\.bias'\]", **{"0_bias": None})
    add("extra_array", r"unexpected \['1\.weight'\]", **{"1_weight": np.zeros(2)})
    add("wrong_shape", r"'0\.weight' has shape \(3, 2\)", **{"0_weight": weights["0.weight"].T.copy()})
    add("scalar_shape", r"'0\.bias' has shape \(\)", **{"0_bias": np.float32(1)})
    for dtype in ("<i8", "<c16", "<f2", "|b1", "<U1", ">i4"):
        add(f"weights_{dtype}", f"has dtype {np.dtype(dtype)} ", **{"0_weight": np.ones((2, 3), dtype)})
    add("object_weights", "Python objects", **{"0_weight": np.array([[Evil()] * 3] * 2, dtype=object)})
    add("structured_weights", "Python objects", **{"0_weight": np.zeros((2, 3), dtype=[("a", "O")])})
    for value in (np.nan, np.inf, -np.inf):
        bad = weights["0.weight"].copy()
        bad[1, 2] = value
        add(f"weights_{value}", r"'0\.weight' contains NaN or inf", **{"0_weight": bad})

    # the buffers: finite is not enough, each layer's own rule applies (as its constructor's)
    with_buffers = save(nn.Sequential(nn.Dense(3, 2), nn.BatchNorm1d(2), nn.Standardize(2)),
                        tmp_path / "with_buffers.npz")
    with np.load(with_buffers) as npz:
        saved = dict(npz)
    for name, reason, changes in [
            ("std_zero", r"'2\.std': std must be positive", {"2.std": np.array([1.0, 0.0])}),
            ("std_negative", r"'2\.std': std must be positive", {"2.std": np.array([1.0, -2.0])}),
            ("running_var_negative", r"'1\.running_var': running_var must be ≥ 0",
             {"1.running_var": np.array([1.0, -5.0], np.float32)})]:
        cases.append((name, write_npz(tmp_path / f"{name}.npz", **saved | changes), reason))

    # more values in all than a model may hold, from layers of 10,000 x 10,000 weights (the most
    # a Dense layer may hold): refused from the spec before any array is read. Their arrays have
    # a header and no data, so reading one would fail too, but with another reason.
    big = nn.Dense(2, 2, bias=False).to_spec() | {"in_features": 10_000, "out_features": 10_000}
    n_big = MAX_MODEL_VALUES // 10**8 + 1
    too_big = meta | {"spec": {"type": "Sequential", "layers": [big] * n_big}}
    add_zip("too_many_values", f"its spec declares more than {MAX_MODEL_VALUES:,} values in "
            f"parameters and buffers, the most a model file may hold",
            **{f"{SPEC_KEY}.npy": _npy_bytes(spec_bytes(too_big))},
            **{f"{i}.weight.npy": _npy_header_only((10_000, 10_000)) for i in range(n_big)})
    return cases


def test_every_crafted_or_corrupt_file_is_refused_with_a_value_error(tmp_path):
    cases = crafted_files(tmp_path)
    assert len(cases) > 40
    for name, path, reason in cases:
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        with pytest.raises(ValueError, match="not a valid neuralab model file") as err:
            load(path)
        assert str(path) in str(err.value), name
        assert re.search(reason, str(err.value)), f"{name}: {err.value}"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, name
    assert not hasattr(builtins, "_neuralab_was_unpickled")


def test_randomly_damaged_files_load_or_raise_value_error_only(tmp_path):
    model = nn.MLP([3, 4, 2])
    good = save(model, tmp_path / "good.npz").read_bytes()
    rng = np.random.default_rng(0)
    path = tmp_path / "damaged.npz"
    for _ in range(300):
        damaged = bytearray(good)
        for i in rng.integers(len(damaged), size=rng.integers(1, 4)):
            damaged[i] = rng.integers(256)
        path.write_bytes(bytes(damaged[: rng.integers(len(damaged))] if rng.random() < 0.2 else damaged))
        try:
            loaded = load(path)
        except ValueError as err:
            assert "not a valid neuralab model file" in str(err)
        else:  # the damage hit bytes nothing depends on (a timestamp): the model is intact
            assert loaded.to_spec() == model.to_spec()
            for p, q in zip(model.parameters(), loaded.parameters(), strict=True):
                np.testing.assert_array_equal(p.data, q.data)


def test_a_file_cut_short_is_called_truncated_not_something_else(tmp_path):
    # a model file whose copy or download stopped part way was "not an .npz archive (File is not
    # a zip file)", though it starts as one: the zip's table of contents, written last, is missing
    good = save(nn.MLP([3, 4, 2]), tmp_path / "good.npz").read_bytes()
    for cut in (4, 40, len(good) // 2, len(good) - 30, len(good) - 1):
        path = tmp_path / f"cut_{cut}.npz"
        path.write_bytes(good[:cut])
        with pytest.raises(ValueError, match=r"not a valid neuralab model file: a truncated or "
                                             r"damaged \.npz archive.*copied or downloaded only in part"):
            load(path)


def test_a_pickled_object_array_is_refused_without_unpickling(tmp_path):
    model = small_model()
    path = write_npz(tmp_path / "evil.npz", **{SPEC_KEY: spec_bytes(good_meta(model)),
                                                "0.weight": np.array([Evil()], dtype=object),
                                                "0.bias": model.layers[0].bias.data})
    with pytest.raises(ValueError, match=r"'0\.weight' holds Python objects"):
        load(path)
    assert not hasattr(builtins, "_neuralab_was_unpickled")
    # the canary works: unpickling this file the unsafe way would have run the code
    with np.load(path, allow_pickle=True) as npz:
        npz["0.weight"]
    assert builtins._neuralab_was_unpickled
    del builtins._neuralab_was_unpickled


def test_a_failed_load_changes_nothing(tmp_path, default_dtype):
    cases = crafted_files(tmp_path)
    rng_state = neuralab.nn.random.default_rng().bit_generator.state
    registry = dict(neuralab.nn.spec.REGISTRY)
    for _, path, _ in cases:
        with pytest.raises(ValueError):
            load(path)
    assert neuralab.nn.random.default_rng().bit_generator.state == rng_state
    assert neuralab.get_default_dtype() == default_dtype
    assert neuralab.nn.spec.REGISTRY == registry


def test_a_huge_declared_array_is_refused_before_its_data_is_read(tmp_path):
    model = small_model()
    header = {"descr": "<f4", "fortran_order": False, "shape": (10**9, 10**9)}
    npy = stdio.BytesIO()
    np.lib.format.write_array_header_1_0(npy, header)
    path = tmp_path / "huge.npz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{SPEC_KEY}.npy", _npy_bytes(spec_bytes(good_meta(model))))
        z.writestr("0.weight.npy", npy.getvalue())
        z.writestr("0.bias.npy", _npy_bytes(model.layers[0].bias.data))
    with pytest.raises(ValueError, match=r"'0\.weight' has shape \(1000000000, 1000000000\)"):
        load(path)


def _load_in_a_fresh_process(path):
    """(the error ``neuralab.load(path)`` raised, or "loaded"; by how many MB the peak resident
    memory of a new Python process grew during the call).

    The peak is VmHWM, that of the new process image: ``ru_maxrss`` carries over, across exec,
    the peak of this test process (torch and all), below which the child's own peak would hide.
    """
    script = (f"from neuralab import load  # (imports NumPy and the io package, before the peak is read)\n"
              f"def peak():\n"
              f"    status = open('/proc/self/status').read()\n"
              f"    return int(status.split('VmHWM:')[1].split()[0]) // 1024\n"
              f"before = peak()\n"
              f"try:\n    load({str(path)!r})\n    print('loaded')\n"
              f"except ValueError as err:\n    print(err)\n"
              f"print(peak() - before)")
    outcome, peak_mb = printed_by_fresh_python(script)
    return outcome, int(peak_mb)


def test_a_spec_of_huge_layers_in_a_small_file_is_refused_without_taking_memory(tmp_path):
    # 2 layers of 10,000 x 10,000 weights (800 MB in float32, as much as a model may hold)
    # declared in a file of a few kB: building them must not allocate what the file does not hold
    big = nn.Dense(2, 2, bias=False).to_spec() | {"in_features": 10_000, "out_features": 10_000}
    meta = good_meta(small_model()) | {"spec": {"type": "Sequential", "layers": [big] * 2}}
    path = write_npz(tmp_path / "bomb.npz", **{SPEC_KEY: spec_bytes(meta)}, **arrays_of(small_model()))
    assert path.stat().st_size < 5_000
    reason, peak_mb = _load_in_a_fresh_process(path)
    assert "the arrays do not match the model" in reason
    assert peak_mb < 100  # megabytes more than before the call, at the peak


def test_save_refuses_a_model_that_load_would_refuse_as_too_big(tmp_path):
    with placeholders():  # 3 x 400 MB of weights that take no memory
        model = nn.Sequential(*[nn.Dense(10_000, 10_000, bias=False) for _ in range(3)])
    with pytest.raises(ValueError, match=f"cannot save: the model holds 300,000,000 values in "
                                         f"parameters and buffers, more than the {MAX_MODEL_VALUES:,}"):
        save(model, tmp_path / "big")
    assert not list(tmp_path.iterdir())


def test_loading_takes_the_memory_of_the_weights_and_not_of_their_gradients(tmp_path):
    # 61 MiB of zero weights in a compressed file of about 64 kB. The gradients that load gives
    # the parameters are zeros that take no memory until a backward pass writes them, so the
    # peak is about the weights' 61 MiB, not twice that.
    model = nn.Dense(4000, 4000, bias=False, init="zeros")
    path = tmp_path / "zeros.npz"
    np.savez_compressed(path, **{SPEC_KEY: spec_bytes(good_meta(model))}, **arrays_of(model))
    assert path.stat().st_size < 1_000_000
    outcome, peak_mb = _load_in_a_fresh_process(path)
    assert outcome == "loaded"
    assert 61 <= peak_mb < 96  # MiB more than before the call, at the peak
    grad = load(path).weight.grad
    assert grad.shape == (4000, 4000) and grad.dtype == np.float32 and not grad.any()


def test_a_model_with_an_init_function_of_its_own_saves_and_loads(tmp_path):
    def my_init(shape, rng=None):
        return np.full(shape, 0.25, np.float32)

    model = nn.Sequential(nn.Dense(3, 2, init=my_init), nn.Tanh(), nn.Dense(2, 1, init=nn.init.he_normal))
    assert [layer.init for layer in model.layers[::2]] == ["custom", "he_normal"]
    loaded = load(save(model, tmp_path / "own_init"))
    X = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert loaded.to_spec() == model.to_spec()
    # the spec alone cannot rebuild it: the function is not in it
    with pytest.raises(ValueError, match="load the saved model"):
        nn.Layer.from_spec(model.to_spec())


def _npy_bytes(array):
    buffer = stdio.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def _npy_header_only(shape, dtype="<f4"):
    """The .npy bytes of an array of ``shape`` whose data is missing: a header costs no memory."""
    buffer = stdio.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def test_big_endian_weights_load_as_native_floats(tmp_path):
    model = small_model()
    weights = {name: value.astype(value.dtype.newbyteorder(">")) for name, value in arrays_of(model).items()}
    loaded = load(write_npz(tmp_path / "be.npz", **{SPEC_KEY: spec_bytes(good_meta(model))}, **weights))
    for p, q in zip(model.parameters(), loaded.parameters(), strict=True):
        assert q.data.dtype == np.float32 and q.data.dtype.isnative
        np.testing.assert_array_equal(q.data, p.data)


def test_a_compressed_npz_loads_too(tmp_path):
    model = small_model()
    path = tmp_path / "c.npz"
    np.savez_compressed(path, **{SPEC_KEY: spec_bytes(good_meta(model))}, **arrays_of(model))
    x = np.ones((2, 3), np.float32)
    np.testing.assert_array_equal(load(path)(x), model(x))


# -- PyTorch export ------------------------------------------------------------------------------

@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("output", [None, "sigmoid", "softmax", "step"])
def test_to_torch_computes_the_same_function(default_dtype, activation, output):
    rng = np.random.default_rng(10 + ACTIVATIONS.index(activation))
    model, n_in = random_mlp(activation, rng, output)
    module = to_torch(model)
    x = rng.normal(size=(16, n_in)).astype(default_dtype)
    with torch.no_grad():
        out = module(torch.from_numpy(x)).numpy()
    assert out.dtype == default_dtype and not module.training
    tol = 1e-6 if default_dtype == np.float32 else 1e-13
    np.testing.assert_allclose(out, model(x), rtol=tol, atol=tol)


def test_to_torch_state_dict_names_and_values_are_neuralab_names_and_values(default_dtype):
    model = nn.Sequential(nn.Dense(3, 4), nn.LeakyReLU(0.2),
                          nn.Sequential(nn.Dense(4, 4, bias=False), nn.Tanh()), nn.Dense(4, 2), nn.Softmax())
    state = to_torch(model).state_dict()
    params = dict(model.named_parameters())
    assert list(state) == list(params) == ["0.weight", "0.bias", "2.0.weight", "3.weight", "3.bias"]
    for name, tensor in state.items():
        assert tensor.dtype == torch.from_numpy(params[name].data).dtype
        np.testing.assert_array_equal(tensor.numpy(), params[name].data)


def test_to_torch_copies_the_weights():
    model = small_model()
    module = to_torch(model)
    model.layers[0].weight.data[...] = 0
    assert module[0].weight.abs().sum() > 0


def test_to_torch_maps_each_layer_to_its_torch_equivalent():
    module = to_torch(nn.Sequential(nn.Dense(2, 2), nn.LeakyReLU(alpha=0.3), nn.Softmax(axis=0), nn.Step()))
    assert isinstance(module, torch.nn.Sequential)
    assert isinstance(module[1], torch.nn.LeakyReLU) and module[1].negative_slope == 0.3
    assert isinstance(module[2], torch.nn.Softmax) and module[2].dim == 0
    z = torch.tensor([[-1.0, 0.0, 2.0]], dtype=torch.float64)
    assert module[3](z).tolist() == [[0.0, 1.0, 1.0]] and module[3](z).dtype == torch.float64


def test_to_torch_names_a_layer_it_cannot_export():
    with pytest.raises(ValueError, match="no PyTorch equivalent for layer Activation"):
        to_torch(nn.Sequential(nn.Dense(2, 2), nn.Activation()))


def test_to_torch_table_can_be_extended(monkeypatch):
    monkeypatch.setitem(TORCH_EXPORTERS, nn.Activation, lambda layer, torch: torch.nn.Identity())
    module = to_torch(nn.Sequential(nn.Dense(2, 2), nn.Activation()))
    assert isinstance(module[1], torch.nn.Identity)


# -- audit ---------------------------------------------------------------------------------------

def test_saving_to_a_folder_is_refused_naming_the_folder(tmp_path, monkeypatch):
    # "runs/" wrote runs.npz next to the folder; a folder called model.npz gave an error that
    # named the hidden temporary file
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    (tmp_path / "model.npz").mkdir()
    for target in ("runs/", "runs", tmp_path / "runs", "model.npz", "model"):
        with pytest.raises(IsADirectoryError, match=r"cannot save .*(runs|model\.npz).* is a folder"
                                                     r".*file name such as") as err:
            save(small_model(), target)
        assert ".tmp" not in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz", "runs"]
    assert not any((tmp_path / "runs").iterdir()) and not any((tmp_path / "model.npz").iterdir())
    assert (tmp_path / save(small_model(), "runs/model")) == tmp_path / "runs" / "model.npz"


def test_a_home_relative_path_is_expanded_and_a_folder_there_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "runs").mkdir()
    for target in ("~/runs", "~"):
        with pytest.raises(IsADirectoryError, match="is a folder"):
            save(small_model(), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs"] and not (tmp_path.parent / f"{tmp_path.name}.npz").exists()
    assert save(small_model(), "~/runs/m") == tmp_path / "runs" / "m.npz"
    assert isinstance(load("~/runs/m"), nn.Sequential)


def test_a_model_saved_after_training_restores_the_optimizer_views_values(tmp_path):
    # the optimizer's first step makes every p.data a view of one flat array: what is saved is
    # each parameter's own values, contiguous and in its shape, and training on does not reach
    # the file
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((32, 2)), rng.integers(0, 2, 32)
    model = nn.MLP([2, 5, 3, 1], output="sigmoid", batchnorm=True, dropout=0.1, rng=rng)
    opt = optim.Adam(model.parameters(), lr=0.05)
    model.fit(X, y, loss="bce", optimizer=opt, epochs=2, verbose=0)
    path = save(model, tmp_path / "trained")
    saved = {name: p.data.copy() for name, p in model.named_parameters()}
    with np.load(path, allow_pickle=False) as npz:
        for name, value in saved.items():
            np.testing.assert_array_equal(npz[name], value)
            assert npz[name].flags.c_contiguous
    model.fit(X, y, loss="bce", optimizer=opt, epochs=1, verbose=0)
    loaded = load(path)
    for name, p in loaded.named_parameters():
        np.testing.assert_array_equal(p.data, saved[name])
        assert not p.grad.any()
    loaded.fit(X, y, loss="bce", optimizer=optim.Adam(loaded.parameters(), lr=0.05),
               epochs=1, verbose=0)


def test_file_names_with_spaces_and_unicode_round_trip(tmp_path):
    model = small_model()
    path = save(model, tmp_path / "mödèl ✓ 1")
    assert path.name == "mödèl ✓ 1.npz"
    assert load(tmp_path / "mödèl ✓ 1").to_spec() == model.to_spec()


def test_every_layer_type_round_trips_with_its_arguments_buffers_and_dtype(tmp_path, default_dtype):
    rng = np.random.default_rng(9)
    model = nn.Sequential(
        nn.Standardize(3, mean=rng.standard_normal(3), std=np.exp(rng.standard_normal(3))),
        nn.Dense(3, 4, init="he_normal", rng=rng), nn.BatchNorm1d(4, eps=1e-3, momentum=0.3),
        nn.LeakyReLU(alpha=0.25), nn.Dropout(0.3),
        nn.Sequential(nn.Dense(4, 4, bias=False, init="glorot_uniform", rng=rng), nn.Tanh(),
                      nn.Sequential(nn.Identity(), nn.Sigmoid())),
        nn.Dense(4, 3, init="torch_default", rng=rng), nn.Step(), nn.ReLU(), nn.Softmax(axis=1))
    X = rng.standard_normal((8, 3)).astype(default_dtype)
    # targets within the softmax's [0, 1] (fit refuses others under MSE: train/output_range.py)
    model.fit(X, rng.random((8, 3)), loss="mse", optimizer="sgd", epochs=1, verbose=0)
    loaded = load(save(model, tmp_path / "all"))
    assert loaded.to_spec() == model.to_spec() and repr(loaded) == repr(model)
    for (name, a), (name2, b) in zip(list(model.named_buffers()), list(loaded.named_buffers()), strict=True):
        assert name == name2 and a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_a_file_from_a_newer_format_or_with_extra_arrays_is_refused_clearly(tmp_path):
    model = small_model()
    newer = write_npz(tmp_path / "v2.npz", **{SPEC_KEY: spec_bytes(good_meta(model) | {"version": 2})},
                      **arrays_of(model))
    with pytest.raises(ValueError, match=r"format version 2 .*newer neuralab.*reads version 1"):
        load(newer)
    extra = write_npz(tmp_path / "extra.npz", **{SPEC_KEY: spec_bytes(good_meta(model))},
                      **arrays_of(model), optimizer_state=np.zeros(3))
    with pytest.raises(ValueError, match=r"unexpected \['optimizer_state'\]"):
        load(extra)


@pytest.mark.parametrize("export_dtype", DTYPES)
def test_to_torch_gradients_equal_neuralab_backward(export_dtype):
    """The exported module is the same function: same output, and autograd's gradients with
    respect to the input and every parameter equal neuralab's backward (checked in float64)."""
    before = neuralab.get_default_dtype()
    neuralab.set_default_dtype(export_dtype)
    try:
        rng = np.random.default_rng(11)
        model = nn.Sequential(
            nn.Standardize(3, mean=[1.0, -2.0, 0.5], std=[2.0, 0.5, 3.0]),
            nn.Sequential(nn.Dense(3, 6, rng=rng), nn.LeakyReLU(0.1)), nn.Dense(6, 5, rng=rng),
            nn.BatchNorm1d(5), nn.Tanh(), nn.Dropout(0.4), nn.Dense(5, 4, rng=rng), nn.Softmax())
        for p in model.parameters():
            p.data[...] = rng.standard_normal(p.shape)
        model.fit(rng.standard_normal((16, 3)), rng.random((16, 4)), loss="mse",
                  optimizer="sgd", epochs=1, verbose=0)  # running statistics away from 0 and 1
        module = to_torch(model)
        assert not any(m.training for m in module.modules())
        X, upstream = rng.standard_normal((7, 3)).astype(export_dtype), rng.standard_normal((7, 4))
        x = torch.from_numpy(X.copy()).requires_grad_(True)
        out = module(x)
        (out * torch.from_numpy(upstream.astype(export_dtype))).sum().backward()
        model.zero_grad()
        a = model.forward(X)
        with pytest.warns(nn.EvaluationPassWarning):  # the evaluation pass, as torch's eval() module
            grad_x = model.backward(upstream.astype(export_dtype))
        tol = 1e-5 if export_dtype == np.float32 else 1e-12
        np.testing.assert_allclose(out.detach().numpy(), a, rtol=tol, atol=tol)
        np.testing.assert_allclose(x.grad.numpy(), grad_x, rtol=tol, atol=tol)
        for (name, p), (torch_name, q) in zip(model.named_parameters(), module.named_parameters(),
                                              strict=True):
            assert name == torch_name and q.grad.dtype == torch.from_numpy(p.grad).dtype
            np.testing.assert_allclose(q.grad.numpy(), p.grad, rtol=tol, atol=tol)
    finally:
        neuralab.set_default_dtype(before)


def test_plane_features_round_trip_and_export_to_torch_with_equal_outputs_and_gradients(tmp_path, default_dtype):
    # the playground's downloaded model: a CSV's standardisation, then the features of its points
    rng = np.random.default_rng(12)
    names = ["x2^2", "sin(x1)", "x1*x2", "x1", "sin(x2)", "x2", "x1^2"]
    model = nn.Sequential(nn.Standardize(2, mean=[0.5, -1.0], std=[2.0, 0.25]), nn.PlaneFeatures(names),
                          nn.Dense(7, 3, rng=rng), nn.Tanh(), nn.Dense(3, 2, rng=rng))
    X, upstream = rng.standard_normal((9, 2)).astype(default_dtype), rng.standard_normal((9, 2)).astype(default_dtype)
    loaded = load(save(model, tmp_path / "plane"))
    assert loaded.to_spec() == model.to_spec() and loaded.layers[1].names == names
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    module = to_torch(loaded)
    x = torch.from_numpy(X.copy()).requires_grad_(True)
    out = module(x)
    (out * torch.from_numpy(upstream)).sum().backward()
    a = loaded.forward(X)
    grad_x = loaded.backward(upstream)
    tol = 1e-5 if default_dtype == np.float32 else 1e-12
    assert out.dtype == torch.from_numpy(X).dtype
    np.testing.assert_allclose(out.detach().numpy(), a, rtol=tol, atol=tol)
    np.testing.assert_allclose(x.grad.numpy(), grad_x, rtol=tol, atol=tol)
    assert repr(module[1]) == f"TorchPlaneFeatures(names={names!r})"


def tied_model():
    first, second = nn.Dense(3, 3), nn.Dense(3, 3)
    second.weight = first.weight
    return nn.Sequential(first, nn.ReLU(), second, nn.Sequential(nn.Tanh(), nn.Dense(3, 3)))


def test_tied_weights_are_saved_once_and_loaded_tied(tmp_path):
    model = tied_model()
    model.layers[3].layers[1].weight = model.layers[0].weight  # inside a nested Sequential too
    path = save(model, tmp_path / "tied.npz")
    with np.load(path) as npz:
        assert sorted(npz.files) == sorted([SPEC_KEY, "0.weight", "0.bias", "2.bias", "3.1.bias"])
        tied = json.loads(npz[SPEC_KEY].tobytes())["tied"]
    assert tied == {"2.weight": "0.weight", "3.1.weight": "0.weight"}
    loaded = load(path)
    assert loaded.layers[2].weight is loaded.layers[0].weight is loaded.layers[3].layers[1].weight
    x = np.random.default_rng(0).standard_normal((5, 3))
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    with np.load(save(nn.MLP([2, 3, 1]), tmp_path / "untied.npz")) as npz:
        assert "tied" not in json.loads(npz[SPEC_KEY].tobytes())


def test_to_torch_keeps_tied_weights_tied():
    model = tied_model()
    module = to_torch(model)
    assert module[2].weight is module[0].weight
    assert [n for n, _ in module.named_parameters()] == [n for n, _ in model.named_parameters()]
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_allclose(module(torch.from_numpy(x)).detach().numpy(), model.predict(x), rtol=1e-6)


def test_a_model_at_the_limits_round_trips_and_save_refuses_one_past_them(tmp_path):
    deepest = nn.Dense(2, 2)
    for _ in range(MAX_DEPTH):
        deepest = nn.Sequential(deepest)
    loaded = load(save(deepest, tmp_path / "deep"))
    assert loaded.to_spec() == deepest.to_spec()
    with pytest.raises(ValueError, match=f"cannot save: its spec nests layers more than {MAX_DEPTH} deep"):
        save(nn.Sequential(deepest), tmp_path / "deeper")
    with pytest.raises(ValueError, match=f"cannot save: its spec declares more than the {MAX_LAYERS:,} layers"):
        save(nn.Sequential(*[nn.ReLU() for _ in range(MAX_LAYERS)]), tmp_path / "long")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep.npz"]


def test_a_spec_of_too_many_values_is_refused_as_soon_as_the_layers_built_pass_the_limit(tmp_path):
    # 160,000 Dense(300, 300) in a 25 kB file were all built, placeholders and all (14 s, 1.8 GB),
    # before the total was checked. The layer after the third 10,000 x 10,000 one is invalid: it
    # is never built, so the refusal names the values, not it.
    big = {"type": "Dense", "in_features": 10_000, "out_features": 10_000, "bias": False}
    bad = {"type": "Dense", "in_features": -3, "out_features": 2}
    spec = {"type": "Sequential", "layers": [big] * (MAX_MODEL_VALUES // 10**8 + 1) + [bad]}
    path = write_npz(tmp_path / "bomb.npz", **{SPEC_KEY: spec_bytes(good_meta(small_model()) | {"spec": spec})})
    with pytest.raises(ValueError, match=f"its spec declares more than {MAX_MODEL_VALUES:,} values"):
        load(path)


def test_save_refuses_what_load_would_refuse_and_writes_nothing(tmp_path):
    # a std of 0 (a constant feature) set by hand, and statistics of another layer's width: save
    # wrote both, and load refused them. An assignment is refused at once now (BufferSlot, see
    # test_nn_buffers.py); what gets past it, a write into the array or into the instance's
    # dictionary, is refused by save.
    X = np.array([[1.0, 5.0], [3.0, 5.0], [2.0, 5.0]])
    standardize = nn.Standardize(2)
    standardize.std[...] = X.std(0)
    with pytest.raises(ValueError, match=r"cannot save: '0\.std': std must be positive"):
        save(nn.Sequential(standardize, nn.Dense(2, 1)), tmp_path / "std")
    batchnorm = nn.BatchNorm1d(3)
    vars(batchnorm)["running_mean"] = np.zeros(4, np.float32)
    with pytest.raises(ValueError, match=r"cannot save: '1\.running_mean' has shape \(4,\), the model "
                                         r"expects \(3,\)"):
        save(nn.Sequential(nn.Dense(2, 3), batchnorm), tmp_path / "bn")
    batchnorm = nn.BatchNorm1d(2)
    vars(batchnorm)["running_var"] = np.ones(2, np.int64)  # (a parameter's data is always cast to floats)
    with pytest.raises(ValueError, match=r"cannot save: '0\.running_var' has dtype int64"):
        save(nn.Sequential(batchnorm), tmp_path / "int")
    assert list(tmp_path.iterdir()) == []


def _define_in_a_notebook(source, namespace):
    """Run ``source`` as a notebook cell does: in the namespace of module __main__."""
    exec(source, namespace)


def test_a_class_of_your_own_cannot_take_a_built_in_layer_name(tmp_path, monkeypatch):
    # a student's own (unfinished) ReLU replaced the built-in in the registry: every later load
    # rebuilt the ReLUs of any file with it
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))
    path = save(nn.Sequential(nn.Dense(2, 2), nn.ReLU()), tmp_path / "m")
    cell = {"__name__": "__main__", "nn": nn, "np": np}
    _define_in_a_notebook("class ReLU(nn.Layer):\n"
                          "    def forward(self, x, training=False):\n"
                          "        return np.zeros_like(x)\n", cell)
    assert type(load(path)[1]) is nn.ReLU
    assert type(nn.Layer.from_spec({"type": "ReLU"})) is nn.ReLU
    with pytest.raises(ValueError, match=r"cannot save: __main__\.ReLU would load as "
                                         r"neuralab\.nn\.activations\.ReLU.*give your class another name"):
        save(nn.Sequential(nn.Dense(2, 2), cell["ReLU"]()), tmp_path / "own")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


def test_a_class_whose_name_another_module_holds_is_named_even_when_it_cannot_be_rebuilt(tmp_path, monkeypatch):
    # a test module's own Scale(n, bug), imported first, held the name: saving a notebook's
    # Scale(factor) failed with "bad spec: ... Scale.__init__() got an unexpected keyword argument
    # 'factor'", the holder's constructor, which named no cause
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))
    first = {"__name__": "lesson_one", "nn": nn}
    _define_in_a_notebook("class Scale(nn.Layer):\n"
                          "    def __init__(self, n, bug=None):\n"
                          "        self.n = n\n"
                          "    def forward(self, x, training=False):\n"
                          "        return x\n"
                          "    def config(self):\n"
                          "        return {'n': self.n}\n", first)
    cell = {"__name__": "__main__", "nn": nn}
    _define_in_a_notebook("class Scale(nn.Layer):\n"
                          "    def __init__(self, factor):\n"
                          "        self.factor = factor\n"
                          "    def forward(self, x, training=False):\n"
                          "        return x * self.factor\n"
                          "    def config(self):\n"
                          "        return {'factor': self.factor}\n", cell)
    with pytest.raises(ValueError, match=r"^cannot save: __main__\.Scale would load as lesson_one\.Scale, "
                                         r"the layer type that holds the name 'Scale': give your class another name$"):
        save(nn.Sequential(nn.Dense(2, 2), cell["Scale"](3.0)), tmp_path / "m")
    assert list(tmp_path.iterdir()) == []


def test_a_notebook_cell_run_again_redefines_its_layer(tmp_path, monkeypatch):
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))
    cell = {"__name__": "__main__", "nn": nn}
    source = ("class Scale(nn.Layer):\n"
              "    def __init__(self, factor):\n"
              "        self.factor = factor\n"
              "    def forward(self, x, training=False):\n"
              "        return x * self.factor * {version}\n"
              "    def config(self):\n"
              "        return {{'factor': self.factor}}\n")
    _define_in_a_notebook(source.format(version=1), cell)
    model = nn.Sequential(nn.Dense(2, 2), cell["Scale"](3.0))
    _define_in_a_notebook(source.format(version=-1), cell)  # the cell, edited and run again
    loaded = load(save(model, tmp_path / "m"))  # a model made with the first definition saves
    assert type(loaded[1]) is cell["Scale"] and loaded[1].factor == 3.0  # and loads with the newest
    x = np.ones((1, 2), np.float32)
    np.testing.assert_array_equal(loaded(x), -model(x))


def test_loading_works_in_proportion_to_the_number_of_layers(tmp_path, monkeypatch):
    # each buffer's layer was looked up from the top of the model, listing a Sequential's layers
    # again for every array: 3,000 BatchNorm1d layers took 20 s to load, 10,000 would take minutes
    listing = nn.Layer._children

    def layers_listed(n):
        path = save(nn.Sequential(*[nn.BatchNorm1d(1) for _ in range(n)]), tmp_path / f"{n}.npz")
        listed = []

        def counted(self):
            for child in listing(self):
                listed.append(child)
                yield child

        with monkeypatch.context() as patch:
            patch.setattr(nn.Layer, "_children", counted)
            load(path)
        return len(listed)

    assert layers_listed(200) < 2.5 * layers_listed(100)


def test_a_layer_class_of_your_own_must_be_defined_before_load_and_give_its_arguments(tmp_path, monkeypatch):
    # in a fresh process, load said only "unknown layer type 'Scale'"; save of a class without
    # config() said only "missing 1 required positional argument: 'n'"
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))
    cell = {"__name__": "__main__", "nn": nn, "np": np}
    _define_in_a_notebook("class Scale(nn.Layer):\n"
                          "    def __init__(self, n):\n"
                          "        self.n, self.s = n, nn.Parameter(np.ones(n, np.float32))\n"
                          "    def config(self):\n"
                          "        return {'n': self.n}\n"
                          "class NoConfig(nn.Layer):\n"
                          "    def __init__(self, n):\n"
                          "        self.n = n\n", cell)
    path = save(nn.Sequential(nn.Dense(2, 3), cell["Scale"](3)), tmp_path / "m")
    del neuralab.nn.spec.REGISTRY["Scale"]  # as in a new process, before the class is defined
    # the file is sound: not "not a valid neuralab model file: bad spec", nor class Scale(nn.Layer)
    # for what may be an nn.Activation of your own
    with pytest.raises(ValueError, match=r"m.npz: unknown layer type 'Scale', not defined in this session: "
                                         r"a layer class of your own is defined \(or imported\) before "
                                         r"neuralab.load, with the name, constructor and config\(\) it had"):
        load(path)
    with pytest.raises(ValueError, match=r"cannot save: .*missing 1 required positional argument: 'n' \("
                                         r"a layer is rebuilt as NoConfig\(\*\*config\(\)\): its config\(\) "
                                         r"must return the arguments of its constructor\)"):
        save(nn.Sequential(cell["NoConfig"](3)), tmp_path / "own")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


# -- to_torch: pickling, Step's gradient, torch's random state, subclasses, wrong input ----------

def test_an_exported_model_saves_with_torch_and_loads_in_a_fresh_process(tmp_path, float64):
    # torch.save said "Can't pickle local object '_standardize_module.<locals>.Standardize'":
    # pickle finds a class by module and name, in a process that has exported nothing too
    rng = np.random.default_rng(20)
    model = nn.Sequential(nn.Standardize(2, mean=[1.0, -1.0], std=[2.0, 0.5]),
                          nn.PlaneFeatures(["x1", "sin(x2)", "x1*x2"]),
                          nn.Dense(3, 3, rng=rng), nn.Step(), nn.Dense(3, 1, rng=rng))
    x = rng.standard_normal((6, 2))
    torch.save(to_torch(model), tmp_path / "model.pt")
    np.save(tmp_path / "x.npy", x)
    script = ("import sys, numpy, neuralab\n"
              "assert 'torch' not in sys.modules, 'import neuralab imported torch'\n"
              "import torch\n"
              f"module = torch.load({str(tmp_path / 'model.pt')!r}, weights_only=False)\n"
              f"x = torch.from_numpy(numpy.load({str(tmp_path / 'x.npy')!r}))\n"
              f"numpy.save({str(tmp_path / 'out.npy')!r}, module(x).detach().numpy())\n")
    printed_by_fresh_python(script)
    out = np.load(tmp_path / "out.npy")
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, model.predict(x), rtol=1e-12, atol=1e-12)


@pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:DeprecationWarning")
def test_to_torch_step_gives_the_zero_gradients_of_neuralab_backward(float64):
    # backward raised "element 0 of tensors does not require grad": z >= 0 cut the graph
    rng = np.random.default_rng(21)
    model = nn.Sequential(nn.Dense(3, 4, rng=rng), nn.Step(), nn.Dense(4, 2, rng=rng))
    X, upstream = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    model.zero_grad()
    a = model.forward(X)
    grad_x = model.backward(upstream)
    assert not grad_x.any() and not model.layers[0].weight.grad.any()  # f'(z) = 0 for Step
    module = to_torch(model)
    for exported in (module, torch.jit.script(module)):
        exported.zero_grad()
        x = torch.from_numpy(X.copy()).requires_grad_(True)
        out = exported(x)
        (out * torch.from_numpy(upstream)).sum().backward()
        np.testing.assert_allclose(out.detach().numpy(), a, rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(x.grad.numpy(), grad_x)
        for (name, p), (torch_name, q) in zip(model.named_parameters(), exported.named_parameters(),
                                              strict=True):
            assert name == torch_name and q.grad is not None, name
            np.testing.assert_allclose(q.grad.numpy(), p.grad, rtol=1e-12, atol=1e-12)
    z = np.array([-np.inf, -1.0, -0.0, 0.0, 2.0, np.inf, np.nan])  # what 0·z must not spoil
    np.testing.assert_array_equal(module[1](torch.from_numpy(z)).numpy(), nn.Step()(z))


def test_every_exported_layer_goes_through_torch_export(float64):
    # torch.export is how a torch model is deployed now (torch.jit.script is deprecated): the
    # classes of this library's own (TorchStep, TorchStandardize, TorchPlaneFeatures, whose
    # forward loops over its feature names) trace into the same function
    rng = np.random.default_rng(22)
    points = rng.standard_normal((40, 2)) * 3
    model = nn.Sequential(
        nn.Standardize(2, points.mean(axis=0), points.std(axis=0)), nn.PlaneFeatures(["x1", "x2", "x1*x2", "sin(x2)"]),
        nn.Dense(4, 6, rng=rng), nn.BatchNorm1d(6), nn.LeakyReLU(0.1), nn.Dropout(0.3), nn.Dense(6, 5, rng=rng),
        nn.Tanh(), nn.Dense(5, 4, rng=rng), nn.Step(), nn.Dense(4, 3, rng=rng), nn.Sigmoid(), nn.Identity(),
        nn.Dense(3, 3, rng=rng), nn.ReLU(), nn.Softmax())
    model.fit(points, rng.integers(0, 3, 40), loss="cross_entropy", optimizer="adam", epochs=2, verbose=0)
    exported = torch.export.export(to_torch(model), (torch.from_numpy(points[:8]),),
                                   dynamic_shapes=({0: torch.export.Dim("batch")},)).module()
    np.testing.assert_allclose(exported(torch.from_numpy(points)).detach().numpy(), model.predict(points),
                               rtol=1e-12, atol=1e-12)


def test_to_torch_leaves_torch_random_generator_as_it_was():
    # each torch.nn.Linear drew its initial weights from it before they were replaced
    torch.manual_seed(0)
    expected = torch.rand(3, dtype=torch.float64)
    torch.manual_seed(0)
    to_torch(nn.MLP([3, 4, 2], batchnorm=True, dropout=0.5))
    np.testing.assert_array_equal(torch.rand(3, dtype=torch.float64).numpy(), expected.numpy())


def test_to_torch_exports_a_sequential_of_your_own_as_a_sequential_as_save_does(tmp_path, float64,
                                                                                monkeypatch):
    # it said "no PyTorch equivalent for layer Net", though save writes it as a Sequential
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))

    class Net(nn.Sequential):
        pass

    class OwnDense(nn.Dense):  # may compute something else: it needs an entry of its own
        pass

    rng = np.random.default_rng(22)
    model = Net(nn.Dense(3, 3, rng=rng), nn.Tanh(), Net(nn.Dense(3, 2, rng=rng)))
    module = to_torch(model)
    assert type(module) is type(module[2]) is torch.nn.Sequential
    x = rng.standard_normal((4, 3))
    np.testing.assert_allclose(module(torch.from_numpy(x)).detach().numpy(), model.predict(x),
                               rtol=1e-12, atol=1e-12)
    assert type(load(save(model, tmp_path / "net"))) is nn.Sequential
    with pytest.raises(ValueError, match="no PyTorch equivalent for layer OwnDense"):
        to_torch(Net(OwnDense(3, 3)))


@pytest.mark.parametrize("model", ["hello", None, torch.nn.Linear(2, 2)], ids=["str", "None", "torch"])
def test_to_torch_refuses_what_is_not_a_neuralab_layer_as_save_does(tmp_path, model):
    # it said "no PyTorch equivalent for layer str", a ValueError
    name = type(model).__name__
    with pytest.raises(TypeError, match=f"^to_torch expects a neuralab Layer or Sequential, got {name}$"):
        to_torch(model)
    with pytest.raises(TypeError, match=f"^save expects a neuralab Layer or Sequential, got {name}$"):
        save(model, tmp_path / "m")


def test_loading_a_torch_checkpoint_says_so_without_unpickling_it(tmp_path):
    # it said only "unexpected archive member 't/data.pkl'"
    path = tmp_path / "t.pt"
    torch.save({"model": to_torch(small_model()), "evil": Evil()}, path)
    with pytest.raises(ValueError, match=r"t\.pt: not a valid neuralab model file: unexpected archive "
                                         r"member 't/data\.pkl'; it looks like a PyTorch checkpoint "
                                         r"\(torch\.save\), which neuralab does not read \(it never "
                                         r"unpickles\): load it with torch\.load, or save the neuralab "
                                         r"model with model\.save\(path\)$"):   # there is no neuralab.save
        load(path)
    assert not hasattr(builtins, "_neuralab_was_unpickled")


class ListedAffine(nn.Layer):
    """a = x ⊙ w + b with its parameters in a list ("params.0", "params.1")."""

    def __init__(self, n=3):
        self.n = n
        self.params = [nn.Parameter(np.linspace(0.5, 1.5, n)), nn.Parameter(np.zeros(n))]

    def forward(self, x, training=False):
        self.x = x
        return x * self.params[0].data + self.params[1].data

    def backward(self, grad_out):
        self.params[0].grad += (grad_out * self.x).sum(axis=0)
        self.params[1].grad += grad_out.sum(axis=0)
        return grad_out * self.params[0].data

    def config(self):
        return {"n": self.n}


def test_a_tied_parameter_kept_in_a_list_saves_and_loads_tied(tmp_path, float64):
    # save failed with a bare KeyError: '1.params', taking "1.params" for a layer's path
    model = nn.Sequential(nn.Dense(3, 3), ListedAffine(3), nn.Tanh())
    model[1].params[1] = model[0].bias
    loaded = load(save(model, tmp_path / "m.npz"))
    assert loaded[1].params[1] is loaded[0].bias
    X = np.random.default_rng(0).standard_normal((4, 3))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


class HeScaled(nn.Layer):
    """a = x ⊙ w, w drawn in __init__ by calling nn.init.he_normal itself, as a layer of your own may."""

    def __init__(self, n=3):
        self.n = n
        self.w = nn.Parameter(nn.init.he_normal((n,)))

    def forward(self, x, training=False):
        return x * self.w.data

    def config(self):
        return {"n": self.n}


def test_a_layer_of_your_own_that_calls_an_initialiser_loads_without_drawing(tmp_path):
    # nn.init.he_normal called directly drew inside load's placeholders: save and load moved the
    # library's generator, which load promises to leave as it was
    model = nn.Sequential(nn.Dense(3, 3), HeScaled(3))
    neuralab.seed(3)
    expected = neuralab.nn.random.default_rng().random(3)
    neuralab.seed(3)
    loaded = load(save(model, tmp_path / "m"))
    np.testing.assert_array_equal(neuralab.nn.random.default_rng().random(3), expected)
    X = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


class EncoderDecoder(nn.Layer):
    """Two lists of layers of its own: named "enc.0.weight", "dec.0.weight", as torch names the
    layers of a ModuleList attribute."""

    def __init__(self, n=3, hidden=3):
        self.n, self.hidden = n, hidden
        self.enc = [nn.Dense(n, hidden), nn.Tanh()]
        self.dec = [nn.Dense(hidden, n)]

    def forward(self, x, training=False):
        for layer in self.enc + self.dec:
            x = layer.forward(x, training=training)
        return x

    def config(self):
        return {"n": self.n, "hidden": self.hidden}


def test_a_layer_of_your_own_with_two_lists_of_layers_saves_and_loads(tmp_path, float64):
    # both lists named their layers "0", "1": save refused "two arrays would be stored under the
    # name '1.0.weight'"
    rng = np.random.default_rng(1)
    model = nn.Sequential(nn.Dense(3, 3), EncoderDecoder(3, 3))
    for p in model.parameters():
        p.data[...] = rng.normal(size=p.shape)
    model[1].dec[0].bias = model[1].enc[0].bias  # tied across the two lists
    assert [name for name, _ in model.named_parameters()] == [
        "0.weight", "0.bias", "1.enc.0.weight", "1.enc.0.bias", "1.dec.0.weight"]
    loaded = load(save(model, tmp_path / "m"))
    assert type(loaded[1]) is EncoderDecoder and loaded[1].dec[0].bias is loaded[1].enc[0].bias
    assert dict(loaded.named_parameters()).keys() == dict(model.named_parameters()).keys()
    X = rng.standard_normal((4, 3))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


class _TorchScale(torch.nn.Module):
    def __init__(self, gain, name="gain"):
        super().__init__()
        self.name = name
        self.register_parameter(name, torch.nn.Parameter(torch.from_numpy(gain.copy())))

    def forward(self, x):
        return x * getattr(self, self.name)


def test_to_torch_says_how_to_export_a_layer_of_your_own_and_names_its_converter_when_wrong(
        monkeypatch, float64):
    # it named no way to add one; and a converter whose module names the gain "weight" was blamed
    # on the converter of Sequential
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))

    class Scale(nn.Layer):
        """A learner's layer: a = a_prev ⊙ g, one gain per feature."""

        def __init__(self, n=3):
            self.n = n
            self.gain = nn.Parameter(np.linspace(0.5, 2.0, n))

        def forward(self, x, training=False):
            self.a_prev = x
            return x * self.gain.data

    model = nn.Sequential(nn.Dense(3, 3), Scale(3))
    with pytest.raises(ValueError, match=re.escape("from neuralab.io import TORCH_EXPORTERS; "
                                                   "TORCH_EXPORTERS[Scale] = lambda layer, torch: ...")):
        to_torch(model)
    assert neuralab.io.TORCH_EXPORTERS is neuralab.io.torch_export.TORCH_EXPORTERS  # the one table

    monkeypatch.setitem(TORCH_EXPORTERS, Scale, lambda layer, torch: _TorchScale(layer.gain.data, "weight"))
    with pytest.raises(RuntimeError, match=r"the converter of Scale, TORCH_EXPORTERS\[Scale\], made a "
                                           r"module whose parameters are named \['weight'\], where the "
                                           r"layer's are \['gain'\]"):
        to_torch(model)
    monkeypatch.setitem(TORCH_EXPORTERS, Scale, lambda layer, torch: None)
    with pytest.raises(TypeError, match="the converter of Scale.*returned NoneType, not a torch.nn.Module"):
        to_torch(model)

    monkeypatch.setitem(TORCH_EXPORTERS, Scale, lambda layer, torch: _TorchScale(layer.gain.data))
    module = to_torch(model)
    assert list(module.state_dict()) == ["0.weight", "0.bias", "1.gain"]
    x = np.random.default_rng(0).standard_normal((4, 3))
    np.testing.assert_allclose(module(torch.from_numpy(x)).detach().numpy(), model.predict(x), rtol=1e-12)


def test_to_torch_suggests_the_parents_converter_for_a_subclass_of_an_exportable_layer(monkeypatch):
    monkeypatch.setattr(neuralab.nn.spec, "REGISTRY", dict(neuralab.nn.spec.REGISTRY))

    class OwnTanh(nn.Tanh):
        pass

    with pytest.raises(ValueError, match=re.escape("TORCH_EXPORTERS[OwnTanh] = TORCH_EXPORTERS[Tanh]")):
        to_torch(OwnTanh())
    monkeypatch.setitem(TORCH_EXPORTERS, OwnTanh, TORCH_EXPORTERS[nn.Tanh])
    assert isinstance(to_torch(OwnTanh()), torch.nn.Tanh)


class TiedInItsConstructor(nn.Layer):
    """Shares its Dense's bias in a dict and in a list from its constructor: the rebuilt layer is
    tied already when load reads the file's 'tied' entries."""

    def __init__(self, n=3):
        self.n = n
        self.first = nn.Dense(n, n)
        self.by_name = {"b": self.first.bias}
        self.listed = [self.first.bias]

    def config(self):
        return {"n": self.n}

    def forward(self, x, training=False):
        return self.first.forward(x) + self.by_name["b"].data

    def backward(self, grad_out, input_grad=True):
        self.by_name["b"].accumulate(np.add.reduce, grad_out, 0)
        return self.first.backward(grad_out, input_grad)


def test_parameters_a_layer_ties_in_its_constructor_save_and_load_tied(tmp_path):
    # a dict-held tie made save fail with "invalid literal for int()", and any constructor-made
    # tie with "'tied' entry ...: names no parameter that can be shared"
    model = nn.Sequential(TiedInItsConstructor(), nn.Tanh())
    loaded = load(save(model, tmp_path / "m"))
    layer = loaded[0]
    assert layer.by_name["b"] is layer.first.bias is layer.listed[0]
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_npy_members_in_format_version_2_load_as_version_1(tmp_path):
    # NumPy writes version 2.0 headers when version 1.0's 64 kB cannot hold one, and other tools
    # may write 2.0 always: the same arrays, read as such
    model = small_model()
    path = save(model, tmp_path / "m.npz")
    with zipfile.ZipFile(path) as archive:
        arrays = {name: np.load(archive.open(name)) for name in archive.namelist()}
    v2 = tmp_path / "v2.npz"
    with zipfile.ZipFile(v2, "w") as archive:
        for name, array in arrays.items():
            with archive.open(name, "w") as member:
                np.lib.format.write_array(member, array, version=(2, 0))
    with zipfile.ZipFile(v2) as archive:  # written as version 2.0 indeed
        assert all(np.lib.format.read_magic(archive.open(n)) == (2, 0) for n in archive.namelist())
    X = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_array_equal(load(v2).predict(X), model.predict(X))


class OwnOnesScale(nn.Layer):
    """a = x ⊙ w, with w made by np.ones, no initialiser: load's running count of the values
    that initialisers hand out does not see it."""

    def __init__(self, n=3):
        self.n = n
        self.w = nn.Parameter(np.ones(n, neuralab.get_default_dtype()))

    def forward(self, x, training=False):
        return x * self.w.data

    def config(self):
        return {"n": self.n}


def test_a_spec_whose_own_layer_makes_too_many_values_without_an_initialiser_is_refused(
        tmp_path, monkeypatch):
    load_module = sys.modules["neuralab.io.load"]  # the module: neuralab.io.load is the function
    path = save(nn.Sequential(nn.Dense(2, 3), OwnOnesScale(3)), tmp_path / "m.npz")
    # the limit lowered to 10 values: the Dense's 9 pass the initialisers' count, the 3 more of
    # the layer of its own only the count of the whole model built from the spec
    monkeypatch.setattr(load_module, "MAX_MODEL_VALUES", 10)
    with pytest.raises(ValueError, match=r"not a valid neuralab model file: its spec declares 12 "
                                         r"values in parameters and buffers, more than the 10 a "
                                         r"model file may hold$"):
        load(path)


class OwnHeldAffine(nn.Layer):
    """a = x ⊙ w + b, w kept in a dict ("held.w") and b in a tuple ("pair.1")."""

    def __init__(self, n=3):
        self.n = n
        self.held = {"w": nn.Parameter(np.ones(n, neuralab.get_default_dtype()))}
        self.pair = (nn.Parameter(np.full(n, 2.0, neuralab.get_default_dtype())),
                     nn.Parameter(np.zeros(n, neuralab.get_default_dtype())))

    def forward(self, x, training=False):
        return x * self.held["w"].data + self.pair[0].data * self.pair[1].data

    def config(self):
        return {"n": self.n}


def test_parameters_tied_into_a_dict_or_a_tuple_after_construction_load_tied(tmp_path):
    # weight tying by hand into a layer that keeps its parameters in a dict and in a tuple
    model = nn.Sequential(nn.Dense(3, 3), OwnHeldAffine(3))
    model[1].held["w"] = model[0].bias
    model[1].pair = (model[1].pair[0], model[0].bias)
    loaded = load(save(model, tmp_path / "m.npz"))
    assert loaded[1].held["w"] is loaded[0].bias is loaded[1].pair[1]
    assert isinstance(loaded[1].pair, tuple)
    X = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "interrupted"])
def test_a_save_that_fails_while_writing_leaves_the_old_file_and_no_temporary_one(
        tmp_path, monkeypatch, error):
    path = save(small_model(), tmp_path / "m.npz")
    before = path.read_bytes()

    def failing_savez(file, **arrays):
        file.write(b"PK\x03\x04 half written")
        raise error

    monkeypatch.setattr(np, "savez", failing_savez)
    with pytest.raises(type(error)) as err:
        save(small_model(), path)
    if isinstance(error, OSError):  # named by the file the user gave, not the hidden temporary one
        assert str(err.value) == f"[Errno 28] cannot save {path}: No space left on device"
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]


class OwnFill(nn.Layer):
    """a = x where x is finite, else ``fill``; ``config()`` gives ``fill`` as its settings."""

    def __init__(self, fill=0.0):
        self.fill = fill

    def forward(self, x, training=False):
        return np.where(np.isfinite(x), x, self.fill)

    def config(self):
        return {"fill": self.fill}


class OwnNanDefault(nn.Layer):
    """``fill`` defaults to NaN and is left out of ``config()``: the rebuilt layer has NaN too."""

    def __init__(self, fill=float("nan")):
        self.fill = fill

    def forward(self, x, training=False):
        return x

    def config(self):
        return {}


def test_a_nan_setting_is_refused_by_save_as_not_json_and_a_nan_default_loads(tmp_path):
    path = tmp_path / "m.npz"
    with pytest.raises(ValueError, match=r"^cannot save: the model's spec is not JSON: Out of range "
                                         r"float values are not JSON compliant"):
        save(nn.Sequential(nn.Dense(2, 2), OwnFill(fill=float("nan"))), path)
    assert not path.exists()
    # a NaN the spec does not carry rebuilds as NaN: the same setting (NaN != NaN aside)
    loaded = load(save(nn.Sequential(nn.Dense(2, 2), OwnNanDefault()), path))
    assert np.isnan(loaded[1].fill)


class OwnAbstractScale(nn.Layer):
    """A base class (``abstract = True``): no spec can name it, so a model holding one cannot load."""

    abstract = True

    def forward(self, x, training=False):
        return 2 * x

    def config(self):
        return {}


def test_a_layer_of_an_abstract_class_is_refused_by_save_as_load_cannot_rebuild_it(tmp_path):
    path = tmp_path / "m.npz"
    with pytest.raises(ValueError, match=r"^cannot save: .*'OwnAbstractScale'"):
        save(nn.Sequential(nn.Dense(2, 2), OwnAbstractScale()), path)
    assert not path.exists()


def test_to_torch_without_torch_installed_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # what `import torch` meets when absent
    with pytest.raises(ImportError, match=r"^to_torch needs PyTorch, which is not installed: "
                                          r"pip install torch$"):
        to_torch(small_model())


class OwnTwoScales(nn.Layer):
    """a = x ⊙ a_w ⊙ b_w with two parameters of its own, "a" and "b"."""

    def __init__(self, n=2):
        self.n = n
        self.a = nn.Parameter(np.ones(n, neuralab.get_default_dtype()))
        self.b = nn.Parameter(np.ones(n, neuralab.get_default_dtype()))

    def forward(self, x, training=False):
        return x * self.a.data * self.b.data

    def config(self):
        return {"n": self.n}


def test_to_torch_refuses_a_converter_that_ties_parameters_the_layer_keeps_apart(monkeypatch):
    # each name matches, but torch's module shares one tensor where the model has two: a state
    # dict of it would lose one of them
    def tied_converter(layer, torch):
        module = torch.nn.Module()
        module.a = torch.nn.Parameter(torch.from_numpy(layer.a.data.copy()))
        module.b = module.a
        return module

    monkeypatch.setitem(TORCH_EXPORTERS, OwnTwoScales, tied_converter)
    with pytest.raises(RuntimeError, match=r"^to_torch: exported parameter names \['0.weight', "
                                           r"'0.bias', '1.a'\] differ from the model's \['0.weight', "
                                           r"'0.bias', '1.a', '1.b'\]"):
        to_torch(nn.Sequential(nn.Dense(2, 2), OwnTwoScales(2)))


class OwnHiddenStats(nn.Layer):
    """Names its buffer "stats" in named_buffers but keeps it as ``_stats``: load can only write
    the file's values into that array."""

    keeps_shape = True

    def __init__(self, n=2):
        self.n = n
        self._stats = np.zeros(n, neuralab.get_default_dtype())

    def named_buffers(self, prefix=""):
        yield prefix + "stats", self._stats

    def forward(self, x, training=False):
        return x - self._stats

    def config(self):
        return {"n": self.n}


def test_a_buffer_kept_under_another_name_than_its_own_loads_into_its_array(tmp_path):
    model = nn.Sequential(nn.Dense(2, 2), OwnHiddenStats(2))
    model[1]._stats[...] = [0.25, -4.0]
    loaded = load(save(model, tmp_path / "m.npz"))
    np.testing.assert_array_equal(loaded[1]._stats, [0.25, -4.0])


class OwnAveragedScale(nn.Layer):
    """a = x ⊙ w, with a running average of w that its named_buffers names "w" too."""

    def __init__(self, n=2):
        self.n = n
        self.w = nn.Parameter(np.ones(n, neuralab.get_default_dtype()))
        self.w_average = self.w.data.copy()

    def named_buffers(self, prefix=""):
        yield prefix + "w", self.w_average

    def forward(self, x, training=False):
        return x * self.w.data

    def config(self):
        return {"n": self.n}


def test_save_refuses_a_buffer_named_as_a_parameter_and_writes_nothing(tmp_path):
    # one of the two arrays would be lost: the file holds one array per name
    path = tmp_path / "m.npz"
    with pytest.raises(ValueError, match=r"^cannot save: two arrays would be stored under the name '1\.w'$"):
        save(nn.Sequential(nn.Dense(2, 2), OwnAveragedScale(2)), path)
    assert not path.exists()
