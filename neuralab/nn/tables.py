"""Tables (a pandas DataFrame or Series) as arrays: their columns read by name.

``np.asarray`` reads a table whose columns all hold NumPy numbers as those numbers. Two kinds
of column make it an array of Python objects instead, which no layer can compute with:

- pandas' nullable numbers (``Int64``, ``Float64``, ``boolean``): numbers with a missing-value
  marker of their own, ``pd.NA``. They are read as float64, each ``pd.NA`` as NaN, which the
  checks after this refuse as missing data, as they refuse a NaN of a float column;
- text, categories, dates: not numbers at all. The error names those columns, which a
  thousand-column table would otherwise leave the learner to find.

Nothing here imports pandas, which is no dependency: a table is recognised by what it has
(``dtypes`` and ``to_numpy``, pandas' DataFrame and Series).
"""
import numpy as np

NUMBER_KINDS = "biuf"   # bool, signed and unsigned integers, floats: NumPy's and pandas' own


def is_table(value):
    """Whether ``value`` is a pandas DataFrame or Series (a NumPy array has no ``to_numpy``)."""
    return hasattr(value, "dtypes") and hasattr(value, "to_numpy") and not isinstance(value, np.ndarray)


def table_numbers(table):
    """The numbers of ``table`` (whose ``np.asarray`` gave objects) as float64, each ``pd.NA`` as
    NaN; None when a column holds something else than numbers."""
    if any(_kind(dtype) not in NUMBER_KINDS for _, dtype in _column_dtypes(table)):
        return None
    return table.to_numpy(dtype=np.float64, na_value=np.nan)


def not_numbers(table, name):
    """The TypeError refusing ``table`` for the columns that hold no numbers, named."""
    others = [(column, dtype) for column, dtype in _column_dtypes(table) if _kind(dtype) not in NUMBER_KINDS]
    shown = name if name.isidentifier() else "X"   # "input of Dense" is not a name the fix can use
    if not hasattr(table.dtypes, "items"):         # a Series: the one column is the whole of it
        return TypeError(f"{name} must hold numbers, got a Series of {others[0][1]}: turn it into numbers "
                         f"(a category into one 0/1 column per value: pd.get_dummies({shown}))")
    one = len(others) == 1
    names = [column for column, _ in others]
    listed = ", ".join(f"{column!r} ({dtype})" for column, dtype in others[:5])
    listed += f" and {len(others) - 5} more" if len(others) > 5 else ""
    columns = repr(names) if len(names) <= 5 else f'{shown}.select_dtypes(exclude="number").columns'
    return TypeError(f"{name} must hold numbers; its column{'' if one else 's'} {listed} do{'es' * one} not: "
                     f"turn {'it' if one else 'them'} into numbers (a category into one 0/1 column per "
                     f"value: pd.get_dummies({shown}, columns={columns})) or drop {'it' if one else 'them'}")


def _kind(dtype):
    return getattr(dtype, "kind", "O")


def _column_dtypes(table):
    """(name, dtype) of each column; a Series is one column, named by its ``name``."""
    dtypes = table.dtypes
    if hasattr(dtypes, "items"):     # a DataFrame's: a Series of dtypes indexed by column
        return list(dtypes.items())
    return [(getattr(table, "name", None), dtypes)]
