"""train.CSVLogger, what mutation testing found untested: each test asserts a promise of
csv_logger.py that a small change of the code broke unseen."""
import numpy as np
import pytest

from neuralab import data, nn, train


def test_a_path_naming_a_folder_is_refused_before_the_first_update(tmp_path):
    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 1], output="sigmoid", rng=np.random.default_rng(0))
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"is a folder; name a file inside it, e\.g\. .*log\.csv"):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, callbacks=[train.CSVLogger(tmp_path)])
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))


def _appended_to(path, text):
    """The lines of ``path``, first holding ``text``, after a fit of 2 epochs logged to it with append=True."""
    path.write_text(text)
    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 1], output="sigmoid", rng=np.random.default_rng(0))
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=2, verbose=0, callbacks=[train.CSVLogger(path, append=True)])
    return path.read_text().splitlines()


def test_appending_to_an_empty_file_starts_it_afresh(tmp_path):
    lines = _appended_to(tmp_path / "log.csv", "")
    assert lines[0] == "epoch,loss,accuracy" and [line.split(",")[0] for line in lines[1:]] == ["0", "1"]


def test_appending_to_a_file_of_one_character_keeps_it(tmp_path):
    """Only an empty file starts afresh: "x", a header of one column, stays the log's first column."""
    lines = _appended_to(tmp_path / "log.csv", "x")
    assert lines[0] == "x,epoch,loss,accuracy" and [line.split(",")[:2] for line in lines[1:]] == [["", "0"], ["", "1"]]
