"""The feature columns of a user's CSV that are identifiers read as numbers (PassengerId,
customer_id): named as one and holding a different whole number in every row. ``load_csv``
accepts them as features, being numbers, and the network learns from where a row sits in the
numbering (rows numbered in the order they were collected give it the time, a leak), not from
what the row measures. A column of text IDs is refused by ``load_csv`` itself, with ``ignore``
to leave it out; a nameless row index too.

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
