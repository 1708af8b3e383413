"""A column whose name holds a comma ("Income, annual", quoted in the CSV's header) can go to
--ignore and --one-hot, quoted as the file quotes it, and the command's advice to leave it out
or encode it writes it so: pasted, it names that column, not "Income" and "annual"."""
import re
import shlex

import pytest

from neuralab import cli
from neuralab.cli import _build_parser, _options
from neuralab.cli.errors import leave_out, typed
from neuralab.data.csv_error import Advice

NAMES = [["sex", "embarked"], ["home town"], ["Income, annual"], ["Income, annual", "Name"], ['Size "XL"'],
         ['"quoted"', "a,b,c"]]


@pytest.mark.parametrize("option", ["one_hot", "ignore"])
@pytest.mark.parametrize("names", NAMES, ids=[repr(names) for names in NAMES])
def test_the_option_reads_back_the_columns_its_advice_writes(option, names):
    train = _build_parser().commands["train"]
    advice = typed(Advice("pass", option, names), _options(train))      # "pass --ignore ..."
    args, unknown = train.parse_known_args(shlex.split(advice)[1:])
    assert getattr(args, option) == names and not unknown


def test_a_name_with_a_comma_is_given_as_a_csv_header_quotes_it():
    train = _build_parser().commands["train"]
    args, _ = train.parse_known_args(["--ignore", ' "Income, annual" , Name', "--one-hot", '"a ""b"""'])
    assert args.ignore == ["Income, annual", "Name"] and args.one_hot == ['a "b"']
    assert shlex.split(leave_out("Income, annual")) == ["pass", "--ignore", '"Income, annual"']


def test_the_advice_for_a_text_column_with_a_comma_works_when_pasted(tmp_path, capsys):
    path = tmp_path / "income.csv"
    path.write_text('x,"Income, annual",y\n' + "".join(f"{i},{'high' if i % 3 else 'low'},{i % 2}\n"
                                                        for i in range(30)), encoding="utf-8")
    run = ["train", "--data", str(path), "--target", "y", "--epochs", "1", "--quiet"]
    assert cli.main([*run, "--out", str(tmp_path / "refused")]) == 2
    refusal = capsys.readouterr().err
    for option in ("--one-hot", "--ignore"):
        pasted = shlex.split(re.search(rf"pass ({option} .*?) to ", refusal)[1])
        assert cli.main([*run, *pasted, "--out", str(tmp_path / option)]) == 0, capsys.readouterr().err
