"""The playground's WebSocket protocol, spoken over a raw socket (no browser): the scene, the
binary frames, the trace against the engine's own numbers, and malformed messages that must get
an ``error`` reply while the socket and the server keep working.

See docs/playground-protocol.md.
"""
import json
import time
import urllib.request

import numpy as np
import pytest

from neuralab.nn import PlaneFeatures
from neuralab.play.protocol import FEATURES
from neuralab.play.views import THUMB_STEP

from playkit import engine_forward

# The same scene every test starts from: the protocol's example.
STATE = {
    "dataset": {"name": "circles", "n_samples": 400, "noise": 0.1, "train_ratio": 0.5, "seed": 1,
                "n_classes": 2},
    "features": ["x1", "x2"],
    "layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"},
               {"id": "h2", "type": "dense", "units": 2, "activation": "tanh"}],
    "output": "auto",
    "hparams": {"optimizer": "sgd", "lr": 0.03, "batch_size": 10, "l1": 0, "l2": 0,
                "dropout": 0, "schedule": None},
}


def hello(c, state=STATE):
    return c.request({"type": "hello", "state": state}, "scene", "error")


def assert_error(msg, what):
    assert msg["type"] == "error", f"{what}: expected an error reply, got {msg}"
    assert isinstance(msg.get("message"), str) and msg["message"], f"{what}: {msg}"
    assert msg.get("fatal") is False, f"{what}: an error of a bad message is not fatal: {msg}"


def dense_layers(scene):
    return [layer for layer in scene["network"]["layers"] if layer["kind"] == "dense"]


def test_health_and_index(server):
    health = server.health()
    assert health["status"] == "ok"
    assert isinstance(health["sessions"], int)
    with urllib.request.urlopen(server.url + "/", timeout=5) as response:
        assert response.status == 200
        assert "<html" in response.read().decode("utf-8").lower()


def test_hello_builds_the_default_scene(client):
    c = client()
    scene = c.request({"type": "hello"}, "scene", "error")
    assert scene["type"] == "scene", scene
    state = scene["state"]
    assert state["dataset"]["name"] == "circles"
    assert [layer["units"] for layer in state["layers"]] == [4, 2]
    ds = scene["dataset"]
    assert ds["is_2d"] is True and ds["n_classes"] == 2
    assert len(ds["train"]) == ds["n_train"] and len(ds["test"]) == ds["n_test"]
    assert ds["n_train"] + ds["n_test"] == 400
    assert all(len(p) == 3 for p in ds["train"])
    assert scene["network"]["inputs"] == ["x1", "x2"]
    dense = dense_layers(scene)
    assert [d["units"] for d in dense] == [4, 2, 1]
    assert scene["network"]["output"]["activation"] == "sigmoid"
    assert scene["grid"]["extent"] == [-6, 6, -6, 6]
    assert scene["status"]["state"] in ("paused", "playing")
    # hello with the normalised state gives the same state back (what a shared URL relies on)
    again = hello(c, state)
    assert again["state"] == state


def test_frames_follow_the_binary_layout(client):
    c = client()
    scene = hello(c)
    header, arrays = c.frame()
    assert header["type"] == "frame"
    for key in ("seq", "epoch", "step", "metrics", "arrays"):
        assert key in header, key
    g = scene["grid"]["size"]
    assert arrays["output"].shape == (g, g) and arrays["output"].dtype == np.float32
    assert np.all((arrays["output"] >= 0) & (arrays["output"] <= 1)), "p(class 1) is in [0, 1]"
    prev = 2
    for layer in dense_layers(scene):
        i = layer["index"]
        assert arrays[f"W/{i}"].shape == (layer["units"], prev)
        assert arrays[f"b/{i}"].shape == (layer["units"],)
        prev = layer["units"]
    thumb = scene["grid"]["thumb"]
    units = [k for k in arrays if k.startswith("units/")]
    assert units, f"no per-neuron maps in {sorted(arrays)}"
    for k in units:
        assert arrays[k].shape[1:] == (thumb, thumb), (k, arrays[k].shape)
    # the input column's maps, the engine's features over the same points (the page has no formula)
    ticks = np.linspace(-6, 6, g)[::THUMB_STEP]
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    points = np.column_stack([x1.ravel(), x2.ravel()]).astype(np.float32)
    for name in FEATURES:
        want = PlaneFeatures([name]).forward(points).reshape(thumb, thumb)
        np.testing.assert_array_equal(arrays[f"features/{name}"], want, err_msg=name)
    # the next frame (something changed: one batch), with a larger seq
    c.request({"type": "control", "action": "step_batch"}, "status")
    header2, _ = c.frame(fresh=True, where=lambda h: h["step"] >= 1)
    assert header2["seq"] > header["seq"]
    assert header2["step"] == header["step"] + 1


BLOCK_ORDERS = {
    "dropout first": [{"id": "d", "type": "dropout", "p": 0.2},
                      {"id": "h1", "type": "dense", "units": 4, "activation": "tanh"}],
    "batchnorm first": [{"id": "n", "type": "batchnorm"},
                        {"id": "h1", "type": "dense", "units": 4, "activation": "relu"}],
    "mixed": [{"id": "h1", "type": "dense", "units": 4, "activation": "relu"},
              {"id": "n", "type": "batchnorm"}, {"id": "d", "type": "dropout", "p": 0.5},
              {"id": "h2", "type": "dense", "units": 3, "activation": "sigmoid"}],
    "no hidden layer": [],
}


@pytest.mark.parametrize("order", BLOCK_ORDERS, ids=list(BLOCK_ORDERS))
def test_every_block_order_is_drawn_and_trains(client, order):
    c = client()
    scene = c.request({"type": "hello", "state": {"layers": BLOCK_ORDERS[order]}}, "scene", "error")
    assert scene["type"] == "scene", scene
    header, arrays = c.frame()
    assert arrays["output"].shape == (scene["grid"]["size"],) * 2
    c.request({"type": "control", "action": "step_epoch"}, "status")
    header, _ = c.frame(where=lambda h: h["epoch"] == 1)
    trace = c.request({"type": "trace", "sample": 0}, "trace", "error")
    assert trace["type"] == "trace", trace
    assert [f["index"] for f in trace["forward"]] == [x["index"] for x in scene["network"]["layers"]]


def test_the_first_frame_after_a_scene_change_shows_the_new_scene(client):
    """No array of the previous scene (per-neuron maps, confusion matrix) in the frame that
    follows an edit: its shapes are the new network's."""
    c = client()
    hello(c)
    c.frame()
    layers = [dict(STATE["layers"][0]), dict(STATE["layers"][1], units=5)]
    scene = c.request({"type": "set_state", "state": {"layers": layers}}, "scene", "error")
    _, arrays = c.frame(fresh=True)
    for layer in scene["network"]["layers"]:
        if layer["kind"] in ("dense", "activation"):
            maps = arrays.get(f"units/{layer['index']}")
            assert maps is not None and maps.shape[0] == layer["units"], (
                f"units/{layer['index']}: {None if maps is None else maps.shape} in the first frame "
                f"after the edit; the layer has {layer['units']} units")
    text = "a,b,c,label\n" + "\n".join(f"{i % 7},{i % 5},{i % 3},{i % 2}" for i in range(60))
    c.request({"type": "upload_csv", "text": text, "target": "label"}, "scene")
    _, arrays = c.frame(fresh=True)
    assert arrays["W/0"].shape == (4, 3)
    stale = sorted(k for k in arrays if k.startswith(("units/", "features/")))
    assert not stale, f"the first frame of 3-input CSV data carries the plane maps {stale}"


def test_training_runs_and_pauses(client):
    c = client()
    hello(c)
    status = c.request({"type": "control", "action": "play"}, "status")
    assert status["state"] == "playing"
    first, _ = c.frame()
    later, _ = c.frame(timeout=20, where=lambda h: h["epoch"] >= first["epoch"] + 5)
    assert later["step"] > first["step"]
    status = c.request({"type": "control", "action": "pause"}, "status")
    assert status["state"] == "paused"
    settled, _ = c.settle()
    epoch, step = settled["epoch"], settled["step"]
    # only the batch under way when the pause came (and its epoch's end) may pass
    assert status["step"] <= step <= status["step"] + 1, (status, settled)
    assert status["epoch"] <= epoch <= status["epoch"] + 1, (status, settled)
    time.sleep(0.3)   # (what must not come: a step)
    still, _ = c.frame()
    assert (still["epoch"], still["step"]) == (epoch, step), "paused training does not advance"
    c.request({"type": "control", "action": "step_epoch"}, "status")
    # a frame past its end, then quiet (settling at once, a loaded server may not have begun it)
    c.frame(timeout=20, where=lambda h: h["epoch"] > epoch)
    stepped, _ = c.settle()
    assert stepped["epoch"] == epoch + 1, "step_epoch trains one epoch"
    # a reset replies with a scene (its state carries the weights_seed moved on), at epoch 0
    scene = c.request({"type": "control", "action": "reset"}, "scene")
    assert scene["status"]["epoch"] == 0 and scene["state"]["weights_seed"] is not None


# Three gaussian clusters: a softmax output, which the loss takes the logits of, as it takes
# those of the binary scene's sigmoid.
THREE_CLASSES = dict(STATE, dataset=dict(STATE["dataset"], name="gaussians", n_classes=3))


@pytest.mark.parametrize("state", [STATE, THREE_CLASSES], ids=["sigmoid", "softmax"])
def test_trace_numbers_are_the_engines(client, state):
    """The trace's z, a, loss and gradients equal neuralab's own forward and backward pass
    recomputed here from the weights the frame carries; the output activation the loss fuses is
    shown, on the logits."""
    c = client()
    scene = hello(c, state)
    output = scene["network"]["layers"][-1]
    assert (output["kind"], output["activation"]) == ("activation", scene["network"]["output"]["activation"])
    c.request({"type": "control", "action": "step_epoch"}, "status")   # weights off their init
    _, arrays = c.frame(where=lambda h: h["epoch"] >= 1)
    sample = 3
    trace = c.request({"type": "trace", "sample": sample}, "trace", "error")
    assert trace["type"] == "trace", trace
    x1, x2, label = scene["dataset"]["train"][sample]
    np.testing.assert_allclose(trace["input"], [x1, x2], atol=1e-4)    # the scene rounds points
    assert trace["target"] == label or trace["target"] == [label]
    expected = engine_forward(scene["network"], arrays, np.array(trace["input"]), label)
    forward = {f["index"]: f for f in trace["forward"]}
    assert sorted(forward) == sorted(expected["forward"]), "every layer is shown, the output activation too"
    for index, (z, a) in expected["forward"].items():
        np.testing.assert_allclose(forward[index]["z"], z, rtol=1e-4, atol=1e-5,
                                   err_msg=f"z of layer {index}")
        np.testing.assert_allclose(forward[index]["a"], a, rtol=1e-4, atol=1e-5,
                                   err_msg=f"a of layer {index}")
    assert trace["loss"] == pytest.approx(expected["loss"], rel=1e-4, abs=1e-6)
    backward = {b["index"]: b for b in trace["backward"]}
    for index, (g_w, g_b) in expected["grads"].items():
        np.testing.assert_allclose(backward[index]["grad_weights"], g_w, rtol=1e-4, atol=1e-6,
                                   err_msg=f"∂L/∂W of layer {index}")
        np.testing.assert_allclose(backward[index]["grad_bias"], g_b, rtol=1e-4, atol=1e-6,
                                   err_msg=f"∂L/∂b of layer {index}")
    for update in trace["update"]:
        i = update["index"]
        new = arrays[f"W/{i}"].astype(np.float64) - update["lr"] * np.array(backward[i]["grad_weights"])
        np.testing.assert_allclose(update["new_weights"], new, rtol=1e-4, atol=1e-6)
    # computed on a copy: training was not disturbed (the weights inspect reports are the frame's)
    first = dense_layers(scene)[0]["index"]
    reply = c.request({"type": "inspect", "layer": first, "unit": 0, "sample": 0}, "inspect")
    np.testing.assert_allclose(reply["weights"], arrays[f"W/{first}"][0], rtol=1e-5, atol=1e-6)


def test_inspect_a_neuron(client):
    c = client()
    scene = hello(c)
    layer = dense_layers(scene)[0]
    reply = c.request({"type": "inspect", "layer": layer["index"], "unit": 1, "sample": 0},
                      "inspect", "error")
    assert reply["type"] == "inspect", reply
    assert len(reply["weights"]) == len(reply["grad_weights"]) == 2
    for key in ("z", "a", "bias", "grad_bias"):
        assert isinstance(reply[key], (int, float)), (key, reply[key])
    assert len(reply["map"]["values"]) == reply["map"]["size"] ** 2


def test_edit_keeps_the_weights_of_untouched_blocks(client):
    c = client()
    hello(c)
    _, before = c.frame()
    layers = [dict(STATE["layers"][0]), dict(STATE["layers"][1], units=3)]
    scene = c.request({"type": "set_state", "state": {"layers": layers}}, "scene", "error")
    assert [d["units"] for d in dense_layers(scene)] == [4, 3, 1]
    _, after = c.frame(fresh=True)
    first = dense_layers(scene)[0]["index"]
    np.testing.assert_array_equal(after[f"W/{first}"], before[f"W/{first}"])
    second = dense_layers(scene)[1]["index"]
    np.testing.assert_array_equal(after[f"W/{second}"][:2], before[f"W/{second}"])


def test_upload_csv_and_draw_points(client):
    c = client()
    hello(c)
    rng = np.random.default_rng(0)
    x = rng.uniform(-4, 4, size=(60, 2))
    rows = ["a,b,label"] + [f"{p:.4f},{q:.4f},{'yes' if p * q > 0 else 'no'}" for p, q in x]
    scene = c.request({"type": "upload_csv", "text": "\n".join(rows) + "\n", "target": "label"},
                      "scene", "error")
    assert scene["type"] == "scene", scene
    assert scene["state"]["dataset"]["name"] == "csv"
    assert scene["dataset"]["n_train"] + scene["dataset"]["n_test"] == 60
    assert scene["dataset"]["is_2d"] and scene["dataset"]["axes"] == ["a", "b"]   # two columns: the plane
    assert scene["dataset"]["feature_names"] == ["x1", "x2"]
    scene = c.request({"type": "clear_points"}, "scene", "error")
    assert scene["state"]["dataset"]["name"] == "drawn"
    for x1, x2, label in [(1, 1, 0), (-2, 3, 1), (4, -4, 1)]:
        scene = c.request({"type": "add_point", "x1": x1, "x2": x2, "label": label},
                          "scene", "error")
    assert scene["state"]["dataset"]["name"] == "drawn"
    points = scene["dataset"]["train"] + scene["dataset"]["test"]
    assert sorted(tuple(p) for p in points) == [(-2, 3, 1), (1, 1, 0), (4, -4, 1)]


MALFORMED = [
    ("bad JSON", "{not json"),
    ("a JSON array", "[1, 2, 3]"),
    ("a JSON number", "42"),
    ("no type", {"state": {}}),
    ("unknown type", {"type": "self_destruct"}),
    ("type not a string", {"type": 7}),
    ("unknown field", {"type": "ready", "please": True}),
    ("unknown state key", {"type": "set_state", "state": {"colour": "red"}}),
    ("wrong type", {"type": "set_state", "state": {"hparams": {"lr": "fast"}}}),
    ("lr out of range", {"type": "set_state", "state": {"hparams": {"lr": 100}}}),
    ("NaN lr", '{"type": "set_state", "state": {"hparams": {"lr": NaN}}}'),
    ("too many units", {"type": "set_state", "state": {"layers": [
        {"id": "h1", "type": "dense", "units": 10**9, "activation": "tanh"}]}}),
    ("too many layers", {"type": "set_state", "state": {"layers": [
        {"id": f"h{i}", "type": "dense", "units": 2, "activation": "tanh"} for i in range(13)]}}),
    ("huge dataset", {"type": "set_state", "state": {"dataset": {"name": "circles",
                                                                 "n_samples": 10**12}}}),
    ("huge batch", {"type": "set_state", "state": {"hparams": {"batch_size": 10**9}}}),
    ("dropout p", {"type": "set_state", "state": {"layers": [
        {"id": "d", "type": "dropout", "p": 1.5}]}}),
    ("unknown activation", {"type": "set_state", "state": {"layers": [
        {"id": "h1", "type": "dense", "units": 4, "activation": "swish9"}]}}),
    ("unknown dataset", {"type": "set_state", "state": {"dataset": {"name": "/etc/passwd"}}}),
    ("bad schedule", {"type": "set_state", "state": {"hparams": {"schedule": "warp:9"}}}),
    ("unknown action", {"type": "control", "action": "explode"}),
    ("inspect a missing layer", {"type": "inspect", "layer": 99, "unit": 0, "sample": 0}),
    ("inspect a missing unit", {"type": "inspect", "layer": 0, "unit": 10**6, "sample": 0}),
    ("trace a missing sample", {"type": "trace", "sample": 10**9}),
    ("negative sample", {"type": "trace", "sample": -1}),
    ("set_weight a missing weight", {"type": "set_weight", "layer": 0, "to": 0, "from": 99,
                                     "value": 1.0}),
    ("point off the plane", {"type": "add_point", "x1": 1e9, "x2": 0, "label": 0}),
    ("csv over 1 MB", {"type": "upload_csv", "text": "a,b,c\n" + "1,2,3\n" * 200_000,
                       "target": "c"}),
    ("csv without the target", {"type": "upload_csv", "text": "a,b\n1,2\n3,4\n", "target": "z"}),
]


@pytest.mark.parametrize("what,message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_message_gets_an_error_and_the_session_is_unchanged(client, what, message):
    c = client()
    before = hello(c)["state"]
    c.send(message)
    reply = c.expect("error", "scene", "status", "inspect", "trace")
    assert_error(reply, what)
    # the socket still works and the session is unchanged
    again = c.request({"type": "set_state", "state": {}}, "scene", "error")
    assert again["type"] == "scene", again
    assert again["state"] == before


def test_binary_message_gets_an_error(client):
    c = client()
    hello(c)
    c.send(b"\x00\x01\x02")
    assert_error(c.expect("error", "scene"), "a binary frame from the client")
    assert c.request({"type": "set_state", "state": {}}, "scene", "error")["type"] == "scene"


def test_a_frame_over_2_mb_is_refused_and_the_server_lives_on(server, client):
    c = client()
    hello(c)
    c.send(json.dumps({"type": "upload_csv", "target": "c", "text": "x" * (3 * 2**20)}))
    from websockets.exceptions import ConnectionClosed
    try:
        reply = c.expect("error", "scene")
    except ConnectionClosed as closed:
        # refusing by closing with 1009 (message too big) is also a refusal
        assert closed.rcvd is not None and closed.rcvd.code == 1009, closed
    else:
        assert_error(reply, "a 3 MB frame")
        assert c.request({"type": "set_state", "state": {}}, "scene", "error")["type"] == "scene"
    assert server.health()["status"] == "ok"
    fresh = client()
    assert hello(fresh)["type"] == "scene"


def test_sessions_are_counted_and_freed(server, client):
    def wait_for(predicate, what):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            n = server.health()["sessions"]
            if predicate(n):
                return n
            time.sleep(0.05)
        raise AssertionError(f"/health never reported {what} sessions (now {n})")

    # the sockets of the tests before close asynchronously: wait until the count holds still
    base = server.health()["sessions"]
    while True:
        time.sleep(0.3)
        now = server.health()["sessions"]
        if now == base:
            break
        base = now
    c = client()
    hello(c)
    wait_for(lambda n: n == base + 1, f"{base + 1}")
    c.close()
    wait_for(lambda n: n == base, f"{base}")
