"""``load_csv``'s ``max_features``: the most input columns it builds X with, for a caller that
holds many files at once (the playground takes 1,024, one weight per input in every frame).

X is float32, 4 bytes a cell: its width is its cost. One text column of 100 categories becomes
100 0/1 columns (``csv_one_hot.py``), so a 1 MB upload of 12 such columns would have become an X
of 15,000 × 1,140, 68 MB, before anyone could count its columns. The width is checked twice, each
time before the memory it would cost is taken:

    the header        its columns but the target, ``ignore``'s and the nameless ones that end it
                      (no row need fill those: ``csv_trailing_columns``), before a row is read;
                      each text column becomes at least one column, so this is the fewest X has
    the categories    once each text column's are counted, before X is allocated: the columns
                      of numbers, and one per category of each column of ``one_hot``

Either refusal is a ``TooManyFeatures``, a ``CsvError`` that holds the count and the categories,
for a face to say it in its own words (the playground: its Leave out box of the column of most
categories).
"""
from .csv_error import Advice, CsvError, CsvTypeError
from .csv_rows import column_names
from .csv_trailing_columns import nameless_after


class TooManyFeatures(CsvError):
    """X would have more input columns than ``max_features``: ``n_features`` of them, of which the
    0/1 columns of ``categories`` ({text column: its categories}; empty when the header says it)."""

    def __init__(self, *parts, n_features, categories):
        super().__init__(*parts)
        self.n_features, self.categories = n_features, categories


def check_max_features(max_features):
    """``max_features`` as given: None (no limit) or a whole number ≥ 1."""
    if max_features is None:
        return None
    # (no Advice: no face but Python's passes it, and the command line has no such option)
    if isinstance(max_features, bool) or not isinstance(max_features, int):
        raise CsvTypeError("max_features must be a whole number of input columns, or None for no limit, got "
                           f"{type(max_features).__name__} {max_features!r}")
    if max_features < 1:
        raise CsvError(f"max_features must be at least 1, got {max_features}")
    return max_features


def header_inputs(names, target, ignore):
    """How many input columns the header's ``names`` (as written) give X at the least: all but
    the ``target``, ``ignore``'s and the nameless ones after its last name."""
    names = column_names(names[:len(names) - nameless_after(names)])
    return len(set(names) - {target, *ignore})


def most_categories(categories, n=3):
    """(the text columns of ``categories``, {column: its categories}, those of most first; the
    first ``n`` with their number of categories, "'t0' 95, 't1' 90, …")."""
    widest = sorted(categories, key=lambda column: -len(categories[column]))
    return widest, ", ".join(f"{column!r} {len(categories[column])}" for column in widest[:n]) + (
        ", …" if len(widest) > n else "")


def refuse_too_many_features(path, n_features, max_features, categories=None):
    """Refuses the file ``path`` whose X would have ``n_features`` input columns, more than
    ``max_features`` (None: any number): with ``ignore`` for the text column of most
    ``categories`` ({column: its categories}, whose 0/1 columns are among them) when they are
    the cause, else ``ignore`` alone."""
    if max_features is None or n_features <= max_features:
        return
    categories = categories or {}
    said = f"{path}: X would have {n_features:,} input columns, more than max_features={max_features:,}"
    if not categories:
        raise TooManyFeatures(said, ": leave some out with ", Advice("named", "ignore", ()), ", or pass a larger "
                              "max_features", n_features=n_features, categories=categories)
    widest, made = most_categories(categories)
    raise TooManyFeatures(said, f", {sum(map(len, categories.values())):,} of them the 0/1 columns of the categories "
                          f"of its text columns ({made}): ", Advice("pass", "ignore", widest[:1]), " to leave out the "
                          "column of most categories, or pass a larger max_features", n_features=n_features,
                          categories=categories)
