"""Monitor: a callback that watches training from the inside, layer by layer, and says what
is going wrong (``monitor.report()``).

    monitor = Monitor()                      # a record every 20 steps
    model.fit(X, y, ..., callbacks=[monitor])
    print(monitor.report())          # plain-language diagnoses, each with its evidence

What it records, and when
-------------------------
A record every ``every`` optimizer steps: of each weight layer, ‖W‖, ‖dL/dW‖ and ‖ΔW‖ / ‖W‖; of
each activation, its statistics on the probe batch (below); histograms of both. Besides: the
loss of every step, each epoch's logs, the targets' statistics, whether and why the last fit
diverged. What each attribute holds, its math and when it is taken are in ``monitor_data.py``,
with ``to_dict()``'s form, all of it as JSON.

The first record comes after the first step. The network as it started, before any step, is kept
apart: ‖W‖ of each weight layer (``start_norms``) and each activation's statistics on the probe
(``start_activations``, the keys of ``activations``), taken at the start of the monitor's first
fit when a ``probe`` is given, else from a copy of the model's parameters and buffers made then
and run once the probe has collected its rows (the copy is dropped then: one copy of the model, for
the first batches). ``plots.layer_stats(monitor, record="start")`` draws them.

The weights W of a layer are the parameters it lists in ``Layer.regularized`` (a Dense layer's
weight, not its bias: the parameters L1/L2 penalise) or, for a layer that lists none, its
Parameters of 2 or more dimensions: a weight matrix, where biases and BatchNorm's γ, β are
vectors. So a weight layer of your own is watched with no declaration; ``regularized =
("weight",)`` says which are its weights when the shapes do not (and makes L1/L2 penalise them,
which they never do unasked: a penalty changes what is learnt, watching changes nothing).

The probe batch
---------------
``fit`` does not show callbacks the data, so the probe is either ``probe=X_sample`` (a fixed
array of inputs, all of its rows unless ``probe_size`` is given: each record runs them forward)
or, by default, the first ``probe_size`` (64) training inputs: the rows of the first batches,
read from the input the first layer cached as ``a_prev`` (Dense does; before a first layer that
does not, such as a layer of your own that keeps ``self.x``, pass ``probe``),
collected until there are ``probe_size`` of them or the first epoch ends. From then on it is the
same inputs at every record, in evaluation mode, so activations are comparable over time (only
records taken while small batches are still filling it see fewer rows). The probe's forward pass
overwrites the layers' caches after the step's backward pass is done: training never notices,
but a callback listed after the monitor that reads those caches sees the probe's.

What it cannot watch
--------------------
Layers that are neither weight layers nor activations, and activations without a probe batch:
``monitor_report.py`` says which, in ``report().unwatched`` and at the end of the report's text.

Bounded however long training runs
----------------------------------
Each series holds at most ``max_records`` entries. When the records reach it, every other
record is dropped and ``every`` doubles, so the kept records stay evenly spaced (still at
t ≡ 1 mod every) and cover the whole run; the loss series instead averages neighbouring
pairs (keeps the larger of their peaks, so that a jump of a few steps is not averaged away, and
the geometric mean of their levels)
and doubles ``loss_every``; the epoch logs drop every other epoch and double
``epoch_every``.

The learning rate of every step is noted as a change list, ``lr_changes`` (``monitor_rates.py``):
a rate changed and changed back between two records shows there, and the findings quote the
rates of the steps their evidence describes.

The methods that take the records, fill the probe, read the targets and thin the series are
``MonitorRecording``'s, in ``monitor_records.py``; which layers it watches, their names and their
series, ``MonitorLayout``'s, in ``monitor_layers.py``; ``Monitor`` inherits both.

Which layer a name stands for
-----------------------------
``monitor.watched`` lists the (name, layer) pairs of the last ``fit``, in the order the layers run
(a nested Sequential opened): the layer each name of the records ("1 Tanh") stands for. The
diagnoses look layers up there, and so can a user's code: ``dict(monitor.watched)["0 Dense"]``.
The report names them so too, unless told your names: ``monitor.report(names={model.layers[1]:
"encoder"}, held_out="test points")`` (the playground's words; see ``monitor_words.py``).

Cost
----
A record costs about one forward pass of the probe plus a few passes over every weight and
gradient (norms, ΔW, histogram counts), once every ``every`` steps, whatever the batch: its share
of training grows as the steps get cheaper, with smaller batches and smaller networks
(``benchmarks/monitor_overhead.py``, ``benchmarks/README.md``; CPU time, default every=20):

    784-256-128-10, batch 128                       11-16 % slower (about 23 % at every=10)
    100,000 x 100 inputs, batch 32 (a review)       about 30 % slower
    the playground's moons 2-16-16-1 and spiral     16-32 % slower (1.16-1.32 times the time),
    2-8-8-8-8-8-8-1, batch 32: steps of a tenth     where a record's cost is its NumPy calls
    of a millisecond                                rather than their arithmetic

``Monitor(every=100)`` records five times less often than the default. A record of the
784-256-128-10 network takes about 2.5 ms of CPU: 1.4 ms to bin its 235,000 weights and as many
gradients (``layer_stats.Histogram.count``: a chunk of values at a time, so that the work arrays
stay in the processor's cache, and a gradient's octave read off its float's exponent in one
pass), 1 ms for the probe's forward pass and statistics, the rest for ‖W‖, ‖ΔW‖ and ‖dL/dW‖; each
of its first 32 steps, whose update ratios are all kept, about 0.3 ms (a copy of W, three norms).
A small network's histograms are binned all in one pass (``layer_stats.add_together``).
Steps between records cost a few Python operations: the loss added to its entry's mean, the
median of the last w batch losses (by comparisons for w = 3) kept as the entry's peak, and its
logarithm added to the entry's level; about 1 µs alone, 5 to 25 µs inside ``fit``, whose arrays
push the monitor's objects out of the processor's cache from one step to the next.
"""
import collections
import math
import numbers

import numpy as np

from ..data.checks import check_image_shape
from ..nn.checks import check_int
from ..nn.dtype import as_float_array
from .callbacks import Callback
from .checks import input_features
from .diagnose import diagnose
from .diagnose_loss import spike_window
from .layer_stats import norm
from .monitor_layers import MonitorLayout, layer_labels
from .monitor_data import monitor_dict
from .monitor_records import MonitorRecording, stopping_of
from .monitor_report import MonitorReport, unwatched_notes
from .monitor_words import Words, said_in

PROBE_SIZE = 64   # training inputs the probe collects by default
FIRST_UPDATES = 32   # the first steps whose update ratios are all kept


def watched(callbacks):
    """Whether one of fit's ``callbacks`` is a Monitor, whose report then says what fit's own
    warnings of a frozen run (``frozen_training``) and of tiny inputs (``tiny_inputs``) would."""
    return any(isinstance(cb, Monitor) for cb in callbacks)


class Monitor(Callback, MonitorLayout, MonitorRecording):
    """Records per-layer training dynamics every ``every`` steps; ``report()`` diagnoses them.

    every        take a record after every ``every``-th optimizer step (first at step 1)
    probe        None (the first ``probe_size`` training inputs) or an array of inputs
                 (samples, features) used at every record for the activation statistics
    probe_size   rows of the probe (at most): 64 training inputs by default, every row of a
                 ``probe`` given (its first ``probe_size`` when given too; it kept the first 64
                 of a probe, whose statistics then differed from those of the array passed)
    bins         bins of each histogram
    max_records  the most entries any series keeps (then thinned, see the module docstring)
    image_shape  None, or (H, W) or (C, H, W) when each input row is a flattened image (a
                 ``Dataset``'s ``image_shape``): the advice against overfitting then names the
                 augmentation for images (shifted/rotated copies) rather than input noise
    """

    def __init__(self, every=20, probe=None, probe_size=None, bins=32, max_records=512, image_shape=None):
        self.start_every = check_int(every, "every")
        self.probe_size = PROBE_SIZE if probe_size is None else check_int(probe_size, "probe_size")
        self.bins = check_int(bins, "bins", minimum=2)
        if self.bins > 10_000:
            raise ValueError(f"bins must be at most 10,000, got {bins}")
        self.max_records = check_int(max_records, "max_records", minimum=4)
        if probe is not None:
            probe = as_float_array(probe, "probe")
            if probe.ndim < 2:
                raise ValueError(f"probe must have shape (samples, features), got {probe.shape}")
            probe = probe if probe_size is None else probe[:self.probe_size]
        self.user_probe = probe
        self.image_shape = None if image_shape is None else check_image_shape(image_shape)
        self.reset()

    def reset(self):
        """Forget every record (the next ``fit`` starts afresh)."""
        self.every = self.start_every        # the current interval between records (doubles)
        self.loss_every = 1                  # steps averaged into one entry of ``loss``
        self.epoch_every = 1                 # epochs between entries of ``epoch_logs``
        self.step = 0                        # optimizer steps seen
        self.epochs_seen = 0
        self.steps = []                      # t of each record
        self.lrs = []                        # the learning rate each record's step was taken at
        self.lr_changes = []                 # (t, lr) of each step whose rate differs from the step before's
        self.weights = {}                    # name -> {"weight_norm", "grad_norm", "update_ratio"}
        self.start_norms = {}                # name -> ‖W‖ before the first step recorded
        self.start_biases = {}               # name -> the largest |b| of its bias before the first step
        self.start_activations = {}          # name -> {"mean", "std", ...} on the probe before the first step
        self._start_state = None             # the starting parameters and buffers, until the probe is complete
        self.activations = {}                # name -> {"mean", "std", "spread", "saturated" | "dead"}
        self.histograms = {}                 # name -> {"weight", "grad"} | {"activation"}
        self.loss = {"step": [], "loss": [], "level": [], "peak": [], "peak_step": []}
        self.first_losses = []               # the first 32 batch losses, as they were
        self.first_updates = {}              # name -> {"update_ratio", "grad_ratio", "lr"} of the first 32 steps
        self.epoch_logs = {"epoch": []}
        self.hidden = set()                  # activation layers followed by a weight layer
        self.sign_only = set()               # weight layers of one input standardised by BatchNorm
        self.kinds = {}                      # activation layer name -> "sigmoid" | "tanh" | "relu" | None
        self.lr = None                       # the optimizer's learning rate at the last record
        self.diverged = False                # the last fit stopped on a NaN/inf (loss, gradient, weights)
        self.divergence_cause = None         # what its stop reason blames (see divergence.CAUSES)
        self.divergence_row = None           # for "validation_row": the (row, value, bound) of X_val
        self.stop_reason = None              # History.stop_reason of the last fit
        self.early_stopping = None           # the last fit's EarlyStopping, as it ended (``stopping_of``)
        self.target = None                   # regression targets of the last fit: {"samples", "mean", "std", ...}
        self.classes = None                  # a classifier's: {"samples", "shares", "binary", "weighted"}
        self._class_sums = None              # (Σ target per column, samples, one_hot, weighted) so far;
                                             # False once this fit's targets are no classes
        self.loss_name = None                # the last fit's loss: "bce", "bce_logits", "mse", ...
        self.inputs = None                   # the first weight layer's input columns on the probe
        self.input_range = None              # ... their min and max over this fit's first epoch (input_range.py)
        self._reading_inputs = False         # the first epoch of a fit: inputs still to read
        self.lone_inputs = None              # values that hold an input column's spread, over a fit's first
                                             # epoch ([] when none; ``monitor_lone_inputs.py``)
        self._lone_rows, self._lone_columns = [], None   # ... the rows gathered, of the columns chosen
        self._reading_lone = False           # the first epoch of a fit: those rows still to gather
        self.probe = self.user_probe
        self._filling = self.probe is None   # the probe is still collecting training inputs
        self.probe_is_all = False            # the probe holds every training input (the data is that small)
        self._model = None
        self.watched = []                    # (name, layer) of the layers the last fit ran, in order
        self._fixed_front = False            # nothing before the first weight layer can change
        self._params = {}                    # weight layer name -> its weight Parameters
        self._before = {}                    # weight layer name -> copies of W before the step
        self._norms_before = {}              # weight layer name -> ‖W‖ before the step
        self._scratch = {}                   # work arrays of the histograms
        self._sampling = False
        self._copying = False                # W was copied before this step (sampled, or one of the first)
        self._in_batch = False
        self._step_lr = float("nan")          # the lr of the running step, read as its batch began
        self._loss_sum, self._loss_count = 0.0, 0
        self._log_level = 0.0                # Σ log(median of w) over the running entry's steps
        self._recent = collections.deque(maxlen=3)  # the last w batch losses (``spike_window``)
        self._peak, self._peak_step = -math.inf, 0   # the largest median of them in the running entry
        self._reading_targets = False        # the first epoch of a fit: targets still to read
        self._target_sums = None             # (y₀, m, Σ(y − y₀), Σ(y − y₀)²) per column
        self._target_rows = []               # an MAE fit's targets read so far (its median needs them all)

    # -- setup ------------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._check_input_width()
        watched = layer_labels(self.model)
        if self._model is not None and (self._model is not self.model
                                        or [n for n, _ in watched] != [n for n, _ in self.watched]):
            self.reset()
        self._model, self.watched = self.model, watched
        self.diverged, self.divergence_cause, self.divergence_row, self.stop_reason = False, None, None, None
        self.early_stopping = None           # this fit's, once it ends: a report made before says "is still falling"
        self.target, self._target_sums, self._target_rows, self._reading_targets = None, None, [], True   # this fit's own
        self.classes, self._class_sums = None, None
        self.input_range, self._reading_inputs = None, True    # this fit's own rows
        # (``lone_inputs`` stays the last fit's until this one's first epoch is read: the playground starts a
        # fit at each change of the learning rate, and a report made meanwhile told to standardise again)
        self._lone_rows, self._lone_columns, self._reading_lone = [], None, True
        self.loss_name = None
        self._recent = collections.deque(self._recent, maxlen=spike_window(self))   # w of this batch size
        if self.probe is not None:
            dtypes = {p.data.dtype for p in self.model.parameters()}
            if len(dtypes) == 1:
                self.probe = self.probe.astype(dtypes.pop(), copy=False)  # compute as training does
        if self.weights or self.activations:
            return  # continuing the records of an earlier fit
        self._lay_out()
        self._keep_start()

    def _check_input_width(self):
        """Refuse, before training and before any record changes, a ``probe`` or an ``image_shape``
        given to the monitor that is of another width than the model's input (a probe it collected
        itself is the model's own)."""
        n_in = input_features(self.model)
        if n_in is None:
            return
        if self.user_probe is not None and self.user_probe.shape[1] != n_in:
            raise ValueError(f"probe has {self.user_probe.shape[1]} features but the model expects "
                             f"{n_in}")
        if self.image_shape is not None and math.prod(self.image_shape) != n_in:
            raise ValueError(f"image_shape {self.image_shape} holds {math.prod(self.image_shape)} pixels "
                             f"but the model expects {n_in} features: give the shape of one input image")

    # -- hooks ------------------------------------------------------------------------------
    def on_batch_begin(self, batch, logs=None):
        self._in_batch = True
        self._sampling = self.step % self.every == 0      # the coming step is t = step + 1
        self._copying = self._sampling or self.step < FIRST_UPDATES
        # the lr this step uses, read before it: a LearningRateScheduler stepped per batch and listed
        # before the monitor sets the next step's in its on_batch_end, before the monitor's runs
        optimizer = (self.params or {}).get("optimizer")
        if optimizer is None:
            self._step_lr = math.nan
        else:
            lr = float(optimizer.lr)
            if lr != self._step_lr:    # (one comparison a step: the list grows with the changes, not the steps)
                self._note_rate(lr)
            self._step_lr = lr
        if self._copying:   # W before the step, and ‖W‖ now, while the copy is in the processor's cache
            for name, params in self._params.items():
                if name not in self._before:
                    self._before[name] = [np.empty_like(p.data) for p in params]
                for buf, p in zip(self._before[name], params):
                    np.copyto(buf, p.data)
                self._norms_before[name] = norm(self._before[name])

    def on_batch_end(self, batch, logs=None):
        self._in_batch = False
        self.step += 1
        self._add_loss(float(logs["loss"]))  # fit's logs of every batch have it
        if self._filling:
            self._fill_probe()
        if self._reading_targets:
            self._read_targets()
        if self._reading_inputs:
            self._read_inputs()
        if self._reading_lone:
            self._read_lone()
        if self._start_state is not None and not self._filling:   # (after the reads of the layers' caches)
            self._take_start()
        if self._copying:
            changes = self._step_changes()
            if self.step <= FIRST_UPDATES:
                self._add_first_updates(changes)
            if self._sampling:
                self._record(changes)
        self._sampling = self._copying = False

    def on_epoch_end(self, epoch, logs=None):
        # the first epoch has shown every sample once: the probe and the targets are final (a
        # probe still filling then holds every training input: XOR's 4 rows)
        self.probe_is_all = self.probe_is_all or (self._filling and self.probe is not None)
        self._settle_targets()
        self._filling = self._reading_targets = self._reading_inputs = False
        if self._reading_lone:
            self._settle_lone(whole=True)
        if self._start_state is not None:
            self._take_start()
        if self.epochs_seen % self.epoch_every == 0:
            entry = {"epoch": self.epochs_seen}
            entry.update({k: float(v) for k, v in (logs or {}).items() if isinstance(v, numbers.Real)})
            optimizer = (self.params or {}).get("optimizer")
            # the epoch's lr as a scheduler listed before this callback logged it: the optimizer's
            # own is then already the next epoch's
            if optimizer is not None and "lr" not in entry:
                entry["lr"] = float(optimizer.lr)
            # every list entry for entry with "epoch", across fits that log other keys (validation
            # data in some, a penalty in others): a key an epoch lacks gets NaN, or 0 for the
            # L1/L2 "penalty" (what a fit without one adds to its loss), so that rules reading two
            # lists side by side (loss − penalty against val_loss) read the same epochs, also
            # after the thinning below
            n = len(self.epoch_logs["epoch"])
            for key in [*self.epoch_logs, *(k for k in entry if k not in self.epoch_logs)]:
                absent = 0.0 if key == "penalty" else math.nan
                if key not in self.epoch_logs:   # (a list of n built only for a new key, not at every epoch)
                    self.epoch_logs[key] = [absent] * n
                self.epoch_logs[key].append(entry.get(key, absent))
            if len(self.epoch_logs["epoch"]) >= self.max_records:
                for values in self.epoch_logs.values():
                    del values[1::2]
                self.epoch_every *= 2
        self.epochs_seen += 1

    def on_train_end(self, logs=None):
        logs = logs or {}
        self.stop_reason = getattr(logs.get("history"), "stop_reason", None)
        self.early_stopping = stopping_of(logs.get("callbacks", ()))
        # fit skips on_batch_end only when the loss or a gradient became NaN/inf
        if self._in_batch and self._reading_targets:
            self._read_targets()     # that batch's loss was computed: its targets are cached
        self._settle_targets()
        if self._start_state is not None:   # a fit that ended within its first epoch
            self._take_start()
        if self._reading_lone:
            self._settle_lone(whole=False)
        # fit says so: a divergence found at an epoch's end (weights or validation outputs
        # overflowed) comes after every on_batch_end. A loop that names no cause keeps the
        # learning rate, the one every divergence was blamed on before causes were told.
        self.diverged = bool(logs.get("diverged"))
        self.divergence_cause = (logs.get("divergence_cause") or "learning_rate") if self.diverged else None
        self.divergence_row = logs.get("divergence_row")
        self._in_batch, self._reading_targets = False, False

    # -- results ----------------------------------------------------------------------------
    @property
    def records(self):
        """The number of records kept."""
        return len(self.steps)

    def report(self, names=None, held_out=None, loss_scale=None, warned_columns=None):
        """The diagnoses (a list: the problems, then notes such as dead units in a network that
        fits anyway; empty when there is nothing to say); ``print`` it for the text, which ends
        with what the monitor could not watch (also in the list's ``unwatched``). Said in the
        monitor's words ("1 Tanh", "the validation data"), or in yours: ``names`` {layer: its
        name}, ``held_out``, what the held-out data is called, ``loss_scale``, what every loss
        quoted is multiplied by (a standardised target's σ²: its MSE in the target's units), and
        ``warned_columns``, the input columns whose lone value you have already warned your
        reader of, which a finding then points back to (``monitor_words.py``)."""
        with said_in(self, Words.of(self, names, held_out, loss_scale, warned_columns)):
            return MonitorReport(diagnose(self), self.unwatched())

    def unwatched(self):
        """What the last ``fit`` could not watch, in sentences (empty when it watched it all; see
        ``monitor_report.py``)."""
        return unwatched_notes(self)

    def to_dict(self):
        """Everything recorded, as strict-JSON nested dicts of lists (``monitor_data.py``: inf and NaN
        as None)."""
        return monitor_dict(self)

    def __repr__(self):
        return (f"Monitor(every={self.start_every}, {self.records} records over {self.step} steps, "
                f"{len(self.weights)} weight layers, {len(self.activations)} activation layers)")
