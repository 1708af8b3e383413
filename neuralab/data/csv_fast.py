"""The quick reading of a large CSV of numbers: NumPy's parser in C (``np.loadtxt``) instead of
Python's ``csv`` module and a Python string per cell.

``load_csv``'s own reader keeps every cell as text until it knows what each column is, which
is what lets its errors name the cell at fault; for a file of 1,000,000 rows and 21 columns that
is about 30 s and 2.5 GB (pandas.read_csv: 1 s and 0.5 GB). A file whose feature cells are all
finite numbers needs none of that: ``np.loadtxt`` reads it in a few seconds, as float64, with
the target column handed to a converter that numbers its texts in order of appearance.

This reader answers only for files it reads exactly as ``load_csv`` would, and returns None
otherwise: then ``load_csv`` reads the file its own way, which reports the problem (a missing or
non-numeric cell, a ragged row, an inf) in its usual words, naming the row. It stands aside for
decimal commas, a space or a quote as the delimiter, a nameless column (a row index, or the
nameless column after a delimiter that ends the header), a missing-value marker that reads as a
number (na_values=["-999"]), and a target cell holding a quote (``csv`` and ``np.loadtxt`` read
a quote after a space differently); ``np.loadtxt`` itself refuses the rest.
"""
import math
import warnings

import numpy as np

from ..nn.dtype import all_finite
from .csv_cells import is_number


def read_numbers(path, names, target, delimiter, decimal, skip, in_numbers, dtype):
    """(X in ``dtype``, the target column as the stripped texts of its cells), or None when the
    file is not one this reader reads as ``load_csv``'s does (see the module).

    ``names`` are the header's cells as written, ``skip`` the number of lines up to the end of
    the header (with a "sep=" line and blank lines before it), ``in_numbers`` the markers of a
    missing number.
    """
    if (decimal != "." or delimiter in ' "' or not all(names)
            or any(is_number(marker) and not math.isnan(float(marker)) for marker in in_numbers)):
        return None
    t = names.index(target)
    codes = {}  # each text of the target column -> its number, in order of appearance

    def number(cell):
        return codes.setdefault(cell.strip(), len(codes))

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Empty input file": a header without rows
            table = np.loadtxt(path, dtype=np.float64, delimiter=delimiter, comments=None, quotechar='"',
                               skiprows=skip, converters={t: number}, encoding="utf-8-sig", ndmin=2)
    except (ValueError, UserWarning, UnicodeDecodeError):
        return None
    texts = list(codes)
    if table.shape[1] != len(names) or any('"' in text for text in texts):
        return None
    column = np.array(texts, dtype=str)[table[:, t].astype(np.intp)]
    features = np.delete(table, t, axis=1)
    del table  # the float64 table and its features are the largest arrays: not both for long
    if not all_finite(features):  # a NaN ("nan" is a missing marker) or an inf
        return None
    with np.errstate(over="ignore"):  # past float32's range: load_csv's reader names the cell
        X = features.astype(dtype)
    if not all_finite(X):
        return None
    return X, column
