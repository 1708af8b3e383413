"""`neuralab train --data` on a file with an identifier column, which a learner leaves in."""
import numpy as np
import pytest

from neuralab import cli


def _houses_csv_for_identifier_test(path, id_name, ids):
    rng = np.random.default_rng(0)
    area = rng.uniform(40, 200, len(ids)).round(1)
    price = 3000 * area + rng.normal(0, 60_000, len(ids))  # not area times 3,000 exactly: a leak (cli/leaks.py)
    lines = [f"{id_name},area,age,price"] + [f"{i},{a},{int(a) % 7},{p:.0f}" for i, a, p in zip(ids, area, price)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("id_name", ["id", "PassengerId", "house_id", "userid", "ID_code", "id_user"])
def test_an_identifier_column_read_as_a_feature_is_warned_of(tmp_path, capsys, id_name):
    # numbered rows went into the network as a feature without a word (text IDs are refused)
    csv = _houses_csv_for_identifier_test(tmp_path / "houses.csv", id_name, range(1001, 1061))
    assert cli.main(["train", "--data", str(csv), "--target", "price", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert f"warning: column {id_name!r} looks like an identifier" in err
    assert f"pass --ignore {id_name} to leave it out" in err
    # before training: ahead of the run's first line, with --ignore the run that follows leaves it out
    assert cli.main(["train", "--data", str(csv), "--target", "price", "--epochs", "1", "--quiet", "--ignore", id_name,
                     "--out", str(tmp_path / "o2")]) == 0
    assert "identifier" not in capsys.readouterr().err
    assert "'age'" not in err and "'area'" not in err  # whole numbers, or all distinct, but no IDs


@pytest.mark.parametrize("id_name, ids", [("id", [7] * 30 + [8] * 30),  # repeated: a group, a feature
                                          ("paid", range(60)), ("idea", range(60))])  # no identifier names
def test_a_column_that_is_no_identifier_is_not_warned_of(tmp_path, capsys, id_name, ids):
    csv = _houses_csv_for_identifier_test(tmp_path / "houses.csv", id_name, ids)
    assert cli.main(["train", "--data", str(csv), "--target", "price", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    assert "identifier" not in capsys.readouterr().err
