"""fit's warning of a row of X_val far past the training data (``far_past.far_past_training``): the
value as X_val holds it, found without a copy of X_val."""
import inspect
import tracemalloc

import numpy as np
import pytest

from neuralab import nn
from neuralab.train.far_past import far_past_training


def _far_past_blobs(n=40):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, 2)).astype(np.float32)
    return X, (X[:, 0] + X[:, 1] > 0).astype(np.float32)


def test_a_negative_marker_is_named_with_its_sign():
    # "-999" was said as "holds 999", a value the user's file does not hold
    X, y = _far_past_blobs()
    X_val = X[:10].copy()
    X_val[4, 0] = -999
    model = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    with pytest.warns(UserWarning, match=r"^row 4 of X_val holds -999, far past every value"):
        model.fit(X, y, loss="bce_logits", optimizer="adam", epochs=1, verbose=0, validation_data=(X_val, y[:10]))


@pytest.mark.parametrize("shape", [(20_000, 100), (5_000, 4, 5, 5)])
def test_the_row_is_found_without_a_copy_of_x_val(shape):
    # the row was found in |X_val[all rows]|: two copies of X_val (6 GB for 1,000,000 images of
    # 784 float32 pixels) whenever the warning fired
    rng = np.random.default_rng(1)
    X = rng.random(shape, dtype=np.float32)
    X_val = rng.random(shape, dtype=np.float32)
    X_val[1234].flat[7] = 255.0                     # pixels 0..255 where training had 0..1
    tracemalloc.start()
    try:
        found = far_past_training(X, X_val)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == (1234, 255.0, float(X.max()))
    assert peak < X_val.nbytes / 10
    assert far_past_training(X, X_val, rows=np.array([3, 1234, 9])) == found   # the divergence's rows
    assert far_past_training(X, X_val, rows=np.array([3, 9])) is None


def test_neuralab_train_names_the_file_s_row_and_the_value_it_holds(tmp_path, capsys):
    # the command said "row 7 of X_val holds -1e+04": a row of a shuffled part the user never sees,
    # and the value standardised, where the file holds -9999000 in its row 12
    from neuralab import cli, data
    from neuralab.cli import dataset as cli_data
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 2)) * [1.0, 1000.0]
    y = (X[:, 0] + X[:, 1] / 1000 > 0).astype(int)
    rows = np.arange(len(y), dtype=float)[:, None]       # the command's split, on row numbers
    _, test_rows, _, _ = data.train_test_split(rows, y, test_size=cli_data.TEST_SIZE, seed=1, stratify=True)
    row = int(test_rows[7, 0])
    X[row, 1] = -9999000
    path = tmp_path / "far.csv"
    path.write_text("a,b,label\n" + "".join(f"{a:.17g},{b:.17g},{c}\n" for (a, b), c in zip(X, y)))
    assert cli.main(["train", "--data", str(path), "--target", "label", "--epochs", "1", "--seed", "1",
                     "--quiet", "--out", str(tmp_path / "run")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"warning: column 'b' holds -9.999e+06 in row {row + 1} of {path} (the test part), far "
                          f"past every value of the training part (")
    assert "X_val" not in err


def test_neuralab_train_blames_a_test_row_not_the_learning_rate_when_only_its_outputs_overflow(tmp_path, capsys):
    # a marker in the test part, which fit never sees with --early-stopping: the run ended with
    # "training diverged: the last update overflowed; try a lower learning rate" though it trained well
    from neuralab import cli, data
    from neuralab.cli import dataset as cli_data
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 2))
    y = X[:, 0] + 2 * X[:, 1]
    rows = np.arange(len(y), dtype=float)[:, None]
    _, test_rows, _, _ = data.train_test_split(rows, y, test_size=cli_data.TEST_SIZE, seed=1)
    row = int(test_rows[5, 0])
    X[row, 0] = 3e38
    path = tmp_path / "far.csv"
    path.write_text("a,b,target\n" + "".join(f"{a:.17g},{b:.17g},{c:.17g}\n" for (a, b), c in zip(X, y)))
    out = tmp_path / "run"
    assert cli.main(["train", "--data", str(path), "--target", "target", "--epochs", "2", "--seed", "1",
                     "--early-stopping", "5", "--quiet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"neuralab: error: the outputs for the test part overflowed (inf or NaN): column 'a' holds "
                          f"3e+38 in row {row + 1} of {path} (the test part), far past every value of the training "
                          f"part (")
    assert err.endswith("Fix or leave out that row; nothing was written\n")
    assert "learning rate" not in err and not out.exists()


def test_neuralab_train_names_the_file_s_row_before_refusing_a_run_whose_test_outputs_overflowed(tmp_path, capsys):
    # without --early-stopping the test part is fit's X_val: its outputs overflow, the run is refused,
    # and the warning naming the file's row, printed after that check, was never printed
    from neuralab import cli, data
    from neuralab.cli import dataset as cli_data
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    rows = np.arange(len(y), dtype=float)[:, None]
    _, test_rows, _, _ = data.train_test_split(rows, y, test_size=cli_data.TEST_SIZE, seed=1, stratify=True)
    row = int(test_rows[5, 0])
    X[row, 0] = 3e38
    path = tmp_path / "far.csv"
    path.write_text("a,b,label\n" + "".join(f"{a:.17g},{b:.17g},{c}\n" for (a, b), c in zip(X, y)))
    assert cli.main(["train", "--data", str(path), "--target", "label", "--epochs", "2", "--seed", "1",
                     "--quiet", "--out", str(tmp_path / "run")]) == 2
    warning, error = capsys.readouterr().err.splitlines()
    assert warning.startswith(f"warning: column 'a' holds 3e+38 in row {row + 1} of {path} (the test part)")
    # fit's "validation data" is what the run calls the test part (it named both)
    assert error.startswith("neuralab: error: training diverged: the outputs for the test part overflowed")


@pytest.mark.parametrize("path", ["model.fit", "train.fit", "Standardizer.fit", "fit_transform"])
def test_each_warning_points_at_the_users_line_whichever_way_the_library_was_called(path):
    # a fixed stacklevel counted for model.fit -> fit -> check: train.fit(model, ...) called
    # directly got its warnings attributed to a frame above the user's line
    from neuralab import data, train
    X, y = _far_past_blobs()
    X_val = X[:10].copy()
    X_val[4, 0] = -999
    model = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    options = dict(loss="bce_logits", optimizer="adam", epochs=1, verbose=0, validation_data=(X_val, y[:10]))
    X_marked = np.vstack([X, [[99999.0, 0.0]]])
    with pytest.warns(UserWarning) as caught:
        if path == "model.fit":
            line = inspect.currentframe().f_lineno + 1
            model.fit(X, y, **options)
        elif path == "train.fit":
            line = inspect.currentframe().f_lineno + 1
            train.fit(model, X, y, **options)
        elif path == "Standardizer.fit":
            line = inspect.currentframe().f_lineno + 1
            data.Standardizer().fit(X_marked)
        else:
            line = inspect.currentframe().f_lineno + 1
            data.Standardizer().fit_transform(X_marked)
    assert [(w.filename, w.lineno) for w in caught] == [(__file__, line)]
