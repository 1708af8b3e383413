"""pandas reads a CSV column of true/false with an empty cell as objects (True, NaN, False): the
refusal tells to make it pandas' true/false column with missing values, astype("boolean"), which
neuralab reads, its missing cells then refused with the way to leave them out or fill them in;
get_dummies, the advice for text, would make two 0/1 columns of one yes/no."""
import io

import numpy as np
import pandas as pd
import pytest

from neuralab import nn

TEXT = str(pd.Series(["a"]).dtype)   # str from pandas 3, object before


def _tf_frame():
    return pd.read_csv(io.StringIO("area,balcony,district,lift\n50,true,North,false\n"
                                   "70,,South,\n90,false,North,true\n"))


def test_a_true_false_column_with_a_missing_cell_is_told_to_become_boolean():
    frame = _tf_frame()
    assert frame["balcony"].dtype == object
    model = nn.MLP([2, 1])
    with pytest.raises(TypeError, match=r"^X must hold numbers; its column 'balcony' \(object\) holds True and False "
                                        r"with missing cells, which pandas reads as objects: make it a true/false "
                                        r"column, X = X\.astype\(\{'balcony': 'boolean'\}\), then leave out or "
                                        r"fill in the missing values$"):
        model.predict(frame[["area", "balcony"]])
    # the advice works: the column is read, and its missing cell is refused with its own fix
    with pytest.raises(ValueError, match=r"^X has missing values \(NaN or pd\.NA\) in the column 'balcony' "
                                         r"\(1 row\), the first at X\.loc\[1, 'balcony'\]"):
        model.predict(frame[["area", "balcony"]].astype({"balcony": "boolean"}))
    kept = frame[["area", "balcony"]].astype({"balcony": "boolean"}).dropna()
    np.testing.assert_array_equal(model.predict(kept), model.predict(np.array([[50, 1], [90, 0]])))


def test_text_columns_keep_the_get_dummies_advice_beside_true_false_ones():
    frame = _tf_frame()
    model = nn.MLP([4, 1])
    with pytest.raises(TypeError) as refused:
        model.predict(frame)
    assert str(refused.value) == (
        f"X must hold numbers; its column 'district' ({TEXT}) does not: turn it into numbers (a category into "
        f"one 0/1 column per value: pd.get_dummies(X, columns=['district'])) or drop it; and its columns "
        f"'balcony' (object), 'lift' (object) hold True and False with missing cells, which pandas reads as "
        f"objects: make them true/false columns, X = X.astype({{'balcony': 'boolean', 'lift': 'boolean'}}), "
        f"then leave out or fill in the missing values")
    with pytest.raises(TypeError, match=r"^X must hold numbers; its column 'district' .* or drop it$"):
        nn.MLP([2, 1]).predict(frame[["area", "district"]])
    with pytest.raises(TypeError, match=r"^X must hold numbers, got a Series of True and False with missing values, "
                                        r"which pandas reads as object: make it a true/false Series, "
                                        r"X = X\.astype\(\"boolean\"\)"):
        nn.MLP([1, 1]).predict(frame["balcony"])
