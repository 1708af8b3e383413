"""``neuralab train``: load a dataset, build a multi-layer perceptron, train it and write the
model, the figures and metrics.json to an output folder."""
import argparse
import contextlib
import itertools
import json
import numbers
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from .. import data, nn, optim
from ..data.csv import AUTO_MAX_CLASSES, TASKS as CSV_TASKS, is_number
from ..data.idx import missing_mnist_files
from ..nn.checks import check_number
from ..nn.random import seed as set_seed
from ..train import L1, L2, DivergenceWarning, EarlyStopping, LearningRateScheduler, Monitor, plots
from .errors import LIBRARY_NAMES, SCHEDULE_NAMES, CLIError, in_options
from .head import LOSSES, OUTPUTS, choose_head, output_units, parse_layers, plural, positive_int
from .report import class_legend, curve_predictor, json_safe, metrics_table, number, plane_predictor

# The learning rate each optimizer starts from when --lr is not given: values that train the
# built-in datasets well in a few hundred epochs (the library's own defaults follow torch.optim).
DEFAULT_LR = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "rmsprop": 0.005, "adam": 0.01,
              "adamw": 0.01}
OPTIMIZERS = tuple(DEFAULT_LR)
DEFAULT_DATASET = "spiral"
MIN_SPLIT = 10  # fewer samples than this are not split into train and test parts
TEST_SIZE = 0.2  # the fraction held out for testing when --test-size is not given
# Built-in datasets that come with their own test set (MNIST's t10k files, data.load(...,
# kind="test")): trained on their training files and tested on those, the standard protocol,
# unless --test-size asks for a split of the training files or the t10k files are not there.
OWN_TEST_SET = ("mnist", "fashion_mnist")
# The dataset options, whose errors may also list them all ("valid options: n_samples, ...").
DATA_OPTIONS = {**LIBRARY_NAMES, "noise": "--noise", "directory": "--data-dir"}
OUTPUT_FILES = ("model.npz", "loss.png", "decision_boundary.png", "prediction_curve.png", "gradient_norms.png",
                "metrics.json")
VALIDATION_SIZE = 0.2  # the fraction of the training part that --early-stopping holds out
# The options with a range: (kind, test, what is allowed), checked before the data is loaded, so
# that a mistake costs no loading and prints nothing else. (The ranges of --samples, --noise and
# --classes depend on the dataset: its generator checks them, before anything is printed.)
RANGES = {"epochs": (numbers.Integral, lambda v: v >= 1, "an integer >= 1"),
          "test_size": (numbers.Real, lambda v: 0 < v < 1, "a fraction in (0, 1)"),
          "lr": (numbers.Real, lambda v: v > 0, "a finite number > 0"),  # 0 would train nothing
          "dropout": (numbers.Real, lambda v: 0 <= v < 1, "a dropout probability in [0, 1)"),
          "l1": (numbers.Real, lambda v: v >= 0, "a finite number >= 0"),
          "l2": (numbers.Real, lambda v: v >= 0, "a finite number >= 0"),
          "early_stopping": (numbers.Integral, lambda v: v >= 0, "an integer >= 0"),
          "clip_norm": (numbers.Real, lambda v: v > 0, "a finite number > 0")}


def add_parser(sub, formatter_class):
    t = sub.add_parser("train", help="train a network on a dataset and save the model and figures",
                       description="Train a multi-layer perceptron and write the model, a loss-curve "
                                   "PNG and a PNG of the model over the data (a decision boundary for data "
                                   "of 2 features, a prediction curve for 1) to an output folder.",
                       formatter_class=formatter_class)
    src = t.add_argument_group("data")
    src.add_argument("--dataset", metavar="NAME",
                     help=f"a built-in dataset (default: {DEFAULT_DATASET}): " + ", ".join(data.names()))
    src.add_argument("--data", metavar="FILE.csv", help="train on your own CSV file (with a header row) "
                     "instead of a built-in dataset")
    src.add_argument("--target", metavar="COLUMN", help="the CSV column to predict (with --data)")
    src.add_argument("--delimiter", metavar="CHAR", type=_delimiter,
                     help="the character between the cells of the CSV file (with --data; default: ','); "
                          "'\\t' or 'tab' for a tab")
    src.add_argument("--task", choices=CSV_TASKS,
                     help="what the CSV's target is (with --data; default: auto = classes for text and for "
                          f"at most {AUTO_MAX_CLASSES} distinct whole numbers, regression otherwise)")
    src.add_argument("--na-values", metavar="LIST", type=_na_values,
                     help="the cells that mean a missing value, comma-separated, e.g. 'NA,?' (with --data; "
                          "default: pandas' markers NA, N/A, NULL, NaN, ...; an empty cell always is one); "
                          "'' for none, to keep a class named NA (North America)")
    src.add_argument("--samples", type=int, metavar="N",
                     help="number of points of a generated dataset (default: the dataset's own)")
    src.add_argument("--noise", type=float, metavar="STD",
                     help="noise of a generated dataset (default: the dataset's own)")
    src.add_argument("--classes", type=int, metavar="K",
                     help="number of classes of spiral or gaussians (default: the dataset's own)")
    src.add_argument("--data-dir", metavar="DIR", help="the folder holding the IDX files of mnist or "
                     "fashion_mnist (neuralab does not download them)")
    src.add_argument("--test-size", type=float, metavar="FRACTION",
                     help=f"fraction of the samples held out for testing, in (0, 1) (default: {TEST_SIZE}); "
                          "mnist and fashion_mnist are tested on their own t10k files instead, unless "
                          "--test-size is given or those files are not in --data-dir")
    net = t.add_argument_group("network")
    net.add_argument("--layers", default="auto,16,16,auto", metavar="N0,N1,...,NL",
                     help="layer sizes in the course's notation, e.g. 2,16,16,1; the first and last "
                          "may be 'auto' (number of features; 1 output for regression and for 2 "
                          "classes as one probability or logit, one per class otherwise)")
    net.add_argument("--activation", default="relu", choices=sorted(set(nn.ACTIVATIONS) - {"softmax"}),
                     help="activation of every hidden layer")
    net.add_argument("--output", default="auto", choices=OUTPUTS,
                     help="output activation; auto = sigmoid for 2 classes (softmax with --loss "
                          "cross_entropy), softmax for more, identity for regression")
    net.add_argument("--init", choices=sorted(nn.init.INITIALIZERS), metavar="NAME",
                     help="weight initialiser (default: He for the ReLU family, Xavier otherwise): "
                          + ", ".join(sorted(nn.init.INITIALIZERS)))
    net.add_argument("--dropout", type=float, default=0.0, metavar="P",
                     help="drop each hidden unit with probability P during training (inverted dropout)")
    net.add_argument("--batchnorm", action="store_true",
                     help="batch normalisation before each hidden activation")
    fit_group = t.add_argument_group("training")
    fit_group.add_argument("--loss", default="auto", choices=LOSSES,
                           help="auto = binary cross-entropy for 2 classes, cross-entropy for more (both "
                                "on the raw scores with --output identity), MSE for regression")
    fit_group.add_argument("--optimizer", default="adam", choices=OPTIMIZERS,
                           help="momentum and nesterov are SGD with momentum 0.9")
    fit_group.add_argument("--lr", type=float, default=None,
                           help="learning rate (default: " + ", ".join(f"{k} {v}" for k, v in DEFAULT_LR.items()) + ")")
    fit_group.add_argument("--batch-size", default="32", metavar="N|full",
                           help="samples per gradient step: 1 = stochastic, full = batch gradient descent")
    fit_group.add_argument("--epochs", type=int, default=300, help="passes over the training data")
    fit_group.add_argument("--seed", type=int, default=0, help="the same seed gives the same result, bit for bit")
    reg = t.add_argument_group("regularisation and training aids")
    reg.add_argument("--l1", type=float, default=0.0, metavar="RATE", help="L1 penalty λ·Σ|w| on the weights")
    reg.add_argument("--l2", type=float, default=0.0, metavar="RATE", help="L2 penalty (λ/2)·Σw² on the weights")
    reg.add_argument("--early-stopping", type=int, metavar="PATIENCE",
                     help="hold out 20%% of the training data for validation and stop when its loss has "
                          "not improved for PATIENCE epochs, keeping the best weights (0 or 1: stop at "
                          "the first epoch that does not improve) (default: off)")
    reg.add_argument("--schedule", metavar="TEXT",
                     help="learning-rate schedule, stepped every epoch: step:SIZE[:GAMMA], "
                          "cosine:T0[:TMULT] or warmup:STEPS[,step:...|,cosine:...] (default: off, a "
                          "constant learning rate)")
    reg.add_argument("--clip-norm", type=float, metavar="MAX",
                     help="clip the gradients' global norm to MAX before each update (default: off)")
    reg.add_argument("--augment", action="store_true",
                     help="augment every training batch: shifts and rotations for images, "
                          "gaussian noise otherwise")
    reg.add_argument("--monitor", action="store_true",
                     help="record per-layer gradients and activations, print a diagnosis at the end "
                          "and save the gradient-norm figure")
    out = t.add_argument_group("output")
    out.add_argument("--out", metavar="DIR", help="output folder (default: runs/<dataset>-<time>, with -2, -3, "
                     "... for runs started in the same second)")
    out.add_argument("--quiet", action="store_true", help="no progress bar")
    t.set_defaults(func=train_command)


def _delimiter(text):
    """--delimiter's value. A learner types a tab as the two characters \\t, or as 'tab' (a real
    tab needs the shell's $'\\t'); an empty value is a mistake, not the default ','."""
    if text == "":
        raise argparse.ArgumentTypeError("needs a character, such as ',' or ';' (or 'tab')")
    return "\t" if text in ("\\t", "tab") else text


def _na_values(text):
    """--na-values' markers, load_csv's na_values: comma-separated (load_csv ignores the spaces
    around each); '' gives none, pandas' na_values=()."""
    return tuple(filter(None, text.split(",")))


def _check_options(args):
    """Refuses an option outside its range (RANGES), in one line that names the option."""
    for name, (kind, ok, expected) in RANGES.items():
        value = getattr(args, name)
        if value is not None:
            check_number(value, "--" + name.replace("_", "-"), ok, expected, kind)


def _load_dataset(args):
    """The dataset, and the test set it comes with when that is used (OWN_TEST_SET; else None)."""
    options = {"n_samples": args.samples, "noise": args.noise, "n_classes": args.classes,
               "directory": args.data_dir}
    if args.data:
        if args.dataset:
            raise CLIError(f"--data {args.data} and --dataset {args.dataset} both name the data: keep one")
        for name, value in options.items():
            if value is not None:
                raise CLIError(f"{DATA_OPTIONS[name]} is for the built-in datasets, not --data FILE.csv")
        if not args.target:
            raise CLIError("--data needs --target COLUMN, the column to predict")
        return data.load_csv(args.data, target=args.target, task=args.task or "auto",
                             delimiter="," if args.delimiter is None else args.delimiter,
                             na_values=args.na_values), None
    for option, value in (("--target", args.target), ("--delimiter", args.delimiter), ("--task", args.task),
                          ("--na-values", args.na_values)):
        if value is not None:
            raise CLIError(f"{option} goes with --data FILE.csv")
    options = {k: v for k, v in options.items() if v is not None}
    # looked for before the training images are read (60,000 of them for MNIST)
    missing = None if args.data_dir is None else missing_mnist_files(args.data_dir, "test")
    ds = _built_in(args.dataset or DEFAULT_DATASET, options)
    if ds.name not in OWN_TEST_SET:
        return ds, None
    if args.test_size is not None:
        print(f"note: --test-size {args.test_size:g} splits the training images of {ds.name}; "
              "its t10k test files are not used")
    elif missing:
        print(f"note: the t10k test files of {ds.name} were not found in {args.data_dir} ({' and '.join(missing)} "
              f"missing), so the test part is {TEST_SIZE:.0%} of the training images")
    else:
        return ds, _built_in(ds.name, {**options, "kind": "test"})
    return ds, None


def _built_in(name, options):
    """``data.load(name, **options)``, its errors in the options' terms. Of the options it lists
    as valid ("valid options: directory, kind, path"), only those the command line sets remain."""
    try:
        return data.load(name, **options)
    except (ValueError, TypeError) as err:
        message = re.sub(r"(valid options: )(.*)", lambda m: m[1] + ", ".join(
            option for option in m[2].split(", ") if option in DATA_OPTIONS), str(err))
        raise CLIError(in_options(message, DATA_OPTIONS)) from None


def _batch_size(text):
    if text == "full":
        return "full"
    if (size := positive_int(text)) is None:
        raise CLIError(f"--batch-size must be a positive integer or 'full', got {text!r}")
    return size


def _split(ds, test, args):
    """Train / validation / test parts. The test part is the dataset's own test set if that is
    used, else --test-size of the data, with every class in both parts. A validation part is held
    out of the training part only for early stopping; otherwise the curves show the test part. A
    dataset too small to hold anything out (the logic gates' four points) is used whole for each
    part, and the run says so."""
    if test is not None:
        X_train, y_train, X_test, y_test = ds.X, ds.y, test.X, test.y
    elif len(ds) < MIN_SPLIT:
        print(f"note: {len(ds)} samples are too few to hold out a test part: every part is all of them")
        return [(ds.X, ds.y)] * 3
    else:
        _check_classes(ds, args)
        test_size = TEST_SIZE if args.test_size is None else args.test_size
        X_train, X_test, y_train, y_test = _hold_out(ds, ds.X, ds.y, test_size, args.seed)
    X_val, y_val = X_test, y_test
    if args.early_stopping is not None:
        try:
            X_train, X_val, y_train, y_val = _hold_out(ds, X_train, y_train, VALIDATION_SIZE, args.seed)
        except CLIError:  # its message would speak of a test_size the user did not give
            classes = ""
            if ds.class_names is not None:
                counts = np.bincount(y_train, minlength=ds.n_classes)
                classes = (f" with every class in both parts (class {ds.class_names[counts.argmin()]!r} "
                           f"has {counts.min()})")
            smaller = "use a smaller --test-size or " if test is None else ""
            raise CLIError(f"--early-stopping: the {len(y_train)} training samples are too few to hold out "
                           f"{VALIDATION_SIZE:.0%} for validation{classes}; {smaller}leave out --early-stopping"
                           ) from None
    return [(X_train, y_train), (X_val, y_val), (X_test, y_test)]


def _check_classes(ds, args):
    """Refuses a class of one sample, which cannot be in both the training and the test part,
    in the terms of how the classes came about: a CSV column read as classes (the column may be
    a quantity: --task regression), or the --samples of a generated dataset."""
    if ds.class_names is None:
        return
    labels, counts = np.unique(ds.y, return_counts=True)
    if counts.min() > 1:
        return
    rare = ds.class_names[labels[counts.argmin()]]
    need = "a class needs 2 to appear in both the training and test parts"
    if args.data_dir is not None:
        raise CLIError(f"{ds.name}: class {rare!r} has only 1 of the {len(ds)} images in {args.data_dir}, but "
                       f"{need}: use files with more images of each class")
    if not args.data:
        fewer = " or fewer --classes" if args.classes is not None else ""
        raise CLIError(f"{ds.name}: class {rare!r} has only 1 of the {len(ds)} samples, but {need}: "
                       f"use more --samples{fewer}")
    column = f"target column {args.target!r}"
    read = (f"--task {args.task} makes {column} {ds.n_classes} classes" if args.task in ("binary", "multiclass")
            else f"{column} was read as {ds.n_classes} classes (text, or at most {AUTO_MAX_CLASSES} distinct "
                 "whole numbers)")
    fix = "add rows of that class or remove its row"
    if all(is_number(name) for name in ds.class_names):
        fix = f"if {args.target} is a quantity, pass --task regression; otherwise {fix}"
    raise CLIError(f"{read}; class {rare!r} has only 1 row, but {need}: {fix}")


def _constant_features(ds, X_train, own_data):
    """Warns about features that hold one value in every training row (they tell the network
    nothing); returns whether all of them do, when the loss can fall only as far as the class
    frequencies or the target's mean allow and a lower learning rate is no advice. The columns
    of the user's own CSV are named; the always-blank border pixels of images are normal."""
    same = X_train.min(axis=0) == X_train.max(axis=0)
    if same.all():
        print(f"warning: every feature holds one value in all {len(X_train)} training rows, so the network "
              f"can learn only the target's overall {'mean' if ds.task == 'regression' else 'class frequencies'}",
              file=sys.stderr)
    elif own_data and same.any():
        names = [name for name, constant in zip(ds.feature_names, same) if constant]
        shown = ", ".join(map(repr, names[:5])) + (", …" if len(names) > 5 else "")
        print(f"warning: feature column{'s' if len(names) > 1 else ''} {shown} hold{'' if len(names) > 1 else 's'} "
              f"one value in every training row and tell{'' if len(names) > 1 else 's'} the network nothing",
              file=sys.stderr)
    return bool(same.all())


def _scalings(ds, X_train, y_train):
    """The layers around the network: the inputs standardised with the training part's
    statistics (each feature then weighs alike at the start) and, for regression, the network's
    standardised output mapped back to the target's units (a price near 300,000 would otherwise
    ask the last layer's bias to travel 300,000 by gradient steps). They are saved with the model.
    Returns the inputs' ``Standardizer`` (augmentation works in the data's units through it), the
    inputs' layer and the target's (None for classes)."""
    x = data.Standardizer().fit(X_train)
    inputs = nn.Standardize(ds.n_features, mean=x.mean, std=x.std)
    if ds.task != "regression":
        return x, inputs, None
    y = data.Standardizer().fit(y_train.reshape(-1, 1))
    return x, inputs, nn.Standardize(1, mean=y.mean, std=y.std)


def _hold_out(ds, X, y, fraction, seed):
    """``data.train_test_split``, stratified for classes; its errors name each class as the
    data does ("class 2 has 1" is "class 'zebra' has 1") and the split as the user sees it, and
    suggest fractions only: the sample counts that the library also takes are not --test-size's."""
    try:
        return data.train_test_split(X, y, test_size=fraction, seed=seed, stratify=ds.class_names is not None)
    except ValueError as err:
        named = re.sub(r"\bclass (\d+)", lambda m: f"class {ds.class_names[int(m[1])]!r}", str(err))
        fractions = re.sub(r" or a count up to \d+|at (least|most) \d+ samples, ", "", named)
        raise CLIError(in_options(fractions, {"stratify": "the split"})) from None


def _callbacks(args, opt):
    callbacks = []
    if args.early_stopping is not None:
        callbacks.append(EarlyStopping(monitor="val_loss", patience=args.early_stopping, restore_best=True))
    if args.schedule:
        try:
            schedule = optim.parse_schedule(args.schedule, opt)
        except (ValueError, TypeError) as err:
            raise CLIError(f"--schedule {args.schedule}: {in_options(str(err), SCHEDULE_NAMES)}") from None
        callbacks.append(LearningRateScheduler(schedule, per="epoch"))
    if args.monitor:
        callbacks.append(Monitor())
    return callbacks


def train_command(args):
    _check_options(args)
    batch_size = _batch_size(args.batch_size)
    penalties = [p for p in (L1(args.l1) if args.l1 else None, L2(args.l2) if args.l2 else None) if p]
    set_seed(args.seed)
    ds, test = _load_dataset(args)
    classification = ds.task != "regression"
    output, loss_name = choose_head(ds.task, ds.n_classes, args.output, args.loss)
    n_outputs = output_units(ds.task, ds.n_classes, output, loss_name)
    sizes = parse_layers(args.layers, ds.n_features, n_outputs, ds.task)
    model = nn.MLP(sizes, activation=args.activation, output=output, init=args.init,
                   dropout=args.dropout, batchnorm=args.batchnorm)
    lr = args.lr if args.lr is not None else DEFAULT_LR[args.optimizer]
    opt = optim.get(args.optimizer, model.parameters(), lr=lr)
    callbacks = _callbacks(args, opt)  # a schedule sets opt.lr to its first value

    raw = _split(ds, test, args)
    if loss_name == "mse" and n_outputs > 1:  # MSE against one-hot rows
        raw = [(X, data.one_hot(y, ds.n_classes)) for X, y in raw]
    scaler, inputs, targets = _scalings(ds, *raw[0])
    uninformative = _constant_features(ds, raw[0][0], own_data=bool(args.data))
    with _output_folder(args.out, ds.name) as out:  # last: a run refused before training leaves no folder
        (X_train, y_train), (X_val, y_val), (X_test, y_test) = [
            (inputs.forward(X), y if targets is None else targets.forward(y.reshape(-1, 1))[:, 0]) for X, y in raw]
        augment = data.default_augment(ds, scaler=scaler) if args.augment else None
        metrics = ["accuracy"] if classification else ["mse", "mae", "r2"]
        samples = plural(len(ds), "sample") + ("" if test is None else f" + {plural(len(test), 'test sample')}")
        print(f"neuralab train: {ds.name} ({samples}, {ds.task}), network "
              f"{'-'.join(map(str, sizes))} {args.activation}/{output}, {loss_name}, {args.optimizer} "
              f"lr={lr:g}{' ' + args.schedule if args.schedule else ''}, batch {batch_size}, "
              f"{plural(args.epochs, 'epoch')}")
        if args.activation == "step":
            print("warning: gradient descent cannot train step units (their derivative is 0, so no gradient "
                  "reaches the layers before them); the perceptron rule can, for one layer "
                  "(neuralab.classic.Perceptron): use --activation relu", file=sys.stderr)
        if targets is not None:
            print(f"note: the network learns the target standardised (mean {number(targets.mean[0])}, std "
                  f"{number(targets.std[0])}), so the loss curve is in those units; the table and the "
                  f"saved model are in the target's own")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DivergenceWarning)
            history = model.fit(X_train, y_train, loss=loss_name, optimizer=opt, epochs=args.epochs,
                                batch_size=batch_size, validation_data=(X_val, y_val), metrics=metrics,
                                verbose=0 if args.quiet else 1, seed=args.seed, callbacks=callbacks,
                                penalty=penalties, clip_norm=args.clip_norm, augment=augment)
        # Saved with its scalings, the network takes data in its own units and predicts in the
        # target's: neuralab.load(".../model.npz").predict(X) needs nothing else.
        outputs = [] if targets is None else [targets.inverse()]
        saved = nn.Sequential(inputs, *model.layers, *outputs)
        if not _finite(saved, (raw[0][0], raw[2][0])):
            reason = (history.stop_reason if any(issubclass(w.category, DivergenceWarning) for w in caught)
                      else f"the last update overflowed; try a lower learning rate (now {opt.lr:g})")
            raise CLIError(f"training diverged: {reason}; the model's weights or outputs went past the "
                           "float range (NaN or inf), so nothing was written")
        for w in caught:
            print(f"warning: {w.message}", file=sys.stderr)
        if history.stop_reason and not caught:
            print(f"training ended early: {history.stop_reason}")
        losses = history.history.get("loss", [])
        if (len(losses) > 1 and not losses[-1] < losses[0] and not caught  # a step too large jumps over every valley
                and not uninformative):
            print(f"warning: the training loss did not fall ({number(losses[0])} in the first epoch, "
                  f"{number(losses[-1])} in the last): try a lower learning rate (now {opt.lr:g})",
                  file=sys.stderr)

        # Scored as saved, from the data's own units to the target's (evaluate, as fit, gives a loss
        # that applies the sigmoid or softmax itself the logits before that layer).
        with np.errstate(all="ignore"):  # the last finite weights of a diverged run may overflow
            results = {part: saved.evaluate(X, y, loss=loss_name, metrics=metrics)
                       for part, (X, y) in (("train", raw[0]), ("test", raw[2]))}
        print(metrics_table(list(results.items())))
        if classification and (legend := class_legend(ds.class_names, n_outputs, output)):
            print(legend)

        saved.save(out / "model.npz")
        files = ["model.npz"] + _figures(args, ds, saved, history, out, loss_name,
                                         title=f"{ds.name}: {'-'.join(map(str, sizes))}")
        # what the saved model's inputs and outputs stand for: the columns in the order it takes
        # them, and the class of each output number ("no" = 1, not "yes", in a CSV of yes/no)
        report = {"results": results, "history": history.history, "stop_reason": history.stop_reason,
                  "command": args.argv, "target": args.target, "features": list(ds.feature_names),
                  "classes": list(ds.class_names) if classification else None}
        monitor = next((cb for cb in callbacks if isinstance(cb, Monitor)), None)
        if monitor is not None:
            diagnosis = monitor.report()
            print(diagnosis.text("cli"))
            report["diagnosis"] = diagnosis.text("cli")
            plots.gradient_norms(monitor, out / "gradient_norms.png")
            files.append("gradient_norms.png")
        (out / "metrics.json").write_text(json.dumps(json_safe(report), indent=2, allow_nan=False))
        files.append("metrics.json")
        for name in set(OUTPUT_FILES) - set(files):  # an earlier run's figure there would contradict this one
            (out / name).unlink(missing_ok=True)
        print(f"wrote {', '.join(files)} to {out}/")
    return 0


def _finite(model, inputs):
    """Whether the model's weights, and its outputs for each array of ``inputs``, are all finite.
    fit stops before an update from a NaN or inf gradient, but an update from finite ones can
    itself overflow (a learning rate near the float range), or leave weights so large (1e30)
    that the outputs overflow: such a model predicts nothing, and cannot be scored or saved."""
    with np.errstate(all="ignore"):
        return (all(np.isfinite(p.data).all() for p in model.parameters())
                and all(np.isfinite(model.predict(X)).all() for X in inputs))


def _figures(args, ds, saved, history, out, loss_name, title):
    """Draws the run's figures into ``out``; returns their file names. The loss curves, once an
    epoch has ended; the model over the data, as a decision boundary (2 features) or a curve
    along the one feature; data of more features has no such picture, and the run says so."""
    files = []
    if history.epoch:  # a run that diverged in its first epoch has no curve to draw
        plots.loss_curves(history, out / "loss.png",
                          val_label="validation" if args.early_stopping is not None else "test")
        files.append("loss.png")
    if ds.n_features == 2:
        plots.decision_boundary(plane_predictor(saved, ds.task, loss_name), ds.X, ds.y,
                                out / "decision_boundary.png", axes=ds.feature_names, title=title,
                                class_names=ds.class_names)
        files.append("decision_boundary.png")
    elif ds.n_features == 1:
        plots.prediction_curve(curve_predictor(saved, ds.task, loss_name), ds.X, ds.y,
                               out / "prediction_curve.png", axes=(ds.feature_names[0], args.target or "y"),
                               title=title, class_names=ds.class_names)
        files.append("prediction_curve.png")
    else:
        print(f"note: the decision-boundary plot needs 2 features and {ds.name} has {ds.n_features}: skipped")
    return files


@contextlib.contextmanager
def _output_folder(text, dataset):
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
