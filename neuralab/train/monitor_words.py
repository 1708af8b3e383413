"""The words ``Monitor.report()`` says its findings in: the name of each layer, of the data
held out from training, and the units of the losses it quotes.

The records name a layer as ``model.summary()`` lists it, "<index> <class>" ("1 Tanh",
``monitor_layers.layer_labels``), and so, by default, does the report, whose words for the data given to ``fit`` as ``validation_data`` are
"the validation data" and, for the loss on it (fit's ``val_loss``), "validation loss". A report
can be said in its reader's words instead:

    monitor.report(names={model.layers[1]: "encoder"}, held_out="test points", loss_scale=std ** 2,
                   warned_columns=[2])

    names      {layer: its name}: each layer (the object, a nested Sequential's too) the findings
               then name so; a layer left out keeps the monitor's name, and one the last fit did
               not run is named by no finding
    held_out   what the held-out data is called: "63% on the test points", and "the loss on the
               test points rose ..." where the default reads "validation loss rose ..."
    loss_scale what every loss the report quotes is multiplied by (None: 1, the loss as fit logged
               it): a network that learns a target standardised, t = (y − μ)/σ, has the MSE of
               t; σ² times it is the MSE in the target's units (squared), as the playground shows
               it. Only what is said changes: every rule decides on the losses as logged, so a
               report finds the same problems at any scale (its ratios and percentages are alike)
    warned_columns the input columns (indices among those the first weight layer takes) whose
               lone value its reader was warned of before training (``data.standardizer.fitted_saying``'s
               ``warned``: ``neuralab train`` prints that warning, the playground shows it): the finding
               of such a value (``diagnose_lone_inputs``) then points back to the warning, which named
               the value and its row in the file, instead of saying it again

The words belong to a report, not to the monitor: the same records are said to Python users and,
in the page's words, to the playground (``play/views.py``); the records, ``to_dict()`` and the
plots keep the monitor's names. A rule writes a layer into its evidence as ``named(m, name)``
(and so do the report's blind spots, ``monitor_report.py``) and the held-out data as
``held_out_data(m)`` / ``held_out_loss(m)``, and a loss as ``short_loss(m, value)``: the words of the report being made of ``m``
(``Monitor.report`` makes it inside ``said_in``), or the monitor's own outside one (a rule, or
``diagnose``, called by itself, as a test or a lesson does).
"""
import contextlib
import contextvars
import math
import numbers
from collections.abc import Iterable, Mapping

from ..nn.checks import check_type
from ..nn.layer import Layer
from .diagnosis import short_number

# (the monitor being reported on, its Words) while ``Monitor.report`` runs, else None; a context variable,
# so that a report made in another thread (the playground's) keeps its own words
_SAID = contextvars.ContextVar("monitor_words", default=None)


class Words:
    """The names a report gives: ``layers``, {the monitor's name of a layer: the report's},
    ``held_out``, the name of the held-out data (None: the library's, "validation data"),
    ``loss_scale``, what a loss quoted is multiplied by (1: as fit logged it), and ``warned``, the
    input columns whose lone value the reader was already warned of."""

    def __init__(self, layers=None, held_out=None, loss_scale=1.0, warned=()):
        self.layers, self.held_out, self.loss_scale = dict(layers or {}), held_out, loss_scale
        self.warned = frozenset(warned)

    @classmethod
    def of(cls, monitor, names=None, held_out=None, loss_scale=None, warned_columns=None):
        """The words of ``report(names, held_out, loss_scale, warned_columns)`` for ``monitor``'s last
        fit, each given layer found among the layers it watched (``Monitor.watched``); refused before
        any report is made when a key is not a layer, a name is not a string or a warned column is
        not a column index."""
        if names is not None:
            check_type(names, "names", Mapping, "a dict {layer: its name}")
            for layer, name in names.items():
                check_type(layer, "each key of names", Layer, "a layer of the model (an nn.Layer, not its index)")
                check_type(name, f"the name of {type(layer).__name__} in names", str, "a string")
        if held_out is not None:
            check_type(held_out, "held_out", str, 'a string such as "test points"')
        if loss_scale is not None:
            check_type(loss_scale, "loss_scale", numbers.Real, "a number such as the target's std ** 2")
            if not (math.isfinite(loss_scale) and loss_scale > 0):
                raise ValueError(f"loss_scale must be a positive finite number, such as the target's std ** 2, "
                                 f"got {loss_scale}")
        warned = () if warned_columns is None else _column_indices(warned_columns)
        names = names or {}
        return cls({label: names[layer] for label, layer in monitor.watched if layer in names}, held_out,
                   1.0 if loss_scale is None else float(loss_scale), warned)


def _column_indices(columns):
    """``warned_columns`` as a tuple of ints, or a TypeError naming what it takes."""
    wrong = TypeError(f"warned_columns must be column indices (ints >= 0) of the inputs, such as the warned "
                      f"columns fitted_saying returns, got {columns!r}")
    if isinstance(columns, (str, bytes)) or not isinstance(columns, Iterable):
        raise wrong
    columns = tuple(columns)
    if not all(isinstance(j, numbers.Integral) and not isinstance(j, bool) and j >= 0 for j in columns):
        raise wrong
    return tuple(int(j) for j in columns)


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
    """The report's name of the layer the records of ``m`` name ``name`` ("1 Tanh")."""
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


def short_loss(m, value):
    """A loss the records of ``m`` hold, as the report quotes it: times its ``loss_scale`` (the MSE
    of a standardised target in the target's units, squared), to 3 significant digits, as
    ``diagnosis.short_number`` quotes every number."""
    return short_number(value * _words(m).loss_scale)


def short_ratio(ratio):
    """How many times one value is another, to the two digits a reader needs: "15" (not 14.7),
    "3,700" (not 3.75e+03)."""
    rounded = float(f"{ratio:.2g}")
    return f"{rounded:,.0f}" if rounded >= 10 else f"{rounded:g}"


def warned_before(m, column):
    """Whether the reader of the report being made of ``m`` was warned of the lone value of input
    ``column`` before training (``Words.warned``)."""
    return column in _words(m).warned
