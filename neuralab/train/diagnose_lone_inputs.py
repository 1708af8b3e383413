"""The diagnosis of an input column whose spread one value holds, in a network that does not fit its
data.

    lone_input_value      over the rows of the fit's first epoch (``monitor.lone_inputs``, read by
                          ``monitor_lone_inputs.py``), a column of the inputs the first weight layer
                          takes is of unit scale (none of ``input_scale.far_columns``' kinds: it was
                          standardised, by the learner or by a Standardize in front) while one value
                          far past the others holds its spread (``data.spread.lone_values``, the
                          judgement of the Standardizer's warning), and the network does not fit its
                          training data (``fits_the_data``).

                          A marker of missing values such as 99999 among values in 0..1, standardised
                          with them, becomes √m·σ' / σ' away (17.3 at m = 300) and sets σ alone: the
                          other values end a hair apart (0.00017), and the network takes them for one
                          number. The probe's 64 rows miss that one row 4 times in 5 and show a column
                          of σ 5e-05, which ``unscaled_inputs`` called "far below unit scale" and told
                          to standardise: standardised it was, and standardising again gives the same
                          column. The remedy is in the data: replace the value or drop its row, or, if
                          it is real, transform the column (a log) before standardising. Such columns
                          are named by this finding only (``lone_columns``), not by ``unscaled_inputs``
                          nor ``inputs_off_scale``.

                          Its evidence quotes the value and the column as the layer takes them. When
                          the report's reader was warned of that column before training
                          (``Monitor.report(warned_columns=...)``: ``neuralab train`` prints the
                          Standardizer's warning, the playground shows it), it points back to that
                          warning, which named the value as the file holds it and its row there,
                          instead of saying it again.
"""
from ..data.spread import SHARE, share_words, squashed_words
from .diagnose_cache import once_per_report
from .diagnose_curve import fits_the_data, task_metric
from .diagnose_no_gradient import input_names
from .diagnosis import metric_in_words, problem, short_number
from .input_scale import far_columns
from .monitor_words import named, warned_before
from .remedies import Remedy

WARNING = "the warning before training"


def lone_columns(m):
    """{column: its ``monitor.lone_inputs`` entry} of the input columns of unit scale over the first
    epoch's rows whose spread one value holds, whether or not the network fits."""
    return {f["column"]: f for f in (getattr(m, "lone_inputs", None) or []) if _unit_scale(f)}


def _unit_scale(f):
    """Whether the column of the entry ``f`` is of none of the kinds far from unit scale over its rows."""
    return not far_columns({"rows": f["rows"], **{k: [f[k]] for k in ("mean", "std", "varied")}})


@once_per_report
def lone_input_value(m):
    lone = lone_columns(m)
    if not lone or m.diverged or fits_the_data(m) is not None:
        return None
    names = input_names(m) if getattr(m, "inputs", None) else None
    first = next(iter(m.weights), "the first weight layer")
    parts = [_in_words(m, f, "column " + (repr(names[j]) if names is not None else str(j)))
             for j, f in lone.items()]
    metric = task_metric(m)
    fit = metric_in_words(metric, 1) if metric else "its loss did not fall 100-fold"
    evidence = (f"in the inputs {named(m, first)} takes, {'; '.join(parts)}; and the network does not fit its "
                f"training data ({fit}). Standardising again gives the same column: that value sets σ")
    if all(warned_before(m, j) for j in lone):   # said once: the warning named the value and its row
        return problem("lone_input_value", False, evidence, without=("transform_column",),
                       instead={"lone_value": Remedy("replace or drop that value", "lone_value")})
    return problem("lone_input_value", False, evidence)


def _in_words(m, f, column):
    """What the entry ``f`` of ``column`` shows: the value and what it does to the other values, or,
    for a column the reader was warned of, a pointer to that warning."""
    value = short_number(f["value"])
    if warned_before(m, f["column"]):
        return (f"{column} holds the value {WARNING} named ({value} as standardised), which leaves its other "
                f"values too close together for the network to tell apart")
    copies = "one" if f["count"] == 1 else f"{f['count']}"
    where = f"{column} holds {value} in {copies} of the {f['rows']} training rows of the first epoch"
    if f["share"] < SHARE:   # a marker known by its shape leaves the others their spread
        return (f"{where}, far past its other values, which training takes for a measurement (a marker of "
                f"missing values?)")
    return (f"{where}, {share_words(f['share'])} of the column's spread: standardised already (μ {f['mean']:.2f}, "
            f"σ {f['std']:.2f} over those rows), its other values {squashed_words(f['width'])}, too close together "
            f"for the network to tell apart (a marker of missing values, standardised with them?)")
