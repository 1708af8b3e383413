"""How a notebook shows the figures of ``train.plots``: once each, whether the cell ends with the
figure or not (``plt.show()`` after it shows pyplot's figures only). No Jupyter here: a stand-in
for the kernel's IPython shell fires the end of a cell (its post_execute event) as IPython does,
and its display asks the figure's ``_repr_mimebundle_`` first, as IPython's formatter does."""
import numpy as np
import pytest

from neuralab.train import History, inline_figure, plots


class _NotebookEventsStandIn:
    def __init__(self):
        self.callbacks = {"post_execute": []}

    def register(self, event, function):
        self.callbacks[event].append(function)

    def end_cell(self):
        for function in self.callbacks["post_execute"]:
            function()


class _KernelShellStandIn:
    def __init__(self):
        self.events = _NotebookEventsStandIn()
        self.shown = []

    def display(self, fig):
        fig._repr_mimebundle_()  # what IPython asks of every object it displays
        self.shown.append(fig)


@pytest.fixture
def kernel_stand_in(monkeypatch):
    shell = _KernelShellStandIn()
    monkeypatch.setattr(inline_figure, "_kernel_shell", lambda: shell)
    monkeypatch.setattr(inline_figure, "_display", shell.display)
    monkeypatch.setattr(inline_figure, "_pending", [])
    return shell


def _three_epoch_history():
    history = History()
    for epoch, loss in enumerate([0.9, 0.5, 0.3]):
        history.append(epoch, {"loss": loss, "accuracy": 1 - loss})
    return history


def test_a_figure_the_cell_did_not_display_shows_once_when_the_cell_ends(kernel_stand_in):
    # plots.loss_curves(h) followed by plt.show(), a print, or in a loop: not the cell's result
    figures = [plots.loss_curves(_three_epoch_history()) for _ in range(2)]
    assert kernel_stand_in.shown == []  # not before the cell's other output
    kernel_stand_in.events.end_cell()
    assert kernel_stand_in.shown == figures
    kernel_stand_in.events.end_cell()  # the next cell shows them no more
    assert kernel_stand_in.shown == figures


def test_a_figure_the_cell_displayed_is_not_shown_again_at_its_end(kernel_stand_in):
    fig = plots.loss_curves(_three_epoch_history())
    kernel_stand_in.display(fig)  # the cell's last expression, or display(fig)
    kernel_stand_in.events.end_cell()
    assert kernel_stand_in.shown == [fig]
    # and the figure registered the end of the cell once, whatever the number of figures
    plots.activation_curves("relu")
    assert len(kernel_stand_in.events.callbacks["post_execute"]) == 1


def test_fig_show_shows_it_at_once_in_a_notebook(kernel_stand_in):
    fig = plots.activation_curves("tanh")
    fig.show()
    assert kernel_stand_in.shown == [fig]
    kernel_stand_in.events.end_cell()
    assert kernel_stand_in.shown == [fig]


def test_outside_a_notebook_nothing_waits_for_the_end_of_a_cell(monkeypatch):
    monkeypatch.setattr(inline_figure, "_pending", [])
    fig = plots.loss_curves(_three_epoch_history())
    assert inline_figure._kernel_shell() is None and inline_figure._pending == []
    png = fig._repr_png_()  # a notebook's picture of it, all the same
    assert png.startswith(b"\x89PNG") and np.frombuffer(png, np.uint8).size > 1000


def test_fig_show_outside_a_notebook_says_how_to_see_the_figure():
    fig = plots.activation_curves("relu")
    with pytest.raises(AttributeError, match=r"in a script, save it with fig\.savefig\('figure\.png'\)"):
        fig.show()


def test_a_figure_saved_to_its_file_is_not_shown_at_the_cells_end(kernel_stand_in, tmp_path):
    # the frames of an animation saved in a loop were all shown at the cell's end
    for i in range(3):
        plots.loss_curves(_three_epoch_history(), tmp_path / f"frame{i}.png")
    kernel_stand_in.events.end_cell()
    assert kernel_stand_in.shown == [] and len(list(tmp_path.glob("frame*.png"))) == 3
