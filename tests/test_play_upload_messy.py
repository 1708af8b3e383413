"""Messy CSVs a learner uploads to the playground, on the server's side: load_csv's advice says
what the page cannot do in Python ("pass na_values=() to keep it", "call
neuralab.set_default_dtype(np.float64)", "once ignore's columns are left out", a line of pandas),
which the page now says in its own words or with the neuralab train command that does it, and
the commands it gives run; a UTF-16 file's advice named the server's temporary copy; a file of
12,000 reviews of two lines each was refused as "more than 20,000 rows"; a text column's 0/1
columns past the page's limit of inputs were said as the file's own columns."""
import re
import shlex

import pytest

from neuralab import cli
from neuralab.play import protocol
from neuralab.play.upload import MAX_FEATURES, parse_csv
from neuralab.play.upload_message import MAX_UPLOAD_ROWS, check_upload, train_command

# Python a learner at the page has no place to type
PYTHON = re.compile(r"pandas|df\[|pd\.|na_values|set_default_dtype|np\.|\bignore\b|one_hot|dtype\b|=\[|='")


def _refusal(text, target, **options):
    with pytest.raises(protocol.ProtocolError) as refused:
        parse_csv(text, target, "messy.csv", **options)
    return refused.value


def _rows(line, n=40):
    return "".join(line(i) for i in range(n))


MESSY = {   # (the file, its target, the upload's options, words the page's advice says)
    "every column left out": ("a,b,y\n" + _rows(lambda i: f"{i},{i % 3},{i % 2}\n"), "y", {"ignore": ["a", "b"]},
                              "once the columns ticked under Leave out are left out"),
    "a number float32 cannot hold": ("x,y\n" + _rows(lambda i: f"{'1e300' if i == 3 else i},{i % 2}\n"), "y", {},
                                     "train on it with neuralab train --data FILE --target y --dtype float64"),
    "'NA' for North America": ("x,continent\n" + _rows(lambda i: f"{i},{['NA', 'EU', 'AS'][i % 3]}\n", 60),
                               "continent", {},
                               "train on it with neuralab train --data FILE --target continent --na-values ''"),
    "prices in dollars": ("sqft,price\n" + _rows(lambda i: f'{500 + i},"${1000 + 37 * i:,}"\n'), "price", {},
                          "write the numbers without their unit; if its values are class names, choose 'classes'"),
    "accounting negatives": ("x,y\n" + _rows(lambda i: f'"({i * 1000 + 123:,})",{i % 2}\n'), "y", {},
                             "write the negative numbers with a minus sign, -80 for (80)"),
    "weights in kg": ("x,y\n" + _rows(lambda i: f"{i} kg,{i % 2}\n"), "y", {},
                      "features must be numbers: write the numbers without their unit"),
}


@pytest.mark.parametrize("name", MESSY)
def test_advice_the_page_cannot_follow_in_python_is_said_in_its_words(name):
    text, target, options, words = MESSY[name]
    said = str(_refusal(text, target, **options))
    assert words in said
    assert not PYTHON.search(said.replace("--dtype float64", "")), said


@pytest.mark.parametrize("name", ["a number float32 cannot hold", "'NA' for North America"])
def test_the_neuralab_train_command_the_page_gives_trains_on_the_file(name, tmp_path):
    text, target, options, _ = MESSY[name]
    path = tmp_path / "messy.csv"
    path.write_text(text)
    command = re.search(r"neuralab train [^)]*?(?= to keep it|$)", str(_refusal(text, target)))[0]
    argv = [str(path) if word == "FILE" else word for word in shlex.split(command)[1:]]
    assert cli.main([*argv, "--epochs", "1", "--quiet", "--out", str(tmp_path / "run")]) == 0


def test_a_utf16_files_advice_names_no_temporary_copy():
    # UTF-16 without a byte order mark reads as UTF-8 (ASCII and 0 bytes): load_csv's advice
    # named the server's copy, "iconv -f utf-16 -t utf-8 tmp0u8b3d9i.csv > tmp0u8b3d9i-utf8.csv"
    text = "x,y\n1,a\n2,b\n3,a\n".encode("utf-16-le").decode("utf-8")
    said = str(_refusal(text, "y"))
    assert "is UTF-16 text" in said and "iconv -f utf-16 -t utf-8 FILE.csv > FILE-utf8.csv" in said
    assert "tmp" not in said


def _upload(text, target="y"):
    return check_upload({"type": "upload_csv", "text": text, "target": target})


def test_rows_are_counted_as_records_not_line_ends():
    # 12,000 reviews of two lines each: 24,001 line ends, 12,000 rows
    text = "a,note,y\n" + _rows(lambda i: f'{i % 10},"good,\nvery",{i % 2}\n', 12_000)
    assert _upload(text)["text"] == text
    assert parse_csv(text, "y", ignore=["note"]).dataset.n_features == 1


def test_too_many_rows_says_what_to_do_with_the_target_as_a_shell_takes_it():
    text = "a,Wert €\n" + _rows(lambda i: f"{i % 10},{i % 2}\n", MAX_UPLOAD_ROWS + 1)
    with pytest.raises(protocol.ProtocolError, match=f"^the CSV has more than {MAX_UPLOAD_ROWS:,} rows$") as refused:
        _upload(text, "Wert €")
    assert refused.value.suggestion == (f"keep at most {MAX_UPLOAD_ROWS:,} of them (a sample of the file), or train "
                                        "on all of them with neuralab train --data FILE --target 'Wert €'")
    assert shlex.split(train_command("Wert €"))[-1] == "Wert €"


def test_inputs_past_the_limit_that_text_columns_made_are_said_so_with_the_widest_columns_box():
    # 12 columns of 95, 94, ... 84 categories: 1,074 0/1 columns, where the file has 12
    text = "y," + ",".join(f"c{j}" for j in range(12)) + "\n" + _rows(
        lambda i: f"{i % 2}," + ",".join(f"k{(i + j * (j + 1)) % (95 - j)}" for j in range(12)) + "\n", 2_000)
    refusal = _refusal(text, "y", one_hot="auto")
    widths = [95 - j for j in range(12)]
    assert sum(widths) > MAX_FEATURES
    assert str(refusal) == (f"the CSV has {sum(widths):,} input columns, {sum(widths):,} of them the 0/1 columns of "
                            f"the categories of its text columns ('c0' 95, 'c1' 94, 'c2' 93, …); the playground "
                            f"takes at most {MAX_FEATURES:,}")
    assert refusal.suggestion.startswith("tick the columns of most categories under Leave out, or train on it")
    assert refusal.control == {"name": "ignore", "column": "c0"}
    left_out = parse_csv(text, "y", one_hot="auto", ignore=["c0"])   # the advice taken
    assert left_out.dataset.n_features == sum(widths) - 95 <= MAX_FEATURES
