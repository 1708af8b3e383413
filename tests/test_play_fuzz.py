"""A seeded random conversation with a playground session: long runs of valid-looking and broken
messages, sent while the training thread runs, after each of which the session must still be
whole (the invariants below). A scratch version of this driver ran many seeds for minutes; this
one replays a fixed seed in a few seconds."""
import json
import random

import numpy as np
import pytest

from neuralab.play import frames, protocol
from neuralab.play.protocol import ProtocolError
from neuralab.play.session import Session

FUZZ_SCHEDULES = ["step:10:0.5", "cosine:5:2", "warmup:3", "warmup:5,cosine:10:2", "step:0:0.5", "bogus",
                  "step:10:nan", "", None]
FUZZ_RAW = [   # texts no page sends: non-JSON numbers, huge, deep and malformed payloads
    '{"type": "set_state", "state": {"hparams": {"lr": NaN}}}',
    '{"type": "set_state", "state": {"hparams": {"lr": Infinity}}}',
    '{"type": "add_point", "x1": NaN, "x2": 0, "label": 0}',
    '{"type": "set_weight", "layer": 0, "to": 0, "from": 0, "value": -Infinity}',
    '{"type": "set_state", "state": {"dataset": {"noise": 1' + "0" * 400 + '}}}',
    '{"type": "control", "action": "play", "x": ' + "1" * 4301 + "}",
    "[" * 50_000 + "]" * 50_000,
    '{"type": "set_state", "state": ' + '{"x":' * 3000 + "1" + "}" * 3000 + "}",
    '{"type": "set_state", "state": {"dataset": {"name": "drawn", "points": ['
    + ",".join(["[0,0,1]"] * 2001) + "]}}}",
    '{"type": "upload_csv", "text": "' + "a" * 1_000_001 + '", "target": "y"}',
    '"text"', "null", "[]", "", "{", '{"type": "bogus"}', '{"type": 1}',
]


def _fuzz_maybe_bad(r, good, bad):
    return r.choice(bad) if r.random() < 0.08 else good


def _fuzz_points(r, task, n):
    if task == "regression":
        return [[r.uniform(-6, 6), r.uniform(-6, 6), r.choice([r.uniform(-10, 10), 1e6, -1e6])] for _ in range(n)]
    return [[r.uniform(-6, 6), r.uniform(-6, 6), r.randint(0, 3)] for _ in range(n)]


def _fuzz_dataset(r):
    d = {"name": r.choice(protocol.DATASETS + ("drawn", "circles", "plane"))}
    for key, good, bad in [("n_samples", r.choice([10, 20, 60, 200]), [9, 5001, 1.5]),
                           ("noise", r.uniform(0, 5), [-0.1, "x"]), ("train_ratio", r.uniform(0.1, 0.9), [1]),
                           ("seed", r.randrange(100), [-1, 2**31]), ("n_classes", r.randint(2, 10), [1, 11]),
                           ("task", r.choice(protocol.TASKS), ["binary"])]:
        if r.random() < 0.3:
            d[key] = _fuzz_maybe_bad(r, good, bad)
    if r.random() < 0.4:
        d["points"] = _fuzz_points(r, d.get("task", "classification"), r.choice([0, 1, 3, 20]))
        if r.random() < 0.05:   # values under the classification task, or a point off the plane
            d["points"].append(r.choice([[0, 0, 0.5], [7, 0, 0], [0, 0]]))
    return d


def _fuzz_layers(r):
    blocks = []
    for i in range(r.choice([0, 1, 2, 3, 13])):
        kind = r.choice(["dense", "dense", "dropout", "batchnorm"])
        block = {"id": f"b{r.randrange(6)}{i}", "type": kind}
        if kind == "dense":
            block["units"] = _fuzz_maybe_bad(r, r.choice([1, 2, 4, 64]), [0, 65, 2.5])
            block["activation"] = _fuzz_maybe_bad(r, r.choice(protocol.ACTIVATIONS), ["softmax", None])
        elif kind == "dropout":
            block["p"] = _fuzz_maybe_bad(r, r.choice([0, 0.5, 0.9]), [0.95, -0.1])
        blocks.append(block)
    return blocks


def _fuzz_state(r):
    """A random partial state."""
    s = {}
    if r.random() < 0.5:
        s["dataset"] = _fuzz_dataset(r)
    if r.random() < 0.25:
        s["features"] = r.sample(protocol.FEATURES, r.randint(1, len(protocol.FEATURES)))
    if r.random() < 0.35:
        s["layers"] = _fuzz_layers(r)
    if r.random() < 0.15:
        s["output"] = r.choice(protocol.OUTPUTS + ("relu",))
    if r.random() < 0.5:
        h = {}
        for key, good, bad in [("lr", 10 ** r.uniform(-5, 1), [0, 11]), ("batch_size", r.choice([1, 2, 10, 1000]), [0]),
                               ("optimizer", r.choice(protocol.OPTIMIZERS), ["lbfgs"]),
                               ("l1", r.choice([0, 0.01, 1]), [-1]), ("l2", r.choice([0, 0.01, 1]), [2]),
                               ("dropout", r.choice([0, 0.5]), [0.95]), ("schedule", r.choice(FUZZ_SCHEDULES), [3])]:
            if r.random() < 0.3:
                h[key] = _fuzz_maybe_bad(r, good, bad)
        s["hparams"] = h
    if r.random() < 0.1:
        s["hide"] = r.sample(protocol.HIDEABLE, 2) + (["bogus"] if r.random() < 0.2 else [])
    return s


def _fuzz_csv(r):
    """A small CSV upload: classes as numbers or text, a regression target, a 99999 marker, two or
    many columns, or a broken file; of 3 rows (which a low train ratio leaves none to train on) to 30."""
    kind = r.choice(["classes", "text", "regression", "marker", "many", "broken"])
    n_cols = r.randint(5, 30) if kind == "many" else r.choice([1, 2, 2, 3])
    lines = [",".join([f"c{j}" for j in range(n_cols)] + ["y"])]
    for _ in range(r.choice([3, 5, 10, 30])):
        cells = [f"{r.gauss(0, 3):.3f}" for _ in range(n_cols)]
        if kind == "marker" and r.random() < 0.1:
            cells[0] = "99999"
        y = {"text": r.choice(["cat", "dog"]), "regression": f"{r.uniform(-100, 100):.3f}"}.get(kind, str(r.randrange(3)))
        lines.append(",".join(cells + [y]))
    text = "\n".join(lines) + "\n"
    if kind == "broken":
        text = r.choice(["", "y\n", "a,b,y\n1,2\n3,4,5,6\n", "a,a,y\n1,2,0\n", "a,b,y\n" + "1e999,2,0\n" * 12])
    msg = {"type": "upload_csv", "text": text, "target": r.choice(["y", "y", "c0", "nope"])}
    if r.random() < 0.3:
        msg["task"] = r.choice(protocol.CSV_TASKS)
    return msg


def _fuzz_message(r):
    """The text of one random message."""
    k = r.random()
    if k < 0.05:
        msg = {"type": "hello", "state": _fuzz_state(r)}
    elif k < 0.35:
        msg = {"type": "set_state", "state": _fuzz_state(r)}
    elif k < 0.42:
        msg = _fuzz_csv(r)
    elif k < 0.52:
        msg = {"type": "add_point", "x1": r.uniform(-6, 6), "x2": r.uniform(-6, 6),
               **({"label": r.choice([0, 1, 2, 10])} if r.random() < 0.5 else {"value": r.uniform(-5, 5)})}
    elif k < 0.55:
        msg = {"type": "clear_points", **({"task": r.choice(protocol.TASKS)} if r.random() < 0.5 else {})}
    elif k < 0.72:
        msg = {"type": "control", "action": r.choice(protocol.ACTIONS + ("play", "step_epoch", "jump"))}
    elif k < 0.79:
        msg = {"type": "inspect", "layer": r.choice([0, 1, 2, 4, 99]), "unit": r.choice([0, 1, 3, 64]),
               "sample": r.choice([0, 5, 10**6])}
    elif k < 0.82:
        msg = {"type": "trace", "sample": r.choice([0, 3, 999])}
    elif k < 0.85:
        msg = {"type": "set_weight", "layer": r.choice([0, 2, 99]), "to": r.choice([0, 9]), "from": 0,
               "value": r.choice([1.0, 101])}
    elif k < 0.87:
        msg = {"type": r.choice(["download", "ready"])}
    else:
        return r.choice(FUZZ_RAW)
    return json.dumps(msg)


def _fuzz_snapshot(session):
    with session.model_lock():
        return json.dumps(session.state, sort_keys=True), session.data, session.net, session.uploaded


def _fuzz_sent(reply):
    """``reply`` as the server sends it (NaN as null), which must be valid JSON."""
    return json.dumps(frames.json_safe(reply), allow_nan=False)


def _fuzz_steps_an_epoch(session):
    """step_epoch, on a scene with enough training points, ends one more epoch (or diverges);
    whether it stepped."""
    if len(session.data.X_train) < protocol.min_batch(session.state):
        return False
    session.handle(protocol.parse('{"type": "control", "action": "pause"}'))
    assert session.wait_idle()
    epoch = session.epoch
    session.handle(protocol.parse('{"type": "control", "action": "step_epoch"}'))
    assert session.wait_idle()
    assert session.epoch == epoch + 1 or session._ended == session.generation   # a divergence ends the fit
    return True


def test_a_long_random_conversation_keeps_the_session_whole():
    r = random.Random(2024)
    session = Session()
    session.handle(protocol.parse('{"type": "hello"}'))
    refused = answered = stepped = 0
    try:
        for i in range(600):
            text = _fuzz_message(r)
            try:
                msg = protocol.parse(text)
            except ProtocolError as err:
                assert str(err) and len(str(err)) < 1000
                refused += 1
                continue
            before = _fuzz_snapshot(session)
            try:
                with np.errstate(all="raise", under="ignore"):
                    replies = [] if msg["type"] == "ready" else session.handle(msg)
            except ProtocolError as err:   # the one refusal there is: one error reply, nothing changed
                assert json.loads(_fuzz_sent(protocol.error(err, err.suggestion)))["message"]
                after = _fuzz_snapshot(session)
                assert after[0] == before[0] and all(a is b for a, b in zip(after[1:], before[1:])), text[:300]
                refused += 1
                continue
            answered += 1
            for reply in replies:
                _fuzz_sent(reply)
                if reply["type"] == "scene":   # what the page's URL then holds opens again
                    assert reply["state"] == session.state
                    shared = protocol.parse(json.dumps({"type": "hello", "state": reply["state"]}))
                    assert protocol.merge_state(protocol.DEFAULT_STATE, shared["state"]) == reply["state"]
            while session.events:
                _fuzz_sent(session.events.popleft())
            if i % 3 == 0:
                page_has = r.choice([None, (session.scene_id, session._heavy_seq)])
                frames.encode(*session.frame(i, page_has))
            if i % 40 == 39:
                assert session.thread.is_alive()
                stepped += _fuzz_steps_an_epoch(session)
                try:
                    session.handle(protocol.parse('{"type": "control", "action": "play"}'
                                                  if len(session.data.X_train) >= protocol.min_batch(session.state)
                                                  else '{"type": "control", "action": "pause"}'))
                except ProtocolError as err:   # the weights a diverged run stopped with: no going on
                    assert "would diverge again at once" in str(err), str(err)
        assert refused > 100 and answered > 200 and stepped >= 5   # the walk went every way
        assert session.thread.is_alive()
        _fuzz_steps_an_epoch(session)
    finally:
        session.close()
    session.thread.join(10)
    assert not session.thread.is_alive()


def _fuzz_hello():
    session = Session()
    session.handle(protocol.parse('{"type": "hello"}'))
    return session


def test_removing_every_hidden_block_with_a_change_of_features_builds():
    session = _fuzz_hello()
    try:
        session.handle(protocol.parse('{"type": "set_state", "state": {"features": ["x1", "x2", "x1^2", "x2^2"]}}'))
        (scene,) = session.handle(protocol.parse('{"type": "set_state", "state": {"features": ["x2^2", "x1"], '
                                                 '"layers": []}}'))
        assert [layer["kind"] for layer in scene["network"]["layers"]] == ["dense", "activation"]
    finally:
        session.close()


def test_a_train_share_that_leaves_a_small_csv_no_training_row_is_refused_in_the_pages_terms():
    session = _fuzz_hello()
    try:
        session.handle(protocol.parse(json.dumps({"type": "upload_csv", "text": "a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n",
                                                  "target": "y"})))
        with pytest.raises(ProtocolError, match="train") as caught:
            session.handle(protocol.parse('{"type": "set_state", "state": {"dataset": {"train_ratio": 0.1}}}'))
        assert caught.value.suggestion
    finally:
        session.close()
