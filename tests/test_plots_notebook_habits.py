"""A notebook learner's matplotlib habits with the figures of ``train.plots``: ``ax=`` draws a
one-panel plot into a subplot of one's own (scikit-learn's and seaborn's way), and after a plot
``plt.title``, ``plt.savefig`` and ``plt.close`` act on the figure just drawn, which still shows
once. No Jupyter here: ``kernel_stand_in`` (test_notebook_figures) stands in for the kernel's
shell, and pyplot, imported with the Agg backend, for pyplot drawing inline."""
import threading
from types import SimpleNamespace

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.image import imread
from test_notebook_figures import kernel_stand_in  # noqa: F401 (the fixture)

from neuralab import data
from neuralab.train import inline_figure, plots


def _habits_moons():
    X, y = data.load("moons", n_samples=60, seed=0)
    return X, y


def _habits_rule(points):
    """The classes of the rule x1 > 0 (on the moons, it gets some points wrong)."""
    return (points[:, 0] > 0).astype(int)


def _habits_history():
    return {"loss": [0.9, 0.5, 0.3], "accuracy": [0.4, 0.7, 0.8]}


def _habits_ink(path):
    """The share of the pixels of the PNG at ``path`` that are not white: 0 for a blank figure."""
    pixels = imread(path)[..., :3]
    return float(np.mean(pixels.min(axis=-1) < 0.9))


@pytest.fixture
def pyplot_clean():
    """pyplot with no figure open, at the start of the test and after it."""
    plt.close("all")
    yield plt
    plt.close("all")


@pytest.fixture
def notebook_with_pyplot(kernel_stand_in, pyplot_clean, monkeypatch):  # noqa: F811 (the fixture)
    """A kernel in which pyplot is imported and draws inline (a notebook's default)."""
    monkeypatch.setattr(inline_figure, "_lent", [])
    monkeypatch.setattr(inline_figure, "_inline_pyplot", lambda: plt)
    return kernel_stand_in


# ax=: a one-panel plot drawn into a subplot of one's own

def test_decision_boundary_draws_into_the_given_axes_and_returns_that_axes(tmp_path):
    X, y = _habits_moons()
    fig = Figure(figsize=(10, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    returned = plots.decision_boundary(_habits_rule, X, y, ax=left, resolution=20, title="mine",
                                       test=(X[:10], y[:10]), path=tmp_path / "both.png")
    assert returned is left     # (a figure returned by a cell's last line showed twice in a notebook)
    assert len(left.collections) == 3 and len(right.collections) == len(right.lines) == 0  # plane, train, test
    assert left.get_title().startswith("mine") and left.get_xlabel() == "x1"
    # the key to the points joins the classes' legend: a figure legend at the bottom is the other subplots' too
    assert fig.legends == []
    assert [t.get_text() for t in left.get_legend().get_texts()] == ["0", "1", "train", "test", "wrong class, ringed"]
    assert (tmp_path / "both.png").stat().st_size > 1000   # the whole figure, saved
    assert fig not in inline_figure._pending


def test_prediction_curve_and_confusion_matrix_draw_into_the_given_axes():
    X, y = _habits_moons()
    fig = Figure()
    curve_ax, matrix_ax = fig.subplots(1, 2)
    assert plots.prediction_curve(lambda p: 1 / (1 + np.exp(-p[:, 0])), X[:, :1], y, ax=curve_ax,
                                  resolution=20) is curve_ax
    assert [line.get_label() for line in curve_ax.lines[::2]] == ["0", "1"]
    assert plots.confusion_matrix([[5, 1], [2, 7]], ax=matrix_ax) is matrix_ax
    assert matrix_ax.images[0].get_array().shape == (2, 2)
    assert [text.get_text() for text in matrix_ax.texts] == ["5", "1", "2", "7"]
    assert matrix_ax.get_title().startswith("accuracy 0.800")


def test_gradient_norms_draws_into_the_given_axes():
    monitor = SimpleNamespace(weights={"0 Dense": {"grad_norm": [0.5, 0.2]}}, steps=[1, 2], step=2)
    fig = Figure()
    ax = fig.add_subplot()
    assert plots.gradient_norms(monitor, ax=ax) is ax
    assert ax.lines[0].get_ydata().tolist() == [0.5, 0.2]


def test_an_axes_in_a_subfigure_draws_there_and_its_whole_figure_is_saved(tmp_path):
    fig = Figure()
    ax = fig.subfigures(1, 2)[1].add_subplot()
    assert plots.confusion_matrix([[3, 1], [0, 4]], ax=ax, path=tmp_path / "m.png") is ax
    assert ax.images and (tmp_path / "m.png").exists()
    # the whole figure, both subfigures, not the one that holds ax
    assert plt.imread(tmp_path / "m.png").shape[1] == round(fig.get_figwidth() * inline_figure.DPI)


@pytest.mark.parametrize("axes", ["one", "list", "array"])
def test_an_axes_given_as_axes_is_refused_with_the_way_to_ax(axes):
    X, y = _habits_moons()
    subplots = Figure().subplots(1, 2)
    given = {"one": subplots[0], "list": list(subplots), "array": subplots}[axes]
    with pytest.raises(TypeError, match=r"^ax= draws into a subplot of yours \(ax=ax\[0\]\), and axes= names the "
                                        r"input columns .*axes=\('x1', 'x2'\)\): give your subplot as ax=$"):
        plots.decision_boundary(_habits_rule, X, y, axes=given)
    with pytest.raises(TypeError, match="axes= names the input columns"):
        plots.prediction_curve(lambda p: p[:, 0] > 0, X[:, :1], y, axes=given)


def test_ax_must_be_one_axes():
    X, y = _habits_moons()
    with pytest.raises(TypeError, match=r"ax is the one Axes that decision_boundary draws into, got ndarray of 2: "
                                        r"pick one, ax=ax\[0\]"):
        plots.decision_boundary(_habits_rule, X, y, ax=Figure().subplots(1, 2))
    with pytest.raises(TypeError, match="ax is a matplotlib Axes for confusion_matrix to draw into, .* got Figure"):
        plots.confusion_matrix([[1, 0], [0, 1]], ax=Figure())


@pytest.mark.parametrize("plot, call", [
    ("loss_curves", lambda ax: plots.loss_curves(_habits_history(), ax=ax)),
    ("activation_curves", lambda ax: plots.activation_curves("relu", ax=ax)),
])
def test_a_figure_of_several_panels_refuses_ax_and_says_how_to_title_and_save_it(plot, call):
    with pytest.raises(TypeError, match=rf"^{plot} draws a figure of its own, .* and takes no ax=; title or save it "
                                        rf"through the figure it returns: fig = plots\.{plot}\(\.\.\.\); "
                                        r"fig\.suptitle\('my run'\); fig\.savefig\('figure\.png'\)$"):
        call(Figure().add_subplot())


# pyplot's habits after a plot, in a notebook

def test_plt_title_and_savefig_act_on_the_figure_just_drawn(notebook_with_pyplot, tmp_path):
    fig = plots.loss_curves(_habits_history())
    assert plt.gcf() is fig
    plt.title("my run")   # pyplot's current axes: the last panel, as after plt.subplots(1, 2)
    plt.savefig(tmp_path / "mine.png")
    assert fig.axes[-1].get_title() == "my run" and plt.get_fignums() == [1]
    assert _habits_ink(tmp_path / "mine.png") > 0.01   # the curves, not the blank PNG of a new figure
    notebook_with_pyplot.events.end_cell()
    assert notebook_with_pyplot.shown == [fig]
    assert plt.get_fignums() == []   # let go at the cell's end, as pyplot's inline backend closes its own


@pytest.mark.parametrize("close", [lambda fig: plt.close(fig), lambda fig: plt.close(), lambda fig: plt.close("all")])
def test_plt_close_keeps_the_figure_from_showing(notebook_with_pyplot, close):
    fig = plots.loss_curves(_habits_history())
    close(fig)
    notebook_with_pyplot.events.end_cell()
    assert notebook_with_pyplot.shown == []


def test_a_figure_displayed_leaves_pyplot_so_that_its_inline_backend_does_not_show_it_again(notebook_with_pyplot):
    # pyplot's inline backend shows every figure pyplot holds at a cell's end (after a plt.figure() of the cell)
    fig = plots.loss_curves(_habits_history())
    notebook_with_pyplot.display(fig)   # the cell's last expression
    assert plt.get_fignums() == []
    notebook_with_pyplot.events.end_cell()
    assert notebook_with_pyplot.shown == [fig]


def test_figures_saved_to_their_path_in_a_loop_leave_pyplot_and_do_not_show(notebook_with_pyplot, tmp_path):
    for i in range(3):
        plots.loss_curves(_habits_history(), tmp_path / f"frame{i}.png")
    assert plt.get_fignums() == []
    notebook_with_pyplot.events.end_cell()
    assert notebook_with_pyplot.shown == []


def test_a_loop_of_figures_shows_each_once_at_the_cells_end(notebook_with_pyplot):
    # past 20 figures, no "More than 20 figures" warning of plt.figure (warnings are errors here)
    figures = [plots.activation_curves("relu") for _ in range(25)]
    assert plt.get_fignums() == list(range(1, 26))
    notebook_with_pyplot.events.end_cell()
    notebook_with_pyplot.events.end_cell()
    assert notebook_with_pyplot.shown == figures and plt.get_fignums() == []


def test_a_subplot_of_ones_own_stays_pyplots(notebook_with_pyplot, tmp_path):
    X, y = _habits_moons()
    fig, ax = plt.subplots(1, 2)
    plots.decision_boundary(_habits_rule, X, y, ax=ax[0], resolution=10, path=tmp_path / "b.png")
    notebook_with_pyplot.events.end_cell()
    assert plt.get_fignums() == [fig.number] and notebook_with_pyplot.shown == []   # pyplot shows it


def test_a_figure_drawn_in_another_thread_is_not_lent_to_pyplot(notebook_with_pyplot):
    drawn = []
    thread = threading.Thread(target=lambda: drawn.append(plots.loss_curves(_habits_history())))
    thread.start()
    thread.join()
    assert plt.get_fignums() == [] and inline_figure._pending == [] and len(drawn) == 1


def test_outside_a_notebook_the_figures_are_not_pyplots(pyplot_clean, monkeypatch):
    monkeypatch.setattr(inline_figure, "_pending", [])
    plots.loss_curves(_habits_history())
    assert plt.get_fignums() == [] and inline_figure._pending == []


@pytest.mark.parametrize("backend, lent", [("module://matplotlib_inline.backend_inline", True), ("inline", True),
                                            ("qtagg", False), ("module://ipympl.backend_nbagg", False)])
def test_only_pyplot_drawing_inline_borrows_the_figures(pyplot_clean, monkeypatch, backend, lent):
    # a window's backend, or ipympl's widget, would show a lent figure a second time
    monkeypatch.setattr(matplotlib, "get_backend", lambda: backend)
    assert inline_figure._inline_pyplot() is (plt if lent else None)
