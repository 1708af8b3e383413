"""The gate of the playground's training thread: ``fit``'s ``on_batch_begin`` (``training.py``)
holds each batch here until it may pass.

- while paused, the batch waits; ``step_batch`` lets one batch through, ``step_epoch`` the rest
  of the epoch; a changed scene or a closed session raises ``Restart``, which ends ``fit``.
- the model is free while the thread waits here, and only here: the model lock is let go at the
  gate and taken back as the batch passes (drawing, inspecting and every scene change take it).
- a batch passes in a turn to train (``training_turns``): only as many sessions train at once as
  the machine has cores, in turns of a slice each, so that the event loop every page shares
  competes with those few threads for the GIL, not with every session's; a session that waits
  for its turn, rests or is paused holds no turn.
- the speed chosen (epochs a second) makes an epoch's first batch wait its time; while the page
  is hidden, the gate rests after every slice of training, so that the visible tabs of the
  server come first (``hidden_pace``: the hidden sessions together train a twentieth of the
  time); the rest ends at once when the page is shown again (``Session.set_hidden``).

``Gate`` is the part of ``TrainingThread`` (and so of ``Session``) that does this.
"""
import time

from . import hidden_pace
from .training_turns import TURNS


class Restart(Exception):
    """Ends the running ``fit``: the scene changed, or the session closed."""


class Gate:
    """The methods of the training thread that hold a batch at the gate."""

    def _gate(self, generation, batch):
        self._pace_hidden()
        self.lock.release()   # the model is free while the thread waits here, and only here
        try:
            while not self._wait_at_gate(generation, batch):
                self._measure_if_moved(generation)
        finally:   # taken back on a restart too: fit's own ending puts attributes of the model back
            self.lock.acquire()
        if generation != self.generation:
            raise Restart

    def _wait_at_gate(self, generation, batch):
        """Wait until a batch may pass (True), or until training stops with metrics older than
        the weights (False: the gate measures them and comes back; measuring takes the model
        lock, which is never taken under the condition). A batch passes in a turn to train
        (``training_turns``): the gate asks for one, passes it on when its slice is up, and
        gives it up before it rests or waits for a click; it does so outside the condition,
        as another session's turn ending wakes this one under this one's condition."""
        while True:
            with self.cond:
                outcome = self._at_gate(generation, batch)
            if outcome == "serve":   # (the model lock is taken outside the condition)
                with self.lock:
                    self._serve_frame()
            elif outcome in ("ask", "ask first"):
                TURNS.ask(self, self._turn_come, first=outcome == "ask first")
            elif outcome in ("pass on", "pass on first"):
                TURNS.pass_on(self, first=outcome == "pass on first")
            elif outcome in ("leave", "rest"):
                TURNS.leave(self, resting=outcome == "rest")
            else:
                return outcome

    def _at_gate(self, generation, batch):
        """``_wait_at_gate``'s waits under the condition: True or False as it returns, or what
        to do first ("serve" a frame asked for; "ask", "pass on", "leave" of the turn, "rest"
        between two epochs to keep to the speed chosen, "ask first" and "pass on first" for a
        step clicked: ``training_turns``)."""
        # Under the condition even while playing (it costs under a microsecond): a click that
        # pauses or steps then sees exactly which batches have passed.
        while True:
            if self.closed or generation != self.generation:
                raise Restart
            if self._wanting:
                self.cond.wait()
                continue
            # a frame asked for since the last batch ended is built before the thread waits or
            # passes its turn on (left for later, its asker waited FRAME_WAIT, then built it in
            # a worker); one asked for later finds the thread idle, and its asker builds it
            if self._frame_request is not None:
                return "serve"
            wants = self.playing or self.budget > 0
            rest = self._rest(batch) if wants else 0.0
            turn = TURNS.turn(self)
            if wants and rest <= 0:
                step = "" if self.playing else " first"   # a step clicked goes first (training_turns)
                if turn in (None, "resting") or turn == "waiting" and step:
                    return "ask" + step
                if turn == "over":
                    return "pass on" + step
                if turn in ("waiting", "next"):   # in line: the model is free (a frame is built by its asker)
                    self.idle = True
                    self.cond.wait()
                    continue
                if self.playing:
                    break
                self.budget -= 1
                break
            # resting (the speed chosen, a hidden page) or stopped: no slot held; a shown page's
            # rest (its speed's: a hidden page's own rest ends as it is shown) is training still,
            # and counted as such (``Turns.training``)
            kept = "resting" if wants and not self.hidden else None
            if turn != kept:
                return "rest" if kept else "leave"
            if rest > 0:
                self.idle = True
                self.cond.wait(rest)
                continue
            if self.metrics_step != self.step:
                return False
            self.idle = True
            self.cond.notify_all()
            self.cond.wait()
        self.idle = False
        self.passed = (generation, batch)
        if batch == 0:
            self._epoch_began = time.monotonic()
        return True

    def _turn_come(self):
        """This session's turn to train has come (``training_turns``; called from another thread)."""
        with self.cond:
            self.cond.notify_all()

    def _rest(self, batch):
        """Seconds ``batch`` waits yet: while the page is hidden, to the end of the rest its last
        slice of training earned (``_pace_hidden``); while playing, the epoch that ``batch``
        begins, to keep to the state's ``speed`` (epochs a second; None: as fast as it goes):
        epochs start 1/speed s apart, and the batches of one go at once (a step, clicked, goes
        at once)."""
        now = time.monotonic()
        rest = self._rest_until - now
        speed = self.state["speed"]
        if self.playing and speed is not None and batch == 0:
            rest = max(rest, self._epoch_began + 1 / speed - now)
        return rest

    def _pace_hidden(self):
        """While the page is hidden, once a slice of training is done (``hidden_pace.SLICE`` of
        this thread's CPU time), set the rest it earned (``hidden_pace.Lane.rest``), which the
        gate keeps unless the page is shown meanwhile (``Session.set_hidden``).

        The lane is told under the condition, and only while the page is still hidden and the
        session open: ``set_hidden`` and ``close`` take the session out of the lane once they
        have set those under it, so it never stays there after either. (Told before, a session
        shown or closed meanwhile was counted among the hidden ones, each of which then rested
        longer, and a closed one stayed in the lane, its model and data with it.)"""
        if not self.hidden:
            self._slice_began = None
            return
        now = hidden_pace.cpu_time()
        if self._slice_began is None:   # hidden since the last batch: the first slice begins
            self._slice_began = now
        if now - self._slice_began < hidden_pace.SLICE:
            return
        trained, self._slice_began = now - self._slice_began, now
        with self.cond:
            if self.hidden and not self.closed:   # (shown or closed meanwhile: no rest)
                self._rest_until = time.monotonic() + hidden_pace.LANE.rest(self, trained)