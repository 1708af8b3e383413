"""short_label: a long name shown as its start and its end, wherever a name is shown (a
summary, a plot, an error message), so that it does not bury what shows it."""

QUOTED_CHARS = 41  # how much of a long name an error message quotes


def short_label(text, limit):
    """``text`` as at most ``limit`` characters: a longer one keeps its start and its end around
    "…", so that names told apart by their end ("... region 1", "... region 2") stay apart. A
    class or column name may be 1,000 characters long (a model file allows that): whole, it
    buries the table or the sentence that shows it."""
    text = str(text)
    if len(text) <= limit:
        return text
    end = limit // 3
    return f"{text[:limit - end - 1]}…{text[len(text) - end:]}"
