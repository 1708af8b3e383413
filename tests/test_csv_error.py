"""load_csv's refusals as data (``CsvError``): Python's text names each argument as it is written,
and the playground says the same advice with its menus' words, made from the advice's fields, and
moves the focus to the menu of the first: a new wording in load_csv cannot leave Python on the page."""
import ast
import inspect
import pathlib
import re

import pytest

import neuralab
from neuralab.data import load_csv
from neuralab.data.csv_error import VERBS, Advice, CsvError, PythonOnly, Said
from neuralab.play.protocol import ProtocolError
from neuralab.cli import _build_parser, _options
from neuralab.play.upload import CONTROL_NAMES, MENUS, _python_words, parse_csv

# Python's words that the page has no use for: an argument written as Python writes it, a line of
# pandas, the dtype call, "pass"
_PYTHON = re.compile(r"\b(task|delimiter|decimal|one_hot|missing|ignore|na_values)=|with pandas|set_default_dtype|"
                     r"\bpass |one_hot's|ignore's")

_CE_CASES = {   # name: (the file, its target, load_csv's options, Python's advice, the page's, the control)
    "a ';' file": ("a;b;y\n1;2;0\n3;4;1\n", "y", {}, "pass delimiter=';'",
                   "choose 'semicolon (;)' as the separator", {"name": "delimiter"}),
    "and its decimal commas": ("a;b;y\n1,5;2;0\n3,5;4;1\n", "y", {}, "pass delimiter=';' and decimal=','",
                               "choose 'semicolon (;)' as the separator and choose 'comma (1,5)' as the decimal mark",
                               {"name": "delimiter"}),
    "a sep= line": ("sep=;\na;b;y\n1;2;0\n3;4;1\n", "y", {"delimiter": ","},
                    "but delimiter=',' was passed: pass delimiter=';', or leave it out",
                    "but the separator 'comma (,)' was chosen: choose 'semicolon (;)' as the separator",
                    {"name": "delimiter"}),
    "decimal commas in a ',' file": ("a,b,y\n1,2,0\n3,4,1\n", "y", {"decimal": ",", "delimiter": ","},
                                     "decimal points, leave out decimal=','",
                                     "decimal points, choose 'point (1.5)' as the decimal mark", {"name": "delimiter"}),
    "text columns": ("a,sex,town,y\n1,m,x,0\n2,f,z,1\n3,m,x,1\n", "y", {},
                     ("pass one_hot=['sex', 'town'] to read each category as a 0/1 column of its own, or pass "
                      "ignore=['sex', 'town'] to leave these columns out"),
                     ("choose 'one 0/1 column per category' for Text columns to read each category as a 0/1 column "
                      "of its own, or tick 'sex', 'town' under Leave out to leave these columns out"),
                     {"name": "one_hot"}),
    "dates": ("a,day,y\n1,2020-01-01,0\n2,2020-01-02,1\n3,2020-01-03,0\n", "y", {},
              "pass ignore=['day'] to leave it out", "tick 'day' under Leave out to leave it out",
              {"name": "ignore", "column": "day"}),
    "a missing cell": ("a,b,y\n1,,0\n3,4,1\n", "y", {}, "or pass missing='drop' to drop all rows",
                       "or choose 'drop the row' for Missing cells to drop all rows", {"name": "missing"}),
    "a marker that may be a class": ("a,y\n1,NA\n2,x\n3,NA\n", "y", {},
                                     "if 'NA' is a class here, pass na_values=() to keep it",
                                     ("if 'NA' is a class here, train on it with neuralab train --data FILE --target y "
                                      "--na-values '' to keep it"), {"name": "missing"}),
    "three classes as two": ("a,y\n1,0\n2,1\n3,2\n", "y", {"task": "binary"},
                             ("task='binary' but target column 'y' has 3 classes: '0', '1', '2'; pass "
                              "task='multiclass' (or task='regression' if its values are quantities)"),
                             ("the task 'two classes' but target column 'y' has 3 classes: '0', '1', '2'; choose "
                              "'classes' as the task (or choose 'a number' as the task if its values are quantities)"),
                             {"name": "task"}),
    "words as numbers": ("a,y\n1,x\n2,z\n3,x\n", "y", {"task": "regression"},
                         "if they are class names, leave out task='regression'",
                         "if they are class names, choose 'auto' as the task", {"name": "task"}),
    "a unit": ("a,price,y\n1,$302,0\n2,$1,1\n3,$5,0\n", "y", {},
               "write the numbers without their unit (with pandas: df[['price']] = ",
               "write the numbers without their unit", None),
    "every feature left out": ("a,b,y\n1,2,0\n3,4,1\n", "y", {"ignore": ["a", "b"]},
                               "besides the target once ignore's columns are left out",
                               "besides the target once the columns ticked under Leave out are left out", None),
}


@pytest.mark.parametrize("case", _CE_CASES.values(), ids=_CE_CASES)
def test_a_refusal_is_said_in_python_and_on_the_page_from_the_same_advice(tmp_path, case):
    text, target, options, python, page, control = case
    path = tmp_path / "messy.csv"
    path.write_text(text)
    with pytest.raises(CsvError) as refused:
        load_csv(path, target, **options)
    assert python in str(refused.value) and isinstance(refused.value, ValueError)
    with pytest.raises(ProtocolError) as shown:
        parse_csv(text, target, **options)
    assert page in str(shown.value) and shown.value.control == control
    assert not _PYTHON.search(str(shown.value)), str(shown.value)


def _parts(kind):
    """The calls ``kind(...)`` (Advice or PythonOnly) in neuralab/data whose first two arguments
    are texts written out, as those texts (one of csv_text_columns' computes its verb)."""
    for path in pathlib.Path(neuralab.__file__).parent.joinpath("data").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == kind and \
                    all(isinstance(arg, ast.Constant) for arg in node.args[:2]):
                yield path.name, [arg.value for arg in node.args[:2]]


def test_every_advice_load_csv_gives_has_a_menu_and_every_python_only_word_the_pages_own():
    # a new argument in an advice, or new words of Python, would otherwise reach the page as Python
    # an argument named, whose value is refused, is the command's option, and a control of the page's if
    # the page sends it (a refusal of na_values' value cannot reach the page, which never passes it)
    advised = list(_parts("Advice"))
    assert len(advised) > 20
    sent, options = set(inspect.signature(parse_csv).parameters), _options(_build_parser().commands["train"])
    for file, (verb, argument, *_) in advised:
        assert verb in VERBS and argument in options, (file, verb, argument)
        if verb == "named":
            assert argument in CONTROL_NAMES or argument not in sent, (file, argument)
        else:
            assert argument in MENUS, (file, verb, argument)
    kinds = {kind for _, (kind, *_) in _parts("PythonOnly")}
    assert kinds and kinds <= set(_python_words("y")), kinds - set(_python_words("y"))


def test_a_said_keeps_its_parts_through_texts_added_and_joined():
    said = "file: " + Said(Advice("pass", "ignore", ["a"]), " to leave it out") + "; " + \
        Said("; ").join([Said(Advice("mention", "missing", "drop")), PythonOnly("pandas", " (with pandas: x)")])
    assert str(said) == "file: pass ignore=['a'] to leave it out; missing='drop';  (with pandas: x)"
    assert said.advice() == Advice("pass", "ignore", ["a"])
    assert said.saying(lambda part: f"<{type(part).__name__}>") == "file: <Advice> to leave it out; <Advice>; <PythonOnly>"
    assert str(CsvError(said)) == str(said) and CsvError(said).said == said
