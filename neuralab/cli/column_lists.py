"""The columns --one-hot and --ignore take, as one option's value: names separated by commas, as a
line of a CSV file holds them, so that a name with a comma is written as the file's header writes
it, in double quotes: --ignore '"Income, annual",Name'. ``column_names`` reads such a value and
``columns_text`` writes one (the command's advice, "pass --ignore ..."), each the other's inverse.
Given twice (--one-hot sex --one-hot embarked), an option takes both (argparse's "extend")."""
import argparse
import csv
import io


def column_names(text):
    """The names in ``text``, without the spaces around each (load_csv strips the header's); a name
    in double quotes may hold commas, and a doubled quote inside it is one quote, as in a CSV file."""
    try:
        columns = [column.strip() for column in next(csv.reader([text], skipinitialspace=True))]
    except csv.Error:   # a line break outside quotes: no header's name holds one
        columns = []
    if not columns or not all(columns):
        raise argparse.ArgumentTypeError(f"needs column names separated by commas, such as sex,embarked, got {text!r}")
    return columns


def columns_text(columns):
    """``columns`` (names) as ``column_names`` reads them: comma-separated, a name that holds a comma
    or a double quote in double quotes, as Python's csv module writes a row."""
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(columns)
    return line.getvalue()
