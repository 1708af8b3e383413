"""The diagnosis that reads the output layer: a sigmoid output pinned where the loss passes it
(almost) no gradient, while the loss says that many of its answers are wrong.

    pinned_output         in the last record, >= 50 % of the probe's outputs p of a sigmoid output
                          layer are where the training loss passes back next to no gradient into
                          its z, while the training loss at the end is above that of answering 0.5
                          for every sample: the pinned answers include confidently wrong ones that
                          the gradient cannot correct. Where that is depends on the loss (the
                          monitor reads the last fit's, ``Monitor.loss_name``):

                          BCELoss (on the probabilities): dℓ/dz = (p − y)·p(1 − p)/max(p(1 − p),
                          1e-12) is p − y, whole, while p(1 − p) >= 1e-12; below, where BCELoss
                          clamps it, it shrinks, and it is 0 at p exactly 0 or 1. The share is of
                          the outputs with p(1 − p) < 1e-12 in the training dtype (float32: z above
                          16.6, where σ(z) rounds to 1, or below −27.6; float64: |z| above 27.6),
                          ``Monitor.activations[...]["clamped"]``. An output at 0.999 still learns.
                          The loss is judged against ln 2 = 0.693. A wrong answer there costs
                          ln(1e12) = 27.6 to 100 (the log is clamped at −100 at exactly 0 or 1).

                          MSELoss with targets in [0, 1] (read by the monitor): dℓ/dz =
                          2(p − y)·p(1 − p), and in the flat tails (p < 0.01 or > 0.99), p(1 − p)
                          < 0.0099, 4 % of its 0.25 peak: under 0.02 for any answer, where one on
                          the slope gets up to 8/27 = 0.3. The share is ``saturated``'s. The loss
                          is judged against 0.25, what answering 0.5 costs at most with targets in
                          [0, 1] (exactly, for 0/1 targets). A wrong answer there costs 0.98 to 1.

                          L1Loss (``loss="mae"``) with targets in [0, 1]: dℓ/dz = sign(p − y)·p(1 − p),
                          the same flat tails (under 0.0099 for any answer, 0.25 on the slope), the
                          same share; judged against 0.5, what answering 0.5 costs at most (|0.5 − y|),
                          and a wrong answer there costs 0.99 to 1.

                          BCEWithLogitsLoss (``loss="bce_logits"``, which fit applies to the
                          layers before the Sigmoid): dℓ/dz = p − y, whole at any z: not reported.
                          Nor for another loss; MSE targets outside [0, 1], which a sigmoid
                          cannot reach at all, ``fit`` refuses (``output_range.py``).

                          The evidence says it in two sentences, the formulas above left out: the
                          share of answers stuck at 0 or 1 (in the tails, for MSE), and what share of
                          wrong answers in the tails the loss amounts to (loss / the cost of one:
                          100 for BCE, 1 for MSE), a number to hold against the accuracy. Severe
                          when >= 90 % of the outputs are pinned and the loss amounts to >= 10 %
                          of the answers (a digits network
                          at accuracy 0.986 with 1.4 % of its answers at exactly 0 or 1 and wrong
                          gets a warning). A note when the network fits its data anyway; not
                          reported when ``no_gradient`` is, whose evidence names the pinned output
                          already. Its remedies are those the run lacks
                          (``diagnose_saturation.remedies_in_place``: nor "standardise the
                          inputs" over one row or of columns that never vary, which it makes all
                          0), and not "a lower learning
                          rate" when ``late_rise`` is reported, or Learning rate too high gives
                          it (``diagnose_loss.lower_rate_said``), which the evidence then points
                          to. When steps the learning rate made large (>= 30 % of the
                          weights, among the first 32) grew the weights that compute the output's
                          z >= 4-fold, the evidence says so and that remedy comes second
                          (``diagnose_first_step.pinning_steps``: SGD at lr 30 pinned it on one class);
                          but when the run's learning rate is lower already than the one they grew
                          at (``diagnose_scale.lowered_since``: the playground's box lowered from 10
                          to 0.1, which leaves grown weights as large as they are), or the output's
                          Dense layer was >= 4 times Xavier's scale before the first step recorded
                          (``started_large``: trained before), "start again from fresh weights" comes
                          second instead, and a lower learning rate is not advised, as for
                          ``saturated_units``.

Thresholds, from 108 runs of 2-16-1 networks (moons, circles, xor, spiral with inputs as they are,
standardised or scaled by 100; BCE and MSE; Adam at 0.01 and 0.3, SGD at 2) and 12 of digits and
iris 0-vs-rest: every run that fit its data (accuracy 0.98 to 1) ended with a loss below 0.06 (BCE)
or 0.01 (MSE), however many outputs were pinned or clamped (up to 100 %). Every run above the
chance loss with >= 50 % pinned had answers wrong in the tails: stuck ones (accuracy 0.43 to 0.92,
or no gradient at all), and digits at accuracy 0.986 with 1.4 % of its answers wrong at exactly 0
or 1. The loss amounted to that share within 2 points when >= 90 % were pinned (the answers on the
slope cost something too: spiral on MSE, 69 % pinned, a loss of 0.276 for 21 % wrong in the tails).
Runs whose outputs were in the tails but not clamped learnt on under BCE (circles in tens: a loss
of 24 after 5 epochs, 0.3 after 20), which the share in the tails (``saturated``) reported.

A pinned output with a low loss is a confident network, no problem; the output layer is
therefore left out of ``saturated_units``, which judges the hidden layers whatever the loss.
"""
import math

from .diagnose_cache import once_per_report
from .diagnose_first_step import pinning_in_words, pinning_steps, probe_in_words
from .diagnose_first_step import SEVERE_FRACTION
from .diagnose_no_gradient import no_gradient
from .diagnose_saturation import SATURATED, remedies_in_place
from .diagnose_late import late_rise
from .diagnose_curve import loss_trend, problem_unless_it_fits
from .diagnose_loss import SEE_RATE, lower_rate_said
from .diagnose_scale import lowered_in_words, lowered_since, started_large, started_large_in_words
from .input_scale import judged
from .monitor_words import named, short_ratio
from .diagnosis import short_number

BCE_CHANCE = math.log(2)    # binary cross-entropy of answering 0.5 for every sample
BCE_WRONG = 100.0           # BCE of a wrong answer at exactly 0 or 1: its log is clamped at −100
MSE_CHANCE = 0.25           # MSE of answering 0.5 for every sample, at most (targets in [0, 1])
MSE_WRONG = 1.0             # MSE of a wrong answer in the tails: (p − y)² >= 0.98
MAE_CHANCE = 0.5            # MAE of answering 0.5 for every sample, at most (targets in [0, 1])
MAE_WRONG = 1.0             # MAE of a wrong answer in the tails: |p − y| >= 0.99
SEVERE_WRONG = 0.1          # share of wrong answers the loss amounts to, for a severe finding


@once_per_report
def pinned_output(m):
    outputs = [n for n in m.activations if n not in m.hidden and m.kinds.get(n) == "sigmoid"
               and m.activations[n].get("saturated")]
    if not outputs or m.diverged:
        return None
    name = outputs[-1]
    stats = m.activations[name]
    read = _read(m, stats)
    if read is None:
        return None
    pinned, where, chance, cost = read
    trend = loss_trend(m)
    end = trend[1] if trend is not None else (float(m.loss["loss"][-1]) if m.loss["loss"] else None)
    if pinned < SATURATED or end is None or not end > chance or no_gradient(m) is not None:
        return None
    wrong = end / cost
    # the last record's share: the answers now, on the rows the monitor checks
    evidence = (f"{pinned:.0%} of {named(m, name)}'s answers on {probe_in_words(m, brief=True)} are {where}, "
                f"and the training loss, {short_number(end)}, is what {short_ratio(wrong * 100)}% of the answers "
                f"wrong there would cost (answering 0.5 costs {short_number(chance)})")
    steps = pinning_steps(m, name)
    lowered = steps is not None and lowered_since(m, steps[0])
    large = started_large(m, [name])
    # their own finding gives "a lower learning rate" (``lower_rate_said``: Learning rate too high, pointed to,
    # or a late rise); a lower one than the run has now leaves grown weights as large as they are, and fresh
    # ones bring z back to the slope
    fresh = lowered or bool(large)
    said_there = lower_rate_said(m) and not fresh
    too_high = said_there or late_rise(m) is not None
    if steps is not None:     # the learning rate put z there: its remedy comes next to the logits
        # (pointing to Learning rate too high, the step by its size and rate alone: a paragraph, not 700 characters)
        evidence += f"{', ' if said_there else '; '}{pinning_in_words(m, steps, pointed=said_there)}"
        if lowered:
            evidence += lowered_in_words(m, "an output in the flat tails passes")
    if large:
        evidence += "; the weights that compute its z were " + started_large_in_words(m, large)
    if said_there:
        evidence += f" ({SEE_RATE})"
    # standardising one row, or columns that never vary, makes every input 0 (``input_scale.judged``)
    inputs = getattr(m, "inputs", None)
    scalable = not inputs or judged(inputs)
    return problem_unless_it_fits(m, "pinned_output", pinned >= SEVERE_FRACTION and wrong >= SEVERE_WRONG,
                                  evidence,
                                  "Confidently wrong answers dominate the loss and learn slowly: on "
                                  "data the network does not fit, "
                                  + ("standardised inputs and a loss computed from the logits keep them learning"
                                     if scalable else "a loss computed from the logits keeps them learning"),
                                  without=remedies_in_place(m) + (("lr",) if too_high or fresh else ())
                                  + (() if fresh else ("fresh_weights",)),
                                  first=("logits", "fresh_weights") if fresh else ("logits", "lr") if steps else ())


def _read(m, stats):
    """(share pinned, where, chance loss, cost of a wrong pinned answer) for the last fit's loss, or
    None when that loss keeps the gradient whole or is none the rule knows. The evidence says where in
    words, and why no gradient moves them where "stuck" does not say it ("flat" does: the MSE's gradient
    there is the sigmoid's slope, which the remedy of the logits explains); the formulas behind "stuck"
    (p(1 − p) < 1e-12 under BCELoss) and the gradients are in the module docstring."""
    if m.loss_name == "bce" and stats.get("clamped"):
        return (stats["clamped"][-1], "stuck at 0 or 1, where BCELoss passes them next to no gradient", BCE_CHANCE,
                BCE_WRONG)
    t = m.target
    if m.loss_name in ("mse", "mae") and t and t["samples"] and min(t["min"]) >= 0 and max(t["max"]) <= 1:
        chance, wrong = (MAE_CHANCE, MAE_WRONG) if m.loss_name == "mae" else (MSE_CHANCE, MSE_WRONG)
        return stats["saturated"][-1], "in the flat tails (below 0.01 or above 0.99)", chance, wrong
    return None
