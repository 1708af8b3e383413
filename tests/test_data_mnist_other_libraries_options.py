"""torchvision's MNIST(root, train=False, download=True), and the split of tensorflow_datasets and
Hugging Face's datasets, given to ``data.load("mnist", ...)`` or ``data.mnist``: each is refused
with the option that does its job here, and that option, written as the message writes it, loads
what the learner asked for."""
import pytest

from neuralab import data
from test_data_idx import make_mnist


@pytest.fixture
def mnist_folder(tmp_path):
    make_mnist(tmp_path, n=12, prefix="train")
    make_mnist(tmp_path, n=3, prefix="t10k")
    return tmp_path


@pytest.mark.parametrize("load", [
    lambda folder, **options: data.load("mnist", directory=folder, **options),
    lambda folder, **options: data.mnist(folder, **options),
], ids=["load", "mnist"])
@pytest.mark.parametrize("option", [{"train": False}, {"split": "test"}])
def test_torchvision_s_train_false_names_kind_test_which_loads_the_test_files(mnist_folder, load, option):
    # was "unknown option 'train' for dataset 'mnist'; valid options: directory, kind, path" from
    # load, and Python's bare "unexpected keyword argument 'train'" from data.mnist
    with pytest.raises((TypeError, ValueError)) as refused:
        load(mnist_folder, **option)
    assert "kind='test'" in str(refused.value) and "the t10k files" in str(refused.value)
    assert len(load(mnist_folder, kind="test").X) == 3      # the t10k files, not the 12 training images


def test_torchvision_s_root_names_directory(mnist_folder):
    with pytest.raises(TypeError, match=r"torchvision's root is directory here"):
        data.mnist(root=mnist_folder)
    with pytest.raises(ValueError, match=r"unknown option 'root' for dataset 'fashion_mnist' \(torchvision's root "
                                         r"is directory here"):
        data.load("fashion_mnist", root=mnist_folder)
    assert len(data.mnist(directory=mnist_folder).X) == 12


def test_download_says_that_nothing_is_downloaded_and_where_the_files_go(mnist_folder):
    with pytest.raises(ValueError, match=r"neuralab downloads nothing: put the four IDX files in a folder and give "
                                         r"it as directory; docs/data\.md names the files"):
        data.load("mnist", directory=mnist_folder, download=True)
