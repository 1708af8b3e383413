"""A model trained on one-hot columns, given a new row as the file has it: its column of
categories read into those 0/1 columns, as a scikit-learn Pipeline's ``OneHotEncoder`` reads it.

``neuralab train --one-hot town`` trains on ``town_Lyon``, ``town_Nice``, ``town_Paris`` (one 0/1
column per category, named ``{column}_{category}``, as ``pd.get_dummies`` names them) and keeps the
categories as ``model.categories`` ({"town": ("Lyon", "Nice", "Paris")}), which its file keeps too.
``predict`` then takes the raw column::

    town            town_Lyon  town_Nice  town_Paris
    "Paris"    ->       0          0          1
    NaN                 0          0          0       (a missing cell, as the training file's was)

and refuses a category it never saw, naming those it knows (``handle_unknown="error"``): the
network has no column for it. A model that keeps no categories (one fitted on ``pd.get_dummies``
columns, the playground's file) is told the same way in words (``one_hot_hint``): which column
to give 1 and which 0.

Nothing here imports pandas: a DataFrame is used through its own methods (``tables``).
"""
import numbers

import numpy as np

from . import tables


def model_categories(model):
    """``model.categories`` ({column: its categories}) while each category's 0/1 column,
    ``{column}_{category}``, is among the model's columns (``tables.model_columns``); None else."""
    categories = getattr(model, "categories", None)
    names = tables.model_columns(model)
    if not categories or names is None:
        return None
    return categories if all(one_hot_name(c, v) in names for c, vs in categories.items() for v in vs) else None


def one_hot_name(column, category):
    """The name of the 0/1 column of ``category`` of ``column``: "town_Paris", as get_dummies names it."""
    return f"{column}_{category}"


def category_text(value):
    """A cell of a new row as the text of a category: text stripped, a whole number without its
    ".0" (codes 1, 2, 3 are the categories "1", "2", "3" however pandas read them)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))
    return str(value)


def encode_categories(model, X, name="X"):
    """``X`` with each column of ``model.categories`` that it holds raw replaced by its 0/1 columns,
    in the model's order of columns when X then holds exactly those; ``X`` itself when it is no
    DataFrame, or the model keeps no categories, or X holds none of their columns. A cell of a
    category the model never saw is refused (ValueError) naming the row and the categories known."""
    if not tables.is_table(X) or not hasattr(X.dtypes, "items") or (categories := model_categories(model)) is None:
        return X
    raw = [column for column in categories if column in X.columns]
    if not raw:
        return X
    columns = {}
    for column in raw:
        known = {category: place for place, category in enumerate(categories[column])}
        # each distinct value read once (a missing cell is code -1, the last place: -1, no column)
        codes, values = X[column].factorize()
        texts = [category_text(value) for value in values]
        places = np.array([known.get(text, -2) for text in texts] + [-1])[codes]
        if (places == -2).any():
            i = int(np.argmax(places == -2))
            raise ValueError(f"{name}[{column!r}] holds {texts[codes[i]]!r} (row {X.index[i]!r}), which is none of the "
                             f"categories the model learned, {tables.listed(list(known), limit=10)}: it has no "
                             f"0/1 column for it; drop the row, or train again on data that holds it")
        for place, category in enumerate(categories[column]):
            columns[one_hot_name(column, category)] = (places == place).astype(np.float32)
    encoded = X.drop(columns=raw).assign(**columns)
    names = tables.model_columns(model)
    return encoded[list(names)] if sorted(map(str, encoded.columns)) == sorted(names) else encoded


def one_hot_hint(expected, names, value):
    """The way to give the DataFrame ``value`` (its columns ``names``) the 0/1 columns of the
    ``expected`` ones it lacks, when it holds the raw column they were made of: "town is one-hot
    here: give town_Paris=1 and town_Lyon=0, town_Nice=0" (the first row's category as 1); ""
    when it holds none. Found by the names alone (``{column}_{category}``), for a model that
    keeps no categories."""
    if not tables.is_table(value):   # (a Dataset's columns are numbers already)
        return ""
    said = []
    for column in names:
        if column in expected:
            continue
        prefix = one_hot_name(column, "")
        block = [name for name in expected if name.startswith(prefix) and name not in names]
        if not block:
            continue
        first = category_text(value[column].iloc[0]) if len(value) else ""
        one = one_hot_name(column, first)
        if one in block:
            zeros = ", ".join(f"{name}=0" for name in block if name != one)
            said.append(f"{column} is one-hot here: give {one}=1" + (f" and {zeros}" if zeros else ""))
        else:
            said.append(f"{column} is one-hot here: give one of {', '.join(block)} 1 and the others 0 "
                        f"({first!r} is none of them)")
    return "; ".join(said)


def refuse_dict(X, name="X"):
    """Refuse a dict given as rows, with the DataFrame that holds it: a dict is no table."""
    if isinstance(X, dict):
        one = all(not isinstance(v, (list, tuple, np.ndarray)) for v in X.values())
        fix = "pd.DataFrame([row])" if one else "pd.DataFrame(rows)"
        raise TypeError(f"{name} is a dict; give its rows as a DataFrame, {name} = {fix} (the keys name the columns)")
