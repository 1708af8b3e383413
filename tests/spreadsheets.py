"""CSV files as spreadsheets save them, for the tests of the playground's upload (its session
and its page)."""
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
