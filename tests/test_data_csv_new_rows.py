"""New rows for a trained model, read by load_csv as the training file was: their classes numbered
as the model's (class_names), and a file of features alone (target=None) for predict."""
import re

import numpy as np
import pytest

import neuralab
from neuralab import nn
from neuralab.data import Dataset, load_csv

RISKS = "f1,f2,risk\n0.1,1,low\n0.9,2,high\n0.5,3,medium\n0.2,4,low\n0.8,5,high\n"


def _write_new_rows(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_new_rows_lacking_a_class_are_numbered_as_the_model_classes(tmp_path):
    train = load_csv(_write_new_rows(tmp_path, "train.csv", RISKS), "risk")
    assert train.class_names == ("high", "low", "medium")
    new_rows = _write_new_rows(tmp_path, "new.csv", "f1,f2,risk\n0.4,1,medium\n0.1,2,low\n0.3,3,medium\n")
    # numbered from the file alone, "low" would be 0, the model's "high"
    assert load_csv(new_rows, "risk").y.tolist() == [1, 0, 1]
    new = load_csv(new_rows, "risk", class_names=train.class_names)
    assert new.y.tolist() == [2, 1, 2] and new.class_names == train.class_names and new.n_classes == 3
    assert new.task == "multiclass"
    # one class only is no refusal here: the model's classes say what there is to tell apart
    one = load_csv(_write_new_rows(tmp_path, "one.csv", "f1,f2,risk\n0.4,1,low\n"), "risk",
                   class_names=train.class_names)
    assert one.y.tolist() == [1]


def test_a_saved_model_class_names_number_new_rows_of_numbers_as_its_training_did(tmp_path):
    train = load_csv(_write_new_rows(tmp_path, "train.csv", "a,label\n1,0\n2,1\n3,0\n4,1\n"), "label")
    model = nn.MLP([1, 2], output="softmax")
    model.class_names = train.class_names
    model.save(tmp_path / "model.npz")
    saved = neuralab.load(tmp_path / "model.npz")
    new = load_csv(_write_new_rows(tmp_path, "new.csv", "a,label\n5,1\n6,1.0\n"), "label",
                   class_names=saved.class_names)
    assert new.y.tolist() == [1, 1] and new.task == "binary"


def test_a_class_the_model_does_not_know_is_refused_at_its_cell(tmp_path):
    path = _write_new_rows(tmp_path, "new.csv", "f1,f2,risk\n0.4,1,low\n0.1,2,extreme\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'risk', row 2 (line 3): 'extreme' is not one of the classes class_names gives, 'high', "
            f"'low', 'medium', so the model has no output for it: drop the row, or train again on data that holds "
            f"it") + "$"):
        load_csv(path, "risk", class_names=("high", "low", "medium"))


@pytest.mark.parametrize("class_names, error, message", [
    ("high", TypeError, "class_names must be a list of at least two class names"),
    (["high"], TypeError, "class_names must be a list of at least two class names"),
    (["a", "a"], ValueError, r"class_names names a class twice: \('a', 'a'\)$"),
])
def test_class_names_of_the_wrong_form_are_refused(tmp_path, class_names, error, message):
    with pytest.raises(error, match=message):
        load_csv(_write_new_rows(tmp_path, "train.csv", RISKS), "risk", class_names=class_names)


def test_a_file_of_features_alone_is_read_for_predict_encoded_as_the_training_file(tmp_path):
    train = load_csv(_write_new_rows(tmp_path, "train.csv", "port,fare,y\nS,7,0\nC,70,1\nQ,9,0\nS,50,1\n"), "y",
                     one_hot=["port"])
    new = load_csv(_write_new_rows(tmp_path, "new.csv", "port,fare\nC,8\nS,60\n"), None, one_hot=train.categories)
    assert new.y is None and new.task is None and new.class_names is None
    assert new.feature_names == train.feature_names == ("fare", "port_C", "port_Q", "port_S")
    assert new.X.tolist() == [[8, 1, 0, 0], [60, 0, 0, 1]]
    X, y = new
    assert y is None and X is new.X
    # the same checks as with a target: a port the training file lacks, a missing fare
    with pytest.raises(ValueError, match=r"column 'port', row 1 \(line 2\): 'X' is not one of the categories"):
        load_csv(_write_new_rows(tmp_path, "bad.csv", "port,fare\nX,8\n"), None, one_hot=train.categories)
    with pytest.raises(ValueError, match=r"column 'fare', row 1 \(line 2\): empty cell"):
        load_csv(_write_new_rows(tmp_path, "gap.csv", "port,fare\nS,\n"), None, one_hot=train.categories)
    with pytest.raises(ValueError, match="class_names numbers the target's classes, and target=None reads no target"):
        load_csv(_write_new_rows(tmp_path, "new2.csv", "port,fare\nC,8\n"), None, class_names=["0", "1"])


def test_a_dataset_without_targets_has_no_task(tmp_path):
    assert len(Dataset(X=np.zeros((3, 2)), y=None, task=None)) == 3
    with pytest.raises(ValueError, match=r"a Dataset without targets \(y=None, rows to predict\) has task=None"):
        Dataset(X=np.zeros((3, 2)), y=None, task="binary")
    with pytest.raises(ValueError, match="task must be one of binary, multiclass, regression, got None"):
        Dataset(X=np.zeros((3, 2)), y=np.zeros(3), task=None)
