"""fit's progress bar in a Jupyter notebook, with and without ipywidgets, and after a run that
stopped early. No kernel runs here: a notebook is what tqdm.auto looks for (ipykernel's shell
module loaded, IPython's shell), and ipywidgets is replaced by the few attributes tqdm's widget
sets, so that the test shows what a learner's notebook would: widget or text, colour, stream."""
import io
import os
import subprocess
import sys
import types
import warnings

import numpy as np
import pytest

from neuralab import nn

TQDM_AUTO = ("tqdm.auto", "tqdm.autonotebook", "tqdm.notebook")  # imported again in each notebook


class Widget:
    """What tqdm.notebook reads and sets of an ipywidgets HTML, FloatProgress or HBox."""

    def __init__(self, children=(), min=0, max=0):
        self.children, self.min, self.max = list(children), min, max
        self.value, self.bar_style = None, ""
        self.layout, self.style = types.SimpleNamespace(), types.SimpleNamespace()

    def close(self):
        pass


class ZMQInteractiveShell:
    """IPython's shell in a Jupyter kernel, by the class name tqdm.auto checks, and by the kernel
    application in its config, which tqdm.auto checks instead in tqdm 4.63 to 4.67."""

    config = {"IPKernelApp": {}}


class Shown(list):
    """What IPython's ``display`` was asked to show, in order, and in ``updated`` the text (a
    notebook's text/plain) of what each display was updated with, by ``display_id``."""

    def __init__(self):
        super().__init__()
        self.updated = []

    def display(self, obj, display_id=None):
        self.append(obj)
        return types.SimpleNamespace(update=lambda new: self.updated.append(repr(new))) if display_id else None


def notebook_modules(widgets, shown):
    """The modules a Jupyter kernel has loaded, by name, for ``sys.modules``: ipykernel's shell,
    IPython (whose ``display`` appends to ``shown``, a Shown) and, if ``widgets``, ipywidgets
    (None stands for a module that is not installed)."""
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = ZMQInteractiveShell
    display = types.ModuleType("IPython.display")
    display.display = shown.display
    ipywidgets = None
    if widgets:
        ipywidgets = types.ModuleType("ipywidgets")
        ipywidgets.HTML = ipywidgets.FloatProgress = ipywidgets.HBox = Widget
    return {"ipykernel.zmqshell": types.ModuleType("ipykernel.zmqshell"), "IPython": ipython,
            "IPython.display": display, "ipywidgets": ipywidgets}


@pytest.fixture
def notebook(monkeypatch):
    """``notebook(widgets)`` makes this process look like a Jupyter kernel, for tqdm.auto imported
    anew; returns the list of what the kernel is asked to display."""
    def enter(widgets):
        shown = Shown()
        for name, module in notebook_modules(widgets, shown).items():
            monkeypatch.setitem(sys.modules, name, module)
        for name in TQDM_AUTO:
            monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.delenv("QT_API", raising=False)  # tqdm.auto's sign of a Qt console
        return shown
    return enter


def _blobs(n=40):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, 2))
    return X, (X[:, 0] > 0).astype(int)


def _fit(epochs=10, stop_after=None, interrupt_at=None, **kwargs):
    """A 10-batch-an-epoch fit, asked to stop after epoch ``stop_after`` (1-based) or interrupted
    (Ctrl-C) at the end of batch ``interrupt_at``, before the bar counts it."""
    from neuralab.train import LambdaCallback

    def stop(epoch, logs):
        if epoch + 1 == stop_after:
            model.stop_training = True

    def interrupt(batch, logs):
        if batch + 1 == interrupt_at:
            raise KeyboardInterrupt
    model = nn.MLP([2, 1], output="sigmoid")
    callbacks = [LambdaCallback(on_epoch_end=stop, on_batch_end=interrupt)] + kwargs.pop("callbacks", [])
    return model.fit(*_blobs(), loss="bce", optimizer="sgd", epochs=epochs, batch_size=4,
                     callbacks=callbacks, **kwargs)


def test_a_run_stopped_early_ends_its_bar_where_it_stopped_and_says_so():
    # it jumped to 100 % ("epoch 3/10: 100%| 30/30"), as if the run had ended as planned
    from neuralab.train import ProgressBar
    out = io.StringIO()
    bar = ProgressBar(file=out)
    history = _fit(stop_after=3, verbose=0, callbacks=[bar])
    assert history.epoch == [0, 1, 2]
    assert (bar.bar.n, bar.bar.total) == (30, 100)
    last = out.getvalue().split("\r")[-1]
    assert last.startswith("epoch 3/10, stopped:  30%|") and "| 30/100 " in last


@pytest.mark.parametrize("stop_at, words", [
    ((3, 0), "epoch 3/10, stopped:  30%|"),   # asked during epoch 3's validation: epoch 4 never ran a batch
    ((1, 5), "epoch 2/10, stopped:  15%|"),   # asked within epoch 2, as Ctrl-C stops it, after its 5th batch
])
def test_a_bar_stopped_names_the_last_epoch_that_ran(stop_at, words):
    from neuralab.train import LambdaCallback, ProgressBar
    out = io.StringIO()
    bar = ProgressBar(file=out)
    model = nn.MLP([2, 1], output="sigmoid")
    where = {"epoch": None}

    def note_epoch(epoch, logs):
        where["epoch"] = epoch
        if stop_at == (epoch, 0):
            model.stop_training = "asked before the epoch's first batch"

    def at_batch(batch, logs):
        if stop_at == (where["epoch"], batch + 1):
            model.stop_training = "asked after a batch"
    halt = LambdaCallback(on_epoch_begin=note_epoch, on_batch_end=at_batch)
    model.fit(*_blobs(), loss="bce", optimizer="sgd", epochs=10, batch_size=4, verbose=0, callbacks=[bar, halt])
    assert out.getvalue().split("\r")[-1].startswith(words)


def test_a_callback_refusing_before_the_bar_began_shows_its_own_error():
    # fit closes every bar when training fails: a bar whose on_train_begin never ran (a callback
    # listed before it refused first) has nothing to close, and the refusal is what the user sees
    from neuralab.train import LambdaCallback, ProgressBar

    def refuse(logs):
        raise ValueError("this callback refuses")
    out = io.StringIO()
    bar = ProgressBar(file=out)
    with pytest.raises(ValueError, match="^this callback refuses$"):
        _fit(verbose=0, callbacks=[LambdaCallback(on_train_begin=refuse), bar])
    assert bar.bar is None and out.getvalue() == ""


def test_an_interrupted_run_leaves_its_bar_where_it_broke_off_and_closed():
    # a bar of one's own among the callbacks was left open (fit closed only verbose=1's): in a
    # notebook, whose traceback keeps it alive, every later bar printed below junk
    from neuralab.train import ProgressBar
    out = io.StringIO()
    bar = ProgressBar(file=out)
    with pytest.raises(KeyboardInterrupt):
        _fit(interrupt_at=3, verbose=0, callbacks=[bar])
    assert bar.bar.disable, "the bar is closed"
    assert (bar.bar.n, bar.bar.total) == (2, 100)
    assert out.getvalue().split("\r")[-1].startswith("epoch 1/10:   2%")


def test_in_a_notebook_with_ipywidgets_the_bar_is_a_widget_green_when_stopped_red_when_broken(
        notebook, capsys):
    shown = notebook(widgets=True)
    _fit(stop_after=2)
    with pytest.raises(KeyboardInterrupt):
        _fit(interrupt_at=5)
    stopped, broken = [bar.children for bar in shown]
    assert stopped[0].value.replace("\u2007", " ").startswith("epoch 2/10, stopped:  20%")  # HTML spaces
    assert (stopped[1].bar_style, stopped[1].value, stopped[1].max) == ("success", 20, 100)
    assert (broken[1].bar_style, broken[1].value, broken[1].max) == ("danger", 4, 100)
    assert capsys.readouterr() == ("", "")  # the widgets, and no text besides


def test_a_widget_is_saved_with_the_text_of_its_end(notebook):
    # a notebook saves a widget with its text, which viewers without widgets show (GitHub, VS
    # Code, JupyterLab without the widgets' state): tqdm's, taken at its display, read "0%| 0/100"
    shown = notebook(widgets=True)
    _fit(epochs=2)
    _fit(stop_after=3)
    finished, stopped = shown.updated
    assert finished.startswith("epoch 2/2: 100%|") and "| 20/20 " in finished
    assert stopped.startswith("epoch 3/10, stopped:  30%|") and "| 30/100 " in stopped


def test_in_a_notebook_without_ipywidgets_the_bar_is_a_line_per_epoch_on_stdout_without_tqdm_warning(
        notebook, capsys):
    # tqdm's text bar redraws with carriage returns, each redraw an output of its own in the
    # saved notebook, shown as that many lines where they are not merged
    shown = notebook(widgets=False)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        history = _fit(epochs=2)
    assert [str(w.message) for w in seen] == []
    out, err = capsys.readouterr()
    assert shown == [] and err == ""  # a notebook shows stderr on red, as an error
    logs = [{k: f"{v[epoch]:.4g}" for k, v in history.history.items()} for epoch in range(2)]
    assert out == "".join(f"epoch {e + 1}/2: loss {logs[e]['loss']}, accuracy {logs[e]['accuracy']}\n"
                          for e in range(2))


@pytest.mark.parametrize("epochs, stop_after, said", [
    (20, None, list(range(1, 21))),                          # NOTEBOOK_LINES epochs or fewer: each one
    (100, None, [1] + list(range(5, 101, 5))),               # else every few: the first, every 5th, the last
    (43, None, [1, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 43]),
    (100, 12, [1, 5, 10, 12]),                               # stopped between two lines: where it stopped
])
def test_in_a_notebook_without_ipywidgets_a_long_fit_prints_about_twenty_lines(notebook, capsys, epochs,
                                                                                stop_after, said):
    notebook(widgets=False)
    history = _fit(epochs=epochs, stop_after=stop_after)
    lines = capsys.readouterr().out.splitlines()
    assert [int(line.split()[1].split("/")[0]) for line in lines] == said
    assert all(line.startswith("epoch ") and f"/{epochs}: loss " in line for line in lines)
    assert lines[-1].endswith(f"loss {history.history['loss'][-1]:.4g}, accuracy {history.history['accuracy'][-1]:.4g}")


@pytest.mark.parametrize("every", [0, 1.5, True, "5"])
def test_epoch_lines_every_is_a_whole_number_of_epochs(every):
    from neuralab.train import EpochLines
    with pytest.raises(ValueError, match=rf"^every must be a whole number of epochs ≥ 1, got {every!r}$"):
        EpochLines(every=every)


def test_outside_a_notebook_the_bar_stays_tqdm_s(capsys):
    _fit(epochs=2)
    err = capsys.readouterr().err
    assert "\r" in err and err.split("\r")[-1].startswith("epoch 2/2: 100%|")


def test_a_notebook_without_ipywidgets_hears_nothing_of_them_from_a_fit_without_bar():
    # tqdm.auto, imported with neuralab.train, warned "IProgress not found. Please update
    # jupyter and ipywidgets" in every notebook without them, at the first fit(verbose=0)
    script = ("import sys, warnings; sys.dont_write_bytecode = True\n"  # no .pyc of this file
              f"sys.path.insert(0, {os.path.dirname(__file__)!r})\n"
              "from test_progress import Shown, _fit, notebook_modules\n"
              "sys.modules.update(notebook_modules(widgets=False, shown=Shown()))\n"
              "warnings.simplefilter('always')\n"
              "_fit(epochs=1, verbose=0)\n"
              "_fit(epochs=1, verbose=2)\n"
              "print(sorted(set(sys.modules) & set(sys.argv[1:])))")
    run = subprocess.run([sys.executable, "-c", script, *TQDM_AUTO], capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (0, "")  # no warning, nor any bar
    assert run.stdout.splitlines()[-1] == "[]"  # tqdm.auto never imported


@pytest.mark.parametrize("verbose", [1, 2])
def test_a_bar_of_ones_own_takes_the_place_of_verbose_s(verbose, capsys):
    # ProgressBar(file=sys.stdout) at the default verbose=1 drew a second bar over the first
    # (tqdm's "\x1b[A" cursor moves, junk in a notebook), as EpochLines lines did between them
    from neuralab.train import EpochLines, ProgressBar
    for own in (ProgressBar(file=io.StringIO()), EpochLines(file=io.StringIO())):
        history = _fit(epochs=3, verbose=verbose, callbacks=[own])
        assert len(history.epoch) == 3
        assert capsys.readouterr() == ("", "")  # nothing but the user's own output
        assert "epoch 3/3" in own.file.getvalue()
