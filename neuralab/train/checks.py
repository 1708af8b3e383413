"""The checks ``fit``, ``predict`` and ``evaluate`` run on their arguments before anything changes:
the data against the model (shapes, widths, targets) and batch sizes (the keywords they take
are ``fit_keywords``'s).
Each names the problem and its fix in one sentence, with the model left as it was. fit's warning
of validation data far past the training data is ``far_past``'s."""
import inspect
import math

import numpy as np

from ..nn import tables
from ..nn.checks import as_array, refuse_masked
from ..nn.shape_hints import rows_hint, targets_hint
from ..nn.dtype import all_finite, as_float_array, cast_numbers
from ..nn.flatten import flattens_input
from ..nn.labels import CLASS_INDICES, NUMBER_BY_UNIQUE, is_text, mapping_hint
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
