"""``load_csv``'s ``one_hot`` and ``missing`` options: a feature column of categories read as one
0/1 column per category (pandas' ``get_dummies``, scikit-learn's ``OneHotEncoder``), and the rows
with a missing cell dropped (pandas' ``dropna``).

One-hot encoding: a column ``sex`` of "male" and "female" becomes the two columns ``sex_female``
and ``sex_male``, in the sorted order of the categories, after the other features, in the order
``one_hot`` names the columns, as ``pd.get_dummies(df, columns=one_hot)`` puts them, so that a
model trained on either takes the other's columns in the same order::

    sex      ->  sex_female  sex_male
    male              0          1
    female            1          0

A column of numbers may be encoded too: codes such as a passenger class 1, 2, 3 are categories, not
quantities (class 3 is not three times class 1). Its categories are sorted as numbers and named as
numbers ("pclass_1"; "1" and "1.0" are one). A missing cell of such a column (an empty cell, or a
marker of ``MISSING_VALUES``, which leaves "?" or "None" a category) is 0 in every one of its
columns, as ``get_dummies`` writes it: the row is kept, and "missing" is what the network sees.
``one_hot="auto"`` encodes every feature column of text (``csv_text_columns.text_columns``), as
``pd.get_dummies(df)`` encodes every column of strings. A column of text with more than
``MAX_CATEGORIES``, or with a different value in most rows (more than half of them, and more than
``NAME_MIN_VALUES``: Titanic's Name, Ticket and Cabin), is a name or an identifier rather than
categories: its values tell the network nothing about a new row, and it is refused, all such
columns in one message, with ``ignore`` to leave them out (``refuse_names``); so is, under "auto",
a column of numbers written with a unit ("12 kg", "$7.36"), however few its values, with the line
that drops the unit: a quantity, not categories.

The categories found are kept (``Dataset.categories``), so that new rows get the same columns:
``load_csv(new_file, target, one_hot=ds.categories)`` encodes ``new_file`` with them, and refuses
a category they do not hold (scikit-learn's ``handle_unknown="error"``), naming its cell.

``ignore`` names columns to leave out, as ``df.drop(columns=...)`` would: a name, a ticket, an ID.
It is ``ignore`` rather than "drop" (which ``missing="drop"`` says of rows) or pandas' ``usecols``
(which names the columns kept, every one of them, when a learner means the one or two to leave).

``missing="drop"`` drops every row with a missing cell in a feature column or the target, and says
which (``Dataset.dropped_rows``) and how many cells each column missed (``Dataset.missing_cells``).
Filling a gap with the column's mean is not offered: the mean of the whole file would carry the
test part's values into training.
"""
import copy
import numbers

import numpy as np

from ..spelling import did_you_mean
from .csv_cells import (accounting_fix, accounting_negative, first_few, floats, is_number, number_and_unit,
                        number_classes, number_text, unit_fix)
from .csv_error import Advice, CsvError, CsvTypeError, PythonOnly, Said

MAX_CATEGORIES = 100
# the limit, in a refusal of names: Python's one_hot has it, the page's Text columns menu says it in categories
CATEGORIES_LIMIT = PythonOnly("one_hot's limit", f"one_hot's {MAX_CATEGORIES}")
# one_hot and ignore named as lists of columns, which the command line has as options and the page
# has not (its Text columns menu encodes every column of text; it ticks boxes under Leave out)
ONE_HOT = PythonOnly("one_hot", "one_hot")
IGNORE_NAMES = PythonOnly("ignore names", "ignore names")
# A column of text with more distinct values than this, and than half its filled cells, is a name
# or an identifier: 20 categories in 30 rows may still be categories, seen too few times each.
NAME_MIN_VALUES = 20
MISSING_OPTIONS = ("refuse", "drop")


def check_one_hot(one_hot):
    """``load_csv``'s ``one_hot`` as a dict {column: its categories, a tuple of strings, or None for
    those the file holds}, or "auto" (every column of text, which the file says). A list, tuple or
    set names the columns; a dict (``Dataset.categories``) gives each one's categories too. Another
    string is refused, as ``na_values`` refuses one."""
    if one_hot is None:
        return {}
    if one_hot == "auto":
        return one_hot
    if isinstance(one_hot, dict):
        return {_column_name(column): _categories(column, categories) for column, categories in one_hot.items()}
    if not isinstance(one_hot, (list, tuple, set, frozenset)):
        one = f"; for the one column {one_hot!r}, pass [{one_hot!r}]" if isinstance(one_hot, str) else ""
        raise CsvTypeError(Advice("named", "one_hot", one_hot), " must be 'auto' (every column of text), a list of "
                           "column names, such as ['sex', 'embarked'], or a dict of each column's categories (a "
                           f"Dataset's categories), got {type(one_hot).__name__} {one_hot!r}{one}")
    return dict.fromkeys(_column_name(column) for column in one_hot)


def check_ignore(ignore):
    """``load_csv``'s ``ignore``, the columns left out of the file, as a tuple of names."""
    if isinstance(ignore, str) or not isinstance(ignore, (list, tuple, set, frozenset)):
        one = f"; for the one column {ignore!r}, pass [{ignore!r}]" if isinstance(ignore, str) else ""
        raise CsvTypeError(Advice("named", "ignore", ignore), " must be a list of column names, such as ['Name', "
                           f"'Ticket'], got {type(ignore).__name__} {ignore!r}{one}")
    return tuple(_column_name(column, "ignore") for column in ignore)


def _column_name(column, option="one_hot"):
    if not isinstance(column, str):
        raise CsvTypeError(Advice("named", option, column), " must name columns by their header's text (str), got "
                           f"{type(column).__name__} {column!r}")
    return column


def _categories(column, categories):
    """The categories ``one_hot[column]`` gives, as text: strings, or numbers for a column of codes."""
    if isinstance(categories, str) or not isinstance(categories, (list, tuple)) or not categories:
        raise CsvTypeError(Advice("named", "one_hot", categories), f"[{column!r}] must be a non-empty list of the "
                           f"column's categories, such as ['female', 'male'], got {categories!r}")
    for category in categories:
        if isinstance(category, bool) or not isinstance(category, (str, numbers.Real)):
            raise CsvTypeError(Advice("named", "one_hot", category), f"[{column!r}] must hold the categories' "
                               f"text (or numbers), got {type(category).__name__} {category!r}")
    texts = tuple(str(category).strip() for category in categories)
    if len(set(texts)) < len(texts):
        twice = next(text for text in texts if texts.count(text) > 1)
        raise CsvError(Advice("named", "one_hot", categories), f"[{column!r}] names the category {twice!r} twice: "
                       "give each category once")
    return texts


def check_missing(missing):
    """Refuses a ``missing`` of ``load_csv`` that is none of MISSING_OPTIONS, saying what each does."""
    if missing not in MISSING_OPTIONS:
        raise CsvError(Advice("named", "missing", missing), " must be 'refuse' (an error naming the first missing "
                       f"cell) or 'drop' (drop the rows with a missing cell), got {missing!r}")


def refuse_unknown_columns(one_hot, ignore, header, target, path):
    """Refuses a column of ``one_hot`` or ``ignore`` that the file's ``header`` lacks, or the
    ``target``'s, and a column that both name."""
    for names, columns, why in ((Said(ONE_HOT, " names"), () if one_hot == "auto" else one_hot,
                                 "(a target of text is read as classes already)"),
                                (IGNORE_NAMES, ignore, "(it is what the model learns)")):
        for column in columns:
            if column == target:
                raise CsvError(f"{path}: ", names, f" the target column {target!r}, but it is for feature "
                               f"columns {why}: leave {target!r} out")
            if column not in header:
                features = [repr(name) for name in header if name != target]
                raise CsvError(f"{path}: ", names, f" the column {column!r}, which the file does not have; "
                               f"{did_you_mean(column, header)}its feature columns are {first_few(features, 20)}")
    both = [column for column in ignore if column in one_hot and one_hot != "auto"]
    if both:
        raise CsvError(f"{path}: ", IGNORE_NAMES, f" the column {both[0]!r}, which ", ONE_HOT, " names too: leave it "
                       "out of ", ONE_HOT, " to leave it out of the data, or out of the columns ignored to encode it")


def refuse_names(cells, header, one_hot, where, auto=False):
    """Refuses the columns of ``one_hot`` whose categories the file gives (None) that hold names or
    identifiers rather than categories (``looks_like_names``), all of them in one message, with
    ``ignore`` to leave them out, but for the columns of numbers written with a unit ("-3.6%",
    ``number_and_unit``), which need it gone, or as accounting negatives ("(80)"), which need a
    minus; and a column of numbers with more than MAX_CATEGORIES, a quantity perhaps. Told one
    column a run, Titanic's Name, Ticket and Cabin would take three runs. ``auto``: one_hot was
    "auto", which then needs no change, and refuses every column of numbers written with a unit,
    however few its values: "auto" picked it as text, and it is a quantity ("12 kg" is no category
    of "24 kg"), which a learner means to keep as one column (left out with a warning instead, it
    would be lost from a model that then takes other columns); named in one_hot, a column of few
    such values is categories as asked."""
    found, units = {}, {}
    for column, categories in one_hot.items():
        col = cells[:, header.index(column)]
        filled = col[~np.isin(col, list(where.in_text))]
        n_values = len(np.unique(filled))
        numbers = floats(filled, where.decimal) is not None
        if categories is None and numbers and n_values > MAX_CATEGORIES:
            raise CsvError(f"{where.path}: column {column!r} has {n_values} categories in {len(filled)} rows, "
                           "more than ", CATEGORIES_LIMIT, "; it reads as numbers, a quantity perhaps: leave it out "
                           "of ", ONE_HOT, " to read them as numbers")
        if categories is None and not numbers:
            name_like = looks_like_names(n_values, len(filled))
            first = str(next((cell for cell in filled if not is_number(cell, where.decimal)), ""))
            if (number_and_unit(first) or accounting_negative(first)) and (name_like or auto):
                units[column] = first
            elif name_like:
                found[column] = f"{column!r} ({n_values} distinct values in {len(filled)} rows)"
    problems = []
    if found:
        names = list(found)
        kept = [column for column in one_hot if column not in found]
        keep = ("" if auto else Said(", and ", Advice("and", "one_hot", kept)) if kept else
                Said(" instead of ", ONE_HOT))
        problems.append(Said(f"column{'s' * (len(names) > 1)} {', '.join(found.values())} hold"
                             f"{'s' * (len(names) == 1)} names or identifiers rather than categories (a different "
                             "value in most rows, or more than ", CATEGORIES_LIMIT, "), which tell nothing about a "
                             "new row: ", Advice("pass", "ignore", names),
                             f" to leave {'them' if len(names) > 1 else 'it'} out", keep))
    for what, written, fix in (("numbers written with a unit", number_and_unit, unit_fix),
                               ("negative numbers in parentheses (accounting format)", accounting_negative,
                                accounting_fix)):
        columns = [(column, first) for column, first in units.items() if written(first)]
        said = [f"{column!r} ({first!r})" for column, first in columns]
        if said:
            problems.append(f"column{'s' * (len(said) > 1)} {', '.join(said)} hold{'s' * (len(said) == 1)} {what} "
                            "rather than categories: " + fix(columns))
    if problems:
        raise CsvError(f"{where.path}: ", Said("; ").join(problems))


def looks_like_names(n_values, n_filled):
    """Whether a column of text whose ``n_filled`` filled cells hold ``n_values`` distinct values
    holds names or identifiers: more than MAX_CATEGORIES, or a different value in most rows."""
    return n_values > MAX_CATEGORIES or (n_values > n_filled / 2 and n_values > NAME_MIN_VALUES)


def one_hot_columns(col, column, categories, where):
    """(each row's category of the feature column ``col``, shape (m,): its place among the
    categories, -1 for a missing cell; the categories, a tuple of k strings). ``categories``: those
    to use (a ``Dataset.categories`` entry), or None for the sorted distinct values that ``col``
    holds. The k 0/1 columns are written into X by ``write_one_hot``, once X's width is known:
    built here, each block was held beside X as it was copied in, twice X's memory at once."""
    missing = np.isin(col, list(where.in_text))
    filled = col[~missing]
    given = () if categories is None else categories
    texts = np.concatenate([np.array(given, dtype=str), filled])
    # codes such as 1, 2, 10 are sorted as numbers, and "1.0" is "1"; given categories too, if numbers
    values = floats(texts, where.decimal)
    if len(filled) and values is not None and np.isfinite(values).all():  # "inf" is a category's text
        values, keys = number_classes(texts, where.decimal)
        names = tuple(number_text(value, where.decimal) for value in values)
    else:
        names, keys = np.unique(texts, return_inverse=True)
        names = tuple(map(str, names))
    if categories is None:
        if not names:
            raise CsvError(f"{where.path}: column {column!r} has no category to one-hot encode: every cell is "
                           "missing; remove it from ", ONE_HOT, " and ", Advice("pass", "ignore", [column]))
        places = keys
    else:
        place = {key: p for p, key in enumerate(keys[:len(given)].tolist())}
        places = np.array([place.get(key, -1) for key in keys[len(given):].tolist()], dtype=np.int64)
        if (places < 0).any():
            i = int(np.flatnonzero(~missing)[np.argmax(places < 0)])
            where.fail(i, column, Said(f"{str(col[i])!r} is not one of the categories ", ONE_HOT, " gives this "
                                       f"column, {first_few([repr(c) for c in given], 10)}, so a model trained on "
                                       "those has no column for it: drop the row, or train again on data that holds "
                                       "it"))
        names = given
    codes = np.full(len(col), -1, dtype=np.int64)
    codes[~missing] = places
    return codes, names


def write_one_hot(out, encoded):
    """Writes the 0/1 columns of one_hot's columns into ``out`` (shape (m, k₁ + k₂ + …)), side by
    side, from each column's (codes, categories) of ``one_hot_columns`` (codes: each row's place
    among its k categories, -1 for a missing cell)::

        row of category c:  [0, …, 0, 1, 0, …, 0]   (the 1 at c's place)
        row of a missing cell:  [0, …, 0]
    """
    out[:] = 0
    start = 0
    for codes, categories in encoded:
        rows = np.flatnonzero(codes >= 0)
        out[rows, start + codes[rows]] = 1
        start += len(categories)


def drop_missing(cells, header, target, one_hot, where):
    """``missing="drop"``: (``cells`` without the rows that miss a cell, ``where`` naming the rows
    kept as the file numbers them, the file's rows dropped counting from 1, {column: its missing
    cells}). A feature column of numbers misses a cell of ``where.in_numbers``; the target as
    ``csv_target.read_target`` reads it, a cell of ``in_text`` when the others are text (its
    "None" is a class); a column of ``one_hot`` misses none (a missing cell is its 0s). A feature
    column with no value in any row is refused (``refuse_empty_columns``): it would drop them all."""
    missing = np.zeros(cells.shape, dtype=bool)
    for j, name in enumerate(header):
        if name in one_hot:
            continue
        col = cells[:, j]
        missing[:, j] = np.isin(col, list(where.in_numbers))
        if name == target and floats(col[~missing[:, j]], where.decimal) is None:
            missing[:, j] = np.isin(col, list(where.in_text))
    dropped = missing.any(axis=1)
    counts = {header[j]: int(n) for j, n in enumerate(missing.sum(axis=0)) if n}
    refuse_empty_columns(where.path, [header[j] for j in np.flatnonzero(missing.all(axis=0)) if header[j] != target],
                         len(cells))
    if dropped.all():
        raise CsvError(f"{where.path}: every row has a missing cell ({missing_text(counts)}), so ",
                       Advice("mention", "missing", "drop"),
                       " leaves none: remove the columns with most missing cells from the file")
    kept = np.flatnonzero(~dropped)
    where = copy.copy(where)
    where.rows, where.lines = kept, [where.lines[i] for i in kept]
    # a copy of every cell only when a row goes: beside the file's cells, it doubled load_csv's memory
    return cells[kept] if dropped.any() else cells, where, np.flatnonzero(dropped) + 1, counts


def refuse_empty_columns(path, empty, n_rows):
    """Refuses the feature columns ``empty`` (names) of the file ``path``, which have no value in
    any of its ``n_rows`` rows, with ``ignore`` to leave them out: ``missing="drop"`` would drop
    every row for them, and a column of one value (none) tells the network nothing. In a file of
    one row, that is its missing cell, named as any other."""
    if empty and n_rows > 1:
        them = "them" if len(empty) > 1 else "it"
        raise CsvError(f"{path}: column{'s' * (len(empty) > 1)} {first_few([repr(name) for name in empty], 10)} "
                       f"{'have' if len(empty) > 1 else 'has'} no value in any row (every cell is empty or a missing "
                       "marker): ", Advice("pass", "ignore", empty), f" to leave {them} out")


def missing_text(counts):
    """{column: missing cells} in words: "age: 58, fare: 2"."""
    return ", ".join(f"{column}: {n}" for column, n in counts.items())


def missing_categories(ds):
    """{column: how many rows miss its cell} for each column of ``ds.categories`` that misses some:
    those rows are kept, 0 in each of its 0/1 columns (found so: no row of a category is)."""
    names = list(ds.feature_names)
    counts = {}
    for column, categories in ds.categories.items():
        block = [names.index(f"{column}_{category}") for category in categories]
        if n := int((ds.X[:, block].sum(axis=1) == 0).sum()):
            counts[column] = n
    return counts
