"""``layer_stats``: one number per layer, from the first layer to the last, of one training run or
of several side by side: the spread of each activation layer's output, or each weight layer's
gradient norm, as a ``Monitor`` recorded them. The figures of "He initialisation keeps ReLU
activations alive through ten layers, small weights shrink them to nothing" and of "sigmoid
gradients vanish on their way back to the first layer, ReLU's do not".
"""
import numpy as np
from matplotlib.ticker import FixedLocator

from .plot_inputs import checked_ax, checked_path
from .plot_style import (class_colours, figure_and_axes, finished, legend_outside, plain_log_ticks, stop_note,
                         zero_level, zero_row)

# stat -> (the Monitor's series of each layer, the entry of that series, what the axis says, which layers)
STATS = {"activation_std": ("activations", "std", "activation std (probe batch)", "activation layer"),
         "activation_spread": ("activations", "spread", "activation spread over inputs (probe batch)",
                               "activation layer"),
         "gradient_norm": ("weights", "grad_norm", "gradient norm ‖dL/dW‖", "weight layer")}
LAYER_WORDS = {"activations": "activation", "weights": "weight"}
NAMED_TICKS = 12   # up to this many layers, each tick says the Monitor's name of its layer ("3 ReLU")


def layer_stats(monitors, stat="activation_std", path=None, record=-1, ax=None):
    """Per layer l = 1 .. L (input to output, ticked as the Monitor names them: "1 ReLU", "2 Dense"),
    the value of ``stat`` at one record of a ``neuralab.train.Monitor`` after ``fit``, on a log
    axis; ``monitors`` is that Monitor, or {label: Monitor} for one line per run.

    stat="activation_std"   std of all entries of each activation's output a[l] on the monitor's
                            probe batch (``monitor.activations[name]["std"]``). With He weights,
                            Var(W) = 2 / n_in, z[l] = W a[l-1] has Var(z) = 2 E[a[l-1]²] and ReLU
                            keeps half of it, E[a[l]²] = E[a[l-1]²]: the scale carries through
                            every layer. With Var(W) = c · 2 / n_in it is multiplied by c at every
                            layer, a straight falling line on the log axis for c < 1, until
                            the biases take over: after a step they differ from unit to unit, and
                            so does a[l] where W a[l-1] has shrunk to nothing, by as much at every
                            sample (the line turns back up towards the output).
    stat="activation_spread" how much each unit's output varies from sample to sample, √(mean over
                            the units of their variance over the probe batch)
                            (``monitor.activations[name]["spread"]``): the std with the biases'
                            part left out, what of the input a layer still carries. Under weights
                            too small it keeps falling where the std turns back up, until it is
                            the outputs' rounding error (or 0), which a deep enough line ends on.
    stat="gradient_norm"    ‖dL/dW[l]‖ of each weight layer (``monitor.weights[name]["grad_norm"]``).
                            δ[l] = (δ[l+1] W[l+1]) ⊙ f'(z[l]) is multiplied at every layer by
                            f', at most 1/4 for a sigmoid: the first layers' norms fall by orders
                            of magnitude below the last's (vanishing gradients); ReLU's f' is 1
                            where a unit is on.

    ``record`` chooses the record, as an index of ``monitor.steps``: -1 the last (after training),
    0 the first, taken after the first step (its gradients are those of the starting weights, its
    activations those of the weights one step on); or "start", the network as it started, before
    any step: the activations on the probe at the initial weights (``monitor.start_activations``)
    and the first step's gradients, taken at them. A value of exactly 0 (every unit
    dead) is drawn on a row of its own at the bottom, ticked "0", as ``gradient_norms`` draws it.
    A run that diverged says so in its label (one Monitor alone, in the title). ``ax``: a
    matplotlib Axes of your own to draw into (``ax=ax[1]``: the gradient norms beside the
    activations), which is then returned, its figure saved."""

    path = checked_path(path, "layer_stats.png")
    own = checked_ax(ax, "layer_stats") is None
    runs = monitors if isinstance(monitors, dict) else {None: monitors}
    if not runs:
        raise ValueError("layer_stats has no run to draw: give a Monitor, or {label: Monitor} of at least one")
    if stat not in STATS:
        raise ValueError(f"stat is one of {', '.join(map(repr, STATS))}, got {stat!r}")
    group, entry, axis_label, layer_kind = STATS[stat]
    values = {label: _per_layer(label, monitor, group, entry, record) for label, monitor in runs.items()}
    fig, ax = figure_and_axes(ax, (6.5, 4))
    every = np.concatenate([v for _, v in values.values()])
    zero = zero_level(every)
    for colour, (label, (names, v)) in zip(class_colours(len(runs)), values.items()):
        diverged = " (diverged)" if getattr(runs[label], "diverged", False) else ""
        x = np.arange(1, len(v) + 1)
        kept = np.isfinite(v)   # (the layers of a run that overflowed have no value to draw)
        ax.plot(x[kept], np.where(v == 0, zero, v)[kept], "o-", color=colour,
                label="_run" if label is None else f"{label}{diverged}")
    ax.set_yscale("log")
    plain_log_ticks(ax.yaxis)
    if (every == 0).any():
        zero_row(ax, zero)
    _layer_ticks(ax, [names for names, _ in values.values()], layer_kind)
    ax.set_ylabel(axis_label)
    ax.grid(alpha=0.3)
    if isinstance(monitors, dict):
        legend_outside(ax)
    if record == "start":
        when, at = "the start", "the initial weights"
    else:
        steps = sorted({runs[label].steps[record] for label in runs})
        when = "the last record" if record == -1 else "the first record" if record == 0 else f"record {record}"
        at = f"step {steps[0]}" if len(steps) == 1 else "steps " + ", ".join(map(str, steps))
    note = None if isinstance(monitors, dict) else stop_note(getattr(monitors, "stop_reason", None))
    title = [f"{axis_label.split(' (')[0]} per layer", f"at {when} ({at})"] + ([note] if note else [])
    return finished(fig, path, ax, "\n".join(title), into=not own)


def _per_layer(label, monitor, group, entry, record):
    """(the layer names, their values at ``record`` as float64) of ``monitor``'s ``group``
    ("activations" or "weights"), refused with the fix when there is none to draw."""
    run = "the monitor" if label is None else f"the monitor of {label!r}"
    if not all(hasattr(monitor, name) for name in ("weights", "activations", "steps")):
        raise TypeError(f"layer_stats draws a Monitor's records, or {{label: Monitor}}, got "
                        f"{type(monitor).__name__}" + ("" if label is None else f" for {label!r}")
                        + ": pass the Monitor given to fit(..., callbacks=[monitor])")
    if not monitor.steps:
        raise ValueError(f"{run} has no records yet: pass it to fit(..., callbacks=[monitor]) first")
    start = isinstance(record, str) and record == "start"
    index = isinstance(record, (int, np.integer)) and -len(monitor.steps) <= record < len(monitor.steps)
    if not (start or index):
        raise ValueError(f"record is an index of the monitor's {len(monitor.steps)} records: 0 the first, -1 the "
                         f"last, or \"start\" (the initial weights), got {record!r}")
    series = {name: stats[entry] for name, stats in getattr(monitor, group).items()}
    if not series or any(len(values) != len(monitor.steps) for values in series.values()):
        why = " ".join(monitor.unwatched()) or f"the model it watched has no {LAYER_WORDS[group]} layer"
        raise ValueError(f"{run} recorded no {entry} of its {LAYER_WORDS[group]} layers: {why}")
    if start and group == "activations":
        begun = getattr(monitor, "start_activations", {})
        if set(begun) != set(series):
            raise ValueError(f"{run} kept no activations of the initial weights: its probe collected no rows "
                             f"before training ended; give it one, Monitor(probe=X_train[:64])")
        return list(series), np.array([begun[name][entry] for name in series], dtype=np.float64)
    # (the first record's gradients are the first step's, taken at the initial weights)
    return list(series), np.array([values[0 if start else record] for values in series.values()], dtype=np.float64)


def _layer_ticks(ax, names, layer_kind):
    """The x axis: layers 1 .. L, each ticked as ``model.summary()`` and ``gradient_norms`` name
    it, by the Monitor's name of its layer ("0 Dense"), when there are few of them. Runs that name
    a place alike (an MLP's first Dense layers keep their names as it grows deeper) tick it with
    that name; runs of other activations ("1 Sigmoid", "1 ReLU") with its index alone, the
    summary's ("1"); else each name found there ("6 Dense / 7 Dense"). (Numbered 1 .. L apart
    from those names, a run of 1 hidden layer and one of 4 named nothing alike.)"""
    longest = max(len(n) for n in names)
    ax.set_xlim(0.5, longest + 0.5)
    ax.xaxis.set_major_locator(FixedLocator(np.arange(1, longest + 1)))
    if longest > NAMED_TICKS:
        ax.set_xlabel(f"{layer_kind} (1 = nearest the input)")
        return
    found = [list(dict.fromkeys(n[k] for n in names if k < len(n))) for k in range(longest)]
    indices = [list(dict.fromkeys(name.split(" ")[0] for name in here)) for here in found]
    if any(len(here) > 1 for here in found) and all(len(here) == 1 for here in indices):
        ticks, how = [here[0] for here in indices], f"{layer_kind}, numbered as in model.summary()"
    else:
        ticks, how = [" / ".join(here) for here in found], f"{layer_kind}, input to output"
    turn = longest > 4 or any(len(tick) > 10 for tick in ticks)
    ax.set_xticklabels(ticks, rotation=45 if turn else 0, ha="right" if turn else "center")
    ax.set_xlabel(how)
