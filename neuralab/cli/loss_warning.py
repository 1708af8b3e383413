"""The warning ``neuralab train`` prints of its epochs' training losses (``loss_warning``): a loss
that rose late, did not fall, stayed flat, or was still falling when the epochs ran out; and the
hidden layer that gives one output for every sample (``stuck_hidden_layer``), which a flat loss
may come from."""
import numpy as np

from .. import nn
from ..train.diagnose_falling import MIN_EPOCHS
from ..train.diagnose_late import ADAPTIVE
from ..train.diagnose_loss import CONVERGED, LEARNT
from ..train.remedies import HOW, schedule_said
from ..train.usual_learning_rates import FAR_ABOVE_USUAL
from .report import number


RISE = 1 / CONVERGED   # a loss that fell by this from its first epoch, then rose by it again, rose late
# A loss that moves by at most this fraction of its first epoch's over the whole run stayed where it
# was: what is left is the rounding of its sum over the batches (float32: about 1e-8 of it)
FLAT = 1e-6


# A loss still falling at its end at least 1/SLOWED of its fastest pace has not levelled off: a run
# that converged falls 20 to 100 times more slowly at its end than at its start
SLOWED = 20


def loss_warning(losses, optimizer, clip_norm=None, usual_lr=None, stuck=None, init=None, frozen=False,
                 advised=None, cut_short=False):
    """The warning a run prints of its epochs' training ``losses``, or None. A loss that fell to
    a thousandth of its first epoch's, then rose a thousandfold again: a long run at a constant
    learning rate, whose Adam or RMSProp steps stay near lr as the gradients vanish (the
    Monitor's ``late_rise``, whose remedies it gives); "did not fall", which said "try a lower
    learning rate", was wrong of it, or silent when it ended below the first epoch. A loss that
    fell, but little, and was still falling as the epochs ran out (``not_converged``): more epochs,
    or, below the optimizer's ``usual_lr``, a higher learning rate; not for a run ``cut_short``
    (early stopping, Ctrl-C), which had epochs left. A loss that
    stayed where it was, |loss − loss₁| ≤ FLAT·loss₁ at every epoch, has one of three causes:
    a hidden layer ``stuck`` (``stuck_hidden_layer``'s answer, or a function giving it, called only
    for a loss that did not fall: it costs a forward pass), which makes the network's output the same
    for every sample, from ``init`` "zeros" or from a step too large that killed its ReLUs; a
    learning rate FAR_ABOVE_USUAL times the optimizer's ``usual_lr`` or more, whose steps saturate the
    units; else steps too small to move the weights (--lr 1e-30, or gradients clipped to a
    ``clip_norm`` of 1e-30), where a lower learning rate, which it was told, makes them smaller
    still. Else a loss that never fell below its first epoch's: a step too large jumps over
    every valley (and kills ReLUs: a ``stuck`` layer is named), unless the layer is stuck from
    ``init`` "zeros", whose equal units no step size parts (moons under Adam's default rate
    ended a hair above its first epoch and was told a lower one). A flat loss of a run
    ``frozen`` (``History.frozen``) gets none: fit's ``FrozenTrainingWarning``, or with --monitor
    the Monitor's report, said it, with its cause and fixes, where this one told a run whose every
    gradient was 0 that its steps were too small. When a finding printed with the run says why the
    loss did not fall, or fell slowly, and what to do (``advised``: where it is, "see the warning
    above", or what it is), the line keeps its fact and points there: --lr 10 read "lower the learning rate" twice."""
    if len(losses) < 2:
        return None
    lowest = min(range(len(losses)), key=losses.__getitem__)
    if RISE * losses[lowest] < losses[0] and losses[-1] > RISE * losses[lowest] and RISE * losses[-1] > losses[0]:
        why = (f"with the gradients near 0, {type(optimizer).__name__}'s steps stay near the learning rate; "
               if isinstance(optimizer, ADAPTIVE) else "")
        return (f"the training loss fell to {number(losses[lowest])} (epoch {lowest + 1}), then rose again "
                f"to {number(losses[-1])} by the last epoch: {why}try a decaying learning rate "
                f"({schedule_said('decay', len(losses))['cli']}, halving it within this run) or fewer "
                f"epochs ({HOW['cli']['epochs']} {lowest + 1}); --monitor says more")
    flat = max(abs(loss - losses[0]) for loss in losses) <= FLAT * abs(losses[0])
    if flat and frozen:
        return None
    if not flat and losses[-1] < losses[0]:
        return None if cut_short or not not_converged(losses) else _not_converged_text(losses, optimizer, usual_lr,
                                                                                        advised)
    if advised:   # the cause and the fixes are said there: this line keeps the fact
        fact = (f"stayed at {number(losses[0])} from the first epoch to the last" if flat else
                f"did not fall ({number(losses[0])} in the first epoch, {number(losses[-1])} in the last)")
        return f"the training loss {fact}: {advised}"
    stuck = stuck() if callable(stuck) else stuck   # a forward pass: only for a loss that did not fall
    large = usual_lr is not None and optimizer.lr >= FAR_ABOVE_USUAL * usual_lr
    lower = f"a lower learning rate (now {optimizer.lr:g})" + (f", such as this optimizer's usual {usual_lr:g}"
                                                               if large else "")
    said = f"{_stuck_text(*stuck)}; " if stuck else ""
    # units a zero start made equal stay equal at any step size, the loss flat or not
    zeros = "--init zeros starts them so: leave --init out for the default" if stuck and init == "zeros" else None
    if flat:
        flat = f"the training loss stayed at {number(losses[0])} from the first epoch to the last: "
        if zeros:
            return f"{flat}{said}{zeros}"
        if stuck:
            leaky = ", or --activation leaky_relu, whose units never stop passing a gradient" if stuck[1] else ""
            return f"{flat}{said}try {lower}{leaky}"
        if large:
            return (f"{flat}at this learning rate the steps are not too small: the network's units or its output "
                    f"saturated, where the gradient is 0; try {lower}")
        larger = (f"a --clip-norm that is not tiny (now {clip_norm:g}), or a larger learning rate "
                  f"(now {optimizer.lr:g})" if clip_norm is not None else f"a larger learning rate (now {optimizer.lr:g})")
        return f"{flat}the steps were too small to change it; try {larger}"
    return (f"the training loss did not fall ({number(losses[0])} in the first epoch, {number(losses[-1])} "
            f"in the last): {said}{zeros or f'try {lower}'}")


def _not_converged_text(losses, optimizer, usual_lr, advised=None):
    """The warning of a run whose ``losses`` had not converged (``not_converged``): more epochs,
    and a higher learning rate when the rate is below the optimizer's ``usual_lr`` (at it or
    above, the epochs ran out: a higher one risks the jumps of a step too large); the fact alone,
    pointing to them, when a finding printed with the run gives those (``advised``)."""
    fact = (f"the training loss was still falling when the epochs ran out, and had fallen little "
            f"({number(losses[0])} in the first epoch, {number(losses[-1])} in the last)")
    if advised:
        return f"{fact}: {advised}"
    higher = ""
    if usual_lr is None or optimizer.lr < usual_lr:
        usual = f", such as this optimizer's usual {usual_lr:g}" if usual_lr else ""
        higher = f" or a higher learning rate ({HOW['cli']['lr']}, now {optimizer.lr:g}){usual}"
    return f"{fact}: training has not converged; try more epochs ({HOW['cli']['epochs']}, now {len(losses)}){higher}"


def not_converged(losses):
    """Whether the epoch ``losses`` of a run fell little and were still falling as it ended: the last
    is above LEARNT (half) of the first (a run that learns its data falls 4 to 10,000-fold: checkerboard,
    spiral, iris at their defaults), and the fall over the last tenth of the epochs (between the means
    over it and over the tenth before) is at least 1/SLOWED of the fastest fall over any tenth. Spiral at
    Adam's lr 1e-5, 0.6829 -> 0.6661 in 300 epochs, still fell at half its fastest pace; at SGD's lr 0.001,
    a twelfth; a noisy floor (Gaussians of noise 6 under SGD, 0.61 of its first loss) at a twentieth or less,
    its means wobbling. Needs MIN_EPOCHS epochs (5) to tell a pace."""
    loss = np.asarray(losses, np.float64)
    if len(loss) < MIN_EPOCHS or not np.isfinite(loss).all() or not loss[-1] > LEARNT * loss[0]:
        return False
    w = max(1, len(loss) // 10)
    means = np.convolve(loss, np.ones(w) / w, mode="valid")   # means[i]: over epochs i to i + w - 1
    falls = means[:-w] - means[w:]                            # each fall over w epochs
    return bool(falls[-1] > 0 and SLOWED * falls[-1] >= falls.max())


def _stuck_text(layer, dead):
    """The words for hidden ``layer`` (counting from 1), which gives one output for every sample
    (``stuck_hidden_layer``); ``dead``: its ReLUs output 0."""
    return (f"every unit of hidden layer {layer} gives the same output for every training sample"
            f"{' (0: dead ReLUs)' if dead else ''}, so the network gives the same output for every sample")


def stuck_hidden_layer(model, X, rows=4096):
    """(k, dead) for the first hidden layer k (counting from 1) of ``model`` whose every unit
    gives the same output for every row of ``X``, past which the network's output is the same
    for every row (nothing after it sees the input): ReLUs all dead (``dead``: 0 for every row,
    and then no gradient passes them either), units saturated, or the equal units of --init
    zeros; None when every hidden layer varies. One forward pass, ``rows`` rows at a time, each
    layer's outputs compared with those of the first row."""
    last_dense = max(i for i, layer in enumerate(model.layers) if isinstance(layer, nn.Dense))
    hidden = [i for i, layer in enumerate(model.layers[:last_dense]) if isinstance(layer, nn.Activation)]
    varies, first = dict.fromkeys(hidden, False), {}
    with np.errstate(all="ignore"):   # a model trained with a large learning rate may overflow
        for start in range(0, len(X), rows):
            a = X[start:start + rows]
            for i, layer in enumerate(model.layers[:last_dense]):
                a = layer(a)
                if i in varies:
                    first.setdefault(i, a[0])
                    varies[i] = varies[i] or bool((a != first[i]).any())
    for k, i in enumerate(hidden, 1):
        if not varies[i]:
            return k, isinstance(model.layers[i], nn.ReLU) and not first[i].any()
    return None
