"""A key missing from a History says why: a run that diverged in its first epoch logged nothing
(a teacher's `history.history["loss"]` for the "loss shoots up" curve was a bare KeyError: 'loss'),
or the key was never logged (the names that were)."""
import pickle
import warnings

import pytest

from neuralab import data, nn, optim
from neuralab.train import History


def _mk_diverged_run():
    """The History of a sine whose targets (1e30) overflow the loss in the first epoch."""
    X, y = data.load("sine", n_samples=50, seed=0)
    model = nn.MLP([1, 8, 1], output="identity")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(X, y * 1e30, loss="mse", optimizer=optim.SGD(model.parameters(), lr=5), epochs=3,
                         verbose=0)


def test_a_run_that_diverged_in_its_first_epoch_says_nothing_was_logged_and_why():
    history = _mk_diverged_run()
    assert history.epoch == []
    for read in (lambda: history.history["loss"], lambda: history["loss"]):
        with pytest.raises(KeyError, match=r"'loss': no epoch ended, so nothing was logged \(training stopped: "
                                           r"the loss became inf at epoch 1.*monitor.loss\['loss'\]"):
            read()


def test_a_key_never_logged_lists_those_that_were_and_the_nearest():
    history = History()
    history.append(0, {"loss": 0.5, "accuracy": 0.75})
    with pytest.raises(KeyError, match=r"'acc' was not logged: the history holds 'loss', 'accuracy' "
                                       r"\(did you mean 'accuracy'\?\)"):
        history.history["acc"]
    assert history.history.get("acc") is None and "acc" not in history.history
    assert dict(history.history) == {"loss": [0.5], "accuracy": [0.75]}
    again = pickle.loads(pickle.dumps(history))
    assert again.history == history.history and again["loss"] == [0.5]


def test_a_history_says_whether_training_diverged_or_stopped_otherwise():
    diverged = _mk_diverged_run()
    assert diverged.diverged and diverged.stop_reason
    X, y = data.load("sine", n_samples=50, seed=0)
    calm = nn.MLP([1, 8, 1], output="identity").fit(X, y, loss="mse", optimizer="adam", epochs=2, verbose=0)
    assert not calm.diverged and calm.stop_reason is None
