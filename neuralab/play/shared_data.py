"""The data of a CSV, split and standardised once for all the sessions that split it alike.

Every page of a class opens the server's CSV (``neuralab play --data``) on the same link, so
with the same train ratio and seed; each session split and standardised a copy of its own
(``build.load_data``): the parts standardised (as many bytes as the file's arrays) and the test
part as read (as many again at most), which the memory budget of the pages' uploads does not
count (``upload_held``: the teacher chose the file, not how many pages open it). Measured: 24
pages on a served file of 10 MB (20,000 rows × 60 columns, 4.7 MB of arrays) took 7.4 MB each,
and 8 pages on one of 1,000 columns (76 MB of arrays) 116 MB each: 3.5 GB for a class of 30.
Shared, 0.7 MB and 16 MB each.

So the ``Data`` a CSV and a state's split (``key``: the train ratio, the seed and the features)
make is built once (``shared``), its arrays made read-only, and each session gets a copy of it
that shares those arrays and keeps the first one alive (``Data.shares``); once no session holds
one, it goes (a weak reference), and a split asked for again is built again. A page's own
upload is shared alike, by its own session's edits (a reset, the same split chosen again).
"""
import copy
import dataclasses
import threading
import weakref

import numpy as np

_BUILT = weakref.WeakKeyDictionary()   # upload.Upload -> {key: the Data first built}, weakly
_LOCK = threading.Lock()               # (two pages opening at once build one Data, not two)


def shared(upload, key, build):
    """A copy of the ``Data`` that ``build()`` makes of ``upload`` for the split ``key``, the one
    built for a session before if a session still holds it: its arrays shared, read-only, its
    ``notices`` a list of its own (a session hands them on, ``Session.set_state``), and its
    Standardize layers its own, which cache what each forward pass ran (a download's model
    holds them), sharing their μ and σ."""
    with _LOCK:
        built = _BUILT.setdefault(upload, weakref.WeakValueDictionary())
        data = built.get(key)
        if data is None:
            data = build()
            for value in vars(data).values():
                if isinstance(value, np.ndarray):
                    value.flags.writeable = False   # a write into one session's data is a bug: refused
            built[key] = data
    return dataclasses.replace(data, notices=list(data.notices), shares=data, standardize=copy.copy(data.standardize),
                               target_standardize=copy.copy(data.target_standardize))
