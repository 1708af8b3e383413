"""train.History, what mutation testing found untested: each test asserts a promise of
history.py that a small change of the code broke unseen."""
from neuralab.train import History


def test_keep_last_without_slack_forgets_even_one_epoch_past_n():
    history = History()
    for epoch in range(3):
        history.append(epoch, {"loss": 1.0 / (epoch + 1)})
    history.keep_last(2)
    assert history.epoch == [1, 2] and history["loss"] == [1 / 2, 1 / 3]
