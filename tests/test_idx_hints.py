"""An IDX file (MNIST's images or labels) given where a CSV goes, or one of the files given where
their folder goes: each refusal names the way that reads them. neuralab train --data
train-images-idx3-ubyte said "--data needs --target COLUMN", then "not a UTF-8 text file"."""
import gzip

import pytest

from neuralab import cli, data
from neuralab.data.idx import is_idx_file

IMAGES = bytes([0, 0, 0x08, 3]) + (2).to_bytes(4, "big") + (2).to_bytes(4, "big") * 2 + bytes(8)


def _write(folder, name, content, zipped=False):
    path = folder / name
    path.write_bytes(gzip.compress(content) if zipped else content)
    return path


@pytest.mark.parametrize("zipped", [False, True])
def test_an_idx_file_is_told_from_a_csv_plain_or_gzipped(tmp_path, zipped):
    assert is_idx_file(_write(tmp_path, "train-images-idx3-ubyte", IMAGES, zipped))
    assert not is_idx_file(_write(tmp_path, "data.csv", b"a,b,y\n1,2,0\n", zipped))
    assert not is_idx_file(_write(tmp_path, "short", b"\0\0", zipped))
    assert not is_idx_file(_write(tmp_path, "odd", bytes([0, 0, 0x07, 3]) + bytes(12), zipped))  # no such dtype
    assert not is_idx_file(tmp_path / "missing.csv")


def test_neuralab_train_data_given_an_idx_file_names_the_mnist_options(tmp_path, capsys):
    path = _write(tmp_path, "train-images-idx3-ubyte.gz", IMAGES, zipped=True)
    assert cli.main(["train", "--data", str(path), "--quiet"]) != 0
    err = capsys.readouterr().err
    assert (f"{path} is an IDX file (MNIST's format of images or labels), not a CSV: pass the folder that "
            f"holds the four files, --dataset mnist --data-dir {tmp_path} (or --dataset fashion_mnist)") in err


def test_the_mnist_directory_given_one_of_its_files_names_the_folder(tmp_path, capsys):
    path = _write(tmp_path, "train-images-idx3-ubyte", IMAGES)
    with pytest.raises(ValueError, match=f"^{path} is a file; the directory is the folder that holds the four "
                                         f"IDX files: {tmp_path}$"):
        data.mnist(path)
    assert cli.main(["train", "--dataset", "mnist", "--data-dir", str(path), "--quiet"]) != 0
    assert f"is a file; the --data-dir is the folder that holds the four IDX files: {tmp_path}" in capsys.readouterr().err
