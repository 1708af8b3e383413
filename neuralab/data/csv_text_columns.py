"""The feature columns of a CSV that hold text (a name, "male", a date, "-3.6%"), and the error that
names them all at once, telling categories, which ``one_hot`` reads, from names or identifiers,
which ``ignore`` leaves out (``csv_one_hot.looks_like_names``), from dates, whose way to numbers is
neither, and from numbers written with a unit or as accounting negatives ("(80)"), which only need a
fix of their text. Every reader of ``load_csv`` words it alike: the cell-by-cell one from the cells,
the quick ones (``csv_columns.py``, ``csv_quoted.py``) from what each ``Column`` tallied."""
import numpy as np

from .csv_cells import (accounting_fix, accounting_negative, count_text_cells, first_few, floats, holds_truths,
                        is_date, number_and_unit, unit_fix)
from .csv_error import Advice, Said
from .csv_one_hot import MAX_CATEGORIES, looks_like_names, missing_text

# How the values of a feature column of dates become numbers.
DATE_AS_NUMBERS = "the days since the first date, or the year and month in columns of their own"
# What a column holds, by its first cell that is no number (``kind_of``)
DATES, WITH_UNITS, TEXT = "dates", "numbers written with a unit", "text"
ACCOUNTING = "negative numbers in parentheses, as accounting formats write them"


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
                            {column: n for column, n in counts.items() if 0 < n and (n < len(cells) or n == 1)},
                            [column for column, n in counts.items() if n == len(cells) > 1])


def _empty_text(empty):
    """The words for the feature columns ``empty``, which have no value in any row."""
    return (f"the column{'s' * (len(empty) > 1)} {first_few([repr(name) for name in empty], 10)} with no value in "
            f"any row")


def kind_of(cell):
    """What a column holds, by its first ``cell`` that is not a number: ``DATES`` ("2024-03-15",
    ``is_date``), ``WITH_UNITS`` ("-3.6%", "$-7.36", "12 kg": ``number_and_unit``), ``ACCOUNTING``
    ("(80)": ``accounting_negative``) or ``TEXT``."""
    if is_date(cell):
        return DATES
    return WITH_UNITS if number_and_unit(cell) else ACCOUNTING if accounting_negative(cell) else TEXT


def refuse_text_columns(col, columns, firsts, names, where, one_hot=(), missing=None, empty=()):
    """Refuses the feature columns ``columns`` as text, at the first cell of ``col``, the first
    column's cells, that is neither a number nor missing. ``firsts`` are those first cells of each
    column, which say what each holds (``kind_of``): dates, to write as numbers; numbers written
    with a unit, to write without it (a column of "-3.6%" is no name to leave out); accounting
    negatives ("(80)"), to write with a minus sign; or text: of those columns, the ones among
    ``names`` hold names or identifiers, left out by ``ignore``, and the rest categories, read as
    numbers by passing them to ``one_hot`` too, which holds the columns it encodes already (or, when
    they are all the columns, left out by ``ignore``).
    ``missing``: {column: its missing cells} of the other feature columns, whose rows
    ``missing="drop"`` leaves out: named too, the run that follows the advice is one that reads the
    file, not one that is refused for the next thing; ``empty``: the other feature columns with no
    value in any row, left out by ``ignore`` (which ``missing="drop"`` would drop every row for).
    Dates are left out by ``ignore`` too. The target's own problem, if any, comes last
    (``where.target_said()``)."""
    kinds = [kind_of(str(cell)) for cell in firsts]
    same = [repr(name) for name, kind in zip(columns[1:], kinds[1:]) if kind == kinds[0]]
    also = (f", and so do{'es' * (len(same) == 1)} column{'s' * (len(same) > 1)} {first_few(same, 5)}"
            if same else "")
    for kind in dict.fromkeys(kind for kind in kinds[1:] if kind != kinds[0]):   # the other kinds, in order
        other = [repr(name) for name, of in zip(columns[1:], kinds[1:]) if of == kind]
        also += f"; column{'s' * (len(other) > 1)} {first_few(other, 5)} hold{'s' * (len(other) == 1)} {kind}"
    them, their = ("these columns", "their") if len(columns) > 1 else ("it", "its")
    texts = [name for name, kind in zip(columns, kinds) if kind == TEXT]
    names = [name for name in texts if name in names]
    categories = [name for name in texts if name not in names]
    ways = []   # (argument, its value, what it does), passed together
    if categories:
        ways.append(("one_hot", [*one_hot, *categories], " to read each category as a 0/1 column of its own"))
    if names:
        ways.append(("ignore", [*names, *empty], f" to leave out the column{'s' * (len(names) > 1)} of names or "
                     f"identifiers (a different value in most rows, or more than {MAX_CATEGORIES}), which tell "
                     f"nothing about a new row" + (f", and {_empty_text(empty)}" if empty else "")))
    fixes = []
    if ways:
        pass_ = Said(", and ").join(Said(Advice("and" if i else "pass", argument, value), does)
                                    for i, (argument, value, does) in enumerate(ways))
        # categories alone: leaving them out is the other way, named as the dates' and empty columns' is
        fixes.append(pass_ + Said(", or ", Advice("pass", "ignore", categories), f" to leave {them} out")
                     if categories == list(columns) else pass_)
    for kind, fix_of in ((WITH_UNITS, unit_fix), (ACCOUNTING, accounting_fix)):
        if kind in kinds:
            fixes.append(fix_of([(name, str(cell)) for name, of, cell in zip(columns, kinds, firsts) if of == kind]))
    dates = [name for name, kind in zip(columns, kinds) if kind == DATES]
    if dates:
        leave = Said(Advice("pass", "ignore", dates),
                     " to leave " + ("the dates out" if len(dates) < len(columns) else f"{them} out"))
        what = "them" if len(dates) < len(columns) else f"{their} values"
        fixes.append(leave + f", or write {what} as numbers (e.g. {DATE_AS_NUMBERS})")
    if empty and not names:
        fixes.append(Said(Advice("pass", "ignore", list(empty)), f" to leave out {_empty_text(empty)}"))
    fix = Said("; ").join(fixes)
    if ways and missing:
        fix += Said("; and ", Advice("mention", "missing", "drop"),
                    f" leaves out the rows with a missing cell ({missing_text(missing)})")
    fix += where.target_said()   # a target written "$221,900", refused in the run that followed this advice
    where.not_a_number(col, columns[0], Said(f"; this column holds {kinds[0]}{also}, but features must be numbers: ",
                                             fix))
