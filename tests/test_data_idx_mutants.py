"""neuralab.data's IDX (MNIST) reader, what mutation testing found untested: each test asserts a
promise that a small change of the code broke unseen."""
import numpy as np
import pytest

from neuralab.data.idx import MAX_DIMS, is_idx_file, load_idx, missing_mnist_files


@pytest.mark.parametrize("ndim", [1, MAX_DIMS], ids=["labels", "most_dimensions"])
def test_a_file_that_begins_as_an_idx_file_of_1_to_max_dims_dimensions_is_one(tmp_path, ndim):
    # MNIST's labels files have one dimension: two zero bytes, the dtype code (uint8), the number
    # of dimensions, each size (3), then the data (three labels; is_idx_file reads the start alone)
    path = tmp_path / "labels-idx1-ubyte"
    data = bytes(3) if ndim == 1 else b""
    path.write_bytes(b"\0\0\x08" + bytes([ndim]) + (3).to_bytes(4, "big") * ndim + data)
    assert is_idx_file(path) is True
    if ndim == 1:
        np.testing.assert_array_equal(load_idx(path), [0, 0, 0])


def test_missing_mnist_files_names_those_the_folder_lacks_and_only_those(tmp_path):
    images, labels = "train-images-idx3-ubyte", "train-labels-idx1-ubyte"
    assert missing_mnist_files(tmp_path, "train") == [images, labels]
    (tmp_path / images).write_bytes(b"")
    assert missing_mnist_files(tmp_path, "train") == [labels]
