"""The feature columns of a user's CSV that are identifiers read as numbers (PassengerId,
customer_id): named as one and holding a different whole number in every row. ``load_csv``
accepts them as features, being numbers, and the network learns from where a row sits in the
numbering (rows numbered in the order they were collected give it the time, a leak), not from
what the row measures. A column of text IDs is refused by ``load_csv`` itself, with ``ignore``
to leave it out; a nameless row index too.

An ID of ten digits (King County's house 7129300520) is past the whole numbers that float32, the
default dtype, holds exactly (2**24 = 16,777,216: its 24-bit mantissa): read as float32, 50,000
distinct IDs become 1,661 values, 512 apart, and no longer differ in every row. ``load_csv`` warns
of such a column (``warn_rounded_whole_numbers``), judging its values as the file writes them,
and of a regression's target alike (``csv_target.read_target``), whose values would be learnt rounded.

One test for both faces that warn of them: ``neuralab train --data`` (cli/leaks.py) and the
playground's upload (play/upload.py), each in its own words for leaving the column out.

>>> import numpy as np
>>> from neuralab.data import Dataset
>>> X = np.array([[1, 30.0], [2, 41.0], [3, 30.0]])          # PassengerId, age
>>> ds = Dataset(X, np.array([0, 1, 0]), "binary", 2, feature_names=("PassengerId", "age"))
>>> identifier_columns(ds)
['PassengerId']
"""
import re

import numpy as np

from ..nn.user_line import warn

# A column name that reads as an identifier: "id", "customer_id", "user id", "PassengerId", "CustomerID",
# "userid", "customerid", "ID_code", "id_user" (a word before "id" in lower case, as "paid", is none).
IDENTIFIER_NAME = re.compile(r"(?i:^id$|[\s_.-]id$|^id[\s_.-]|^(?:user|customer|client|row|record|item)id$)"
                             r"|[a-z](?:Id|ID)$")


def identifier_columns(ds):
    """The names of the feature columns of ``ds`` that look like identifiers: named as one
    (IDENTIFIER_NAME) and holding a different whole number in each of its rows (a number
    repeated is a group, which may well be a feature)."""
    return [name for j, name in enumerate(ds.feature_names) if IDENTIFIER_NAME.search(name)
            and np.array_equal(ds.X[:, j], np.round(ds.X[:, j])) and len(np.unique(ds.X[:, j])) == len(ds)]


def identifier_reason(name, rows):
    """Why column ``name`` is warned of, in a file of ``rows`` rows (the count as the face
    writes it: 1060, or the page's 1,060): the words both faces say before their own way of
    leaving the column out."""
    return (f"column {name!r} looks like an identifier (its name, and a different whole number in each of the "
            f"{rows} rows): the network would learn from a row's number, not from what the row measures")


def past_exact(X):
    """The columns of ``X`` (float32 or float16) holding a number past 2**(mantissa bits + 1),
    up to which X's dtype holds every whole number: past it, some are rounded
    (``warn_rounded_whole_numbers``). Read off each column's smallest and largest value, not
    off |X|: that would be a copy of all of X."""
    if X.dtype == np.float64 or not X.size:
        return []
    reach = np.maximum(-X.min(axis=0), X.max(axis=0))
    return np.flatnonzero(reach > 2 ** (np.finfo(X.dtype).nmant + 1)).tolist()


# how a rounded column's numbers are kept apart in Python (neuralab train and the playground, which
# computes in float32, say it in their own words, from the warning's fields: cli/dataset.py, play/upload.py)
FLOAT64_KEEPS_THEM = "neuralab.set_default_dtype(np.float64) before loading keeps them apart"


class RoundedWholeNumbersWarning(UserWarning):
    """A column of distinct whole numbers that the default dtype rounds into fewer, as data: its
    ``column``, what the rounding did (``rounded``, in words) and the kind of fix. A feature
    column's, by ``identifier``: True for an ID (``IDENTIFIER_NAME``, distinct in every one of the
    file's ``rows``), which is left out; False for another column, a quantity perhaps, which
    float64 keeps apart (or which is left out if it is an identifier after all). A regression's
    ``target`` column, which cannot be left out, is kept apart by float64 alone. ``str()`` is the
    Python text; a face says it in its own words with ``saying``."""

    def __init__(self, column, rounded, identifier, rows, target=False):
        self.column, self.rounded, self.identifier, self.rows = column, rounded, identifier, rows
        self.target = target
        super().__init__(self.saying(FLOAT64_KEEPS_THEM, f"pass ignore={[column]!r}"))

    def saying(self, keep_apart, leave_out, rows=None):
        """The warning in a face's words: ``keep_apart``, how float64 keeps the numbers apart there;
        ``leave_out``, how the column is left out ("pass ignore=['id']", the page's "tick 'id' under
        Leave out"), which a target is not; ``rows``, the file's row count as the face writes it
        (the page's 1,060)."""
        if self.target:  # the network is taught, and scored, against the values as they read
            return (f"target column {self.column!r}: {self.rounded}, so the network would learn the rounded "
                    f"values; {keep_apart}")
        if self.identifier:
            return (f"{identifier_reason(self.column, self.rows if rows is None else rows)}; {self.rounded}: "
                    f"{leave_out} to leave it out")
        return (f"column {self.column!r}: {self.rounded}; {keep_apart}, or {leave_out} to leave the column out "
                f"if it is an identifier")


def warn_rounded_whole_numbers(X, written, names, target=False):
    """Warns of each column of ``X`` (a regression's target, as X's one column, with ``target``)
    whose whole numbers lie past those that X's dtype holds every one of, up to 2**(mantissa bits
    + 1) (float32: 2**24), and so read as fewer distinct values than the file writes
    (``written(k)``: column k as written, in float64, exact to 2**53). An ID feature column
    (``IDENTIFIER_NAME``, distinct in every row as written) is named as one, to leave out;
    another, or a target, is a quantity perhaps, which float64 keeps apart. The spacing of
    float32's values near x is 2**(floor(log2 x) - 23): 512 near 7.1e9."""
    exact = 2 ** (np.finfo(X.dtype).nmant + 1)
    for k in past_exact(X):
        values = written(k)
        if not np.array_equal(values, np.round(values)):
            continue
        n_written, n_read = len(np.unique(values)), len(np.unique(X[:, k]))
        if n_read == n_written:
            continue
        name, largest = names[k], np.abs(values).max()
        apart = float(np.spacing(X.dtype.type(largest)))
        rounded = (f"its whole numbers, up to {largest:.0f}, are past {exact:,}, up to which {X.dtype.name} "
                   f"holds every whole number, and its {n_written:,} distinct values read as {n_read:,} "
                   f"({X.dtype.name}'s values near {largest:.0f} are {apart:g} apart)")
        identifier = not target and bool(IDENTIFIER_NAME.search(name)) and n_written == len(X)
        warn(RoundedWholeNumbersWarning(name, rounded, identifier, len(X), target))
