"""What every figure of ``plots`` shares: the colour and marker shape of each class, where a
legend goes, plain numbers on a log axis, a view that a few runaway values do not wreck, the
"stopped: ..." line of a run that ended early, the figure drawn in (its own, or the learner's
through ``ax=``), the points it draws of a great many, and the finishing touches (titles and
labels cut to fit, the PNG saved).

Every legend has an explicit place: matplotlib's ``loc="best"`` searches for the emptiest corner
at every draw, which is slow over many points (and says so in a warning). ``legend_clear_of_data``
does the same search once, over the points the figure drew.
"""
import re

import matplotlib
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ..nn.short_label import short_label
from .inline_figure import DPI, InlineFigure, saved

CLASS_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
# a shape per class as well as a colour: green and red (classes 2 and 3) look alike to one reader
# in twelve (deuteranopia), a circle and a diamond do not
CLASS_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "p", "h"]
LINE_STYLES = ["-", "--", "-.", ":"]   # curves told apart without colour (activation_curves)
# The most characters of a legend entry (half of it in two columns): a legend wider than about 24
# pushed a 5-inch figure's axes to nothing. A title or an axis label takes no room from the axes,
# and a 55-character title fits: one is cut only where it would run off the figure (``short_label``)
LEGEND_CHARS, LABEL_CHARS = 24, 80
NOTE_CHARS = 11   # characters of a title's note an inch of figure holds, at the "medium" font size
# a legend corner holding more than this share of the drawn points covers data: it goes outside
COVERED_SHARE = 0.02
# The most classes a legend lists: 30 take two columns of 15 rows, which the height of a 4.6-inch
# figure holds beside its axes; 48 pushed the axes to a sliver, 49 made matplotlib give up its
# layout (with a warning) and cut the legend off. Past that, a class is told by its colour alone
MOST_LEGEND_CLASSES = 30
# The most points a figure draws (``points_drawn``): 2,000,000 took a decision boundary 37 s and
# 380 MB to draw, and show no more than 20,000 do (1.2 s, 110 MB), whose smallest markers
# already cover the plane where the data is dense
MOST_POINTS_DRAWN = 20_000


def class_colours(k):
    """One colour per class for ``k`` classes: class c has the same colour whatever ``k`` is, up to
    20 (matplotlib's tab10, then the light shades of tab20); beyond, ``k`` hues spread over a
    colour map, so that no two classes share one."""
    palette = CLASS_COLOURS + [matplotlib.colors.to_hex(c) for c in matplotlib.colormaps["tab20"].colors[1::2]]
    if k <= len(palette):
        return palette[:k]
    return [matplotlib.colors.to_hex(c) for c in matplotlib.colormaps["turbo"](np.linspace(0.05, 0.95, k))]


def class_markers(k):
    """One marker shape per class for ``k`` classes, the same for class c whatever ``k`` is
    (shapes repeat past 12: the colours still differ)."""
    return [CLASS_MARKERS[c % len(CLASS_MARKERS)] for c in range(k)]


def line_style(k):
    """Curve k's line style: solid, dashed, dash-dot, dotted, and again: curves told apart without
    colour, and one drawn over another (LeakyReLU over ReLU for z > 0) still seen."""
    return LINE_STYLES[k % len(LINE_STYLES)]


def entries(ax, handles=None, ncol=1):
    """The handles and labels of a legend in ``ncol`` columns: ``handles`` (else the axes' own
    lines), each line of each label cut to fit (``LEGEND_CHARS``)."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    else:
        # (a tuple of handles drawn as one entry is labelled by its first)
        labels = [(handle[0] if isinstance(handle, tuple) else handle).get_label() for handle in handles]
    return handles, ["\n".join(short_label(line, LEGEND_CHARS // ncol) for line in str(label).split("\n"))
                     for label in labels]


def with_notes(label, notes):
    """A run's legend label: ``label (note; note)``, without a note that the label already says
    (a run labelled "early stopping" read "earl…ng (early stopping)"), the notes on a line of
    their own when the whole would not fit the legend (``LEGEND_CHARS``): cut to fit, the label
    was a few letters, the run no longer named."""
    notes = [note for note in notes if note.lower() not in str(label).lower()]
    if not notes:
        return str(label)
    tail = f"({'; '.join(notes)})"
    return f"{label} {tail}" if len(f"{label} {tail}") <= LEGEND_CHARS else f"{label}\n{tail}"


def points_drawn(parts, most=MOST_POINTS_DRAWN):
    """The rows of each part, {part: (X, y)}, to draw, and the title's note that says how many
    (None: all): every row, up to ``most`` points in all; past that a random sample of each
    part, its share of ``most``, in the data's order. Seeded: the same data gives the same
    figure, byte for byte."""
    total = sum(len(X) for X, _ in parts.values())
    if total <= most:
        return {part: np.arange(len(X)) for part, (X, _) in parts.items()}, None
    rng = np.random.default_rng(0)
    rows = {part: np.sort(rng.choice(len(X), max(1, most * len(X) // total), replace=False))
            for part, (X, _) in parts.items()}
    return rows, f"{sum(len(r) for r in rows.values()):,} of {total:,} points drawn, at random"


def legend_columns(n):
    """The columns of a legend of ``n`` entries beside the axes: one up to 12, two beyond (each
    label then gets half the width, ``entries``)."""
    return 1 if n <= 12 else 2


def legend_outside(ax, handles=None, ncol=1, **kwargs):
    """The legend to the right of the axes, where it hides no data."""
    ax.legend(*entries(ax, handles, ncol), ncol=ncol, loc="upper left", bbox_to_anchor=(1.01, 1),
              fontsize="small", **kwargs)


def legend_clear_of_data(ax):
    """The legend in the corner of ``ax`` that covers the fewest points of its lines, or outside
    to the right when every corner covers some: a flat accuracy curve runs through the middle, a
    falling and a rising one fill opposite corners. A corner is the box of 40 % of the width by
    30 % of the height that a short legend takes."""
    ax.autoscale_view()
    points = np.concatenate([line.get_xydata() for line in ax.lines] or [np.empty((0, 2))])
    with np.errstate(all="ignore"):   # a value <= 0 on a log axis has no place on it
        inside = (ax.transData + ax.transAxes.inverted()).transform(points)
    inside = inside[np.isfinite(inside).all(axis=1)]
    corners = {"upper right": (inside[:, 0] > 0.6) & (inside[:, 1] > 0.7),
               "lower right": (inside[:, 0] > 0.6) & (inside[:, 1] < 0.3),
               "upper left": (inside[:, 0] < 0.4) & (inside[:, 1] > 0.7),
               "lower left": (inside[:, 0] < 0.4) & (inside[:, 1] < 0.3)}
    covered = {corner: int(mask.sum()) for corner, mask in corners.items()}
    corner = min(covered, key=covered.get)   # the first of the emptiest, in the order above
    if covered[corner] > COVERED_SHARE * max(len(inside), 1):
        legend_outside(ax)
    else:
        ax.legend(*entries(ax), loc=corner)


def plain_log_ticks(axis):
    """Plain numbers on a log ``axis`` (``ax.yaxis``): 0.6, 2, 0.05 rather than 6×10⁻¹, 2×10⁰;
    over less than three decades 2 and 5 of each are ticked too, so that a loss from 0.3 to 2
    gets more than the one tick at 1."""
    low, high = sorted(axis.get_view_interval())
    decades = np.log10(high / low) if low > 0 else np.inf
    axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0) if decades < 3 else (1.0,)))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axis.set_minor_formatter(NullFormatter())


def clipped_view(ax, low=None, high=None):
    """Limit the y view of ``ax`` to [``low``, ``high``] (None: no limit on that side) when some
    value of its lines lies beyond, so that one runaway value (an R² of -1e26 after a divergence,
    of -8 at the first epoch) does not flatten all the others into a line. Each value beyond is
    marked at the edge by a triangle pointing its way, in its line's colour: off the chart, still
    seen to be there. Returns the words for the axis label ("below -1 off the chart"), empty when
    nothing was clipped."""
    lines = list(ax.lines)
    values = np.concatenate([np.asarray(line.get_ydata(), dtype=np.float64) for line in lines] or [[]])
    values = values[np.isfinite(values)]
    said = []
    for bound, side, marker in ((low, -1, "v"), (high, 1, "^")):
        if bound is None or not (side * (values - bound) > 0).any():
            continue
        inside = values[side * (values - bound) <= 0]
        span = float(np.ptp(np.append(inside, bound))) or abs(bound) or 1.0
        # the far side from the values within (else from those beyond, the ones left off)
        far = (inside.max() if side < 0 else inside.min()) if inside.size else bound - side * span
        ax.set_ylim(sorted((bound + side * 0.05 * span, far - side * 0.05 * span)))
        for line in lines:
            x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata(), dtype=np.float64)
            beyond = side * (y - bound) > 0
            if beyond.any():
                ax.plot(x[beyond], np.full(beyond.sum(), bound), marker, color=line.get_color(), markersize=6)
        said.append(f"{'below' if side < 0 else 'above'} {bound:g} off the chart")
    return "; ".join(said)


def stop_note(reason):
    """"stopped: <why>" for a figure of a run that ended early (``History.stop_reason``), its first
    clause without the parenthesis: "stopped: the gradient overflowed at epoch 2, batch 1". None
    for a run that ran all its epochs."""
    if not reason:
        return None
    first = re.sub(r" \([^)]*\)", "", reason.split(";")[0]).strip()
    return first if first.startswith("early stopping") else f"stopped: {first}"


def figure_and_axes(ax, figsize):
    """(figure, axes) that a one-panel plot draws in: ``ax``, a subplot of the learner's own
    (``fig, ax = plt.subplots(1, 2)``, then ``ax=ax[0]``: scikit-learn's and seaborn's ``ax=``),
    and the figure that holds it, which the plot saves (returning the Axes: ``finished``); else,
    ``ax`` None, a figure of its own of ``figsize`` inches (an ``InlineFigure``) with one axes."""
    if ax is not None:
        # (.figure of an Axes in a subfigure is the subfigure, whose .figure is the whole figure)
        return ax.figure.figure, ax
    fig = InlineFigure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def finished(fig, path, ax=None, title=None, into=False):
    """``fig`` with ``title`` over ``ax`` (if given), saved as a PNG to ``path`` (if given), and
    returned; ``ax`` instead when the plot drew ``into`` a subplot of the learner's (``ax=``), as
    seaborn's and pandas' plots return it: the figure, returned by a cell's last line, showed
    twice, once as the cell's value and once as pyplot's at the cell's end. The
    title and every axis label are cut to fit (``short_label``): they may be a 1,000-character
    class or column name. The lines after a title's first (a score, "stopped: ...") are set
    smaller, each cut to the width of the figure (``NOTE_CHARS`` an inch)."""
    if title:
        first, *notes = title.split("\n")
        width = int(NOTE_CHARS * fig.get_figwidth())
        ax.set_title("\n".join([short_label(first, LABEL_CHARS)] + [short_label(note, width) for note in notes]),
                     **({"fontsize": "medium"} if notes else {}))
    for label in [text for axes in fig.axes for text in (axes.xaxis.label, axes.yaxis.label)]:
        label.set_text(short_label(label.get_text(), LABEL_CHARS))
    if path is not None:
        fig.savefig(path, dpi=DPI)
        saved(fig)
    return ax if into else fig


METRIC_LABELS = {"r2": "R²", "lr": "learning rate"}   # an axis's name for a logged metric, if not its own


def zero_level(values):
    """Where exact zeros go on a log axis of ``values`` (``zero_row``): a decade below the
    smallest positive value (1 when none is)."""
    positive = values[np.isfinite(values) & (values > 0)]
    return 10.0 ** (np.floor(np.log10(positive.min())) - 1) if positive.size else 1.0


def zero_row(ax, zero):
    """Tick the row at ``zero`` on a log axis "0", and draw a dotted break above it: the values
    there are exactly 0, not ``zero``."""
    low, high = ax.get_ylim()
    ax.set_ylim(min(low, zero / 2), max(high, zero * 20))
    ticks = [t for t in ax.get_yticks() if zero * 3 < t <= ax.get_ylim()[1]]
    ax.set_yticks([zero, *ticks])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: "0" if value == zero else f"{value:g}"))
    ax.axhline(zero * 3, color="grey", linestyle=":", linewidth=1)
