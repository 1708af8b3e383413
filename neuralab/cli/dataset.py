"""The data of a ``neuralab train`` run: the dataset loaded (a built-in one or a CSV), split into
training, validation and test parts, and the scalings saved with the model."""
import re
import sys
from pathlib import Path

import numpy as np

from .. import data, nn
from ..data.csv import AUTO_MAX_CLASSES
from ..data.csv_cells import is_number
from ..data.csv_error import CsvError
from ..data.csv_one_hot import missing_categories, missing_text
from ..data.identifier_columns import RoundedWholeNumbersWarning
from ..data.idx import is_idx_file, missing_mnist_files
from ..data.spread import marker_shaped
from ..data.standardizer import fitted_saying
from ..nn.names import refuse_long_name
from ..nn.user_line import Collected
from .errors import LIBRARY_NAMES, CLIError, in_options, leave_out
from .head import plural
from .file_rows import file_row, marker_remedy

DEFAULT_DATASET = "spiral"
MIN_SPLIT = 10  # fewer samples than this are not split into train and test parts
TEST_SIZE = 0.2  # the fraction held out for testing when --test-size is not given
# Built-in datasets that come with their own test set (MNIST's t10k files, data.load(...,
# kind="test")): trained on their training files and tested on those, the standard protocol,
# unless --test-size asks for a split of the training files or the t10k files are not there.
OWN_TEST_SET = ("mnist", "fashion_mnist")
# The dataset options, whose errors may also list them all ("valid options: n_samples, ...").
DATA_OPTIONS = {**LIBRARY_NAMES, "noise": "--noise", "directory": "--data-dir"}
VALIDATION_SIZE = 0.2  # the fraction of the training part that --early-stopping holds out
# The most classes that numbers coded 0..K-1 or 1..K may have and still be read as classes without
# a note (numbers_as_classes): iris's 0, 1, 2 and wine's 1, 2, 3 are classes; 1 to 5 is as often a
# rating, and 0 to 4 a count, as classes.
CODE_MAX_CLASSES = 3


def load_dataset(args, train=None, warned=None, max_features=None):
    """The dataset, and the test set it comes with when that is used (OWN_TEST_SET; else None).
    ``train``: for a command other than neuralab train (play), the neuralab train command line on
    the same file, by which its warnings advise --dtype, an option of train's alone. ``warned``: a
    list that gets the warnings reading the CSV gave, printed here (play tells them to its pages).
    ``max_features``: load_csv's, the most input columns a CSV may make (play's limit)."""
    options = {"n_samples": args.samples, "noise": args.noise, "n_classes": args.classes,
               "directory": args.data_dir}
    if args.data:
        if args.dataset:
            raise CLIError(f"--data {args.data} and --dataset {args.dataset} both name the data: keep one")
        for name, value in options.items():
            if value is not None:
                raise CLIError(f"{DATA_OPTIONS[name]} is for the built-in datasets, not --data FILE.csv")
        if is_idx_file(args.data):   # MNIST's files: before --target, which the images have none of
            raise CLIError(f"{args.data} is an IDX file (MNIST's format of images or labels), not a CSV: pass the "
                           f"folder that holds the four files, --dataset mnist --data-dir "
                           f"{Path(args.data).parent} (or --dataset fashion_mnist)")
        if not args.target:
            raise CLIError("--data needs --target COLUMN, the column to predict")
        with Collected() as said:  # what reading warns of (an ID that float32 rounds): lines of the command's
            ds = _read_csv(args, max_features)
        for warning in said.caught:
            print(f"warning: {_in_options(warning, train)}", file=sys.stderr)
        if warned is not None:
            warned.extend(said.caught)
        _refuse_long_names(ds, args)
        if len(ds.dropped_rows):
            print(f"note: dropped {len(ds.dropped_rows)} of {len(ds) + len(ds.dropped_rows)} rows with missing "
                  f"cells ({missing_text(ds.missing_cells)})")
        if encoded := missing_categories(ds):
            print(f"note: kept the rows with an empty category ({missing_text(encoded)}), 0 in each of that "
                  f"column's 0/1 columns")
        return ds, None
    for option, value in (("--target", args.target), ("--delimiter", args.delimiter), ("--task", args.task),
                          ("--na-values", args.na_values), ("--decimal", args.decimal),
                          ("--one-hot", args.one_hot), ("--missing", args.missing), ("--ignore", args.ignore)):
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


def _read_csv(args, max_features=None):
    """--data read by ``load_csv`` with the options that go with it, and ``max_features``. Its
    refusals, every one a ``CsvError``, are said from their parts (``errors.in_command_terms``): the file and its columns
    as written (a column 'seed' is no --seed), its advice as the options typed."""
    return data.load_csv(args.data, target=args.target, task=args.task or "auto", delimiter=args.delimiter,
                         na_values=args.na_values, decimal="." if args.decimal is None else args.decimal,
                         one_hot=one_hot_argument(args.one_hot), missing=args.missing or "refuse", ignore=args.ignore or (),
                         max_features=max_features)


def _in_options(warning, train=None):
    """``load_csv``'s ``warning`` in the command line's words: a column of whole numbers that float32
    rounds into fewer (``RoundedWholeNumbersWarning``), made from its fields, with --dtype float64
    (the ``train`` command's, when given) and --ignore; another with its arguments as options
    (``in_options``)."""
    if not isinstance(warning, RoundedWholeNumbersWarning):
        return in_options(str(warning), LIBRARY_NAMES)
    float64 = "--dtype float64" if train is None else f"{train} --dtype float64"
    return warning.saying(f"{float64} keeps them apart", leave_out(warning.column))


def one_hot_argument(columns):
    """--one-hot's columns as load_csv's one_hot (neuralab train's and play's): "auto" alone is that word, not a column's name."""
    if columns is None or "auto" not in columns:
        return columns
    if len(columns) > 1:
        raise CLIError(f"--one-hot auto encodes every column of text, so the columns {','.join(columns)} name too "
                       f"many: give auto alone, or the columns alone")
    return "auto"


def _refuse_long_names(ds, args):
    """Refuses a column or class name that the model file could not keep (``nn.names``'
    MAX_NAME_CHARS): saving is the run's last step, and it would refuse it after the training. The
    refusal names the file and the name as written (a ``CsvError``, which the command line does
    not rewrite: ``errors.in_command_terms``)."""
    for kind, names, fix in (("column", ds.feature_names, "shorten it in the file's header"),
                             ("class", ds.class_names or (), f"shorten it in column {args.target!r}, or "
                                                             f"choose another --target")):
        refuse_long_name(names, f"{args.data}: the {kind} name", fix, error=CsvError)


def _built_in(name, options):
    """``data.load(name, **options)``, its errors in the options' terms. Of the options it lists
    as valid ("valid options: directory, kind, path"), only those the command line sets remain."""
    try:
        return data.load(name, **options)
    except (ValueError, TypeError) as err:
        message = re.sub(r"(valid options: )(.*)", lambda m: m[1] + ", ".join(
            option for option in m[2].split(", ") if option in DATA_OPTIONS), str(err))
        raise CLIError(in_options(message, DATA_OPTIONS)) from None


def too_few_to_split(ds, test):
    """Whether ``split`` uses the data whole for each part: fewer than MIN_SPLIT samples (the logic
    gates' four points) and no test set of its own, too few to hold anything out."""
    return test is None and len(ds) < MIN_SPLIT


def unsplit_note(ds):
    """The run's note for data too small to split (``too_few_to_split``): what the table's one row
    is scored on."""
    n = len(ds)
    if n == 1:
        return "note: 1 sample is too few to hold out a test part: the network is trained and scored on it"
    return f"note: {n} samples are too few to hold out a test part: the network is trained and scored on all {n}"


def split(ds, test, args):
    """Train / validation / test parts. The test part is the dataset's own test set if that is
    used, else --test-size of the data, with every class in both parts. A validation part is held
    out of the training part only for early stopping; otherwise the curves show the test part. A
    dataset too small to hold anything out (``too_few_to_split``) is used whole for each part, the
    same (X, y) three times, and the run says so (``unsplit_note``)."""
    if too_few_to_split(ds, test):
        return [(ds.X, ds.y)] * 3
    if test is not None:
        X_train, y_train, X_test, y_test = ds.X, ds.y, test.X, test.y
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
                rare = ds.class_names[counts.argmin()]
                classes = f" with every class in both parts (class {rare!r} has {counts.min()})"
                in_all = int((ds.y == counts.argmin()).sum())
                if test is None and in_all < 3:  # the test part takes one of its rows whatever --test-size says
                    raise CLIError(f"--early-stopping: class {rare!r} has {in_all} rows in all, and a class needs 3, "
                                   f"one for each of the training, validation and test parts: add rows of that "
                                   f"class or remove its rows, or leave out --early-stopping") from None
            smaller = "use a smaller --test-size or " if test is None else ""
            n = len(y_train)
            raise CLIError(f"--early-stopping: {plural(n, 'training sample')} {'is' if n == 1 else 'are'} too few "
                           f"to hold out {VALIDATION_SIZE:.0%} for validation{classes}; {smaller}leave out "
                           "--early-stopping") from None
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
    if all(is_number(name, args.decimal or ".") for name in ds.class_names):  # "1,5" with --decimal ,
        fix = f"if {args.target} is a quantity, pass --task regression; otherwise {fix}"
    raise CLIError(f"{read}; class {rare!r} has only 1 row, but {need}: {fix}")


def numbers_as_classes(ds, args):
    """The note for a CSV target of numbers that auto mode (no --task, or --task auto) read as
    classes, since at most AUTO_MAX_CLASSES distinct whole numbers are: a quality rated 1 to 10
    would silently become 10 classes. None for the numbers a learner writes for classes, where
    the note would only be noise: two values (0/1, -1/1, 1/2, the yes/no of a binary task), or
    codes that count from 0 or 1 without a gap, 0..K-1 or 1..K, for at most CODE_MAX_CLASSES
    classes. Anything else (more codes, gaps, values far from 0) is as likely a quantity, and a
    line too many costs less than a quantity trained as classes. Built-in datasets know their task.
    A class written all nines (-999 among 0/1, ``data.spread.marker_shaped``) is noted whatever
    the others: as a missing value's marker it would be a class the network learns to answer."""
    if (not args.data or args.task not in (None, "auto") or ds.class_names is None
            or not all(is_number(name) for name in ds.class_names)):
        return None
    values = [float(name) for name in ds.class_names]  # in increasing order, as the classes 0..K-1
    marker = next((name for name, value in zip(ds.class_names, values) if marker_shaped(value)), None)
    if marker is not None:  # a missing value's marker is no class, among codes or two values too
        return (f"note: target column {args.target!r} holds {marker}, all nines, read as a class of its own "
                f"({ds.n_classes} classes): a marker of missing values? fix or drop its rows, or pass "
                f"--na-values {marker} to be told which they are")
    codes = values[0] in (0, 1) and values == [values[0] + i for i in range(len(values))]
    if len(values) == 2 or (codes and len(values) <= CODE_MAX_CLASSES):
        return None
    return (f"note: target column {args.target!r} holds {len(values)} distinct whole numbers, from "
            f"{ds.class_names[0]} to {ds.class_names[-1]}, so it was read as {ds.n_classes} classes (at most "
            f"{AUTO_MAX_CLASSES} are); if it is a quantity, --task regression predicts it as a number")


# --monitor's report when ``constant_features`` found that every feature holds one value: its finding of
# inputs that never vary would say again, of the standardised columns, what the warning said of the file's
CONSTANT_FEATURES_SAID = "Training monitor: nothing to diagnose while every feature holds one value (the warning above)"


def constant_features(ds, X_train, own_data):
    """Warns about features that hold one value in every training row (they tell the network
    nothing); returns whether all of them do, when the loss can fall only as far as the class
    frequencies or the target's mean allow and a lower learning rate is no advice, nor anything
    --monitor finds (``CONSTANT_FEATURES_SAID``). The columns of the user's own CSV are named; the
    always-blank border pixels of images are normal."""
    same = X_train.min(axis=0) == X_train.max(axis=0)
    if same.all():
        rows = "the one training row" if len(X_train) == 1 else f"all {len(X_train)} training rows"
        fix = ("train on more rows than one" if len(X_train) == 1 else
               "the inputs are every column of the file but --target's and --ignore's: check that those are the "
               "ones meant")
        print(f"warning: every feature holds one value in {rows}, so the network can learn only the target's "
              f"overall {'mean' if ds.task == 'regression' else 'class frequencies'}; {fix}", file=sys.stderr)
    elif own_data and same.any():
        names = [name for name, constant in zip(ds.feature_names, same) if constant]
        shown = ", ".join(map(repr, names[:5])) + (", …" if len(names) > 5 else "")
        print(f"warning: feature column{'s' if len(names) > 1 else ''} {shown} hold{'' if len(names) > 1 else 's'} "
              f"one value in every training row and tell{'' if len(names) > 1 else 's'} the network nothing",
              file=sys.stderr)
    return bool(same.all())


def scalings(ds, X_train, y_train, args):
    """The layers around the network: the inputs standardised with the training part's
    statistics (each feature then weighs alike at the start; an image's pixels, one μ and σ per
    channel, as torchvision's MNIST recipe: see ``Standardizer``) and, for regression, the network's
    standardised output mapped back to the target's units (a price near 300,000 would otherwise
    ask the last layer's bias to travel 300,000 by gradient steps). They are saved with the model.
    Returns the inputs' ``Standardizer`` (augmentation works in the data's units through it), the
    inputs' layer, the target's (None for classes), the input columns whose lone value a
    warning before training named (``fitted_saying``'s ``warned``), which --monitor's report
    points back to (``Monitor.report(warned_columns=...)``) instead of saying it again, and
    whether such a warning named the target's, which the R² note then points back to."""
    x, warned = _standardizer(X_train, lambda j: f"column {ds.feature_names[j]!r}", ds, X_train, args,
                              image_shape=ds.image_shape)
    inputs = nn.Standardize(ds.n_features, mean=x.mean, std=x.std)
    if ds.task != "regression":
        return x, inputs, None, warned, False
    target = f"target column {args.target!r}" if args.data else "the target"
    y, target_warned = _standardizer(y_train.reshape(-1, 1), lambda j: target, ds, X_train, args, y_train)
    return x, inputs, nn.Standardize(1, mean=y.mean, std=y.std), warned, bool(target_warned)


def _standardizer(values, column, ds, X_train, args, y_train=None, image_shape=None):
    """``data.Standardizer().fit(values)``, whose warnings are lines of the command's, before
    training: the one of a value that holds a column's spread (data/spread.py) with the column
    named by ``column(j)`` and the row as the CSV file numbers it (``fitted_saying``), found by
    its features and, for the target's values (``y_train`` given), its target too: rows with the
    same features are told apart by the target value warned of. Images (``image_shape``) get
    one μ and σ per channel. Returns the scaler and the columns of ``values`` warned of."""
    remedy = (lambda value: marker_remedy(value, args)) if args.data else None
    scaler, said, warned = fitted_saying(values, column, lambda k: file_row(ds, X_train, k, args, y_part=y_train),
                                         "training rows", image_shape, remedy)
    for text in said:
        print(f"warning: {text}", file=sys.stderr)
    return scaler, warned


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
