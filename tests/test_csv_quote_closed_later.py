"""A quote closed a line later, in a row that still has as many fields as the header, runs its
cell over the line end and the delimiter ('2,1\\n0'): named as the quote it is, by the line where
it opened, as a quote left open to the end of the file or one that makes a ragged row is
(tests/test_data_fixes_d.py), not as a cell that is no number, to fix or drop."""
import pytest

from neuralab.data import load_csv
from neuralab.play.upload import parse_csv

_QCL_ROWS = "".join(f"{i},{i},{i % 2}\n" for i in range(40))


@pytest.mark.parametrize("before", [0, 3200])   # read cell by cell, and by the quick reader's rows at fault
def test_a_quote_closed_a_line_later_in_a_row_of_the_right_fields_is_named_by_its_line(tmp_path, before):
    text = "a,b,y\n" + _QCL_ROWS * (before // 40) + '1,"2,1\n0",5\n' + _QCL_ROWS
    path = tmp_path / "quote.csv"
    path.write_text(text)
    with pytest.raises(ValueError) as err:
        load_csv(path, target="y")
    line = before + 2
    said = (f"column 'b', row {before + 1} (line {line}): '2,1\\n0' is not a number: a quote (\") opened on line "
            f"{line} runs its cell on to line {line + 1}, over 1 line end and the ',' between cells: add the missing "
            f"closing quote where the cell ends, or remove the opening one")
    assert str(err.value) == f"{path}: {said}"
    with pytest.raises(ValueError) as shown:
        parse_csv(text, "y")
    assert str(shown.value) == f"the uploaded file: {said}"


def test_a_note_over_two_lines_without_the_delimiter_is_still_a_word_to_mend(tmp_path):
    path = tmp_path / "note.csv"
    path.write_text('a,b,y\n1,"2\n0",1\n' + _QCL_ROWS)
    with pytest.raises(ValueError, match=r"'2\\n0' is not a number \(fix or drop the row\)$"):
        load_csv(path, target="y")
