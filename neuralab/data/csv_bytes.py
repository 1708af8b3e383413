"""The bytes of a CSV's cells, a column of them as a grid (row k: byte k of each cell), read
as ``csv_cell_kinds.py`` reads them: which cells are plain decimal numbers, or numbers written
as a spreadsheet writes them ("1,000", "1.234,5"), told apart by small finite automata over
their bytes (``NUMBER``, ``THOUSANDS``), and the marks of each byte that say which cells only
Python can read (``BYTE_MARKS``).
"""
import numpy as np

DIGITS = b"0123456789"
WORDS = [sign + word for sign in (b"", b"+", b"-") for word in (b"inf", b"infinity", b"nan")]


def _automaton(steps, ends):
    """A finite automaton over a cell's bytes: (NEXT, whether each state ends a match), where
    ``NEXT[256 * state + byte]`` is 256 times the state after ``byte``. ``steps`` are
    (state, bytes, next state); it starts in state 0, any byte not in a step leads to a state
    that never ends a match, and a byte 0 (the padding after a short cell) keeps the state."""
    n = max(max(state, after) for state, _, after in steps) + 2
    table = np.full((n, 256), n - 1, dtype=np.intp)
    table[:, 0] = np.arange(n)
    for state, chars, after in steps:
        table[state, list(chars)] = after
    accepting = np.zeros(n, dtype=bool)
    accepting[list(ends)] = True
    return (table * 256).ravel(), accepting


# A plain decimal number, [+-]?(d+.?d*|.d+)([eE][+-]?d+)?: "5", "5.", "5.5", "5e5" end in 2, 3, 5, 8
NUMBER = _automaton([(0, DIGITS, 2), (0, b"+-", 1), (0, b".", 4), (1, DIGITS, 2), (1, b".", 4), (2, DIGITS, 2),
                     (2, b".", 3), (2, b"eE", 6), (3, DIGITS, 5), (3, b"eE", 6), (4, DIGITS, 5), (5, DIGITS, 5),
                     (5, b"eE", 6), (6, DIGITS, 8), (6, b"+-", 7), (7, DIGITS, 8), (8, DIGITS, 8)], {2, 3, 5, 8})
# csv_cells.THOUSANDS, [+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?
THOUSANDS = _automaton([(0, b"+-", 1), (0, DIGITS[1:], 2), (1, DIGITS[1:], 2), (2, DIGITS, 3), (2, b",", 5),
                        (3, DIGITS, 4), (3, b",", 5), (4, b",", 5), (5, DIGITS, 6), (6, DIGITS, 7), (7, DIGITS, 8),
                        (8, b",", 5), (8, b".", 9), (9, DIGITS, 10), (10, DIGITS, 10)], {8, 10})
# A byte's marks: ODD for a cell read by Python (not ASCII, whose Unicode spaces strip removes, or
# an underscore, which float reads between digits); FOREIGN for an ASCII byte that no number
# holds, with a comma either ("José", "a b"), and LETTER for the first byte of a character from
# U+00C0 to U+05FF (Latin, Greek, Cyrillic, Hebrew) or U+4000 to U+9FFF (CJK), none of which is
# a decimal digit or a space (str.isdecimal, str.isspace): such a cell is text
ODD, EXPONENT, POINT, COMMA, FOREIGN, LETTER = 1, 2, 4, 8, 16, 32
BYTE_MARKS = np.full(256, FOREIGN, dtype=np.uint8)
BYTE_MARKS[list(b"\0" + DIGITS + b"+-iInNfFtTyYaA")] = 0  # 0: the padding after a short cell
BYTE_MARKS[128:] = BYTE_MARKS[ord("_")] = ODD
BYTE_MARKS[0xC3:0xD8] = BYTE_MARKS[0xE4:0xEA] = ODD | LETTER
BYTE_MARKS[ord("e")] = BYTE_MARKS[ord("E")] = EXPONENT
BYTE_MARKS[ord(".")] = POINT
BYTE_MARKS[ord(",")] = COMMA
SWAP = np.arange(256, dtype=np.uint8)  # csv_cells.SWAP_MARKS
SWAP[[ord(","), ord(".")]] = SWAP[[ord("."), ord(",")]]
WORD_START = np.zeros(256, dtype=bool)  # the first byte of "inf", "infinity", "nan", with a sign or not
WORD_START[list(b"+-iInN")] = True
WORD_LENGTHS = sorted({len(word) for word in WORDS})
LOWER = np.arange(256, dtype=np.uint8)
LOWER[65:91] += 32


def accepts(automaton, grid):
    """Whether the ``automaton`` ends a match on each cell, a column of ``grid`` (row k: byte k)."""
    table, accepting = automaton
    state = np.zeros(grid.shape[1], dtype=np.intp)
    for byte in grid:
        state = table[state + byte]
    return accepting[state >> 8]


def as_cells(grid):
    """The columns of ``grid`` (row k: byte k of each cell) as fixed-width byte strings."""
    return np.ascontiguousarray(grid.T).view(f"S{len(grid)}").ravel()

