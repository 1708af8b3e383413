"""The checks ``fit``, ``predict`` and ``evaluate`` run on their arguments before anything changes:
the data against the model (shapes, widths, targets) and batch sizes (the keywords they take
are ``fit_keywords``'s).
Each names the problem and its fix in one sentence, with the model left as it was. Also fit's
warning, as it starts, of a row of X_val far past the training data (``far_past_training``), and
its words for a reader who knows the data unscaled (``far_past_in_data``)."""
import inspect
import math

import numpy as np

from ..data.spread import lone_values, marker_question, share_words, spread
from ..nn import tables
from ..nn.checks import as_array, refuse_masked
from ..nn.shape_hints import rows_hint, targets_hint
from ..nn.dtype import all_finite, as_float_array, cast_numbers
from ..nn.flatten import flattens_input
from ..nn.labels import CLASS_INDICES, NUMBER_BY_UNIQUE, is_text, mapping_hint
from ..nn.user_line import warn
from .metrics import refuse_missing_targets, score, warn_per_output_accuracy
from .output_range import check_output_range


def rows(model, X, name="X"):
    """``X`` as a float array of one row per sample, as wide as the model's input. A 1-D one is
    refused with the reshape that makes it right (``nn.shape_hints.rows_hint``): a single sample of
    the model's width, or a single feature; so are samples of several axes that hold the model's
    width once flattened (8×8 images for a Dense of 64 inputs), which a Dense network takes as rows,
    unless it begins with ``nn.Flatten()``, which flattens them itself.
    A DataFrame, or a Dataset (its X, named by its ``feature_names``), must have the columns of
    the one the model was trained on (``feature_names``).

    An array of floats keeps its dtype ("computation keeps the input's floating dtype"); what has
    none of its own (integers, bools, a list) takes the model's, where ``as_float_array`` would
    give it the default: a float64 model loaded under the float32 default would see 16777217 as
    16777216.
    """
    tables.check_columns(tables.model_columns(model), X, name)
    X = tables.features(X)                      # a Dataset's X, its names checked just above
    table = X if tables.is_table(X) else None   # its columns name a NaN, or the odd one of a width
    X = as_float_array(_in_dtype_of(model, refuse_masked(X, name), name), name, finite=table is None)
    if table is not None and X.size and not all_finite(X):
        raise tables.missing_values(table, X, name)
    n_in = input_features(model)
    if X.ndim < 2:  # a width the model does not know: a vector is more likely one feature
        raise ValueError(f"{name} must have one row per sample, shape (samples, features); "
                         f"got shape {X.shape}{rows_hint(X, n_in or 1, name)}")
    if n_in is None or X.shape[1] == n_in:
        return X
    if X.ndim > 2 and math.prod(X.shape[1:]) == n_in and flattens_input(model):
        return X   # images, say, for a model that begins with nn.Flatten()
    if X.ndim > 2:
        raise ValueError(f"{name} has samples of shape {X.shape[1:]} ({math.prod(X.shape[1:])} values) "
                         f"but the model's first layer expects rows of {n_in} features{rows_hint(X, n_in, name)}")
    raise ValueError(f"{name} has {X.shape[1]} features but the model's first layer expects {n_in}"
                     f"{rows_hint(X, n_in, name) if table is None else tables.width_hint(table, n_in, name)}")


def _in_dtype_of(model, X, name):
    """``X`` cast to the dtype of the model's parameters if it is no array of floats (see
    ``rows``); as it came otherwise, or when the model has no parameters, or X no numbers.
    A number past that dtype's range (1e300 in a list, for a float32 model) is refused by name:
    the cast would make it an inf that X never held."""
    if isinstance(X, np.ndarray) and X.dtype.kind == "f":
        return X  # before walking the model for its parameters: predict's common case
    params = model.parameters() if hasattr(model, "parameters") else []
    if not params:
        return X
    dtype = params[0].data.dtype
    with np.errstate(over="ignore"):  # said just below, with the number
        cast = cast_numbers(X, dtype)
    if cast is not X and cast.dtype.kind == "f" and cast.size and not all_finite(cast):
        exact = cast_numbers(X, np.float64)
        past = np.isinf(cast) & np.isfinite(exact)
        if past.any():
            i = tuple(int(k) for k in np.argwhere(past)[0])
            raise ValueError(f"{name} holds {exact[i]:g} (at index {i}), past the range of the model's "
                             f"{dtype.name} (±{np.finfo(dtype).max:.3g}), the dtype it takes without one "
                             f"of its own: pass it as a float64 array, np.asarray({name}, dtype=np.float64), "
                             f"which the model then computes in")
    return cast


def input_features(model):
    """n[0], the model's input width, or None for a model that does not know it."""
    return model.input_features() if hasattr(model, "input_features") else None


def _targets_name(name):
    """The name of the targets of the inputs ``name``: "y" of "X", "y_val" of "X_val"."""
    return "y" + name[1:]


def check_data(model, X, y, name="X", method="fit"):
    """``X`` and ``y`` checked; ``name`` is X's, and y's follows it ("X_val" -> "y_val"). ``X``
    may be a Dataset, given alone (y None): its targets are its own ``y`` (``dataset_targets``)."""
    y = dataset_targets(X, y, name, method)
    X = rows(model, X, name)
    y_name = _targets_name(name)
    pandas_y = tables.is_table(y)   # a Series: the fixes are pandas'
    y = as_array(y, y_name)
    if y.ndim == 0:
        raise ValueError(f"{y_name} must hold one target per sample, got the single value {y.item()!r}")
    if y.dtype.kind not in "biuf":
        raise TypeError(f"{y_name} must hold numbers, got dtype {y.dtype}{_text_labels_hint(y, y_name, pandas_y)}")
    if len(y) != len(X):
        raise ValueError(f"{name} has {len(X)} samples but its targets have {len(y)}{targets_hint(y, len(X), y_name)}")
    refuse_missing_targets(y, y_name, name, pandas_y)
    return X, y


def dataset_targets(X, y, name="X", method="fit"):
    """``y``, or the targets of the Dataset ``X`` given alone, as Keras's ``fit`` takes a dataset
    of inputs and targets (``targets_of_dataset``), for ``method`` ("fit", "evaluate") or, where
    ``name`` is "X_val", for ``validation_data``."""
    if name == "X_val":   # validation_data=(ds_val, y_val), or a ds_val without targets
        return targets_of_dataset(X, y, "validation_data", "validation_data=ds_val",
                                  "validation_data=(ds_val.X, y_val)", "score")
    return targets_of_dataset(X, y, method, f"model.{method}(ds, ...)", f"model.{method}(ds.X, y, ...)",
                              "learn from" if method == "fit" else "score")


def targets_of_dataset(X, y, given, alone, parts, use):
    """``y``, or the targets of ``X`` when it is a Dataset given alone. ``y`` given besides it
    would leave two sets of targets for one (refused, as Keras refuses it: write ``alone``, or
    ``parts``), and a Dataset without targets (rows to predict, ``load_csv(path, target=None)``)
    leaves ``given`` (the call, or its argument) nothing to ``use``."""
    if not tables.is_dataset(X):
        return y
    if y is not None:
        raise TypeError(f"{given} takes a Dataset alone, its targets ds.y with it, and got y besides: write "
                        f"{alone}, or give its features and other targets, {parts}")
    if X.y is None:
        raise ValueError(f"{given}'s Dataset holds no targets (its y is None: rows to predict, read with "
                         f"target=None), so {given} has nothing to {use}: read the file with its target "
                         f"column, data.load_csv(path, target=...), or predict its rows, model.predict(ds)")
    return X.y


# pandas' numbering of text labels 0..K-1, in sorted order as np.unique's (and a CSV's classes)
NUMBER_BY_FACTORIZE = "y, classes = pd.factorize(y, sort=True)"


def _text_labels_hint(y, y_name, series=False):
    """How to number text labels 0..K-1 (``nn.labels``: in sorted order, as ``data.load``
    numbers a CSV's), for the end of the message refusing them; "" for what is not text. The
    targets of a second set (y_val) take the numbering of y's classes. Labels given as a pandas
    Series (``series``) get pandas' way, arrays NumPy's."""
    if not is_text(y):
        return ""
    number, index_of = ((NUMBER_BY_FACTORIZE, "classes.get_indexer({})") if series
                        else (NUMBER_BY_UNIQUE, "np.searchsorted(classes, {})"))
    if y_name == "y":
        hint = (f"; number the labels 0..K-1 with {number} (label k is then classes[k])" if series
                else mapping_hint(y, CLASS_INDICES))
        return f"{hint}, and the labels of another set with {index_of.format('y_test')}"
    return f"; number text labels as y's: {number}, then {y_name} = {index_of.format(y_name)}"


FAR = 10  # a value past FAR times every |x| of the training data is no measurement like them


def reach(X):
    """max |x| over X, in two passes (a min and a max) and without the copy |X| would make."""
    return max(-float(X.min()), float(X.max()))


def far_past_training(X, X_val, rows=None):
    """(row, value, bound) for the row of X_val (among ``rows``, all by default) holding the value
    furthest from 0, when |value| is more than ``FAR`` times every |x| of the training data X
    (``bound``): a marker of missing values (float32's largest, 3.4e38; -999 among values under
    10) or data in other units (pixels 0..255 where training had 0..1). None otherwise, and when
    every value of X is 0 (one training row, or columns constant in it, standardised), as
    ``input_reach.warn_inputs_far_past`` does: FAR times 0 is 0, past which every value of X_val
    but 0 would be "far", though X holds no spread to be far from."""
    bound = reach(X)
    return far_past(bound, X_val, rows) if bound > 0 else None


def far_past(bound, X_val, rows=None):
    """``far_past_training`` for a ``bound`` already known (a model's ``input_reach``). Reads
    X_val without copying it: a min and a max over all of it, and per row only when one is far."""
    if rows is None:
        if not reach(X_val) > FAR * bound:
            return None
        part = X_val
    else:
        part = X_val[rows]  # those whose outputs overflowed: few
    axes = tuple(range(1, part.ndim))
    high, low = part.max(axis=axes), part.min(axis=axes)  # per row, so that no |X_val| is made
    furthest = np.where(high >= -low, high, low)
    j = int(np.abs(furthest).argmax())
    if not abs(furthest[j]) > FAR * bound:
        return None
    return (j if rows is None else int(rows[j])), float(furthest[j]), bound


MARKER_QUESTION = "a marker of missing values, or data in other units?"


def far_past_words(row, value, bound):
    return (f"row {row} of X_val holds {value:.3g}, far past every value of the training data "
            f"(|x| <= {bound:.3g}): {MARKER_QUESTION}")


def far_past_in_data(found, names, X_part, X_seen, row):
    """fit's warning of a row of X_val far past the training data (``found``: its row, value and
    bound) in the terms of a reader who prepared the data and knows it unscaled: fit saw it
    standardised (``X_seen``), where its row and value mean nothing to them. Said with the
    column, ``names[j]`` for the largest |x| of the row as fit saw it, the value the data holds
    there (``X_part``, the part unscaled) and the row as ``row(k)`` names it ("row 17 of
    data.csv (the test part)"). The caller says what to do about it."""
    k, value, bound = found
    j = int(np.abs(X_seen[k]).argmax())
    return (f"column {names[j]!r} holds {X_part[k, j]:.6g} in {row(k)}, far past every value of the "
            f"training part ({value:.3g} standardised, as the network sees it, where the training part stays "
            f"within ±{bound:.3g}): {MARKER_QUESTION}")


class FarPastWarning(UserWarning):
    """A row of X_val far past the training data (``warn_far_past_training``). ``found`` is its
    (row, value, bound) from ``far_past_training``, for a caller that names the row its own way
    (the command line names the CSV file's row, and the value the file holds)."""

    def __init__(self, message, found):
        super().__init__(message)
        self.found = found


FIX_ROW = "Fix or leave out that row"  # after a stop: the row's outputs overflowed
FAR_PAST_FIX = "Its outputs, which count in val_loss, mean little: fix or leave out that row"


def warn_far_past_training(X, X_val, y=None, y_val=None):
    """Warn, as fit starts, of a row of X_val far past the training data (``far_past_training``):
    its outputs are an extrapolation no training shaped (or, past the float range, inf and a
    stop), and they weigh in "val_loss" and the validation metrics all the same. Several such
    rows are rather X_val in other units than X (X standardised, X_val not): said so, with the
    fix. And of validation targets ``y_val`` far past every training target ``y`` (y
    standardised, y_val in euros), by which val_loss, and what EarlyStopping keeps, mean little;
    when they are one value that alone holds y_val's spread (``far_targets``: a marker of missing
    values), of that value and its row instead."""
    found = far_past_training(X, X_val)
    if found is not None:
        row, value, bound = found
        far = int(np.count_nonzero(np.abs(X_val.reshape(len(X_val), -1)).max(axis=1) > FAR * bound))
        text = (f"{far_past_words(*found)} {FAR_PAST_FIX}" if far == 1 else
                f"{_how_many(far, len(X_val), 'rows')} of X_val hold values far past every value of the training "
                f"data (|x| <= {bound:.3g}), up to {value:.3g} in row {row}: markers of missing values, or "
                f"data in other units? {OTHER_UNITS.format(x='X', part='X_val')}")
        warn(FarPastWarning(text, found))
    if y is not None and y_val is not None and np.asarray(y).dtype.kind == "f":
        if (found := far_targets(y, y_val)) is not None:
            far, bound, lone = found
            text = (f"{lone_target_words(lone, bound, y_val)}. {VALIDATION_SCORES}" if lone is not None else
                    f"{_how_many(far, len(y_val), 'targets')} of y_val lie far past every training target (|y| <= "
                    f"{bound:.3g}), up to {reach(y_val):.3g}: targets in other units? "
                    f"{OTHER_UNITS.format(x='y', part='y_val')}")
            warn(FarTargetsWarning(text, lone))


def far_targets(y, y_val):
    """(far, bound, lone) for validation targets ``y_val`` of which ``far`` lie past ``FAR`` times
    every |y| of the training targets (``bound``), None when none do. Many such are y_val in
    other units (y standardised, y_val not); ``lone`` is the ``spread.LoneValue`` of y_val (its
    row, value and share of Σ(y - ȳ)² over y_val) when they are the copies of one value that
    ``spread.lone_values`` judges a lone value of y_val, as a marker of missing values (99999) is,
    else None."""
    bound = reach(y)
    if not (bound > 0 and reach(y_val) > FAR * bound):
        return None
    values = np.asarray(y_val).reshape(len(y_val), -1)
    far = int(np.count_nonzero(np.abs(values) > FAR * bound))
    mean = values.mean(axis=0, dtype=np.float64)
    lone = [f for f in lone_values(values, mean, *spread(values, mean))
            if f.count == far and abs(f.value) > FAR * bound]
    return far, bound, (lone[0] if lone else None)


def lone_target_words(lone, bound, y_val):
    """What a lone value of y_val (``far_targets``'s ``lone``, past every |y| <= ``bound`` of the
    training targets) is, and what to do about it: not y_val in other units, but one value."""
    column = f", output {lone.column}," if np.ndim(y_val) > 1 and np.shape(y_val)[1] > 1 else ""
    where = (f"row {lone.row} of y_val{column} holds" if lone.count == 1 else
             f"{lone.count} rows of y_val{column}, such as row {lone.row}, hold")
    return (f"{where} {lone.value:.6g}, far past every training target (|y| <= {bound:.3g}) and the other targets "
            f"of y_val, whose spread {'it holds' if lone.count == 1 else 'they hold'} ({share_words(lone.share)}): "
            f"{marker_question(lone.value)} Fix or leave out {'that row' if lone.count == 1 else 'those rows'}")


class FarTargetsWarning(UserWarning):
    """Validation targets far past every training target (``warn_far_past_training``). ``lone``
    is ``far_targets``'s: the lone value they are, for a caller that names its row its own way
    (the command line says it before training, with the row of the file), or None."""

    def __init__(self, message, lone):
        super().__init__(message)
        self.lone = lone


def _how_many(count, total, things):
    return f"all {total} {things}" if count == total else f"{count} of the {total} {things}"


# what the warnings above say to do about a validation part in other units than the training data
VALIDATION_SCORES = "Until then the validation scores, and the epoch EarlyStopping keeps by them, mean little"
OTHER_UNITS = ("{part} must be prepared as {x} was: if {x} was standardised, with the same scaler, fitted on "
               "the training data (scaler.transform({part})). " + VALIDATION_SCORES)


def check_target(model, loss, X, y, name="X", metric_table=None):
    """Run one sample forward to learn the output shape, then check every target against it,
    for the loss and for each metric (accuracy refuses what are not class labels): before any
    update, not at the end of the first epoch. Returns the targets in the form ``loss.forward``
    takes."""
    try:
        with np.errstate(all="ignore"):  # for the shape: what the sample's values do is fit's to say
            out = model.forward(X[:1].copy(), training=False)   # (a copy: a layer writing into its input would change X)
    except ValueError as err:  # its shape is the one sample's: name the whole array's
        raise ValueError(f"{name} of shape {X.shape} does not fit the model (its first sample "
                         f"gave: {err})") from None
    # zeros of the output's shape for every target, as a read-only view of one row's: a full
    # array would be as large as an epoch's outputs (800 MB for 200,000 samples of 1000 classes)
    stand_in = np.broadcast_to(np.zeros(out.shape[1:], out.dtype), (len(y),) + out.shape[1:])
    try:
        targets = loss.check_target(stand_in, y)
        with np.errstate(all="ignore"):  # for the targets' form: what their values give is fit's to say
            score(metric_table or {}, stand_in, y)
    except (ValueError, TypeError) as err:  # the loss and the metrics say "y" or "targets"
        if name == "X":
            raise
        raise type(err)(f"{_targets_name(name)}: {err}") from None
    check_output_range(model, loss, targets, _targets_name(name))
    if name == "X":  # once, for the training targets: model.fit -> fit -> here
        warn_per_output_accuracy(metric_table or {}, math.prod(out.shape[1:]), y)
    return targets


def batch_size_of(batch_size, n):
    if np.ndim(batch_size):  # model.predict(X, y): y lands here
        raise TypeError(f"batch_size must be a positive integer or 'full', got an array of shape "
                        f"{np.shape(batch_size)} (predict takes X alone: predict(X))")
    if batch_size is None or (isinstance(batch_size, str) and batch_size == "full"):
        return n
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer or 'full', got {batch_size!r}")
    return min(int(batch_size), n)


def batch_bounds(model, n, size):
    """The (start, stop) of each batch of an epoch of ``n`` samples in batches of ``size``. A
    layer that trains on batch statistics (BatchNorm1d: the batch's μ and σ, at least 2 samples)
    gets no short last batch: a leftover n % size below half a batch joins the batch before it.
    BatchNorm1d would fail on 1 sample (33 samples in batches of 32 leave 1), and 3 give a μ and
    σ so far from the data's that each epoch's last step undoes the others: digits' 1,347
    training rows in batches of 64 (a leftover of 3) reached a validation accuracy of 0.22–0.73
    with BatchNorm for 0.93 without, and 0.94–0.95 with those 3 rows joined (PyTorch's
    DataLoader, whose last batch is the 3, does the same: 0.64–0.91). ``fit`` has refused sizes
    below the need."""
    need = _min_batch(model)
    starts = list(range(0, n, size))
    short = max(need, size // 2) if need > 1 else need
    if len(starts) > 1 and n - starts[-1] < short:
        starts.pop()
    return list(zip(starts, starts[1:] + [n]))


def check_batches(model, n, size):
    need = _min_batch(model)
    if min(size, n) < need:
        layer = next(type(layer).__name__ for layer in model.walk() if layer.min_training_batch == need)
        raise ValueError(f"{layer} needs at least {need} samples per training batch, "
                         + (f"and X has {n}" if n < need else f"got batch_size={size}"))


def _min_batch(model):
    return max(layer.min_training_batch for layer in model.walk())


def check_augment(augment):
    """Refuse an ``augment`` that is no function of (X_batch, rng), before training starts: a
    function of the batch alone would fail at the first batch, after fit had begun."""
    if augment is None:
        return
    if not callable(augment):
        raise TypeError(f"augment must be a function (X_batch, rng) -> X_batch, such as "
                        f"data.GaussianNoise(0.1), got {augment!r}")
    try:
        inspect.signature(augment).bind(None, None)
    except TypeError:
        raise TypeError(f"augment must take two arguments, the batch and a random generator: "
                        f"augment(X_batch, rng) -> X_batch; {augment!r} does not (a function of the "
                        f"batch alone: augment=lambda X, rng: f(X))") from None
    except ValueError:  # no signature to read (a function compiled to C): the first batch tells
        pass


def augmented(augment, X_batch, rng):
    """``augment(X_batch, rng)``, refused unless it keeps the batch's shape."""
    out = augment(X_batch, rng)
    if getattr(out, "shape", None) != X_batch.shape:
        raise ValueError(f"augment must return an array of the batch's shape {X_batch.shape}, "
                         f"got {getattr(out, 'shape', type(out).__name__)}")
    return out


def validation_parts(validation_data):
    """(X_val, y_val, sample_weight_val) of ``validation_data``: (X_val, y_val), Keras's (X_val,
    y_val, sample_weight_val) (its weights None without them), or a Dataset, whose targets come
    with it (y_val None here, ``dataset_targets`` reads them); what is none of those is refused."""
    if tables.is_dataset(validation_data):
        return validation_data, None, None
    items = len(validation_data) if isinstance(validation_data, (tuple, list)) else None
    if items in (2, 3):
        return (*validation_data, None)[:3]
    length = f" of length {items}" if items is not None else ""
    raise ValueError(f"validation_data must be (X_val, y_val), (X_val, y_val, sample_weight_val) or a "
                     f"Dataset, got a {type(validation_data).__name__}{length}")
