"""What a ``neuralab train`` run writes: its output folder, made before training, the figures
and the per-epoch history; and the check that the trained model is one to write at all."""
import contextlib
import itertools
import tempfile
import time
from pathlib import Path

import numpy as np

from ..train import plots
from .errors import CLIError
from .report import curve_predictor, plane_predictor

# the loss axis of loss.png: the loss the run trains with (a regression's on its target standardised,
# whose loss is not in the units of the table the run prints)
LOSS_NAMES = {"mse": "MSE", "bce": "binary cross-entropy", "bce_logits": "binary cross-entropy",
              "cross_entropy": "cross-entropy"}
OUTPUT_FILES = ("model.npz", "loss.png", "decision_boundary.png", "prediction_curve.png", "confusion_matrix.png",
                "misclassified.png", "gradient_norms.png", "history.csv", "metrics.json")


def model_is_finite(model, inputs):
    """Whether the model's weights, and its outputs for each array of ``inputs``, are all finite.
    fit stops before an update from a NaN or inf gradient, but an update from finite ones can
    itself overflow (a learning rate near the float range), or leave weights so large (1e30)
    that the outputs overflow: such a model predicts nothing, and cannot be scored or saved."""
    with np.errstate(all="ignore"):
        return (all(np.isfinite(p.data).all() for p in model.parameters())
                and all(np.isfinite(model.predict(X)).all() for X in inputs))


def figures(args, ds, saved, history, out, loss_name, title, parts=None, early_stopping=None, matrices=None):
    """Draws the run's figures into ``out``; returns their file names. The loss curves, once an
    epoch has ended, with a dashed line at ``early_stopping``'s best epoch (the EarlyStopping of
    the run, if any: the model saved is that epoch's); the model over the data, as a decision
    boundary (2 features, each region shaded by the model's confidence when its outputs are
    probabilities: not MSE's fit) or a curve along the one feature; data of more features has no
    such picture, and the run says so. For classes, the confusion matrix of the test part
    (``matrices``, as ``confusion_matrices`` makes them), and for images the test images the
    model gets wrong. ``parts``: the (X, y) of the training and the test part in the data's
    units, as ``split`` makes them: the test points are drawn apart, and each part's score is in
    the title (None: all of ds, one kind of point). A run that stopped early (diverged, or early
    stopping) says so in every title."""
    files = []
    note = plots.stop_note(history.stop_reason)
    if note:
        title = f"{title}\n{note}"
    (X, y), test = _drawn_parts(ds, parts)
    if history.epoch:  # a run that diverged in its first epoch has no curve to draw
        plots.loss_curves(history, out / "loss.png",
                          val_label="validation" if args.early_stopping is not None else "test",
                          loss_label=f"loss ({LOSS_NAMES[loss_name]}"
                                     f"{' of the standardised target' if ds.task == 'regression' else ''})",
                          early_stopping=early_stopping, chance=_chance(args, y, loss_name))
        files.append("loss.png")
    if ds.n_features == 2:
        shaded = ds.task != "regression" and loss_name != "mse"   # MSE's fit of 0/1 is no probability
        predictor = curve_predictor if shaded else plane_predictor
        plots.decision_boundary(predictor(saved, ds.task, loss_name), X, y,
                                out / "decision_boundary.png", axes=_axes(ds, args), title=title,
                                class_names=ds.class_names, test=test, probabilities=shaded)
        files.append("decision_boundary.png")
    elif ds.n_features == 1:
        plots.prediction_curve(curve_predictor(saved, ds.task, loss_name), X, y,
                               out / "prediction_curve.png", axes=_axes(ds, args),
                               title=title, class_names=ds.class_names, test=test)
        files.append("prediction_curve.png")
    elif ds.task == "regression":  # its 2-feature plot is a map of the predicted value, not of classes
        print(f"note: the prediction plot (a curve over 1 feature, a map over 2) needs at most 2 features and "
              f"{ds.name} has {ds.n_features}: skipped")
    else:
        print(f"note: the decision-boundary plot needs 2 features and {ds.name} has {ds.n_features}: skipped")
    if matrices is not None:
        first, *notes = title.split("\n")   # (a "stopped: ..." note stays under the first line)
        plots.confusion_matrix(matrices["test"], ds.class_names, out / "confusion_matrix.png",
                               title="\n".join([f"{first}, test part", *notes]))
        files.append("confusion_matrix.png")
    if matrices is not None and ds.image_shape is not None:
        X_test, y_test = test or (X, y)   # (the test part is the training part itself for data too small to split)
        plots.misclassified(X_test.reshape(-1, *ds.image_shape), y_test,
                            plane_predictor(saved, ds.task, loss_name)(X_test), ds.class_names,
                            out / "misclassified.png")
        files.append("misclassified.png")
    return files


def _chance(args, y, loss_name):
    """The loss of guessing by the class frequencies of the training labels ``y``, for the loss
    curves of a cross-entropy run; None for MSE (whose loss of that guess is another number),
    and with --class-weight, whose weighted loss of it is another too."""
    if loss_name == "mse" or getattr(args, "class_weight", None):
        return None
    return plots.chance_loss(y)


def _drawn_parts(ds, parts):
    """The (X, y) drawn as training points and the (X_test, y_test) drawn as test points (None:
    no test part, or one that is the training part itself, as for a dataset too small to split).
    MSE's one-hot rows of classes are read back as the classes."""
    if parts is None:
        return (ds.X, ds.y), None
    (X, y), (X_test, y_test) = [(X, y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y) for X, y in parts]
    return (X, y), (None if X_test is X else (X_test, y_test))


def _axes(ds, args):
    """The names of the plot's axes: the features, then the target (a prediction curve's y axis,
    a regression map's colour bar)."""
    features = tuple(ds.feature_names)
    if ds.n_features == 1:
        return features[0], args.target or "y"
    return features + ((args.target or "target",) if ds.task == "regression" else ())


@contextlib.contextmanager
def output_folder(text, dataset):
    """The output folder, made before training, so that a folder that cannot be made or written
    into, a file in its way or a folder in the way of a file that the run writes is reported
    now, not after the run (whose model would be lost). A file is created and removed to know:
    permissions alone miss a folder such as /proc, which takes no new file even from root.

    The default, runs/<dataset>-<time>, is this run's alone: a run started in the same second
    takes -2, -3, ... (mkdir with exist_ok=False claims a name atomically). A run that fails
    inside the ``with`` (diverged, interrupted) removes the folders it made, left empty."""
    if text == "":
        raise CLIError("--out needs a folder name")
    stamp = f"runs/{dataset}-{time.strftime('%Y%m%d-%H%M%S')}"
    for n in itertools.count(1):
        out = Path(text or (stamp if n == 1 else f"{stamp}-{n}"))
        chain = [out, *out.parents]
        existing = next(p for p in chain if p.exists())  # "." or "/" at the latest
        if not existing.is_dir():
            raise CLIError(f"--out {out}: {existing} is a file, not a folder")
        for name in OUTPUT_FILES:
            if (out / name).is_dir():
                raise CLIError(f"--out {out}: {out / name} is a folder in the way of the file {name} that the "
                               "run writes there; move it or choose another --out")
        try:
            out.mkdir(parents=True, exist_ok=bool(text))
            break
        except OSError as err:
            if not (isinstance(err, FileExistsError) and not text):  # else a run of the same second has it
                raise CLIError(f"--out {out}: cannot create the folder ({err.strerror})") from None
    made = chain[:chain.index(existing)]  # deepest first
    try:
        try:
            tempfile.NamedTemporaryFile(dir=out, prefix=".neuralab-probe-").close()
        except OSError as err:
            raise CLIError(f"--out {out}: cannot create a file in this folder ({err.strerror})") from None
        yield out
    except BaseException:
        for folder in made:
            with contextlib.suppress(OSError):  # one that holds a file stays
                folder.rmdir()
        raise
