"""What a review of save, load and to_torch found, each mended: state kept outside parameters and
buffers, write-protected files, what a file holds of training, mixed dtypes, torch's saving,
the time headers took, and messages that named no path or gave invalid advice."""
import io as stdio
import json
import os
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from neuralab import data, nn, optim
from neuralab.io import file_format, load, to_torch

REVIEW_X = np.random.default_rng(0).standard_normal((6, 3)).astype(np.float32)


class ReviewRunningMean(nn.Layer):
    """a = x - the running mean of the inputs seen in training, kept in a plain array."""
    keeps_shape = True

    def __init__(self, n):
        self.n, self.mean = n, np.zeros(n, dtype=np.float32)

    def forward(self, x, training=False):
        if training:
            self.mean = 0.9 * self.mean + 0.1 * x.mean(axis=0)
        self.x = x  # a cache for backward, made by forward: never a reason to refuse
        return x - self.mean

    def backward(self, grad_out):
        return grad_out

    def config(self):
        return {"n": self.n}


class ReviewRunningMeanBuffer(ReviewRunningMean):
    """The same, its mean declared a buffer: saved and loaded with the model."""

    def named_buffers(self, prefix=""):
        yield prefix + "mean", self.mean


class ReviewShift(nn.Layer):
    """a = x + offset, an array argument that config() leaves as the default."""
    keeps_shape = True

    def __init__(self, offset=(0.0,)):
        self.offset = np.asarray(offset, dtype=np.float32)

    def forward(self, x, training=False):
        return x + self.offset

    def backward(self, grad_out):
        return grad_out

    def config(self):
        return {}


def _review_trained(layer):
    model = nn.Sequential(layer, nn.Dense(3, 1, init="ones"))
    for _ in range(5):
        model.forward(REVIEW_X * 4, training=True)
    return model


def test_state_in_a_plain_array_is_refused_by_save_naming_the_layer_the_attribute_and_the_fix(tmp_path):
    # the running mean was lost silently: predictions -7.54 before saving, 3.0 after loading
    model = _review_trained(ReviewRunningMean(3))
    with pytest.raises(ValueError, match=r"cannot save: layer 0 \(ReviewRunningMean\) holds self\.mean, "
                                         r"an array .* keep it as a buffer.*named_buffers.*"
                                         r"yield prefix \+ 'mean', self\.mean"):
        model.save(tmp_path / "m")
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


def test_state_declared_a_buffer_is_saved_and_caches_for_backward_are_no_reason_to_refuse(tmp_path):
    model = _review_trained(ReviewRunningMeanBuffer(3))
    assert hasattr(model.layers[0], "x")  # forward's cache is there, and is not saved
    loaded = load(model.save(tmp_path / "m"))
    np.testing.assert_array_equal(loaded.layers[0].mean, model.layers[0].mean)
    np.testing.assert_array_equal(loaded.predict(REVIEW_X), model.predict(REVIEW_X))
    assert not np.array_equal(model.layers[0].mean, np.zeros(3))


def test_an_array_argument_that_config_leaves_out_is_refused_and_one_it_returns_saves(tmp_path):
    with pytest.raises(ValueError, match=r"layer 1 \(ReviewShift\) holds self\.offset.*config\(\) must "
                                         r"return it.*self\.offset\.tolist\(\)"):
        nn.Sequential(nn.Dense(3, 1), ReviewShift([5.0])).save(tmp_path / "m")
    unchanged = nn.Sequential(nn.Dense(3, 1), ReviewShift([0.0]))  # as config() rebuilds it
    np.testing.assert_array_equal(load(unchanged.save(tmp_path / "m")).predict(REVIEW_X),
                                  unchanged.predict(REVIEW_X))


_REVIEW_SAVE_OVER = """
import sys
from neuralab import nn
try:
    nn.MLP([2, 3, 1], rng=5).save(sys.argv[1])
except PermissionError as err:
    print("PermissionError", err)
else:
    print("saved")
"""


def _review_save_over(path, *prefix):
    run = subprocess.run([*prefix, sys.executable, "-c", _REVIEW_SAVE_OVER, str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_save_refuses_a_write_protected_file_as_open_refuses_it(tmp_path):
    # os.replace needs only the folder's permission: a chmod 444 file was overwritten
    path = nn.MLP([2, 3, 1], rng=0).save(tmp_path / "best.npz")
    before = path.read_bytes()
    path.chmod(0o444)
    if os.geteuid() == 0:  # root may write it, as open lets root: without the capability it may not
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, and no setpriv to drop the capability to write any file")
        out = _review_save_over(path, "setpriv", "--bounding-set=-dac_override", "--inh-caps=-all")
    else:
        out = _review_save_over(path)
    assert out == f"PermissionError [Errno 13] cannot save {path}: Permission denied"
    assert path.read_bytes() == before and oct(path.stat().st_mode)[-3:] == "444"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best.npz"]  # no temporary file left


def test_a_loaded_model_evaluates_with_the_metrics_it_was_fitted_with(tmp_path):
    X, y = data.load("moons", n_samples=60, seed=0)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=0)
    model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
              verbose=0, metrics=["accuracy", "precision"])
    loaded = load(model.save(tmp_path / "m"))
    assert loaded.evaluate(X, y) == model.evaluate(X, y)
    assert list(loaded.evaluate(X, y)) == ["loss", "accuracy", "precision"]


def test_metrics_the_loss_refuses_are_refused_in_a_file(tmp_path):
    model = nn.MLP([2, 3], rng=0)
    model.loss, model.metrics = nn.CrossEntropyLoss(), ["binary_accuracy"]
    with pytest.raises(ValueError, match=r"cannot save: 'metrics': binary_accuracy scores each output"):
        model.save(tmp_path / "m")


def test_training_goes_on_bit_for_bit_from_the_model_file_and_the_optimizer_state_beside_it(tmp_path):
    # the recipe the io.save docstring gives (optim.state's): the file holds no optimizer state
    X, y = data.load("moons", n_samples=64, seed=1)
    model = nn.MLP([2, 8, 1], output="sigmoid", rng=0)
    adam = optim.Adam(model.parameters(), lr=0.01)
    model.fit(X, y, loss="bce", optimizer=adam, epochs=2, verbose=0, shuffle=False)
    state = adam.state_dict()
    np.savez(tmp_path / "adam.npz", **{f"{i}.{name}": value for i, entry in state["state"].items()
                                       for name, value in entry.items()})
    text = json.dumps({key: value for key, value in state.items() if key != "state"})
    loaded = load(model.save(tmp_path / "model"))
    with pytest.raises(AttributeError, match="optimizer"):
        loaded.optimizer
    again = json.loads(text)
    again["state"] = {}
    with np.load(tmp_path / "adam.npz") as archive:
        for key in archive.files:
            i, name = key.split(".", 1)
            again["state"].setdefault(int(i), {})[name] = int(archive[key]) if name == "step" else archive[key]
    resumed = optim.Adam(loaded.parameters())
    resumed.load_state_dict(again)
    model.fit(X, y, loss="bce", optimizer=adam, epochs=1, verbose=0, shuffle=False)
    loaded.fit(X, y, loss="bce", optimizer=resumed, epochs=1, verbose=0, shuffle=False)
    for (name, p), (_, q) in zip(model.named_parameters(), loaded.named_parameters()):
        np.testing.assert_array_equal(q.data, p.data, err_msg=name)


def _review_arrays(model, folder):
    """{name: array} of the file ``save`` writes of ``model`` (in ``folder``, then removed)."""
    path = model.save(folder / "arrays.npz")
    with np.load(path) as npz:
        arrays = {name: npz[name] for name in npz.files}
    path.unlink()
    return arrays


def test_a_file_of_mixed_dtype_parameters_is_refused_at_load_and_such_a_model_at_save(tmp_path):
    # it loaded, then predict failed with a TypeError
    model = nn.MLP([2, 4, 1], rng=0)
    arrays = _review_arrays(model, tmp_path)
    arrays["0.weight"] = arrays["0.weight"].astype(np.float64)
    np.savez(tmp_path / "mixed.npz", **arrays)
    with pytest.raises(ValueError, match=r"mixed\.npz: not a valid neuralab model file: its parameters mix "
                                         r"dtypes, \['0\.weight'\] in float64 and the others in float32"):
        load(tmp_path / "mixed.npz")
    model.layers[0].weight.data = model.layers[0].weight.data.astype(np.float64)
    with pytest.raises(ValueError, match=r"cannot save: its parameters mix dtypes.*model\.to\(np\.float32\)"):
        model.save(tmp_path / "m")
    assert not (tmp_path / "m.npz").exists()


def test_a_torch_state_dict_saved_as_the_to_torch_docstring_says_loads_with_torch_defaults(tmp_path):
    torch = pytest.importorskip("torch")
    model = nn.Sequential(nn.Standardize(3, mean=[1.0, 2.0, 3.0], std=[1.0, 2.0, 4.0]), nn.Dense(3, 4),
                          nn.BatchNorm1d(4), nn.ReLU(), nn.Dense(4, 1))
    torch.save(to_torch(model).state_dict(), tmp_path / "model.pt")
    module = to_torch(load(model.save(tmp_path / "model")))
    module.load_state_dict(torch.load(tmp_path / "model.pt"))  # weights_only=True, torch's default
    out = module(torch.from_numpy(REVIEW_X)).detach().numpy()
    np.testing.assert_allclose(out, model.predict(REVIEW_X), rtol=1e-6, atol=1e-6)


def test_load_parses_each_distinct_npy_header_once(tmp_path, monkeypatch):
    # 9,999 BatchNorm1d(1) took 13.7 s to load: NumPy parsed every member's header twice
    path = nn.Sequential(*[nn.BatchNorm1d(1) for _ in range(50)]).save(tmp_path / "bn")
    parsed = []
    read = np.lib.format.read_array_header_1_0
    monkeypatch.setattr(np.lib.format, "read_array_header_1_0", lambda fp, **kw: parsed.append(1) or read(fp, **kw))
    file_format._parsed_npy_header.cache_clear()
    assert len(load(path).layers) == 50
    assert len(parsed) == 2  # the spec's header, and the one header all 200 arrays share


@pytest.mark.parametrize("kind, advice", [
    ("os.system", "A layer's type is its class's name without a module: 'system', not 'os.system'"),
    ("__main__.Foo", "A layer's type is its class's name without a module: 'Foo', not '__main__.Foo'"),
    ("class", "A layer's type is its class's name, such as 'Dense'"),
])
def test_an_unknown_type_that_is_no_class_name_gets_advice_that_is_valid(kind, advice):
    # the advice was "class os.system(nn.Layer)", which is no Python
    with pytest.raises(ValueError) as caught:
        nn.Layer.from_spec({"type": kind})
    assert str(caught.value).endswith(advice) and f"class {kind}(" not in str(caught.value)


@pytest.mark.parametrize("path, message", [
    ("~nosuchuser_review/m", r"path '~nosuchuser_review/m': ~nosuchuser_review is the home folder of user "
                             r"'nosuchuser_review', which is unknown here; give the full path"),
    ("nul\0m", r"path 'nul\\x00m' holds a NUL character \(\\0\), which no file name can hold"),
])
def test_a_path_no_file_can_have_is_refused_naming_it(path, message):
    # "Could not determine home directory." named no path; the NUL byte gave "embedded null byte"
    for call in (lambda: nn.MLP([2, 1]).save(path), lambda: load(path)):
        with pytest.raises(ValueError, match=message):
            call()


def test_save_to_a_folder_name_that_names_no_folder_says_so(tmp_path):
    # it said "nosuch is a folder", and following its advice failed with "no folder nosuch"
    with pytest.raises(FileNotFoundError, match=r"cannot save to .*nosuch/: a name ending in / names a "
                                                r"folder, and there is no folder .*nosuch; give a file name"):
        nn.MLP([2, 1]).save(f"{tmp_path}/nosuch/")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_ends_inside_a_member_says_so(tmp_path):
    # the message was "damaged archive (EOFError: )", with nothing after the colon
    raw = bytearray(nn.MLP([2, 4, 1], rng=0).save(tmp_path / "m").read_bytes())
    raw[29] ^= 0x80  # the first member's extra field grows past the end of the file
    (tmp_path / "flipped.npz").write_bytes(raw)
    with pytest.raises(ValueError, match=r"damaged archive \(EOFError: the file ends inside one of its members\)$"):
        load(tmp_path / "flipped.npz")


def test_the_npz_extension_is_recognised_in_any_case(tmp_path):
    # save("model.NPZ") wrote model.NPZ.npz
    model = nn.MLP([3, 2], rng=0)
    assert model.save(tmp_path / "model.NPZ") == tmp_path / "model.NPZ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.NPZ"]
    np.testing.assert_array_equal(load(tmp_path / "model.NPZ").predict(REVIEW_X), model.predict(REVIEW_X))


def test_a_huge_npy_header_is_refused_before_it_is_read(tmp_path):
    # a header announces its length, up to 4 GB in version 2.0, which NumPy read whole before
    # refusing more than 10,000 bytes
    model = nn.MLP([2, 1], rng=0)
    arrays = _review_arrays(model, tmp_path)
    with zipfile.ZipFile(tmp_path / "huge.npz", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, value in arrays.items():
            if name == "0.bias":
                continue
            npy = stdio.BytesIO()
            np.lib.format.write_array(npy, value)
            archive.writestr(name + ".npy", npy.getvalue())
        archive.writestr("0.bias.npy", b"\x93NUMPY\x02\x00" + (2 ** 31).to_bytes(4, "little") + b" " * 100_000)
    with pytest.raises(ValueError, match=r"'0\.bias' has a \.npy header of 2,147,483,648 bytes; an array's "
                                         r"header has at most 10,000"):
        load(tmp_path / "huge.npz")
