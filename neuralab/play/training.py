"""The playground session's training thread: the library's own ``fit``, run in a daemon thread
with ``epochs`` practically unbounded. Its callbacks (``_Gate``, listed first, and ``_Driver``, last)
are the session's hand on the loop:

- ``on_batch_begin`` is the gate (``training_gate``): it holds a batch while paused, resting or
  waiting for a turn to train; a changed scene raises ``Restart``, which ends ``fit`` so that
  the thread starts it again on the new model, data or optimizer.
- the thread holds the model lock throughout ``fit`` but while it waits at the gate: a batch's
  forward, backward and update are one step for everyone else, no one sees an epoch's batches
  all done but the epoch not counted, and what ``fit`` sets on the model as it starts and ends
  (its loss, optimizer and history; the attributes it puts back) is never seen half done (a
  trace copying the network as a fit started met "dictionary changed size during iteration").
  Drawing, inspecting, tracing and every scene change take the same lock (``model_lock``: the
  gate lets them go first), so they see the model between two batches.
- ``on_batch_end`` / ``on_epoch_end`` store the latest numbers (a few floats and copies of the
  gradients), so training speed does not depend on drawing. The loss and accuracy come from
  ``fit``'s logs at each epoch's end (the training ones of a network with Dropout or BatchNorm
  measured anew without them, as often as frames go: ``_after_epoch``); when training stops
  between two epochs' ends (paused, stepped, diverged), the thread evaluates the weights it
  stopped at before it waits, so the page never shows an epoch's numbers beside the map of later
  weights. Playing costs nothing more: the gate lets a batch through before it looks.
- while training runs, the training thread builds the frames itself, between two batches, when
  the sender asks (``Session.frame``): lending the model lock to the sender's thread and taking
  it back cost the training thread milliseconds per frame, each hand-off waiting for the GIL.
- the per-batch cost is kept to a few attribute reads, one release and retake of the model lock
  and one of the condition (under a microsecond each, uncontended); the gradients are copied at most
  ``GRADS_PER_SECOND`` times a second while playing (after every batch when stepping, so what
  the page inspects after a step is that step's); the Monitor records every ``MONITOR_EVERY``
  steps (a record is a forward pass of the probe and ~40 histograms).
- what ``fit`` warns of as it starts (a test row far past the training data, ...) goes to the
  page as non-fatal warnings, once per build of the data: the library's warnings of this thread
  are kept (``nn.user_line.Collected``) from the start of ``fit`` to its ``on_train_begin``, the
  end of its checks; later ones (a divergence) go where the process's filters send them.

``TrainingThread`` is the part of ``Session`` that runs in that thread (``training_gate.py`` its
gate); ``session.py`` holds the scene and the messages, ``snapshots.py`` the building of frames, ``training_messages.py`` what
the page is told when training cannot start or stops.
"""
import time

import numpy as np

from ..nn.user_line import Collected
from ..train import Callback, DivergenceWarning, EarlyStopping, LearningRateScheduler
from ..train.far_past import FAR_PAST_FIX, FarPastWarning
from . import views
from .overflow import overflowing, penalties
from .protocol import error
from .training_gate import Gate, Restart
from .training_messages import in_file_terms, in_readout_terms, stop_words, too_few_points, warning
from .training_turns import TURNS

EPOCHS = 10**9
GRADS_PER_SECOND = 120         # gradient copies while playing (frames go at most 75 times a second)
MONITOR_EVERY = 400            # optimizer steps between two Monitor records
MAX_CURVE_ROWS = 400
HISTORY_EPOCHS = 100           # the History keeps its last 100 to 200 epochs (the page reads only its stop_reason)
MEASURES_PER_SECOND = 75       # epochs' ends measured anew (Dropout): as often as frames go (socket_tasks.py)
FRAME_HANDOFF = 0.0001         # s the training thread rests after building a frame (see _serve_frame)


class _Gate(Callback):
    """The gate in ``fit``, listed first: a batch waits there while the page pauses, before the
    other callbacks begin it, so that they see it as it will run. Listed last, the monitor read a
    batch's learning rate and copied its weights before the wait: a rate typed while paused (0.03
    to 10, before any step) was said to rise at step 2, though step 1 ran at 10, and a weight
    edited while paused counted in the step's update."""

    def __init__(self, session, generation):
        self.session, self.generation = session, generation

    def on_batch_begin(self, batch, logs=None):
        self.session._gate(self.generation, batch)


class _Driver(Callback):
    """The session's callback in ``fit``, listed last: it ends the collection of fit's warnings
    (``said``) once the others have begun too."""

    def __init__(self, session, generation, scene_id, said, data):
        self.session, self.generation, self.scene_id = session, generation, scene_id
        self.said, self.data = said, data

    def on_train_begin(self, logs=None):
        # fit's checks are done, and its warnings of them with them: the page hears of these
        self.said.stop()
        self.session._say_fit_warnings(self.generation, self.scene_id, self.data, self.said.caught)

    def on_batch_end(self, batch, logs=None):
        # the last batch of an epoch serves frames once the epoch's end is counted
        self.session._after_batch(logs, last=batch + 1 >= self.params["steps"])

    def on_epoch_end(self, epoch, logs=None):
        self.session._after_epoch(logs)
        # fit's History grows an entry a key each epoch, for as long as the page plays (0.6 GB an
        # hour); the loss chart keeps its own thinned curves, so the History keeps only the last
        # few, forgotten HISTORY_EPOCHS at a time (one at a time shifted every list each epoch)
        self.model.history.keep_last(HISTORY_EPOCHS, slack=HISTORY_EPOCHS)


class EarlyStop(EarlyStopping):
    """Early stopping as the page sets it (``hparams.early_stopping``: a patience in epochs, or
    None: off), read at each epoch's end: a setting changed while the fit runs applies from the
    next epoch without a new fit, which would start the optimizer anew (Adam's moments lost).
    It watches the test loss and puts back the best epoch's weights when it stops training (not
    when a divergence stops it: the page shows the weights that diverged). Turned off, it forgets
    its best epoch; turned on again, it watches anew from there."""

    def __init__(self, session):
        super().__init__(monitor="val_loss", patience=1, restore_best=True)
        self.session = session

    def on_epoch_end(self, epoch, logs=None):
        patience = self.session.state["hparams"]["early_stopping"]
        if patience is None:
            self.on_train_begin()   # off: nothing watched, nothing to put back
            return
        self.patience = patience
        super().on_epoch_end(epoch, logs)

    def on_train_end(self, logs=None):
        if self.stopped_epoch is not None:
            super().on_train_end(logs)


class TrainingThread(Gate):
    """The methods of ``Session`` that run in its training thread (``_run`` is its target)."""

    stopped_early = False   # the last fit ended by early stopping (``Controls.control`` reads it)

    def _run(self):
        try:
            self._fits()
        finally:   # (a turn asked for as the session closed: see Session.close)
            TURNS.leave(self)

    def _fits(self):
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
                except Restart:
                    continue
                except Exception as err:  # noqa: BLE001 - reported to the page, never a crash
                    self._end(generation, str(err), "stopped")

    def _train(self, generation):
        with self.lock:   # held through fit but while it waits at the gate (see the module docstring)
            if generation != self.generation:
                raise Restart
            net, data, optimizer, monitor = self.net, self.data, self.optimizer, self.monitor
            scene_id = self.scene_id   # changed with the generation, under this lock (Session._install)
            hp = self.state["hparams"]
            X, y = data.X_train, net.targets(data.t_train, data.n_classes)
            short = too_few_points(len(X), self.state)
            if short is not None:   # nothing to train on yet: the thread waits for a new scene
                with self.cond:
                    running = self.playing or self.budget > 0
                # a run the page asked for (a drawing cleared while playing) says why it paused;
                # an idle one says nothing: play says it when clicked (controls.Controls._check_trainable)
                self._end(generation, str(short) if running else None, "stopped",
                          suggestion=f"{short.suggestion}, then press play")
                return
            validation = (data.X_test, net.targets(data.t_test, data.n_classes)) if len(data.X_test) else None
            callbacks = [_Gate(self, generation), monitor]
            stopper = EarlyStop(self) if validation is not None else None   # (it watches the test loss)
            if stopper is not None:
                callbacks.append(stopper)
            if self.scheduler is not None:
                callbacks.append(LearningRateScheduler(self.scheduler))
            said = Collected()
            callbacks.append(_Driver(self, generation, scene_id, said, data))   # last: it ends ``said``
            penalty = penalties(hp)
            size = min(hp["batch_size"], len(X))
            with said:   # fit's warnings as it starts (a test row far past the training data, ...)
                try:
                    history = net.trained.fit(X, y, loss=net.trained_loss, optimizer=optimizer, epochs=EPOCHS,
                                              batch_size=size, validation_data=validation, verbose=0,
                                              metrics=net.metrics, seed=self.state["dataset"]["seed"],
                                              penalty=penalty, callbacks=callbacks)
                except DivergenceWarning as warning:       # warnings are errors (as under pytest)
                    self._end(generation, self._stop_words(str(warning), warning.found, data), "diverged",
                              warning.cause)
                    return
            if stopper is not None and stopper.stopped_epoch is not None and stopper.best_epoch is not None:
                self._stopped_early(generation, stopper)
                return
            # fit returns when it stopped on a divergence that only warned (the server's filters)
            monitor.stop_reason = self._stop_words(history.stop_reason, monitor.divergence_row, data)  # its report's too
            self._end(generation, monitor.stop_reason, "diverged" if monitor.diverged else "stopped",
                      monitor.divergence_cause)

    def _stopped_early(self, generation, stopper):
        """Early stopping ended the fit and put back its best epoch's weights (the model lock is
        held): measure them, so that the board and the map show them, and tell the page which
        epoch they are of, as the readout and the loss chart number it (``best_epoch``: the
        chart marks it). Its epochs are the fit's, which starts again at 0 at every change of
        optimizer or data: the page's epoch now is the end of the fit's ``stopped_epoch``."""
        waited = stopper.stopped_epoch - stopper.best_epoch
        best = self.epoch - waited
        self._measure()
        self.version += 1
        # (no loss in the words: a regression's is the standardised target's, the board's in its units)
        message = (f"Early stopping: the test loss has not improved for {waited} epoch{'s' * (waited != 1)}, "
                   f"so training stopped at epoch {self.epoch} and put back the weights of epoch {best}, its best.")
        patience = self.state["hparams"]["early_stopping"]
        suggestion = (f"press ▶ to train on from them (it stops again after {patience} epoch{'s' * (patience != 1)} "
                      f"without a better test loss), or untick Early stop to train past it")
        self._end(generation, message, "stopped", suggestion=suggestion, best_epoch=best)

    def _stop_words(self, text, found, data):
        """Why fit stopped in the page's words: the rows of the file (``in_file_terms``), and the
        moment as the readout numbers it (``in_readout_terms``: fit's epochs are its own run's)."""
        return in_readout_terms(in_file_terms(text, found, data), self.epoch, self.step)

    def _end(self, generation, message, kind, cause=None, suggestion=None, best_epoch=None):
        """The fit of ``generation`` ended: pause, and tell the page why (an ``error`` of ``kind``
        "diverged" or "stopped"; ``cause``: what the stop of a divergence blamed, one of
        ``divergence.CAUSES``; ``suggestion``: what to do, if not ``stop_words``', which
        puts a reset first where the weights it stopped with overflow before any step:
        ``overflowing``); ``best_epoch``: the epoch whose weights early stopping put back, which
        the message carries for the loss chart to mark, with the epoch it stopped at)."""
        TURNS.leave(self)   # (no condition is held: see _wait_at_gate)
        self._measure_if_moved(generation)
        overflow = None
        if kind == "diverged" and message and suggestion is None:
            with self.lock:
                overflow = overflowing(self.net, self.data, self.state) if generation == self.generation else None
        with self.cond:
            if generation != self.generation:
                return
            self._ended = generation
            self.stopped_early = best_epoch is not None
            self.playing, self.budget = False, 0
            if message:
                if suggestion is None:   # (fit's advice to lower the rate said once, as the suggestion)
                    message, suggestion = stop_words(message, kind, cause, self.optimizer.lr, overflow)
                said = error(message, suggestion, kind)
                if best_epoch is not None:   # (and the epoch it stopped at, which the page's script trains to)
                    said["best_epoch"], said["stopped_epoch"] = best_epoch, self.epoch
                self.events.append(said)
            self.events.append(self.status())
            self.version += 1
            self.cond.notify_all()
        notify = self.on_event
        if notify is not None:
            notify()

    def _say_fit_warnings(self, generation, scene_id, data, caught):
        """Send what ``fit`` warned of as it started on ``data`` (``caught``), each a non-fatal
        ``error`` of kind "warning" of the scene ``scene_id`` (``warning``), once per build of the
        data: a fit started again on the same data (play after a divergence, a new optimizer)
        warns alike and says nothing again. A ``FarPastWarning`` (a test row far past the
        training data, such as a missing-value marker) names the column and the file's row
        (``Data.far_past_words``).

        One queued just before a newer scene replaced this one can still reach the page after
        that scene (the events wait while a message is answered, and go after its reply): the
        ``scene_id`` lets the page leave it out, where it would stand beside the new fit's own."""
        texts = [f"{data.far_past_words(message.found)} {FAR_PAST_FIX}" if isinstance(message, FarPastWarning)
                 else str(message)
                 for message in caught]
        with self.cond:
            if generation != self.generation:   # a newer scene: its own fit says its own
                return
            if self._warned_of is not data:
                self._warned_of, self._warned = data, set()
            new = [text for text in dict.fromkeys(texts) if text not in self._warned]
            self._warned.update(new)
            self.events.extend(warning(text, scene_id) for text in new)
        notify = self.on_event
        if new and notify is not None:
            notify()

    def _measure_if_moved(self, generation):
        """Training stopped between two epochs' ends: evaluate the weights it stopped at (see
        ``Session._measure``), unless a newer scene or an edit has measured them already."""
        with self.lock:
            if generation == self.generation and self.metrics_step != self.step:
                self._measure()
                self.version += 1

    def _after_batch(self, logs, last=False):
        self.step += 1
        now = time.monotonic()
        if not self.playing or now - self._grads_at >= 1 / GRADS_PER_SECOND:
            self._grads_at = now
            for i, layer in enumerate(self.net.model.layers):
                if hasattr(layer, "in_features"):
                    self.grads[i] = (layer.weight.grad.copy(), layer.bias.grad.copy())
        self.version += 1
        if not last:          # (the epoch's last batch serves frames once the epoch is counted)
            self._serve_frame()

    def _after_epoch(self, logs):
        # the scene cannot have changed since the epoch's last batch passed the gate: the thread
        # has held the model lock since, and every scene change needs it
        logs = dict(logs)
        if "penalty" in logs:  # the data loss, as the test loss beside it (fit's "loss" holds the L1/L2 penalty)
            logs["loss"] -= logs.pop("penalty")
        self.epoch += 1
        row, shown = self.epoch % self.curve_every == 0, True
        if self.net.trains_differently:
            # fit's training numbers are the means over batches that dropped units (or normalised by
            # the batch): the page shows the network that predicts, as when paused (Session._measure),
            # measured for each row of the curves and as often as frames go (a forward pass of the
            # training part, a tenth of an epoch); the page keeps the last ones in between
            now = time.monotonic()
            shown = row or now - self._measured_at >= 1 / MEASURES_PER_SECOND
            if shown:
                self._measured_at = now
                logs.update(views.evaluate(self.net, self.data, test=False))
        if row:
            self.curves.append([self.epoch] + [logs.get(k, np.nan) for k in _curve_keys(logs)])
            if len(self.curves) >= MAX_CURVE_ROWS:
                del self.curves[1::2]
                self.curve_every *= 2
        if shown:
            self.metrics, self.metrics_of, self.metrics_step = logs, "epoch", self.step
            # (the thinning can drop the row just made: the chart then ends with them, as between rows)
            self.metrics_at, self.metrics_charted = self.epoch, row and self.curves[-1][0] == self.epoch
        self.version += 1
        self._serve_frame()

    def _curve_rows(self):
        """The loss chart's rows: one an epoch (thinned to every ``curve_every``-th), then the
        board's numbers when no row holds them (an edit of the weights or the inputs, a pause
        between two epochs' ends, an epoch between two rows kept), at the epoch they are of
        (``metrics_at``): the chart ends where the board stands, at the header's epoch (the board
        said 1.12 after an edit while the chart ended at 0.031; past 400 rows its last epoch was
        one behind). Before the first row, none: there is no chart to agree with yet."""
        if self.metrics_charted or not self.curves:
            return self.curves
        return [*self.curves, [self.metrics_at] + [self.metrics.get(k, np.nan) for k in _curve_keys(self.metrics)]]

    def _serve_frame(self):
        """Build the frame the sender asked for, if it asked (see ``Session.frame``); the model
        lock is held, between two batches."""
        if self._frame_request is None:
            return
        with self.cond:
            request, self._frame_request = self._frame_request, None
            if request is None:
                return
            request.taken = True
        try:
            request.result = self._build_frame(request.seq, request.page_has)
        except Exception as err:  # noqa: BLE001 - raised again in the sender's thread
            request.error = err
        finally:
            request.done.set()
            if request.notify is not None:
                request.notify()
        # hand the GIL over now: the sender would otherwise wait for it a switch interval at each
        # step of waking up, while this thread trains on. A tenth of a millisecond, not sleep(0):
        # the server's sender wakes through its event loop's pipe and needs that long to ask for
        # the GIL (with sleep(0) this thread took it back first; ~10 % fewer frames reached a page)
        time.sleep(FRAME_HANDOFF)


def _curve_keys(logs):
    """The curve columns: loss, val_loss and accuracy (R² stands in for it in regression)."""
    metric = "accuracy" if "accuracy" in logs else "r2"
    return ("loss", "val_loss", metric, "val_" + metric)
