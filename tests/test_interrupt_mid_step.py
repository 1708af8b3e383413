"""A Ctrl-C that lands inside ``optimizer.step()``, after some parameters were updated and before
the others: fit leaves the model and the optimizer as that step left them, whole. Before, the
KeyboardInterrupt left half of the weights and moments of the new step and half of the old one,
and ``fit(..., optimizer=model.optimizer)`` went on from weights that no step ever gave."""
import signal
import sys
import types

import numpy as np
import pytest

from neuralab import nn, optim
from neuralab.train import LambdaCallback

pytestmark = pytest.mark.usefixtures("ctrl_c_as_python_sets_it")   # (see conftest.py)

BATCH, STEPS, AT = 8, 5, 3   # 5 batches of 8, the Ctrl-C in the 3rd update


def _data():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, BATCH * STEPS)
    X = rng.standard_normal((len(y), 2)).astype(np.float32) + 2 * (2 * y[:, None] - 1)
    return X, y


def _model():
    return nn.MLP([2, 8, 8, 1], activation="tanh", output="sigmoid", rng=np.random.default_rng(0))


def _interrupting(cls, at):
    """``cls`` whose ``at``-th step gets a Ctrl-C (a real SIGINT) halfway through its update: the
    first half of every flat array written, the second half not yet."""
    class Halfway(cls):
        def update(self, p, state, t):
            if self.t != at:
                return super().update(p, state, t)
            half = p.data.size // 2
            for part in (slice(None, half), slice(half, None)):
                view = types.SimpleNamespace(data=p.data[part], grad=p.grad[part])
                super().update(view, {name: a[part] for name, a in state.items()}, t)
                if part.stop == half:
                    signal.raise_signal(signal.SIGINT)   # Python raises KeyboardInterrupt right here
    return Halfway


def _same_state(a, b):
    """Whether two ``state_dict()``s hold the same step counts, options and buffers, bit for bit."""
    assert a["t"] == b["t"] and a["param_groups"] == b["param_groups"]
    assert a["state"].keys() == b["state"].keys()
    for k in a["state"]:
        assert a["state"][k].keys() == b["state"][k].keys()
        for name, value in a["state"][k].items():
            np.testing.assert_array_equal(value, b["state"][k][name], err_msg=f"state {k} {name}")


@pytest.mark.skipif(sys.platform == "win32", reason="signal.raise_signal's SIGINT ends a Windows process")
@pytest.mark.parametrize("cls, options", [(optim.SGD, {"lr": 0.1, "momentum": 0.9}), (optim.Adam, {"lr": 0.05})])
def test_a_ctrl_c_inside_a_step_leaves_that_step_whole(cls, options):
    X, y = _data()
    kwargs = dict(loss="bce", batch_size=BATCH, shuffle=False, verbose=0, seed=0)
    interrupted = _model()
    opt = _interrupting(cls, AT)(interrupted.parameters(), **options)
    with pytest.raises(KeyboardInterrupt) as caught:
        interrupted.fit(X, y, optimizer=opt, epochs=2, **kwargs)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler   # fit gives it back
    # the same first AT steps, uninterrupted: every weight and every moment of the AT-th step
    done = _model()
    done_opt = cls(done.parameters(), **options)
    done.fit(X[:AT * BATCH], y[:AT * BATCH], optimizer=done_opt, epochs=1, **kwargs)
    for a, b in zip(interrupted.parameters(), done.parameters(), strict=True):
        np.testing.assert_array_equal(a.data, b.data, err_msg=a.name)
    _same_state(opt.state_dict(), done_opt.state_dict())
    assert caught.value.__notes__[0].startswith(f"fit was interrupted after {AT} updates, with 0 of 2 epochs")
    assert not any(p.grad.any() for p in interrupted.parameters())


@pytest.mark.skipif(sys.platform == "win32", reason="signal.raise_signal's SIGINT ends a Windows process")
def test_a_handler_of_your_own_runs_once_the_step_is_done():
    # neuralab train's: the first Ctrl-C asks training to stop after the batch, raising nothing
    X, y = _data()
    model = _model()
    opt = _interrupting(optim.SGD, AT)(model.parameters(), lr=0.1)
    seen, weights = [], []

    def ask_to_stop(signum, frame):
        seen.append(opt.t)
        weights.extend(p.data.copy() for p in model.parameters())   # what the handler sees
        model.stop_training = True

    before = signal.signal(signal.SIGINT, ask_to_stop)
    try:
        history = model.fit(X, y, loss="bce", optimizer=opt, epochs=2, batch_size=BATCH, verbose=0,
                            callbacks=LambdaCallback(on_batch_end=lambda batch, logs: seen.append("batch end")))
        assert signal.getsignal(signal.SIGINT) is ask_to_stop
    finally:
        signal.signal(signal.SIGINT, before)
    assert seen == ["batch end"] * (AT - 1) + [AT, "batch end"]   # once, after the step, before its callbacks
    assert opt.t == AT and history.epoch == [0]
    for seen_then, p in zip(weights, model.parameters(), strict=True):   # the step whole, not half of it
        np.testing.assert_array_equal(seen_then, p.data)
