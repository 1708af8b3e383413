"""What the training monitor could not watch, and ``MonitorReport``, what ``Monitor.report()``
returns: its diagnoses, then those blind spots in sentences.

What it cannot watch
--------------------
It watches the layers of the model (a nested Sequential's too, not those inside a block of your
own) that are weight layers (see ``monitor.py``) or activations, subclasses of ``nn.Activation``:
all of them get mean, std and spread, and only neuralab's own ReLU, Sigmoid and Tanh the dead or
saturated fraction. Whatever it could not watch (no probe, so no activation statistics; no
weight layer found; layers of your own it skipped, blocks of layers among them) is listed in
``report().unwatched`` and said at the end of the report's text, so that "no problems found" is
never read as a clean bill of health for parts it never saw.
"""
from .monitor_words import named
from .diagnosis import Report


def _own(layer):
    """Whether ``layer`` is of a class of the user's, not of neuralab's."""
    return not type(layer).__module__.startswith("neuralab.")


def holds_layers(layer):
    """Whether ``layer`` holds other layers (a Sequential, a block of your own)."""
    return any(child is not layer for child in layer.walk())


class MonitorReport(Report):
    """The diagnoses (a ``Report``: a list, severe ones first) and ``unwatched``, what the monitor
    could not watch, in sentences, said at the end of the text."""

    def __init__(self, found=(), unwatched=()):
        super().__init__(found)
        self.unwatched = list(unwatched)

    def text(self, face="python"):
        """The diagnoses in words (``Report.text``: remedies in the terms of ``face``, "python"
        or "cli"), then, if anything went unwatched, a "Not watched" list; "no problems found"
        then says "in what it could watch"."""
        text = self._text(face, " in what it could watch" if self.unwatched else "")
        if not self.unwatched:
            return text
        notes = [f"  - {note}" for note in self.unwatched]
        return "\n\n".join([text, "\n".join(["Not watched (problems there go unseen):"] + notes)])


def _listed(monitor, layers):
    """The monitor's ``layers`` (names of its records) as the report names them (``monitor_words``)."""
    return ", ".join(named(monitor, n) for n in layers)


def unwatched_notes(monitor):
    """What the last ``fit`` of ``monitor`` could not watch, in sentences (empty when it watched
    it all)."""
    if not monitor.step:  # a Monitor made anew (a notebook cell run again), or a fit that failed first
        return ["the whole run: it has recorded no training step; it watches the fits it is given to, "
                "model.fit(..., callbacks=[monitor])"]
    if not monitor.watched:
        return []
    notes = []
    names = dict(monitor.watched)
    if monitor.probe is None and monitor.activations:
        notes.append(f"activations ({_listed(monitor, monitor.activations)}): no probe batch, since the first "
                     f"layer {named(monitor, monitor.watched[0][0])} caches no input as a_prev (Dense does): give "
                     f"Monitor(probe=X_sample), a few rows of training inputs, or have the layer "
                     f"keep its input as self.a_prev")
    if not monitor.weights and any(layer.parameters() for layer in names.values()):
        notes.append("weights: no weight layer found. It watches the layers that list their weights "
                     "in regularized (Dense) and those that hold a Parameter of 2 or more "
                     "dimensions; a layer of your own opts in with regularized = (\"weight\",) "
                     "(which L1/L2 penalise too)")
    skipped = [n for n, layer in names.items()
               if _own(layer) and n not in monitor.weights and n not in monitor.activations]
    blocks = [n for n in skipped if holds_layers(names[n])]
    if blocks:  # it said they held no Parameter of 2 or more dimensions, and their layers do
        notes.append(f"blocks of your own, layers that hold layers ({_listed(monitor, blocks)}): it opens a nested "
                     f"Sequential, whose layers run one after another, but not a block, whose branches "
                     f"have no such order, so the layers inside go unwatched")
    skipped = [n for n in skipped if n not in blocks]
    if skipped:
        notes.append(f"layers of your own it skipped: {_listed(monitor, skipped)}: neither weight layers "
                     f"(a regularized list, or a Parameter of 2 or more dimensions) nor activations "
                     f"(subclasses of nn.Activation)")
    plain = [n for n in monitor.activations if monitor.kinds[n] is None and _own(names[n])]
    if plain and monitor.probe is not None:
        notes.append(f"activations of your own ({_listed(monitor, plain)}): mean, std and spread only; the dead "
                     f"and saturated fractions are measured on neuralab's nn.ReLU, nn.Sigmoid "
                     f"and nn.Tanh")
    return notes
