"""``load_csv(..., max_features=N)``: a file whose X would have more than N input columns is
refused before X is built. The playground passes its 1,024: a 1 MB upload whose text columns
made 1,141 columns of 0/1 built an X of 68 MB (83 MB of the server) before ``held`` counted them;
now the categories are counted first, and the page is told in ``held``'s own words."""
import numpy as np
import pytest

from neuralab import data
from neuralab.data import csv as csv_module
from neuralab.data.csv_error import CsvTypeError
from neuralab.play import upload
from neuralab.play.protocol import ProtocolError


def _categories_csv(rows=40, columns=(("size", 3), ("colour", 5), ("shape", 4))):
    """A CSV of a column of numbers, text columns of the given numbers of categories, and a class."""
    lines = ["x," + ",".join(name for name, _ in columns) + ",label"]
    for i in range(rows):
        lines.append(f"{i % 7}," + ",".join(f"{name}{(i + j) % k}" for j, (name, k) in enumerate(columns))
                     + f",{'ab'[i % 2]}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def builds(monkeypatch):
    """The Xs load_csv builds: the shapes of those its readers allocate."""
    built, features, numbers = [], csv_module.read_features, csv_module.read_numbers

    def building(cells, *args, **kwargs):
        X = features(cells, *args, **kwargs)
        built.append(X.shape)
        return X

    def reading(*args, **kwargs):
        read = numbers(*args, **kwargs)
        built.append(None if read is None else read[0].shape)
        return read
    monkeypatch.setattr(csv_module, "read_features", building)
    monkeypatch.setattr(csv_module, "read_numbers", reading)
    return built


def test_categories_that_make_x_too_wide_are_refused_before_x_is_built(tmp_path, builds):
    path = tmp_path / "shop.csv"
    path.write_text(_categories_csv())   # 1 + 3 + 5 + 4 = 13 input columns
    with pytest.raises(data.CsvError) as error:
        data.load_csv(path, "label", one_hot="auto", max_features=12)
    assert builds == []
    assert str(error.value) == (f"{path}: X would have 13 input columns, more than max_features=12, 12 of them the "
                                "0/1 columns of the categories of its text columns ('colour' 5, 'shape' 4, 'size' "
                                "3): pass ignore=['colour'] to leave out the column of most categories, or pass a "
                                "larger max_features")
    assert data.load_csv(path, "label", one_hot="auto", max_features=13).n_features == 13   # the limit itself
    assert data.load_csv(path, "label", one_hot="auto", ignore=["colour"], max_features=12).n_features == 8
    assert builds == [(40, 13), (40, 8)]


def test_a_header_too_wide_is_refused_before_a_row_is_read(tmp_path, builds, monkeypatch):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"p{j}" for j in range(6)) + ",label,\n" + "1,2,3,4,5,6,a,\n2,3,4,5,6,7,b,\n")
    rows, read_rows = [], csv_module.read_rows
    monkeypatch.setattr(csv_module, "read_rows", lambda *args, **kw: rows.append(kw) or read_rows(*args, **kw))
    with pytest.raises(data.CsvError, match=r"X would have 6 input columns, more than max_features=5: leave some "
                                            r"out with ignore, or pass a larger max_features$"):
        data.load_csv(path, "label", max_features=5)
    assert builds == [] and rows == [{"header_only": True}]
    assert data.load_csv(path, "label", ignore=["p0"], max_features=5).n_features == 5   # the trailing ',' adds none


@pytest.mark.parametrize("given, error", [(0, data.CsvError), (True, CsvTypeError), (2.0, CsvTypeError)])
def test_max_features_is_a_whole_number_of_columns(tmp_path, given, error):
    path = tmp_path / "shop.csv"
    path.write_text(_categories_csv())
    with pytest.raises(error, match="^max_features must be"):
        data.load_csv(path, "label", max_features=given)


def test_the_playground_refuses_such_an_upload_in_held_s_words_without_building_x(builds, monkeypatch):
    columns = tuple((f"t{j}", 95) for j in range(11))   # 1 + 11 × 95 = 1,046 input columns
    text = _categories_csv(rows=400, columns=columns)
    with pytest.raises(ProtocolError) as early:
        upload.parse_csv(text, "label", one_hot="auto")
    assert builds == []
    monkeypatch.setattr(data, "load_csv", lambda *args, max_features, **kwargs:
                        csv_module.load_csv(*args, **kwargs))   # no limit: X built, held refuses it
    with pytest.raises(ProtocolError) as built:
        upload.parse_csv(text, "label", one_hot="auto")
    assert builds == [(400, 1046)]
    assert (str(early.value), early.value.suggestion, early.value.control) == \
        (str(built.value), built.value.suggestion, built.value.control)
    assert str(early.value).startswith("the CSV has 1,046 input columns, 1,045 of them the 0/1 columns")
    assert np.isfinite(upload.parse_csv(text, "label", one_hot="auto", ignore=["t0"]).dataset.X).all()
