"""The run history's words for an edit of the network say which layers kept their weights: a
layer keeps them only while it reads what it learnt from (transplant.py), so "(the trained
weights carried over)" after a layer was added was only partly true. Each case compares the
words with the weights themselves: a layer named as kept holds the old weights, the others not."""
import numpy as np
import pytest

from neuralab.play import protocol
from session_kit import send

H1, H2 = protocol.DEFAULT_STATE["layers"]
H3 = {"id": "h3", "type": "dense", "units": 3, "activation": "relu"}


def kw_trained(session):
    """Greet ``session`` and train it one epoch; {page name: its weight arrays} then."""
    send(session, {"type": "hello", "state": {}})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    return kw_weights(session.net)


def kw_weights(net):
    return {name: [p.data.copy() for p in layer.parameters()]
            for layer, name in zip(net.model.layers, net.names) if layer.parameters()}


def kw_same(a, b):
    return len(a) == len(b) and all(x.shape == y.shape and np.array_equal(x, y) for x, y in zip(a, b))


def kw_last_words(scene):
    """The words in brackets that end the last edit's change, from the words' opening bracket."""
    change = scene["edits"][-1]["change"]
    return change[max(change.rfind(" (the "), change.rfind(" (none ")):]


def test_a_layer_appended_names_the_layers_that_kept_their_weights(play_session):
    # the learner: a third hidden layer appended said "(the trained weights carried over)", yet the
    # output layer, which now reads the new layer, started afresh
    before = kw_trained(play_session)
    (scene,) = send(play_session, {"type": "set_state", "state": {"layers": [H1, H2, H3]}})
    after = kw_weights(play_session.net)
    kept = [name for name in after if name in before and kw_same(after[name], before[name])]
    assert kept == ["hidden layer 1 (4 tanh)", "hidden layer 2 (2 tanh)"]
    assert kw_last_words(scene) == (" (the trained weights of hidden layer 1 (4 tanh) and "
                                    "hidden layer 2 (2 tanh) kept, the rest fresh)")


def test_a_layer_put_first_keeps_none(play_session):
    before = kw_trained(play_session)
    (scene,) = send(play_session, {"type": "set_state", "state": {"layers": [H3, H1, H2]}})
    after = kw_weights(play_session.net)
    assert not any(name in before and kw_same(after[name], before[name]) for name in after)
    assert kw_last_words(scene) == " (none of the trained weights kept: every layer fresh)"


@pytest.mark.parametrize("edit, words", [
    ({"hparams": {"dropout": 0.2}}, " (the trained weights kept)"),
    ({"layers": [{**H1, "activation": "relu"}, H2]}, " (the trained weights kept)"),
    ({"layers": [{**H1, "units": 5}, H2]}, " (the trained weights kept, a unit or input added fresh, read with weight 0: the same predictions)"),
    ({"features": ["x1", "x2", "x1^2"]}, " (the trained weights kept, a unit or input added fresh, read with weight 0: the same predictions)"),
])
def test_an_edit_that_keeps_every_layer_says_so(play_session, edit, words):
    before = kw_trained(play_session)
    (scene,) = send(play_session, {"type": "set_state", "state": edit})
    after = kw_weights(play_session.net)
    for old, new in zip(before.values(), after.values()):   # (the same blocks, renamed if need be)
        for x, y in zip(old, new):   # each holds the old weights where both have them
            region = tuple(slice(0, min(a, b)) for a, b in zip(x.shape, y.shape))
            if "features" not in edit:
                assert np.array_equal(x[region], y[region])
    grown = any(x.shape != y.shape for old, new in zip(before.values(), after.values()) for x, y in zip(old, new))
    assert grown == ("added" in words)
    assert kw_last_words(scene) == words
