"""Keras's sample_weight and class_weight in fit and evaluate: the weighted mean Σ w_i ℓ_i / Σ w_i
of each batch, against the README's explicit loop (bit for bit), a torch loop (float64), the
per-sample weights class weights stand for, duplicated samples, and bad input."""
import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn.functional as F
from sklearn.utils.class_weight import compute_class_weight

from neuralab import nn, optim
from neuralab.train import L2, LambdaCallback
from torch_reference import tensor, torch_module


def _blobs(n=60, k=2, seed=0, dtype=np.float32):
    """k Gaussian blobs in 2-D, class i around (2i, -i), with labels 0..k-1 in random order."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    X = rng.standard_normal((n, 2)) + np.stack([2.0 * y, -1.0 * y], axis=1)
    return X.astype(dtype), y


def _model(sizes=(2, 8, 1), output="sigmoid", seed=0):
    return nn.MLP(list(sizes), activation="tanh", output=output, rng=np.random.default_rng(seed))


def _weights(model):
    return [p.data.copy() for p in model.parameters()]


def _assert_same(a, b):
    for wa, wb in zip(_weights(a), _weights(b), strict=True):
        np.testing.assert_array_equal(wa, wb)


def _by_hand(model, loss, X, y, w, opt, epochs, batch_size, seed):
    """The README's explicit loop with ``loss(pred, yb, weight=wb)``, shuffled as ``fit(seed=seed)``
    shuffles, the weights with X and y; a batch of weights all 0 skipped before its forward
    pass. Returns each epoch's Σ W_b L_b / Σ W_b, W_b = Σ wb (History's "loss")."""
    rng, history = np.random.default_rng(seed), []
    for _ in range(epochs):
        order, total, weight = rng.permutation(len(X)), 0.0, 0.0
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            xb, yb, wb = X[idx], y[idx], w[idx]
            if not wb.any():
                continue
            L = loss(model.forward(xb, training=True), yb, weight=wb)
            model.backward(loss.backward())
            opt.step()
            opt.zero_grad()
            total, weight = total + L * (wb / w.max()).sum(), weight + (wb / w.max()).sum()
        history.append(total / weight)
    return history


# -- fit is the explicit loop with weight=w_batch ---------------------------------------------
@pytest.mark.parametrize("loss_name, sizes, output", [("bce", (2, 8, 1), "sigmoid"),
                                                      ("cross_entropy", (2, 8, 3), None)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fit_with_sample_weight_is_the_explicit_loop_bit_for_bit(loss_name, sizes, output, dtype, request):
    if dtype == np.float64:              # float64 parameters: no cast to float32 hides a rounding
        request.getfixturevalue("float64")
    X, y = _blobs(50, k=sizes[-1] if sizes[-1] > 1 else 2, dtype=dtype)
    w = np.random.default_rng(3).uniform(0.0, 3.0, len(X))
    w[:5] = 0.0
    a, b = _model(sizes, output), _model(sizes, output)
    history = a.fit(X, y, loss=loss_name, optimizer=optim.SGD(a.parameters(), lr=0.1, momentum=0.9),
                    epochs=3, batch_size=8, seed=7, verbose=0, sample_weight=w)
    expected = _by_hand(b, nn.losses.get(loss_name), X, y, w, optim.SGD(b.parameters(), lr=0.1, momentum=0.9), 3, 8, 7)
    _assert_same(a, b)
    assert history["loss"] == expected                  # Σ W_b L_b / Σ W_b, bit for bit


def test_a_batch_whose_weights_are_all_zero_is_skipped_as_the_loop_with_continue_skips_it():
    # class 0 weighs 0: with batches of 2, some batches hold class 0 alone. Adam would move the
    # weights on a zero gradient (its moments), so a step taken on such a batch shows
    X, y = _blobs(40)
    a, b = _model(), _model()
    ends = []                                            # no callback call for a skipped batch
    history = a.fit(X, y, loss="bce", optimizer=optim.Adam(a.parameters(), lr=0.05), epochs=2,
                    batch_size=2, seed=1, verbose=0, class_weight={0: 0.0},
                    callbacks=LambdaCallback(on_batch_end=lambda batch, logs: ends.append(logs["loss"])))
    opt = optim.Adam(b.parameters(), lr=0.05)
    expected = _by_hand(b, nn.BCELoss(), X, y, np.where(y == 0, 0.0, 1.0), opt, 2, 2, 1)
    _assert_same(a, b)
    assert history["loss"] == expected and np.isfinite(history["loss"]).all()
    assert a.optimizer.t == opt.t == len(ends) < 2 * 20  # fewer updates than batches: some skipped
    assert np.isfinite(ends).all()


def test_weights_of_ones_train_as_no_weights_with_a_penalty_and_batchnorm(float64):
    # the penalty's term and BatchNorm's last batch of 1, joined to the one before, with weights
    X, y = _blobs(41, dtype=np.float64)
    models = [nn.MLP([2, 8, 1], output="sigmoid", batchnorm=True, rng=np.random.default_rng(0)) for _ in range(2)]
    histories = [model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=3,
                           batch_size=8, seed=2, verbose=0, penalty=L2(1e-2), **weights)
                 for model, weights in zip(models, ({}, {"sample_weight": np.full(len(X), 3.0)}))]
    for p, q in zip(*(model.parameters() for model in models)):
        np.testing.assert_allclose(p.data, q.data, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(histories[0]["loss"], histories[1]["loss"], rtol=1e-12)
    assert histories[0]["accuracy"] == histories[1]["accuracy"]


# -- against a torch loop in float64 ----------------------------------------------------------
def _torch_loss(name, out, yb):
    """Each sample's loss ℓ_i, torch's reduction='none' (the mean over a sample's outputs)."""
    if name == "cross_entropy":
        return F.cross_entropy(out, torch.tensor(yb), reduction="none")
    fn = F.binary_cross_entropy if name == "bce" else F.binary_cross_entropy_with_logits
    return fn(out, tensor(yb).reshape(out.shape), reduction="none").mean(dim=1)


@pytest.mark.parametrize("loss_name, sizes, output", [("bce", (2, 6, 1), "sigmoid"), ("bce_logits", (2, 6, 1), None),
                                                      ("cross_entropy", (2, 6, 3), None)])
def test_a_weighted_training_trajectory_matches_a_torch_loop(float64, loss_name, sizes, output):
    X, y = _blobs(60, k=max(sizes[-1], 2), dtype=np.float64)
    w = np.random.default_rng(5).uniform(0.0, 4.0, len(X))
    class_weight = {0: 0.5, 1: 3.0} if sizes[-1] == 1 else [1.0, 0.25, 2.0]
    model = _model(sizes, output, seed=2)
    twin = torch_module(model)
    history = model.fit(X, y, loss=loss_name, optimizer=optim.Adam(model.parameters(), lr=0.02), epochs=10,
                        batch_size=20, seed=4, verbose=0, sample_weight=w, class_weight=class_weight)
    total_w = w * np.asarray([class_weight[c] for c in y])
    opt = torch.optim.Adam(twin.parameters(), lr=0.02)
    rng, losses = np.random.default_rng(4), []
    for _ in range(10):                                   # 3 batches an epoch: 30 steps
        order, total = rng.permutation(len(X)), []
        for idx in (order[:20], order[20:40], order[40:]):
            wb = tensor(total_w[idx])
            L = (wb * _torch_loss(loss_name, twin(tensor(X[idx])), y[idx])).sum() / wb.sum()
            opt.zero_grad()
            L.backward()
            opt.step()
            total.append((L.item(), wb.sum().item()))
        losses.append(sum(L * W for L, W in total) / sum(W for _, W in total))
    ours = [p.data for p in model.parameters()]
    for p, q in zip(ours, twin.parameters(), strict=True):
        np.testing.assert_allclose(p, q.detach().numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(history["loss"], losses, rtol=1e-10)


# -- class weights are the sample weights they stand for --------------------------------------
@pytest.mark.parametrize("class_weight, table", [
    ({0: 2.0, 2: 0.5}, [2.0, 1.0, 0.5, 1.0]),            # a class left out weighs 1, as in Keras
    ({}, [1.0, 1.0, 1.0, 1.0]),                          # every class left out (a dict built empty)
    ([0.5, 3.0, 1.0, 7.0], [0.5, 3.0, 1.0, 7.0]),
    ((1, 0, 2, 1), [1.0, 0.0, 2.0, 1.0]),
    ("balanced", None)])
@pytest.mark.parametrize("one_hot", [False, True])
def test_class_weight_gives_the_sample_weights_it_stands_for(class_weight, table, one_hot):
    X, y = _blobs(80, k=3)                               # 4 outputs, class 3 absent from y
    if table is None:                                    # scikit-learn's, over the classes present
        table = np.ones(4)
        table[:3] = compute_class_weight("balanced", classes=np.unique(y), y=y)
    w = np.random.default_rng(2).uniform(0.5, 2.0, len(X))
    targets = np.eye(4)[y] if one_hot else y
    a, b = _model((2, 8, 4), None), _model((2, 8, 4), None)
    settings = {"loss": "cross_entropy", "epochs": 2, "batch_size": 16, "seed": 0, "verbose": 0}
    ha = a.fit(X, targets, optimizer=optim.Adam(a.parameters(), lr=0.05), class_weight=class_weight,
               sample_weight=w, **settings)              # multiplied with sample_weight
    hb = b.fit(X, targets, optimizer=optim.Adam(b.parameters(), lr=0.05), sample_weight=w * np.asarray(table)[y],
               **settings)
    _assert_same(a, b)
    assert ha["loss"] == hb["loss"]


def test_class_weight_of_a_single_output_reads_the_0_1_labels_and_the_column_of_a_one_hot_pair():
    X, y = _blobs(40)
    a, b, c = _model(), _model(), _model((2, 8, 2), "sigmoid")
    d = _model((2, 8, 2), "sigmoid")
    as_weights = {"sample_weight": np.where(y == 1, 4.0, 1.0)}
    for model, targets, weights in ((a, y, {"class_weight": {1: 4.0}}), (b, y, as_weights),
                                    (c, np.eye(2)[y], {"class_weight": [1.0, 4.0]}), (d, np.eye(2)[y], as_weights)):
        model.fit(X, targets, loss="bce", optimizer="sgd", epochs=2, batch_size=8, seed=0, verbose=0,
                  metrics=["binary_accuracy"], **weights)
    _assert_same(a, b)
    _assert_same(c, d)


# -- a weight of 2 is the sample twice --------------------------------------------------------
def test_a_weight_of_two_equals_the_sample_duplicated_in_loss_and_gradient(float64):
    X, y = _blobs(30, k=3, dtype=np.float64)
    w = np.random.default_rng(0).integers(0, 3, len(X)).astype(np.float64)
    dup = np.repeat(np.arange(len(X)), w.astype(int))    # each sample w_i times
    a, b = _model((2, 8, 3), None), _model((2, 8, 3), None)
    assert a.evaluate(X, y, loss="cross_entropy", sample_weight=w)["loss"] == pytest.approx(
        b.evaluate(X[dup], y[dup], loss="cross_entropy")["loss"], rel=1e-13)
    for model, data in ((a, (X, y, w)), (b, (X[dup], y[dup], None))):   # one full-batch SGD step
        model.fit(data[0], data[1], loss="cross_entropy", optimizer=optim.SGD(model.parameters(), lr=1.0),
                  epochs=1, batch_size="full", verbose=0, sample_weight=data[2])
    moved = [pa.data - p0 for pa, p0 in zip(a.parameters(), _weights(_model((2, 8, 3), None)))]
    assert all(np.abs(m).max() > 1e-3 for m in moved)   # the step was no step of zeros
    for pa, pb in zip(a.parameters(), b.parameters()):
        np.testing.assert_allclose(pa.data, pb.data, rtol=1e-12, atol=1e-14)



def test_a_loss_reads_its_weight_as_fit_reads_sample_weight():
    # one rule serves both: a column (m, 1), a Series and a list give the same loss as (m,)
    rng = np.random.default_rng(3)
    pred, y, w = rng.normal(size=(6, 3)), rng.integers(0, 3, 6), rng.uniform(0.1, 2.0, 6)
    loss = nn.CrossEntropyLoss()
    expected = float(loss(pred, y, weight=w))
    for form in (w[:, None], pd.Series(w), list(w)):
        assert float(loss(pred, y, weight=form)) == expected
    masked = np.ma.masked_array(w, mask=[0, 1, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="^weight is a masked array with 1 masked value"):
        loss(pred, y, weight=masked)

# -- evaluate and the validation set -----------------------------------------------------------
def _bce(p, y):
    p, y = p[:, 0].astype(np.float64), np.asarray(y, np.float64)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_evaluate_with_sample_weight_is_the_weighted_mean_and_leaves_accuracy_unweighted():
    X, y = _blobs(40)
    w = pd.Series(np.random.default_rng(1).uniform(0.0, 3.0, len(X)))      # a Series, read as its numbers
    model = _model()
    p = model.predict(X)
    scores = model.evaluate(X, y, loss="bce", sample_weight=w)
    assert scores["loss"] == pytest.approx(np.sum(w * _bce(p, y)) / np.sum(w), rel=1e-6)
    assert scores["accuracy"] == np.mean((p[:, 0] >= 0.5) == y) == model.evaluate(X, y, loss="bce")["accuracy"]
    column = model.evaluate(X, y, loss="bce", sample_weight=pd.DataFrame({"w": w}))["loss"]
    assert column == scores["loss"] == model.evaluate(X, y, loss="bce", sample_weight=w.to_numpy()[:, None])["loss"]


def test_validation_data_with_sample_weights_scores_val_loss_as_evaluate_does():
    X, y = _blobs(60)
    w_val = np.random.default_rng(1).uniform(0.0, 2.0, 20)
    model = _model()
    history = model.fit(X[20:], y[20:], loss="bce", optimizer="adam", epochs=2, verbose=0, class_weight={1: 3.0},
                        validation_data=(X[:20], y[:20], w_val))
    scores = model.evaluate(X[:20], y[:20], sample_weight=w_val)
    assert history["val_loss"][-1] == scores["loss"] != model.evaluate(X[:20], y[:20])["loss"]
    assert history["val_accuracy"][-1] == scores["accuracy"]
    plain = _model().fit(X[20:], y[20:], loss="bce", optimizer="adam", epochs=2, verbose=0,
                         validation_data=(X[:20], y[:20], None))       # Keras's None: unweighted
    assert "val_loss" in plain


# -- bad input: named, before any update ------------------------------------------------------
_N = 40


@pytest.mark.parametrize("kwargs, error, match", [
    ({"sample_weight": np.ones(_N - 1)}, ValueError,
     r"^sample_weight must hold one weight per sample of X, shape \(40,\); got shape \(39,\)$"),
    ({"sample_weight": np.ones((_N, 2))}, ValueError,
     r"^sample_weight must hold one weight per sample of X, shape \(40,\); got shape \(40, 2\)$"),
    ({"sample_weight": -np.arange(_N) / 10}, ValueError, r"^sample_weight must be non-negative .*got -3\.9 for sample 39$"),
    ({"sample_weight": np.r_[np.ones(_N - 1), np.nan]}, ValueError, r"^sample_weight contains NaN or inf"),
    ({"sample_weight": np.zeros(_N)}, ValueError, r"^sample_weight is all zeros, so no sample would count"),
    ({"sample_weight": ["a"] * _N}, TypeError, r"^sample_weight must be an array of real numbers"),
    ({"class_weight": {0: 1.0, 2: 5.0}}, ValueError,
     r"^class_weight has the key 2, which is no class: the classes are 0\.\.1 \(text labels are numbered"),
    ({"class_weight": {"cat": 1.0}}, ValueError, r"^class_weight has the key 'cat', which is no class"),
    ({"class_weight": {0: -1.0}}, ValueError, r"^class_weight's weights must be non-negative .*got -1$"),
    ({"class_weight": {0: np.nan}}, ValueError, r"^class_weight's weights contains NaN"),
    ({"class_weight": [1.0, 2.0, 3.0]}, ValueError,
     r"^class_weight as a sequence must hold one weight per class, 2, got 3$"),
    ({"class_weight": "balance"}, ValueError,
     r"^class_weight must be a dict \{class: weight\}, a sequence of one weight per class, or 'balanced', got 'balance'$"),
    ({"class_weight": 2.0}, TypeError, r"^class_weight must be a dict .*got float$"),
    ({"class_weight": {0: 0.0, 1: 0.0}}, ValueError, r"^class_weight gives every sample a weight of 0, so no sample"),
    ({"class_weight": {1: 0.0}, "sample_weight": (_blobs(_N)[1] == 1).astype(float)}, ValueError,
     r"^class_weight times sample_weight gives every sample a weight of 0, so no sample would count: give a class"),
    ({"validation_data": (np.zeros((5, 2)), np.zeros(5), np.ones(4))}, ValueError,
     r"^sample_weight_val \(validation_data\[2\]\) must hold one weight per sample of X_val, shape \(5,\); "
     r"got shape \(4,\)$"),
    ({"validation_data": (np.zeros((5, 2)), np.zeros(5), np.ones(5), None)}, ValueError,
     r"^validation_data must be \(X_val, y_val\), \(X_val, y_val, sample_weight_val\) or a Dataset, got a tuple "
     r"of length 4$"),
])
def test_bad_weights_are_refused_by_name_before_any_update(kwargs, error, match):
    X, y = _blobs(_N)
    model = _model()
    before = _weights(model)
    with pytest.raises(error, match=match):
        model.fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0, **kwargs)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)
    assert not hasattr(model, "optimizer") and not hasattr(model, "history")


@pytest.mark.parametrize("loss, targets, match", [
    ("mse", lambda y: y.astype(float), r"^class_weight weighs classes, for the classification losses \(bce, "
                                       r"bce_logits, cross_entropy\), not MSELoss: weight the samples with sample_weight"),
    ("bce_logits", lambda y: 0.2 + 0.6 * y, r"^class_weight needs one class per sample, but y holds probabilities, not "
                                     r"the labels 0 and 1: weight the samples with sample_weight instead$"),
    ("cross_entropy", lambda y: np.full((len(y), 2), 0.5), r"^class_weight needs one class per sample, but y holds "
                                                           r"rows that are not one-hot"),
])
def test_class_weight_for_targets_that_are_not_classes_is_refused(loss, targets, match):
    X, y = _blobs(_N)
    model = _model((2, 8, 2 if loss == "cross_entropy" else 1), None)
    before = _weights(model)
    with pytest.raises(ValueError, match=match):
        model.fit(X, targets(y), loss=loss, optimizer="adam", epochs=1, verbose=0, class_weight={0: 1.0, 1: 2.0})
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)


def test_multi_label_targets_take_no_class_weight():
    X, _ = _blobs(_N)
    Y = np.random.default_rng(0).integers(0, 2, (_N, 3))   # several labels per sample
    with pytest.raises(ValueError, match=r"rows that are not one-hot \(probabilities, or several classes per sample\)"):
        _model((2, 8, 3), None).fit(X, Y, loss="bce_logits", optimizer="adam", epochs=1, verbose=0, class_weight=[1, 2, 3])


def test_evaluate_refuses_bad_weights_and_class_weight_with_the_sample_weights_they_stand_for():
    X, y = _blobs(_N)
    model = _model()
    with pytest.raises(ValueError, match=r"^sample_weight must hold one weight per sample of X, shape \(40,\)"):
        model.evaluate(X, y, loss="bce", sample_weight=np.ones(3))
    with pytest.raises(TypeError, match=r"evaluate\(\) got an unexpected keyword argument 'class_weight' \(to score "
                                        r"with class weights, give each sample its class's: "
                                        r"sample_weight=class_weights\[labels\]"):
        model.evaluate(X, y, loss="bce", class_weight={0: 1.0, 1: 2.0})
