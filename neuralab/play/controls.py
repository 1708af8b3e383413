"""The transport's controls of a playground session: ``Controls`` is the half of ``Session`` that
answers a ``control`` message (play, pause, a step of a batch or an epoch, a reset) and refuses
one that cannot train.

A step adds to the steps earlier clicks asked for and that are still pending, counted in the
training thread's batches (``passed``, ``steps_per_epoch``): a second click on "step epoch"
while the first runs adds a whole epoch. Play or a step after a fit stopped by itself (diverged
or failed) goes on from the weights it stopped with, an edit the run's history names
(``run_history.RESUMED``); after early stopping, from the best epoch's weights it put back, in a
new fit whose early stopping watches anew: it stops again after as many epochs without a better
test loss (Keras's EarlyStopping, fit again, starts its count anew too). A reset draws fresh weights, other ones each time (the state's
``weights_seed`` moves on: a link or the script of the scene draws the same), and a regression's μ
and σ anew; the data and its split stay.
"""
from .network import next_weights_seed
from .overflow import no_going_on
from .run_history import RESUMED
from .training_messages import too_few_points

RESUMED_EARLY = "training went on after early stopping, from the weights of its best epoch"


class Controls:
    """The methods of ``Session`` that answer the transport's controls."""

    def control(self, action):
        if action == "reset":   # fresh weights, and the target's μ and σ fitted anew (build.py)
            state = {**self.state, "weights_seed": next_weights_seed(self.state)}
            data = self._start_over(state, self.uploaded, same_scene=True)
            # a scene, always: its state holds the new weights_seed, which the page's link and
            # script take from it; a drawing's μ and σ may have changed too, and the run's edits
            # are forgotten
            return [self.scene(), *self._notices(data), *self._schedule_notices()]
        if action in ("play", "step_batch", "step_epoch"):
            self._check_trainable()
        resumed = False
        with self.cond:
            went_on = RESUMED_EARLY if self.stopped_early else RESUMED   # (the last fit's end: TrainingThread._end)
            if action == "pause":
                self.playing, self.budget = False, 0
            else:
                if self._ended == self.generation:   # the last run diverged, failed or stopped early: go on
                    self.generation += 1
                    resumed = True
                resumed, self._resumes = resumed or self._resumes, False
                if action == "play":
                    self.playing, self.budget = True, 0
                else:  # a step adds to the steps that earlier clicks asked for and that are pending
                    pending = 0 if self.playing else self.budget
                    step = 1 if action == "step_batch" else self._to_epoch_end(pending)
                    self.playing, self.budget = False, pending + step
            self.cond.notify_all()
        if resumed:   # on the weights it stopped with, which a fresh run stops at too: an edit
            with self.model_lock():
                self.history.add([went_on], self.epoch)
            return [self.scene()]   # (its edits: the page's script reads the scene it holds)
        return [self.status()]

    def _stopped(self):
        """Whether the last fit stopped by itself (diverged or failed) on weights it trained: it
        ended on a scene with points enough to train (else it ended waiting for them)."""
        with self.cond:
            ended = self._ended == self.generation
        return ended and too_few_points(len(self.data.X_train), self.state) is None

    def _check_trainable(self):
        """Refuse to train on fewer training points than a batch of the network needs: none (an
        empty drawing), or one where a BatchNorm block needs two (the training thread waits for
        them, and says why it paused when a scene of too few came while it ran); and to go on
        from weights a fit stopped with that overflow before any step (``overflow.overflowing``)."""
        short = too_few_points(len(self.data.X_train), self.state)
        if short is not None:
            raise short
        with self.cond:
            resuming = self._ended == self.generation or self._resumes
        if resuming:   # on weights a fit stopped with: those of a divergence may overflow already
            with self.model_lock():
                refusal = no_going_on(self.net, self.data, self.state)
            if refusal is not None:
                raise refusal

    def _to_epoch_end(self, pending):
        """Batches from the end of the ``pending`` ones already granted to the end of their
        epoch: a second click on "step epoch" while the first runs adds a whole epoch."""
        return self.steps_per_epoch - (self._epoch_batches() + pending) % self.steps_per_epoch

    def _epoch_batches(self):
        """The batches of the current epoch done (0 at an epoch's end, or before the first)."""
        generation, last = self.passed
        return (last + 1) % self.steps_per_epoch if generation == self.generation else 0
