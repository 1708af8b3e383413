"""A seeded random walk over a playground ``Session``'s messages, checked at every step against a
``Session`` built afresh from the same final state (hello with that state, the same upload, the
same weights copied in): the scene the page holds and a frame's names and maps must agree. The
caches of a network's names (``Net.names``) and of a dataset's grid
(``Data.grid_points``, ``Data.grid_inputs``) rest on every edit building a new Net or Data;
a walk of many edits finds one that does not. It checks too that a refusal is an ``error``
reply that leaves the session as it was, that scene ids never go back and every frame is of the
last scene the page received, that the numbers the page receives are finite, that the frame's
learning rate is the one set, and that untrained weights a fresh start would not draw are listed
among the run's edits (the page's script, which starts from the state, names them).

``FuzzWalk(seed, play_for=0.1).run(200)`` is the longer walk, with edits sent while it trains.
"""
import copy
import json
import random
import re
import time

import numpy as np
import pytest
from session_kit import send

from neuralab.play import frames, protocol
from neuralab.play.build import load_data
from neuralab.play.protocol import ProtocolError
from neuralab.play.session import Session

GENERATED = ("circles", "xor", "gaussians", "spiral", "moons", "checkerboard", "plane")
REAL = ("iris", "wine", "breast_cancer", "digits")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "identity")
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
SCHEDULES = (None, "step:2:0.5", "cosine:3:2", "warmup:4", "warmup:3,step:2:0.5")
# the maps a frame draws from the weights and the data alone (not from gradients or the run)
MAPS = re.compile(r"^(output|output_class|units/\d+|features/.*|W/\d+|b/\d+|hist_w/\d+|confusion|misclassified.*)$")
MONITOR_NAME = re.compile(r"\b\d+:[A-Z]\w*")   # a layer in the monitor's words, never the page's


def _fuzz_csvs():
    """Small CSVs of this test's own: two columns of classes, two of values, three of classes."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=(40, 3)) * [3.0, 0.5, 10.0] + [10.0, -2.0, 0.0]
    two = "height,width,kind\n" + "".join(f"{a:.3f},{b:.3f},{'pq'[int(a + 4 * b > 2)]}\n" for a, b, _ in x)
    values = "height,width,price\n" + "".join(f"{a:.3f},{b:.3f},{100 + 3 * a - 8 * b:.3f}\n" for a, b, _ in x)
    three = "a,b,c,kind\n" + "".join(f"{a:.3f},{b:.3f},{c:.3f},{'xyz'[int(a) % 3]}\n" for a, b, c in x)
    return {"two.csv": (two, "kind"), "values.csv": (values, "price"), "three.csv": (three, "kind")}


FUZZ_CSVS = _fuzz_csvs()


class FuzzWalk:
    """One seeded walk: ``run(n)`` sends ``n`` random messages and checks the session after each."""

    def __init__(self, seed, play_for=0.0):
        self.rng = random.Random(seed)
        self.play_for = play_for      # s of play, then an edit while it trains (0: paused at once)
        self.session = Session()
        self.upload = None            # the last upload the session took (for the fresh session)
        self.last_scene = None        # the last scene the page received
        self.scene_id = 0
        self.log = []                 # the messages sent, for a report

    def close(self):
        self.session.close()

    # -- messages ------------------------------------------------------------------------------
    def _layers(self):
        rng, blocks = self.rng, []
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            kind = rng.choice(("dense",) * 4 + ("dropout", "batchnorm"))
            block = {"id": rng.choice("abcdefgh"), "type": kind}
            if kind == "dense":
                block.update(units=rng.randint(1, 6), activation=rng.choice(ACTIVATIONS))
            elif kind == "dropout":
                block["p"] = rng.choice((0.0, 0.2, 0.5))
            blocks.append(block)
        seen = set()
        return [b for b in blocks if not (b["id"] in seen or seen.add(b["id"]))]

    def _dataset(self):
        rng = self.rng
        name = rng.choice(GENERATED * 3 + REAL)
        return {"name": name, "n_samples": rng.choice((20, 40, 60)), "noise": rng.choice((0.0, 0.1, 0.5)),
                "seed": rng.randint(0, 5), "train_ratio": rng.choice((0.5, 0.7)), "n_classes": rng.randint(2, 4)}

    def _drawing(self):
        """A drawing as a link holds it: its task, points and the part of the plane it shows."""
        rng = self.rng
        task = rng.choice(("classification", "regression"))
        points = [[round(rng.uniform(-3, 3), 2), round(rng.uniform(-3, 3), 2),
                   rng.randint(0, 2) if task == "classification" else round(rng.uniform(-5, 5), 2)]
                  for _ in range(rng.choice((0, 1, 5, 12)))]
        a, c = rng.uniform(-5, 0), rng.uniform(-5, 0)
        extent = rng.choice((None, [round(a, 2), round(a + rng.uniform(0.5, 5), 2), round(c, 2), round(c + 2, 2)]))
        return {"name": "drawn", "task": task, "points": points, "extent": extent}

    def valid_message(self):
        rng, state = self.rng, self.session.state
        hp = {"optimizer": lambda: rng.choice(protocol.OPTIMIZERS),
              "lr": lambda: rng.choice((0.001, 0.01, 0.03, 0.1, 0.3, 3.0)),   # 3: a divergence, at times
              "batch_size": lambda: rng.choice((2, 5, 10, 32)),
              "l1": lambda: rng.choice((0.0, 0.001)), "l2": lambda: rng.choice((0.0, 0.001, 0.01)),
              "dropout": lambda: rng.choice((0.0, 0.0, 0.3)), "schedule": lambda: rng.choice(SCHEDULES)}
        key = rng.choice(tuple(hp))
        n_train = len(self.session.data.X_train)
        name = rng.choice(tuple(FUZZ_CSVS))
        choices = [
            (3, {"type": "set_state", "state": {"dataset": self._dataset()}}),
            (2, {"type": "set_state", "state": {"dataset": self._drawing()}}),
            (2, {"type": "upload_csv", "text": FUZZ_CSVS[name][0], "target": FUZZ_CSVS[name][1], "filename": name}),
            (2, {"type": "set_state", "state": {"features": rng.sample(FEATURES, rng.randint(1, 4))}}),
            (3, {"type": "set_state", "state": {"layers": self._layers()}}),
            (1, {"type": "set_state", "state": {"output": rng.choice(("auto", "sigmoid", "softmax", "identity"))}}),
            (3, {"type": "set_state", "state": {"hparams": {key: hp[key]()}}}),
            (1, {"type": "set_state", "state": {"hide": rng.sample(("data", "trace", "curves"), rng.randint(0, 2))}}),
            (1, {"type": "set_state", "state": {"speed": rng.choice((None, 1, 30))}}),   # epochs a second
            (3, {"type": "add_point", "x1": rng.uniform(-5.9, 5.9), "x2": rng.uniform(-5.9, 5.9),
                 **({"label": rng.randint(0, 2)} if rng.random() < 0.6 else {"value": rng.uniform(-50, 50)})}),
            (1, {"type": "clear_points", **({"task": rng.choice(("classification", "regression"))}
                                           if rng.random() < 0.5 else {})}),
            (2, self._set_weight()),
            (3, {"type": "control", "action": rng.choice(("step_batch", "step_batch", "step_epoch", "reset"))}),
            (1, {"type": "control", "action": "play"}),
            (1, {"type": "inspect", "layer": rng.randint(0, len(self.session.net.model.layers) - 1),
                 "unit": 0, "sample": rng.randint(0, max(n_train - 1, 0))}),
            (1, {"type": "trace", "sample": rng.randint(0, max(n_train - 1, 0))}),
            (1, {"type": "download"}),
            (1, {"type": "hello", "state": copy.deepcopy(state)}),
            (1, {"type": "hello", "state": {k: copy.deepcopy(state[k]) for k in rng.sample(sorted(state), 2)}}),
            (1, {"type": "set_state", "state": {"dataset": self._dataset(), "layers": self._layers(),
                                                "features": rng.sample(FEATURES, 2), "hparams": {key: hp[key]()}}}),
        ]
        return rng.choices([m for _, m in choices], weights=[w for w, _ in choices])[0]

    def _set_weight(self):
        layers = self.session.net.model.layers
        dense = [i for i, layer in enumerate(layers) if hasattr(layer, "in_features")]
        i = self.rng.choice(dense)
        W = layers[i].weight.data
        return {"type": "set_weight", "layer": i, "to": self.rng.randrange(W.shape[0]),
                "from": self.rng.randrange(W.shape[1]), "value": self.rng.uniform(-3, 3)}

    def invalid_message(self):
        """A message the protocol or the session refuses (an error reply, nothing changed)."""
        rng, layers = self.rng, self.session.net.model.layers
        return rng.choice([
            {"type": "set_state", "state": {"hparams": {"lr": 50}}},
            {"type": "set_state", "state": {"layers": [{"id": "a", "type": "dense", "units": 0,
                                                        "activation": "relu"}]}},
            {"type": "set_state", "state": {"hparams": {"batch_size": 1},
                                            "layers": [{"id": "n", "type": "batchnorm"}]}},
            {"type": "set_state", "state": {"dataset": {"name": "circles"}, "colour": 1}},
            {"type": "set_state", "state": {"hparams": {"schedule": "step:zero"}}},
            {"type": "set_weight", "layer": len(layers), "to": 0, "from": 0, "value": 1.0},
            {"type": "set_weight", "layer": 0, "to": 99, "from": 0, "value": 1.0},
            {"type": "inspect", "layer": len(layers) + 3, "unit": 0, "sample": 0},
            {"type": "trace", "sample": 10**6},
            {"type": "upload_csv", "text": FUZZ_CSVS["two.csv"][0], "target": "nope"},
            {"type": "add_point", "x1": 7, "x2": 0, "label": 1},
            {"type": "control", "action": "rewind"},
        ])

    # -- the walk ------------------------------------------------------------------------------
    def send(self, message):
        """The replies to ``message``, or None when it was refused (and left the session as it was)."""
        self.log.append(message)
        before = self._snapshot()
        try:
            replies = send(self.session, message)
        except ProtocolError:
            assert self.session.playing or self.session.wait_idle(30), "the training thread did not come to rest"
            assert self._snapshot() == before, f"a refused {message['type']} changed the session"
            return None
        if message["type"] == "upload_csv":
            self.upload = message
        for reply in replies:
            if reply["type"] in ("scene", "status") or not _blown_up(self.session):
                _assert_finite(reply, reply["type"])   # (a trace of weights of 1e18 may overflow)
            if reply["type"] == "scene":
                assert reply["scene_id"] >= self.scene_id, "a scene id went back"
                self.scene_id, self.last_scene = reply["scene_id"], json.loads(json.dumps(frames.json_safe(reply)))
        if message["type"] == "control" and message["action"] == "play" and self.session.playing:
            time.sleep(self.play_for)
            if self.play_for:   # an edit while it trains, as the page sends one
                self.send(self.valid_message())
            send(self.session, {"type": "control", "action": "pause"})
        return replies

    def _snapshot(self):
        s = self.session
        if s.net is None:
            return None
        with s.model_lock():
            # (while it trains, the weights move: the rest must not)
            weights = None if s.playing else [a.tobytes() for a in _arrays(s.net)]
            # (_resumes: whether the next fit goes on from weights a fit stopped with, which a
            # refused edit set before, though nothing it reads had changed)
            return (json.dumps(s.state, sort_keys=True), s.scene_id, id(s.data), id(s.net), id(s.uploaded),
                    weights, s._resumes)

    def run(self, steps, invalid=0.1):
        self.send({"type": "hello", "state": {}})
        for step in range(steps):
            try:
                self.send(self.invalid_message() if self.rng.random() < invalid else self.valid_message())
                assert self.session.wait_idle(30), "the training thread did not come to rest"
                self.check()
            except AssertionError as err:   # with the messages that led there, to replay them
                sent = "\n".join(json.dumps(m)[:200] for m in self.log[-8:])
                raise AssertionError(f"{err}\nat step {step}, after (last 8 of {len(self.log)}):\n{sent}") from err

    # -- the check -----------------------------------------------------------------------------
    def check(self):
        """The session now against a Session built afresh from its state, upload and weights."""
        s = self.session
        fresh = Session()
        try:
            if s.state["dataset"]["name"] == "csv":
                send(fresh, {"type": "hello", "state": {}})   # the page's way: a scene, its file, the link
                send(fresh, self.upload)
            send(fresh, {"type": "hello", "state": s.state})
            with s.model_lock(), fresh.model_lock():   # (the fresh one's training thread starts a fit)
                if s.data.name == "drawn" and s.data.target_standardize is not None:
                    # a drawing's μ and σ belong to its weights (build.py): copied with them
                    fresh.data = load_data(fresh.state, None, kept=s.data)
                if s.step == 0 and not s.history.edits:   # the page's script, from the state, starts alike
                    for mine, theirs in zip(_arrays(fresh.net), _arrays(s.net), strict=True):
                        assert np.array_equal(mine, theirs), "untrained weights no fresh start draws, and no edit said"
                for mine, theirs in zip(_arrays(fresh.net), _arrays(s.net), strict=True):
                    mine[...] = theirs
                fresh.version += 1
                fresh._measure()
                s._heavy_at = fresh._heavy_at = 0.0     # no throttle: a frame's maps are those of now
                scene_now, scene_fresh = _plain(s.scene()), _plain(fresh.scene())
                with np.errstate(all="ignore"):   # as frame_here builds it: a diverged run's maps
                    header, arrays = s._build_frame(1, None)
            fresh_header, fresh_arrays = fresh.frame_here(1)
            asked = self._probes()
            answers = [(_replies(s, m), _replies(fresh, m)) for m in asked]
        finally:
            fresh.close()
        for message, (now, anew) in zip(asked, answers):
            assert now == anew, f"{message} is answered otherwise than by a fresh session"
        if header["metrics_of"] == "weights":   # the weights now, evaluated: as a fresh session's
            assert header["metrics"].keys() == fresh_header["metrics"].keys()
            for k, v in header["metrics"].items():
                assert v == pytest.approx(fresh_header["metrics"][k], rel=1e-5, abs=1e-6, nan_ok=True), k
        assert scene_now["state"] == scene_fresh["state"]
        # the page drops a frame of a scene id other than its last scene's
        assert header["scene_id"] == self.last_scene["scene_id"], "frames of a scene the page never received"
        if not s.state["hparams"]["schedule"]:
            assert header["lr"] == s.state["hparams"]["lr"], "the frame's learning rate is not the one set"
        for seen in (scene_now, self.last_scene):
            for key in ("network", "grid", "dataset", "cannot_train"):
                assert seen[key] == scene_fresh[key], f"the scene's {key} is not that of a fresh session"
        # the diagnoses in the page's words: the names its report is given, as a fresh network's
        assert s.net.names == fresh.net.names, "the diagnoses' names are stale"
        names = {layer["name"] for layer in scene_fresh["network"]["layers"]}
        for diagnosis in header["diagnoses"]:
            said = diagnosis["evidence"]
            assert not MONITOR_NAME.search(said), f"a diagnosis names a layer in the monitor's words: {said}"
            shown = set(re.findall(r"(?:hidden layer \d+|output) \(\d+ \w+\)", said))
            assert shown <= names, f"a diagnosis names layers {shown - names} the network does not have"
        maps = {k for k in arrays if MAPS.match(k)}
        assert maps == {k for k in fresh_arrays if MAPS.match(k)}
        diverged = _blown_up(s)
        for k in maps:
            assert arrays[k].shape == fresh_arrays[k].shape, k
            np.testing.assert_allclose(arrays[k], fresh_arrays[k], rtol=1e-6, atol=1e-6, err_msg=k)
            assert diverged or np.isfinite(arrays[k]).all(), f"{k} holds a number past the float range"

    def _probes(self):
        """Messages whose answers read the weights and data alone: an inspect, a trace (without
        its update, which reads the optimizer's scheduled lr), a download."""
        s, rng = self.session, self.rng
        n = len(s.data.X_train)
        layer = rng.randrange(len(s.net.model.layers))
        probes = [{"type": "download"}]
        if n:
            sample = rng.randrange(n)
            probes += [{"type": "inspect", "layer": layer, "unit": 0, "sample": sample},
                       {"type": "trace", "sample": sample}]
        return probes


def _replies(session, message):
    """The replies to ``message`` as the page reads them, or the refusal's words."""
    try:
        replies = _plain(send(session, message))
    except ProtocolError as err:
        return str(err)
    for reply in replies:
        reply.pop("epoch", None)   # (a download's: the epochs trained, which a fresh session has not)
        reply.pop("update", None)
        reply.pop("grad_bias", None)
        reply.pop("grad_weights", None)
    return replies


def _arrays(net):
    """Every parameter and buffer of ``net``'s model, in order."""
    out = []
    for layer in net.model.layers:
        out += [p.data for p in layer.parameters()] + [b for _, b in layer.named_buffers()]
    return out


def _blown_up(session):
    """Whether a run took the weights far past any a page sets (a divergence at lr 3)."""
    with session.model_lock():
        return not all(np.abs(a).max(initial=0) < 1e6 for a in _arrays(session.net))


def _plain(reply):
    return json.loads(json.dumps(frames.json_safe(reply)))


def _assert_finite(value, where):
    if isinstance(value, float):
        assert np.isfinite(value), f"{where} holds {value}"
    elif isinstance(value, dict):
        for k, v in value.items():
            _assert_finite(v, f"{where}.{k}")
    elif isinstance(value, (list, tuple)):
        for v in value:
            _assert_finite(v, where)


@pytest.mark.parametrize("seed", range(6))
def test_a_random_walk_of_messages_agrees_with_a_fresh_session_at_every_step(seed):
    walk = FuzzWalk(seed)
    try:
        walk.run(40)
    finally:
        walk.close()
