"""``load_csv``'s feature columns -> X, the numbers of a table of cells in the default dtype.

A feature column is numbers (``CellChecker.numbers`` reads them, or names the first cell that is
not one), or true and false in any case, read as 1 and 0 as pandas' read_csv reads a bool
column; one_hot's columns become one 0/1 column per category, put after the others in one_hot's
order, as pandas' get_dummies puts them (``csv_one_hot.py``). A column that is none of these is
refused at its first cell at fault, with what the other columns say of it: every feature column
of text in one message (``csv_text_columns.py``), and numbers grouped in thousands by commas
("1,651") in this column and others, named together with the one line that reads them.
"""
import numpy as np

from ..nn.dtype import get_default_dtype
from .csv_cells import first_few, grouped_in_thousands, holds_truths, thousands_fix, truth_cells
from .csv_one_hot import refuse_empty_columns, write_one_hot
from .csv_text_columns import refuse_text_features


def feature_indices(header, target):
    """The indices of ``header``'s feature columns: all but the ``target``'s (None: all of them)."""
    return [j for j, name in enumerate(header) if name != target]


def read_features(cells, header, target, where, refuse_text=True, encoded=None):
    """The feature columns of ``cells`` (a 2-D array of strings, or a ``csv_table.Table``) as numbers
    in the default dtype, or the error naming the first cell of the first column that is not:
    feature columns of text named together (``csv_text_columns.refuse_text_features``) unless
    there can be none (not ``refuse_text``). ``encoded``: {column: (each row's category, the
    categories)} of one_hot's columns (``csv_one_hot.one_hot_columns``), whose 0/1 columns are
    put after the others, in one_hot's order, as pandas' get_dummies puts them."""
    encoded = encoded or {}
    features = [j for j in feature_indices(header, target) if header[j] not in encoded]
    # each column written into X in place: a list of them, then stacked, held X twice at once
    X = np.empty((len(cells), len(features) + sum(len(names) for _, names in encoded.values())),
                 dtype=get_default_dtype())
    for k, j in enumerate(features):
        try:
            X[:, k] = _feature(cells[:, j], header[j], where)
        except ValueError:  # a column is not numbers: text columns, if any, are named together
            if refuse_text:
                refuse_text_features(cells, header, features, where, tuple(encoded))
                refuse_empty_columns(where.path, [header[k] for k in features
                                                  if np.isin(cells[:, k], list(where.in_numbers)).all()], len(cells))
                _refuse_thousands(cells, header, features[features.index(j):], where)
            raise
    write_one_hot(X[:, len(features):], encoded.values())
    return X


def _refuse_thousands(cells, header, features, where):
    """Refuses the first of ``features`` (indices of ``cells``' columns, the first one that failed
    to read) when it and others after it hold numbers grouped in thousands by commas ("1,651",
    ``grouped_in_thousands``), at its first such cell, naming them all with one line that reads
    them (``thousands_fix``); else returns, for the first column's own error."""
    if where.decimal != ".":  # with decimal=",", "1,651" is a number
        return
    grouped = {}
    for j in features:
        filled = cells[:, j][~np.isin(cells[:, j], list(where.in_numbers))]
        if (first := grouped_in_thousands(filled)) is not None:
            grouped[header[j]] = first
        elif j == features[0]:
            return
    if len(grouped) > 1:
        others = [f"{name!r} ({cell!r})" for name, cell in list(grouped.items())[1:]]
        where.not_a_number(cells[:, features[0]], header[features[0]],
                           f"; so do{'es' * (len(others) == 1)} column{'s' * (len(others) > 1)} "
                           f"{first_few(others, 10)}: " + thousands_fix(list(grouped.items())))


def _feature(col, column, where):
    """The feature column ``col`` (stripped strings) as numbers in the default dtype, or the error
    naming its first cell at fault (``CellChecker.numbers``). A column of true and false (any case,
    ``csv_cells.TRUTHS``) is 1 and 0: pandas' read_csv reads it as a bool column, and
    ``pd.get_dummies`` writes its one 0/1 column per category so. One mostly of them is refused at
    its first other cell that is not missing; a missing cell is refused as in a column of numbers."""
    try:
        return where.numbers(col, column, get_default_dtype())
    except ValueError:
        missing = np.isin(col, list(where.in_numbers))
        if not holds_truths(col[~missing]):
            raise
        where.check_present(col, column)  # its missing cell, not a true or false cell before it
    truth = truth_cells(col)
    if not truth.all():
        i = int(np.argmin(truth))
        where.fail(i, column, f"{str(col[i])!r} is neither true nor false, though {int(truth.sum())} of the "
                              f"column's {len(col)} values are, which are read as 1 and 0: fix or drop the row")
    return (np.char.lower(col.astype(str)) == "true").astype(get_default_dtype())
