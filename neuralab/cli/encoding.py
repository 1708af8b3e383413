"""The command's output on a stream that cannot hold every character it prints.

Messages and the Monitor's report write the course's symbols (‖W‖, σ, δ, ≥, x²). A stream whose
encoding lacks them, as Windows' cp1252 is for output redirected to a file (``neuralab train
--monitor > log.txt``), raised UnicodeEncodeError at the first one: the run ended with that
error line, after training, before its files were written. ``readable_streams`` gives stdout and
stderr an error handler that writes each such character in ASCII instead (σ as sigma, ‖ as ||).
"""
import codecs
import sys
import unicodedata

SPELLED = {
    "‖": "||", "·": "*", "⊙": "*", "×": "x", "−": "-", "–": "-", "—": "--", "…": "...",
    "≥": ">=", "≤": "<=", "≈": "~", "≪": "<<", "≫": ">>", "≡": "==", "±": "+/-", "∈": " in ",
    "→": "->", "←": "<-", "⇒": "=>", "√": "sqrt", "∂": "d", "∇": "grad ", "Σ": "sum ",
    "Δ": "Delta ", "ℓ": "l", "µ": "mu", "ᵀ": "^T", "⌊": "floor(", "⌋": ")",
}
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
NAME = "neuralab.readable"


def spell(char):
    """``char`` in ASCII: from ``SPELLED``, a Greek letter by its name (σ as sigma), a
    superscript digit after ^ (x²: x^2), a subscript as its digit; a combining mark (the hat of
    ŷ) is dropped, and anything else is "?"."""
    if char in SPELLED:
        return SPELLED[char]
    if char != char.translate(SUPERSCRIPTS):
        return "^" + char.translate(SUPERSCRIPTS)
    if char != char.translate(SUBSCRIPTS):
        return char.translate(SUBSCRIPTS)
    if unicodedata.combining(char):
        return ""
    name = unicodedata.name(char, "").replace("LAMDA", "LAMBDA")  # Unicode's spelling of λ
    if name.startswith("GREEK SMALL LETTER "):
        return name.removeprefix("GREEK SMALL LETTER ").lower()
    if name.startswith("GREEK CAPITAL LETTER "):
        return name.removeprefix("GREEK CAPITAL LETTER ").capitalize()
    ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return ascii_form or "?"


def _handler(error):
    """The codec error handler of the output streams (they only encode): the characters the
    stream's encoding lacks, spelled out."""
    bad = error.object[error.start:error.end]
    return "".join(spell(char) for char in bad), error.end


codecs.register_error(NAME, _handler)


def readable_streams():
    """Give sys.stdout and sys.stderr the handler (text streams that can take it; a pipe or file
    in UTF-8 never calls it)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=NAME)
