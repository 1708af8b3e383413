"""``neuralab train`` saves a classifier with its class names: the model file alone turns a
prediction into the label the CSV wrote."""
import numpy as np
import pytest

from neuralab import cli, load


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
