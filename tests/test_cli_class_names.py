"""``neuralab train`` saves a classifier with its class names: the model file alone turns a
prediction into the label the CSV wrote."""
import numpy as np
import pytest

from neuralab import cli, load
from neuralab.nn.names import MAX_NAME_CHARS


def _cn_write_csv(path, header, rows):
    path.write_text("\n".join([",".join(header)] + [",".join(map(str, row)) for row in rows]) + "\n")
    return str(path)


def test_a_text_target_csv_gives_a_model_whose_class_names_map_predictions_to_the_labels(tmp_path):
    # three flowers that the two columns tell apart; the labels are given out of sorted order
    rng = np.random.default_rng(2)
    labels = np.array(["virginica", "setosa", "versicolor"])[np.arange(90) % 3]
    centre = {"setosa": (0, 0), "versicolor": (3, 0), "virginica": (0, 3)}
    X = np.array([centre[k] for k in labels]) + 0.3 * rng.standard_normal((90, 2))
    path = _cn_write_csv(tmp_path / "flowers.csv", ["petal", "species", "sepal"],
                         [(f"{a:.3f}", k, f"{b:.3f}") for (a, b), k in zip(X, labels)])
    assert cli.main(["train", "--data", path, "--target", "species", "--epochs", "40", "--quiet",
                     "--out", str(tmp_path / "out")]) == 0
    model = load(tmp_path / "out" / "model.npz")
    assert model.class_names == ("setosa", "versicolor", "virginica")
    named = np.array(model.class_names)[model.predict(X.astype(np.float32)).argmax(axis=1)]
    assert (named == labels).mean() > 0.95


def test_a_binary_text_target_names_the_class_of_one_sigmoid_output(tmp_path):
    rng = np.random.default_rng(6)
    X = rng.standard_normal((60, 2))
    labels = np.where(X[:, 0] > 0, "Yes", "no")          # "Yes" sorts first: class 0
    path = _cn_write_csv(tmp_path / "flags.csv", ["a", "flag", "b"],
                         [(f"{a:.3f}", k, f"{b:.3f}") for (a, b), k in zip(X, labels)])
    assert cli.main(["train", "--data", path, "--target", "flag", "--epochs", "30", "--quiet",
                     "--out", str(tmp_path / "out")]) == 0
    model = load(tmp_path / "out" / "model.npz")
    p = model.predict(X.astype(np.float32))
    assert model.class_names == ("Yes", "no") and p.shape == (60, 1)
    assert (np.array(model.class_names)[(p[:, 0] >= 0.5).astype(int)] == labels).mean() > 0.9


@pytest.mark.parametrize("args, names", [
    (["--dataset", "iris"], ("setosa", "versicolor", "virginica")),
    (["--dataset", "moons"], ("upper", "lower")),
    (["--dataset", "spiral"], ("0", "1")),                  # classes named by their numbers
])
def test_a_built_in_classifier_keeps_its_dataset_class_names(tmp_path, args, names):
    assert cli.main(["train", *args, "--epochs", "2", "--quiet", "--out", str(tmp_path / "c")]) == 0
    assert load(tmp_path / "c" / "model.npz").class_names == names


def test_a_regression_model_has_no_class_names(tmp_path):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((40, 2))
    path = _cn_write_csv(tmp_path / "houses.csv", ["rooms", "age", "price"],
                         [(f"{a:.3f}", f"{b:.3f}", f"{100 + 10 * a:.2f}") for a, b in X])
    assert cli.main(["train", "--data", path, "--target", "price", "--epochs", "2", "--quiet",
                     "--out", str(tmp_path / "r")]) == 0
    assert load(tmp_path / "r" / "model.npz").class_names is None


@pytest.mark.parametrize("long_in", ["column", "class"])
def test_a_name_too_long_for_the_model_file_is_refused_before_training(tmp_path, capsys, long_in):
    """A column or class name of more than MAX_NAME_CHARS characters trained the whole run, then
    failed at its last step, the save ("cannot save: 'feature_names' holds a name of 1,001
    characters"); it is refused before any training, in one line naming it, its length and the
    fix, and no output folder is made. A column name of MAX_NAME_CHARS is kept, and loads back."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal((40, 2))
    lengths = (MAX_NAME_CHARS + 1, MAX_NAME_CHARS) if long_in == "column" else (MAX_NAME_CHARS + 1,)
    for length, out in zip(lengths, (tmp_path / "refused", tmp_path / "kept")):
        name = "n" * length
        header = ["a", name, "t"] if long_in == "column" else ["a", "b", "t"]
        labels = np.where(X[:, 0] > 0, name, "short") if long_in == "class" else (X[:, 0] > 0).astype(int)
        path = _cn_write_csv(tmp_path / "long.csv", header,
                             [(f"{a:.3f}", f"{b:.3f}", k) for (a, b), k in zip(X, labels)])
        code = cli.main(["train", "--data", path, "--target", "t", "--epochs", "2", "--quiet", "--out", str(out)])
        captured = capsys.readouterr()
        if length > MAX_NAME_CHARS:
            fix = ("shorten it in the file's header" if long_in == "column" else
                   "shorten it in column 't', or choose another --target")
            assert code == 2 and captured.out == "" and not out.exists()
            assert captured.err == (f"neuralab: error: {path}: the {long_in} name {'n' * 27 + '…' + 'n' * 13!r} has 1,001 "
                                    f"characters, more than the 1,000 a saved model keeps: {fix}\n")
        else:
            assert code == 0, captured.err
            model = load(out / "model.npz")
            assert name in (model.feature_names if long_in == "column" else model.class_names)


def test_a_long_name_holding_an_options_word_is_said_as_written(tmp_path, capsys):
    # the refusal names the column as the file writes it: 'seed lr …' is no --seed nor --lr
    name = ("seed lr " * 126).strip()   # 1,007 characters
    path = _cn_write_csv(tmp_path / "long.csv", ["a", name, "t"], [(f"{i}", f"{i % 3}", i % 2) for i in range(20)])
    assert cli.main(["train", "--data", path, "--target", "t", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"the column name {name[:27] + '…' + name[-13:]!r} has 1,007 characters" in err and "--" not in err
