"""``neuralab play --data FILE`` of more rows than the playground takes (``MAX_UPLOAD_ROWS``)
was refused once ``load_csv`` had read it whole (200,000 rows: 1.0 s and 25 MB, where a count
takes 0.2 s and 2 MB). Now its rows are counted first (``upload.refuse_too_long``), as ``load_csv`` counts
them, and it is refused in ``served_csv``'s words before a row is read."""
import pytest

from neuralab import data
from neuralab.cli import main
from neuralab.play import upload
from neuralab.play.protocol import ProtocolError


@pytest.fixture
def reads(monkeypatch):
    """The files load_csv reads."""
    read, load_csv = [], data.load_csv
    monkeypatch.setattr(data, "load_csv", lambda *args, **kwargs: read.append(args) or load_csv(*args, **kwargs))
    return read


def _rows(n, end="\n"):
    return "".join(f"{i % 5},{i * 0.5},{'ab'[i % 2]}{end}" for i in range(n))


def test_a_served_file_of_too_many_rows_is_refused_before_they_are_read(tmp_path, served, reads, capsys):
    path = tmp_path / "long.csv"
    path.write_text("x1,x2,label\n" + _rows(upload.MAX_UPLOAD_ROWS + 1))
    assert main(["play", "--no-browser", "--data", str(path), "--target", "label"]) == 2
    assert capsys.readouterr().err == (f"neuralab: error: {path}: the CSV has {upload.MAX_UPLOAD_ROWS + 1:,} rows; the "
                                       f"playground takes at most {upload.MAX_UPLOAD_ROWS:,}: train on it with neuralab "
                                       f"train --data {path} --target label\n")
    assert reads == [] and served == []
    with pytest.raises(ProtocolError) as counted:
        upload.refuse_too_long(path, "label")
    with pytest.raises(ProtocolError) as read:   # the words of the file read whole
        upload.served_csv(data.load_csv(path, target="label"), str(path), "label")
    assert (str(counted.value), counted.value.suggestion) == (str(read.value), read.value.suggestion)


@pytest.mark.parametrize("body", [
    lambda n: _rows(n),
    lambda n: _rows(n, "\r\n"),                                      # Windows' line ends, one each
    lambda n: _rows(n // 2) + "\n  \n,,\n" * n + _rows(n - n // 2),   # blank lines and empty rows: none
    lambda n: "".join(f'{i},"line {i}\nand more",{"ab"[i % 2]}\n' for i in range(n)),   # a line break in a cell
])
@pytest.mark.parametrize("extra", [0, 1])
def test_the_rows_counted_are_those_load_csv_reads(tmp_path, monkeypatch, body, extra):
    monkeypatch.setattr(upload, "MAX_UPLOAD_ROWS", 30)
    path = tmp_path / "rows.csv"
    path.write_bytes(("x1,note,label\n" + body(30 + extra)).encode())
    assert len(data.load_csv(path, target="label", ignore=["note"])) == 30 + extra
    if extra:
        with pytest.raises(ProtocolError, match=r"^the CSV has 31 rows; the playground takes at most 30$"):
            upload.refuse_too_long(path, "label")
    else:
        assert upload.refuse_too_long(path, "label") is None


@pytest.mark.parametrize("text", [None, "x1;label\n" + "1;a\n" * 40, "x1,label\n" + '1,"a\n' * 40])
def test_a_file_load_csv_refuses_is_its_to_say(tmp_path, monkeypatch, text):
    monkeypatch.setattr(upload, "MAX_UPLOAD_ROWS", 30)
    path = tmp_path / "odd.csv"
    if text is not None:
        path.write_text(text)
    # no such file, no column 'label' read with ',' (load_csv suggests ';'), a quote left open
    assert upload.refuse_too_long(path, "label") is None
    if text and ";" in text:   # the delimiter given: its rows are counted
        with pytest.raises(ProtocolError, match="has 40 rows"):
            upload.refuse_too_long(path, "label", delimiter=";")
