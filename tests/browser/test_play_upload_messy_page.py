"""Messy files uploaded as a learner uploads them, in a real browser. A PNG renamed .csv was said
to be "not UTF-8 text (an older spreadsheet's encoding, such as Latin-1)", and a UTF-16 file
without a byte order mark (ASCII and 0 bytes, which decode as UTF-8) was sent, listed as columns
'x\\x00' and '\\x00y\\x00' and refused with an iconv command on the server's temporary copy: the
page tells each kind by its first bytes, as load_csv does. Advice the page has no control for
said Python ("with pandas: df[['price']] = ...", "once ignore's columns are left out"); it is said
in the page's words. Categories and classes written in other alphabets ("São Paulo", "grün",
"blau 🔵") are the inputs' and the classes' names on the page, and the downloaded script reads
the file of a non-ASCII name as the page did.
"""
import io
import zipfile

import pytest
from playwright.sync_api import expect

from neuralab import data
from playkit import settle
from test_play_page import download_code, open_page, run_script, scene, wait_scene
from test_play_upload import choose_file, columns

_MESSY_CITIES = ["Zürich", "São Paulo", "Köln", "🙂 Town"]
_MESSY_COLOURS = ["grün", "rot", "blau 🔵"]


def _messy_workbook():
    """The bytes of a zip file holding an Excel sheet (xl/), as an .xlsx renamed .csv is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return buffer.getvalue()


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
                     "53de0000000c4944415408d763f8ffff3f0005fe02fea7d6a5a50000000049454e44ae426082")
NOT_TEXT = {   # (the file's bytes, what the page says it is)
    "a PNG renamed": (_PNG, "photo.csv is not text: an image, a PDF or another kind of file"),
    "UTF-16 without a byte order mark": ("x,y\n1,a\n2,b\n".encode("utf-16-le"), "photo.csv is UTF-16 text"),
    "UTF-16 with its byte order mark": ("x,y\n1,a\n2,b\n".encode("utf-16"), "photo.csv is UTF-16 text"),
    "an Excel workbook renamed": (_messy_workbook(), "photo.csv is a spreadsheet workbook or a zip archive"),
}


@pytest.mark.parametrize("kind", NOT_TEXT)
def test_a_file_that_is_no_csv_text_is_refused_by_its_kind_and_nothing_of_it_is_kept(page, server, tmp_path, kind):
    content, said = NOT_TEXT[kind]
    path = tmp_path / "photo.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError):   # as load_csv, and so the downloaded script, refuses it
        data.load_csv(path, "y")
    open_page(page, server)
    page.locator("details.csv summary").click()
    page.get_by_test_id("csv-input").set_input_files(str(path))
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text(said)
    expect(banner).to_contain_text("CSV")
    expect(page.get_by_test_id("csv-upload")).to_be_disabled()
    assert columns(page) == []
    assert scene(page)["state"]["dataset"]["name"] == "circles"


# (the file's text, its target, the menu to choose, what the page says, where the focus goes)
PAST_THE_CONTROLS = {
    "prices written with '$'": ("sqft,price\n" + "".join(f'{500 + 7 * i},"${1000 + 37 * i:,}"\n' for i in range(40)),
                                "price", None, "write the numbers without their unit; if its values are class "
                                "names, choose 'classes' as the task", "csv-task"),
    "every box ticked": ("a,b,y\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(40)), "y", ["a", "b"],
                         "needs at least one feature column besides the target once the columns ticked under Leave "
                         "out are left out", "csv-upload"),
}


@pytest.mark.parametrize("case", PAST_THE_CONTROLS)
def test_advice_past_the_pages_controls_is_said_in_its_words_not_python(page, server, tmp_path, case):
    text, target, ticked, said, focus = PAST_THE_CONTROLS[case]
    path = tmp_path / "messy.csv"
    path.write_text(text)
    open_page(page, server)
    choose_file(page, path)
    expect(page.get_by_test_id("csv-target")).to_have_value(target)
    for name in ticked or ():
        page.get_by_test_id("csv-leave-out").get_by_label(name, exact=True).check()
    page.get_by_test_id("csv-upload").click()
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text(said)
    expect(page.get_by_test_id(focus)).to_be_focused()
    for python in ("pandas", "df[", "ignore", "astype"):
        expect(banner).not_to_contain_text(python)
    assert scene(page)["state"]["dataset"]["name"] == "circles"


def test_categories_and_classes_in_other_alphabets_are_the_pages_names_and_train(page, server, tmp_path):
    path = tmp_path / "städte.csv"
    path.write_text("city,x,y,colour\n" + "".join(
        f"{_MESSY_CITIES[i % 4]},{(i * 7) % 10 / 10},{(i * 3) % 10 / 10},{_MESSY_COLOURS[i % 3]}\n" for i in range(120)))
    open_page(page, server)
    choose_file(page, path)
    page.get_by_test_id("csv-upload").click()
    expect(page.get_by_test_id("error")).to_contain_text(
        "'Zürich' is not a number; this column holds text, but features must be numbers: choose 'one 0/1 column "
        "per category' for Text columns")
    expect(page.get_by_test_id("csv-text-columns")).to_be_focused()
    page.get_by_test_id("csv-text-columns").select_option("auto")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    ds = scene(page)["dataset"]
    cities = [f"city_{city}" for city in sorted(_MESSY_CITIES)]
    assert ds["feature_names"] == ["x", "y", *cities]
    assert ds["class_names"] == sorted(_MESSY_COLOURS)
    for name in cities:   # the network's inputs, named as the file writes them
        expect(page.get_by_test_id(f"feature-{name}")).to_have_text(name)
    expect(page.get_by_test_id("dataset-info")).to_contain_text("städte.csv → colour")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    confusion = page.get_by_test_id("confusion").inner_text()
    assert all(colour in confusion for colour in _MESSY_COLOURS) and "b'" not in confusion, confusion
    # the script loads städte.csv, next to it, as the upload read it, and trains
    script, code = download_code(page, tmp_path)
    assert 'data.load_csv("städte.csv", target="colour", one_hot="auto")' in code, code
    run_script(script)
