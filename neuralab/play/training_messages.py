"""What the playground tells the page about training, in the page's words: why it cannot start
(``too_few_points``: no training point, or fewer than a BatchNorm block normalises over), what
``fit`` warned of about the scene's data (``warning``), a loss the learning rate threw up
(``loss_notice``), why a fit stopped, its rows named as the
file numbers them (``in_file_terms``) and its moment as the readout numbers it (``in_readout_terms``),
and what to do next (``stop_words``, ``stop_suggestion``). The training
thread (``training.py``) sends them; the session and its controls refuse play with the first.
"""
import re

from ..train.divergence import in_own_terms
from .protocol import ProtocolError, error, min_batch


def too_few_points(n, state):
    """The refusal (a ``ProtocolError``) of training on ``n`` training points, fewer than a batch
    of the state's network needs: none (an empty drawing), or one where a BatchNorm block needs
    two; None when there are enough."""
    need = min_batch(state)
    if not n:
        return no_training_points()
    if n < need:
        return ProtocolError(f"the BatchNorm block needs at least {need} training points to normalise "
                             f"over, and there is {n}", "add training points (draw them, or raise the "
                             "samples or the training share), or remove the BatchNorm block")
    return None


def no_training_points():
    """The refusal of what needs a training point, while a drawing has none."""
    return ProtocolError("there are no training points yet", "click on the plane to add some")


def warning(text, scene_id, suggestion=""):
    """What the library warned of about the data of the scene ``scene_id``, for the page: a
    non-fatal ``error`` of kind "warning" that the page shows while it shows that scene."""
    return {**error(text, suggestion, kind="warning"), "scene_id": scene_id}


# the monitor's findings of the loss curve that blame the step size (diagnose_loss.py, diagnose_late.py):
# a jump of the batch loss, a loss above its start or one that oscillates, and the same jump from a
# loss that had converged
LOSS_THROWN_UP = ("learning_rate_too_high", "late_rise")


def loss_notice(diagnosis, monitor):
    """The notice line's words for ``diagnosis``, a finding of ``monitor``'s report, said under the
    header where the learner watching the board looks (``lr-notice.js``): its title and its remedy
    of a lower learning rate, "Learning rate too high. Try: lower the learning rate (divide it by 3
    to 10): the Learning rate box."; when the loss was thrown up after the rate rose and stayed up
    since (``diagnose_loss.blamed_steps``), the rate before the rise to go back to (``back_to``),
    "Try: go back to 0.03, the learning rate before it rose to 10, or lower: the Learning rate
    box.", read from the rate of every step (``Monitor.lr_changes``), not from the records every
    400 steps, which miss a rate typed in between. None for any other finding, a note (a jump the network recovered from) and a
    divergence, which the banner says with its advice."""
    if diagnosis.name not in LOSS_THROWN_UP or diagnosis.severity == "info" or monitor.diverged:
        return None
    lower = next((r.in_terms("play") for r in diagnosis.remedies if getattr(r, "key", None) == "lr"), None)
    return None if lower is None else f"{diagnosis.title}. Try: {lower}."


# fit's advice to lower the rate, "try a lower learning rate (now 3)" (``divergence.divergence_advice``)
LOWER_RATE = re.compile(r"try a lower learning rate \(now ([^)]*)\)")


def in_page_terms(lr):
    """Fit's advice to lower the learning rate ``lr`` (its words, "3"), as the page says it: the box to use."""
    return f"type a learning rate lower than {lr} into the Learning rate box"


def stop_words(message, kind, cause, lr, overflow=None):
    """The banner's words when a fit ended, (message, suggestion): what happened, then what to do
    (``stop_suggestion``). Fit's stop reason of a divergence it blames on the learning rate reads
    "<what>; <advice>", its advice ending "try a lower learning rate (now 3)": that advice moves to
    the suggestion, said once and in the page's words, "type a learning rate lower than 3 into the
    Learning rate box and press play, or reset" (the banner said the advice, then the page's
    suggestion said it again)."""
    advice = None
    if kind == "diverged" and cause == "learning_rate" and "; " in message:   # ("<what>" holds no "; ")
        message, advice = message.split("; ", 1)
        advice = LOWER_RATE.sub(lambda said: in_page_terms(said[1]), advice)
    return message, stop_suggestion(kind, cause, lr, overflow, advice)


def stop_suggestion(kind, cause, lr, overflow=None, advice=None):
    """What the page suggests when a fit ended on an error (``kind`` None) or a divergence: a lower
    learning rate only where it can be the cause (a DivergenceWarning that names no cause, raised
    elsewhere, keeps that suggestion), the data where fit's stop reason blames the data; a reset
    first where the weights it stopped with take ``overflow`` past the float range before any
    step (``overflowing``): play on them would diverge again at once, whatever the learning rate.
    ``advice``: fit's advice where it blames the learning rate, in the page's words (``stop_words``)."""
    if kind != "diverged":
        return "change the settings and press play"
    lower = {"learning_rate": advice or in_page_terms(f"{lr:g}"),
             None: f"lower the learning rate (now {lr:g})"}.get(cause)
    if overflow:
        return (f"{lower + ' and ' if lower else ''}press Reset the weights, not play: the weights it stopped "
                f"with already take {overflow} past the float range before any step, whatever the learning rate")
    if cause == "validation_row":
        return ("fix or leave out that row of the test data in the CSV file and upload it again: the "
                "learning rate is not the cause")
    if cause in ("inputs", "targets"):
        return ("scale the data's values down (standardise them) and upload it again: the learning rate "
                "is not the cause")
    return f"{lower} and press play, or reset"


def in_file_terms(text, found, data):
    """A stop reason in the page's words: X_val is the test part, and a row of it far past the
    training data (``found``: its row, value and bound as fit saw them; None if it names none)
    is said by ``Data.far_past_words``."""
    return in_own_terms(text, found, found and data.far_past_words(found), "the test part")


def in_readout_terms(text, epoch, step):
    """A stop reason whose moment the page's readout can be read against: the readout shows the
    epochs and the steps done, "Epoch 0 · step 3" (``epoch``, ``step``: the session's, as the
    readout shows them after the stop), where ``fit`` says the epoch in progress, from 1, and its
    batch ("at epoch 1, batch 4"). The epoch is said as the page's: fit numbers it within its
    own run, and the page starts a fit anew at every change of optimizer or data (fit's epoch 1
    was the page's 12th); then the readout's words: "at epoch 1, batch 4 (step 4: the readout
    stopped at Epoch 0 · step 3)"."""
    readout = f"the readout stopped at Epoch {epoch} · step {step}"
    text = re.sub(r"at epoch \d+, batch (\d+)", rf"at epoch {epoch + 1}, batch \1 (step {step + 1}: {readout})", text)
    # found at an epoch's end (its last update, the test part's outputs), before the page counted it
    return re.sub(r"(after|of) epoch \d+", rf"\1 epoch {epoch + 1} ({readout})", text)
