"""What a ``neuralab train`` run writes: its output folder, made before training, the figures
and the per-epoch history; and the check that the trained model is one to write at all."""
import contextlib
import errno
import itertools
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from ..train import plots
from .errors import CLIError
from .report import curve_predictor, plane_predictor

# the loss axis of loss.png: the loss the run trains with (a regression's on its target standardised,
# whose loss is not in the units of the table the run prints)
LOSS_NAMES = {"mse": "MSE", "mae": "MAE", "bce": "binary cross-entropy", "bce_logits": "binary cross-entropy",
              "cross_entropy": "cross-entropy"}
OUTPUT_FILES = ("model.npz", "loss.png", "decision_boundary.png", "prediction_map.png", "prediction_curve.png",
                "confusion_matrix.png", "misclassified.png", "gradient_norms.png", "history.csv", "metrics.json")


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
    probabilities: not MSE's fit), a map of the predicted value (a regression's 2 features) or a
    curve along the one feature; data of more features has no such picture, and the run says so
    (not of images, which misclassified.png shows as images). For classes, the confusion matrix of the test part
    (``matrices``, as ``evaluated_parts`` makes them), and for images the test images the
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
                          val_label="validation" if args.early_stopping is not None else "test" if test is not None
                          else f"all {len(y)}, scored",   # data too small to split: the training rows, after each epoch
                          loss_label=f"loss ({LOSS_NAMES[loss_name]}"
                                     f"{' of the standardised target' if ds.task == 'regression' else ''})",
                          early_stopping=early_stopping, chance=guessing_loss(args, y, loss_name))
        files.append("loss.png")
    if ds.n_features == 2:
        shaded = ds.task != "regression" and loss_name != "mse"   # MSE's fit of 0/1 is no probability
        predictor = curve_predictor if shaded else plane_predictor
        # a regression's plane has no boundary to draw: it is a map of the predicted value
        name = "prediction_map.png" if ds.task == "regression" else "decision_boundary.png"
        plots.decision_boundary(predictor(saved, ds.task, loss_name), X, y, out / name, axes=_axes(ds, args),
                                title=title, class_names=ds.class_names, test=test, probabilities=shaded)
        files.append(name)
    elif ds.n_features == 1:
        plots.prediction_curve(curve_predictor(saved, ds.task, loss_name), X, y,
                               out / "prediction_curve.png", axes=_axes(ds, args),
                               title=title, class_names=ds.class_names, test=test)
        files.append("prediction_curve.png")
    elif ds.image_shape is None:   # (images are shown as images: misclassified.png)
        # a regression's 2-feature plot is a map of the predicted value, not of classes
        plot = ("the prediction plot (a curve over 1 feature, a map over 2) needs at most 2 features"
                if ds.task == "regression" else "the decision-boundary plot needs 2 features")
        print(f"note: {plot} and {ds.name} has {ds.n_features}: skipped")
    if matrices is not None:
        first, *notes = title.split("\n")   # (a "stopped: ..." note stays under the first line)
        scored = "test part" if test is not None else f"all {len(y)} samples"   # (data too small to split)
        plots.confusion_matrix(matrices["test"], ds.class_names, out / "confusion_matrix.png",
                               title="\n".join([f"{first}, {scored}", *notes]))
        files.append("confusion_matrix.png")
    if matrices is not None and ds.image_shape is not None:
        X_test, y_test = test or (X, y)   # (the test part is the training part itself for data too small to split)
        plots.misclassified(X_test.reshape(-1, *ds.image_shape), y_test,
                            plane_predictor(saved, ds.task, loss_name)(X_test), ds.class_names,
                            out / "misclassified.png")
        files.append("misclassified.png")
    return files


def guessing_loss(args, y, loss_name):
    """The loss of guessing by the class frequencies of the training labels ``y``, for the loss
    curves of a cross-entropy run; None for MSE and MAE, whose best guess is no class share but a
    constant, the target's mean (MSE) or median (MAE, of loss mean |y - median y|), not drawn; and
    with --class-weight, whose weighted loss of the shares is another."""
    if loss_name in ("mse", "mae") or getattr(args, "class_weight", None):
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
    inside the ``with`` (diverged, interrupted) removes the folders it made, left empty. Errors
    about the default folder say so and name --out, which the user has not given."""
    if text == "":
        raise CLIError("--out needs a folder name")
    stamp = f"runs/{dataset}-{time.strftime('%Y%m%d-%H%M%S')}"
    for n in itertools.count(1):
        out = Path(text or (stamp if n == 1 else f"{stamp}-{n}"))
        where = f"--out {out}" if text else f"the default output folder, {out}"
        chain = [out, *out.parents]
        existing = next(p for p in chain if p.exists())  # "." or "/" at the latest
        if not existing.is_dir():
            raise CLIError(f"{where}: {existing} is a file, not a folder"
                           + ("" if text else "; move that file, or choose another folder with --out"))
        for name in OUTPUT_FILES:
            if (out / name).is_dir():
                raise CLIError(f"--out {out}: {out / name} is a folder in the way of the file {name} that the "
                               "run writes there; move it or choose another --out")
        try:
            out.mkdir(parents=True, exist_ok=bool(text))
            break
        except OSError as err:
            if not (isinstance(err, FileExistsError) and not text):  # else a run of the same second has it
                raise CLIError(f"{where}: cannot create the folder ({err.strerror})"
                               + ("" if text else "; choose another with --out")) from None
    made = chain[:chain.index(existing)]  # deepest first
    try:
        try:
            tempfile.NamedTemporaryFile(dir=out, prefix=".neuralab-probe-").close()
        except OSError as err:
            raise CLIError(f"{where}: cannot create a file in this folder ({err.strerror})"
                           + ("" if text else "; choose another with --out")) from None
        yield out
    except BaseException:
        for folder in made:
            with contextlib.suppress(OSError):  # one that holds a file stays
                folder.rmdir()
        raise


# a disk or quota that is full: room to make, not another folder's permissions
FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


@contextlib.contextmanager
def written_together(out):
    """A hidden folder in ``out`` to write the run's files into; when the block ends, they replace
    the OUTPUT_FILES of ``out`` (an earlier run's file there would contradict this run's), all at
    once, by renames, which need no room on the disk. A write that fails, as on a full disk, leaves
    ``out`` as it was, an earlier run's files whole rather than deleted, and no half-written
    model.npz: the ``CLIError`` names the file and the fix."""
    try:
        staged = Path(tempfile.mkdtemp(dir=out, prefix=".neuralab-writing-"))
    except OSError as err:
        raise _write_error(out, None, err) from None
    try:
        yield staged
    except BaseException as err:
        being_written = _newest_file(staged)  # the write that failed had begun it, unless it failed to create it
        shutil.rmtree(staged, ignore_errors=True)
        if isinstance(err, OSError):
            raise _write_error(out, Path(err.filename).name if err.filename else being_written, err) from None
        raise
    for name in OUTPUT_FILES:
        (out / name).unlink(missing_ok=True)
    for file in staged.iterdir():
        file.replace(out / file.name)
    staged.rmdir()


def _newest_file(folder):
    """The name of the file of ``folder`` written last, or None for an empty folder."""
    files = list(folder.iterdir())
    return max(files, key=lambda f: f.stat().st_mtime_ns).name if files else None


def _write_error(out, name, err):
    """The CLIError of a failure ``err`` to write the file ``name`` (None: unknown) into ``out``."""
    fix = ("free some space on that disk, or choose an --out on another" if err.errno in FULL
           else "choose another folder with --out")
    what = f"{out / name}" if name else f"the run's files into {out}"
    kept = (", and the files of an earlier run there are as they were"
            if any((out / file).exists() for file in OUTPUT_FILES) else "")
    return CLIError(f"cannot write {what} ({err.strerror or err}): {fix}; nothing of this run was written{kept}")
