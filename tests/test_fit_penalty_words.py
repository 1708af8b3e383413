"""fit(penalty="l2") names the call that gives a penalty: penalty=train.L2(1e-3)."""
import pytest

from neuralab import data, nn, train


@pytest.mark.parametrize("given, call", [("l2", "penalty=train.L2(1e-3)"), ("L1", "penalty=train.L1(1e-3)"),
                                         (0.01, "penalty=train.L2(1e-3)")])
def test_a_penalty_by_name_or_number_is_told_the_call(given, call):
    X, y = data.load("moons", n_samples=20, seed=0)
    model = nn.MLP([2, 3, 1], output="sigmoid")
    with pytest.raises(TypeError, match="penalty") as err:
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, penalty=given)
    assert call in str(err.value)
    # and the call it names works
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, penalty=train.L2(1e-3))
