"""IDX files (MNIST's format), written here byte by byte, plain and gzipped."""
import gzip
import re
import struct
import tracemalloc
import zlib

import numpy as np
import pytest

from neuralab import data
from neuralab.data import load_idx

CODES = {np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C, np.float32: 0x0D, np.float64: 0x0E}


def idx_bytes(array):
    """The IDX encoding of ``array``, built independently of neuralab."""
    array = np.asarray(array)
    header = struct.pack(">BBBB", 0, 0, CODES[array.dtype.type], array.ndim)
    header += struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write(path, content, gz=False):
    path.write_bytes(gzip.compress(content) if gz else content)
    return path


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("array", [
    np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4),
    np.array([-128, 0, 127], dtype=np.int8),
    np.array([[-30000, 1], [2, 30000]], dtype=np.int16),
    np.array([-(2 ** 31), 2 ** 31 - 1, 5], dtype=np.int32),
    np.array([[1.5, -2.25e-3]], dtype=np.float32),
    np.array([np.pi, -1e300], dtype=np.float64),
], ids=lambda a: f"{a.dtype}-{a.ndim}d")
def test_round_trip(tmp_path, array, gz):
    path = write(tmp_path / ("a.idx.gz" if gz else "a.idx"), idx_bytes(array), gz)
    out = load_idx(path)
    assert out.dtype == array.dtype and out.dtype.isnative and out.shape == array.shape
    assert np.array_equal(out, array)
    out[...] = 0  # a writable copy, not a view of the file's bytes


def test_gzip_is_detected_by_content_not_name(tmp_path):
    array = np.arange(6, dtype=np.uint8)
    assert np.array_equal(load_idx(write(tmp_path / "labels-idx1-ubyte", idx_bytes(array), gz=True)), array)
    assert np.array_equal(load_idx(write(tmp_path / "already-unzipped.gz", idx_bytes(array))), array)


@pytest.mark.parametrize("content, message", [
    (b"", "bad magic number empty"),
    (b"\x00\x00", "bad magic number 0000"),
    (b"\x01\x00\x08\x01" + bytes(8), "bad magic number 01000801"),
    (b"\x00\x00\x07\x01" + bytes(8), "bad magic number 00000701"),
    (b"\x00\x00\x08\x00", "0 dimensions"),
    (b"\x00\x00\x08\x03\x00\x00\x00\x02", "truncated or invalid IDX header"),
    (idx_bytes(np.zeros((4, 5), np.uint8))[:-1], r"truncated: shape \(4, 5\) needs 20 bytes of data, found 19"),
    (idx_bytes(np.zeros(3, np.int32)) + b"\x00", "has trailing bytes: shape \\(3,\\) needs 12 bytes"),
    # the size of a huge header, counted without overflow (it read "needs -8589934591 bytes")
    (b"\x00\x00\x0d\x02" + b"\xff" * 8,
     r"truncated: shape \(4294967295, 4294967295\) needs 73786976260478468100 bytes"),
    (b"\x00\x00\x08\x04" + b"\x00\x01\x00\x00" * 4, r"truncated: shape \(65536, 65536, 65536, 65536\) needs"),
])
def test_corrupt_files(tmp_path, content, message):
    for gz in (False, True):
        path = write(tmp_path / f"bad{gz}", content, gz)
        with pytest.raises(ValueError, match=message):
            load_idx(path)


def test_corrupt_gzip_and_missing_file(tmp_path):
    cut = gzip.compress(idx_bytes(np.arange(1000, dtype=np.int32)))[:-20]
    with pytest.raises(ValueError, match="corrupt gzip data"):
        load_idx(write(tmp_path / "cut.gz", cut))
    with pytest.raises(ValueError, match="IDX file not found: .*nothing"):
        load_idx(tmp_path / "nothing")
    with pytest.raises(ValueError, match=f"{tmp_path} is a folder, not an IDX file"):
        load_idx(tmp_path)


@pytest.mark.parametrize("call, name", [(lambda: load_idx(None), "path"), (lambda: data.mnist(None), "directory"),
                                        (lambda: data.idx.missing_mnist_files(3, "train"), "directory")])
def test_a_path_that_is_not_a_path_is_named(call, name):
    with pytest.raises(TypeError, match=rf"{name} must be a path \(str or pathlib.Path\), got"):
        call()


def test_a_gzip_bomb_is_refused_without_inflating_it(tmp_path):
    """A header declaring 4 bytes, then 64 MiB of zeros (64 KiB gzipped). Reading it all before
    checking the length took 64 MiB (1 GiB in the audit's 1 MB file); the reader stops after
    the 4 declared bytes plus one, so the peak stays far below even one MiB."""
    compressor = zlib.compressobj(wbits=31)  # the gzip container
    bomb = compressor.compress(idx_bytes(np.arange(4, dtype=np.uint8)))
    zeros = bytes(1 << 20)
    bomb += b"".join(compressor.compress(zeros) for _ in range(64)) + compressor.flush()
    path = write(tmp_path / "bomb.gz", bomb)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"bomb.gz: has trailing bytes: shape \(4,\) needs 4 bytes of "
                                             r"data, found more than 4$"):
            load_idx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20


def test_trailing_bytes_are_counted_only_in_a_plain_file(tmp_path):
    content = idx_bytes(np.zeros(3, np.int32)) + b"\x00" * 5
    with pytest.raises(ValueError, match=r"has trailing bytes: shape \(3,\) needs 12 bytes of data, found 17$"):
        load_idx(write(tmp_path / "plain", content))
    with pytest.raises(ValueError, match=r"has trailing bytes: shape \(3,\) needs 12 bytes of data, "
                                         r"found more than 12$"):
        load_idx(write(tmp_path / "gzipped", content, gz=True))


@pytest.mark.parametrize("ndim", [33, 100, 255])
def test_more_dimensions_than_an_array_can_have_is_a_corrupt_header(tmp_path, ndim):
    for gz in (False, True):
        path = write(tmp_path / f"dims{gz}", bytes([0, 0, 8, ndim]) + struct.pack(f">{ndim}I", *[1] * ndim) + b"\x07", gz)
        with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}: invalid IDX header: {ndim} dimensions, "
                                             rf"more than the 32 load_idx reads"):
            load_idx(path)
    assert load_idx(write(tmp_path / "32", idx_bytes(np.full((1,) * 32, 7, np.uint8)))).shape == (1,) * 32


def make_mnist(directory, n=5, gz=False, prefix="train", dotted=False):
    """Random 28x28 uint8 images and their labels, stored under MNIST's file names."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    images[0, 0, 0], images[0, 0, 1] = 0, 255
    labels = np.arange(n, dtype=np.uint8) % 10
    sep = "." if dotted else "-"
    suffix = ".gz" if gz else ""
    directory.mkdir(exist_ok=True)
    write(directory / f"{prefix}-images{sep}idx3-ubyte{suffix}", idx_bytes(images), gz)
    write(directory / f"{prefix}-labels{sep}idx1-ubyte{suffix}", idx_bytes(labels), gz)
    return images, labels


@pytest.mark.parametrize("gz", [False, True])
def test_mnist(tmp_path, gz):
    images, labels = make_mnist(tmp_path, n=12, gz=gz)
    d = data.mnist(tmp_path)
    assert d.X.shape == (12, 784) and d.X.dtype == np.float32
    assert d.y.dtype == np.int64 and d.y.tolist() == labels.tolist()
    assert d.X[0, 0] == 0 and d.X[0, 1] == 1 and d.X.min() >= 0 and d.X.max() <= 1
    np.testing.assert_allclose(d.X.reshape(12, 28, 28), images / 255, rtol=1e-6)
    assert d.image_shape == (28, 28) and d.task == "multiclass" and d.n_classes == 10
    assert d.name == "mnist" and d.class_names[3] == "3" and len(d.feature_names) == 784


def test_mnist_test_split_fashion_and_load(tmp_path):
    make_mnist(tmp_path, n=3)
    make_mnist(tmp_path, n=7, prefix="t10k", dotted=True)
    assert len(data.mnist(tmp_path, kind="test")) == 7
    fashion = data.load("fashion_mnist", directory=tmp_path, kind="test")
    assert fashion.class_names[0] == "T-shirt/top" and fashion.class_names[9] == "Ankle boot"
    assert fashion.name == "fashion_mnist_test"
    assert len(data.load("mnist", path=str(tmp_path))) == 3


def test_mnist_errors(tmp_path):
    with pytest.raises(ValueError, match="kind must be 'train' or 'test'"):
        data.mnist(tmp_path, kind="validation")
    with pytest.raises(ValueError, match="MNIST directory not found: .*absent; neuralab does not download datasets: make the folder "
                                         "and put the four MNIST IDX files \\(train-images-idx3-ubyte, "
                                         "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                                         "t10k-labels-idx1-ubyte, optionally .gz\\) in it"):
        data.mnist(tmp_path / "absent")
    with pytest.raises(ValueError, match="train-images-idx3-ubyte \\(or train-images-idx3-ubyte.gz\\) "
                                         "not found in .*neuralab does not download"):
        data.mnist(tmp_path)
    make_mnist(tmp_path, n=4)
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte"):
        data.mnist(tmp_path, kind="test")
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.zeros(3, np.uint8)))
    with pytest.raises(ValueError, match="expected 4 uint8 labels, got uint8 \\(3,\\)"):
        data.mnist(tmp_path)
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.array([1.7, 2.2, 3.9, 0.5], np.float32)))
    with pytest.raises(ValueError, match="expected 4 uint8 labels, got float32"):  # not truncated to 1, 2, 3
        data.mnist(tmp_path)
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.array([0, 1, 2, 10], np.uint8)))
    with pytest.raises(ValueError, match="labels must be 0..9, found 0..10"):
        data.mnist(tmp_path)
    write(tmp_path / "train-images-idx3-ubyte", idx_bytes(np.zeros((4, 784), np.uint8)))
    with pytest.raises(ValueError, match="expected uint8 images \\(n, rows, cols\\)"):
        data.mnist(tmp_path)


def test_a_home_directory_in_the_path_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    make_mnist(tmp_path / "mnist", n=3)
    assert len(data.mnist("~/mnist")) == 3
    assert data.load_idx("~/mnist/train-labels-idx1-ubyte").shape == (3,)


def test_mnist_files_without_images_are_refused(tmp_path):
    write(tmp_path / "train-images-idx3-ubyte", idx_bytes(np.zeros((0, 28, 28), np.uint8)))
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.zeros(0, np.uint8)))
    with pytest.raises(ValueError, match="train-images-idx3-ubyte: holds no images"):
        data.mnist(tmp_path)


def test_a_read_error_of_a_plain_file_is_the_systems_not_corrupt_gzip(tmp_path, monkeypatch):
    # a disk or network failure while reading an uncompressed file is no statement about its data
    import errno

    from neuralab.data import idx

    path = write(tmp_path / "a.idx", idx_bytes(np.zeros(3, np.uint8)))

    def failing_read(file, path, size):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(idx, "_read_idx", failing_read)
    with pytest.raises(OSError, match=r"Input/output error") as err:
        load_idx(path)
    assert err.type is OSError and "gzip" not in str(err.value)
