"""A model's class names (``model.class_names``) in its file: saved, loaded, checked against
the model's outputs, refused when a crafted header holds bad ones, absent from older files."""
import json
import re

import numpy as np
import pytest

import neuralab
from neuralab import nn
from neuralab.nn.names import MAX_NAME_CHARS


def _cn_model(sizes=(4, 8, 3), output="softmax"):
    return nn.MLP(list(sizes), output=output, rng=np.random.default_rng(0))


def _cn_craft(tmp_path, model, **header_changes):
    """A copy of ``model``'s file whose JSON header has ``header_changes`` (None removes a key)."""
    with np.load(model.save(tmp_path / "written.npz")) as saved:
        arrays = dict(saved)
    header = json.loads(arrays["__neuralab__"].tobytes())
    header |= header_changes
    header = {key: value for key, value in header.items() if value is not None}
    arrays["__neuralab__"] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    np.savez(tmp_path / "crafted.npz", **arrays)
    return tmp_path / "crafted.npz"


@pytest.mark.parametrize("sizes, output, names", [
    ((4, 8, 3), "softmax", ("setosa", "versicolor", "virginica")),
    ((2, 4, 1), "sigmoid", ("no", "yes")),          # one output: class 0 below 0.5, class 1 from it
    ((2, 4, 2), None, ("cat", "dog")),              # one score (logit) per class
])
def test_class_names_come_back_with_the_model_and_name_its_predictions(tmp_path, sizes, output, names):
    model = _cn_model(sizes, output)
    model.class_names = names
    loaded = neuralab.load(model.save(tmp_path / "m.npz"))
    assert loaded.class_names == names and isinstance(loaded.class_names, tuple)
    X = np.random.default_rng(1).standard_normal((20, sizes[0])).astype(np.float32)
    p, q = model.predict(X), loaded.predict(X)       # predict still gives numbers, as documented
    picked = (p[:, 0] >= 0.5).astype(int) if sizes[-1] == 1 else p.argmax(axis=1)
    again = (q[:, 0] >= 0.5).astype(int) if sizes[-1] == 1 else q.argmax(axis=1)
    assert list(np.array(loaded.class_names)[again]) == [names[k] for k in picked]


def test_a_file_without_class_names_still_loads_with_none(tmp_path):
    # a file written before models kept class names: its header has no "class_names" key
    model = _cn_model()
    model.class_names = ("a", "b", "c")
    old = _cn_craft(tmp_path, model, class_names=None)
    with np.load(old) as saved:
        assert "class_names" not in json.loads(saved["__neuralab__"].tobytes())
    loaded = neuralab.load(old)
    assert loaded.class_names is None
    X = np.ones((2, 4), np.float32)
    assert np.array_equal(loaded.predict(X), model.predict(X))
    assert neuralab.load(_cn_model().save(tmp_path / "plain.npz")).class_names is None


@pytest.mark.parametrize("names, message", [
    ("abc", "'class_names' must be a list of class names"),
    ({"0": "a"}, "'class_names' must be a list of class names"),
    ([], "'class_names' must be a list of class names"),
    (["a", 1, "c"], "'class_names' must be a list of class names"),
    (["a", "b"], "'class_names' names 2 classes for a model of 3 outputs, which needs 3"),
    (["a", "b", "c", "d"], "'class_names' names 4 classes for a model of 3 outputs"),
    (["a", "x" * (MAX_NAME_CHARS + 1), "c"], "'class_names' holds a name of 1,001 characters"),
    (["a", "b", "a"], "'class_names' names the class 'a' twice"),   # a prediction of 'a': which class?
])
def test_a_crafted_header_with_bad_class_names_is_refused(tmp_path, names, message):
    crafted = _cn_craft(tmp_path, _cn_model(), class_names=names)
    with pytest.raises(ValueError, match=f"not a valid neuralab model file: {message}"):
        neuralab.load(crafted)


@pytest.mark.parametrize("names, message", [
    (["yes"], "'class_names' names one class, 'yes'; a classifier tells at least two apart"),
    (["no", "maybe", "yes"], "names 3 classes for a model of 1 output, which needs 2"),
])
def test_one_output_needs_exactly_two_class_names(tmp_path, names, message):
    crafted = _cn_craft(tmp_path, _cn_model((2, 4, 1), "sigmoid"), class_names=names)
    with pytest.raises(ValueError, match=message):
        neuralab.load(crafted)


def test_save_refuses_class_names_that_load_would_refuse_and_writes_nothing(tmp_path):
    model = _cn_model()
    for names, message in [(("a", 2, "c"), "'class_names' must be a list of class names"),
                           (("a", "b" * (MAX_NAME_CHARS + 1), "c"), "the class name 'b{27}…b{13}' has 1,001 "
                            "characters, more than the 1,000 a saved model keeps: shorten it in model.class_names$"),
                           (("a", "b", "a"), "'class_names' names the class 'a' twice")]:
        model.class_names = names
        with pytest.raises(ValueError, match=f"cannot save: {message}"):
            model.save(tmp_path / "m.npz")
    assert not list(tmp_path.iterdir())


def test_a_new_head_leaves_the_old_class_names_out_of_the_file(tmp_path):
    # names of 3 classes no longer name the 5 outputs of a replaced head (as feature_names
    # no longer name a replaced first layer's inputs): the file does not claim them
    model = _cn_model()
    model.class_names = ("a", "b", "c")
    model[-2] = nn.Dense(8, 5)
    assert neuralab.load(model.save(tmp_path / "m.npz")).class_names is None
    model.class_names = tuple("vwxyz")
    assert neuralab.load(model.save(tmp_path / "m.npz")).class_names == tuple("vwxyz")


def test_summary_names_the_classes_by_index():
    model = _cn_model()
    assert "Classes" not in model.summary(print_fn=None)
    model.class_names = ("setosa", "versicolor", "virginica")
    assert model.summary(print_fn=None).endswith(
        "Classes (model.class_names): 0 = 'setosa', 1 = 'versicolor', 2 = 'virginica'")
    many = _cn_model((4, 8, 30))
    many.class_names = tuple(f"c{k}" for k in range(30))
    assert many.summary(print_fn=None).endswith("9 = 'c9', and 20 more")


def test_summary_leaves_out_the_class_names_of_a_replaced_head_as_save_does(tmp_path):
    # a new head of 5 outputs: the 3 names are another model's classes; the table listed them
    model = _cn_model((4, 16, 3), output=None)
    model.class_names = ("setosa", "versicolor", "virginica")
    model[-1] = nn.Dense(16, 5)
    assert "Classes" not in model.summary(print_fn=None)
    assert neuralab.load(model.save(tmp_path / "m.npz")).class_names is None
    model.class_names = tuple("vwxyz")                      # names of its 5 outputs: listed again
    assert model.summary(print_fn=None).endswith("4 = 'z'")


def test_summary_cuts_a_long_class_name_keeping_its_start_and_end():
    # a name of 1,000 characters (what a model file keeps) made a line of 1,000+ characters
    model = _cn_model()
    model.class_names = ("a" * 990 + " region 1", "a" * 990 + " region 2", "c")
    line = model.summary(print_fn=None).splitlines()[-1]
    assert len(line) < 200
    first, second = re.findall(r"\d = '([^']*)'", line)[:2]
    assert first.startswith("aaa") and "…" in first and first.endswith(" region 1") and len(first) == 40
    assert second.endswith(" region 2")                     # told apart by their end, as whole


def test_a_model_whose_output_width_is_unknown_still_needs_two_class_names(tmp_path):
    # no layer at its end says how many outputs it gives (no out_features): the count is not
    # checked against a width, but one name is no classifier's
    model = nn.Sequential(nn.PlaneFeatures(["x1", "x2", "x1*x2"]))
    model.class_names = ("a", "b", "c")
    assert neuralab.load(model.save(tmp_path / "m.npz")).class_names == ("a", "b", "c")
    with pytest.raises(ValueError, match="'class_names' names one class, 'a'; a classifier tells at least two apart"):
        neuralab.load(_cn_craft(tmp_path, model, class_names=["a"]))


def test_class_names_given_as_an_array_are_saved_as_texts(tmp_path):
    # what np.unique of the labels (or LabelEncoder().classes_) gives: NumPy texts in an array
    model = _cn_model()
    model.class_names = np.unique(np.array(["virginica", "setosa", "versicolor", "setosa"]))
    assert "0 = 'setosa', 1 = 'versicolor'" in model.summary(print_fn=None)
    assert neuralab.load(model.save(tmp_path / "m.npz")).class_names == ("setosa", "versicolor", "virginica")
    model.class_names = np.arange(3)                     # numbers are no names: refused by type
    with pytest.raises(ValueError, match=r"cannot save: 'class_names' must be a list of class names \(texts: "
                       r"numbers written as texts, tuple\(map\(str, names\)\)\), got \[0, 1, 2\]"):
        model.save(tmp_path / "other.npz")


def test_a_crafted_header_with_a_huge_column_name_is_refused_too(tmp_path):
    # the one check of a list of names in the header serves feature_names as well
    model = _cn_model((2, 4, 2))
    crafted = _cn_craft(tmp_path, model, feature_names=["x1", "x" * (MAX_NAME_CHARS + 1)])
    with pytest.raises(ValueError, match="'feature_names' holds a name of 1,001 characters; a name may have at most 1,000"):
        neuralab.load(crafted)
