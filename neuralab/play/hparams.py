"""The training settings of a scene (its state's ``hparams``): the optimizer, learning rate,
batch size, L1 and L2, dropout, schedule, initial weights and early stopping's patience, each
checked as ``protocol.check_state`` checks the rest of a state, named by its box's label in
what is refused (``HPARAM_WORDS``), and compared as what it does (``same_hparam``).
"""
from . import field_checks as check
from .field_checks import ProtocolError

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
# The initial weights of every Dense layer (hparams.init), names of nn.init: "auto" draws each
# hidden layer's as its activation asks (He for ReLU, Xavier for tanh and sigmoid,
# nn.init.DEFAULT_FOR_ACTIVATION), the others draw every layer's alike, the output's too, so that
# a learner sees what a poor start does: N(0, 0.01²) fades a deep ReLU net's signal layer by
# layer, zeros leave every unit of a layer equal (and a ReLU's gradient 0)
INITS = ("auto", "he_uniform", "xavier_uniform", "normal", "zeros")


def check_hparams(h):
    """The validated (partial) ``hparams`` ``h``: only the keys given, each in range."""
    check.fields(h, "state.hparams", optional=HPARAM_RULES)
    return check.each(h, "hparams", HPARAM_RULES, HPARAM_WORDS)


def schedule(text, name):
    """A schedule's text (None: no schedule) as it reads, refused unless it builds a scheduler."""
    if text is None:
        return None
    text = check.text(text, name, 100)
    try:
        _scheduler(text)
    except (ValueError, TypeError) as err:
        # "step:30:0,5" written for 0.5 is cut at its comma, which joins a warm-up to what follows
        comma = any(part.strip()[:1].isdigit() for part in text.split(",")[1:])
        hint = ("write 0.5 with a point, not a comma: a comma joins a warm-up to the schedule after it" if comma
                else "step:SIZE:GAMMA, cosine:T0:TMULT, exp:GAMMA, inverse:DECAY or warmup:STEPS")
        said = str(err)   # "schedule 'step': ..." names the schedule already: once, by the box's name
        said = f"{name} {said.removeprefix('schedule ')}" if said.startswith("schedule ") else f"{name}: {said}"
        raise ProtocolError(said, hint) from None
    # as it reads, without the spaces and line breaks it allows around ':' and ',' (" step:2\n:0.5"
    # from a link stood so in the state, the share link and the script's list of edits), in lower
    # case as its names and numbers ("1E-3", "inf") read in any. Its digits stay as typed (the
    # page shows them): whether it is another schedule is ``same_hparam``'s to say
    return ",".join(":".join(word.strip() for word in part.split(":")) for part in text.lower().split(","))


def _scheduler(text):
    """The scheduler the schedule ``text`` builds on a stand-in optimizer (ValueError if none).
    What building it warns of is dropped: the stand-in's lr is not the scene's, and the session
    says what the scene's own scheduler warns of (``Session._optimizer``)."""
    from ..nn import Parameter
    from ..nn.user_line import Collected
    from ..optim import SGD, parse_schedule
    with Collected():
        return parse_schedule(text, SGD([Parameter([0.0])], lr=0.1))


MAX_PATIENCE = 1000   # epochs early stopping may wait for a better test loss


def patience(value, name, lo, hi):
    """Early stopping's patience in epochs (hparams.early_stopping; None: off): training stops
    once the test loss has not improved for that many epochs in a row (``training.EarlyStop``)."""
    if value is None:
        return None
    try:
        return check.integer(value, name, lo, hi)
    except ProtocolError as err:
        raise ProtocolError(str(err), "a patience in epochs, or empty to turn early stopping off") from None


HPARAM_RULES = {"optimizer": (check.choice, OPTIMIZERS), "lr": (check.number, 1e-5, 10),
                "batch_size": (check.integer, 1, 1000), "l1": (check.number, 0, 1), "l2": (check.number, 0, 1),
                "dropout": (check.number, 0, 0.9), "schedule": (schedule,), "init": (check.choice, INITS),
                "early_stopping": (patience, 1, MAX_PATIENCE)}
# The hparams as the page's boxes are labelled (static/controls.js): the words of their errors
HPARAM_WORDS = {"optimizer": "Optimizer", "lr": "Learning rate", "batch_size": "Batch size", "l1": "L1",
                "l2": "L2", "dropout": "Dropout", "schedule": "Schedule", "init": "Initial weights",
                "early_stopping": "Early stop"}


def same_hparam(key, a, b):
    """Whether the hparam ``key`` holds the same setting in ``a`` and ``b`` (two checked states'
    hparams). A schedule is compared as what it schedules: the same kinds with the same numbers,
    however written ("step:2:0.50", "step:02:.5" and "step:2:0.5"; "step:2" and "step:2:0.1", the
    default γ), as ``read_schedule`` reads them (a warm-up's next schedule too; an inverse-time
    decay's rate, which its LambdaLR's state does not hold); "step:2:0.50" after "step:2:0.5"
    restarted the optimizer (Adam's moments lost) and stood in the run's edits as a change."""
    if key != "schedule" or a[key] is None or b[key] is None:
        return a[key] == b[key]
    from ..optim.schedule_text import read_schedule
    return read_schedule(a[key]) == read_schedule(b[key])
