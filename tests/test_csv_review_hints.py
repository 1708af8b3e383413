"""load_csv's errors for what a fuzzing review fed it, each with the way out that fits: numbers
written with a unit ("-3.6%", "$-7.36", "12 kg") are numbers to write without it, not names to
leave out; a file that is no UTF-8 text says what it is (gzip, a workbook, UTF-16, a legacy
encoding and the line of its first foreign byte); a cell too long for ``csv`` names its line."""
import gzip
import re
import zipfile

import numpy as np
import pytest

from neuralab.data import load_csv


def _hints_file(tmp_path, name, text=None, data=None):
    path = tmp_path / name
    path.write_bytes(text.encode() if data is None else data)
    return path


def _hints_error(path, target="label", **options):
    with pytest.raises(ValueError) as caught:
        load_csv(path, target, **options)
    return str(caught.value)


PERCENT = "a,b,label\n-3.6%,0.5,yes\n-14.4%,2.1,no\n12%,0.3,yes\n7.5%,1.0,no\n"


@pytest.mark.parametrize("cells, unit, number", [(("-3.6%", "-14.4%", "12%", "7.5%"), "%", "-3.6"),
                                                 (("$-7.36", "$-0.29", "$1,234.50", "$3"), "$", "-7.36"),
                                                 (("-$7.36", "$0.29", "$12", "$3"), "$", "-7.36"),
                                                 (("12 kg", "13 kg", "9.5 kg", "11 kg"), "kg", "12")])
def test_numbers_with_a_unit_are_told_to_drop_it_not_to_leave_the_column_out(tmp_path, cells, unit, number):
    rows = "".join(f'"{cell}",{k},{"yes" if k % 2 else "no"}\n' for k, cell in enumerate(cells * 60))
    message = _hints_error(_hints_file(tmp_path, "units.csv", "a,b,label\n" + rows))
    assert f"{cells[0]!r} is not a number (a number with the unit {unit!r}: write it without, {number})" in message
    assert "this column holds numbers written with a unit" in message
    assert "ignore" not in message and "one_hot" not in message


def test_the_pandas_line_of_the_unit_hint_reads_the_file(tmp_path):
    pd = pytest.importorskip("pandas")
    text = ('price,share,weight,label\n"$1,234.50",-3.6%,12 kg,yes\n$7.36,4%,13 kg,no\n$2.10,5.5%,14 kg,yes\n'
            '$9,6%,15 kg,no\n')
    message = _hints_error(_hints_file(tmp_path, "shop.csv", text))
    assert "and so do columns 'share', 'weight'" in message
    line = re.search(r"with pandas: (df\[.*\.astype\(float\))\)", message)[1]
    df = pd.read_csv(tmp_path / "shop.csv")
    exec(line, {"df": df})
    df.to_csv(tmp_path / "mended.csv", index=False)
    np.testing.assert_allclose(load_csv(tmp_path / "mended.csv", "label").X,
                               np.float32([[1234.5, -3.6, 12], [7.36, 4, 13], [2.1, 5.5, 14], [9, 6, 15]]))


def test_units_beside_names_and_dates_get_each_their_way(tmp_path):
    rows = "".join(f"{k}%,person{k},2024-01-{k % 28 + 1:02},{k % 2}\n" for k in range(150))
    message = _hints_error(_hints_file(tmp_path, "mixed.csv", "share,name,when,label\n" + rows))
    assert ("this column holds numbers written with a unit; column 'name' holds text; column 'when' holds dates, "
            "but features must be numbers: pass ignore=['name'] to leave out the column of names") in message
    assert "write the numbers without their unit (with pandas: df[['share']]" in message
    assert message.endswith("pass ignore=['when'] to leave the dates out, or write them as numbers (e.g. the days since the "
                            "first date, or the year and month in columns of their own)")


def test_one_hot_auto_does_not_take_numbers_with_a_unit_for_names(tmp_path):
    rows = "".join(f"{k / 10}%,{k},{k % 2}\n" for k in range(150))
    message = _hints_error(_hints_file(tmp_path, "auto.csv", "share,b,label\n" + rows), one_hot="auto")
    assert "column 'share' ('0.0%') holds numbers written with a unit rather than categories" in message
    assert "ignore" not in message


def test_a_stray_cell_with_a_unit_among_numbers_is_named_with_its_number(tmp_path):
    message = _hints_error(_hints_file(tmp_path, "stray.csv", "a,b,label\n1.5,0.1,yes\n5%,0.2,no\n2.5,0.3,yes\n"))
    assert "row 2 (line 3): '5%' is not a number (a number with the unit '%': write it without, 5)" in message


def test_ordinals_and_words_with_numbers_are_no_numbers_with_a_unit(tmp_path):
    rows = "".join(f"{k}{['st', 'nd', 'rd', 'th'][k % 4]},Main St {k},{k % 2}\n" for k in range(1, 150))
    message = _hints_error(_hints_file(tmp_path, "words.csv", "place,street,label\n" + rows))
    assert "holds text" in message and "unit" not in message


# files that are no UTF-8 text

CSV_TEXT = "a,b,label\n1,2,yes\n3,4,no\n"


def test_a_gzip_file_is_told_to_be_decompressed_and_the_python_line_does_it(tmp_path, monkeypatch):
    path = _hints_file(tmp_path, "real.csv.gz", data=gzip.compress(CSV_TEXT.encode()))
    message = _hints_error(path)
    assert "real.csv.gz is a gzip-compressed file (its first bytes are 1f 8b), not CSV text: decompress it" in message
    assert "gunzip -k real.csv.gz" in message
    monkeypatch.chdir(tmp_path)
    exec(re.search(r"in Python: (.*)\), and", message)[1], {"Path": type(path), "gzip": gzip})
    assert load_csv(tmp_path / "real.csv", "label").X.shape == (2, 2)


def test_a_csv_named_gz_that_is_plain_text_is_read_as_text(tmp_path):
    """(np.loadtxt, given its name, read it as gzip: "Not a gzipped file")"""
    assert load_csv(_hints_file(tmp_path, "plain.csv.gz", CSV_TEXT), "label").X.shape == (2, 2)


def test_a_workbook_is_told_to_be_saved_as_csv(tmp_path):
    book = tmp_path / "sales.xlsx"
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    message = _hints_error(book)
    assert "sales.xlsx is a spreadsheet workbook (.xlsx), not CSV text: save it as CSV, UTF-8" in message
    assert "pd.read_excel('sales.xlsx').to_csv('sales.csv', index=False)" in message
    # a workbook by its content, whatever its name
    book.rename(tmp_path / "sales.csv")
    assert "is a spreadsheet workbook" in _hints_error(tmp_path / "sales.csv")


def test_a_zip_padded_with_zeros_is_a_workbook_not_a_header_without_rows(tmp_path):
    """Its first line, "PK\\x03\\x04" and 0 bytes, reads as UTF-8: a header, and no rows."""
    message = _hints_error(_hints_file(tmp_path, "x.xlsx", data=b"PK\x03\x04" + bytes(200)))
    assert "x.xlsx is a spreadsheet workbook" in message and "no data rows" not in message


def test_another_zip_archive_is_told_to_be_extracted(tmp_path):
    archive_path = tmp_path / "data.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("data.csv", CSV_TEXT)
    assert "data.zip is a zip archive (its first bytes are 'PK'), not CSV text: extract the CSV file" in \
        _hints_error(archive_path)


@pytest.mark.parametrize("encoding, mark", [("utf-16", "its first bytes, ff fe, are UTF-16's byte order mark"),
                                            ("utf-16-be", "every other byte is 0"),
                                            ("utf-16-le", "every other byte is 0")])
def test_utf16_text_is_told_to_be_saved_as_utf8(tmp_path, encoding, mark):
    message = _hints_error(_hints_file(tmp_path, "wide.csv", data=CSV_TEXT.encode(encoding)))
    assert f"wide.csv is UTF-16 text ({mark}), and a CSV file is read as UTF-8: save it as CSV, UTF-8" in message
    assert "iconv -f utf-16 -t utf-8 wide.csv > wide-utf8.csv" in message


@pytest.mark.parametrize("before", [2, 5000])   # in the first block the reader decodes, and far past it
def test_a_legacy_encoding_names_the_line_of_its_first_foreign_byte(tmp_path, before):
    text = "town,b,label\n" + "Bonn,1,yes\n" * before + "Köln,2,no\nMünchen,3,yes\n"
    message = _hints_error(_hints_file(tmp_path, "towns.csv", data=text.encode("latin-1")))
    assert (f"towns.csv is not UTF-8 text: line {before + 2} holds the byte 0xf6 (in Latin-1 'ö'), which UTF-8 "
            "does not read there") in message
    assert "iconv -f latin1 -t utf-8 towns.csv > towns-utf8.csv" in message


# a cell too long for csv

def test_a_cell_past_csvs_limit_names_its_line(tmp_path):
    text = "a,b,label\n1,2,yes\n3,4,no\n1," + "9" * 200_000 + ",yes\n3,4,no\n"
    message = _hints_error(_hints_file(tmp_path, "huge.csv", text))
    assert message == (f"{tmp_path / 'huge.csv'}, line 4: a cell of more than 131,072 characters, which is no "
                       "number and no category: mend or remove the line (a quote (\") left open there runs its cell "
                       "on to the end of the file)")


def test_a_quote_left_open_is_named_by_the_line_it_opens_on(tmp_path):
    text = 'a,b,label\n1,2,yes\n3,"4,no\n' + "5,6,yes\n" * 30_000
    assert ", line 3: a cell of more than 131,072 characters" in _hints_error(_hints_file(tmp_path, "open.csv", text))
