"""The playground's message validation: every type accepted when right, refused with one
sentence when wrong, and a refused message leaves the session as it was."""
import json

import numpy as np
import pytest

from neuralab.play import protocol
from neuralab.play.protocol import ProtocolError, parse
from neuralab.play.session import Session

GOOD = [
    {"type": "hello"},
    {"type": "hello", "state": {}},
    {"type": "hello", "state": protocol.DEFAULT_STATE},
    {"type": "set_state", "state": {"hparams": {"lr": 0.1}}},
    {"type": "set_state", "state": {"dataset": {"name": "spiral", "n_classes": 3}, "features": ["x1", "sin(x2)"]}},
    {"type": "set_state", "state": {"layers": [{"id": "a", "type": "dense", "units": 64, "activation": "relu"},
                                               {"id": "b", "type": "dropout", "p": 0.5},
                                               {"id": "c", "type": "batchnorm"}], "output": "softmax"}},
    {"type": "set_state", "state": {"hparams": {"schedule": "warmup:5,cosine:10:2", "optimizer": "adamw"}}},
    {"type": "set_state", "state": {"hide": ["data", "learning_rate", "evaluation"]}},
    {"type": "control", "action": "play"},
    {"type": "control", "action": "step_epoch"},
    {"type": "ready"},
    {"type": "inspect", "layer": 0, "unit": 1, "sample": 3},
    {"type": "trace", "sample": 0},
    {"type": "set_weight", "layer": 0, "to": 1, "from": 0, "value": -2.5},
    {"type": "upload_csv", "text": "a,b,y\n1,2,0\n", "target": "y"},
    {"type": "upload_csv", "text": "a,b,y\n1,2,0\n", "target": "y", "filename": "mine.csv"},
    {"type": "upload_csv", "text": "a,b,y\n1,2,0\n", "target": "y", "task": "multiclass"},
    {"type": "upload_csv", "text": "a;b;y\n1,5;2;0\n", "target": "y", "delimiter": ";", "decimal": ","},
    {"type": "upload_csv", "text": "sep=;\na;b;y\n1;2;0\n", "target": "y", "delimiter": None, "decimal": "."},
    {"type": "add_point", "x1": -6, "x2": 5.5, "label": 1},
    {"type": "add_point", "x1": 0.5, "x2": -1, "value": -2.75},
    {"type": "set_state", "state": {"dataset": {"name": "drawn", "task": "regression",
                                                "points": [[0, 1, 0.25], [-6, 6, -1e6]]}}},
    {"type": "clear_points"},
    {"type": "clear_points", "task": "regression"},
    {"type": "download"},
]


@pytest.mark.parametrize("message", GOOD, ids=lambda m: m["type"])
def test_good_messages_are_accepted(message):
    parsed = parse(json.dumps(message))
    assert parsed["type"] == message["type"]


BAD = {
    "not an object": ("[1, 2]", "JSON object"),
    "no type": ('{"action": "play"}', "type"),
    # a list or a number where an object goes was named, not met with an AttributeError
    "state not an object": ('{"type": "set_state", "state": [1]}', "state must be a JSON object, got list"),
    "dataset not an object": ('{"type": "hello", "state": {"dataset": "moons"}}',
                              "state.dataset must be a JSON object, got str"),
    "hparams not an object": ('{"type": "set_state", "state": {"hparams": 0.1}}',
                              "state.hparams must be a JSON object, got float"),
    "block not an object": ('{"type": "set_state", "state": {"layers": [["dense", 4]]}}',
                            "state.layers[0] must be a JSON object, got list"),
    "unknown type": ('{"type": "explode"}', "unknown message type"),
    "unknown field": ('{"type": "ready", "now": true}', "unknown field"),
    "unknown state key": ('{"type": "set_state", "state": {"colour": 1}}', "unknown field"),
    "unknown dataset field": ('{"type": "set_state", "state": {"dataset": {"size": 3}}}', "unknown field"),
    "unknown hparam": ('{"type": "set_state", "state": {"hparams": {"momentum": 0.9}}}', "unknown field"),
    "missing field": ('{"type": "trace"}', "missing sample"),
    "wrong type lr": ('{"type": "set_state", "state": {"hparams": {"lr": "fast"}}}', "Learning rate must be a number"),
    "bool as int": ('{"type": "trace", "sample": true}', "integer"),
    "NaN": ('{"type": "set_weight", "layer": 0, "to": 0, "from": 0, "value": NaN}', "number"),
    "lr too large": ('{"type": "set_state", "state": {"hparams": {"lr": 11}}}', "[1e-05, 10]"),
    "lr too small": ('{"type": "set_state", "state": {"hparams": {"lr": 0}}}', "[1e-05, 10]"),
    "batch too large": ('{"type": "set_state", "state": {"hparams": {"batch_size": 1001}}}', "1..1000"),
    "units too many": (('{"type": "set_state", "state": {"layers": [{"id": "a", "type": "dense", "units": 65, '
                       '"activation": "relu"}]}}'), "1..64"),
    "too many blocks": (json.dumps({"type": "set_state", "state": {"layers": [
        {"id": str(i), "type": "batchnorm"} for i in range(13)]}}), "at most 12"),
    "duplicate ids": (('{"type": "set_state", "state": {"layers": [{"id": "a", "type": "batchnorm"}, '
                      '{"id": "a", "type": "batchnorm"}]}}'), "own id"),
    "bad activation": (('{"type": "set_state", "state": {"layers": [{"id": "a", "type": "dense", "units": 2, '
                       '"activation": "swish"}]}}'), "activation"),
    "dropout p": ('{"type": "set_state", "state": {"layers": [{"id": "a", "type": "dropout", "p": 1}]}}', "[0, 0.9]"),
    "unknown dataset": ('{"type": "set_state", "state": {"dataset": {"name": "mnist"}}}', "dataset.name"),
    "unknown feature": ('{"type": "set_state", "state": {"features": ["x3"]}}', "features"),
    "no features": ('{"type": "set_state", "state": {"features": []}}', "non-empty"),
    "bad schedule": ('{"type": "set_state", "state": {"hparams": {"schedule": "zigzag:3"}}}', "Schedule: "),
    "bad action": ('{"type": "control", "action": "fly"}', "action"),
    "point off the plane": ('{"type": "add_point", "x1": 7, "x2": 0, "label": 0}', "[-6, 6]"),
    "label too big": ('{"type": "add_point", "x1": 1, "x2": 0, "label": 10}', "0..9"),
    "label not a class": ('{"type": "add_point", "x1": 1, "x2": 0, "label": 0.5}', "integer"),
    "label and value": ('{"type": "add_point", "x1": 1, "x2": 0, "label": 1, "value": 1}', "exactly one of"),
    "neither label nor value": ('{"type": "add_point", "x1": 1, "x2": 0}', "exactly one of"),
    "value NaN": ('{"type": "add_point", "x1": 1, "x2": 0, "value": NaN}', "must be a number"),
    "value infinite": ('{"type": "add_point", "x1": 1, "x2": 0, "value": 1e999}', "must be a number"),
    "value too large": ('{"type": "add_point", "x1": 1, "x2": 0, "value": 2e6}', "[-1e+06, 1e+06]"),
    # a JSON integer past float's range: math.isfinite raised OverflowError, "the server failed"
    "value an integer past the float range": ('{"type": "add_point", "x1": 1, "x2": 0, "value": 1' + "0" * 400 + "}",
                                              "[-1e+06, 1e+06]"),
    "lr an integer past the float range": ('{"type": "set_state", "state": {"hparams": {"lr": 1' + "0" * 400 + "}}}",
                                           "[1e-05, 10]"),
    # json.loads raised ValueError (Python reads no integer of over 4,300 digits) and RecursionError
    "an integer of 5,000 digits": ('{"type": "trace", "sample": 1' + "0" * 5000 + "}", "too many digits"),
    "arrays nested too deeply": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "value as text": ('{"type": "add_point", "x1": 1, "x2": 0, "value": "1"}', "must be a number"),
    "bad task": ('{"type": "set_state", "state": {"dataset": {"name": "drawn", "task": "ranking"}}}', "dataset.task"),
    "bad clear task": ('{"type": "clear_points", "task": "binary"}', "task must be one of"),
    "drawn value NaN": (('{"type": "set_state", "state": {"dataset": {"name": "drawn", "task": "regression", '
                        '"points": [[0, 0, NaN]]}}}'), "points[0][2] must be a number"),
    "drawn value infinite": (('{"type": "set_state", "state": {"dataset": {"name": "drawn", "task": "regression", '
                             '"points": [[0, 0, -Infinity]]}}}'), "points[0][2] must be a number"),
    "drawn value without its task": (('{"type": "set_state", "state": {"dataset": {"name": "drawn", '
                                     '"points": [[0, 0, 0.5]]}}}'), "points[0][2] must be an integer"),
    "drawn label too big": (('{"type": "set_state", "state": {"dataset": {"name": "drawn", '
                            '"task": "classification", "points": [[0, 0, 10]]}}}'), "0..9"),
    "drawn point off the plane": (('{"type": "set_state", "state": {"dataset": {"name": "drawn", '
                                  '"task": "regression", "points": [[0, 6.5, 1]]}}}'), "[-6, 6]"),
    "drawn point short": (('{"type": "set_state", "state": {"dataset": {"name": "drawn", '
                          '"task": "regression", "points": [[0, 1]]}}}'), "[x1, x2, value]"),
    "too many points": (json.dumps({"type": "set_state", "state": {"dataset": {
        "name": "drawn", "task": "regression", "points": [[0, 0, 0.5]] * (protocol.MAX_POINTS + 1)}}}),
        "at most 2000"),
    "filename not text": ('{"type": "upload_csv", "text": "a,y\\n1,0\\n", "target": "y", "filename": 3}', "filename"),
    "upload task unknown": ('{"type": "upload_csv", "text": "a,y\\n1,0\\n", "target": "y", "task": "classes"}',
                            "task must be one of auto, binary, multiclass, regression"),
    "upload delimiter of two characters": ('{"type": "upload_csv", "text": "a;y\\n1;0\\n", "target": "y", '
                                           '"delimiter": ";;"}', "delimiter must be one character"),
    "upload delimiter a quote": ('{"type": "upload_csv", "text": "a,y\\n1,0\\n", "target": "y", "delimiter": "\\""}',
                                 "not a quote or a line break"),
    "upload delimiter a line break": ('{"type": "upload_csv", "text": "a,y\\n1,0\\n", "target": "y", "delimiter": "\\n"}',
                                      "not a quote or a line break"),
    "upload delimiter not text": ('{"type": "upload_csv", "text": "a,y\\n1,0\\n", "target": "y", "delimiter": 59}',
                                  "delimiter must be one character"),
    "upload decimal unknown": ('{"type": "upload_csv", "text": "a;y\\n1;0\\n", "target": "y", "decimal": ";"}',
                               "decimal must be '.' or ','"),
    "hide not a list": ('{"type": "set_state", "state": {"hide": "data"}}', "hide must be a list"),
    "hide an unknown part": ('{"type": "hello", "state": {"hide": ["data", "everything"]}}',
                             "hide[] must be one of data, features,"),
    "malformed JSON": ('{"type": "hello"', "malformed JSON"),
    "upload too big": (json.dumps({"type": "upload_csv", "text": "x" * (protocol.MAX_UPLOAD + 1),
                                   "target": "y"}), "too long"),
    "upload too many rows": (json.dumps({"type": "upload_csv", "text": "a,y\n" + "1,0\n" * 20_001,
                                         "target": "y"}), "rows"),
    # old Macs end a row with a lone "\r", which load_csv reads as a row too (it took 200,000 of them)
    "upload too many rows ending in \\r": (json.dumps({"type": "upload_csv", "text": "a,y\r" + "1,0\r" * 20_001,
                                                    "target": "y"}), "rows"),
    "message too big": (" " * (protocol.MAX_MESSAGE + 1), "too long"),
}


@pytest.mark.parametrize("text, needle", BAD.values(), ids=list(BAD))
def test_bad_messages_are_refused_with_a_sentence(text, needle):
    with pytest.raises(ProtocolError) as caught:
        parse(text)
    assert needle in str(caught.value)
    reply = protocol.error(caught.value, caught.value.suggestion)
    assert reply["type"] == "error" and reply["fatal"] is False and reply["message"]


@pytest.mark.parametrize("state, words, field", [
    ({"hparams": {"lr": 11}}, "Learning rate must be in [1e-05, 10], got 11", "hparams.lr"),
    ({"hparams": {"batch_size": 0}}, "Batch size must be in 1..1000, got 0", "hparams.batch_size"),
    ({"hparams": {"l1": -1}}, "L1 must be in [0, 1], got -1", "hparams.l1"),
    ({"hparams": {"l2": 2}}, "L2 must be in [0, 1], got 2", "hparams.l2"),
    ({"hparams": {"dropout": 0.95}}, "Dropout must be in [0, 0.9], got 0.95", "hparams.dropout"),
    ({"hparams": {"optimizer": "lion"}}, "Optimizer must be one of sgd,", "hparams.optimizer"),
    ({"hparams": {"schedule": "zigzag:3"}}, "Schedule: unknown schedule 'zigzag'", "hparams.schedule"),
    ({"hparams": {"schedule": "step:x"}}, "Schedule 'step': 'x' is not a whole number", "hparams.schedule"),
    ({"hparams": {"schedule": 3}}, "Schedule must be text, got int", "hparams.schedule"),
    # the dataset's values set by sliders or menus, which send nothing out of range: their path
    ({"dataset": {"n_samples": 3}}, "dataset.n_samples must be in 10..5000, got 3", "dataset.n_samples"),
    # the Classes box, and a hidden block's boxes, the block by its place among the cards
    ({"dataset": {"n_classes": 11}}, "Classes must be in 2..10, got 11", "dataset.n_classes"),
    ({"layers": [{"id": "a", "type": "dense", "units": 3, "activation": "tanh"}, {"id": "b", "type": "dropout", "p": 1}]},
     "Hidden block 2's p must be in [0, 0.9], got 1", "layers.1.p"),
    ({"layers": [{"id": "a", "type": "dense", "units": 65, "activation": "tanh"}]},
     "Hidden block 1's units must be in 1..64, got 65", "layers.0.units"),
])
def test_a_refused_hyperparameter_is_named_as_its_box_and_its_path_is_the_field(state, words, field):
    """The page shows the error's message under its boxes: a hyper-parameter is named by its box's
    label ("Schedule: ...", it was "hparams.schedule: ..."); the reply's ``field`` keeps the path,
    by which the page finds the box to keep the text typed in."""
    with pytest.raises(ProtocolError) as caught:
        parse(json.dumps({"type": "set_state", "state": state}))
    reply = protocol.error(caught.value, caught.value.suggestion)
    assert reply["message"].startswith(words) and reply["field"] == field


def test_an_error_of_no_state_value_has_no_field():
    with pytest.raises(ProtocolError) as caught:
        parse('{"type": "control", "action": "fly"}')
    assert "field" not in protocol.error(caught.value)
    assert "field" not in protocol.error("the server failed on this message")


@pytest.mark.parametrize("typed, comma", [("step:30:0,5", True), ("cosine:10:1, 5", True), ("warp:9", False),
                                          ("step:2:0.5,cosine:3", False)])
def test_a_schedule_with_a_decimal_comma_is_told_to_use_a_point(typed, comma):
    """0.5 written "0,5" cuts the schedule at its comma (which joins a warm-up to the schedule
    after it): the suggestion says to write it with a point, not which schedules exist."""
    with pytest.raises(ProtocolError) as caught:
        protocol.check_state({"hparams": {"schedule": typed}})
    assert ("write 0.5 with a point" in caught.value.suggestion) is comma
    assert ("step:SIZE:GAMMA" in caught.value.suggestion) is not comma


def test_a_long_refused_value_is_cut_short_in_the_error():
    # the refusal quoted the whole value: a 100,000-character action came back as 100,000 characters
    text = json.dumps({"type": "control", "action": "f" * 100_000})
    with pytest.raises(ProtocolError, match=r"got 'f+\.\.\.f+'$") as caught:
        parse(text)
    assert len(str(caught.value)) < 200
    with pytest.raises(ProtocolError, match="got 'fly'$"):   # a short one is quoted whole
        parse('{"type": "control", "action": "fly"}')
    # and so are unknown fields' names: a long one cut, the first five named
    fields = {"g" * 100_000: 1, **{f"extra{i}": i for i in range(9)}}
    with pytest.raises(ProtocolError, match=r"^control has unknown field\(s\) extra0, extra1, extra2, extra3, "
                                            r"extra4, \.\.\.$") as caught:
        parse(json.dumps({"type": "control", "action": "play", **fields}))
    assert len(str(caught.value)) < 200
    with pytest.raises(ProtocolError, match=r"unknown field\(s\) g+\.\.\.g+$"):
        parse(json.dumps({"type": "control", "action": "play", "g" * 100_000: 1}))
    with pytest.raises(ProtocolError, match=r"unknown field\(s\) speed$"):
        parse(json.dumps({"type": "control", "action": "play", "speed": 2}))


def test_a_csv_of_as_many_rows_as_allowed_is_taken_whichever_its_line_ends():
    rows = ["a,y"] + ["1,0", "2,1"] * ((protocol.MAX_UPLOAD_ROWS - 1) // 2)
    for end in ("\n", "\r\n", "\r"):
        text = end.join(rows) + end
        assert parse(json.dumps({"type": "upload_csv", "text": text, "target": "y"}))["text"] == text


def test_an_upload_asks_load_csv_for_its_task_auto_by_default():
    message = {"type": "upload_csv", "text": "a,y\n1,0\n", "target": "y"}
    assert parse(json.dumps(message))["task"] == "auto"
    assert parse(json.dumps({**message, "task": "regression"}))["task"] == "regression"


def test_an_upload_asks_load_csv_for_its_delimiter_and_decimal_mark_its_defaults_by_default():
    # left out, they are load_csv's defaults: None (the file's "sep=" line, else ','), and '.'
    message = {"type": "upload_csv", "text": "a;y\n1,5;0\n", "target": "y"}
    left_out = parse(json.dumps(message))
    assert (left_out["delimiter"], left_out["decimal"]) == (None, ".")
    chosen = parse(json.dumps({**message, "delimiter": "\t", "decimal": ","}))
    assert (chosen["delimiter"], chosen["decimal"]) == ("\t", ",")


def test_merge_state_replaces_only_the_keys_given():
    partial = protocol.check_state({"hparams": {"lr": 0.5}, "dataset": {"noise": 0.3}})
    merged = protocol.merge_state(protocol.DEFAULT_STATE, partial)
    assert merged["hparams"]["lr"] == 0.5 and merged["hparams"]["optimizer"] == "sgd"
    assert merged["dataset"]["noise"] == 0.3 and merged["dataset"]["name"] == "circles"
    assert protocol.DEFAULT_STATE["hparams"]["lr"] == 0.03  # the defaults are not touched


def test_a_classroom_links_hidden_parts_are_kept_in_the_pages_order_once_each():
    state = protocol.check_state({"hide": ["export", "data", "export"]})
    assert state == {"hide": ["data", "export"]}
    assert protocol.merge_state(protocol.DEFAULT_STATE, state)["hide"] == ["data", "export"]
    assert protocol.DEFAULT_STATE["hide"] == []   # a link without "hide" shows everything


@pytest.mark.parametrize("typed, kept", [("step:2\n:0.5", "step:2:0.5"), (" warmup : 5 ,\tcosine:10 ", "warmup:5,cosine:10"),
                                          ("step:2:0.5", "step:2:0.5"), ("Warmup:5,COSINE:10:2", "warmup:5,cosine:10:2"),
                                          ("step:2:5E-1", "step:2:5e-1")])
def test_a_schedule_is_kept_as_it_reads(typed, kept):
    # the spaces and line breaks the schedule's reader allows around ':' and ',' stood in the
    # state, the share link and the script's list of edits (a line break there ended a comment)
    assert protocol.check_state({"hparams": {"schedule": typed}})["hparams"]["schedule"] == kept


def _snapshot(session):
    with session.model_lock():
        return (json.dumps(session.state, sort_keys=True), session.data,
                [p.data.copy() for p in session.net.model.parameters()], session.generation)


@pytest.mark.parametrize("text", [t for t, _ in BAD.values()], ids=list(BAD))
def test_a_refused_message_leaves_the_session_unchanged(text, session):
    before = _snapshot(session)
    with pytest.raises(ValueError):
        session.handle(parse(text))
    after = _snapshot(session)
    assert before[0] == after[0] and before[1] is after[1] and before[3] == after[3]
    assert all((a == b).all() for a, b in zip(before[2], after[2]))


@pytest.mark.parametrize("message", [
    {"type": "set_state", "state": {"dataset": {"name": "csv"}}},                  # nothing uploaded
    {"type": "set_state", "state": {"dataset": {"name": "plane"}, "output": "sigmoid"}},
    {"type": "set_state", "state": {"dataset": {"name": "spiral", "n_classes": 3}, "output": "sigmoid"}},
    {"type": "upload_csv", "text": "a,b,y\n1,x,0\n", "target": "y"},               # not a number
    {"type": "upload_csv", "text": "a,b,y\n1,2,0\n", "target": "label"},            # no such column
    {"type": "upload_csv", "text": "sep=;\na;b;y\n1;2;0\n3;4;1\n", "target": "y", "delimiter": ","},  # not the file's
    {"type": "upload_csv", "text": "a;b;y\n1,5;2;0\n3,5;4;1\n", "target": "y", "delimiter": ";"},     # decimal commas
    {"type": "inspect", "layer": 99, "unit": 0, "sample": 0},
    {"type": "inspect", "layer": 0, "unit": 99, "sample": 0},
    {"type": "trace", "sample": 10_000},
    {"type": "set_weight", "layer": 1, "to": 0, "from": 0, "value": 1.0},          # an activation layer
    {"type": "set_weight", "layer": 0, "to": 9, "from": 0, "value": 1.0},
], ids=lambda m: m["type"])
def test_messages_that_do_not_fit_the_scene_are_refused(message, session):
    before = _snapshot(session)
    with pytest.raises(ValueError) as caught:
        session.handle(parse(json.dumps(message)))
    assert "uploaded file" in str(caught.value) or "/tmp" not in str(caught.value)
    after = _snapshot(session)
    assert before[0] == after[0] and before[1] is after[1] and before[3] == after[3]
    assert all((a == b).all() for a, b in zip(before[2], after[2]))


def test_messages_before_hello_are_refused():
    session = Session()
    with pytest.raises(ProtocolError, match="hello first"):
        session.handle(parse('{"type": "control", "action": "play"}'))


@pytest.fixture
def session():
    s = Session()
    s.handle(parse('{"type": "hello"}'))
    yield s
    s.close()


def test_hiding_parts_of_the_page_leaves_the_training_as_it_is(session):
    # a teacher ticks what the class link hides while the network trains: nothing restarts
    session.handle(parse('{"type": "control", "action": "step_epoch"}'))
    assert session.wait_idle()
    weights = [p.data.copy() for p in session.net.model.parameters()]
    before = (session.generation, session.scene_id, session.epoch, session.step)
    (scene,) = session.handle(parse('{"type": "set_state", "state": {"hide": ["data", "learning_rate"]}}'))
    assert scene["state"]["hide"] == ["data", "learning_rate"]
    assert (session.generation, session.scene_id, session.epoch, session.step) == before
    assert all((p.data == w).all() for p, w in zip(session.net.model.parameters(), weights))
    (scene,) = session.handle(parse('{"type": "set_state", "state": {"hide": []}}'))
    assert scene["state"]["hide"] == []


@pytest.mark.parametrize("layers, message, needle", [
    (None, {"layer": 99, "unit": 0}, "layer must be in 0..5, got 99"),
    (None, {"layer": 0, "unit": 4}, "unit must be in 0..3 for layer 0, got 4"),
    ([{"id": "d", "type": "dropout", "p": 0.5}], {"layer": 0, "unit": 0}, "has no weights before it"),
], ids=["layer", "unit", "no weights"])
def test_inspecting_no_such_neuron_is_refused_as_the_protocol_refuses(session, layers, message, needle):
    # these were plain ValueErrors, which the server answers as it answers a failure of the library
    if layers is not None:
        session.handle(parse(json.dumps({"type": "set_state", "state": {"layers": layers}})))
    with pytest.raises(ProtocolError, match=needle):
        session.handle(parse(json.dumps({"type": "inspect", "sample": 0, **message})))


def test_a_task_sent_without_points_must_fit_the_points_kept(session):
    # a drawing of values switched to classes by its task alone: 1.3 and 2.5 became classes 1 and 2,
    # a negative value made the dataset refuse it, and the state was one a shared link could not open
    session.handle(parse('{"type": "clear_points", "task": "regression"}'))
    for value in (1.3, 2.5):
        session.handle(parse(json.dumps({"type": "add_point", "x1": value, "x2": 0, "value": value})))
    before = _snapshot(session)
    with pytest.raises(ProtocolError, match="classification does not fit the drawn points kept") as caught:
        session.handle(parse('{"type": "set_state", "state": {"dataset": {"task": "classification"}}}'))
    assert "clear_points" in caught.value.suggestion
    after = _snapshot(session)
    assert before[0] == after[0] and before[1] is after[1] and before[3] == after[3]
    # sent with points of its own, the task is taken; and class indices are values of a regression too
    (scene,) = session.handle(parse('{"type": "set_state", "state": {"dataset": {"task": "classification", '
                                    '"points": [[0, 0, 1], [1, 0, 0]]}}}'))
    assert (scene["dataset"]["task"], scene["dataset"]["n_classes"]) == ("binary", 2)
    (scene,) = session.handle(parse('{"type": "set_state", "state": {"dataset": {"task": "regression"}}}'))
    assert scene["dataset"]["task"] == "regression" and [p[2] for p in scene["dataset"]["train"]] == [1, 0]
    # every state a scene holds opens again as a shared link
    assert parse(json.dumps({"type": "hello", "state": scene["state"]}))["state"]["dataset"]["task"] == "regression"


def test_a_batchnorm_block_on_the_inputs_keeps_each_features_statistics_when_features_change(session):
    # its γ, β, μ and σ² were kept by place: x1's went to x2 once x1 was toggled off, while the
    # first dense layer took x2's weights by name, so x2 came in scaled by x1's statistics
    layers = [{"id": "n", "type": "batchnorm"}, {"id": "h", "type": "dense", "units": 3, "activation": "tanh"}]
    session.handle(parse(json.dumps({"type": "set_state", "state": {"features": ["x1", "x2"], "layers": layers}})))
    session.handle(parse('{"type": "control", "action": "step_epoch"}'))
    session.wait_idle()

    def protocol_bn_arrays():
        norm = session.net.model.layers[0]
        return [p.data.copy() for p in norm.parameters()] + [b.copy() for _, b in norm.named_buffers()]

    trained = protocol_bn_arrays()
    assert all(not np.array_equal(a[0], a[1]) for a in trained)   # each feature's own statistics
    session.handle(parse('{"type": "set_state", "state": {"features": ["x2", "x1^2", "x1"]}}'))
    for kept, was in zip(protocol_bn_arrays(), trained):
        np.testing.assert_array_equal(kept[[0, 2]], was[[1, 0]])
    session.handle(parse('{"type": "set_state", "state": {"features": ["x2"]}}'))
    for kept, was in zip(protocol_bn_arrays(), trained):
        np.testing.assert_array_equal(kept, was[[1]])


def _limit_state(section, key, value):
    """A partial state holding ``value`` as the ``key`` of ``section`` (a block's by its kind)."""
    if section == "layers":
        block = ({"id": "a", "type": "dense", "units": value, "activation": "relu"} if key == "units"
                 else {"id": "a", "type": "dropout", key: value})
        return {"layers": [block]}
    return {section: {key: value}}


def test_the_scenes_limits_are_the_ranges_the_server_checks(session):
    """The page greys "+" on a layer of 64 units (it answered with a refusal banner) and sets its
    boxes' min and max from the scene's ``limits``: each range holds its ends and refuses what lies
    just past them, with the field named, and ``blocks`` is the most hidden blocks taken."""
    limits = session.scene()["limits"]
    assert limits["layers"]["units"] == [1, protocol.MAX_UNITS] and limits["layers"]["p"] == [0, 0.9]
    assert set(limits["hparams"]) == {"lr", "batch_size", "l1", "l2", "dropout", "early_stopping"}
    assert "n_classes" in limits["dataset"]
    for section in ("layers", "hparams", "dataset"):
        for key, (lo, hi) in limits[section].items():
            for inside in (lo, hi):
                protocol.check_state(_limit_state(section, key, inside))
            for past in (lo - 1, hi + 1):
                with pytest.raises(ProtocolError) as refused:
                    protocol.check_state(_limit_state(section, key, past))
                assert refused.value.field.split(".")[-1] == key
    dense = {"type": "dense", "units": 2, "activation": "tanh"}
    protocol.check_state({"layers": [{**dense, "id": f"h{i}"} for i in range(limits["blocks"])]})
    with pytest.raises(ProtocolError, match="at most"):
        protocol.check_state({"layers": [{**dense, "id": f"h{i}"} for i in range(limits["blocks"] + 1)]})
