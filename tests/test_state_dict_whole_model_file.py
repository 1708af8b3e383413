"""``model.load_state_dict(np.load(path))`` of a file ``model.save(path)`` wrote: a whole model's
file, its layers in a "__neuralab__" entry beside the weights, not a dict of weights. It is named
so, with the two ways that work, and the model is left as it was."""
import re

import numpy as np
import pytest

import neuralab
from neuralab import nn


def _weights(model):
    return {name: array.copy() for name, array in model.state_dict().items()}


def _refused(model, arrays, path_words):
    """Asserts that loading ``arrays`` is refused with the words of a whole model's file, whose
    path reads ``path_words``, and that ``model``'s weights are as they were."""
    before = _weights(model)
    with pytest.raises(ValueError, match="^" + re.escape(
            "Sequential.load_state_dict: these arrays are a whole model's file, written by model.save(path), its "
            f"layers in the '__neuralab__' entry: neuralab.load({path_words}) reads it as a model; "
            f"model.load_state_dict(neuralab.load({path_words}).state_dict()) puts its weights in this one") + "$"):
        model.load_state_dict(arrays)
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, before[name])


def test_np_load_of_a_saved_model_is_named_a_whole_model_file_and_both_ways_named_work(tmp_path):
    saved, model = nn.MLP([2, 5, 1], rng=0), nn.MLP([2, 5, 1], rng=1)
    path = saved.save(tmp_path / "model.npz")
    _refused(model, np.load(path), repr(str(path)))
    X = np.random.default_rng(0).normal(size=(4, 2)).astype(np.float32)
    np.testing.assert_array_equal(neuralab.load(path).predict(X), saved.predict(X))
    assert model.load_state_dict(neuralab.load(path).state_dict()) == ([], [])
    np.testing.assert_array_equal(model.predict(X), saved.predict(X))


def test_its_arrays_in_a_dict_of_their_own_are_named_so_without_a_file_name(tmp_path):
    path = nn.MLP([3, 2], rng=0).save(tmp_path / "model.npz")
    _refused(nn.MLP([3, 2], rng=1), dict(np.load(path)), "path")


def test_a_saved_model_of_other_sizes_is_named_a_whole_model_file_first(tmp_path):
    # its names differ too, but what to do is the same: read it as the model it is
    path = nn.MLP([4, 8, 3], rng=0).save(tmp_path / "other.npz")
    _refused(nn.MLP([2, 5, 1], rng=1), np.load(path), repr(str(path)))


def test_strict_false_loads_the_weights_it_shares_and_lists_the_header_as_unexpected(tmp_path):
    saved, model = nn.MLP([2, 3], rng=0), nn.MLP([2, 3], rng=1)
    result = model.load_state_dict(np.load(saved.save(tmp_path / "model.npz")), strict=False)
    assert result == ([], ["__neuralab__"])
    for name, array in model.state_dict().items():
        np.testing.assert_array_equal(array, saved.state_dict()[name])
