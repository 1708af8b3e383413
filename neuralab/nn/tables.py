"""Tables (a pandas DataFrame or Series) as arrays: their columns read by name.

``np.asarray`` reads a table whose columns all hold NumPy numbers as those numbers. Two kinds
of column make it an array of Python objects instead, which no layer can compute with:

- pandas' nullable numbers (``Int64``, ``Float64``, ``boolean``): numbers with a missing-value
  marker of their own, ``pd.NA``. They are read as float64, each ``pd.NA`` as NaN, which the
  checks after this refuse as missing data, as they refuse a NaN of a float column, naming the
  columns that hold them (``missing_values``);
- text, categories, dates: not numbers at all. The error names those columns, which a
  thousand-column table would otherwise leave the learner to find.

Nothing here imports pandas, which is no dependency: a table is recognised by what it has
(``dtypes`` and ``to_numpy``, pandas' DataFrame and Series).

A neuralab ``data.Dataset`` is a named table too: its ``feature_names`` name the columns of its
``X``, checked as a DataFrame's are (``column_names``, ``check_columns``), and ``features`` is its
X, the array a model reads. (``nn`` imports nothing from ``data``: a Dataset is recognised by
what it has, as a DataFrame is.)
"""
import numpy as np

from .short_label import QUOTED_CHARS, short_label

NUMBER_KINDS = "biuf"   # bool, signed and unsigned integers, floats: NumPy's and pandas' own


def is_table(value):
    """Whether ``value`` is a pandas DataFrame or Series (a NumPy array has no ``to_numpy``)."""
    return hasattr(value, "dtypes") and hasattr(value, "to_numpy") and not isinstance(value, np.ndarray)


def is_dataset(value):
    """Whether ``value`` is a neuralab ``data.Dataset``: an ``X`` array with ``feature_names``
    and a ``task`` (a model has feature_names but no X)."""
    if isinstance(value, np.ndarray):   # predict's common case, without an attribute lookup that fails
        return False
    return isinstance(getattr(value, "X", None), np.ndarray) and hasattr(value, "feature_names") \
        and hasattr(value, "task")


def features(value):
    """The array a model reads of ``value``: a Dataset's ``X`` (its names checked before, by
    ``check_columns``), anything else as it came (a DataFrame is read by ``as_float_array``)."""
    return value.X if is_dataset(value) else value


def table_numbers(table):
    """The numbers of ``table`` (whose ``np.asarray`` gave objects) as float64, each ``pd.NA`` as
    NaN; None when a column holds something else than numbers."""
    if any(_kind(dtype) not in NUMBER_KINDS for _, dtype in _column_dtypes(table)):
        return None
    return table.to_numpy(dtype=np.float64, na_value=np.nan)


def not_numbers(table, name):
    """The TypeError refusing ``table`` for the columns that hold no numbers, named. A column of
    True and False with missing cells, which pandas reads as objects, is told to become pandas'
    true/false column with missing values (``is_true_false``), whose missing cells the checks
    after this refuse with the way to leave them out or fill them in; a column of dates or
    durations to become days (``_as_days``); any other, text or categories, to become
    0/1 columns (``pd.get_dummies``)."""
    others = [(column, dtype) for column, dtype in _column_dtypes(table) if _kind(dtype) not in NUMBER_KINDS]
    shown = name if name.isidentifier() else "X"   # "input of Dense" is not a name the fix can use
    if not hasattr(table.dtypes, "items"):         # a Series: the one column is the whole of it
        if is_true_false(table):
            return TypeError(f"{name} must hold numbers, got a Series of True and False with missing values, "
                             f"which pandas reads as {others[0][1]}: make it a true/false Series, "
                             f'{shown} = {shown}.astype("boolean"), then leave out or fill in its missing values')
        kind = _kind(others[0][1])
        way = (_as_days(shown, kind) if kind in _TIME_KINDS else
               f"a category into one 0/1 column per value: pd.get_dummies({shown})")
        return TypeError(f"{name} must hold numbers, got a Series of {others[0][1]}: turn it into numbers ({way})")
    true_false = [is_true_false(table[column]) for column, _ in others]
    flags = [pair for pair, flag in zip(others, true_false) if flag]
    times = [pair for pair, flag in zip(others, true_false) if not flag and _kind(pair[1]) in _TIME_KINDS]
    texts = [pair for pair, flag in zip(others, true_false) if not flag and pair not in times]
    said = []
    if texts:
        one = len(texts) == 1
        names = [column for column, _ in texts]
        columns = repr(names) if len(names) <= 5 else f'{shown}.select_dtypes(exclude="number").columns'
        said.append(f"its column{'' if one else 's'} {_with_dtypes(texts)} do{'es' * one} not: turn "
                    f"{'it' if one else 'them'} into numbers (a category into one 0/1 column per value: "
                    f"pd.get_dummies({shown}, columns={columns})) or drop {'it' if one else 'them'}")
    if times:
        one = len(times) == 1
        said.append(f"{'and its' if said else 'its'} column{'' if one else 's'} {_with_dtypes(times)} "
                    f"hold{'s' * one} dates or durations: turn {'it' if one else 'each'} into a number, "
                    + "; ".join(_as_days(f"{shown}[{column!r}]", kind)   # the first column of each kind
                                for kind, column in _first_of_each_kind(times).items()))
    if flags:
        one = len(flags) == 1
        kinds = ", ".join(f"{column!r}: 'boolean'" for column, _ in flags)
        said.append(f"{'its' if not texts else 'and its'} column{'' if one else 's'} {_with_dtypes(flags)} "
                    f"hold{'s' * one} True and False with missing cells, which pandas reads as objects: make "
                    f"{'it a true/false column' if one else 'them true/false columns'}, {shown} = "
                    f"{shown}.astype({{{kinds}}}), then leave out or fill in the missing values")
    return TypeError(f"{name} must hold numbers; {'; '.join(said)}")


# NumPy's kinds of dates (M, datetime64) and durations (m, timedelta64)
_TIME_KINDS = ("M", "m")


def _first_of_each_kind(columns):
    """{NumPy kind: the first of ``columns`` (name, dtype) of that kind}, in the columns' order."""
    first = {}
    for column, dtype in columns:
        first.setdefault(_kind(dtype), column)
    return first


def _as_days(column, kind):
    """The way to turn a pandas column of dates (``kind`` "M") or durations ("m"), written
    ``column``, into numbers a network reads: a date as the days since the first or, where the
    season matters, the day of the year; a duration as its days. (pd.get_dummies would make one
    0/1 column per date.)"""
    if kind == "m":
        return f"such as its length in days, {column}.dt.total_seconds() / 86400"
    return (f"such as the days since the first, ({column} - {column}.min()).dt.days, or the day of the "
            f"year, {column}.dt.dayofyear")


def is_true_false(column):
    """Whether the pandas Series ``column`` holds True and False and nothing else but missing
    values: what pandas reads from a CSV column of true/false with an empty cell, as objects
    (NaN among bools), where ``astype("boolean")`` makes the column of numbers with missing
    values that neuralab reads."""
    values = column.dropna() if hasattr(column, "dropna") else ()
    return len(values) > 0 and all(isinstance(value, (bool, np.bool_)) for value in values)


def _with_dtypes(columns):
    """"'a' (object), 'b' (category)": the first five of ``columns`` (name, dtype), and how many more."""
    shown = ", ".join(f"{column!r} ({dtype})" for column, dtype in columns[:5])
    return shown + (f" and {len(columns) - 5} more" if len(columns) > 5 else "")


def column_names(value):
    """The names of a DataFrame's columns (a Dataset's ``feature_names``) as a tuple, when every
    one is a text (what a table read from a file has); None for anything else: an array, a
    Series, a DataFrame made from an array (its columns numbered 0, 1, ...), whose names say
    nothing about what a column holds."""
    if is_dataset(value):
        names = tuple(value.feature_names)
    elif not is_table(value) or not hasattr(value.dtypes, "items"):
        return None
    else:
        names = tuple(value.columns)
    # plain str: a DataFrame made with NumPy's np.str_ names keeps them, and fit's feature_names,
    # messages and plot axes showed np.str_('a') where the model loaded from its file shows 'a'
    return tuple(map(str, names)) if names and all(isinstance(n, str) for n in names) else None


def model_columns(model):
    """``model.feature_names`` while they still name its inputs: None once its first layer takes
    another number of them (a layer put in since, ``model[0] = nn.Dense(5, 6)``), whose columns
    those names are not; a model that does not know its input width keeps them."""
    names = getattr(model, "feature_names", None)
    width = model.input_features() if names is not None and hasattr(model, "input_features") else None
    return names if width is None or width == len(names) else None


def check_columns(expected, value, name="X", learned="the model was trained on", owner="model"):
    """Refuse a DataFrame ``value`` whose named columns are not ``expected``, in that order: the
    names of the DataFrame the model was trained on. A model reads its inputs by position, so a
    column swapped, renamed or added would be read as another one without a word, as NumPy
    would read such an array. Anything without column names passes (see ``column_names``).
    ``learned`` says who read them first and ``owner`` names it in the fix (a Standardizer's:
    "the Standardizer was fitted on", ``scaler.feature_names``). The fix, ``X[list(names)]``,
    selects columns by name in a DataFrame and in a Dataset alike (a tuple would be one
    column's name to pandas)."""
    if expected is None:      # (first: predict's common case costs one comparison)
        return
    names = column_names(value)
    if names is None or names == tuple(expected):
        return
    trained = f"those {learned}, {listed(expected)}"
    missing = [n for n in expected if n not in names]
    extra = [n for n in names if n not in expected]
    if not missing and not extra:
        raise ValueError(f"{name}'s columns are in another order than {trained}: they are read by "
                         f"position; put them in that order: {name}[list({owner}.feature_names)]")
    if not missing:
        raise ValueError(f"{name} has the column{'s' * (len(extra) > 1)} {listed(extra)} besides "
                         f"{trained}: keep those, in their order: {name}[list({owner}.feature_names)]")
    from .one_hot_inputs import one_hot_hint, one_hot_name  # (it reads tables: imported when needed)
    fix = "give it the columns it learned from"
    if hint := one_hot_hint(expected, names, value):   # a raw column of categories, such as town
        others = [n for n in missing if not any(n.startswith(one_hot_name(c, "")) for c in extra)]
        fix = hint + (f"; and give it {listed(others)}" if others else "")
    if len(missing) == len(expected):  # none of them: listing them twice would say nothing more
        raise ValueError(f"{name} has none of the columns {learned}, {listed(expected)}; it has "
                         f"{listed(names)}: {fix}")
    besides = f", and has {listed(extra)} instead" if extra else ""
    raise ValueError(f"{name} lacks the column{'s' * (len(missing) > 1)} {listed(missing)} of {trained}"
                     f"{besides}: {fix}")


def listed(names, limit=5, chars=QUOTED_CHARS):
    """The first ``limit`` of ``names``, each cut to ``chars`` characters (``short_label``: a
    model may keep names of 1,000), as an error message lists them."""
    shown = ", ".join(repr(short_label(name, chars) if isinstance(name, str) else name) for name in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def missing_values(table, values, name):
    """The ValueError refusing the DataFrame (or Series) ``table``, whose numbers ``values``
    (m, columns) hold NaN or ±inf: the columns that do, each with its count of rows, the first
    cell by ``.loc``, and the fix. pandas writes a missing cell as NaN (pd.NA in a nullable
    column, read as NaN): the rows are the user's to drop, or the cells to fill in, and y must
    lose the same rows, which ``dropna()`` on X alone does not do."""
    bad = ~np.isfinite(values.reshape(len(values), -1))
    counts = bad.sum(axis=0)
    columns = [(column, int(n)) for (column, _), n in zip(_column_dtypes(table), counts) if n]
    shown = name if name.isidentifier() else "X"
    row, j = (int(i) for i in np.argwhere(bad)[0])
    series = not hasattr(table.dtypes, "items")
    first = f"{shown}.loc[{table.index[row]!r}{'' if series else f', {table.columns[j]!r}'}]"
    where = ", ".join(f"{column!r} ({n} row{'s' * (n > 1)})" for column, n in columns[:5])
    where += f" and {len(columns) - 5} more columns" if len(columns) > 5 else ""
    if np.isinf(values).any():
        return ValueError(f"{name} holds inf (or -inf) in the column{'s' * (len(columns) > 1)} {where}, the "
                          f"first at {first}: an infinity is no measurement; make it missing, "
                          f"{shown} = {shown}.replace([np.inf, -np.inf], np.nan), then leave out or fill in "
                          f"the missing values")
    fill = (f"{shown}.fillna({{{columns[0][0]!r}: {shown}[{columns[0][0]!r}].median()}})" if len(columns) == 1
            and not series else f"{shown}.fillna({shown}.median())")
    targets = "y" + shown[1:] if shown.startswith("X") else "y"   # X_val's are y_val
    where = "" if series else f" in the column{'s' * (len(columns) > 1)} {where}"
    return ValueError(f"{name} has missing values (NaN or pd.NA){where}, the first at {first}: leave out "
                      f"their rows, keep = {shown}.notna(){'' if series else '.all(axis=1)'}, then {shown}[keep] "
                      f"(and {targets}[keep]: {shown}.dropna() alone would leave {targets} longer), or fill "
                      f"them in, {fill} (and new rows with the training rows' median)")


def width_hint(table, n_in, name):
    """The end of the error refusing the DataFrame ``table`` (called ``name``) whose columns are
    not the model's ``n_in`` inputs, for a model that keeps no column names (which would name
    the odd one): its columns, among which the user finds the extra one (an identifier, the
    target) or sees the missing one."""
    names = column_names(table)
    if names is None:
        return ""
    shown = name if name.isidentifier() else "X"
    columns = f": its columns are {listed(names, limit=15)}"
    if len(names) < n_in:
        return f"{columns}; give it the columns the model was built for, or build it for {len(names)} inputs"
    extra = len(names) - n_in
    which = "the column that is no input" if extra == 1 else f"the {extra} columns that are no inputs"
    return (f"{columns}; leave out {which} (an identifier? the target?), {shown}.drop(columns=[...]), "
            f"or build the model for {len(names)} inputs")


def _kind(dtype):
    return getattr(dtype, "kind", "O")


def _column_dtypes(table):
    """(name, dtype) of each column; a Series is one column, named by its ``name``."""
    dtypes = table.dtypes
    if hasattr(dtypes, "items"):     # a DataFrame's: a Series of dtypes indexed by column
        return list(dtypes.items())
    return [(getattr(table, "name", None), dtypes)]
