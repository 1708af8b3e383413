"""A list of (x, y) pairs given to fit, Nielsen's ``training_data = list(zip(X, Y))``, is refused
with the two arrays to give instead, and the model left as it was; a list of rows stays X."""
import numpy as np
import pytest

from neuralab import nn, train


def weights_of(model):
    return [p.data.copy() for p in model.parameters()]


def unchanged(model, before):
    return all(np.array_equal(w, p.data) for w, p in zip(before, model.parameters()))


@pytest.mark.parametrize("call", [
    lambda m, pairs: m.fit(pairs, loss="mse", optimizer="sgd", epochs=1, verbose=0),
    lambda m, pairs: m.fit(pairs, None, loss="mse", optimizer="sgd", epochs=1, verbose=0),
    lambda m, pairs: m.fit(pairs, np.zeros((6, 1)), loss="mse", optimizer="sgd", epochs=1, verbose=0),
    lambda m, pairs: train.fit(m, pairs, None, loss="mse", optimizer="sgd", epochs=1, verbose=0),
    lambda m, pairs: m.fit(pairs, epochs=1),   # the pairs are said before the missing loss
])
def test_a_list_of_pairs_is_refused_with_the_two_arrays(call):
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(6, 2)), rng.normal(size=(6, 1))
    model = nn.MLP([2, 3, 1], rng=0)
    before = weights_of(model)
    with pytest.raises(TypeError) as caught:
        call(model, list(zip(X, Y)))
    assert str(caught.value) == ("fit got a list of (x, y) pairs? Give X and y as two arrays: "
                                 "X = np.array([x for x, _ in pairs]), y = np.array([y for _, y in pairs]); "
                                 "then model.fit(X, y, ...)")
    assert unchanged(model, before)


def test_nielsen_s_column_vectors_are_ravelled_into_rows_and_the_advice_runs():
    rng = np.random.default_rng(0)
    pairs = [(rng.normal(size=(4, 1)), np.eye(3)[:, [k]]) for k in (0, 1, 2, 1)]   # x (4, 1), one-hot (3, 1)
    model = nn.MLP([4, 3], rng=0)
    with pytest.raises(TypeError, match=r"X = np\.array\(\[np\.ravel\(x\) for x, _ in pairs\]\), "
                                        r"y = np\.array\(\[np\.ravel\(y\) for _, y in pairs\]\)"):
        model.fit(pairs, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0)
    X = np.array([np.ravel(x) for x, _ in pairs])   # the advice, as written
    y = np.array([np.ravel(y) for _, y in pairs])
    assert X.shape == (4, 4) and y.shape == (4, 3)
    assert len(model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=2, verbose=0).epoch) == 2


def test_a_zip_is_refused_without_being_used_up():
    X, Y = np.zeros((3, 2)), np.zeros(3)
    pairs = zip(X, Y)
    with pytest.raises(TypeError, match=r"^evaluate got a zip of \(x, y\) pairs\? Make it a list, "
                                        r"pairs = list\(zip\(\.\.\.\)\)"):
        nn.MLP([2, 1]).evaluate(pairs)
    assert len(list(pairs)) == 3


def test_a_list_of_rows_of_numbers_is_still_x():
    model = nn.MLP([2, 1], rng=0)
    history = model.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], loss="mse", optimizer="sgd", epochs=1,
                        verbose=0)
    assert list(history.history)[0] == "loss"
