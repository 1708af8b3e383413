"""The diagnosis that reads the output layer: a sigmoid output pinned in its flat tails while the
loss says that many of its answers are wrong.

    pinned_output         in the last record, >= 50 % of the probe's outputs of a sigmoid output
                          layer are in its flat tails (< 0.01 or > 0.99; severe >= 90 %), while the
                          training loss at the end is above ln 2 = 0.693, the binary cross-entropy
                          of answering 0.5 for every sample: the pinned answers include confident
                          wrong ones. Each costs a large loss, −ln(1 − σ(z)) ≈ z for y = 0, yet
                          BCE on the probabilities passes back next to no gradient for it: dℓ/dz =
                          (p − y) p(1 − p) / max(p(1 − p), 1e-12) is p − y only while p(1 − p)
                          stays above 1e-12 (|z| below about 28), and 0 where σ(z) rounds to
                          exactly 1 (z past 17 in float32), so those answers stay wrong. Inputs far
                          from unit scale put z there from the first step (moons with its
                          coordinates in hundreds: loss 5, accuracy 0.89, 95 % of the outputs
                          pinned). A note when the network fits its data anyway; not reported when
                          ``no_gradient`` is, whose evidence names the pinned output already. Its
                          remedies are those the run lacks (``diagnose_gradients.remedies_in_place``)

A pinned output with a low loss is a confident network, no problem; the output layer is
therefore left out of ``saturated_units``, which judges the hidden layers whatever the loss.
"""
import math

from .diagnose_gradients import SATURATED, SEVERE_FRACTION, no_gradient, remedies_in_place
from .diagnose_loss import loss_trend, problem_unless_it_fits
from .remedies import short_number

CHANCE_LOSS = math.log(2)   # binary cross-entropy of answering 0.5 for every sample


def pinned_output(m):
    outputs = [n for n in m.activations if n not in m.hidden and m.kinds.get(n) == "sigmoid"
               and m.activations[n].get("saturated")]
    if not outputs or m.diverged:
        return None
    name = outputs[-1]
    stats = m.activations[name]
    pinned = stats["saturated"][-1]
    trend = loss_trend(m)
    end = trend[1] if trend is not None else (float(m.loss["loss"][-1]) if m.loss["loss"] else None)
    if pinned < SATURATED or end is None or not end > CHANCE_LOSS or no_gradient(m) is not None:
        return None
    evidence = (f"at step {m.steps[-1]} the output {name} is in its flat tails (< 0.01 or > 0.99) for "
                f"{pinned:.0%} of the probe (mean {stats['mean'][-1]:.2f}), while the training loss is "
                f"{short_number(end)}, above the {CHANCE_LOSS:.3f} of answering 0.5 for every sample: "
                f"many of those answers are confidently wrong, and a sigmoid in its tails passes almost "
                f"no gradient back to correct them")
    return problem_unless_it_fits(m, "pinned_output", pinned >= SEVERE_FRACTION, evidence,
                                  "Confidently wrong answers dominate the loss and learn slowly: on "
                                  "data the network does not fit, standardised inputs and a loss "
                                  "computed from the logits keep them learning",
                                  without=remedies_in_place(m))
