"""One playground session per browser tab: the scene (state, data, network, optimizer), the
messages that change it, and the latest snapshot the page draws.

The training thread's half of the session is ``training.TrainingThread`` (how ``fit`` is paused,
stepped and restarted, and which lock guards what). Messages the training thread has for the
page (a divergence, a status change) wait in ``events`` until the socket's sender takes them
(``on_event``, when set, is called after each one is queued, from the training thread: the
server wakes its sender with it). The page's state is made a scene, and edited, by the methods
of ``scene_edits.SceneEdits`` (``hello``, ``set_state``); the frames the page draws are built by
those of ``snapshots.FrameServing``, the transport's controls answered by those of
``controls.Controls``. ``registry.Registry`` holds the open sessions.
"""
import collections
import contextlib
import copy
import threading

import numpy as np

from .. import optim
from ..nn.user_line import Collected
from ..optim.schedule_text import schedule_code
from ..train import Monitor
from ..train.checks import batch_bounds
from . import inspector, memory_trim, views
from .controls import Controls
from .download import model_message
from .drawing import drawing_start
from .hidden_pace import LANE
from .narrow_network import narrow_network
from .protocol import MAX_POINTS, ProtocolError, limits
from .run_history import RunHistory, weight_change
from .scene_edits import SceneEdits
from .snapshots import FrameServing
from .training import MONITOR_EVERY, TrainingThread
from .training_turns import TURNS
from .training_messages import no_training_points, too_few_points, warning
from .upload import parse_csv
from .upload_held import HeldUploads


class Session(Controls, SceneEdits, TrainingThread, FrameServing):
    """A scene (state, data, network, optimizer) and the thread that trains it."""

    def __init__(self, served=None, kept=None, held=None):
        self.lock = threading.RLock()          # the model lock (see the module docstring)
        self.cond = threading.Condition()      # guards the control fields below
        self.playing, self.budget, self.generation, self.closed = False, 0, 0, False
        self.idle, self.steps_per_epoch = False, 1
        self.passed = (-1, 0)                  # (generation, batch): the last batch the gate let through
        self._ended = -1                       # generation whose fit ended (diverged, failed)
        self._resumes = False                  # a new fit holds the weights a fit stopped with (set_state)
        self._wanting = 0                      # threads waiting for the model lock
        self.events = collections.deque()
        self._status_seq = 0                   # numbers the status messages (see status())
        self.on_event = None                   # called (training thread) after an event is queued
        self._grads_at = 0.0                   # when the gradients were last copied
        self._measured_at = 0.0                # when an epoch's end was last measured (training.py)
        self._epoch_began = 0.0                # when the last epoch's first batch passed the gate
        self.hidden = False                    # the page is hidden: no frames, training paced (set_hidden)
        self._rest_until = 0.0                 # the gate rests until then (training_gate._pace_hidden)
        self._slice_began = None               # the training thread's CPU time as its hidden slice began
        self.version = 0                       # bumps whenever what the page sees changes
        self.scene_id = 0                      # bumps with every new network or dataset
        self.state = self.data = self.net = None
        # the server's CSV (neuralab play --data; upload.served_csv), held from the start as if the
        # page had uploaded it, until the page uploads its own
        self.served = self.uploaded = served
        self.kept = kept                       # the uploads of sessions closed lately (upload_kept), or None
        # the page's own upload its hello found (kept, or held by the session its socket had): the
        # page came back to it, reloaded perhaps, holding no copy of the file, which its warnings
        # then say to choose again (upload.Upload.notes), unless its hello says it still holds it
        # (has_file: its socket dropped and opened again)
        self.found_kept, self.has_file = None, False
        self.held = held or HeldUploads()      # the open sessions' uploads' budget (upload_held; a test's own)
        self.history = RunHistory()            # the edits since the weights were fresh (run_history.py)
        self._heavy_at, self._heavy_version, self._heavy = 0.0, -1, ({}, {})
        self._heavy_seq = 0                    # counts heavy refreshes (the header's heavy_seq)
        self._diagnosed_at, self._diagnosed = 0.0, []
        self._frame_request = None             # a frame the training thread is to build
        self._warned_of, self._warned = None, set()   # the data whose fit warned, and what was said
        self._schedule_said = []               # what the scheduler built last warned of, not said yet
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
            self.monitor = Monitor(every=MONITOR_EVERY, image_shape=data.image_shape)
            if fresh:
                self.epoch = self.step = 0
                self.curves, self.curve_every = [], 1
                self.history.clear()
                self._resumes = False
            self.grads, self._grads_at = {}, 0.0
            self.scene_id += 0 if same_scene else 1
            self._heavy_at = self._diagnosed_at = 0.0   # the next frame recomputes the views
            self._measure()
            self._restart()
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, daemon=True, name="neuralab-play-train")
            self.thread.start()

    def _optimizer(self, state, net):
        """The optimizer and the scheduler of ``state`` for ``net``. What building the scheduler
        warned of, in the library's words (a StepLR whose gamma above 1 makes the lr grow), is
        kept for the page (``_schedule_notices``): the learner reads no server log."""
        hp = state["hparams"]
        optimizer = optim.get(hp["optimizer"], net.trained.parameters(), lr=hp["lr"])
        with Collected() as said:
            scheduler = optim.parse_schedule(hp["schedule"], optimizer) if hp["schedule"] else None
        self._schedule_said = [str(w) for w in said.caught]
        return optimizer, scheduler

    def _schedule_notices(self):
        """What the scheduler built last warned of (``_optimizer``), each a non-fatal ``error`` of
        kind "warning" of the scene now, as the data's (``_notices``), said once: with the scene
        of the change that built it (a schedule typed, a learning rate under it, a reset)."""
        said, self._schedule_said = self._schedule_said, []
        return [warning(text, self.scene_id) for text in said]

    def _restart(self):
        """End the running fit; the thread starts again on the scene now installed. The steps
        clicked for and not yet taken are forgotten: they were counted to the end of the old
        fit's epoch, and the new fit starts an epoch of its own (of new data, or of a new batch
        size), which they would train unasked and stop inside."""
        n = len(self.data.X_train)
        with self.cond:
            self.generation += 1
            self.budget = 0
            size = min(self.state["hparams"]["batch_size"], n)
            self.steps_per_epoch = len(batch_bounds(self.net.trained, n, size)) if n else 1
            self.version += 1
            self.cond.notify_all()

    def scene(self):
        with self.model_lock():
            return {"type": "scene", "scene_id": self.scene_id, "state": self.state,
                    "dataset": views.describe_data(self.data), "network": self.net.describe(),
                    "grid": {"extent": list(self.data.extent), "size": views.GRID, "thumb": views.THUMB},
                    "upload": views.describe_upload(self.uploaded, self.served), "cannot_train": self._cannot_train(),
                    "narrow": narrow_network(self.state["layers"], self.data), "limits": limits(),
                    "schedule_code": self._schedule_code(),
                    **self.history.describe(), "status": self.status()}

    def _schedule_code(self):
        """The Python that builds the state's scheduler, which the page's script writes; None without one."""
        text = self.state["hparams"]["schedule"]
        return text and schedule_code(text)

    def _cannot_train(self):
        """Why play is refused on the scene's training points (``too_few_points``: none, or one
        where a BatchNorm block needs two), in words with what to do; None when it is not. The
        page's script leaves its ``fit`` out then: fit refuses those points alike."""
        short = too_few_points(len(self.data.X_train), self.state)
        return None if short is None else f"{short}: {short.suggestion}"

    def status(self):
        """Playing or paused, numbered: the replies to controls and the training thread's events
        travel by two tasks, so a page keeps only the status of the highest ``seq`` (a reply
        made before training ended must not say "playing" after the event that says "paused")."""
        with self.cond:
            self._status_seq += 1
            return {"type": "status", "seq": self._status_seq, "state": "playing" if self.playing else "paused",
                    "epoch": self.epoch, "step": self.step}

    def set_hidden(self, hidden):
        """The page is hidden (``hidden``) or shown again (the ``visibility`` message): while it is
        hidden, the server sends it no frames and training, playing or stepping as the learner
        left it, goes on slowly (``hidden_pace``); shown, the rest the gate keeps ends at once."""
        with self.cond:
            self.hidden = hidden
            if not hidden:
                self._rest_until = 0.0
                self.cond.notify_all()
        if not hidden:
            LANE.leave(self)

    # -- messages ----------------------------------------------------------------------------
    def handle(self, msg):
        """The replies to one validated message (``ready`` is the sender's business)."""
        kind = msg["type"]
        if kind != "hello" and self.state is None:
            raise ProtocolError("send hello first")
        if kind == "hello":
            self.has_file = msg.get("has_file", False)
            return self.hello(msg["state"], msg.get("upload"))
        if kind == "set_state":
            return self.set_state(msg["state"])
        if kind == "control":
            return self.control(msg["action"])
        if kind == "inspect":
            with self.model_lock(), np.errstate(all="ignore"):
                self._check_sample(msg["sample"])
                return [inspector.inspect(self.net, self.data, self.grads, msg["layer"], msg["unit"],
                                          msg["sample"])]
        if kind == "trace":
            return [self.trace(msg["sample"])]
        if kind == "set_weight":
            return self.set_weight(msg["layer"], msg["to"], msg["from"], msg["value"])
        if kind == "upload_csv":
            try:
                uploaded = parse_csv(msg["text"], msg["target"], msg["filename"], msg["task"], msg["delimiter"],
                                     msg["decimal"], msg["one_hot"], msg["missing"], msg["ignore"])
            except ProtocolError:   # refused once read (too wide, too many classes): its arrays freed
                memory_trim.hand_back_memory_soon()
                raise
            with self.held.holding(self, uploaded):
                return self.set_state({"dataset": {"name": "csv"}}, uploaded=uploaded)
        if kind == "add_point":
            start, left_out, extent = drawing_start(self.data, self.state["dataset"], msg["task"])
            points = start + [msg["point"]]
            if len(points) > MAX_POINTS:
                raise ProtocolError(f"at most {MAX_POINTS} points can be drawn", "clear the points first")
            replies = self.set_state({"dataset": {"name": "drawn", "task": msg["task"], "points": points,
                                                  "extent": extent}})
            return replies + ([warning(left_out, self.scene_id)] if left_out else [])
        if kind == "clear_points":   # an empty plane: the whole of it
            task = msg["task"] or ("classification" if self.data.classification else "regression")
            return self.set_state({"dataset": {"name": "drawn", "task": task, "points": [], "extent": None}})
        if kind == "download":
            return [self.download()]
        return []

    def _check_sample(self, sample):
        n = len(self.data.X_train)
        if not n:   # an empty drawing has no index to name
            raise no_training_points()
        if not 0 <= sample < n:
            raise ProtocolError(f"sample must be a training index in 0..{n - 1}, got {sample}")

    def set_weight(self, layer, to, source, value):
        with self.model_lock():
            layers = self.net.model.layers
            if not 0 <= layer < len(layers) or not hasattr(layers[layer], "in_features"):
                raise ProtocolError(f"layer {layer} is not a dense layer")
            W = layers[layer].weight.data
            if not (0 <= to < W.shape[0] and 0 <= source < W.shape[1]):
                raise ProtocolError(f"layer {layer} has weights to 0..{W.shape[0] - 1} from 0..{W.shape[1] - 1}")
            W[to, source] = value
            self.history.add([weight_change(self.net, layer, to, source)], self.epoch)
            self._measure()
            self.version += 1
        return [self.scene()]

    def download(self):
        """The ``model`` message of the scene's network (``download.model_message``), with the
        epoch of its weights, which the page's name of the file says (static/download-name.js)."""
        return {**model_message(self.net, self.data, self.model_lock), "epoch": self.epoch}

    def trace(self, sample):
        with self.model_lock():
            self._check_sample(sample)
            net, lr = copy.deepcopy(self.net), self.optimizer.lr
        with np.errstate(all="ignore"):
            return inspector.trace(net, self.data, lr, sample)

    # -- what the page sees ------------------------------------------------------------------
    def _measure(self):
        """Evaluate the weights now into ``metrics`` (the model lock is held): before the first
        epoch ends, after an edit, and whenever training stops between two epochs' ends (see
        ``TrainingThread._measure_if_moved``), so that the loss and accuracy the page shows are
        those of the model its map and confusion matrix show. ``metrics_step`` is the step
        they describe; ``metrics_of`` says how they were made ("weights": here; "epoch":
        ``fit``'s logs at an epoch's end)."""
        with np.errstate(all="ignore"):
            self.metrics = views.evaluate(self.net, self.data)
        self.metrics_of, self.metrics_step = "weights", self.step
        # where on the loss chart's epoch axis they stand (a pause inside an epoch: between two)
        self.metrics_at, self.metrics_charted = self.epoch + self._epoch_batches() / self.steps_per_epoch, False

    def _notices(self, data):
        """What standardising ``data`` warned of (``build.Data.notices``: a value that holds a
        column's spread), then, on the uploaded CSV, what the page says of the file
        (``upload.Upload.notes``: the rows "drop the row" left out, an identifier column, in the
        words of a page reloaded when its hello found its upload kept, ``found_kept``, and did not
        say it holds the file still, ``has_file``), each a
        non-fatal ``error`` of kind "warning" of the scene now, after its reply: the scene is
        built and trains, the page shows them until its next scene. Said with every scene of
        data built again (the CSV chosen again from the menu, a feature toggled, a reset), as the
        page clears its banner at each scene."""
        csv = self.state["dataset"]["name"] == "csv"
        notes = self.uploaded.notes(reloaded=self.uploaded is self.found_kept and not self.has_file) if csv else []
        return [warning(text, self.scene_id) for text in [*data.notices, *notes]]

    def at_rest(self):
        """Whether nothing but a message changes what the page sees: the training thread waits at
        the gate (paused, no steps left, the weights it stopped at measured: ``idle`` alone may
        be left from a wait for a turn), or the fit ended (diverged, failed)."""
        with self.cond:
            return self._resting()

    def _resting(self):
        return (self.idle and not self.playing and self.budget == 0 and self.metrics_step == self.step
                or self._ended == self.generation)

    def wait_idle(self, timeout=10.0):
        """Block until the session is at rest (``at_rest``); for tests."""
        with self.cond:
            return self.cond.wait_for(self._resting, timeout)

    def close(self):
        """Stop the training thread; the session is unusable afterwards."""
        with self.cond:
            self.closed = True
            self.cond.notify_all()
        LANE.leave(self)
        TURNS.leave(self)   # (and the thread leaves again as it ends: it may have asked meanwhile)
