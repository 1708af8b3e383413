"""CSV files as spreadsheets save them, for the tests of the playground's upload (its session
and its page) and of neuralab train."""
import numpy as np

from neuralab import data


def european_spreadsheet(n=60, seed=2):
    """A regression CSV as a European Excel saves it: a first line "sep=;", ';' between the
    cells, decimal commas (2,5); and its rows as numbers (area, rooms, price)."""
    rng = np.random.default_rng(seed)
    area, rooms = rng.uniform(20, 120, n).round(1), rng.integers(1, 6, n)
    price = (2.5 * area + 10 * rooms + rng.normal(0, 5, n)).round(2)
    rows = np.column_stack([area, rooms, price])
    text = "sep=;\narea;rooms;price\n" + "".join(f"{a:.1f};{r:.0f};{p:.2f}\n".replace(".", ",") for a, r, p in rows)
    return text, rows


def imbalanced_csv(path, every):
    """300 rows of two noise features and a label, 1 in ``every`` 'fraud', the rest 'ok', written to
    ``path``: an unweighted model answers 'ok' everywhere, and 'fraud' < 'ok' makes the common
    class class 1."""
    rng = np.random.default_rng(0)
    rows = [f"{rng.normal():.3f},{rng.normal():.3f},{'fraud' if i % every == 0 else 'ok'}" for i in range(300)]
    path.write_text("a,b,label\n" + "\n".join(rows) + "\n")
    return path


def marked_target_csv(path, header, X, y, marker=None, row=None):
    """A regression CSV of two feature columns ``X`` and the target ``y`` under ``header``
    ("a,b,y"), each number with 4 decimals, and the text ``marker`` (a missing-value marker such as
    "99999" or "-999") in place of the target at ``row`` (0-based); its path, as text."""
    cells = [f"{value:.4f}" for value in y]
    if marker is not None:
        cells[row] = marker
    path.write_text(header + "\n" + "".join(f"{a:.4f},{b:.4f},{t}\n" for (a, b), t in zip(X, cells)))
    return str(path)


SCORES_ROWS = 200


def scores_csv(path, marker=None, row=None):
    """A CSV of SCORES_ROWS scores: x1, x2 -> y = 5·x1 + 3·x2 + noise, clipped to 0..100, with the text
    ``marker`` ("-999") in y at ``row`` (0-based); its path, as text."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 10, (SCORES_ROWS, 2))
    y = np.clip(5 * X[:, 0] + 3 * X[:, 1] + rng.normal(0, 5, SCORES_ROWS), 0, 100)
    return marked_target_csv(path, "x1,x2,y", X, y, marker, row)


def split_rows(n, test_size=0.2, seed=0):
    """The rows (0-based) of a file of ``n`` rows that neuralab train's split (--seed 0) puts in the
    test part, and the others, each sorted."""
    test = data.train_test_split(np.arange(n), np.zeros(n), test_size=test_size, seed=seed)[1]
    return sorted(test), sorted(set(range(n)) - set(test))


TOWNS = ("Paris", "Lyon", "Nice")


def town_houses(n, seed, noise, dear_above, ids=False, no_size_in=None):
    """A CSV of ``n`` houses in three towns (TOWNS in turn): size (each row's own, 30 + 1.5·i, to
    find a row by), town (text), price (size times 2, 3 or 4 by town, plus N(0, noise²)) and dear
    (yes above ``dear_above``, else no), the last column; ``ids``: an id column first (1000, 1001,
    ...); ``no_size_in``: the row whose size is empty."""
    rng = np.random.default_rng(seed)
    lines = [("id," if ids else "") + "size,town,price,dear"]
    for i in range(n):
        town, size = TOWNS[i % 3], 30 + 1.5 * i
        price = size * (2 + TOWNS.index(town)) + rng.normal(0, noise)
        lines.append(f"{f'{1000 + i},' if ids else ''}{'' if i == no_size_in else size},{town},{price:.1f},"
                     f"{'yes' if price > dear_above else 'no'}")
    return "\n".join(lines) + "\n"
