"""An uploaded CSV whose whole numbers float32 reads as fewer (King County's ten-digit house IDs:
50,000 distinct IDs read as 1,661 values): load_csv warns of it, and the page says the warning
with the file's notes, in its own words (the Leave out box, neuralab train's --dtype float64),
where the warning went to the server's stderr (and, under pytest, failed the upload)."""
import numpy as np
import pytest

from neuralab.data import load_csv
from neuralab.data.identifier_columns import FLOAT64_KEEPS_THEM, RoundedWholeNumbersWarning
from neuralab.play.upload import parse_csv


def _rounded_ids_csv(id_name="id", n=400):
    """A table of ten-digit whole numbers in ``id_name`` (distinct in every row, 17 apart), an
    area and a price."""
    rng = np.random.default_rng(0)
    lines = [f"{id_name},sqft,price"]
    for i in range(n):
        lines.append(f"{7129300520 + 17 * i},{int(rng.integers(500, 4000))},{int(rng.integers(100, 900)) * 1000}")
    return "\n".join(lines) + "\n"


def test_an_uploaded_ten_digit_id_is_named_with_the_leave_out_box():
    upload = parse_csv(_rounded_ids_csv(), "price", task="regression")
    said = [note for note in upload.notes() if "'id'" in note]
    assert len(said) == 1, upload.notes()
    assert "looks like an identifier" in said[0] and "float32" in said[0]
    assert "tick 'id' under Leave out" in said[0] and "ignore=" not in said[0]
    left_out = parse_csv(_rounded_ids_csv(), "price", task="regression", ignore=["id"])
    assert left_out.dataset.feature_names == ("sqft",) and left_out.notes() == []


def test_an_uploaded_rounded_quantity_names_neuralab_train_in_float64():
    upload = parse_csv(_rounded_ids_csv(id_name="parcel"), "price", task="regression")
    said = [note for note in upload.notes() if "'parcel'" in note]
    assert len(said) == 1, upload.notes()
    assert ("neuralab train --data FILE --target price --dtype float64 keeps them apart" in said[0]
            and "set_default_dtype" not in said[0] and "tick 'parcel' under Leave out" in said[0])


@pytest.mark.parametrize("id_name, identifier", [("id", True), ("parcel", False)])
def test_the_warning_carries_its_column_and_kind_of_fix_which_the_page_words_its_own_way(tmp_path, id_name,
                                                                                         identifier):
    """The page composed its note by replacing the Python words inside the warning's text; the
    warning carries its column and kind of fix as data now, and its str() is the Python text."""
    path = tmp_path / "rounded.csv"
    path.write_text(_rounded_ids_csv(id_name, 1_060))
    with pytest.warns(RoundedWholeNumbersWarning) as warned:
        load_csv(path, "price", task="regression")
    warning = warned[0].message
    assert (warning.column, warning.identifier, warning.rows) == (id_name, identifier, 1_060)
    assert str(warning) == warning.saying(FLOAT64_KEEPS_THEM, f"pass ignore=['{id_name}']")
    assert str(warning).endswith("to leave it out" if identifier else "if it is an identifier")
    said = " ".join(parse_csv(_rounded_ids_csv(id_name, 1_060), "price", task="regression").notes())
    assert f"tick '{id_name}' under Leave out" in said and "set_default_dtype" not in said
    assert ("each of the 1,060 rows" in said) == identifier   # the page writes its counts so


def test_a_rounded_columns_warning_says_to_press_use_this_csv_again_as_an_identifiers_does():
    # the file is already taken: ticking the box alone left the column in
    text = "parcel,x,label\n" + "".join(f"{123456789 * (i % 5 + 1) + i % 3},{i % 7},{i % 2}\n" for i in range(50))
    (said,) = parse_csv(text, "label", filename="t.csv").notes()
    assert "tick 'parcel' under Leave out and press \"Use this CSV\" again" in said
