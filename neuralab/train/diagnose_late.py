"""The diagnosis of a loss that rose again after it had converged, late in a long run.

    late_rise             the largest jump of the batch loss (``learning_rate_too_high``'s spike: a
                          median of w entries > 10 x the median of all the entries before, to at
                          least a tenth of the initial loss) came when that loss had fallen below
                          1e-3 x the initial loss. ``learning_rate_too_high`` is then silent: the
                          learning rate worked for as long as the loss had something to learn.
                          Its evidence says where the loss had been (the lowest epoch loss the
                          monitor kept, and when) and where it ended. Severe when the last epoch
                          loss is still at least a tenth of the initial loss (it did not recover);
                          a note when the network fits its data anyway. The rate it quotes is that
                          of the run up to the jump (``monitor_rates.py``); "a long run at a constant
                          learning rate" only when it never changed. When the rate rose in the steps
                          the loss jumped at, or before them with the loss up since
                          (``diagnose_loss.blamed_steps``: a learner's larger rate in
                          the playground's box, a callback's ``optimizer.lr = ...``), the jump is the
                          raise's doing: the evidence names the change, and the rate before it comes
                          first among the remedies (``back_to``).

Why a converged run jumps, with Adam (and RMSProp): its step is

    Δθ = −η · m̂ / (√v̂ + ε),   m̂ and v̂ the bias-corrected running means of g and g²,

which does not shrink as the gradients vanish: √v̂ shrinks with them, so each weight still moves
by up to about η per step, where SGD's η·g would have come to rest. A batch whose gradient is
suddenly far above that running RMS (one sample near the boundary) gets, in every weight it
reaches at once, m̂/√v̂ of about (1 − β1)/√(1 − β2) ≈ 3.2 at the default betas (m = (1 − β1)g,
v ≈ (1 − β2)g²): steps of ~3η, in a network whose logits have grown to tens. Points then cross
the boundary confidently wrong, and a sigmoid output trained with BCELoss passes no gradient back
from a wrong answer at exactly 0 or 1 (``pinned_output``), so they can stay wrong.

Measured: ``neuralab train`` on spiral (2-16-16-1, Adam 0.01, batch 32, float32, seed 0) has a
loss of ~1e-9 and √v̂ ~5e-8 at epoch 5,800; its steps' m̂/(√v̂ + ε) went from ~0.003 to 2.3
(median over the weights; 4.3 at most), the logits from ~50 to 200, and 17 answers were wrong
at exactly 0 or 1. It came back down and rose again several times; after 100,000 epochs it is
1.25 = 2 wrong answers x 100 / 160 samples. torch.optim.Adam with Sigmoid and BCELoss, from the
same weights and batches, does the same (the losses agree to 1e-6 for 200 epochs, then float32
rounding grows; first jump at epoch 5,781 instead of 5,827). On that run, over 30,000 epochs, a
learning rate halved every 1,000 or 2,000 epochs, or eps = 1e-6, gave no jump and a loss of
2e-8 to 2e-11; clipping the gradients to norm 1 did not help (Adam's step does not scale with
the gradient), nor did bce_logits prevent the jumps, but from them it came back down (to 4e-7).
"""
import numpy as np

from ..optim import Adam, RMSProp
from .diagnose_cache import once_per_report
from .diagnose_curve import initial_loss, problem_unless_it_fits
from .diagnose_loss import SPIKE_FLOOR, back_to, blamed_steps, converged_before, raised_before, right_after, rising_spike
from .monitor_rates import at_rates, rates_in_words, rates_over
from .monitor_words import short_loss

# the optimizers that divide their step by a running RMS of the gradient, with the ε of that
# division (the remedy "eps" is Adam's: AdamW is an Adam)
ADAPTIVE = (Adam, RMSProp)


@once_per_report
def late_rise(m):
    spike = rising_spike(m)
    if m.diverged or not converged_before(m, spike):
        return None
    peak, before, step = spike
    initial = initial_loss(m)
    loss = np.asarray(m.epoch_logs.get("loss", []), np.float64)
    epochs, last = "", peak
    if len(loss) and np.isfinite(loss).all():
        best, last = int(np.argmin(loss)), float(loss[-1])
        # the lowest the monitor kept: a long run's epoch logs are thinned (see monitor.py)
        epochs = (f"; the epoch loss was down to {short_loss(m, loss[best])} at epoch "
                  f"{m.epoch_logs['epoch'][best] + 1}, and is {short_loss(m, last)} at the last")
    severe = last >= SPIKE_FLOOR * initial      # not recovered
    jumped = (f"the loss had converged, to {short_loss(m, before)} from {short_loss(m, initial)} at "
              f"initialisation, then the batch loss jumped to {short_loss(m, peak)} around step {step}, "
              f"{peak / before:.3g} times its level before")
    first, end = blamed_steps(m, step)
    raised = raised_before(m, step)
    if raised is not None:
        return _after_a_raise(m, raised, f"{jumped}, {right_after(m, step, raised)} the {rates_in_words(m, first, end)}{epochs}", severe)
    optimizer = (m.params or {}).get("optimizer")
    why = ""
    if isinstance(optimizer, ADAPTIVE):
        why = (f". {type(optimizer).__name__} divides each step by a running RMS of the gradient, which "
               "vanished with it, so its steps stayed near lr as the loss fell, instead of shrinking; a "
               "batch whose gradient is suddenly far above that RMS moves every weight it reaches by "
               "several times lr at once")
    rate = at_rates(m, 1, end)                  # over the run up to the jump: the "long run"
    # constant only where it never changed: a schedule's decay, or a rate typed anew, is no constant rate
    run = "at a constant learning rate" if len(rates_over(m, 1, end)) <= 1 else "whose learning rate no longer falls"
    return problem_unless_it_fits(m, "late_rise", severe, f"{jumped}{', ' + rate if rate else ''}{epochs}{why}",
                                  f"A long run {run} can rise like this again: stop it sooner, or let the "
                                  f"learning rate decay",
                                  without=() if isinstance(optimizer, Adam) else ("eps",))


def _after_a_raise(m, raised, evidence, severe):
    """The late rise that came right after the learning rate was raised (``raised``: the (before, after,
    t) of its largest rise in the steps the loss jumped at): the rate's doing, not a long run's. Its
    remedy is the rate the loss had converged at (a learner typing a larger one into the playground's
    Learning rate box mid-run, or a schedule that raises it), before Adam's ε or a decay."""
    before, after, _ = raised
    return problem_unless_it_fits(m, "late_rise", severe,
                                  f"{evidence}. Steps {after / before:.3g} times as large threw the weights out "
                                  f"of the minimum the loss had found",
                                  "Raising the learning rate once the loss has converged throws it up like "
                                  "this: keep the rate it converged at",
                                  without=("eps",), first=("lr",), instead=back_to(raised))
