"""A CSV of more input columns than the playground takes (``upload.MAX_FEATURES``) was refused only
once ``load_csv`` had read it whole, its X built: an upload of 1,100 columns of numbers took 7 MB
more of the server to refuse, and ``neuralab play --data`` on a file of 20,000 rows of them 300 MB.
Now load_csv's header check says it (its ``max_features``, the playground's limit), in the same
words, before a row is read; the columns left out, the target and the nameless columns a header
ends with do not count."""
import pytest

from neuralab import data
from neuralab.data import csv as csv_module
from neuralab.play import upload
from neuralab.play.protocol import ProtocolError

checker = csv_module.CellChecker


def _csv(inputs, header_end=""):
    """A CSV of ``inputs`` columns of numbers and a class, its lines ending with ``header_end``."""
    header = ",".join(f"p{j}" for j in range(inputs)) + ",label" + header_end + "\n"
    return header + "".join(",".join(str((i * j) % 7) for j in range(inputs)) + f",{'ab'[i % 2]}{header_end}\n"
                            for i in range(12))


@pytest.fixture
def reads(monkeypatch):
    """The files load_csv reads, the test's."""
    read, load_csv = [], data.load_csv

    def reading(path, *args, **kwargs):
        read.append(path)
        return load_csv(path, *args, **kwargs)
    monkeypatch.setattr(data, "load_csv", reading)
    return read


def test_an_upload_too_wide_is_refused_by_its_header_in_the_words_of_one_read(reads, monkeypatch):
    text = _csv(upload.MAX_FEATURES + 1)
    rows = []
    monkeypatch.setattr(csv_module, "CellChecker", lambda *args, **kwargs: rows.append(args) or checker(*args, **kwargs))
    with pytest.raises(ProtocolError) as early:
        upload.parse_csv(text, "label")
    assert rows == []   # (CellChecker reads the rows: refused before)
    monkeypatch.setattr(data, "load_csv", lambda *args, max_features, **kwargs:
                        csv_module.load_csv(*args, **kwargs))   # no limit: X built, held refuses it
    with pytest.raises(ProtocolError) as read:
        upload.parse_csv(text, "label")
    assert len(rows) == 1
    assert (str(early.value), early.value.suggestion) == (str(read.value), read.value.suggestion)
    assert str(early.value).startswith(f"the CSV has {upload.MAX_FEATURES + 1:,} input columns")


@pytest.mark.parametrize("inputs, ignore, header_end", [
    (upload.MAX_FEATURES + 1, ["p3"], ""),              # a column left out
    (upload.MAX_FEATURES, [], ","),                     # a delimiter ending every line adds no column
    (upload.MAX_FEATURES, ["not a column"], ""),        # load_csv says what ignore names wrong
])
def test_the_header_s_count_is_the_columns_load_csv_reads(reads, inputs, ignore, header_end):
    text = _csv(inputs, header_end)
    try:
        taken = upload.parse_csv(text, "label", ignore=ignore)
    except ProtocolError as refused:
        assert "input columns" not in str(refused) and "not a column" in str(refused)
    else:
        assert taken.dataset.n_features == upload.MAX_FEATURES
    assert len(reads) == 1


def test_a_header_load_csv_refuses_is_its_to_say(reads):
    with pytest.raises(ProtocolError, match="no target column 'price'"):
        upload.parse_csv(_csv(upload.MAX_FEATURES + 1), "price")
    assert len(reads) == 1
