"""The data of a CSV, split and standardised once for all the sessions that split it alike.

Every page of a class opens the server's CSV (``neuralab play --data``) on the same link, so
with the same train ratio and seed; each session split and standardised a copy of its own
(``build.load_data``): the parts standardised (as many bytes as the file's arrays) and the test
part as read (as many again at most), which the memory budget of the pages' uploads does not
count (``upload_held``: the teacher chose the file, not how many pages open it). Measured: 24
pages on a served file of 10 MB (20,000 rows × 60 columns, 4.7 MB of arrays) took 7.4 MB each,
and 8 pages on one of 1,000 columns (76 MB of arrays) 116 MB each: 3.5 GB for a class of 30.
Shared, 0.7 MB and 16 MB each.

So the ``Data`` a CSV and a state's split (``key``: the train ratio, the seed and, on the plane,
the features: ``build.load_data``) make is built once (``shared``), its arrays made read-only,
and each session gets a copy of it that shares those arrays and keeps the first one alive
(``Data.shares``); once no session holds one, it goes (a weak reference), and a split asked for
again is built again. A page's own upload is shared alike, by its own session's edits (a reset,
the same split chosen again, a feature ticked).

A page that splits the server's CSV otherwise (another train ratio, a link of another seed) holds
a split of its own, which no budget counted: on the file of 10 MB above, pages each on a seed of
its own took 6.4 MB each (6 MB of arrays: ``split_bytes``), 964 MB for 150 of them (17 GB on the
file of 1,000 columns). So the splits of the server's CSV held at once cost at most
``SPLITS_BYTES``: a new split past it is refused (``SplitsFull``), in one line that names the
train ratios or, for a box ticked under Features, the features the other pages use, and the page
keeps its data (a link's, refused as it opens, starts on the default data). Its bytes are known
from the file's rows and columns (``split_size``): a split refused is never built, and costs the
server neither the memory nor the time of one. The class's split and one other are always let
in, whatever their size: a page moving its train ratio on the largest file holds its old split
until its new one is in. Measured on the file of 10 MB, 150 pages on seeds of their own: 964 MB before, 137 MB after
(21 splits held, the other pages refused; 20 pages all get in, 130 MB). A page's own upload is
counted by ``upload_held``.
"""
import copy
import dataclasses
import functools
import threading
import weakref

import numpy as np

from ..data.preprocessing import n_test_samples
from .features import labels
from .field_checks import ProtocolError

# the splits of the server's CSV held at once: the slider's 17 train ratios of a 10 MB file, 6 MB each
SPLITS_BYTES = 128 * 2**20
MB = 2**20

_BUILT = weakref.WeakKeyDictionary()   # upload.Upload -> {key: the Data first built}, weakly
_LOCK = threading.Lock()               # (two pages opening at once build one Data, not two)


class SplitsFull(ProtocolError):
    """A split of the server's CSV refused: the splits held would cost more than ``SPLITS_BYTES``."""


def shared(upload, key, build):
    """A copy of the ``Data`` that ``build()`` makes of ``upload`` for the split ``key``, the one
    built for a session before if a session still holds it: its arrays shared, read-only, its
    ``notices`` a list of its own (a session hands them on, ``Session.set_state``), and its
    Standardize layers its own, which cache what each forward pass ran (a download's model
    holds them), sharing their μ and σ. Raises ``SplitsFull`` for a new split of the server's CSV
    past ``SPLITS_BYTES``, before ``build()`` runs: a refusal builds nothing (``split_size``)."""
    with _LOCK:
        built = _BUILT.setdefault(upload, weakref.WeakValueDictionary())
        data = built.get(key)
        if data is None:
            if upload.served:
                _check_room(built, key, split_size(upload.dataset, key), upload)
            data = build()
            for value in vars(data).values():
                if isinstance(value, np.ndarray):
                    value.flags.writeable = False   # a write into one session's data is a bug: refused
            built[key] = data
    return dataclasses.replace(data, notices=list(data.notices), shares=data, standardize=copy.copy(data.standardize),
                               target_standardize=copy.copy(data.target_standardize))


def _check_room(built, key, size, upload):
    """Raise ``SplitsFull`` when the split ``key`` of the server's CSV ``upload``, of ``size``
    bytes, would make the splits ``built`` (those held) cost more than ``SPLITS_BYTES``, two or
    more held. The refusal says what the page can ask for instead, by what the split asked differs
    in from one held: the train ratio (the slider moved, a link's), the features (a box ticked
    under Features, on a CSV of two columns), else the seed too (a link's, of another seed)."""
    held = list(built.items())
    cost = sum(split_bytes(data) for _, data in held)
    if len(held) < 2 or cost + size <= SPLITS_BYTES:
        return
    ratio, seed, features = key
    ratios = sorted({r for (r, s, f), _ in held if (s, f) == (seed, features)})
    feature_sets = sorted({f for (r, s, f), _ in held if (r, s) == (ratio, seed)}, key=lambda f: (len(f), f))
    named = functools.partial(labels, axes=upload.dataset.feature_names)   # as the page labels them: height²
    fixes = [f"set Train ratio to one the other pages use ({', '.join(f'{r:.0%}' for r in ratios)})"] if ratios else []
    if feature_sets:
        fixes.append(f"tick the features another page uses ({'; or '.join(', '.join(named(f)) for f in feature_sets)})")
    fix = ", or ".join(fixes) or "open the class's link again, whose split the other pages use"
    file = upload.file or "the class file"
    ways = f"{len(held)} ways ({cost / MB:,.0f} MB), the most it keeps of it at once"
    said = (f"the server cannot also hold {file} with the features {', '.join(named(features))}: it holds it {ways}"
            if feature_sets and not ratios else f"the server already holds {file} split {ways}")
    raise SplitsFull(said, f"{fix}, or ask whoever runs the server to have the tabs no longer used closed")


def split_size(ds, key):
    """The bytes ``split_bytes`` counts of the ``Data`` that ``build.load_data`` makes of the
    server's CSV ``ds`` (a ``Dataset``) for the split ``key`` (train ratio, seed, the features of
    a CSV of two columns: none of another), known from its m rows and n columns of b bytes each
    before a byte of it is built:

        the network's inputs (X_train, X_test)     m·k·b   k = len(features), or n off the plane
        the points of the plane (two columns)      m·2·b   standardised
        the test part as read (raw_test)           m_test·n·b
        the targets (y_train, y_test)              y's bytes, and as many again for a
                                                   regression's standardised t_train, t_test

    m_test is ``train_test_split``'s (``preprocessing.n_test_samples``)."""
    ratio, _, features = key
    m, n, b = len(ds.X), ds.n_features, ds.X.itemsize
    m_test = n_test_samples(split_test_size(ratio), m)
    inputs = m * (len(features) + 2 if features else n) * b
    targets = ds.y.nbytes * (2 if ds.task == "regression" else 1)
    return inputs + m_test * n * b + targets


def split_test_size(train_ratio):
    """The test part's fraction of a page's Train ratio, as ``train_test_split`` takes it: to 6
    decimals, as the downloaded script writes it (export.js), so that the script splits as the
    page did (1 - 0.7 is 0.30000000000000004)."""
    return round(1 - train_ratio, 6)


def split_bytes(data):
    """The bytes of ``data``'s arrays, each counted once (a view, such as a CSV's images of its
    test part, by the array it views)."""
    roots = {}
    for value in vars(data).values():
        if isinstance(value, np.ndarray):
            root = value.base if isinstance(value.base, np.ndarray) else value
            roots[id(root)] = root.nbytes
    return sum(roots.values())
