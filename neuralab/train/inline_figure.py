"""``InlineFigure``: the matplotlib Figure that every plot returns, shown in a Jupyter notebook as
a learner expects, once: as the last expression of a cell, after ``plt.show()``, or when
drawn in the middle of a cell or in a loop.

The figures are not pyplot's (see ``plots``), so pyplot's inline backend, which shows its own
figures at the end of a cell, knows nothing of them; this module does that part for them.
"""
import io
import sys
import threading

from matplotlib.figure import Figure

DPI = 110


class InlineFigure(Figure):
    """A Figure that a notebook shows as its picture: a cell ending with ``plots.loss_curves(h)``
    showed "<Figure size 1000x360 with 2 Axes>" in a kernel where pyplot, whose import registers
    the display of figures, had never been imported. Where it has, that display is used instead
    (it is registered for Figure, which this is), so the picture shows once.

    In a Jupyter kernel, a figure its cell did not display (not the cell's last expression: one
    followed by ``plt.show()``, which shows pyplot's own figures only, by a print, or drawn in a
    loop) is shown when the cell ends, as pyplot shows its figures there, unless it was saved to
    a file (``saved``); ``fig.show()`` shows it at once. ``plots.loss_curves(h)`` followed by
    ``plt.show()`` showed nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shell = _kernel_shell()
        # (not one drawn in another thread, a training thread's: the cell that ends may not be its)
        if shell is not None and threading.current_thread() is threading.main_thread():
            if _show_pending not in shell.events.callbacks["post_execute"]:
                shell.events.register("post_execute", _show_pending)
            _pending.append(self)

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # IPython asks this at every display of the figure, before the formatter that draws it
        # (_repr_png_, or pyplot's): displayed, it need not be shown again at the cell's end
        if self in _pending:
            _pending.remove(self)
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


def saved(fig):
    """``fig`` was saved to the file a plot was given (``plots.loss_curves(h, "frame3.png")``): it
    is not shown at its cell's end, where a loop saving the frames of an animation showed every
    one, with no way to hide them (``plt.close`` closes pyplot's figures only); as the cell's last
    expression it still shows."""
    if fig in _pending:
        _pending.remove(fig)


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
    """At the end of a cell (IPython's post_execute event): show the figures it did not display."""
    figures = _pending[:]
    _pending.clear()
    for fig in figures:
        _display(fig)
