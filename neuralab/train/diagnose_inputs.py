"""The diagnosis that reads the inputs: columns far from unit scale, in a network that does not fit
its data.

    unscaled_inputs       in the last record, a column of the inputs the first weight layer takes (the
                          probe's rows, run through the layers before it: a ``Standardize`` or
                          ``BatchNorm1d`` in front counts, ``Monitor.inputs``) is far from unit scale
                          in one of three ways (``input_scale.py`` holds the test), while the network
                          does not fit its training data (``fits_the_data``; a run that fits has lost
                          nothing to them):

                          large       root mean square sqrt(μ² + σ²) >= 30: values in the tens
                                      to thousands (a price, an area, pixels in 0..255)
                          off-centre  |μ| >= 5 and |μ| >= 3σ: a column that sits far from 0
                                      compared with how much it varies (a year, a length in mm)
                          small       σ <= 0.03, in a column away from its median in at least
                                      half the rows: a spread in hundredths to thousandths (a
                                      pixel that is mostly background, raw or standardised (an
                                      augmented digit's border pixel, σ 0.02), a rare one-hot
                                      class, is no such column, nor is
                                      one constant in the probe, whose σ is rounding; nor are
                                      pixels in [0, 1], a scan's faint background: a learner
                                      who had divided by 255 was told to, at 96.8 %)
                          tiny        every column that varies reaches |x| <= 0.01 at most
                                      (``input_scale.tiny_reach``): the whole input far below
                                      unit scale, pixels divided by 255 twice (the Keras
                                      tutorial's x / 255.0 on data.load("mnist")'s pixels,
                                      divided already: 0 to 0.0039), standardised columns
                                      divided by 1000. Said by the span, the std and how many
                                      times below 1 they reach, not column by column; for
                                      pixels, with "divided twice?" and "do not divide them
                                      again" in place of "X / 255". Severe when it leaves ReLU
                                      units dead, severely (``dead_relus``, which names it): z
                                      = W x + b is then about b for every input

                          Each column is named once, by the first of these that it is (μ 2000
                          or 7 with σ 0.02: large, or off-centre, not small as well): one
                          remedy, standardising, mends all three. None is named over a probe of
                          one row (every σ 0: data of one row of 7 and 9 sat "far from 0"), nor
                          when no column varies over it (a file of constant features), which
                          standardising makes all 0 (``input_scale.judged``).

                          z = W x + b of the first layer grows with x: large inputs make each step
                          of W a large step of z (the units switch off or saturate, and the loss
                          oscillates), a column far from 0 needs a bias of -W μ that b, starting
                          at 0, takes many steps to learn before the units split the data, and a
                          tiny spread needs weights of 1/σ before the column moves z at all.
                          A warning, with the columns and their μ and σ as its evidence, the
                          farthest first (``worst_first``: four of one kind, with its threshold;
                          of several kinds, the worst of each, by the kind's name; the others
                          counted, so that raw breast cancer's 19 columns stay a paragraph) (named by
                          ``model.feature_names``: a DataFrame's columns, given to fit, or the
                          playground's inputs, as its Features column shows them), and "for pixel
                          values, X / 255" when every column is >= 0 and the inputs are images
                          or 64 columns or more. First in the report (``diagnose.RULES`` puts the
                          data's scale first). When large or off-centre columns made the steps
                          large, its evidence says how much larger each step of z is than on
                          standardised inputs, mean |x|² over the columns' count
                          (``input_scale.step_growth``), and what that did, pointing to the first
                          finding of steps too large (where the run's outcome is said, once):
                          when the run diverged where a step too
                          large can be the cause (divergence_cause "learning_rate"), or
                          ``learning_rate_too_high`` is reported, or ``dead_relus`` is, severe (half
                          a layer dead alone is also what a bias still far from -W μ leaves);
                          severe when the run diverged or that finding is. Raw flats (area in m²,
                          a year of μ 1972) under SGD diverged at lr 0.01, 0.001 and 0.0001, each
                          time told to lower the lr, and at lr 1e-5 ended with every ReLU unit dead
                          at R² -182, |x|² 3.9e5 times that of standardised columns; standardised,
                          lr 0.01 reached R² 0.88. Not reported after a divergence the data caused
                          (``inputs_out_of_range``, ``unscaled_target`` say which), nor when a
                          problem that already advises standardising the inputs is reported
                          (``no_gradient``, ``saturated_units``, ``pinned_output``). After a divergence
                          whose stop reason said "standardise the inputs ... first" (``divergence.
                          fit_advised``), it keeps its fact and leaves that remedy to fit's line. A column whose
                          spread one value holds, of unit scale over the first epoch's rows, is
                          standardised already, however small its spread on the probe: it is
                          ``diagnose_lone_inputs``' to name, not this finding's.

    constant_inputs       in the last record, every column of the inputs the first weight layer
                          takes holds one value in every row of the probe (``input_scale.never_vary``,
                          over two rows or more, on a probe that can tell: ``judged_probe``), and in
                          every training row the monitor read of them in the last fit's first epoch,
                          when it could read them (``monitor.input_range``, ``input_range.py``: a
                          column that differs in 1 row of 1,000 is one value in the probe's 64 rows
                          936 times in 1,000); the evidence says over which rows it was judged: all
                          the training rows, the first k of them while the first epoch runs, or the
                          probe's alone. A CSV column of one value, or a feature made constant by a
                          step before training.
                          The network sees one input for every sample, so it can only learn one
                          answer for all of them, the mean of the target or the class shares (the
                          most common class). Severe, first in the report, and said once, whatever
                          else the run shows: no network, learning rate or number of epochs learns
                          more. The scale rules judge nothing then (``input_scale.judged``), and
                          standardising makes every column 0.

``neuralab train`` standardises its inputs, and so does the playground, but for its 2-D data: the
points of the plane, whose features (x1, x1², x1·x2, sin x1, ...) stay within the thresholds at a
noise up to 1 (root mean square 21 at most, |μ| 4.2 at most where |μ| >= 3σ: x1² of the
gaussians). So neither face's monitor reports them, and the command line leaves "standardise" out
of its advice (``remedies.HOW``). The page's noise goes on to 5, which scatters points to ±23,
where x1² is in the hundreds and is reported, its remedy in words alone (no control does it there).

Thresholds, from 1,736 runs of 2-16-k ReLU networks (moons, circles, spiral, iris, wine, breast
cancer, digits; BCE, BCE on the logits, MSE, cross-entropy; Adam at 0.01 and 0.001, SGD at 0.1 and
0.01; 10 to 40 epochs) on the inputs raw, standardised, scaled by 100 and 0.001, and standardised
columns scaled by k = 3 to 1000 and 1/3 to 1/1000 or shifted by c = 3 to 300; each compared with
the same run on standardised inputs. The share of runs that lost more than 5 points of accuracy:
k = 10: 4 of 60, k = 30: 14, k = 100: 28, k = 1000: 46; k = 0.1: 19, k = 0.03: 33, k = 0.001: 54;
c = 3: 32, c = 10: 52, c = 30: 57 (a shift costs more than a spread of the same size). Raw wine
(proline, root mean square 711) fell from 0.94-1.00 to 0.40-0.93, breast cancer (area, 973; five
columns of σ 0.003 to 0.03) from 0.91-0.99 to 0.37-0.93, digits in 0..255 from 0.88-1.00 to as low
as 0.10, and moons scaled by 100 on BCE from the logits to 0.86 where standardised moons fits
(1.00). Of the runs that do not fit, the columns fire on 93 % of those that lost more than 5 points;
79 % of the runs they fire on lost that much, and of the rest 85 % are runs whose standardised twin
did not fit either (too few epochs, a learning rate too small), the others lost up to 5 points.
Digits in 0..16 (root mean square 13, a few pixels off-centre), iris (|μ| 5.8) and inputs in
[0, 1] fit in most runs and are reported only when they do not.
"""
import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_gradients import dead_relus
from .diagnose_lone_inputs import lone_columns
from .diagnose_no_gradient import input_names, no_gradient
from .diagnose_saturation import saturated_units
from .diagnose_curve import fits_the_data, task_metric
from .diagnose_loss import inputs_out_of_range, learning_rate_too_high
from .diagnose_first_step import judged_probe, probe_in_words
from .diagnose_output import pinned_output
from .divergence import fit_advised
from .monitor_rates import at_rates
from .monitor_words import named
from .diagnosis import metric_in_words, problem, short_number
from .input_range import varying
from .input_scale import (KINDS, NAMED, PIXEL_COLUMNS, columns_in_words, far_columns, far_from_zero, judged,
                          looks_like_pixels, never_vary, step_growth, tiny_in_words)

OFF_SCALE = 5.0     # root mean square of a column from which a classifier that learnt nothing names it
TABLE_FEATURES = PIXEL_COLUMNS   # rows of fewer inputs are a table: the smallest images neuralab loads are 8×8


@once_per_report
def unscaled_inputs(m):
    inputs = getattr(m, "inputs", None)
    if not inputs or (m.diverged and m.divergence_cause != "learning_rate"):
        return None     # diverged on the data itself: inputs_out_of_range, or unscaled_target, names it
    # a column whose spread one value holds is standardised already: that finding names it
    lone = list(lone_columns(m))
    far = {kind: kept for kind, columns in far_columns(inputs).items()
           if len(kept := [j for j in columns if j not in lone])}
    if _pixels(m, inputs) and max(inputs["max"]) <= 1:
        # pixels divided by 255 already: a faint background (a scan's) makes tiny spreads, which
        # standardising each pixel would blow up, and which cost the network nothing
        far.pop("small", None)
    if not far or fits_the_data(m) is not None:
        return None
    if any(d is not None and d.severity != "info" and any(r.key == "standardise" for r in d.remedies)
           for d in (inputs_out_of_range(m), no_gradient(m), saturated_units(m), pinned_output(m))):
        return None    # that report already says to standardise them
    # one kind alone: its threshold and its worst 4 columns; of several, each kind's worst by its name, and
    # the others counted (raw breast cancer holds 19 of its 30 columns in three kinds: 984 characters)
    each = max(1, NAMED // len(far))
    parts = [(KINDS[kind] if len(far) == 1 else KINDS[kind].split(" (")[0]) + ": "
             + (tiny_in_words(inputs, _pixels(m, inputs)) if kind == "tiny" else
                columns_in_words(worst_first(kind, columns, inputs), inputs, input_names(m), each))
             for kind, columns in far.items()]
    metric = task_metric(m)
    first = next(iter(m.weights), "the first weight layer")
    steps, severe, pointed = _large_steps(m, inputs)
    dead = dead_relus(m) if "tiny" in far else None
    if dead is not None and dead.severity == "severe":   # the cause of that finding: said first
        steps, severe = steps + "; they leave ReLU units dead", True
    # what the run came to is the diverged run's, or the finding's the steps point to (dead units' "learnt
    # nothing"): said there, once
    return problem("unscaled_inputs", severe,
                   # (their μ and σ are the probe's, as every finding's numbers: the paragraph leaves it unsaid)
                   f"the inputs {named(m, first)} takes ({len(inputs['mean'])} columns) hold columns {'; '.join(parts)}"
                   + ("" if m.diverged or pointed else f"; {unfit_in_words(metric)}") + steps,
                   # fit's stop reason said "standardise the inputs ... first" already: that line says it, once
                   without=pixel_remedies_left_out(_pixels(m, inputs), "tiny" in far) + fit_advised(m.stop_reason))


def unfit_in_words(metric):
    """That the network does not fit its training data, by the task's ``metric`` (``task_metric``'s;
    None: by its loss), in words: "the network does not fit its training data (training accuracy 42.2%)"."""
    return (f"the network does not fit its training data "
            f"({metric_in_words(metric, 1) if metric else 'its loss did not fall 100-fold'})")


def pixel_remedies_left_out(pixels, tiny):
    """The keys of the pixels' remedies that do not fit the inputs: both for inputs that are no
    ``pixels``; for pixels far below unit scale as a whole (``tiny``), "divide by 255", which they
    have been already; else "divide them once", for pixels not divided twice."""
    if not pixels:
        return ("pixels", "pixels_once")
    return ("pixels",) if tiny else ("pixels_once",)


@once_per_report
def constant_inputs(m):
    inputs, seen = getattr(m, "inputs", None), getattr(m, "input_range", None)
    if not inputs or not never_vary(inputs) or not judged_probe(m) or (seen and varying(seen).any()):
        return None
    first, n = next(iter(m.weights), "the first weight layer"), len(inputs["mean"])
    answer = ("the most common class (the class shares, the same probabilities for every sample)" if m.classes
              else "the mean of the target" if m.target
              else "the mean of the target (for classes, the most common class)")
    columns = "one column" if n == 1 else f"{n} columns"
    return problem("constant_inputs", True,
                   f"every input is the same value in every row: the network can only learn {answer}. The "
                   f"{columns} {named(m, first)} takes {'holds' if n == 1 else 'each hold'} one value in "
                   f"{_rows_seen(m, inputs, seen)}: "
                   f"{columns_in_words(range(n), inputs, input_names(m))}. The network sees one input for every "
                   f"sample and gives one answer for them all, and no network, learning rate or number of epochs "
                   f"learns more until the inputs vary")


def _rows_seen(m, inputs, seen):
    """The rows over which the columns held one value, in words: all the training rows (the probe
    when it holds them all, else those the monitor read in this fit's first epoch, ``input_range``),
    the first k of them while that epoch runs, or, for a model whose first weight layer's input it
    could not read, the probe's, which may miss a value that differs in a few rows."""
    rows = probe_in_words(m, inputs["rows"])
    if m.probe_is_all:
        return rows
    if seen:
        samples = m.params["samples"]    # (fit's: it has read rows of this fit)
        return (f"all {samples} training rows" if seen["rows"] >= samples else
                f"the first {seen['rows']} of the {samples} training rows, those read so far (the first epoch has "
                f"not ended)")
    return f"{rows} (a value that differs in a few rows only may be missing from them)"


def worst_first(kind, columns, inputs):
    """The ``columns`` of one of ``input_scale.far_columns``' kinds, the farthest from unit scale first:
    large ones by root mean square sqrt(μ² + σ²), off-centre ones by |μ| / σ, small ones by σ, the least
    first; the order they come in for the kind tiny, judged as a whole."""
    mean, std = (np.asarray(inputs[k], np.float64)[columns] for k in ("mean", "std"))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        how_far = {"large": -np.hypot(mean, std), "off_centre": -np.abs(mean) / std, "small": std}.get(kind)
    return columns if how_far is None else np.asarray(columns)[np.argsort(how_far, kind="stable")]


def _large_steps(m, inputs):
    """(words, severe, pointed): what the columns far from 0 (``input_scale.far_from_zero``) did to the
    steps, when the run diverged or a finding of steps too large is reported (learning rate too high, or
    dead ReLU units, severe: half a layer dead is also what a bias still far from -W μ leaves), whether
    that makes this finding severe (the run diverged, or that one is severe), and whether the words point
    to such a finding; ("", False, False) otherwise."""
    if not len(far_from_zero(inputs)):
        return "", False, False
    found = [d for d, counts in ((learning_rate_too_high(m), ("warning", "severe")), (dead_relus(m), ("severe",)))
             if d is not None and d.severity in counts]
    if not (m.diverged or found):
        return "", False, False
    growth = step_growth(inputs)
    lr = at_rates(m, 1, m.step)    # the run's rates: the last record's may be 400 steps old (the playground's box)
    what = ("training diverged" if m.diverged else
            # the first: Dead ReLU units beside Learning rate too high points there for the step size
            f"they were too large{' ' + lr if lr else ''} (see {found[0].title})")
    # ΔW = -lr δ xᵀ moves z = W x + b by -lr δ |x|², and |x|² is about 1 per standardised column: the growth is
    # the mean |x|² over n (the number, 1.5e+06 against 30, made raw breast cancer's paragraph too long to read)
    return (f". Steps of z = W x + b grow with |x|²: {short_number(growth)} times their size on standardised "
            f"inputs, which is why {what}",   # (the remedy says to standardise them)
            m.diverged or any(d.severity == "severe" for d in found), bool(found) and not m.diverged)


def inputs_off_scale(m):
    """The columns of the inputs the first weight layer takes whose root mean square sqrt(μ² + σ²) is
    >= 5, in words ("column 0 (μ 0.2, σ 5.6)"), or None: a classifier at guessing's loss names them
    first (``no_better_than_guessing``). Below the threshold of ``unscaled_inputs`` (30), which reads
    runs that learnt something: one that learnt nothing is told of a scale 5 times unit scale too
    (moons, circles or XOR times 8, 5.6 to 25; XOR's own points, |x| up to 5.3, are 3.2). None over
    a probe of one row or of columns that do not vary, as for those (``input_scale.judged``)."""
    inputs = getattr(m, "inputs", None)
    if not inputs or not judged(inputs):
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        rms = np.hypot(np.asarray(inputs["mean"], np.float64), np.asarray(inputs["std"], np.float64))
    lone = list(lone_columns(m))   # that finding names them (``diagnose_lone_inputs``)
    columns = [j for j in np.flatnonzero(rms >= OFF_SCALE) if j not in lone]
    if not len(columns):
        return None
    return columns_in_words(columns, inputs, input_names(m))


def _pixels(m, inputs):
    """Whether the inputs look like pixel values (``input_scale.looks_like_pixels``): none below 0, of
    images (``input_kind``) or of at least 64 columns."""
    return looks_like_pixels(inputs, input_kind(m) == "images")


def input_kind(m):
    """"images", "tables" or None (the monitor cannot tell), for the augmentation that suits the
    inputs: images when the monitor was given their ``image_shape`` or its probe's samples have
    several axes (H, W); a table when the probe's rows hold fewer than 64 features, fewer than the
    smallest images neuralab loads (digits, 8×8). Rows of 64 or more may be either (flattened
    MNIST or a wide table)."""
    probe = m.probe
    if m.image_shape is not None or (probe is not None and probe.ndim > 2):
        return "images"
    if probe is not None and probe.shape[1] < TABLE_FEATURES:
        return "tables"
    return None
