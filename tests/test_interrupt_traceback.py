"""What a Ctrl-C's traceback shows of fit (a notebook's stop button is one): fit's line, not the
frames of neuralab, tqdm and ipykernel below it, which told a learner nothing; but the learner's
own code, when it is where the interrupt landed, as that is where their run was stopped."""
import os
import re
import signal
import sys
import threading
import traceback

import numpy as np
import pytest

from neuralab import nn
from neuralab.train import LambdaCallback

pytestmark = pytest.mark.usefixtures("ctrl_c_as_python_sets_it")   # (see conftest.py)

FIT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(nn.__file__))), "train", "fit.py")


def _data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2)).astype(np.float32)
    return X, (X[:, 0] > 0).astype(int)


needs_sigint = pytest.mark.skipif(sys.platform == "win32", reason="a SIGINT sent with os.kill ends a Windows process")


def _ctrl_c_in_fit():
    """The KeyboardInterrupt of a real SIGINT, as the terminal or the kernel sends it, while fit runs
    (it would take minutes)."""
    model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    ctrl_c = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    ctrl_c.start()
    try:
        with pytest.raises(KeyboardInterrupt) as caught:
            model.fit(*_data(), loss="bce", optimizer="adam", epochs=100_000, batch_size=8, verbose=0)
    finally:
        ctrl_c.cancel()
    return caught.value


def _as_ipython_shows(err):
    """A notebook's traceback of ``err``: IPython's, in the kernel's default (Context) mode, uncoloured."""
    ultratb = pytest.importorskip("IPython.core.ultratb")
    shown = ultratb.VerboseTB(include_vars=False).text(type(err), err, err.__traceback__)
    return re.sub(r"\x1b\[[0-9;]*m", "", shown)


@needs_sigint
def test_a_ctrl_c_in_neuralab_s_code_ends_its_traceback_at_fit_s_line():
    err = _ctrl_c_in_fit()
    last = traceback.extract_tb(err.__traceback__)[-1]
    assert (last.filename, last.name) == (FIT, "fit")
    assert err.__notes__[0].startswith("fit was interrupted after ")


@needs_sigint
def test_a_notebook_and_pytest_show_no_frame_of_the_model_method_between_the_call_and_fit():
    # model.fit hands the call to train.fit: its two frames (the door and the method) said nothing
    err = _ctrl_c_in_fit()
    shown = _as_ipython_shows(err)
    assert "_ctrl_c_in_fit" in shown and f"{FIT}:" in shown and "model_methods.py" not in shown
    caught = pytest.ExceptionInfo.from_exception(err)
    kept = caught.traceback.filter(caught)     # the frames a failing test's report shows
    assert [os.path.basename(entry.path) for entry in kept] == ["test_interrupt_traceback.py", "fit.py"]


def test_a_ctrl_c_in_the_learner_s_own_code_keeps_its_frames():
    def stopped_here(batch, logs):
        raise KeyboardInterrupt   # as a Ctrl-C landing in a callback of one's own

    model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    with pytest.raises(KeyboardInterrupt) as caught:
        model.fit(*_data(), loss="bce", optimizer="adam", epochs=2, batch_size=8, verbose=0,
                  callbacks=[LambdaCallback(on_batch_end=stopped_here)])
    frames = traceback.extract_tb(caught.value.__traceback__)
    assert frames[-1].name == "stopped_here" and (FIT, "fit") in [(f.filename, f.name) for f in frames]
