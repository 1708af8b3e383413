"""The page's state made a scene: ``SceneEdits`` is the half of ``Session`` that answers ``hello``
(the page's whole state) and ``set_state`` (a part of it), and notes the run's edits.

``hello`` builds a scene anew from the defaults and the page's state, on the CSV the page
uploaded when the server keeps it (``upload_kept``) and the sessions' uploads leave room for it
(``upload_held``), else on the one the session holds; a "csv" state naming another file is
said, with the scene of the CSV held or, with none, of the default data. ``set_state`` rebuilds
only what a part of the state changes:

    other data, another weights_seed or     -> fresh weights, counters and curves
    another init (hparams.init)
    a point drawn, other features, layers,  -> the data or the network built again, the trained
    output or dropout                          weights kept where the ids of their blocks match
                                               (``network.build_net``)
    other optimizer, batch size, l1, l2 or  -> a new optimizer, and a new fit on the trained
    schedule (``RESTART_KEYS``), or lr         weights
    under a schedule
    anything else (lr alone, speed, hide)   -> the state set; a new lr on the running optimizer,
                                               whose state is kept

An edit that makes the run differ from fresh weights trained with the new state is noted in the
run's history (``run_history.py``), which the scene lists and the page's script names.
"""
import copy

from .build import load_data
from .hparams import same_hparam
from .link_csv import csv_lost, lost_file, named, opened_csv
from .network import build_net
from .protocol import DEFAULT_STATE, merge_state
from .run_history import same_as_fresh, state_changes
from .training_messages import warning
from .upload_held import UploadsFull

RESTART_KEYS = ("optimizer", "batch_size", "l1", "l2", "schedule")   # hparams that need a new optimizer


class SceneEdits:
    """The methods of ``Session`` that build its scene from the page's state, and edit it."""

    def hello(self, partial, key=None):
        """The scene of the page's state ``partial``, on the page's own upload when the server
        keeps it under ``key`` (``upload_kept``) and the sessions' uploads leave room for it
        (``upload_held``), else on what the session holds; a "csv" state whose file is not the
        one held says so (``link_csv``, or the budget's refusal), after the scene of the CSV held
        or, with none, of the default data, the page's other settings kept (the Data panel's
        split and seed too)."""
        found = None
        if key:   # (held by an open session too: a dropped socket's, whose end the server has not seen yet)
            found = self.held.find(key) or (self.kept.find(key) if self.kept is not None else None)
        if found is None or found is self.uploaded:
            return self._hello(partial, self.uploaded, forgot=bool(key) and found is None)
        try:
            with self.held.holding(self, found, again=True):
                self.found_kept = found   # (its warnings in a reloaded page's words: Session._notices)
                return self._hello(partial, found)
        except UploadsFull as full:
            said = str(full)
            return self._hello(partial, self.uploaded, (said[0].upper() + said[1:], full.suggestion))

    def _hello(self, partial, held, refused=None, forgot=False):
        """``hello`` on the CSV ``held`` (an ``upload.Upload``, or None); ``refused``: why the
        page's own is not (message, suggestion), said in place of ``csv_lost``'s words;
        ``forgot``: the page's own upload, whose key it brought, is no longer kept."""
        state = merge_state(DEFAULT_STATE, partial)
        asked, lost = state["dataset"], None
        if asked["name"] == "csv" and opened_csv(asked, held) is None:
            lost = refused or csv_lost(asked, held, state["hide"], forgot)
            if held is None:
                kept = {k: state["dataset"][k] for k in ("train_ratio", "seed")}
                state = {**state, "dataset": {**copy.deepcopy(DEFAULT_STATE["dataset"]), **kept}}
        data = self._start_over(named(state, held), held)
        lost_csv = [] if lost is None else [lost_file(warning(lost[0], self.scene_id, lost[1]), asked, refused)]
        return [self.scene(), *lost_csv, *self._notices(data), *self._schedule_notices()]

    def _start_over(self, state, uploaded, same_scene=False):
        """``state``'s data and network built anew and installed, training stopped and its
        counters and curves started over (a hello; a reset, ``same_scene``); ``uploaded``: the
        CSV it reads (None: the session's, if any). Returns the data, whose notices the reply says."""
        data = load_data(state, uploaded)
        net = build_net(state, data)
        with self.cond:
            self.playing, self.budget = False, 0
        self._install(state, data, net, fresh=True, uploaded=uploaded, same_scene=same_scene)
        return data

    def set_state(self, partial, uploaded=None):
        """Apply a partial state: rebuild what it changes, keep the rest (and trained weights)."""
        old, old_data = self.state, self.data
        state = named(merge_state(old, partial), uploaded or self.uploaded)
        # other data, or other initial weights (a link's weights_seed, another init): fresh weights,
        # counters and curves; a run from one init continued from another's weights shows neither
        reseeded = (state["weights_seed"] != old["weights_seed"]
                    or state["hparams"]["init"] != old["hparams"]["init"])
        fresh = _without_points(state["dataset"]) != _without_points(old["dataset"]) or uploaded is not None or reseeded
        if state["dataset"] != old["dataset"] or state["features"] != old["features"] or uploaded is not None:
            # kept weights keep the target's μ and σ: a drawn point must not move the map; what
            # they make of a drawing's values now is said by load_data (build.py)
            data = load_data(state, uploaded or self.uploaded, None if fresh else self.data)
            if state["dataset"] == old["dataset"] and uploaded is None:
                # other features of the same data (a two-column CSV's x1², sin x1): its columns
                # are standardised alike, the target's μ and σ kept: what their fits warned of
                # holds, and is said again below (the page clears its banner at each scene)
                data.notices = self.data.notices
        else:
            data = self.data
        def changes(net=None):   # in words; ``net``: the network built anew (what it kept)
            return [] if fresh else state_changes(old, state, self.step > 0, net)

        # an edit that starts a new fit on the weights a fit stopped with (a divergence, then Adam,
        # or a lower learning rate under a schedule): play goes on from them, as after the stop.
        # Set once nothing can refuse the edit any more (a refusal changes nothing), before the
        # new fit starts, which reads it
        resumes = self._resumes or not fresh and self._stopped()
        architecture = (state["layers"], state["output"], state["hparams"]["dropout"])
        if data is not self.data or reseeded or architecture != (old["layers"], old["output"], old["hparams"]["dropout"]):
            with self.model_lock():   # read the trained weights between two batches
                net = build_net(state, data, None if fresh else self.net)
                self._note(changes(net), state, data, net)
            self._resumes = resumes
            self._install(state, data, net, fresh=fresh, uploaded=uploaded)
        elif not all(same_hparam(k, state["hparams"], old["hparams"])
                     for k in RESTART_KEYS + (("lr",) if state["hparams"]["schedule"] else ())):
            optimizer, scheduler = self._optimizer(state, self.net)
            self._resumes = resumes
            with self.model_lock():
                self._note(changes(), state, data, self.net)
                self.state, self.optimizer, self.scheduler = state, optimizer, scheduler
                self._restart()
        else:
            self._resumes = resumes
            with self.model_lock():
                self._note(changes(), state, data, self.net)
                self.state = state
                # only a learning rate typed anew: setting the typed one again undid a schedule's decay
                if state["hparams"]["lr"] != old["hparams"]["lr"]:
                    self.optimizer.lr = state["hparams"]["lr"]
                self.version += 1
            with self.cond:   # an epoch resting to keep to the old speed keeps to the new one
                self.cond.notify_all()
        # data built again says what standardising it warned of (a feature toggled too: the
        # page clears its banner at each scene, and fit warns of the new data's test rows again)
        return [self.scene(), *(self._notices(data) if data is not old_data else []), *self._schedule_notices()]

    def _note(self, changes, state, data, net):
        """Record ``changes`` (words) in the run's history, at the epoch the page shows (the model
        lock is held): they made ``net`` and ``data`` something fresh weights trained with ``state``
        are not. Before the first step, only when that is so: a new learning rate or optimizer,
        or a point drawn, before any training changes nothing the page's script does not repeat,
        while a layer added carries over initial weights that a fresh start draws otherwise."""
        if changes and self.step == 0 and not self.history.edits:
            fresh_data = load_data(state, self.uploaded)
            if same_as_fresh(net, data, build_net(state, fresh_data), fresh_data):
                return
        self.history.add(changes, self.epoch)


def _without_points(dataset):
    return {k: v for k, v in dataset.items() if k != "points"}
