"""The dataset a state describes: split, features, scaled.

``load_data(state, uploaded)`` -> ``Data``; the network built for it is ``network.build_net``'s.
It raises ``ProtocolError`` for states that cannot be built, before anything changes.

2-D data is drawn on the plane [-6, 6]² and its network inputs are the features of
``state["features"]`` (x1, x2, x1², ...). It is every generated and drawn set, and an uploaded
CSV with exactly two feature columns: x1 and x2 are then those columns standardised with the
training part's mean and std (the scaling every real dataset gets); the page shows the part of
the plane that frames its points (``plane_frame.py``, ``Data.extent``), its axes carrying the
columns' names.

A regression target is standardised the same way, with the training part's mean μ and standard
deviation σ, and the network learns t = (y - μ)/σ: its output starts near 0 with a spread near
1, the scale of t, whatever the target's units (a price near 100 would otherwise ask the last
bias to travel 100 by gradient steps, and the loss would measure that distance rather than the
fit). Every regression is, the plane's and a drawing's too: one rule for the learner and for the
exported script, and a drawing's values may have any scale. What the page shows and the
downloaded model maps the network's output back, ŷ = σ·t̂ + μ (``Standardize.inverse``), as
``neuralab train`` does.

μ and σ belong to the weights: y = σ·t̂ + μ is the model's last step (the downloaded model ends
with it), so they are fitted when the weights start (a new dataset or drawing, a reset, a shared
link) and kept with the weights (``load_data``'s ``kept``). Points added to a drawing, or
cleared, keep them: refitted at each click, they moved the whole map a little under weights that
had not changed. A drawing begun empty fits them at its first point (μ = its value, σ = 1, the
rule for a constant target); a reset fits them to all its points. What the kept μ and σ make of
the values drawn is said at each click all the same (``drawing.target_far``).

Standardising warns of a column whose spread one value holds (``data.spread``: a missing-value
marker such as 99999 among values near 1 leaves the others, standardised, a hair apart), and
the learner reads no server log: ``Data.notices`` holds the warnings of its fits in the page's
words, the column by its name and the row as the uploaded file numbers it (``_fitted``). fit's
own warning of a test row far past the training data (the marker in a test row) is said by the
training thread in the same terms (``Data.far_past_words``).
"""
import functools
import math
from dataclasses import dataclass, field

import numpy as np

from .. import data as datasets
from .. import nn
from ..data.dataset import row_in_file
from ..data.standardizer import fitted_saying
from ..train.far_past import far_past_in_data, reach
from .drawing import drawn_dataset, drawn_extent, target_far
from .features import GRID, grid, transform
from .plane_frame import PLANE, framed
from .protocol import GENERATED, ProtocolError
from .shared_data import shared, split_test_size

WITH_CLASSES = ("spiral", "gaussians")


@dataclass(eq=False)
class Data:
    """The scene's data: model inputs and targets, plus what the page draws."""

    name: str
    task: str
    n_classes: int | None
    class_names: list | None
    feature_names: list
    is_2d: bool
    image_shape: tuple | None
    X_train: np.ndarray
    y_train: np.ndarray           # class indices or values, as the dataset holds them
    X_test: np.ndarray
    y_test: np.ndarray
    t_train: np.ndarray           # what the network learns: y standardised (regression), or y itself
    t_test: np.ndarray
    points_train: np.ndarray | None = None   # (x1, x2) of 2-D data: its points on the plane
    points_test: np.ndarray | None = None
    images_test: np.ndarray | None = None    # raw pixels of the test images, (n, h, w)
    axes: tuple | None = None                # names of the plane's x1 and x2 (2-D data)
    file: str | None = None                  # an uploaded CSV's file name, target column, and the
    target: str | None = None                # task, delimiter, decimal mark, one_hot, missing and
    csv_task: str | None = None              # ignore its upload asked load_csv for ("auto", None:
    csv_delimiter: str | None = None         # the file's own, ".", None, "refuse", []: _csv_source)
    csv_decimal: str | None = None
    csv_one_hot: str | list | None = None    # (a list: the server's --one-hot columns)
    csv_missing: str | None = None
    csv_ignore: list | None = None
    categories: dict | None = None           # its one-hot columns' categories ({"town": ("Lyon", ...)}), as ds's
    standardize: nn.Standardize | None = None   # raw columns -> network inputs, or the plane's x1, x2 (CSV)
    target_standardize: nn.Standardize | None = None   # a regression's y -> t = (y - μ)/σ (None: no targets)
    stratified: bool = False                     # whether the split kept each class's share
    notices: list = field(default_factory=list)  # what standardising warned of, in the page's words
    warned_inputs: tuple = ()   # the network's input columns whose lone value the notices named (_warned_inputs)
    raw_test: np.ndarray | None = None           # the test part's inputs as the dataset holds them
    test_row: object = None                      # row k of the test part in the page's words (_row)
    target_far: tuple | None = None   # (value, point, others' width) of a drawing that held its μ, σ's spread
    extent: tuple = PLANE             # the part of the plane the page shows (plane_frame.py)
    shares: "Data | None" = None      # the Data whose arrays this one shares (shared_data.py), kept alive

    @property
    def classification(self):
        return self.task != "regression"

    # The maps of every frame are drawn over one grid of the plane, and a Data's points, extent
    # and features never change (only its ``notices`` may be handed on): new data, a new extent
    # (a drawing's frame) or other features build a new one (load_data),
    # so the grid's points and the network's inputs at them are built once, not at each frame
    # (read-only: every frame's forward pass shares them, and a layer caches its input).
    @functools.cached_property
    def grid_points(self):
        """The (GRID², 2) points of the plane the page shows (``extent``), in the order of the
        maps it draws (``features.grid``)."""
        return _read_only(grid(GRID, self.X_train.dtype, self.extent))

    @functools.cached_property
    def grid_inputs(self):
        """The network's inputs (``feature_names``: x1, x1², ...) at ``grid_points``."""
        return _read_only(transform(self.grid_points, self.feature_names))

    def in_target_units(self, t):
        """The network's outputs t (m, 1) in the target's units, y = σ·t + μ (as they are for
        classes, and for a regression without targets to standardise)."""
        if self.target_standardize is None:
            return t
        return self.target_standardize.inverse().forward(t, training=False)

    def far_past_words(self, found):
        """A row of the test part far past the training data (``found``: its row, value and bound
        in the network's inputs, from fit's ``FarPastWarning`` or the stop it caused) in
        ``neuralab train``'s words: the column by its name, the value the data holds, and the
        row as the uploaded file numbers it.

        On the plane, fit saw features of the points (x1², x1·x2, sin x1): the row is said by its
        point's farthest axis, standardised as the plane draws it, against the training points'
        reach, not by a feature's value and bound said of a column (x1·x2's -1.3e+20 for b's 1e+20)."""
        if not self.is_2d:
            return far_past_in_data(found, self.feature_names, self.raw_test, self.X_test, self.test_row)
        k, point = found[0], self.points_test[found[0]]
        j = int(np.abs(point).argmax())
        bound = reach(self.points_train)
        return far_past_in_data((k, float(point[j]), bound), self.axes, self.raw_test, self.points_test, self.test_row)


def _read_only(array):
    array.flags.writeable = False
    return array


def load_data(state, uploaded=None, kept=None):
    """The ``Data`` of ``state["dataset"]`` and ``state["features"]``; ``uploaded`` is the last
    uploaded CSV's ``upload.Upload`` (for name "csv"); ``kept``, the ``Data`` whose regression
    ``target_standardize`` is kept (weights kept: see the module docstring), else None: fitted.

    A CSV's is built once for every session that splits it alike (``shared_data``: shared, and
    the server's CSV's counted against its budget), ``kept`` or not: a CSV's weights are kept
    only over other features of the same split (other data is fresh weights: ``SceneEdits``),
    whose training part, and so the μ and σ fitted to its target, the features do not change;
    ``kept``'s are the ones the split fits. Its key is the split (train ratio and seed) and the
    features only of a CSV of two columns, the plane's x1 and x2 (``_built``): another's inputs
    are its columns whatever the features, which a page sends all the same (those of the plane's
    data it came from), and each set of them held a copy of the file's split of its own."""
    d = state["dataset"]
    if d["name"] == "csv" and uploaded is not None:
        features = tuple(state["features"]) if _csv_on_plane(uploaded.dataset) else ()
        return shared(uploaded, (d["train_ratio"], d["seed"], features), functools.partial(_built, state, uploaded))
    return _built(state, uploaded, kept)


def _built(state, uploaded=None, kept=None):
    """``load_data``'s ``Data``, built anew."""
    d = state["dataset"]
    name, source = d["name"], {}
    if name in GENERATED:
        options = {"n_samples": d["n_samples"], "noise": d["noise"], "seed": d["seed"]}
        if name in WITH_CLASSES:
            options["n_classes"] = d["n_classes"]
        ds = datasets.load(name, **options)
    elif name == "csv":
        if uploaded is None:
            raise ProtocolError("no CSV uploaded yet", "upload a file with upload_csv first")
        ds, source = uploaded.dataset, _csv_source(uploaded)
    elif name == "drawn":
        ds = drawn_dataset(d["points"], d["task"])
    else:
        try:
            ds = datasets.load(name)
        except ImportError as err:   # scikit-learn missing: the page's to say, not a server failure
            raise ProtocolError(str(err), "or choose another dataset") from None
    on_plane = name in GENERATED or name == "drawn"       # already in the plane's units
    is_2d = on_plane or (name == "csv" and _csv_on_plane(ds))
    stratified = False
    if name == "drawn":  # every drawn point trains; there is no test part
        X_train, X_test, y_train, y_test = ds.X, ds.X[:0], ds.y, ds.y[:0]
    else:
        split = functools.partial(datasets.train_test_split, ds.X, ds.y,
                                  test_size=split_test_size(d["train_ratio"]), seed=d["seed"])
        stratified = ds.task != "regression"
        try:  # every class in both parts when the ratio leaves room for it
            X_train, X_test, y_train, y_test = split(stratify=stratified)
        except ValueError:  # a class with one sample, or fewer test samples than classes
            X_train, X_test, y_train, y_test = _unstratified(split, d["train_ratio"], len(ds))
            stratified = False
    common = {"name": ds.name, "task": ds.task, "n_classes": ds.n_classes, "stratified": stratified,
              "class_names": None if ds.class_names is None else list(ds.class_names),
              "is_2d": is_2d, "image_shape": ds.image_shape, "y_train": y_train, "y_test": y_test, **source}
    notices = []   # what the fits below warn of, in the page's words
    file = (uploaded.file or "the uploaded file") if name == "csv" else None
    row = functools.partial(_row, ds, X_train, y_train, file, on_plane)
    rows = "training points" if on_plane and file is None else "training rows"   # as ``row`` names them
    common.update(raw_test=X_test, test_row=functools.partial(_row, ds, X_test, y_test, file, on_plane, part="test"))
    target = f"target column {uploaded.target!r}" if name == "csv" else "the target"
    images = X_test.reshape((-1,) + tuple(ds.image_shape)) if ds.image_shape else None
    warned = ()   # the columns whose lone value standardising warned of
    if not on_plane:
        scaler, warned = _fitted(X_train, lambda j: f"column {ds.feature_names[j]!r}", row, notices, rows,
                                 ds.image_shape)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
        common["standardize"] = nn.Standardize(ds.n_features, mean=scaler.mean, std=scaler.std)
    scale = None if kept is None else kept.target_standardize
    common.update(_learned_targets(ds.task, y_train, y_test, scale,
                                   lambda y: _fitted(y, lambda j: target, row, notices, rows)[0]), notices=notices)
    if name == "drawn" and "target_standardize" in common:   # μ and σ stay while points come and go
        common["target_far"] = target_far(y_train, scale, None if kept is None else kept.target_far,
                                          row, rows, notices)
    if is_2d:
        names = list(state["features"])
        if not on_plane:   # a two-column CSV: its plane frames its points (its ±6σ showed them small)
            common["extent"] = framed(np.concatenate([X_train, X_test]), scaler.mean, scaler.std)
        elif name == "drawn":   # the frame of the data it was started from, if any
            common["extent"] = drawn_extent(d["extent"], d["points"])
        return Data(feature_names=names, X_train=transform(X_train, names), X_test=transform(X_test, names),
                    points_train=X_train, points_test=X_test, axes=tuple(ds.feature_names),
                    warned_inputs=_warned_inputs(warned, names), **common)
    return Data(feature_names=list(ds.feature_names), X_train=X_train, X_test=X_test, images_test=images,
                warned_inputs=warned, **common)


def _csv_source(upload):
    """The ``Data`` fields that say where an uploaded CSV came from: its file's name, how it was
    read (``Upload.read_as``, the one list of them that a link keeps too: the target column as
    ``target``, each option of ``load_csv`` as ``csv_`` and its name, the scene's names) and its
    text columns' categories."""
    read_as = {key if key == "target" else f"csv_{key}": value for key, value in upload.read_as().items()}
    return {"file": upload.file, **read_as, "categories": dict(upload.dataset.categories)}


def _warned_inputs(warned, names):
    """The network's input columns, the plane's features ``names`` (x1, x1², x1·x2, ...), made of a
    two-column CSV's ``warned`` columns (0 is x1, 1 is x2): a lone value of x1 is one of x1² too.
    The monitor's report points back to the notice that named it (``views.diagnoses``)."""
    return tuple(i for i, name in enumerate(names) if any(f"x{j + 1}" in name for j in warned))


def _csv_on_plane(ds):
    """Whether the uploaded CSV's ``ds`` is drawn on the plane: two input columns, its x1 and x2."""
    return ds.n_features == 2


def _learned_targets(task, y_train, y_test, scale, fit):
    """The targets the network learns (``t_train``, ``t_test``) and, for a regression, the layer
    that standardises them: ``scale`` when given, else ``neuralab train``'s (the training part's
    μ and σ, a constant target getting σ = 1; ``fit`` fits the Standardizer). A drawing without
    points and without a scale to keep has nothing to standardise, nor a test part."""
    if task != "regression" or (not len(y_train) and scale is None):
        return {"t_train": y_train, "t_test": y_test}
    if scale is None:
        scaler = fit(y_train)
        scale = nn.Standardize(1, mean=scaler.mean, std=scaler.std)
    standardized = [scale.forward(y[:, None], training=False)[:, 0] if len(y) else y for y in (y_train, y_test)]
    return {"t_train": standardized[0], "t_test": standardized[1], "target_standardize": scale}


def _fitted(values, column, row, said, rows, image_shape=None):
    """``datasets.Standardizer().fit(values)``, each of its warnings added to ``said`` as the
    page says it, naming the column ``column(j)``, the row ``row(k)`` and what copies of a
    value were counted among (``rows``) (``fitted_saying``), whatever the process's filters.
    Images (``image_shape``) get one μ and σ per channel, as ``neuralab train`` gives them.
    Returns the scaler and the columns of ``values`` whose lone value it warned of."""
    scaler, words, warned = fitted_saying(values, column, row, rows, image_shape)
    said.extend(words)
    return scaler, warned


def _row(ds, X_part, y_part, file, on_plane, k, part="training"):
    """Row ``k`` of the ``part`` ("training" or "test") as the learner finds it: in an uploaded
    CSV (``file``, its name), the row as the file numbers it (load_csv's "row N", the Nth under
    the header), found again by its values since the split shuffled the rows, every row that
    holds them named, and a test row marked as ``neuralab train`` marks it; on the plane, the
    point; else its place in the part."""
    if file is not None and (found := row_in_file(ds, X_part[k], file, y_part[k])):
        return found if part == "training" else f"{found} (the {part} part)"
    if on_plane:
        return f"the point ({X_part[k, 0]:.4g}, {X_part[k, 1]:.4g})"
    return f"row {k + 1} of the {part} part"


def _unstratified(split, ratio, n):
    """``split()``, refused in the page's terms when the train ratio leaves no row to train on
    (a small CSV: 10 % of 5 rows), which the library says of test_size."""
    try:
        return split()
    except ValueError:
        least = math.ceil(20 / n) / 20   # a training row at least, on the slider's steps of 5 %
        raise ProtocolError(f"a train ratio of {ratio:.0%} leaves none of the {n} rows to train on",
                            f"raise the train ratio to {least:.0%} or more" if least <= 0.9
                            else "upload a file of more rows") from None

