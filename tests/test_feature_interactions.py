"""Today's features used together as a learner combines them: sample and class weights with
batch norm, dropout, shuffling, clipping and penalties; a frozen body; DataFrames through
train_test_split, fit, save and load; a Monitor's plot of a partly frozen model."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim, train
from neuralab.nn import losses
from neuralab.nn.random import as_rng, drawing_from
from neuralab.train import plots

pd = pytest.importorskip("pandas")


def _net():
    neuralab.seed(1)
    return nn.Sequential(nn.Dense(4, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Dropout(0.2), nn.Dense(5, 2)).to(np.float64)


def _data(n=33):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 4))
    return X, (X[:, 0] > 0.5).astype(int), rng.uniform(0.1, 3, size=n)


def test_weighted_fit_with_batch_norm_dropout_shuffle_clip_and_penalty_is_the_explicit_loop():
    """33 samples in batches of 16: the last sample joins the batch before (BatchNorm1d needs 2),
    and its weight must go with it; the shuffled order, the dropout masks, the class weight, the
    clipping and the penalty are those of the loop written out, bit for bit."""
    X, y, w = _data()
    model, opt = _net(), None
    opt = optim.SGD(model.parameters(), lr=0.1)
    history = model.fit(X, y, loss="cross_entropy", optimizer=opt, epochs=2, batch_size=16, seed=5,
                        sample_weight=w, class_weight={1: 3.0}, clip_norm=0.5, penalty=train.L2(0.01), verbose=0)
    loop, loop_opt = _net(), None
    loop_opt = optim.SGD(loop.parameters(), lr=0.1)
    loss, penalty, rng = losses.get("cross_entropy"), train.L2(0.01), as_rng(5)
    weights = w * np.where(y == 1, 3.0, 1.0)
    epoch_losses = []
    for _ in range(2):
        order, total = rng.permutation(len(X)), 0.0
        for idx in (order[:16], order[16:]):
            with drawing_from(rng):
                value = loss(loop.forward(X[idx], training=True), y[idx], weight=weights[idx])
                loop.backward(loss.backward())
            value = float(value) + penalty.value(penalty.parameters(loop))
            penalty.add_grad(penalty.parameters(loop))
            train.clip_grad_norm_(loop.parameters(), 0.5)
            loop_opt.step()
            loop_opt.zero_grad()
            total += value * weights[idx].sum()
        epoch_losses.append(total / weights.sum())
    for (name, a), (_, b) in zip(model.named_parameters(), loop.named_parameters()):
        assert np.array_equal(a.data, b.data), name
    for (name, a), (_, b) in zip(model.named_buffers(), loop.named_buffers()):
        assert np.array_equal(a, b), name
    np.testing.assert_allclose(history.history["loss"], epoch_losses, rtol=1e-12)


def test_a_frozen_body_with_class_weights_stays_bit_for_bit_and_its_head_trains_as_the_loop():
    """A body left out of the optimizer keeps its weights bit for bit; the head trains as the
    loop weighted by scikit-learn's 'balanced' class weights, n / (n_classes · count)."""
    utils = pytest.importorskip("sklearn.utils")
    X, _, _ = _data(60)
    y = (X[:, 0] > 0.8).astype(int)   # imbalanced: the balanced weights differ from 1
    models = []
    for _ in range(2):
        neuralab.seed(0)
        models.append(nn.Sequential(nn.Sequential(nn.Dense(4, 8), nn.Tanh()), nn.Dense(8, 2)).to(np.float64))
    model, loop = models
    before = [p.data.copy() for p in model[0].parameters()]
    model.fit(X, y, loss="cross_entropy", optimizer=optim.Adam(model[-1].parameters(), lr=0.01),
              epochs=3, batch_size=16, shuffle=False, class_weight="balanced", verbose=0)
    assert all(np.array_equal(a, p.data) for a, p in zip(before, model[0].parameters()))
    weights = utils.compute_class_weight("balanced", classes=np.array([0, 1]), y=y)[y]
    opt, loss = optim.Adam(loop[-1].parameters(), lr=0.01), losses.get("cross_entropy")
    for _ in range(3):
        for start in range(0, 60, 16):
            batch = slice(start, start + 16)
            loss(loop.forward(X[batch], training=True), y[batch], weight=weights[batch])
            loop.backward(loss.backward())
            opt.step()
            loop.zero_grad()
    for a, b in zip(model.parameters(), loop.parameters()):
        np.testing.assert_allclose(a.data, b.data, rtol=1e-12, atol=1e-15)


def test_a_series_of_weights_is_read_by_position_through_split_fit_save_load(tmp_path):
    """The weights of a Series count in its order, whatever its index (as Keras reads arrays);
    the model saved and loaded predicts as the original, and a reordered DataFrame is refused
    until put back in the model's order."""
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.normal(size=(80, 3)), columns=["a", "b", "c"], index=rng.permutation(80) * 3)
    y = pd.Series((X["a"] > 0).astype(int), index=X.index)
    X_train, X_test, y_train, _ = data.train_test_split(X, y, seed=0)
    w = rng.uniform(0.5, 2, len(X_train))
    fitted = []
    for weights in (pd.Series(w, index=rng.permutation(len(w))), w):
        neuralab.seed(2)
        model = nn.Sequential(nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2))
        model.fit(X_train, y_train, loss="cross_entropy", optimizer="sgd", epochs=2, sample_weight=weights,
                  verbose=0, seed=3)
        fitted.append(model)
    for a, b in zip(fitted[0].parameters(), fitted[1].parameters()):
        assert np.array_equal(a.data, b.data)
    model = fitted[0]
    model.save(tmp_path / "m.npz")
    loaded = neuralab.load(tmp_path / "m.npz")
    reordered = X_test[["c", "a", "b"]]
    with pytest.raises(ValueError, match="another order"):
        loaded.predict(reordered)
    assert np.array_equal(loaded.predict(reordered[list(loaded.feature_names)]), model.predict(X_test))


def test_gradient_norms_mark_the_layers_the_optimizer_left_frozen():
    """A frozen layer gets a gradient from backward, which no step uses: its line is told apart."""
    X, y, _ = _data(64)
    neuralab.seed(0)
    model = nn.Sequential(nn.Dense(4, 8), nn.Tanh(), nn.Dense(8, 2))
    monitor = train.Monitor(every=1)
    model.fit(X, y, loss="cross_entropy", optimizer=optim.SGD(model[2].parameters(), lr=0.1), epochs=2,
              callbacks=[monitor], verbose=0)
    lines = {line.get_label(): line.get_linestyle() for line in plots.gradient_norms(monitor).axes[0].lines}
    assert lines == {"0 Dense(4, 8) (frozen)": "--", "2 Dense(8, 2)": "-"}
    # the line is that of the weights W: a layer whose W is frozen while its bias trains is frozen too
    # (it lost its label when the whole layer had to be)
    neuralab.seed(0)
    model = nn.Sequential(nn.Dense(4, 8), nn.Tanh(), nn.Dense(8, 2))
    monitor = train.Monitor(every=1)
    before = model[0].weight.data.copy()
    model.fit(X, y, loss="cross_entropy", optimizer=optim.SGD([model[0].bias, *model[2].parameters()], lr=0.1),
              epochs=2, callbacks=[monitor], verbose=0)
    assert np.array_equal(model[0].weight.data, before)
    lines = {line.get_label(): line.get_linestyle() for line in plots.gradient_norms(monitor).axes[0].lines}
    assert lines == {"0 Dense(4, 8) (frozen)": "--", "2 Dense(8, 2)": "-"}


@pytest.mark.parametrize("draw, columns", [(plots.decision_boundary, ["v", "u"]), (plots.prediction_curve, None)])
def test_the_plots_refuse_a_dataframe_in_another_order_than_the_models(draw, columns):
    """The plane's points reach model.predict as an array, read by position: X's columns swapped
    would draw the boundary of the swapped features under X's axis names, without a word."""
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(50, 2)), columns=["u", "v"])
    y = (X["u"] > 0).astype(int)
    used = ["u", "v"] if columns else ["u"]
    neuralab.seed(0)
    model = nn.Sequential(nn.Dense(len(used), 2), nn.Softmax())
    model.fit(X[used], y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0)
    shown = X[columns] if columns else X[["v"]]
    with pytest.raises(ValueError, match="another order" if columns else "has none of the columns the model was trained "
                       "on, 'u'; it has 'v': give it"):
        draw(model.predict, shown, y)
    assert draw(model.predict, X[used], y).axes[0].get_xlabel() == "u"


def test_column_names_follow_the_first_layer_through_surgery(tmp_path):
    # after model[0] = nn.Dense(5, 6) the names of the 3 old columns stayed: a DataFrame of the 5
    # new ones was refused ("give it the columns it learned from"), and save failed on them
    rng = np.random.default_rng(0)
    old = pd.DataFrame(rng.standard_normal((24, 3)), columns=["a", "b", "c"])
    y = np.arange(24) % 2
    model = nn.MLP([3, 6, 1], output="sigmoid")
    model.fit(old, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    body = model[:-1]
    assert body.feature_names == ("a", "b", "c") and model[1:].feature_names is None   # the body takes the columns
    with pytest.raises(ValueError, match="in another order"):
        body.predict(old[["c", "b", "a"]])
    model[0] = nn.Dense(5, 6)
    assert model.summary(print_fn=None)                  # and nothing refers to the old columns
    neuralab.load(model.save(tmp_path / "cut.npz"))      # it failed: "names 3 columns for a model of 5 inputs"
    new = pd.DataFrame(rng.standard_normal((24, 5)), columns=list("vwxyz"))
    model.fit(new, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    assert model.feature_names == tuple("vwxyz")
    assert neuralab.load(model.save(tmp_path / "new.npz")).feature_names == tuple("vwxyz")


def test_summary_counts_only_the_frozen_parameters_still_in_the_model():
    model = nn.MLP([4, 8, 3])
    X, y = np.random.default_rng(0).standard_normal((16, 4)), np.arange(16) % 3
    model.fit(X, y, loss="cross_entropy", optimizer=optim.SGD(model[-1].parameters(), lr=0.1), epochs=1, verbose=0)
    assert model.summary(print_fn=None).endswith("Frozen in the last fit (not in its optimizer): 40")
    del model[0]
    model.insert(0, nn.Dense(4, 8))                      # the frozen layer is gone: 40 counted before
    assert "Frozen" not in model.summary(print_fn=None)
