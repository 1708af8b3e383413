"""The CSV upload as a spreadsheet user makes it, in a real browser: a European spreadsheet saves
';' between the cells and decimal commas (2,5), and Excel a first line "sep=;". The page
preselects the file's separator (its sep= line, else the one that splits its lines alike) and
decimal mark, lists the columns load_csv reads with them and uploads with them; a separator
chosen wrongly by hand gets advice naming the page's menu, not load_csv's argument; the
"⤓ Python" script passes both to load_csv. A header ending with the separator offers no nameless
column that load_csv drops, and a file that is not UTF-8 is refused as load_csv refuses it.
"""
import numpy as np
import pytest
from playwright.sync_api import expect

from csv_kit import load_csv_header
from neuralab import data
from spreadsheets import european_spreadsheet
from test_play_page import download_code, open_page, run_script, scene, wait_scene


def choose_file(page, path):
    """Open the upload panel and choose ``path``: the page reads it and preselects its menus."""
    page.locator("details.csv summary").click()
    page.get_by_test_id("csv-input").set_input_files(str(path))
    expect(page.get_by_test_id("csv-upload")).to_be_enabled()


def columns(page):
    return page.get_by_test_id("csv-target").locator("option").all_inner_texts()


def test_a_spreadsheets_csv_is_read_with_its_separator_and_decimal_commas(page, server, tmp_path):
    """The audit: the page read every header with ',' (a file 'area;rooms;price' was one column)
    and sent no separator nor decimal mark. The sep=; line and the decimal commas preselect the
    menus, and the data the server trains on is that file's numbers."""
    text, rows = european_spreadsheet(seed=4)
    path = tmp_path / "flats.csv"
    path.write_text(text)
    open_page(page, server)
    choose_file(page, path)
    expect(page.get_by_test_id("csv-separator")).to_have_value(";")
    expect(page.get_by_test_id("csv-decimal")).to_have_value(",")
    assert columns(page) == ["area", "rooms", "price"]
    expect(page.get_by_test_id("csv-target")).to_have_value("price")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    ds = scene(page)["dataset"]
    assert (ds["axes"], ds["task"], ds["csv_delimiter"], ds["csv_decimal"]) == (["area", "rooms"], "regression", ";", ",")
    # the numbers, computed here: load_csv reads them so, and the page trains on them, split as it splits
    loaded = data.load_csv(path, "price", delimiter=";", decimal=",")
    np.testing.assert_array_equal(loaded.y, rows[:, 2].astype(np.float32))
    np.testing.assert_array_equal(loaded.X, rows[:, :2].astype(np.float32))
    _, _, y_train, y_test = data.train_test_split(rows[:, :2], rows[:, 2], test_size=0.5, seed=1)
    assert (ds["n_train"], ds["n_test"]) == (len(y_train), len(y_test))
    shown = [[point[2] for point in ds[part]] for part in ("train", "test")]   # [x1, x2, price] of each point
    np.testing.assert_allclose(shown[0], y_train, atol=1e-4)
    np.testing.assert_allclose(shown[1], y_test, atol=1e-4)
    for epoch in ("1", "2", "3"):
        page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text(epoch)
    # the script loads the file as the page did, and runs next to it
    script, code = download_code(page, tmp_path)
    assert 'data.load_csv("flats.csv", target="price", delimiter=";", decimal=",")' in code
    run_script(script)


@pytest.mark.parametrize("text, separator, decimal, header", [
    (european_spreadsheet(seed=4)[0].split("\n", 1)[1], ";", ",", ["area", "rooms", "price"]),
    ("width\theight\tprice\n" + "".join(f"{i / 4}\t{i % 5}\t{3 * i + 1.5}\n" for i in range(40)), "\t", ".",
     ["width", "height", "price"]),
], ids=["semicolon, decimal commas", "tab, decimal points"])
def test_a_csv_without_a_sep_line_is_sniffed(page, server, tmp_path, text, separator, decimal, header):
    path = tmp_path / "sniffed.csv"
    path.write_text(text)
    open_page(page, server)
    choose_file(page, path)
    expect(page.get_by_test_id("csv-separator")).to_have_value(separator)
    expect(page.get_by_test_id("csv-decimal")).to_have_value(decimal)
    assert columns(page) == header == load_csv_header(text, tmp_path, separator)
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    ds = scene(page)["dataset"]
    assert (ds["axes"], ds["csv_delimiter"], ds["csv_decimal"]) == (header[:2], separator, decimal)
    assert ds["n_train"] + ds["n_test"] == len(text.strip().splitlines()) - 1


def test_a_separator_the_menu_lacks_is_taken_from_the_sep_line(page, server, tmp_path):
    path = tmp_path / "colons.csv"
    text = "sep=:\nx:y:label\n" + "".join(f"{i % 7}:{(i * 3) % 5}:{'ab'[i % 2]}\n" for i in range(30))
    path.write_text(text)
    open_page(page, server)
    choose_file(page, path)
    expect(page.get_by_test_id("csv-separator")).to_have_value(":")
    assert columns(page) == ["x", "y", "label"] == load_csv_header(text, tmp_path)
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    assert (scene(page)["dataset"]["csv_delimiter"], scene(page)["dataset"]["n_train"]) == (":", 15)


def test_a_wrong_separator_chosen_by_hand_gets_advice_naming_the_menu(page, server, tmp_path):
    """The columns follow the separator chosen; load_csv's advice ("pass delimiter=';'",
    "pass decimal=','") names the page's menus, whose choices then upload the file."""
    path = tmp_path / "flats.csv"
    path.write_text(european_spreadsheet(seed=4)[0].split("\n", 1)[1])
    open_page(page, server)
    choose_file(page, path)
    separator, decimal = page.get_by_test_id("csv-separator"), page.get_by_test_id("csv-decimal")
    banner = page.get_by_test_id("error")
    separator.select_option(label="comma (,)")
    assert columns(page) == ["area;rooms;price"]                   # what a comma reads: one column
    expect(decimal).to_have_value(".")                             # a comma cannot also be the decimal mark
    page.get_by_test_id("csv-upload").click()
    expect(banner).to_contain_text("choose 'semicolon (;)' as the separator")
    expect(banner).not_to_contain_text("delimiter=")
    assert scene(page)["state"]["dataset"]["name"] == "circles"
    separator.select_option(label="semicolon (;)")
    assert columns(page) == ["area", "rooms", "price"]
    expect(page.get_by_test_id("csv-target")).to_have_value("price")
    decimal.select_option(label="point (1.5)")
    page.get_by_test_id("csv-upload").click()
    expect(banner).to_contain_text("choose 'comma (1,5)' as the decimal mark")
    expect(banner).not_to_contain_text("decimal=")
    decimal.select_option(label="comma (1,5)")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    assert (scene(page)["dataset"]["csv_delimiter"], scene(page)["dataset"]["csv_decimal"]) == (";", ",")


# (text, separator chosen or None for the page's own): the page's header must be load_csv's
HEADERS = [
    ("sep=;\na;b;y\n1;2;3", None),
    ('"sep=;"\r\na; "b;c" ;y\r\n1;2;3', None),
    ("\ufeffsep=|\n a | b |\"c|d\"\n", None),
    ("\ufeffa,b\n1,2", None),
    ("sep=;\n;;\n\n  \nx;y\n", None),                  # blank rows, and rows of only delimiters, skipped
    (",,,\na,b,y\n1,2,3", None),
    ("sep=\na,b", None),                               # no character: not a declaration
    ("sep=;x\na;b", None),
    ("a;b;y\n1;2;3", ";"),
    ('a\tb\t"c\td"\n', "\t"),
    ("sep=;\na,b;c\n", ","),                           # the line is skipped whatever the choice
    # a delimiter ending the header's line adds a nameless column, dropped when no row fills it
    ("a;b;y;\n1,5;2;3\n2,5;3;4\n", ";"),
    ("a;b;y;\n1,5;2;3;\n2,5;3;4;\n", ";"),
    ("sep=;\na;b;y;;\n1;2;3\n4;5;6;\n", None),
    ("a,b,,\n1,2,3,\n4,5,6,\n", None),                 # the first is filled in, the second not
    ("a,b,,\n1,2,,4\n5,6,,7\n", None),
    ("a;b;y;\n1;2;3;4\n5;6;7;8\n", ";"),               # filled in: a column, named by its place
    (";;\n1;2;\n", ";"),                              # no name: a row of delimiters, skipped
    ("a,b,\n", None),                                 # no rows: none fills it in
]


def test_the_pages_header_is_load_csvs_with_any_separator(page, server, tmp_path):
    open_page(page, server)
    got = page.evaluate("""async (cases) => {
        const { csvHeader } = await import('/static/data.js');
        return cases.map(([text, separator]) => csvHeader(text, separator));
    }""", HEADERS)
    assert got == [load_csv_header(text, tmp_path, separator) for text, separator in HEADERS]


def test_a_header_ending_with_the_separator_offers_its_last_name_as_the_target(page, server, tmp_path):
    """A spreadsheet saved a header "area;rooms;price;" over rows "52,5;2;180" (a fourth column
    once formatted, then emptied): load_csv drops that nameless column, and the page offered it
    as "column_4", chosen as the target, which the upload then could not find. The target list
    is load_csv's columns now, price chosen, and the file trains on area and rooms."""
    text, rows = european_spreadsheet(seed=4)
    body = text.split("\n", 1)[1].replace("price\n", "price;\n", 1)
    path = tmp_path / "trailing.csv"
    path.write_text(body)
    open_page(page, server)
    choose_file(page, path)
    header = load_csv_header(body, tmp_path, ";")
    assert columns(page) == header == ["area", "rooms", "price"]
    expect(page.get_by_test_id("csv-target")).to_have_value("price")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    ds = scene(page)["dataset"]
    loaded = data.load_csv(path, "price", delimiter=";", decimal=",")
    assert ds["axes"] == list(loaded.feature_names) == header[:2]
    assert (ds["target"], ds["n_train"] + ds["n_test"]) == ("price", len(rows))


# (text, the separator and decimal mark the page preselects)
SNIFFED = [
    ("sep=|\na,b|c\n1,5|2\n", "|", ","),               # the file's declaration, whatever splits more
    ('"sep=:"\r\na:b\n1:2\n', ":", "."),                 # one the menu has not
    ("a;b;y\n1,5;2;0\n2,5;3;1\n", ";", ","),
    ("a,b,y\n1.5,2,0\n", ",", "."),
    ("a\tb\n-1,5\t2\n", "\t", ","),
    ("a;b\n1.5;2\n2,5;3\n", ";", "."),                # a point among the commas: not decimal commas
    ("a;b\n1;2\n3;4\n", ";", "."),                    # whole numbers: nothing to tell
    ("x;y\n1;2\n3;4;5\n", ",", "."),                  # ';' splits the lines unlike: none does, so ','
    ("a,b;c\n1,2;3\n", ",", "."),                     # both split them alike in two: the menu's first
    ("name, first;b;y\n1,5;2;3\n", ";", ","),         # ',' splits them alike in two, ';' in three
    ('"a;b",c,d\n"1;2",3,4\n', ",", "."),             # a quoted cell's ';' splits nothing
    ("a;b;y\n1,5;2;0;\n2,5;3;1;\n", ";", ","),          # a ';' ending each row adds no column
]


def test_the_separator_and_decimal_mark_are_sniffed_from_the_file(page, server):
    open_page(page, server)
    got = page.evaluate("""async (texts) => {
        const { sniffSeparator, sniffDecimal } = await import('/static/data.js');
        return texts.map((text) => { const separator = sniffSeparator(text); return [text, separator, sniffDecimal(text, separator)]; });
    }""", [text for text, _, _ in SNIFFED])
    assert got == [list(case) for case in SNIFFED]


def test_a_csv_not_in_utf8_is_refused_with_the_way_to_save_it(page, server, tmp_path):
    """An older spreadsheet's Latin-1 file ("größe") was read as "gr��e" and trained on, where
    load_csv, and so the downloaded script, refuses it. The page refuses it too, says how to save
    it, and keeps nothing of it, nor of the file chosen before it, to upload."""
    rows = "".join(f"{i % 7},{(i * 3) % 5},{i % 2}\n" for i in range(40))
    good, latin = tmp_path / "good.csv", tmp_path / "alt.csv"
    good.write_text("breite,höhe,y\n" + rows, encoding="utf-8")
    latin.write_bytes(("größe,breite,y\n" + rows).encode("latin-1"))
    with pytest.raises(ValueError, match="is not UTF-8 text: line 1 holds the byte 0xf6"):
        data.load_csv(latin, "y")
    open_page(page, server)
    choose_file(page, good)
    assert columns(page) == ["breite", "höhe", "y"]
    page.get_by_test_id("csv-input").set_input_files(str(latin))
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("alt.csv is not UTF-8 text")
    expect(banner).to_contain_text('Save it again as "CSV UTF-8"')
    expect(page.get_by_test_id("csv-upload")).to_be_disabled()
    assert columns(page) == []
    assert scene(page)["state"]["dataset"]["name"] == "circles"
