"""One playground session per browser tab: the scene, a training thread, the latest snapshot.

Training is the library's own ``fit`` running in a daemon thread with ``epochs`` practically
unbounded. Its callback (``_Driver``) is the session's hand on the loop:

- ``on_batch_begin`` is the gate: it blocks on a condition while paused; ``step_batch`` lets one
  batch through, ``step_epoch`` the rest of the epoch; a changed scene raises ``_Restart``,
  which ends ``fit`` so that the thread starts it again on the new model, data or optimizer.
- between the gate and ``on_batch_end`` the thread holds the model lock: a batch's forward,
  backward and update are one step for everyone else. The last batch of an epoch holds it on
  to ``on_epoch_end``, so no one sees an epoch's batches all done but the epoch not counted (a
  frame built just after a pause shows where training stopped). Drawing (``frame``), inspecting, tracing
  and every scene change take the same lock (``model_lock``: the gate lets them go first), so
  they see the model between two batches.
- ``on_batch_end`` / ``on_epoch_end`` store the latest numbers (a few floats and copies of the
  gradients); the heavy views are computed by ``frame()`` at most ``HEAVY_PER_SECOND`` times a
  second, in the sender's time, so training speed does not depend on drawing.
- the per-batch cost is kept to a few attribute reads: while playing with nobody waiting for the
  model lock, the gate does not take the condition; the gradients are copied at most
  ``GRADS_PER_SECOND`` times a second while playing (so they may be a few batches older than the
  weights; after every batch when stepping, so what the page inspects after a step is that
  step's); the Monitor records every
  ``MONITOR_EVERY`` steps (a record is a forward pass of the probe and ~40 histograms).

Messages the training thread has for the page (a divergence, a status change) wait in
``events`` until the socket's sender takes them (``on_event``, when set, is called after each
one is queued, from the training thread: the server wakes its sender with it). ``Registry``
holds the open sessions.
"""
import base64
import collections
import contextlib
import copy
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from .. import optim
from ..train import L1, L2, Callback, DivergenceWarning, LearningRateScheduler, Monitor
from . import views
from .build import build_net, load_data, parse_csv
from .protocol import DEFAULT_STATE, MAX_POINTS, ProtocolError, error, merge_state

EPOCHS = 10**9
HEAVY_PER_SECOND = 10
DIAGNOSES_PER_SECOND = 2       # the monitor's report (~1 ms) changes slowly: at most twice a second
GRADS_PER_SECOND = 120         # gradient copies while playing (frames go at most 75 times a second)
MONITOR_EVERY = 100            # optimizer steps between two Monitor records
MAX_CURVE_ROWS = 400
RESTART_KEYS = ("optimizer", "batch_size", "l1", "l2", "schedule")   # hparams that need a new optimizer


class _Restart(Exception):
    """Ends the running ``fit``: the scene changed, or the session closed."""


class _Driver(Callback):
    """The session's callback in ``fit`` (listed after the Monitor, so the Monitor's probe pass
    also runs inside the model lock)."""

    def __init__(self, session, generation):
        self.session, self.generation = session, generation

    def on_batch_begin(self, batch, logs=None):
        self.session._gate(self.generation, batch)

    def on_batch_end(self, batch, logs=None):
        # the last batch of an epoch keeps the model lock until the epoch's end is counted
        self.session._after_batch(logs, last=batch + 1 >= self.params["steps"])

    def on_epoch_end(self, epoch, logs=None):
        self.session._after_epoch(self.generation, logs)


class Session:
    """A scene (state, data, network, optimizer) and the thread that trains it."""

    def __init__(self):
        self.lock = threading.RLock()          # the model lock (see the module docstring)
        self.cond = threading.Condition()      # guards the control fields below
        self.playing, self.budget, self.generation, self.closed = False, 0, 0, False
        self.idle, self.next_batch, self.steps_per_epoch = False, 0, 1
        self._ended = -1                       # generation whose fit ended (diverged, failed)
        self._holding = False
        self._wanting = 0                      # threads waiting for the model lock
        self.events = collections.deque()
        self.on_event = None                   # called (training thread) after an event is queued
        self._grads_at = 0.0                   # when the gradients were last copied
        self.version = 0                       # bumps whenever what the page sees changes
        self.scene_id = 0                      # bumps with every new network or dataset
        self.state = self.uploaded = self.data = self.net = None
        self._heavy_at, self._heavy_version, self._heavy = 0.0, -1, ({}, {})
        self._heavy_seq = 0                    # counts heavy refreshes (the header's heavy_seq)
        self._diagnosed_at, self._diagnosed = 0.0, []
        self.thread = None

    @contextlib.contextmanager
    def model_lock(self):
        """The model lock, for every thread but the training thread, which lets waiting threads
        go first between two batches (a plain lock would let it take the lock back at once)."""
        with self.cond:
            self._wanting += 1
        self.lock.acquire()
        with self.cond:
            self._wanting -= 1
            self.cond.notify_all()
        try:
            yield
        finally:
            self.lock.release()

    # -- the scene ---------------------------------------------------------------------------
    def _install(self, state, data, net, fresh, uploaded=None, same_scene=False):
        """Swap in a new scene (built and checked beforehand) and restart training on it.
        ``fresh`` starts the counters and curves over; ``same_scene`` (a reset) keeps the
        scene_id, as the network and data the page draws keep their shapes."""
        optimizer, scheduler = self._optimizer(state, net)
        with self.model_lock():
            self.state, self.data, self.net = state, data, net
            self.optimizer, self.scheduler = optimizer, scheduler
            if uploaded is not None:
                self.uploaded = uploaded
            self.monitor = Monitor(every=MONITOR_EVERY)
            if fresh:
                self.epoch = self.step = 0
                self.curves, self.curve_every = [], 1
            self.grads, self._grads_at = {}, 0.0
            self.scene_id += 0 if same_scene else 1
            self._heavy_at = self._diagnosed_at = 0.0   # the next frame recomputes the views
            with np.errstate(all="ignore"):
                self.metrics = views.initial_metrics(net, data)
            self._restart()
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, daemon=True, name="neuralab-play-train")
            self.thread.start()

    def _optimizer(self, state, net):
        hp = state["hparams"]
        optimizer = optim.get(hp["optimizer"], net.trained.parameters(), lr=hp["lr"])
        scheduler = optim.parse_schedule(hp["schedule"], optimizer) if hp["schedule"] else None
        return optimizer, scheduler

    def _restart(self):
        """End the running fit; the thread starts again on the scene now installed."""
        n = len(self.data.X_train)
        with self.cond:
            self.generation += 1
            self.next_batch = 0
            self.steps_per_epoch = -(-n // min(self.state["hparams"]["batch_size"], n)) if n else 1
            self.version += 1
            self.cond.notify_all()

    def hello(self, partial):
        state = merge_state(DEFAULT_STATE, partial)
        data = load_data(state, self.uploaded)
        net = build_net(state, data)
        with self.cond:
            self.playing, self.budget = False, 0
        self._install(state, data, net, fresh=True)
        return [self.scene()]

    def set_state(self, partial, uploaded=None):
        """Apply a partial state: rebuild what it changes, keep the rest (and trained weights)."""
        old = self.state
        state = merge_state(old, partial)
        dataset_changed = _without_points(state["dataset"]) != _without_points(old["dataset"])
        if state["dataset"] != old["dataset"] or state["features"] != old["features"] or uploaded is not None:
            data = load_data(state, uploaded or self.uploaded)
        else:
            data = self.data
        architecture = (state["layers"], state["output"], state["hparams"]["dropout"])
        if data is not self.data or architecture != (old["layers"], old["output"], old["hparams"]["dropout"]):
            fresh = dataset_changed or uploaded is not None
            with self.model_lock():   # read the trained weights between two batches
                net = build_net(state, data, None if fresh else self.net)
            self._install(state, data, net, fresh=fresh, uploaded=uploaded)
        elif any(state["hparams"][k] != old["hparams"][k]
                 for k in RESTART_KEYS + (("lr",) if state["hparams"]["schedule"] else ())):
            optimizer, scheduler = self._optimizer(state, self.net)
            with self.model_lock():
                self.state, self.optimizer, self.scheduler = state, optimizer, scheduler
                self._restart()
        else:
            with self.model_lock():
                self.state = state
                self.optimizer.lr = state["hparams"]["lr"]
                self.version += 1
        return [self.scene()]

    def scene(self):
        with self.model_lock():
            return {"type": "scene", "scene_id": self.scene_id, "state": self.state,
                    "dataset": views.describe_data(self.data), "network": self.net.describe(),
                    "grid": {"extent": [-6, 6, -6, 6], "size": views.GRID, "thumb": views.THUMB},
                    "status": self.status()}

    def status(self):
        return {"type": "status", "state": "playing" if self.playing else "paused",
                "epoch": self.epoch, "step": self.step}

    # -- messages ----------------------------------------------------------------------------
    def handle(self, msg):
        """The replies to one validated message (``ready`` is the sender's business)."""
        kind = msg["type"]
        if kind != "hello" and self.state is None:
            raise ProtocolError("send hello first")
        if kind == "hello":
            return self.hello(msg["state"])
        if kind == "set_state":
            return self.set_state(msg["state"])
        if kind == "control":
            return self.control(msg["action"])
        if kind == "inspect":
            with self.model_lock(), np.errstate(all="ignore"):
                self._check_sample(msg["sample"])
                return [views.inspect(self.net, self.data, self.grads, msg["layer"], msg["unit"],
                                      msg["sample"])]
        if kind == "trace":
            return [self.trace(msg["sample"])]
        if kind == "set_weight":
            return self.set_weight(msg["layer"], msg["to"], msg["from"], msg["value"])
        if kind == "upload_csv":
            uploaded = parse_csv(msg["text"], msg["target"])
            return self.set_state({"dataset": {"name": "csv"}}, uploaded=uploaded)
        if kind == "add_point":
            points = self._current_points() + [msg["point"]]
            if len(points) > MAX_POINTS:
                raise ProtocolError(f"at most {MAX_POINTS} points can be drawn", "clear the points first")
            return self.set_state({"dataset": {"name": "drawn", "points": points}})
        if kind == "clear_points":
            return self.set_state({"dataset": {"name": "drawn", "points": []}})
        if kind == "download":
            return [self.download()]
        return []

    def _current_points(self):
        """The points a drawing starts from: the drawn ones, or those of 2-D classification data."""
        data = self.data
        if not data.is_2d or not data.classification:
            return []
        if data.name == "drawn":
            return [list(p) for p in self.state["dataset"]["points"]]
        P = np.concatenate([data.points_train, data.points_test])
        y = np.concatenate([data.y_train, data.y_test])
        keep = np.abs(P).max(axis=1) <= 6
        points = [[round(float(a), 4), round(float(b), 4), int(c)] for (a, b), c in zip(P[keep], y[keep])]
        return points[:MAX_POINTS - 1]

    def _check_sample(self, sample):
        n = len(self.data.X_train)
        if not 0 <= sample < n:
            raise ProtocolError(f"sample must be a training index in 0..{n - 1}, got {sample}")

    def control(self, action):
        if action == "reset":
            net = build_net(self.state, self.data)
            with self.cond:
                self.playing, self.budget = False, 0
            self._install(self.state, self.data, net, fresh=True, same_scene=True)
            return [self.status()]
        if action in ("play", "step_batch", "step_epoch") and not len(self.data.X_train):
            raise ProtocolError("there are no training points yet", "click on the plane to add some")
        with self.cond:
            if action == "pause":
                self.playing, self.budget = False, 0
            else:
                if self._ended == self.generation:   # the last run diverged or failed: try again
                    self.generation += 1
                    self.next_batch = 0
                self.playing = action == "play"
                self.budget = {"play": 0, "step_batch": 1,
                               "step_epoch": self.steps_per_epoch - self.next_batch}[action]
            self.cond.notify_all()
        return [self.status()]

    def set_weight(self, layer, to, source, value):
        with self.model_lock():
            layers = self.net.model.layers
            if not 0 <= layer < len(layers) or not hasattr(layers[layer], "in_features"):
                raise ProtocolError(f"layer {layer} is not a dense layer")
            W = layers[layer].weight.data
            if not (0 <= to < W.shape[0] and 0 <= source < W.shape[1]):
                raise ProtocolError(f"layer {layer} has weights to 0..{W.shape[0] - 1} from 0..{W.shape[1] - 1}")
            W[to, source] = value
            self.version += 1
        return [self.scene()]

    def download(self):
        """The ``model`` message: the network as ``Sequential.save`` writes it, base64-encoded."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "model.npz"
            with self.model_lock():
                self.net.model.save(path)
            data = base64.b64encode(path.read_bytes()).decode("ascii")
        return {"type": "model", "filename": "neuralab-model.npz", "data": data}

    def trace(self, sample):
        with self.model_lock():
            self._check_sample(sample)
            net, lr = copy.deepcopy(self.net), self.optimizer.lr
        with np.errstate(all="ignore"):
            return views.trace(net, self.data, lr, sample)

    # -- the training thread -----------------------------------------------------------------
    def _run(self):
        with np.errstate(all="ignore"):
            while True:
                with self.cond:
                    while not self.closed and self._ended == self.generation:
                        self.cond.wait()
                    if self.closed:
                        return
                    generation = self.generation
                try:
                    self._train(generation)
                except _Restart:
                    continue
                except DivergenceWarning as warning:       # warnings are errors (as under pytest)
                    self._end(generation, str(warning), "diverged")
                except Exception as err:  # noqa: BLE001 - reported to the page, never a crash
                    self._end(generation, str(err))
                finally:
                    if self._holding:
                        self._holding = False
                        self.lock.release()

    def _train(self, generation):
        with self.lock:
            if generation != self.generation:
                raise _Restart
            net, data, optimizer = self.net, self.data, self.optimizer
            hp = self.state["hparams"]
            X, y = data.X_train, net.targets(data.y_train, data.n_classes)
            if not len(X):
                self._end(generation, None)
                return
            validation = (data.X_test, net.targets(data.y_test, data.n_classes)) if len(data.X_test) else None
            callbacks = [self.monitor]
            if self.scheduler is not None:
                callbacks.append(LearningRateScheduler(self.scheduler))
            callbacks.append(_Driver(self, generation))
            penalty = [p for p in (L1(hp["l1"]) if hp["l1"] else None, L2(hp["l2"]) if hp["l2"] else None) if p]
            size = min(hp["batch_size"], len(X))
        history = net.trained.fit(X, y, loss=net.loss, optimizer=optimizer, epochs=EPOCHS, batch_size=size,
                                  validation_data=validation, verbose=0, metrics=net.metrics,
                                  seed=self.state["dataset"]["seed"], penalty=penalty, callbacks=callbacks)
        if generation == self.generation:
            diverged = self.monitor.diverged
            self._end(generation, history.stop_reason, "diverged" if diverged else None)

    def _end(self, generation, message, kind=None):
        """The fit of ``generation`` ended: pause, and tell the page why."""
        with self.cond:
            if generation != self.generation:
                return
            self._ended = generation
            self.playing, self.budget = False, 0
            if message:
                suggestion = (f"lower the learning rate (now {self.optimizer.lr:g}) and press play, or reset"
                              if kind == "diverged" else "change the settings and press play")
                self.events.append(error(message, suggestion, kind))
            self.events.append(self.status())
            self.version += 1
            self.cond.notify_all()
        notify = self.on_event
        if notify is not None:
            notify()

    def _gate(self, generation, batch):
        if self.playing and not self._wanting and not self.closed and generation == self.generation:
            # the common case, without the condition: each read is atomic, and a change that
            # lands right after it is seen at the next batch, as it would be a batch later anyway
            self.next_batch = batch
            self.lock.acquire()
            self._holding = True
            if generation != self.generation:
                raise _Restart
            return
        with self.cond:
            self.next_batch = batch
            while True:
                if self.closed or generation != self.generation:
                    raise _Restart
                if self._wanting:
                    self.cond.wait()
                    continue
                if self.playing:
                    break
                if self.budget > 0:
                    self.budget -= 1
                    break
                self.idle = True
                self.cond.notify_all()
                self.cond.wait()
            self.idle = False
        self.lock.acquire()
        self._holding = True
        if generation != self.generation:
            raise _Restart

    def _after_batch(self, logs, last=False):
        self.step += 1
        now = time.monotonic()
        if not self.playing or now - self._grads_at >= 1 / GRADS_PER_SECOND:
            self._grads_at = now
            for i, layer in enumerate(self.net.model.layers):
                if hasattr(layer, "in_features"):
                    self.grads[i] = (layer.weight.grad.copy(), layer.bias.grad.copy())
        self.version += 1
        if not last:
            self._holding = False
            self.lock.release()

    def _after_epoch(self, generation, logs):
        try:
            with self.lock:
                if generation != self.generation:
                    return
                self.epoch += 1
                self.metrics = dict(logs)
                if self.epoch % self.curve_every == 0:
                    self.curves.append([self.epoch] + [logs.get(k, np.nan) for k in _curve_keys(logs)])
                    if len(self.curves) >= MAX_CURVE_ROWS:
                        del self.curves[1::2]
                        self.curve_every *= 2
                self.version += 1
        finally:
            if self._holding:   # taken by the epoch's last batch
                self._holding = False
                self.lock.release()

    # -- what the page sees ------------------------------------------------------------------
    def frame(self, seq):
        """(header, arrays) of the live view now; the heavy arrays are at most 1/10 s old."""
        with self.model_lock(), np.errstate(all="ignore"):
            now = time.monotonic()
            if self._heavy_version != self.version and now - self._heavy_at >= 1 / HEAVY_PER_SECOND:
                if not self.playing or now - self._diagnosed_at >= 1 / DIAGNOSES_PER_SECOND:
                    self._diagnosed, self._diagnosed_at = views.diagnoses(self.monitor), now
                self._heavy = views.heavy_arrays(self.net, self.data, self.grads, self.monitor,
                                                 self._diagnosed)
                self._heavy_at, self._heavy_version = now, self.version
                self._heavy_seq += 1
            header, arrays = dict(self._heavy[0]), dict(self._heavy[1])
            arrays.update(views.light_arrays(self.net.model, self.grads))
            arrays["curves"] = np.array(self.curves, np.float32).reshape(-1, 5)
            header.update({"type": "frame", "scene_id": self.scene_id, "seq": seq, "heavy_seq": self._heavy_seq,
                           "epoch": self.epoch, "step": self.step, "lr": self.optimizer.lr,
                           "metrics": {k: v for k, v in self.metrics.items() if k != "lr"}})
            return header, arrays

    def needs_frame(self, sent_version):
        """Whether a frame would show something the frame of ``sent_version`` did not."""
        if self.version != sent_version:
            return True
        return self._heavy_version != self.version and time.monotonic() - self._heavy_at >= 1 / HEAVY_PER_SECOND

    def wait_idle(self, timeout=10.0):
        """Block until the training thread waits at the gate (paused, no steps left); for tests."""
        with self.cond:
            return self.cond.wait_for(lambda: self.idle and not self.playing and self.budget == 0
                                      or self._ended == self.generation, timeout)

    def close(self):
        """Stop the training thread; the session is unusable afterwards."""
        with self.cond:
            self.closed = True
            self.cond.notify_all()


def _curve_keys(logs):
    """The curve columns: loss, val_loss and accuracy (R² stands in for it in regression)."""
    metric = "accuracy" if "accuracy" in logs else "r2"
    return ("loss", "val_loss", metric, "val_" + metric)


def _without_points(dataset):
    return {k: v for k, v in dataset.items() if k != "points"}


class Registry:
    """The open sessions, one per socket: ``open()`` makes one, ``close(session)`` frees it."""

    def __init__(self):
        self._sessions = set()
        self._lock = threading.Lock()

    def open(self):
        session = Session()
        with self._lock:
            self._sessions.add(session)
        return session

    def close(self, session):
        session.close()
        with self._lock:
            self._sessions.discard(session)

    def __len__(self):
        with self._lock:
            return len(self._sessions)
