"""load_csv refuses a path as it refuses everything else, with a ``CsvError`` (a ``CsvTypeError``
for a path of the wrong type, a TypeError too; a ``CsvFileNotFoundError`` where no file is, a
FileNotFoundError too), in the words ``nn.checks.check_path`` says them with; the other readers of
a path (``neuralab.load``, the MNIST files) keep their plain ValueError and TypeError."""
import pytest

import neuralab
from neuralab.data import CsvError, load_csv
from neuralab.data.csv_error import CsvFileNotFoundError, CsvTypeError
from neuralab.nn.checks import check_path

PATHS = [(3, CsvTypeError), (None, CsvTypeError), ("", CsvError), ("data\0.csv", CsvError)]


@pytest.mark.parametrize("path, kind", PATHS, ids=["a number", "None", "empty", "a NUL character"])
def test_a_refused_path_is_a_csv_error_in_check_path_s_words(path, kind):
    with pytest.raises(ValueError) as plain:
        check_path(path)
    with pytest.raises(kind) as refused:
        load_csv(path, "y")
    assert str(refused.value) == str(plain.value)
    assert isinstance(refused.value, TypeError) == isinstance(plain.value, TypeError) == (kind is CsvTypeError)


def test_a_missing_file_is_a_csv_error_and_a_file_not_found_error(tmp_path):
    path = tmp_path / "nope.csv"
    for caught in (CsvError, FileNotFoundError):
        with pytest.raises(caught, match=r"^CSV file not found: .*nope\.csv$") as refused:
            load_csv(path, "y")
        assert type(refused.value) is CsvFileNotFoundError


@pytest.mark.parametrize("path", ["", 3])
def test_the_other_readers_of_a_path_refuse_it_as_before(path):
    with pytest.raises(ValueError) as refused:
        neuralab.load(path)
    assert not isinstance(refused.value, CsvError)
