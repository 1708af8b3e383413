"""`neuralab train`'s precision, recall, F1 and confusion matrices: in the table and metrics.json,
each part's numbers those of its own confusion matrix, for every head the run can choose (the
threshold of logits included), and the line that says whose numbers they are."""
import json

import numpy as np
import pytest
from sklearn import metrics as sk

from neuralab import cli
from neuralab.cli.report import scores_note


def _run_for_scores(tmp_path, capsys, *options):
    """Runs ``neuralab train`` quietly into tmp_path/run; (printed lines, metrics.json)."""
    assert cli.main(["train", "--quiet", "--out", str(tmp_path / "run"), *options]) == 0
    report = json.loads((tmp_path / "run" / "metrics.json").read_text())
    return capsys.readouterr().out.splitlines(), report


def _pairs_of(matrix):
    """The (true, predicted) class of each sample that a confusion matrix counts."""
    matrix = np.asarray(matrix)
    true, guess = np.nonzero(matrix)
    counts = matrix[true, guess]
    return np.repeat(true, counts), np.repeat(guess, counts)


@pytest.mark.parametrize("options, average", [
    (["--dataset", "moons", "--epochs", "5"], "binary"),                                     # sigmoid, bce
    (["--dataset", "moons", "--epochs", "5", "--output", "identity"], "binary"),             # logits, bce_logits
    (["--dataset", "moons", "--epochs", "5", "--loss", "cross_entropy"], "binary"),          # two softmax outputs
    (["--dataset", "iris", "--epochs", "8"], "macro"),
    (["--dataset", "iris", "--epochs", "8", "--loss", "mse", "--output", "identity"], "macro"),  # one-hot targets
])
def test_each_part_s_scores_are_those_of_its_confusion_matrix(tmp_path, capsys, options, average):
    lines, report = _run_for_scores(tmp_path, capsys, *options)
    header = next(line.split() for line in lines if line.split()[:1] == ["loss"])
    assert header == ["loss", "accuracy", "precision", "recall", "f1"]
    k = len(report["classes"])
    for part in ("train", "test"):
        matrix = np.array(report["confusion_matrix"][part])
        assert matrix.shape == (k, k)
        true, guess = _pairs_of(matrix)
        scores = report["results"][part]
        assert scores["accuracy"] == pytest.approx(np.trace(matrix) / matrix.sum(), abs=1e-12)
        kwargs = {"average": average, "zero_division": 0, **({"labels": [0, 1]} if average == "binary" else {})}
        for name, theirs in (("precision", sk.precision_score), ("recall", sk.recall_score), ("f1", sk.f1_score)):
            assert scores[name] == pytest.approx(theirs(true, guess, **kwargs), abs=1e-12), (part, name)
    assert report["confusion_matrix"]["rows"] == "true class"
    note = (f"those of class 1 ({report['classes'][1]!r}), the positive class" if average == "binary" else
            "macro averages, the mean of the 3 classes' own")
    assert f"precision, recall, f1: {note}" in lines


def test_a_regression_has_no_class_scores(tmp_path, capsys):
    _, report = _run_for_scores(tmp_path, capsys, "--dataset", "sine", "--epochs", "2")
    assert report["confusion_matrix"] is None and "f1" not in report["results"]["test"]


def test_the_common_class_as_class_1_is_said_and_its_recall_is_the_matrix_s(tmp_path, capsys):
    # 'fraud' < 'ok': class 1 is the common one, whose precision and recall are near 1 whatever
    # the model finds of the fraud
    rng = np.random.default_rng(0)
    rows = [f"{rng.normal():.3f},{rng.normal():.3f},{'fraud' if i % 20 == 0 else 'ok'}" for i in range(300)]
    (tmp_path / "fraud.csv").write_text("a,b,label\n" + "\n".join(rows) + "\n")
    lines, report = _run_for_scores(tmp_path, capsys, "--data", str(tmp_path / "fraud.csv"), "--target", "label",
                                    "--epochs", "3")
    assert ("precision, recall, f1: those of class 1 ('ok'), here the common class; the rare one's recall is "
            "its share found, below") in lines
    matrix = np.array(report["confusion_matrix"]["test"])
    assert report["class_recall"] == pytest.approx({"fraud": matrix[0, 0] / matrix[0].sum(),
                                                    "ok": matrix[1, 1] / matrix[1].sum()})


def test_the_note_names_class_1_only_when_it_has_a_name_of_its_own():
    assert scores_note(["0", "1"], (0.5, "0")) == "precision, recall, f1: those of class 1, the positive class"
    assert scores_note(["no", "yes"], (0.6, "no")) == "precision, recall, f1: those of class 1 ('yes'), the positive class"
    assert scores_note(["a", "b", "c", "d"], (0.9, "a")) == ("precision, recall, f1: macro averages, the mean of "
                                                            "the 4 classes' own")
