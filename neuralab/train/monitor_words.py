"""The words ``Monitor.report()`` says its findings in: the name of each layer, and of the data
held out from training.

The records name a layer "<index>:<class>" ("1:Tanh", ``monitor_layers.layer_labels``), and so,
by default, does the report, whose words for the data given to ``fit`` as ``validation_data`` are
"the validation data" and, for the loss on it (fit's ``val_loss``), "validation loss". A report
can be said in its reader's words instead:

    monitor.report(names={model.layers[1]: "encoder"}, held_out="test points")

    names      {layer: its name}: each layer (the object, a nested Sequential's too) the findings
               then name so; a layer left out keeps the monitor's name, and one the last fit did
               not run is named by no finding
    held_out   what the held-out data is called: "63% on the test points", and "the loss on the
               test points rose ..." where the default reads "validation loss rose ..."

The words belong to a report, not to the monitor: the same records are said to Python users and,
in the page's words, to the playground (``play/views.py``); the records, ``to_dict()`` and the
plots keep the monitor's names. A rule writes a layer into its evidence as ``named(m, name)``
(and so do the report's blind spots, ``monitor_report.py``) and the held-out data as
``held_out_data(m)`` / ``held_out_loss(m)``: the words of the report being made of ``m``
(``Monitor.report`` makes it inside ``said_in``), or the monitor's own outside one (a rule, or
``diagnose``, called by itself, as a test or a lesson does).
"""
import contextlib
import contextvars
from collections.abc import Mapping

from ..nn.checks import check_type
from ..nn.layer import Layer

# (the monitor being reported on, its Words) while ``Monitor.report`` runs, else None; a context variable,
# so that a report made in another thread (the playground's) keeps its own words
_SAID = contextvars.ContextVar("monitor_words", default=None)


class Words:
    """The names a report gives: ``layers``, {the monitor's name of a layer: the report's}, and
    ``held_out``, the name of the held-out data (None: the library's, "validation data")."""

    def __init__(self, layers=None, held_out=None):
        self.layers, self.held_out = dict(layers or {}), held_out

    @classmethod
    def of(cls, monitor, names=None, held_out=None):
        """The words of ``report(names, held_out)`` for ``monitor``'s last fit, each given layer
        found among the layers it watched (``Monitor.watched``); refused before any report is made
        when a key is not a layer or a name is not a string."""
        if names is not None:
            check_type(names, "names", Mapping, "a dict {layer: its name}")
            for layer, name in names.items():
                check_type(layer, "each key of names", Layer, "a layer of the model (an nn.Layer, not its index)")
                check_type(name, f"the name of {type(layer).__name__} in names", str, "a string")
        if held_out is not None:
            check_type(held_out, "held_out", str, 'a string such as "test points"')
        names = names or {}
        return cls({label: names[layer] for label, layer in monitor.watched if layer in names}, held_out)


_OWN = Words()   # the monitor's own words


@contextlib.contextmanager
def said_in(monitor, words):
    """Within this block, the findings about ``monitor`` are said in ``words``."""
    token = _SAID.set((monitor, words))
    try:
        yield
    finally:
        _SAID.reset(token)


def _words(m):
    said = _SAID.get()
    return said[1] if said is not None and said[0] is m else _OWN


def named(m, name):
    """The report's name of the layer the records of ``m`` name ``name`` ("1:Tanh")."""
    return _words(m).layers.get(name, name)


def held_out_data(m):
    """The report's name of the held-out data: "the validation data", or "the test points"."""
    held_out = _words(m).held_out
    return "the validation data" if held_out is None else f"the {held_out}"


def held_out_loss(m):
    """The report's name of the loss on the held-out data: "validation loss" (fit's ``val_loss``),
    or "the loss on the test points"."""
    held_out = _words(m).held_out
    return "validation loss" if held_out is None else f"the loss on the {held_out}"
