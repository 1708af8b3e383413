"""neuralab at sizes past the toy sets: many rows through predict and evaluate, many classes
through fit, a large CSV. Memory is measured with tracemalloc (NumPy reports its arrays to it),
at sizes small enough to keep the module fast, against bounds that the code before these fixes
broke by a factor of two or more."""
import re
import tracemalloc

import numpy as np
import pytest
import torch

from neuralab import nn, optim
from neuralab.data import csv as csv_module
from neuralab.data import load_csv
from neuralab.train.metrics import accuracy


def _scale_peak(function):
    """(what ``function()`` returns, the peak of the memory it allocated in bytes, the memory it
    left allocated in bytes)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = function()
        now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - before, now - before


def _scale_rows_seen(model):
    """Wraps ``model.forward`` to record the rows and mode of each pass; returns that list."""
    passes, forward = [], model.forward

    def spy(x, training=False):
        passes.append((len(x), training))
        return forward(x, training=training)

    model.forward = spy
    return passes


def test_predict_runs_in_batches_by_default_and_full_in_one_pass():
    rng = np.random.default_rng(0)
    model = nn.MLP([8, 16, 3])
    X = rng.standard_normal((10_000, 8)).astype(np.float32)
    one_pass = model.forward(X)
    passes = _scale_rows_seen(model)
    out = model.predict(X)
    assert [rows for rows, _ in passes] == [4096, 4096, 1808]
    # BLAS may round a row differently for another number of rows: equal up to rounding
    np.testing.assert_allclose(out, one_pass, rtol=1e-5, atol=1e-6)
    passes.clear()
    model.predict(X, batch_size="full")
    assert [rows for rows, _ in passes] == [10_000]
    passes.clear()
    model.predict(X, batch_size=3000)
    assert [rows for rows, _ in passes] == [3000, 3000, 3000, 1000]


def test_predict_of_many_rows_holds_one_batch_of_activations():
    """20,000 rows through a layer of 1024: 80 MB of activations per layer in one pass; in
    batches, a batch's, and not a copy of X for the check of its values either."""
    rng = np.random.default_rng(1)
    model = nn.Sequential(nn.Dense(64, 1024), nn.ReLU(), nn.Dense(1024, 4))
    X = rng.standard_normal((20_000, 64)).astype(np.float32)
    out, peak, kept = _scale_peak(lambda: model.predict(X))
    layer = 20_000 * 1024 * 4  # one pass: the Dense layer's output, and the ReLU's
    assert peak < layer, f"predict allocated {peak / 2**20:.0f} MB at its peak"
    assert kept < layer / 2, f"predict left {kept / 2**20:.0f} MB behind (the layers' caches)"
    np.testing.assert_allclose(out, model.predict(X, batch_size="full"), rtol=1e-5, atol=1e-6)


def test_the_check_of_a_large_x_for_nan_takes_no_array_of_its_shape():
    X = np.random.default_rng(8).standard_normal((200_000, 16)).astype(np.float32)
    model = nn.Sequential(nn.Dense(16, 1))
    model.predict(X[:8])  # the first call's imports are no part of the measure
    _, peak, _ = _scale_peak(lambda: model.predict(X))
    assert peak < X.nbytes / 8, f"predict allocated {peak / X.nbytes:.2f} times X's size"
    for bad in (np.nan, np.inf, -np.inf):
        X[123_456, 7] = bad
        with pytest.raises(ValueError, match=re.escape("X contains NaN or inf (first at index (123456, 7))")):
            model.predict(X)


def test_evaluate_of_many_classes_matches_torch_without_copies_of_the_outputs(float64):
    """10,000 samples of 600 classes, with sample weights: the loss is torch's weighted
    cross-entropy over all of them, though computed in chunks, and evaluate leaves no copy of the
    outputs behind (the loss caching the log-probabilities of every sample of the set)."""
    rng = np.random.default_rng(2)
    n, k = 10_000, 600
    model = nn.Sequential(nn.Dense(16, k))
    X, y = rng.standard_normal((n, 16)), rng.integers(0, k, n)
    w = rng.uniform(0, 2, n)
    scores, peak, kept = _scale_peak(lambda: model.evaluate(X, y, loss="cross_entropy", sample_weight=w))
    logits = torch.tensor(model.predict(X))
    per_sample = torch.nn.functional.cross_entropy(logits, torch.tensor(y), reduction="none")
    expected = float((per_sample * torch.tensor(w)).sum() / w.sum())
    assert scores["loss"] == pytest.approx(expected, rel=1e-12)
    assert scores["accuracy"] == np.mean(logits.numpy().argmax(axis=1) == y)
    outputs = n * k * 8
    # the outputs, and two batches of 4096 rows while they are written into them
    assert peak < 3 * outputs, f"evaluate allocated {peak / outputs:.1f} times its outputs' size"
    # the model keeps its last batch's output, no more
    assert kept < outputs / 2, f"evaluate left {kept / outputs:.1f} times its outputs' size behind"
    plain = model.evaluate(X, y, loss="cross_entropy")["loss"]
    assert plain == pytest.approx(float(per_sample.mean()), rel=1e-12)


def test_fit_with_many_classes_keeps_an_epochs_outputs_once():
    """4000 samples of 2000 classes: an epoch's outputs are 32 MB, which fit needs for the
    epoch's accuracy, once; and the check of the targets before training takes no such array."""
    rng = np.random.default_rng(3)
    n, k = 4000, 2000
    X, y = rng.standard_normal((n, 8)).astype(np.float32), rng.integers(0, k, n)
    model = nn.Sequential(nn.Dense(8, k))
    history, peak, _ = _scale_peak(lambda: model.fit(X, y, loss="cross_entropy", optimizer="sgd",
                                                     epochs=1, batch_size=500, verbose=0, seed=0))
    outputs = n * k * 4
    # the outputs, and a batch's work (its logits, their log-softmax, its gradient)
    assert peak < 2 * outputs, f"fit allocated {peak / outputs:.1f} times an epoch's outputs"
    assert 0 <= history["accuracy"][0] <= 1


def test_an_epochs_accuracy_is_over_the_outputs_of_its_batches():
    """The accuracy fit logs is that of the outputs its batches computed, which the explicit
    loop gathers: here with a model that does not change (lr 0), the accuracy of predict."""
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((300, 5)).astype(np.float32), rng.integers(0, 7, 300)
    model = nn.MLP([5, 7])
    opt = optim.SGD(model.parameters(), lr=0.0)
    history = model.fit(X, y, loss="cross_entropy", optimizer=opt, epochs=2, batch_size=64, verbose=0)
    assert history["accuracy"] == [accuracy(model.predict(X), y)] * 2


def test_validation_data_is_scored_in_batches():
    rng = np.random.default_rng(5)
    model = nn.MLP([4, 8, 3])
    X, y = rng.standard_normal((200, 4)).astype(np.float32), rng.integers(0, 3, 200)
    X_val, y_val = rng.standard_normal((9000, 4)).astype(np.float32), rng.integers(0, 3, 9000)
    passes = _scale_rows_seen(model)
    history = model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0,
                        validation_data=(X_val, y_val))
    assert max(rows for rows, training in passes if not training and rows > 1) == 4096
    assert history["val_loss"][0] == model.evaluate(X_val, y_val)["loss"]


def test_accuracy_of_a_strided_array_counts_as_a_contiguous_one():
    rng = np.random.default_rng(6)
    pred = rng.standard_normal((700, 1500))
    pred[3, 10] = np.nan  # a row with NaN is never right
    y = pred.argmax(axis=1)
    y[3] = 10
    strided = np.asfortranarray(pred)
    assert accuracy(strided, y) == accuracy(pred, y) == 699 / 700


@pytest.fixture
def big_csv(tmp_path):
    """20,000 rows of 20 numbers and a text class, as pandas' to_csv writes them."""
    rng = np.random.default_rng(7)
    values = rng.standard_normal((20_000, 20)).round(6)
    classes = np.array(["bird", "cat", "dog"])[rng.integers(0, 3, 20_000)]
    lines = [",".join([f"x{j}" for j in range(20)] + ["label"])]
    lines += [",".join([*map(str, row), c]) for row, c in zip(values.tolist(), classes)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    return path, lines


def _scale_cell_by_cell(monkeypatch):
    """load_csv with its quick reader switched off: every cell read by Python's csv module."""
    monkeypatch.setattr(csv_module, "read_numbers", lambda *args: None)


def test_a_large_csv_is_read_quickly_as_the_cell_by_cell_reader_reads_it(big_csv, monkeypatch):
    path, _ = big_csv
    ds, peak, _ = _scale_peak(lambda: load_csv(path, "label"))
    cells = 20_000 * 21
    assert peak < cells * 40, f"load_csv allocated {peak / cells:.0f} bytes per cell"
    _scale_cell_by_cell(monkeypatch)
    slow = load_csv(path, "label")
    np.testing.assert_array_equal(ds.X, slow.X)
    assert ds.X.dtype == slow.X.dtype == np.float32
    np.testing.assert_array_equal(ds.y, slow.y)
    assert (ds.task, ds.class_names, ds.feature_names) == (slow.task, slow.class_names, slow.feature_names)


@pytest.mark.parametrize("text", [
    'sep=;\n\na;b;y\n1;2;"x;1"\n\n3;4e2;x\r\n+5; 6 ;" y"\n',       # Excel's sep line, quotes, spaces
    "\ufeffa,y,b\n1,cat,2\n3,dog,4\n5,bird,6\n",                  # BOM, target in the middle
    "a,b,y\n1,2,3\n3,4,3.5\n5,6,4\n",                              # a regression target
    "a,b,y\n1,2,12345678901234567\n3,4,12345678901234568\n",      # IDs as classes
])
def test_the_quick_reader_reads_as_the_cell_by_cell_one(tmp_path, monkeypatch, text):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    quick = load_csv(path, "y")
    _scale_cell_by_cell(monkeypatch)
    slow = load_csv(path, "y")
    np.testing.assert_array_equal(quick.X, slow.X)
    np.testing.assert_array_equal(quick.y, slow.y)
    assert (quick.task, quick.class_names, quick.feature_names) == (slow.task, slow.class_names,
                                                                    slow.feature_names)


@pytest.mark.parametrize("column, cell, message", [
    (3, "NA", "column 'x3', row 18000 (line 18001): 'NA' is a missing value"),
    (20, "", "column 'label', row 18000 (line 18001): empty cell"),
    (5, "1e39", "column 'x5', row 18000 (line 18001): '1e39' is too large for float32"),
])
def test_an_error_late_in_a_large_csv_names_its_row_and_line(big_csv, column, cell, message):
    path, lines = big_csv
    row = lines[18_000].split(",")
    row[column] = cell
    lines[18_000] = ",".join(row)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=re.escape(message)):
        load_csv(path, "label")


def test_a_missing_marker_that_reads_as_a_number_is_still_missing(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("a,b,y\n1,2,cat\n-999,4,dog\n")
    with pytest.raises(ValueError, match=r"column 'a', row 2 \(line 3\): '-999' is a missing value"):
        load_csv(path, "y", na_values=["-999"])
