"""The feature columns of a CSV that hold text (a name, "male", a date), and the error that names
them all at once, telling categories, which ``one_hot`` reads, from names or identifiers, which
``ignore`` leaves out (``csv_one_hot.looks_like_names``), and from dates, whose way to numbers is
neither. Every reader of ``load_csv`` words it alike: the cell-by-cell one from the cells, the
quick ones (``csv_columns.py``, ``csv_quoted.py``) from what each ``Column`` tallied."""
import numpy as np

from .csv_cells import count_text_cells, first_few, floats, holds_truths, is_date
from .csv_one_hot import MAX_CATEGORIES, looks_like_names, missing_text

# How the values of a feature column of dates become numbers.
DATE_AS_NUMBERS = "the days since the first date, or the year and month in columns of their own"


def text_columns(cells, header, features, where):
    """The indices among ``features`` of the columns of ``cells`` (2-D, stripped strings) that hold
    text: more of their filled cells are words than numbers, and they are not of true and false
    (read as 1 and 0). A column of numbers with a stray word ("abc", "#DIV/0!") is none: its
    reading names that cell. These are the columns ``one_hot="auto"`` encodes, as
    ``pd.get_dummies(df)`` encodes the columns of strings."""
    text = []
    for j in features:
        col = cells[:, j]
        if floats(col, where.decimal) is not None:  # numbers: quicker to see than counting the words
            continue
        filled = col[~np.isin(col, list(where.in_numbers))]
        if count_text_cells(filled) > len(filled) / 2 and not holds_truths(filled):
            text.append(j)
    return text


def distinct_values(filled):
    """How many distinct values the cells ``filled`` hold, counted up to MAX_CATEGORIES + 1 (past
    it a column is a name or an identifier whatever the count: ``looks_like_names``)."""
    return min(len(np.unique(filled)), MAX_CATEGORIES + 1)


def refuse_text_features(cells, header, features, where, one_hot=()):
    """Refuses the feature columns among ``features`` that hold text (``text_columns``) in one
    message that names them all, at the first word of the first: one at a time, Kaggle's Titanic
    (Name, Sex, Ticket, Cabin, Embarked) would take five runs to learn of them. Called once a column
    has failed to read as numbers, as it reads every column again. ``one_hot``: the columns one_hot
    encodes already, which its hint names with the others."""
    text = text_columns(cells, header, features, where)
    if text:
        firsts = [cells[where.first_not_number(cells[:, j]), j] for j in text]
        names = []
        for j in text:
            filled = cells[:, j][~np.isin(cells[:, j], list(where.in_numbers))]
            if looks_like_names(distinct_values(filled), len(filled)):
                names.append(header[j])
        counts = {header[j]: int(np.isin(cells[:, j], list(where.in_numbers)).sum()) for j in features if j not in text}
        refuse_text_columns(cells[:, text[0]], [header[j] for j in text], firsts, names, where, one_hot,
                            {column: n for column, n in counts.items() if n})


def refuse_text_columns(col, columns, firsts, names, where, one_hot=(), missing=None):
    """Refuses the feature columns ``columns`` as text, at the first cell of ``col``, the first
    column's cells, that is neither a number nor missing. ``firsts`` are those first cells of
    each column: a column whose first reads as a date (``is_date``) is said to hold dates; of the
    others, those among ``names`` hold names or identifiers, left out by ``ignore``, and the rest
    categories, read as numbers by passing them to ``one_hot`` too, which holds the columns it
    encodes already. ``missing``: {column: its missing cells} of the other feature columns, whose
    rows ``missing="drop"`` leaves out: named too, the run that follows the advice is one that reads
    the file, not one that is refused for the next thing."""
    dates = [is_date(str(cell)) for cell in firsts]
    kinds = {True: "dates", False: "text"}
    same = [repr(name) for name, dated in zip(columns[1:], dates[1:]) if dated == dates[0]]
    other = [repr(name) for name, dated in zip(columns[1:], dates[1:]) if dated != dates[0]]
    also = (f", and so do{'es' * (len(same) == 1)} column{'s' * (len(same) > 1)} {first_few(same, 5)}"
            if same else "")
    if other:
        also += (f"; column{'s' * (len(other) > 1)} {first_few(other, 5)} hold{'s' * (len(other) == 1)} "
                 f"{kinds[not dates[0]]}")
    them, their = ("these columns", "their") if len(columns) > 1 else ("it", "its")
    names = [name for name, dated in zip(columns, dates) if not dated and name in names]
    categories = [name for name, dated in zip(columns, dates) if not dated and name not in names]
    ways = []
    if categories:
        ways.append(f"one_hot={[*one_hot, *categories]!r} to read each category as a 0/1 column of its own")
    if names:
        ways.append(f"ignore={names!r} to leave out the column{'s' * (len(names) > 1)} of names or identifiers (a "
                    f"different value in most rows, or more than {MAX_CATEGORIES}), which tell nothing about a new row")
    pass_ = f"pass {', and '.join(ways)}"
    if not any(dates):
        fix = f"{pass_}, or remove {them} from the file" if not names else pass_
    elif all(dates):
        fix = f"remove {them} from the file, or write {their} values as numbers (e.g. {DATE_AS_NUMBERS})"
    else:
        fix = f"{pass_}; remove the dates from the file, or write them as numbers (e.g. {DATE_AS_NUMBERS})"
    if ways and missing:
        fix += f"; and missing='drop' leaves out the rows with a missing cell ({missing_text(missing)})"
    where.not_a_number(col, columns[0], f"; this column holds {kinds[dates[0]]}{also}, but features must be "
                                        f"numbers: {fix}")
