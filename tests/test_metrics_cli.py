"""`neuralab train`'s precision, recall, F1 and confusion matrices: in the table and metrics.json,
each part's numbers those of its own confusion matrix, for every head the run can choose (the
threshold of logits included), and the line that says whose numbers they are; each class's row
on the test part (scikit-learn's classification_report), and the notes on imbalanced classes:
--class-weight named when a rare class is barely found, what it bought when used, and a tie
for the most common class said as one."""
import json

import numpy as np
import pytest
from sklearn import metrics as sk

from neuralab import cli
from neuralab.cli.report import class_rows, class_summary, scores_note
from neuralab.train.classification_report import report_from_confusion
from spreadsheets import imbalanced_csv


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


def test_each_class_s_row_is_printed_and_recorded_as_scikit_learn_reports_it(tmp_path, capsys):
    # class 1, 'ok', is the common one, whose precision and recall are near 1 whatever the model
    # finds of the fraud: the rare class's numbers appeared nowhere
    csv = imbalanced_csv(tmp_path / "fraud.csv", every=20)
    lines, report = _run_for_scores(tmp_path, capsys, "--data", str(csv), "--target", "label", "--epochs", "3")
    assert ("precision, recall, f1: those of class 1 ('ok'), here the common class; the rare one's are in its "
            "row below") in lines
    true, guess = _pairs_of(report["confusion_matrix"]["test"])
    theirs = sk.classification_report(true, guess, labels=[0, 1], target_names=["fraud", "ok"], zero_division=0,
                                      output_dict=True)
    ours = report["class_report"]
    for name in ("fraud", "ok"):
        row = ours["classes"][name]
        assert [row["precision"], row["recall"], row["f1"], row["support"]] == pytest.approx(
            [theirs[name][key] for key in ("precision", "recall", "f1-score", "support")], abs=1e-12)
        # the printed row: its name, then the four numbers as the table writes them
        printed = [name, *(f"{row[key]:.4f}" for key in ("precision", "recall", "f1")), str(row["support"])]
        assert printed in [line.split() for line in lines]
    assert ours["accuracy"] == pytest.approx(report["results"]["test"]["accuracy"], abs=1e-12)
    assert "each class (test):" in lines


def test_a_rare_class_barely_found_names_class_weight_and_a_weighted_run_says_what_it_bought(tmp_path, capsys):
    csv = imbalanced_csv(tmp_path / "fraud.csv", every=5)
    lines, report = _run_for_scores(tmp_path, capsys, "--data", str(csv), "--target", "label", "--epochs", "20")
    fraud = report["class_report"]["classes"]["fraud"]
    assert fraud["recall"] < 0.5     # noise features: the unweighted loss is best answering 'ok'
    hint = next(line for line in lines if "--class-weight balanced" in line)
    assert hint.startswith(f"note: the model finds {round(fraud['recall'] * fraud['support'])} of the "
                           f"{fraud['support']} test rows of 'fraud' (recall {fraud['recall']:.4f}): train with "
                           f"--class-weight balanced")
    lines, report = _run_for_scores(tmp_path, capsys, "--data", str(csv), "--target", "label", "--epochs", "20",
                                    "--class-weight", "balanced")
    fraud = report["class_report"]["classes"]["fraud"]
    assert fraud["recall"] > 0       # weighed as much as 'ok', the fraud is answered somewhere
    bought = next(line for line in lines if line.startswith("note: with --class-weight"))
    assert (f"finds {round(fraud['recall'] * fraud['support'])} of the {fraud['support']} test rows of 'fraud' "
            f"(recall {fraud['recall']:.4f}), which always answering 'ok' never does") in bought
    assert f"the test accuracy is {report['results']['test']['accuracy']:.4f}" in bought
    assert not any("no better than" in line or "--class-weight balanced" in line for line in lines)


def _summary_of(matrix, names, weighted=False):
    return class_summary(np.array(matrix), names, weighted)


def test_a_tie_for_the_most_common_class_is_said_as_one():
    # 70/70 reported class '0' as the most common one, at 0.5
    summary = _summary_of([[30, 40], [40, 30]], ["0", "1"])
    assert ("note: the two classes are equally common (50.0% of the test rows each): always answering one "
            "scores 0.5000; the test accuracy is no better than that") in summary.text
    assert summary.majority_baseline == {"class": None, "accuracy": 0.5, "equally_common": ["0", "1"]}
    summary = _summary_of([[10, 20, 0], [20, 10, 0], [5, 5, 10]], ["a", "b", "c"])   # two of three tied
    assert "note: 'a' and 'b' are equally common (37.5% of the test rows each)" in summary.text
    summary = _summary_of([[10, 30], [20, 40]], ["no", "yes"])                       # no tie: named
    assert "always answering 'yes', the most common class (60.0% of the test rows)" in summary.text
    assert summary.majority_baseline["class"] == "yes"


def test_the_notes_on_a_rare_class():
    found_half = _summary_of([[5, 5], [2, 88]], ["fraud", "legit"])
    assert "--class-weight" not in found_half.text                  # found well enough: nothing to add
    missed = _summary_of([[1, 9], [2, 88]], ["fraud", "legit"])
    assert "note: the model finds 1 of the 10 test rows of 'fraud' (recall 0.1000): train with" in missed.text
    too_few = _summary_of([[0, 2], [0, 12]], ["fraud", "legit"])
    assert "--class-weight" not in too_few.text                     # 2 of 14 test rows: rare by chance, maybe
    balanced = _summary_of([[40, 40], [40, 40]], ["a", "b"])
    assert "--class-weight" not in balanced.text                    # no rare class: weights are no remedy
    two_rare = _summary_of([[2, 8, 0], [0, 80, 0], [0, 10, 0]], ["mild", "none", "severe"])
    assert ("finds 2 of the 10 test rows of 'mild' (recall 0.2000) and 0 of the 10 rows of 'severe' (recall "
            "0.0000): train with --class-weight balanced") in two_rare.text
    weighted = _summary_of([[6, 4], [10, 80]], ["fraud", "legit"], weighted=True)
    assert weighted.text.endswith("note: with --class-weight the model finds 6 of the 10 test rows of 'fraud' "
                                  "(recall 0.6000), which always answering 'legit' never does; the weights trade "
                                  "accuracy for it: the test accuracy is 0.8600, below the 0.9000 of always "
                                  "answering 'legit'")
    still = _summary_of([[0, 10], [0, 90]], ["fraud", "legit"], weighted=True)
    assert still.text.endswith("note: with --class-weight the model still finds 0 of the 10 test rows of 'fraud' "
                               "(recall 0.0000): weigh it more (--class-weight CLASS:W, W above the balanced "
                               "weight), or add features that tell it apart")


@pytest.mark.parametrize("weights", [[], ["--class-weight", "balanced"]])
def test_features_of_one_value_get_no_word_of_class_weights(tmp_path, capsys, weights):
    # every row the same features: the model answers them all alike, and a class weight only chooses
    # which class that is; "train with --class-weight balanced" (or "weigh it more") cannot help
    csv = tmp_path / "blank.csv"
    csv.write_text("a,b,label\n" + "".join(f"1.5,2,{'fraud' if i % 5 == 0 else 'ok'}\n" for i in range(300)))
    lines, report = _run_for_scores(tmp_path, capsys, "--data", str(csv), "--target", "label", "--epochs", "5",
                                    *weights)
    assert 0 in np.array(report["confusion_matrix"]["test"]).sum(axis=0)     # one answer for every row
    assert not any("class-weight" in line for line in lines), lines
    assert any(line.startswith("note: always answering 'ok', the most common class") for line in lines)
    # the same scores from features that vary name the weights, with or without them
    for weighted in (False, True):
        assert "--class-weight" in _summary_of([[0, 12], [0, 48]], ["fraud", "ok"], weighted).text
        assert "--class-weight" not in class_summary(np.array([[0, 12], [0, 48]]), ["fraud", "ok"], weighted,
                                                     uninformative=True).text


def test_many_classes_print_the_rows_of_the_lowest_f1():
    k = 12
    matrix = np.diag(np.arange(10, 10 + k))
    matrix[np.arange(5), (np.arange(5) + 1) % k] = 50          # classes 0..4 half missed: the lowest F1
    report = report_from_confusion(matrix, [f"c{c}" for c in range(k)])
    text = class_rows(report).splitlines()
    assert text[0] == 'the 5 classes of the lowest F1 (test), of 12 (all in metrics.json, "class_report"):'
    assert [line.split()[0] for line in text[2:]] == ["c0", "c1", "c2", "c3", "c4"]
    assert len(class_rows(report_from_confusion(matrix[:10, :10], [f"c{c}" for c in range(10)])).splitlines()) == 12


def test_the_note_names_class_1_only_when_it_has_a_name_of_its_own():
    assert scores_note(["0", "1"], ("0",), 0.5) == "precision, recall, f1: those of class 1, the positive class"
    assert scores_note(["no", "yes"], ("no",), 0.6) == "precision, recall, f1: those of class 1 ('yes'), the positive class"
    assert scores_note(["a", "b", "c", "d"], ("a",), 0.9) == ("precision, recall, f1: macro averages, the mean of "
                                                             "the 4 classes' own")
