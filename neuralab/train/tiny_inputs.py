"""Inputs far below unit scale as a whole, said by ``fit`` itself at the end of a run that does not
fit its training data: without a ``train.Monitor``, such a run ended without a word.

The case is pixels divided by 255 twice (``data.load("mnist")`` gives them divided once, and a Keras
tutorial's ``x_train / 255.0`` divides them again: 0 to 0.0039), or standardised columns divided by
1000. z = W x + b of the first layer is then about b for every input, and a tiny spread needs
weights of 1/σ before a column moves z at all: digits divided by 16, then by 255, ended 10 epochs of
Adam at 42 % training accuracy, where digits divided by 16 alone reach 92 %.

One judge and one set of words with the Monitor's finding (``diagnose_inputs.unscaled_inputs``):

    tiny     every column that varies, of the inputs the first weight layer takes of the X fit
             trained on (``first_layer_inputs``: all of X, or rows of it run through a Flatten or a
             Standardize in front), reaches |x| <= 0.01 at most (``input_scale.tiny_reach``)
    unfit    the run does not fit its training data (``diagnose_curve.fits``): its last epoch's
             training accuracy or R² is below 0.99, or, where fit logged neither, its loss did not
             fall 100-fold from the first epoch to the last. A run that fits lost nothing to them.

Told once a fit, by a ``TinyInputsWarning`` laid out as fit's warning of a frozen run is: its first
line the problem and the first fix, then, indented, the evidence and what else to try, unless a Monitor watches, whose report says it;
nor after a divergence or a frozen run, whose own warnings say what stopped it. No built-in dataset
is tiny, as loaded or standardised (their 0/1 flags and one-hot classes reach 1), so the warning
stays silent on all of them. One pass over X (or a sample of it), at the end of an unfit run only.
"""
from ..nn.user_line import warn
from .diagnose_curve import fits, metric_in
from .diagnose_inputs import pixel_remedies_left_out, unfit_in_words
from .diagnosis import problem
from .first_layer_inputs import first_layer_columns
from .input_scale import KINDS, looks_like_pixels, tiny_in_words, tiny_reach
from .monitor import watched


FIRST_LOOK = 1024   # rows of X looked at first, which clear most runs (see ``warn_tiny_inputs``)


class TinyInputsWarning(UserWarning):
    """fit's inputs are far below unit scale as a whole and the network does not fit its training
    data (``warn_tiny_inputs``)."""


def warn_tiny_inputs(net, X, history, callbacks):
    """Warn, at the end of the fit of ``net`` on ``X`` that ``history`` records, of inputs far below
    unit scale in a run that does not fit its training data (see the module docstring)."""
    loss = history.history.get("loss") or []
    if watched(callbacks) or history.diverged or history.frozen or not loss:
        return
    metric = metric_in(history.history)
    if fits(metric, loss[0], loss[-1]):
        return
    # FIRST_LOOK rows first, evenly spaced: a column that varies past ±0.01 in them does so in X too,
    # so most unfit runs are cleared in a few milliseconds (all of the dense benchmark's 20,000 rows
    # of 784 took 95 ms, a third of an epoch); only inputs tiny there are judged on all of X
    if len(X) > FIRST_LOOK and not _tiny(net, X[::-(-len(X) // FIRST_LOOK)]):
        return
    inputs = first_layer_columns(net, X)
    if inputs is None or tiny_reach(inputs) is None:
        return
    pixels = looks_like_pixels(inputs, X.ndim > 2)
    n, rows = len(inputs["mean"]), inputs["rows"]
    over = f"all {rows} training rows" if rows == len(X) else f"{rows} of the {len(X)} training rows"
    # the Monitor's finding, in its words and with its remedies: the problem and the first fix, then
    # the numbers behind it, then what else to try
    finding = problem("unscaled_inputs", False,
                      f"the inputs the first weight layer takes ({n} columns, over {over}): "
                      f"{tiny_in_words(inputs, pixels)}; {unfit_in_words(metric)}",
                      without=pixel_remedies_left_out(pixels, tiny=True))
    fix, *tries = finding.advice()
    warn(TinyInputsWarning("\n".join([f"the inputs are {KINDS['tiny']}; {fix}", f"  evidence: {finding.evidence}",
                                      *(["  try:"] + [f"    - {t}" for t in tries] if tries else [])])))


def _tiny(net, X):
    """Whether the inputs ``net``'s first weight layer takes of ``X`` are far below unit scale."""
    inputs = first_layer_columns(net, X)
    return inputs is not None and tiny_reach(inputs) is not None
