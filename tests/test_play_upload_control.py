"""A refused upload names the form's control its advice gives first in a field of its own, the
error's ``control``, where the page moves the focus: the first ``Advice`` of load_csv's
``CsvError``, found from its fields, not from its words."""
import pytest
from session_kit import send
from test_play_upload_options import _upo_titanic, upo_session  # noqa: F401 (a fixture, used by name)

from neuralab.data.csv_error import Advice, CsvError
from neuralab.play import protocol
from neuralab.play.upload import named_control


def _upc_refused(session, text, target="survived", **options):
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "upload_csv", "text": text, "target": target, **options})
    return refused.value, protocol.error(refused.value, refused.value.suggestion, request="upload_csv")


@pytest.mark.parametrize("options, file, control, words", [
    ({}, {}, {"name": "one_hot"}, "for Text columns"),
    ({"one_hot": "auto"}, {}, {"name": "missing"}, "for Missing cells"),
    ({"one_hot": "auto", "missing": "drop"}, {"identified": True}, {"name": "ignore", "column": "Name"},
     "tick 'Name', 'Ticket' under Leave out"),
])
def test_a_titanics_refusal_names_the_control_its_advice_gives_first(upo_session, options, file, control, words):
    refusal, reply = _upc_refused(upo_session, _upo_titanic(**file), **options)
    assert words in str(refusal)
    assert reply["control"] == control


def test_classes_past_the_pages_limit_name_the_task_when_they_are_numbers_else_the_target(upo_session):
    rows = "\n".join(f"{i % 3},{i * 0.5},{i % 12}" for i in range(60))
    _, reply = _upc_refused(upo_session, f"a,b,y\n{rows}\n", target="y")
    assert "choose 'a number' as the task" in reply["suggestion"] and reply["control"] == {"name": "task"}
    words = "\n".join(f"{i % 3},{i * 0.5},k{i % 12}" for i in range(60))
    _, reply = _upc_refused(upo_session, f"a,b,y\n{words}\n", target="y")
    assert "choose another target column" in reply["suggestion"] and reply["control"] == {"name": "target"}


def test_a_refusal_that_advises_no_control_carries_none(upo_session):
    _, reply = _upc_refused(upo_session, "a,b,y\n", target="y")
    assert "no data rows" in reply["message"] and "control" not in reply


@pytest.mark.parametrize("parts, control", [
    ((Advice("pass", "one_hot", ["sex"]), ", and ", Advice("and", "ignore", ["Name"]), " to read them"),
     {"name": "one_hot"}),
    ((Advice("passed", "delimiter", ","), "; ", Advice("pass", "decimal", ","), " for 1,5"),
     {"name": "decimal"}),   # a mention is no advice
    ((Advice("leave out", "decimal", ","), " (the file writes 1.5)"), {"name": "decimal"}),
    ((Advice("pass", "ignore", ["Name", "Ticket"]), " to leave them out"), {"name": "ignore", "column": "Name"}),
    (("the file is empty",), None),
])
def test_the_control_is_the_first_advice_of_load_csvs_refusal(parts, control):
    assert named_control(CsvError(*parts)) == control
