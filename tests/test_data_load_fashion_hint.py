"""``help(data.mnist)`` documents fashion=False, but ``data.load`` chooses Fashion-MNIST by its name:
the refused option names the call that loads it."""
import re

import pytest

from neuralab import data


@pytest.mark.parametrize("name, fashion", [("mnist", True), ("mnist", False), ("fashion_mnist", True)])
def test_load_with_mnists_fashion_option_names_the_fashion_mnist_dataset(name, fashion, tmp_path):
    with pytest.raises(ValueError, match=re.escape(
            f"unknown option 'fashion' for dataset {name!r} (the name chooses Fashion-MNIST here: "
            f'data.load("fashion_mnist", directory=...), as data.mnist(directory, fashion=True) does); '
            f"valid options: directory, kind, path")):
        data.load(name, directory=tmp_path, fashion=fashion)
    assert "fashion_mnist" in data.names()


def test_other_unknown_mnist_options_keep_the_closest_name():
    with pytest.raises(ValueError, match=r"unknown option 'knd' for dataset 'mnist' \(did you mean 'kind'\?\)"):
        data.load("mnist", directory=".", knd="test")
