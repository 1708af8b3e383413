"""What the page draws, computed from a session's model: the scene description, the arrays of a
frame (the heavy ones from one forward pass over the plane, ``forward_pass``; off the plane, each
neuron's share of rows it is on for, ``on_shares``), the monitor's diagnoses in the page's words
and the evaluation. The Inspector and Trace panels' numbers are ``inspector``'s.

Every function here reads the model and never trains it; the session calls them holding its
model lock, so training and drawing never see each other half-way.
"""
import numpy as np

from .. import nn
from ..train.input_reach import inputs_judged
from ..train.classification_metrics import confusion_counts
from ..train.metric_inputs import true_and_predicted
from ..train.metrics import r2
from .drawing import drawing_keeps
from .features import GRID, transform
from .forward_pass import ACTIVATIONS, dense_indices, evenly_spaced, forward_all, shown_units
from .on_shares import on_shares
from .protocol import FEATURES
from .training_messages import loss_notice

THUMB_STEP = 3                 # neuron maps: every 3rd grid point, 22 x 22 (both edges included)
THUMB = len(range(0, GRID, THUMB_STEP))
W_BINS = 32
# |gradient| histogram: 4 bins a decade from 1e-45 to 1e39, every nonzero float32 (the page fits
# its axis to the decades that hold gradients); 0 and what is not finite are left out
G_EDGES = 10.0 ** (np.arange(-45 * 4, 39 * 4 + 1) / 4)
HELD_OUT = "test points"       # what the page calls the data fit holds out as validation_data
MISSED_SHOWN = 16              # misclassified examples a frame holds (a mix across the true classes)
PREDICTED_POINTS = 1000        # a regression's predicted-against-actual plot: at most this many points


def describe_data(data):
    """The scene's ``dataset`` entry."""
    out = {"name": data.name, "task": data.task, "n_classes": data.n_classes,
           "class_names": data.class_names, "feature_names": data.feature_names,
           "n_train": len(data.X_train), "n_test": len(data.X_test), "stratified": data.stratified,
           "is_2d": data.is_2d,
           "image_shape": list(data.image_shape) if data.image_shape else None,
           "file": data.file, "target": data.target, "csv_task": data.csv_task,
           "csv_delimiter": data.csv_delimiter, "csv_decimal": data.csv_decimal, "csv_one_hot": data.csv_one_hot,
           "csv_missing": data.csv_missing, "csv_ignore": data.csv_ignore, **target_scale(data)}
    if data.is_2d:
        out["axes"] = list(data.axes)
        out.update(axes_scale(data))
        for part, P, y in (("train", data.points_train, data.y_train), ("test", data.points_test, data.y_test)):
            # rounded in float64: float32 values (regression) would print as -0.4000000059604645
            out[part] = np.column_stack([P, y]).astype(np.float64).round(4).tolist() if len(P) else []
        # what a point drawn here would start a drawing from, which the page says before it is drawn
        out["drawing"] = None if data.name == "drawn" else drawing_keeps(data)[1]
    return out


def describe_upload(uploaded, served=None):
    """The scene's ``upload``: the CSV this session holds, which the page's "Uploaded CSV" goes
    back to (``file``, its name or None when the page sent none; ``target``), or None when it
    holds none (a session made anew after the server restarted or the socket dropped: the page
    opens the file chooser instead of asking for a CSV that is not there). ``served``: the CSV
    the server was started with (``neuralab play --data``; None: it serves none), which every
    page of the class holds and a link of it opens on; ``served`` says whether the CSV held is
    that one (false: this page uploaded it, and a link does not carry it), ``class_file`` its
    name (null: the server serves none), which a link of "csv" opens on elsewhere. ``key``: what
    the page's next hello brings back to find its own upload kept after a new session began
    (``upload_kept``; null for the server's CSV, which every session holds)."""
    if uploaded is None:
        return None
    return {"file": uploaded.file, "target": uploaded.target, "served": uploaded is served,
            "class_file": served and served.file, "key": None if uploaded is served else uploaded.key}


def axes_scale(data):
    """``axes_mean`` and ``axes_std``: the μ and σ of each column a two-column CSV's x1, x2 are
    standardised with (x = (column − μ)/σ), so the page reads a point of the plane in the file's
    units, column = μ + σ·x; None for generated and drawn data, whose units are the plane's."""
    if data.standardize is None:
        return {"axes_mean": None, "axes_std": None}
    return {"axes_mean": [float(v) for v in data.standardize.mean],
            "axes_std": [float(v) for v in data.standardize.std]}


def target_scale(data):
    """``target_mean`` and ``target_std``: the μ and σ a regression's target is standardised with
    (the network learns (y - μ)/σ; the names of ``neuralab train``'s metrics.json), None for classes."""
    scaling = data.target_standardize
    if scaling is None:
        return {"target_mean": None, "target_std": None}
    return {"target_mean": float(scaling.mean[0]), "target_std": float(scaling.std[0])}


def target_metrics(metrics, data):
    """A regression's MSE in the target's units, ``mse`` and ``val_mse`` (the frame header's
    ``target_metrics``), from the MSE of the standardised target the network learns: a prediction
    σ·t̂ + μ misses σ·t + μ by σ·(t̂ - t), so the mean square is σ² times as large. (R² is the same
    in both units: its two sums of squares both scale by σ².) Empty for classes."""
    variance = target_variance(data)
    if variance is None:
        return {}
    return {k: metrics[k] * variance for k in ("mse", "val_mse") if k in metrics}


def target_variance(data):
    """σ², the square of the std a regression's target is standardised with: the MSE of the
    standardised target times σ² is the MSE in the target's units; None for classes."""
    scaling = data.target_standardize
    return None if scaling is None else float(scaling.std[0]) ** 2


def curves(rows, data):
    """The frame's ``curves`` (k, 5) of the session's rows: epoch, loss, val_loss, accuracy (or
    R²), val_accuracy. A regression's loss columns are the MSE of the standardised target the
    network learns: shown σ² times as large, in the target's units, as the board's MSE
    (``target_metrics``), so the chart and the board say one MSE."""
    out = np.array(rows, np.float64).reshape(-1, 5)
    variance = target_variance(data)
    if variance is not None:
        out[:, 1:3] *= variance
    return out.astype(np.float32)


def _output_maps(out):
    """{"output": (G, G)[, "output_class": (G, G)]} from the model's output on the grid (a
    regression's in the target's units)."""
    if out.shape[1] == 1:
        return {"output": out[:, 0].reshape(GRID, GRID)}
    return {"output": out.max(axis=1).reshape(GRID, GRID),
            "output_class": out.argmax(axis=1).astype(np.uint8).reshape(GRID, GRID)}


def _w_edges(model):
    top = max(float(np.abs(model.layers[i].weight.data).max(initial=0)) for i in dense_indices(model))
    r = 2.0 ** np.ceil(np.log2(max(top, 0.125)))   # a power of two: the edges change rarely
    return np.linspace(-r, r, W_BINS + 1)


def _thumbnails(values):
    """(GRID², k) values over the output map's grid -> (k, THUMB, THUMB): each column's map at
    every ``THUMB_STEP``-th point of the grid, the resolution of the maps in the network view."""
    maps = values.reshape(GRID, GRID, -1)[::THUMB_STEP, ::THUMB_STEP]
    return np.ascontiguousarray(maps.transpose(2, 0, 1))


def feature_maps(data):
    """{"features/<name>": (THUMB, THUMB)}: each feature of the plane, f(x1, x2), over the neuron
    maps' points, as ``nn.PlaneFeatures`` computes it for the network (all of them, used as
    inputs or not: the page shows every one's map and draws none itself). Empty off the plane."""
    if not data.is_2d:
        return {}
    maps = _thumbnails(transform(data.grid_points, FEATURES))
    return {f"features/{name}": values for name, values in zip(FEATURES, maps)}


def diagnoses(monitor, net, data=None):
    """The training monitor's report as the frame header's ``diagnoses``, in the page's words:
    each layer by the page's name of it ("hidden layer 1 (8 tanh)" where Python reads "1 Tanh",
    ``Net.names``), the held-out data as its "test points", the remedies by its controls, and a
    regression's losses in the target's units, squared, as the board and the loss chart show the
    MSE: the monitor records the MSE of the standardised target the network learns, σ² times
    smaller (``target_metrics``); it decides on those, and only says them σ² times as large
    (``loss_scale``). ``data``: the scene's data (None: the losses as fit logged them). A loss the
    learning rate threw up has the words of the notice line too (``notice``, else None). A value
    that holds an input column's spread, which standardising the data warned of in a notice
    (``Data.warned_inputs``), is pointed back to rather than said again."""
    report = monitor.report(names=dict(zip(net.model.layers, net.names)), held_out=HELD_OUT,
                            loss_scale=None if data is None else target_variance(data),
                            warned_columns=None if data is None else data.warned_inputs)
    # on auto, the Initial weights are those an initialisation remedy names: nothing to try there
    done = ("init", "xavier") if net.init == "auto" else ()
    return [{"name": d.name, "title": d.title, "severity": d.severity, "evidence": d.evidence,
             "remedies": d.advice("play", done), "notice": loss_notice(d, monitor)} for d in report]


def heavy_arrays(net, data, grads, diagnosed):
    """The arrays a frame refreshes only so often while training runs (``snapshots.refresh_interval``),
    and the header entries that go with them (``diagnosed``: the monitor's ``diagnoses``, which
    the caller refreshes less often). On the plane, each neuron's map over it; off it, each
    hidden neuron's share of training rows it is on for, and a classifier's output neuron's
    share of them predicted its class (``on_shares``)."""
    model, arrays = net.model, {}
    if data.is_2d:
        outs = forward_all(model, data.grid_inputs)
        arrays.update(_output_maps(data.in_target_units(outs[-1])))
        for i, (layer, a) in enumerate(zip(model.layers, outs)):
            if isinstance(layer, (nn.Dense, *ACTIVATIONS)):
                arrays[f"units/{i}"] = _thumbnails(shown_units(model, data, i, a))
    else:
        arrays.update(on_shares(model, data.X_train, data.y_train if data.classification else None))
    w_edges = _w_edges(model)
    for i in dense_indices(model):
        arrays[f"hist_w/{i}"] = np.histogram(np.clip(model.layers[i].weight.data, w_edges[0], w_edges[-1]),
                                             w_edges)[0].astype(np.uint32)
        # no gradient before the first step: an empty histogram, not one count in the lowest bin,
        # which the page drew as every gradient near 6e-8
        arrays[f"hist_g/{i}"] = _log_histogram(grads[i][0] if i in grads else np.zeros(0))
    arrays.update(_confusion(net, data) if data.classification else _predicted_actual(net, data))
    header = {"hist_edges": {"w": w_edges.tolist(), "g": G_EDGES.tolist()},
              "diagnoses": diagnosed}
    return header, arrays


def _log_histogram(g):
    """uint32 counts of |g| over G_EDGES: those of 0 and those not finite, which have no place on
    a log axis, are not counted (the page says how many: the weights' count minus these)."""
    a = np.abs(np.asarray(g, dtype=np.float64)).ravel()
    return np.histogram(a[np.isfinite(a) & (a > 0)], G_EDGES)[0].astype(np.uint32)


def _confusion(net, data):
    """The Evaluation panel's arrays of a classification, on the test part (the training part of
    data without one): ``confusion`` uint32 (k, k), the samples of each true class (rows) by
    predicted class, which leaves out those whose prediction is NaN (no class); ``missed_counts``
    uint32 (2,): the samples missed, NaN ones included, and how many of them have a prediction
    that is not finite (after a divergence often all, which the matrix then does not count); and
    at most MISSED_SHOWN of the samples missed (``_missed_sample``), with their true and predicted
    class (-1: no class)."""
    X, y = (data.X_test, data.y_test) if len(data.X_test) else (data.X_train, data.y_train)
    k = data.n_classes
    none = np.zeros(0, np.int32)
    out = {"confusion": np.zeros((k, k), np.uint32), "missed_counts": np.zeros(2, np.uint32),
           "misclassified": none, "misclassified_true": none, "misclassified_pred": none}
    if not len(X):
        return out
    pred = net.model.forward(X, training=False)
    # each sample's true and predicted class, read once for the counts and the samples missed, as
    # neuralab train reads them (confusion_matrix)
    true, guess, _ = true_and_predicted(pred, y)
    out["confusion"] = confusion_counts(true, guess, k).astype(np.uint32)
    missed = np.flatnonzero(guess != true)
    not_finite = ~np.isfinite(pred.reshape(len(pred), -1)).all(axis=1)
    out["missed_counts"] = np.array([len(missed), np.count_nonzero(not_finite[missed])], np.uint32)
    wrong = _missed_sample(missed, true)
    # what each one is and what the network took it for: an index alone tells a learner nothing
    out.update(misclassified=wrong, misclassified_true=y[wrong].astype(np.int32),
               misclassified_pred=guess[wrong].astype(np.int32))
    if data.image_shape:
        out["misclassified_images"] = data.images_test[wrong].astype(np.float32)
        first = net.model.layers[dense_indices(net.model)[0]]
        out["first_layer_images"] = np.array(first.weight.data, np.float32).reshape((-1,) + tuple(data.image_shape))
    return out


def _missed_sample(wrong, true):
    """At most ``MISSED_SHOWN`` of the rows ``wrong`` (in row order), a mix across their true
    classes ``true[wrong]``: each class's first missed row, then each one's second, and so on, then
    in row order: the first 16 by row can be of a class or two, where a learner looks for which
    classes are confused. The page says how many of how many it shows (the confusion matrix counts
    them all)."""
    classes = true[wrong]
    rank = np.zeros(len(wrong), np.int64)     # how many rows of its class were missed before it
    for c in np.unique(classes):
        rank[classes == c] = np.arange(np.count_nonzero(classes == c))
    picked = wrong[np.lexsort((wrong, rank))[:MISSED_SHOWN]]
    return np.sort(picked).astype(np.int32)


def _predicted_actual(net, data):
    """A regression's answer to the confusion matrix, on the same part (the test part, or the
    training part of data without one): ``predicted_actual`` float32 (n, 2), rows (actual y,
    predicted ŷ) in the target's units, at most PREDICTED_POINTS of them evenly spaced along the
    part, and ``predicted_r2`` float32 (1,), the R² of all its rows, 1 − Σ(y − ŷ)²/Σ(y − ȳ)² (NaN
    with no rows)."""
    X, y = (data.X_test, data.y_test) if len(data.X_test) else (data.X_train, data.y_train)
    if not len(X):
        return {"predicted_actual": np.zeros((0, 2), np.float32), "predicted_r2": np.full(1, np.nan, np.float32)}
    pred = data.in_target_units(net.model.forward(X, training=False))[:, 0]
    keep = evenly_spaced(len(X), PREDICTED_POINTS)
    return {"predicted_actual": np.column_stack([y[keep], pred[keep]]).astype(np.float32),
            "predicted_r2": np.array([r2(pred, y)], np.float32)}


def light_arrays(model, grads):
    """Weights, biases, their latest gradients and gradient norms: every frame. The weights and
    biases are copies (the frame is encoded after the model lock is released, while training
    updates them in place); the gradients in ``grads`` are copies already."""
    arrays, norms = {}, []
    for i in dense_indices(model):
        layer = model.layers[i]
        gW, gb = grads.get(i, (np.zeros_like(layer.weight.data), np.zeros_like(layer.bias.data)))
        arrays.update({f"W/{i}": np.array(layer.weight.data, np.float32),
                       f"b/{i}": np.array(layer.bias.data, np.float32), f"gW/{i}": gW, f"gb/{i}": gb})
        norms.append(float(np.sqrt(np.dot(gW.ravel(), gW.ravel()))))
    arrays["grad_norm"] = np.array(norms, np.float32)
    return {k: np.asarray(v, np.float32) if v.dtype != np.float32 else v for k, v in arrays.items()}


def evaluate(net, data, test=True):
    """loss / val_loss / accuracy (or r2 and mse) of the network's weights now, evaluated on the
    training and (``test``) test parts (evaluation mode: no dropout, no penalty), against the
    targets it learns (a regression's standardised). An epoch's end reports ``fit``'s own numbers
    instead (its training ones are the means over the epoch's batches), but for a network that
    trains otherwise than it predicts (``Net.trains_differently``), whose training numbers are
    these."""
    out = {}
    for prefix, X, y in (("", data.X_train, data.t_train), ("val_", data.X_test, data.t_test)):
        if len(X) and (test or not prefix):
            # (a test row far past the training rows, which predict warns of, the data's
            # warnings have said already, with its column and the file's row)
            with inputs_judged():
                logs = net.trained.evaluate(X, net.targets(y, data.n_classes), loss=net.trained_loss,
                                             metrics=net.metrics)
            out.update({prefix + k: float(v) for k, v in logs.items()})
    return out

