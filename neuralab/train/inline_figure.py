"""``InlineFigure``: the matplotlib Figure that every plot returns, shown in a Jupyter notebook as
a learner expects, once: as the last expression of a cell, after ``plt.show()``, or when
drawn in the middle of a cell or in a loop.

The figures are not pyplot's (see ``plots``): drawn in a script, by the CLI or in the
playground's threads, they leave pyplot's list of figures alone. So pyplot's inline backend,
which shows its own figures at the end of a cell, knows nothing of them; this module does that
part for them. And in a notebook cell where pyplot is imported, each is lent to pyplot as its
current figure until it is shown, so that a learner's pyplot habits act on the figure just drawn.
"""
import io
import sys
import threading

import matplotlib
from matplotlib._pylab_helpers import Gcf
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 110
# the names of pyplot's inline backend, a notebook's default (matplotlib_inline's own test)
INLINE_BACKENDS = ("inline", "module://matplotlib_inline.backend_inline")
# (Gcf is pyplot's list of its figures, which holds a figure lent to it: matplotlib's backends
# import it as pyplot does, and it imports nothing of pyplot's)


class InlineFigure(Figure):
    """A Figure that a notebook shows as its picture: a cell ending with ``plots.loss_curves(h)``
    showed "<Figure size 1000x360 with 2 Axes>" in a kernel where pyplot, whose import registers
    the display of figures, had never been imported. Where it has, that display is used instead
    (it is registered for Figure, which this is), so the picture shows once.

    In a Jupyter kernel, a figure its cell did not display (not the cell's last expression: one
    followed by ``plt.show()``, by a print, or drawn in a loop) is shown when the cell ends, as
    pyplot shows its figures there, unless it was saved to a file (``saved``) or closed with
    ``plt.close(fig)``; ``fig.show()`` shows it at once. ``plots.loss_curves(h)`` followed by
    ``plt.show()`` showed nothing. Where pyplot is imported, the figure is pyplot's current one
    until then (``_lend_to_pyplot``): ``plt.title("my run")`` titles it, ``plt.savefig("x.png")``
    saves it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shell = _kernel_shell()
        # (not one drawn in another thread, a training thread's: the cell that ends may not be its)
        if shell is not None and threading.current_thread() is threading.main_thread():
            if _show_pending not in shell.events.callbacks["post_execute"]:
                shell.events.register("post_execute", _show_pending)
            _pending.append(self)
            _lend_to_pyplot(self)

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # IPython asks this at every display of the figure, before the formatter that draws it
        # (_repr_png_, or pyplot's): displayed, it need not be shown again at the cell's end
        _done(self)
        return {}

    def show(self, warn=True):  # (warn: matplotlib's Figure.show takes it; nothing here to warn of)
        """Show the figure now, in a notebook. Elsewhere no window can show it, as it is not
        pyplot's: matplotlib's own error said "figures managed by pyplot" and no more."""
        if _kernel_shell() is None:
            raise AttributeError("fig.show() shows a figure in a Jupyter notebook; in a script, save it "
                                 "with fig.savefig('figure.png'), or give the plot a path: "
                                 "plots.loss_curves(history, 'loss.png')")
        _display(self)


_pending = []  # the figures made in the running cell and not displayed yet
_lent = []     # those of them lent to pyplot (``_lend_to_pyplot``)


def saved(fig):
    """``fig`` was saved to the file a plot was given (``plots.loss_curves(h, "frame3.png")``): it
    is not shown at its cell's end, where a loop saving the frames of an animation showed every
    one; as the cell's last expression it still shows."""
    _done(fig)


def _done(fig):
    """``fig`` is shown or saved: it no longer waits for its cell's end, nor is it pyplot's (whose
    inline backend shows every figure it holds at a cell's end: it would be shown again)."""
    if fig in _pending:
        _pending.remove(fig)
    if fig in _lent:   # (not a figure of the learner's own, ``ax=``: pyplot's to keep)
        _lent.remove(fig)
        Gcf.destroy_fig(fig)


def _lend_to_pyplot(fig):
    """Make ``fig`` pyplot's current figure, where pyplot is imported and draws inline (a
    notebook's default), as ``plt.subplots`` makes its own: ``plots.loss_curves(h)`` then
    ``plt.title("my run")`` drew the title on a new, empty figure, shown before the untitled
    loss curves, ``plt.savefig("x.png")`` saved a blank PNG, and ``plt.close(fig)`` did not keep
    it from showing. Not with another backend (a window's, ipympl's widget), which would show it
    a second time; and not through ``plt.figure``, which warns past 20 figures (a loop of plots)
    though these leave pyplot when shown or saved. The figure is adopted as ``plt.figure`` adopts
    its own (``Gcf._set_new_active_manager``): the public ``Gcf.set_active`` alone left out what
    ``plt.close("all")`` reads, and it raised AttributeError."""
    pyplot = _inline_pyplot()
    if pyplot is not None:
        Gcf._set_new_active_manager(FigureCanvasAgg.new_manager(fig, max(pyplot.get_fignums(), default=0) + 1))
        _lent.append(fig)


def _inline_pyplot():
    """``matplotlib.pyplot`` if the learner imported it and it draws inline, else None."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    return pyplot if pyplot is not None and matplotlib.get_backend() in INLINE_BACKENDS else None


def _kernel_shell():
    """The IPython shell of the Jupyter kernel this runs in (Colab's and VS Code's too), or None
    in a script or a terminal; ``ipykernel.zmqshell`` loaded is tqdm.auto's own sign of one."""
    shell_class = getattr(sys.modules.get("ipykernel.zmqshell"), "ZMQInteractiveShell", None)
    try:
        return shell_class.instance() if shell_class.initialized() else None
    except AttributeError:  # no kernel's shell class (None), or a stand-in without a shell
        return None


def _display(fig):
    from IPython.display import display  # a kernel has it: _kernel_shell found one
    display(fig)


def _show_pending():
    """At the end of a cell (IPython's post_execute event): show the figures it did not display,
    except those the learner closed (``plt.close(fig)`` took a lent figure off pyplot's list)."""
    figures, lent = _pending[:], _lent[:]
    _pending.clear()
    _lent.clear()
    kept = [manager.canvas.figure for manager in Gcf.get_all_fig_managers()]
    for fig in figures:
        if fig not in lent or fig in kept:
            _display(fig)
    for fig in lent:   # (as pyplot's inline backend closes its own figures at a cell's end)
        Gcf.destroy_fig(fig)
