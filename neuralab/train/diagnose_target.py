"""The diagnosis of regression targets far from unit scale: a regression's target left in its own
units (prices in euros), which ``neuralab train`` and the playground standardise themselves, so that
their monitors see one of unit scale.

    unscaled_target       the loss is MSE or MAE and the targets (those the monitor read in the last
                          fit's first epoch) have a root mean square sqrt(mean² + std²), over all
                          their entries, above 10 (severe above 100): a network starts with outputs of
                          order 1, and its output must travel that far before the loss says anything
                          about what it learnt (Adam moves each weight by about lr per step; SGD's
                          MSE gradients grow with the target and overshoot, its MAE gradients do not
                          and take as many more steps). Reported when the run diverged, or the loss
                          is still >= half that of the best constant output
                          (``target_stats.loss_baselines``): predicting their mean everywhere under
                          MSE (the variance: a training R² <= 0.5), their median under MAE (mean
                          |y − median|, exact over the targets read), or it was still falling
                          steadily as the run ended (``diagnose_falling.last_fifth``: in >= 80 % of
                          the last fifth of the epochs, by >= 1 % over them) in a network
                          that does not fit its data: its outputs were still climbing to the targets'
                          scale, which standardised targets do not ask of them; a divergence counts
                          when a step too large or the targets' own squared errors caused it, not the
                          inputs (inputs_out_of_range); when fit's stop reason said "standardise the
                          targets ... first" (``divergence.fit_advised``), the finding keeps its fact
                          and leaves that remedy to fit's line. Small targets are not judged: one-hot rows of
                          many classes are small too, and a small target gives a small loss, not a
                          stuck one. ``neuralab train`` standardises a regression target itself, so
                          its monitor sees one of unit scale

Measured: flats (1,600 rows, 10 standardised columns), 10-64-32-1 and 10-16-1 ReLU networks, batches
of 32, Adam at lr 0.001 and 0.01 and SGD at 0.001, 100 and 300 epochs, the price in euros (root mean
square 4.1e5), in thousands (407) and in tens of thousands (40.7), each against the same run on the
standardised price. Euros under Adam at lr 0.001 on 10-64-32-1: training R² 0.59 after 100 epochs
and 0.80 after 300, where standardised it reaches 0.92 and 0.95; the report named dead ReLU units
and "a lower learning rate", then nothing. Of the 27 runs that neither diverged nor stayed at R² <= 0.5,
the loss still fell steadily at the end in 8, each 0.03 to 0.33 below its standardised twin (median
0.09); none of the 11 that came within 0.01 of theirs or beat them (SGD, whose steps a large target
enlarges, and Adam at lr 0.01 on 10-16-1) is among them. The rule misses 8 runs 0.02 to 0.065 below
theirs, whose loss had levelled off.

Under MAE (10 epochs, tanh networks of 16 hidden units, batches of 32): sine, plane and a skewed
5-column target (prices) times 100 and 1,000, under SGD and Adam, are all 12 named, where "Learning
rate too low" (10) or "Cut short" (2) was said before the rule read MAE; the same targets times 1 are
not.
"""
import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_curve import fits_the_data, loss_trend, task_metric
from .diagnose_falling import data_loss, fifth_in_words, last_fifth
from .diagnose_loss import LEARNT
from .diagnosis import metric_in_words, problem, short_number
from .divergence import fit_advised, stop_fact
from .monitor_words import short_loss
from .target_stats import TARGET_RMS, loss_baselines



@once_per_report
def unscaled_target(m):
    t = m.target
    if not t or not t["samples"]:
        return None
    mean, std = np.array(t["mean"]), np.array(t["std"])
    mean_square = float(np.mean(mean ** 2 + std ** 2))   # the targets' scale: where the outputs must go
    baselines = loss_baselines(t, m.loss_name)
    if not mean_square > TARGET_RMS ** 2 or baselines is None:
        return None
    zero, constant = baselines      # the losses of an output of 0 and of the best constant output
    trend = loss_trend(m)
    end = trend[1] if trend is not None else float(m.loss["loss"][-1]) if m.loss["loss"] else None
    # a divergence the inputs caused says nothing of the targets; a step too large, that they can
    # make (large gradients), or their own squared errors overflowing, does
    diverged = m.diverged and m.divergence_cause in ("learning_rate", "targets")
    stuck = end is not None and end >= LEARNT * constant
    climbing = None if diverged or stuck else _still_climbing(m)
    if not (diverged or stuck or climbing):
        return None     # it explains most of the targets' spread, and no longer moves: their scale did not stop it
    columns = [f"mean {short_number(mu)}, std {short_number(sd)}" for mu, sd in zip(mean, std)]
    if len(columns) > 1:
        columns = [f"column {j}: {c}" for j, c in enumerate(columns)]
    # (fit's stop reason, "<what>; <advice>", advises what this finding's remedy does: its what alone)
    loss = (f"training diverged on their squared errors before the first update, so not by the learning rate: "
            f"{stop_fact(m.stop_reason)}" if m.divergence_cause == "targets"
            else "training diverged" if diverged else climbing or
            f"the loss is still {short_loss(m, end)}, where predicting their "
            f"{'median' if m.loss_name == 'mae' else 'mean'} everywhere gives "
            f"{short_loss(m, constant)} and an output of 0 {short_loss(m, zero)}")
    return problem("unscaled_target", mean_square > TARGET_RMS ** 4,
                   f"the targets ({'; '.join(columns)}, over {t['samples']} samples) have a root mean "
                   f"square of {short_number(np.sqrt(mean_square))}, where a network's outputs start near "
                   f"unit scale; {loss}",
                   # fit's stop reason said "standardise the targets ... first" already: that line says it, once
                   without=fit_advised(m.stop_reason))


def _still_climbing(m):
    """The loss still falling steadily as the run ended (``last_fifth``), in a network that does not fit
    its data, in words; None otherwise."""
    loss = data_loss(m)
    fifth = last_fifth(loss) if loss is not None and fits_the_data(m) is None else None
    if fifth is None:
        return None
    last, falling, _ = fifth
    metric = task_metric(m)
    scored = f", {metric_in_words(metric)}" if metric is not None else ""
    return (f"the loss was still falling steadily as the run ended, {fifth_in_words(m, last, falling)}{scored}: "
            f"the outputs, which start near 0, were still climbing to the targets' scale, a climb standardised "
            f"targets do not ask of the network")
