"""CSV files as spreadsheets save them, for the tests of the playground's upload (its session
and its page) and of neuralab train."""
import numpy as np


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
