"""LearningRateScheduler's warning of torch's LambdaLR habit (a function giving factors of the lr
where the lr itself is expected): said where the factor reading is likely, and not for a schedule
that starts where its optimizer starts, which is how one says "I mean lr 1.0"."""
import warnings

import numpy as np
import pytest

from neuralab import data, nn, optim
from neuralab.train import LearningRateScheduler

_FACTOR = "gave lr 1.0"


def _sf_fit(schedule, optimizer=None, lr=0.01, epochs=3, per="epoch"):
    """(History, the texts of the warnings fit gave) for a fit with LearningRateScheduler(schedule)."""
    X, y = data.load("moons", n_samples=64, noise=0.2, seed=0)
    model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    opt = (optimizer or optim.Adam)(model.parameters(), lr=lr)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y, loss="bce", optimizer=opt, epochs=epochs, verbose=0, batch_size=32,
                            callbacks=[LearningRateScheduler(schedule, per=per)])
    return history, [str(w.message) for w in caught]


def test_a_factor_schedule_is_warned_of_with_the_way_to_mean_lr_1():
    _, said = _sf_fit(lambda epoch: 0.95 ** epoch, optim.Adam, lr=0.01)
    [warning] = [text for text in said if _FACTOR in text]
    assert "lambda epoch: 0.01 * 0.95 ** epoch" in warning
    assert "If you mean lr 1.0, start the optimizer there, optim.Adam(model.parameters(), lr=1.0)" in warning


def test_a_schedule_that_starts_where_its_optimizer_starts_is_not_warned_of():
    # "I mean it", as the warning says, without a warnings filter: lr 1.0, then 1/2, 1/3
    history, said = _sf_fit(lambda epoch: 1 / (1 + epoch), optim.SGD, lr=1.0)
    assert not [text for text in said if _FACTOR in text]
    assert history["lr"] == pytest.approx([1.0, 0.5, 1 / 3])


@pytest.mark.parametrize("schedule, lr", [
    (lambda epoch: 0.95 ** epoch, 0.5),          # read as lrs, 1.0 is twice the optimizer's: no misreading to fear
    (lambda epoch: 1.0 + epoch, 0.01),           # past 1 at the second epoch: lrs, not factors of a decay
])
def test_what_does_not_look_like_factors_of_the_optimizers_lr_is_not_warned_of(schedule, lr):
    _, said = _sf_fit(schedule, optim.SGD, lr=lr)
    assert not [text for text in said if _FACTOR in text]


def test_the_look_ahead_stays_within_the_run_and_the_functions_answers():
    # a list of one lr per epoch of a 2-epoch run: f(2) would raise IndexError
    history, said = _sf_fit(lambda epoch: [1.0, 0.5][epoch], optim.Adam, lr=0.01, epochs=2)
    assert [text for text in said if _FACTOR in text] and history["lr"] == [1.0, 0.5]
    # per batch, 2 updates an epoch: the first 5 updates span 3 epochs, and f counts updates
    history, said = _sf_fit(lambda t: 0.9 ** t, optim.Adam, lr=0.001, epochs=3, per="batch")
    assert len([text for text in said if _FACTOR in text]) == 1
