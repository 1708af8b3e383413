"""A scikit-learn user's first hour with neuralab's networks and data tools: what scikit-learn
writes either works alike (split sizes, the standardiser's σ, alpha as an L2 penalty) or is
refused with one line that names the way here, and that way does what scikit-learn's did."""
import re
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import train_test_split as sklearn_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from neuralab import data, nn, train


def _iris():
    X, y = data.load("iris")
    return X.astype(np.float64), y


def _fitted(epochs=3):
    X, y = _iris()
    model = nn.MLP([4, 8, 3], rng=0)
    model.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=epochs, verbose=0, seed=0)
    return model, X, y


def _way(message):
    """The expression an answer gives after its last ": ", up to an " is " that says what it is
    ("model.history.history['loss'] is the loss of each epoch")."""
    return message.rsplit(": ", 1)[1].split(" is ")[0]


# -- nn.MLP and fit take scikit-learn's options ---------------------------------------------------

@pytest.mark.parametrize("keyword, value, way", [
    ("hidden_layer_sizes", (100,), "nn.MLP([n_features, 100, n_outputs])"),
    ("hidden_layer_sizes", (64, 32), "nn.MLP([n_features, 64, 32, n_outputs])"),
    ("max_iter", 300, "epochs=300"),
    ("alpha", 1e-4, "penalty=train.L2(0.0001 / 200)"),
    ("solver", "adam", "optimizer='adam'"),
    ("learning_rate_init", 0.01, "optim.Adam(model.parameters(), lr=0.01)"),
    ("learning_rate", "adaptive", "train.ReduceLROnPlateau(monitor='loss', factor=0.2, patience=10"),
    ("early_stopping", True, "train.EarlyStopping(monitor='val_accuracy', patience=11, min_delta=1e-4)"),
    ("n_iter_no_change", 10, "train.EarlyStopping(monitor='val_accuracy', patience=11, min_delta=1e-4)"),
    ("warm_start", True, "optimizer=model.optimizer"),
    ("batch_size", "auto", "min(200, len(X))"),
    ("verbose", True, "fit(..., verbose=1)"),
    ("random_state", 0, "rng=0"),
])
def test_mlp_answers_the_options_of_mlpclassifier(keyword, value, way):
    with pytest.raises(TypeError, match=r"^MLP\(\) got an unexpected keyword argument") as err:
        nn.MLP([4, 8, 3], **{keyword: value})
    assert way in str(err.value)


def test_mlp_given_the_hidden_sizes_alone_is_told_to_list_the_inputs_and_outputs():
    with pytest.raises(ValueError, match=r"at least two layer sizes") as err:
        nn.MLP((100,))
    assert "nn.MLP([n_features, 100, n_outputs])" in str(err.value)


@pytest.mark.parametrize("keyword, value, way", [
    ("max_iter", 50, "epochs=50"),
    ("alpha", 0.01, "penalty=train.L2(0.01 / 200)"),
    ("random_state", 0, "fit's seed=0"),
    ("tol", 1e-4, "monitor='loss' watches the training loss"),
    ("validation_fraction", 0.1, "validation_data=(X_val, y_val)"),
    ("learning_rate", "adaptive", "train.ReduceLROnPlateau"),
    ("learning_rate", 0.1, "fit(..., optimizer=optim.Adam(model.parameters(), lr=0.1))"),   # Keras's
    ("n_jobs", 2, "leave n_jobs out"),
])
def test_fit_answers_mlpclassifiers_options(keyword, value, way):
    X, y = _iris()
    model = nn.MLP([4, 8, 3], rng=0)
    before = model[0].weight.data.copy()
    with pytest.raises(TypeError, match=r"^fit\(\) got an unexpected keyword argument") as err:
        model.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=1, **{keyword: value})
    assert way in str(err.value)
    np.testing.assert_array_equal(model[0].weight.data, before)   # refused before any update


def test_batch_size_auto_is_told_the_number_scikit_learn_would_take():
    X, y = _iris()
    for m, size in ((150, 150), (40, 40)):
        with pytest.raises(ValueError, match=rf"batch_size='auto' is scikit-learn's .*batch_size={size},"):
            nn.MLP([4, 8, 3], rng=0).fit(X[:m], y[:m], loss="cross_entropy", optimizer="adam", epochs=1,
                                         batch_size="auto")


def test_alpha_answered_as_l2_over_the_batch_size_is_scikit_learns_penalised_loss():
    # scikit-learn's MLP adds (alpha/2)·Σw²/b to each batch's mean loss; the answer's
    # train.L2(alpha / b) adds the same, so the same weights score the same loss
    X, y = _iris()
    alpha = 0.5
    for batch in (150, 50):
        clf = MLPClassifier(hidden_layer_sizes=(8,), alpha=alpha, solver="sgd", learning_rate_init=1e-12,
                            momentum=0, batch_size=batch, max_iter=1, shuffle=False, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # one epoch does not converge, on purpose
            clf.fit(X, y)
        model = nn.MLP([4, 8, 3], rng=0).to(np.float64)
        for dense, W, b in zip([layer for layer in model if isinstance(layer, nn.Dense)], clf.coefs_, clf.intercepts_):
            dense.weight.data[...], dense.bias.data[...] = W.T, b
        loss = model.evaluate(X, y, loss="cross_entropy", metrics=[])["loss"] + train.L2(alpha / batch).value(model)
        assert loss == pytest.approx(clf.loss_, rel=1e-7)


def test_fit_without_its_settings_names_them_also_inside_a_pipeline():
    X, y = _iris()
    model = nn.MLP([4, 8, 3], rng=0)
    with pytest.raises(TypeError, match=r"^fit needs loss, optimizer, epochs, given by name: model.fit\(X, y, "
                                        r"loss='cross_entropy'"):
        model.fit(X, y)
    with pytest.raises(TypeError, match=r"^fit needs optimizer, epochs, given by name"):
        model.fit(X, y, loss="cross_entropy")
    with pytest.raises(TypeError, match=r"^fit needs loss, optimizer, epochs"):
        make_pipeline(StandardScaler(), model).fit(X, y)   # scikit-learn's fit(X, y)


# -- a fitted model's scikit-learn attributes and methods ----------------------------------------

def test_fitted_attributes_are_answered_with_a_way_that_gives_scikit_learns_numbers():
    model, X, y = _fitted(epochs=4)
    clf = MLPClassifier(hidden_layer_sizes=(8,), max_iter=4, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X, y)
    found = {}
    for name in ("coefs_", "intercepts_", "loss_curve_", "n_iter_", "n_features_in_"):
        with pytest.raises(AttributeError, match=rf"^Sequential has no {name}: ") as err:
            getattr(model, name)
        found[name] = eval(_way(str(err.value)), {"model": model, "nn": nn, "len": len})
    assert [c.shape for c in found["coefs_"]] == [c.shape for c in clf.coefs_]           # (n_in, n_out)
    assert [b.shape for b in found["intercepts_"]] == [b.shape for b in clf.intercepts_]
    np.testing.assert_array_equal(found["coefs_"][0], model[0].weight.data.T)
    assert found["loss_curve_"] == model.history.history["loss"] and len(found["loss_curve_"]) == 4
    assert found["n_iter_"] == 4 == clf.n_iter_
    assert found["n_features_in_"] == 4 == clf.n_features_in_


def test_score_is_answered_with_evaluate_whose_accuracy_is_scikit_learns_score():
    model, X, y = _fitted()
    with pytest.raises(AttributeError, match=r"^Sequential has no score\(\): .*model.evaluate\(X, y\)\['accuracy'\]"):
        model.score(X, y)
    assert model.evaluate(X, y)["accuracy"] == np.mean(model.predict_classes(X) == y)


@pytest.mark.parametrize("name", ["partial_fit", "get_params", "set_params", "decision_function"])
def test_estimator_methods_are_answered(name):
    with pytest.raises(AttributeError, match=rf"^Sequential has no {name}\(\): "):
        getattr(nn.MLP([2, 1]), name)


def test_clone_and_hasattr_still_see_no_estimator():
    # the answers are AttributeErrors: scikit-learn's checks (hasattr) find no get_params, no score
    model = nn.MLP([2, 1])
    assert not hasattr(model, "get_params") and not hasattr(model, "score")
    with pytest.raises(TypeError, match="get_params"):
        clone(model)


def test_mlpclassifier_and_logistic_are_named():
    with pytest.raises(AttributeError, match=r"^neuralab.nn has no MLPClassifier: nn.MLP\(\[n_features, 100, n_classes\]\)"):
        nn.MLPClassifier
    with pytest.raises(ValueError, match=r"scikit-learn's 'logistic' is 'sigmoid' here"):
        nn.MLP([2, 4, 1], activation="logistic")
    with pytest.raises(ValueError, match=r"scikit-learn's log_loss is 'cross_entropy' for one output per class"):
        nn.MLP([2, 4, 3], rng=0).fit(np.zeros((4, 2)), np.arange(4) % 3, loss="log_loss", optimizer="adam", epochs=1)


# -- nn.Dense with one size -------------------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs, lacking", [((8,), {}, "'out_features'"), ((), {}, "'in_features' and 'out_features'"),
                                                    ((), {"out_features": 8}, "'in_features'")])
def test_dense_with_one_size_says_what_it_takes(args, kwargs, lacking):
    with pytest.raises(TypeError) as err:
        nn.Dense(*args, **kwargs)
    message = str(err.value)
    assert message.startswith(f"Dense() missing {lacking}: nn.Dense takes in_features and out_features, "
                              f"the course's n[l-1] and n[l]")
    assert "nn.MLP([4, 8, 3])" in message
    assert nn.Dense(in_features=2, out_features=8).weight.shape == (8, 2)   # by name, still taken


# -- metrics ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, way", [
    (lambda p, y: train.mse(p, y, squared=False), "train.rmse(pred, y)"),
    (lambda p, y: train.accuracy(p, y, normalize=False), "train.metrics.correct(pred, y)"),
    (lambda p, y: train.accuracy(y_true=y, y_pred=p), "metric(pred, y)"),
    (lambda p, y: train.precision(p, y, average="macro"), "macro average"),
    (lambda p, y: train.confusion_matrix(p, y, normalize="true"), "cm / cm.sum(axis=1, keepdims=True)"),
    (lambda p, y: train.r2(p, y, multioutput="raw_values"), "r2(pred[:, j], y[:, j])"),
    (lambda p, y: train.classification_report(p, y, target_names=["a", "b", "c"]), "class_names=ds.class_names"),
    (lambda p, y: train.classification_report(p, y, digits=3), "output_dict=True"),
])
def test_metric_keywords_of_scikit_learn_are_answered(call, way):
    y = np.array([0, 1, 2, 1])
    with pytest.raises(TypeError, match="got an unexpected keyword argument") as err:
        call(y.copy(), y)
    assert way in str(err.value)


def test_the_answered_ways_give_scikit_learns_numbers():
    from sklearn.metrics import confusion_matrix, mean_squared_error
    rng = np.random.default_rng(0)
    y, pred = rng.integers(0, 3, 40), rng.integers(0, 3, 40)
    cm = train.confusion_matrix(pred, y)
    np.testing.assert_allclose(cm / cm.sum(axis=1, keepdims=True), confusion_matrix(y, pred, normalize="true"))
    assert train.metrics.correct(pred, y) == np.sum(pred == y)
    t, p = rng.normal(size=30), rng.normal(size=30)
    assert train.rmse(p, t) == pytest.approx(np.sqrt(mean_squared_error(t, p)))


def test_scikit_learns_metric_names_are_answered():
    X, y = _iris()
    with pytest.raises(ValueError, match=r"scikit-learn's 'accuracy_score' is 'accuracy' here"):
        nn.MLP([4, 3]).evaluate(X, y, loss="cross_entropy", metrics=["accuracy_score"])
    with pytest.raises(ValueError, match=r"scikit-learn's 'neg_mean_squared_error' is 'mse' here"):
        nn.MLP([4, 1]).evaluate(X, y, loss="mse", metrics=["neg_mean_squared_error"])
    with pytest.raises(AttributeError, match=r"^neuralab.train has no r2_score: train.r2\(pred, y\), the predictions first"):
        train.r2_score
    with pytest.raises(AttributeError, match=r"^neuralab.train has no root_mean_squared_error: train.rmse\(pred, y\)"):
        train.root_mean_squared_error


def test_fit_chained_with_predict_is_told_that_fit_returns_the_history():
    X, y = _iris()
    history = nn.MLP([4, 3], rng=0).fit(X, y, loss="cross_entropy", optimizer="adam", epochs=1, verbose=0)
    with pytest.raises(AttributeError, match=r"'History' object has no attribute 'predict': fit returns the History "
                                             r".* model.predict\(X\)"):
        history.predict(X)
    with pytest.raises(AttributeError, match=r"^'History' object has no attribute 'coef'$"):
        history.coef
    assert not hasattr(history, "score") and history.epoch == [0]


@pytest.mark.parametrize("name", ["lbfgs", "LBFGS"])
def test_solver_lbfgs_is_told_there_is_none_and_what_to_use(name):
    X, y = _iris()
    with pytest.raises(ValueError, match=r"unknown optimizer '(lbfgs|LBFGS)': neuralab has no LBFGS; use optim.Adam"):
        nn.MLP([4, 3]).fit(X, y, loss="cross_entropy", optimizer=name, epochs=1, verbose=0)


# -- data ----------------------------------------------------------------------------------------------

def test_return_x_y_and_as_frame_are_answered_by_load_and_the_loaders():
    with pytest.raises(ValueError, match=r"scikit-learn's return_X_y: .*X, y = data.load\('iris'\)"):
        data.load("iris", return_X_y=True)
    with pytest.raises(TypeError, match=r"^wine\(\) got an unexpected keyword argument 'return_X_y' \(scikit-learn's"):
        data.wine(return_X_y=True)
    with pytest.raises(TypeError, match=r"columns=ds.feature_names"):
        data.digits(as_frame=True)
    assert data.iris.__name__ == "iris" and len(data.iris()) == 150   # still a loader load() reads


@pytest.mark.parametrize("m", [10, 11, 13, 101, 150])
@pytest.mark.parametrize("test_size", [0.1, 0.15, 0.2, 0.25, 0.3, 0.333, 7])
def test_train_test_split_gives_scikit_learns_sizes_in_its_order(m, test_size):
    X, y = np.arange(2 * m).reshape(m, 2), np.arange(m) % 2
    ours = data.train_test_split(X, y, test_size=test_size, seed=0)
    theirs = sklearn_split(X, y, test_size=test_size, random_state=0)
    assert [part.shape for part in ours] == [part.shape for part in theirs]
    # the four parts in scikit-learn's order: X_train, X_test, y_train, y_test, rows kept together
    X_train, X_test, y_train, y_test = ours
    np.testing.assert_array_equal(X_train[:, 0] // 2 % 2, y_train)
    np.testing.assert_array_equal(X_test[:, 0] // 2 % 2, y_test)


def test_standardizer_is_standard_scaler_and_answers_its_attributes():
    X, _ = _iris()
    scaler, sk = data.Standardizer().fit(X), StandardScaler().fit(X)
    found = {}
    for name in ("mean_", "scale_", "var_", "n_features_in_"):
        with pytest.raises(AttributeError, match=rf"^Standardizer has no {name}: "):
            getattr(scaler, name)
        found[name] = getattr(sk, name)
    np.testing.assert_allclose(scaler.mean, found["mean_"])
    np.testing.assert_allclose(scaler.std, found["scale_"])
    np.testing.assert_allclose(scaler.std ** 2, found["var_"])
    assert scaler.mean.size == found["n_features_in_"]
    np.testing.assert_allclose(scaler.transform(X), sk.transform(X), atol=1e-12)
    with pytest.raises(AttributeError, match="'Standardizer' object has no attribute 'nothing'"):
        scaler.nothing


def test_standardizer_refuses_targets_and_stats_options_with_the_way():
    X, y = _iris()
    for call in (lambda s: s.fit(X, y), lambda s: s.fit_transform(X, y)):
        scaler = data.Standardizer()
        with pytest.raises(TypeError, match=r"takes X alone, .*y_scaler = data.Standardizer\(\).fit\(y_train\)"):
            call(scaler)
        assert scaler.mean is None   # nothing learnt from the refused call
    with pytest.raises(TypeError, match=r"'with_mean' \(.*X / scaler.std after fit"):
        data.Standardizer(with_mean=False)
    with pytest.raises(TypeError, match=r"^Standardizer.fit_transform takes X alone"):
        make_pipeline(data.Standardizer()).fit_transform(X, y)   # a Pipeline passes y along


def test_one_hot_answers_encoder_habits_and_text_labels():
    with pytest.raises(TypeError, match=r"'sparse_output' \(one_hot gives a dense NumPy array"):
        data.one_hot([0, 1], sparse_output=False)
    with pytest.raises(TypeError, match=r"'num_classes' \(torch's num_classes is n_classes here"):
        data.one_hot([0, 1], num_classes=3)
    with pytest.raises(ValueError, match=re.escape("classes, y = np.unique(y, return_inverse=True)")):
        data.one_hot(np.array(["a", "b"]))
    with pytest.raises(ValueError, match=r"y.ravel\(\) for a column"):
        data.one_hot(np.array([[0], [1]]))
    with pytest.raises(AttributeError, match=r"^neuralab.data has no StandardScaler: data.Standardizer\(\)"):
        data.StandardScaler


# -- ModelCheckpoint under a Keras file name -----------------------------------------------------------

def test_checkpoint_named_keras_warns_once_and_writes_every_epoch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    X, y = data.load("moons", n_samples=64, seed=0)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=0)
    with pytest.warns(UserWarning, match=r"saved to ck_1.keras.npz, neuralab's own format") as caught:
        model.fit(X, y, loss="bce", optimizer="adam", epochs=3, verbose=0, seed=0,
                  callbacks=[train.ModelCheckpoint("ck_{epoch}.keras", save_best_only=False)])
    assert len(caught) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ck_1.keras.npz", "ck_2.keras.npz", "ck_3.keras.npz"]
