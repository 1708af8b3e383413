"""The playground's messages: parse and validate what the page sends, build what it receives.

Every client message is a JSON object with a ``type`` (see docs/playground-protocol.md).
``parse(text)`` returns the validated message or raises ``ProtocolError`` (a ValueError) with
one sentence saying what is wrong; the server turns it into an ``error`` reply and the session
stays as it was. ``check_state`` validates a (partial) scene state the same way (its training
settings, ``hparams``, as ``hparams.py`` checks them; each field as ``field_checks.py`` does), and
``merge_state`` fills a partial state in from the defaults (and refuses the pairs of fields that
cannot go together: a BatchNorm block with batches of one sample, and a task sent alone that the
drawn points kept do not fit).
"""
import json

from ..nn import BatchNorm1d, plane_features
from . import field_checks as check
from .field_checks import ProtocolError
from .hparams import (  # noqa: F401 (this module's names too)
    HPARAM_RULES,
    HPARAM_WORDS,
    INITS,
    OPTIMIZERS,
    check_hparams,
    patience,
)
from .upload_message import (  # noqa: F401 (this module's names too)
    CSV_TASKS,
    MAX_UPLOAD,
    MAX_UPLOAD_ROWS,
    check_read_as,
    check_upload,
)

MAX_MESSAGE = 2_000_000          # characters of one text frame
MAX_BLOCKS = 12
MAX_UNITS = 64
MAX_POINTS = 2_000               # points of a drawn dataset
MAX_VALUE = 1e6                  # |target value| of a drawn regression point
EXTENT = 6.0                     # the plane is [-6, 6]²

GENERATED = ("circles", "xor", "gaussians", "spiral", "moons", "checkerboard", "plane")
REAL = ("iris", "wine", "breast_cancer", "digits")
DATASETS = GENERATED + REAL + ("csv", "drawn")
FEATURES = tuple(plane_features.FEATURES)  # the inputs made of a point, nn.PlaneFeatures' names
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "identity")
OUTPUTS = ("auto", "sigmoid", "softmax", "identity")
ACTIONS = ("play", "pause", "step_batch", "step_epoch", "reset")
TASKS = ("classification", "regression")   # of a drawn dataset
VISIBILITY = ("visible", "hidden")         # the page's document.visibilityState (the visibility message)
# The parts of the page a classroom link may hide (state.hide; static/classroom.js names them)
HIDEABLE = ("data", "features", "architecture", "learning_rate", "optimizer", "batch_size",
            "regularization", "schedule", "inspector", "trace", "gradients", "evaluation", "curves",
            "export")

DEFAULT_STATE = {
    "dataset": {"name": "circles", "n_samples": 400, "noise": 0.1, "train_ratio": 0.5, "seed": 1,
                "n_classes": 2, "task": "classification", "points": [], "extent": None, "file": None,
                "read_as": None},
    "features": ["x1", "x2"],
    "layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"},
               {"id": "h2", "type": "dense", "units": 2, "activation": "tanh"}],
    "output": "auto",
    "hparams": {"optimizer": "sgd", "lr": 0.03, "batch_size": 10, "l1": 0.0, "l2": 0.0,
                "dropout": 0.0, "schedule": None, "init": "auto", "early_stopping": None},
    "hide": [],
    # 10 epochs a second: the default circles' boundary forms over ~4 s (epochs 8 to 47), and its
    # loss is below 0.05 at ~11 s; as fast as it trains (None, ~300 a second) it formed in 0.2 s,
    # three maps drawn, too soon to watch
    "speed": 10,
    # the seed the initial weights are drawn with (None: the dataset's seed); each reset (↺) draws
    # anew with the next one, kept here so that the share link and the script draw them alike
    "weights_seed": None,
}
SPEEDS = (1, 3, 10, 30)   # epochs a second the page offers (state.speed; None: as fast as it goes)


# -- the state ---------------------------------------------------------------------------------
MIN_EXTENT = 0.1   # the narrowest a drawing's extent may be, in the plane's units


def _extent(extent, name):
    """A drawing's frame (dataset.extent): None (the whole plane), or [x1 from, x1 to, x2 from,
    x2 to] within [-6, 6], each axis from a lower end to a higher one."""
    if extent is None:
        return None
    if not isinstance(extent, list) or len(extent) != 4:
        raise ProtocolError(f"{name} must be null or [x1 from, x1 to, x2 from, x2 to]")
    a, b, c, d = (check.number(v, f"{name}[{i}]", -EXTENT, EXTENT) for i, v in enumerate(extent))
    if not (b - a >= MIN_EXTENT - 1e-9 and d - c >= MIN_EXTENT - 1e-9):  # (0.3 - 0.2 < 0.1 in floats)
        raise ProtocolError(f"{name} must run from a lower end to a higher one, at least {MIN_EXTENT} "
                            f"further, on each axis, got {extent}")
    return [a, b, c, d]


def _file(file, name):
    """The name of a "csv" state's file (None: none named), as the upload gave it: a link says
    which file it was made on, never its rows (``link_csv``)."""
    return None if file is None else check.text(file, name, 200)


DATASET_RULES = {"name": (check.choice, DATASETS), "n_samples": (check.integer, 10, 5000),
                 "noise": (check.number, 0, 5), "train_ratio": (check.number, 0.1, 0.9),
                 "seed": (check.integer, 0, 2**31 - 1),
                 "n_classes": (check.integer, 2, 10), "task": (check.choice, TASKS), "extent": (_extent,),
                 "file": (_file,), "read_as": (check_read_as,)}


# The Data panel's number box as it is labelled (static/data.js): its errors' words (the other
# values are set by sliders or menus, which send nothing out of range: their path names them)
DATASET_WORDS = {"n_classes": "Classes"}


def _check_dataset(d):
    check.fields(d, "state.dataset", optional=DEFAULT_STATE["dataset"])
    out = check.each(d, "dataset", DATASET_RULES, DATASET_WORDS)
    if "points" in d:
        # the points are read with the task sent next to them: a partial state cannot pair
        # regression values with the classification task of the state it is merged into
        task = out.get("task", DEFAULT_STATE["dataset"]["task"])
        if not isinstance(d["points"], list) or len(d["points"]) > MAX_POINTS:
            raise ProtocolError(f"dataset.points must be a list of at most {MAX_POINTS} [x1, x2, label]")
        out["points"] = [_point(p, f"dataset.points[{i}]", task) for i, p in enumerate(d["points"])]
    return out


def _point(p, name, task):
    """[x1, x2, y]: a point of the plane with a class index (classification) or a value."""
    if not isinstance(p, list) or len(p) != 3:
        raise ProtocolError(f"{name} must be [x1, x2, {'label' if task == 'classification' else 'value'}]")
    y = (check.integer(p[2], name + "[2]", 0, 9) if task == "classification"
         else check.number(p[2], name + "[2]", -MAX_VALUE, MAX_VALUE))
    return [check.number(p[0], name + "[0]", -EXTENT, EXTENT), check.number(p[1], name + "[1]", -EXTENT, EXTENT), y]


# A hidden block's numbers (a dense block's units, a dropout block's p), each checked when present
LAYER_RULES = {"units": (check.integer, 1, MAX_UNITS), "p": (check.number, 0, 0.9)}


def _check_layer(block, i):
    where = f"state.layers[{i}]"
    kind = check.choice(check.json_object(block, where).get("type"), where + ".type", ("dense", "dropout", "batchnorm"))
    extra = {"dense": ("units", "activation"), "dropout": ("p",), "batchnorm": ()}[kind]
    check.fields(block, where, required=("id", "type") + extra)
    out = {"id": check.text(block["id"], where + ".id", 40), "type": kind}
    # a number out of range is named by the block's place among the cards ("Hidden block 2's p")
    words = {key: f"Hidden block {i + 1}'s {key}" for key in LAYER_RULES}
    out.update(check.each(block, f"layers.{i}", LAYER_RULES, words))
    if kind == "dense":
        out["activation"] = check.choice(block["activation"], where + ".activation", ACTIVATIONS)
    return out


def limits():
    """The scene's ``limits``: the range of each number the page's buttons and boxes step
    through, [lo, hi] as checked here ({"layers": {"units": [1, 64], "p": [0, 0.9]}, "hparams":
    {"lr": [1e-05, 10], ...}, "dataset": {"n_classes": [2, 10], ...}}), and ``blocks``, the most
    hidden blocks. The page disables "+" on a layer of 64 units from it, and sets each box's
    min and max: held in its own copy, a limit changed here went on being offered there and
    refused here."""
    def ranges(rules):
        return {key: list(bounds) for key, (checked, *bounds) in rules.items()
                if checked in (check.integer, check.number, patience)}
    return {"layers": ranges(LAYER_RULES), "hparams": ranges(HPARAM_RULES), "dataset": ranges(DATASET_RULES),
            "blocks": MAX_BLOCKS}


def check_state(state):
    """A validated copy of a (partial) state: only the keys given, each complete and in range."""
    check.fields(state, "state", optional=DEFAULT_STATE)
    out = {}
    if "dataset" in state:
        out["dataset"] = _check_dataset(state["dataset"])
    if "features" in state:
        f = state["features"]
        if not isinstance(f, list) or not f or len(set(map(str, f))) != len(f):
            raise ProtocolError("features must be a non-empty list of distinct names",
                                "choose from " + ", ".join(FEATURES))
        out["features"] = [check.choice(x, "features[]", FEATURES) for x in f]
    if "layers" in state:
        layers = state["layers"]
        if not isinstance(layers, list) or len(layers) > MAX_BLOCKS:
            raise ProtocolError(f"layers must be a list of at most {MAX_BLOCKS} blocks")
        out["layers"] = [_check_layer(b, i) for i, b in enumerate(layers)]
        if len({b["id"] for b in out["layers"]}) != len(out["layers"]):
            raise ProtocolError("layers: every block needs its own id")
    if "output" in state:
        out["output"] = check.choice(state["output"], "output", OUTPUTS)
    if "hparams" in state:
        out["hparams"] = check_hparams(state["hparams"])
    if "hide" in state:
        hide = state["hide"]
        if not isinstance(hide, list):
            raise ProtocolError("hide must be a list of the page's parts", "choose from " + ", ".join(HIDEABLE))
        out["hide"] = [part for part in HIDEABLE if part in {check.choice(x, "hide[]", HIDEABLE) for x in hide}]
    if "speed" in state:
        speed = state["speed"]
        if speed is not None and (isinstance(speed, bool) or speed not in SPEEDS):
            raise ProtocolError(f"speed must be {', '.join(map(str, SPEEDS))} (epochs a second) or null (as "
                                f"fast as it trains), got {check.shown(speed)}",
                                "choose one in the Speed menu beside the play buttons")
        out["speed"] = speed if speed is None else int(speed)
    if "weights_seed" in state:
        seed = state["weights_seed"]
        out["weights_seed"] = None if seed is None else check.integer(seed, "weights_seed", *DATASET_RULES["seed"][1:])
    return out


def merge_state(base, partial):
    """``base`` with the keys of the validated ``partial`` replacing its own (dataset and hparams
    are merged key by key, so {"hparams": {"lr": 0.1}} changes the learning rate alone); a task
    sent without points must fit the points kept."""
    merged = json.loads(json.dumps(base))
    for key, value in partial.items():
        if key in ("dataset", "hparams"):
            merged[key].update(value)
        else:
            merged[key] = value
    if "task" in partial.get("dataset", {}) and "points" not in partial["dataset"]:
        _check_kept_points(merged["dataset"])
    if merged["dataset"]["name"] != "drawn":  # a drawing's frame goes with it (a link would carry it)
        merged["dataset"]["extent"] = None
    if merged["dataset"]["name"] != "csv":    # and a CSV's name and how it was read with the CSV
        merged["dataset"]["file"] = merged["dataset"]["read_as"] = None
    _check_batch_norm(merged)
    return merged


def _check_kept_points(dataset):
    """A task sent without points is checked against the points kept, as points are against the
    task sent with them: a drawing of values under the classification task would be read as class
    indices (1.3 as class 1, -2 refused by the dataset), and the state would be one a shared link
    of it could not be opened by (hello checks its points against its task)."""
    try:
        for i, p in enumerate(dataset["points"]):
            _point(p, f"dataset.points[{i}]", dataset["task"])
    except ProtocolError:
        # (only classification can refuse: a class index is a value too)
        raise ProtocolError("dataset.task classification does not fit the drawn points kept, which hold values, "
                            "not class indices 0..9", "send the points of that task with it, or clear the "
                            "points (clear_points)") from None


def min_batch(state):
    """The fewest samples a training batch of the state's network may hold: a BatchNorm block
    standardises each unit over its batch, and one sample has no spread to standardise by
    (``fit`` refuses it); 1 without one."""
    return BatchNorm1d.min_training_batch if any(b["type"] == "batchnorm" for b in state["layers"]) else 1


def _check_batch_norm(state):
    """A batch size below ``min_batch`` (batches of one with a BatchNorm block) is refused
    before training; too few training points for a batch are refused at play (session.py)."""
    need = min_batch(state)
    if state["hparams"]["batch_size"] < need:
        raise ProtocolError(f"BatchNorm needs at least {need} samples per batch: a batch of "
                            f"{state['hparams']['batch_size']} has no spread to normalise by",
                            f"choose a batch size of {need} or more, or remove the BatchNorm block")


# -- messages ----------------------------------------------------------------------------------
def _check_message(msg):
    kind = msg.get("type")
    if not isinstance(kind, str):
        raise ProtocolError("every message needs a 'type' (text)")
    if kind == "hello":
        check.fields(msg, "hello", ("type",), ("state", "upload", "has_file"))
        # upload: the key of the CSV this page uploaded (the scene's upload.key), which the server
        # may still keep (upload_kept); has_file: the page still holds that file (its socket
        # dropped and opened again: no reload), which its warnings then need not ask for again
        upload, has_file = msg.get("upload"), msg.get("has_file", False)
        if not isinstance(has_file, bool):
            raise ProtocolError(f"has_file must be true or false, got {check.shown(has_file)}")
        return {"type": kind, "state": check_state(msg.get("state", {})),
                "upload": None if upload is None else check.text(upload, "upload", 64), "has_file": has_file}
    if kind == "set_state":
        check.fields(msg, "set_state", ("type", "state"))
        return {"type": kind, "state": check_state(msg["state"])}
    if kind == "control":
        check.fields(msg, "control", ("type", "action"))
        return {"type": kind, "action": check.choice(msg["action"], "action", ACTIONS)}
    if kind == "visibility":
        check.fields(msg, kind, ("type", "page"))
        return {"type": kind, "page": check.choice(msg["page"], "page", VISIBILITY)}
    if kind in ("ready", "download"):
        check.fields(msg, kind, ("type",))
        return {"type": kind}
    if kind == "clear_points":
        check.fields(msg, kind, ("type",), ("task",))
        return {"type": kind, "task": check.choice(msg["task"], "task", TASKS) if "task" in msg else None}
    if kind == "inspect":
        check.fields(msg, "inspect", ("type", "layer", "unit"), ("sample",))
        return {"type": kind, "layer": check.integer(msg["layer"], "layer", 0, 10_000),
                "unit": check.integer(msg["unit"], "unit", 0, 10_000),
                "sample": check.integer(msg.get("sample", 0), "sample", 0, 10**6)}
    if kind == "trace":
        check.fields(msg, "trace", ("type", "sample"))
        return {"type": kind, "sample": check.integer(msg["sample"], "sample", 0, 10**6)}
    if kind == "set_weight":
        check.fields(msg, "set_weight", ("type", "layer", "to", "from", "value"))
        return {"type": kind, "layer": check.integer(msg["layer"], "layer", 0, 10_000),
                "to": check.integer(msg["to"], "to", 0, 10_000), "from": check.integer(msg["from"], "from", 0, 10_000),
                "value": check.number(msg["value"], "value", -100, 100)}
    if kind == "upload_csv":
        return check_upload(msg)
    if kind == "add_point":
        check.fields(msg, "add_point", ("type", "x1", "x2"), ("label", "value"))
        if ("label" in msg) == ("value" in msg):
            raise ProtocolError("add_point needs exactly one of label (a class index) and value (regression)")
        task = "classification" if "label" in msg else "regression"
        point = [msg["x1"], msg["x2"], msg["label"] if "label" in msg else msg["value"]]
        return {"type": kind, "task": task, "point": _point(point, "add_point", task)}
    raise ProtocolError(f"unknown message type {check.shown(kind)}",
                        "one of hello, set_state, control, ready, visibility, inspect, trace, "
                        "set_weight, upload_csv, add_point, clear_points, download")


def parse(text):
    """The validated message in the text frame ``text``; ProtocolError when it is refused (the
    server answers a binary frame itself)."""
    if len(text) > MAX_MESSAGE:
        raise ProtocolError(f"message too long ({len(text):,} characters; at most {MAX_MESSAGE:,})")
    try:
        msg = json.loads(text)
    except json.JSONDecodeError as err:
        raise ProtocolError(f"malformed JSON: {err.msg} at character {err.pos}") from None
    except RecursionError:
        raise ProtocolError("malformed JSON: lists or objects nested too deeply") from None
    except ValueError:     # Python reads no integer of more than 4,300 digits
        raise ProtocolError("a number in the message has too many digits") from None
    return _check_message(check.json_object(msg, "a message"))


def error(message, suggestion="", kind=None, request=None):
    """The ``error`` message sent to the page, with the ``field`` of a refused state's value, the
    upload form's ``control`` a refused upload's advice names first (a ``ProtocolError``'s), or
    that mends an upload's warning (kind "warning", of an ``upload.Note``), and the ``request``,
    the type of the message refused (the page says a refused trace in its panel, which may be
    scrolled far from the banner)."""
    out = {"type": "error", "message": str(message), "suggestion": suggestion, "fatal": False}
    if kind:
        out["kind"] = kind
    if request:
        out["request"] = request
    if getattr(message, "field", None):
        out["field"] = message.field
    if getattr(message, "control", None):
        out["control"] = message.control
    return out
