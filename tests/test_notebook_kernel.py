"""A learner's notebook, run in a real Jupyter kernel (ipykernel, driven by nbclient as a notebook
page drives it): what each cell leaves in the saved notebook. One kernel runs one notebook; each
test reads a cell's stored outputs: the progress bar, the figures, and a fit stopped by the
kernel's interrupt (the stop button), as a learner sees them."""
import importlib.util
import json
import os
import re
import signal
import sys
import threading

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

import neuralab

REPO = os.path.dirname(os.path.dirname(os.path.abspath(neuralab.__file__)))
WIDGETS = importlib.util.find_spec("ipywidgets") is not None   # tqdm's widget, else lines
INTERRUPT_AFTER = 2.0   # seconds into the long fit: a few epochs done, the run far from its end

CELLS = {
    "setup": """import numpy as np
import neuralab
from neuralab import nn, data
from neuralab.train import plots
neuralab.seed(0)
X, y = data.load("moons", n_samples=200, seed=0)
model = nn.MLP([2, 8, 1], output="sigmoid")
print(neuralab.__file__)""",
    "fit": 'history = model.fit(X, y, loss="bce", optimizer="adam", epochs=3)',
    "plot": "plots.loss_curves(history)",
    "plot_show": """import matplotlib.pyplot as plt
plots.loss_curves(history)
plt.show()""",
    "long_fit": """long = nn.MLP([2, 8, 1], output="sigmoid")
start = [p.data.copy() for p in long.parameters()]
long.fit(X, y, loss="bce", optimizer="adam", epochs=100_000, batch_size=8, verbose=0)""",
    "after": """print(len(long.history.epoch) > 0, long.optimizer.t > 0,
      all(np.isfinite(p.data).all() for p in long.parameters()),
      any((p.data != s).any() for p, s in zip(long.parameters(), start)))
again = long.fit(X, y, loss="bce", optimizer=long.optimizer, epochs=1, verbose=0)
print(len(again.epoch))""",
}


def _kernel_manager(folder):
    """A kernel of this interpreter, which imports this tree's neuralab as the tests do (see
    fresh_python: ``sys.executable``), whatever kernels Jupyter has installed elsewhere."""
    spec = folder / "kernels" / "neuralab-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f",
                                                          "{connection_file}"],
                                                 "display_name": "neuralab's tests", "language": "python"}))
    return AsyncKernelManager(kernel_name="neuralab-test",
                              kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(folder / "kernels")]))


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """The outputs of each cell, by name, once the notebook ran; "long_fit" is interrupted
    INTERRUPT_AFTER seconds in, as the stop button interrupts the kernel."""
    folder = tmp_path_factory.mktemp("notebook")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in CELLS.values()])
    client = NotebookClient(nb, km=_kernel_manager(folder), timeout=60, allow_errors=True,
                            resources={"metadata": {"path": str(folder)}})
    with client.setup_kernel(cwd=str(folder), cleanup_kc=True):   # (a kernel manager given is kept alive)
        for index, (name, cell) in enumerate(zip(CELLS, nb.cells)):
            stop = None
            if name == "long_fit":   # the kernel's interrupt is SIGINT to its process
                stop = threading.Timer(INTERRUPT_AFTER, os.kill, (client.km.provisioner.pid, signal.SIGINT))
                stop.start()
            client.execute_cell(cell, index)
            if stop is not None:
                stop.cancel()
    return {name: cell.outputs for name, cell in zip(CELLS, nb.cells)}


def _streams(outputs, name):
    return "".join(o.text for o in outputs if o.output_type == "stream" and o.name == name)


def _images(outputs):
    return [o for o in outputs if o.output_type in ("display_data", "execute_result") and "image/png" in o.data]


def test_the_kernel_runs_this_tree(ran):
    assert _streams(ran["setup"], "stdout").strip().startswith(os.path.join(REPO, "neuralab"))


def test_the_progress_bar_is_saved_as_one_bar_at_its_end_or_as_lines(ran):
    outputs = ran["fit"]
    assert _streams(outputs, "stderr") == ""   # a notebook shows stderr on red, as an error
    if WIDGETS:   # the widget, saved with the text a viewer without widgets shows: the bar as it ended
        (bar,) = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert bar.data["text/plain"].startswith("epoch 3/3: 100%")
    else:   # a line per epoch: tqdm's text bar saved each redraw as an output, shown as a line each
        stdout = [o for o in outputs if o.output_type == "stream" and o.name == "stdout"]
        lines = _streams(outputs, "stdout").splitlines()
        assert "\r" not in _streams(outputs, "stdout") and len(stdout) <= len(lines) == 3
        assert [line.split(":")[0] for line in lines] == ["epoch 1/3", "epoch 2/3", "epoch 3/3"]
        assert all(re.fullmatch(r"epoch \d/3: loss [\d.e+-]+, accuracy [\d.]+", line) for line in lines)


@pytest.mark.parametrize("cell", ["plot", "plot_show"])
def test_a_plot_shows_once_as_a_picture(ran, cell):
    outputs = ran[cell]
    assert len(_images(outputs)) == 1
    assert "<Figure" not in _streams(outputs, "stdout")


def test_the_stop_button_stops_fit_with_a_short_traceback_and_a_note(ran):
    (error,) = [o for o in ran["long_fit"] if o.output_type == "error"]
    assert error.ename == "KeyboardInterrupt"
    shown = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error.traceback))   # without the colours
    files = re.findall(r"^File (\S+):\d+", shown, re.M)
    assert files[-1] == os.path.join(REPO, "neuralab", "train", "fit.py")   # neuralab's, tqdm's frames not below
    assert re.search(r"^fit was interrupted after \d+ updates, with \d+ of 100000 epochs complete: the model "
                     r"keeps the weights of its last update", shown, re.M)


def test_after_the_stop_button_the_model_keeps_its_training_and_goes_on(ran):
    assert _streams(ran["after"], "stdout").split() == ["True"] * 4 + ["1"]
