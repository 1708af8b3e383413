"""The class's CSV of ``neuralab play --data``, at the protocol: every session holds it from its
start, so a link of "csv" opens on it in every page, its Data shown or hidden; a page's own
upload replaces it in that page's session alone. On a server without it, a link of "csv" starts
on the default data and says how to reach the upload, through "Show everything" when the link
hides Data."""
import numpy as np
import pytest

from neuralab import data
from neuralab.play.registry import Registry
from neuralab.play.server import create_app
from neuralab.play.upload import served_csv
from session_kit import FARM as OWN_CSV, send

LINK = {"dataset": {"name": "csv", "train_ratio": 0.7, "seed": 3}, "hparams": {"lr": 0.1}}


@pytest.fixture
def sessions(exam_served):
    """Two pages' sessions of a server that serves ``exam_served``."""
    registry = Registry(exam_served)
    opened = [registry.open(), registry.open()]
    yield opened
    for session in opened:
        registry.close(session)


@pytest.mark.parametrize("hide", [[], ["data"]])
def test_a_link_of_the_served_csv_opens_on_it_in_every_page(sessions, hide):
    for session in sessions:
        replies = send(session, {"type": "hello", "state": {**LINK, "hide": hide}})
        scene = replies[0]
        assert [r for r in replies if r.get("kind") == "warning"] == []   # nothing lost, nothing to upload
        assert scene["state"]["dataset"]["name"] == "csv" and scene["state"]["dataset"]["train_ratio"] == 0.7
        assert (scene["dataset"]["file"], scene["dataset"]["target"]) == ("exam.csv", "passed")
        assert scene["upload"] == {"file": "exam.csv", "target": "passed", "served": True, "class_file": "exam.csv",
                                   "key": None}
        assert scene["dataset"]["n_train"] + scene["dataset"]["n_test"] == 40


def test_a_page_s_own_upload_stays_its_own(sessions):
    mine, other = sessions
    for session in sessions:
        send(session, {"type": "hello", "state": LINK})
    scene = send(mine, {"type": "upload_csv", "text": OWN_CSV, "target": "kind", "filename": "farm.csv"})[0]
    assert (scene["dataset"]["file"], scene["upload"]["served"], scene["upload"]["class_file"]) == \
        ("farm.csv", False, "exam.csv")
    assert send(other, {"type": "hello", "state": LINK})[0]["dataset"]["file"] == "exam.csv"
    assert send(mine, {"type": "hello", "state": LINK})[0]["dataset"]["file"] == "farm.csv"


def test_every_session_of_the_app_holds_the_served_csv(exam_served):
    registry = create_app(served=exam_served).state.registry
    session = registry.open()
    try:
        assert send(session, {"type": "hello", "state": LINK})[0]["dataset"]["file"] == "exam.csv"
    finally:
        registry.close(session)


@pytest.mark.parametrize("hide, fix", [
    ([], 'Choose "Uploaded CSV" in the Data menu to upload the file again.'),
    (["data", "curves"], 'Press "Show everything", then choose "Uploaded CSV" in the Data menu to upload the file '
                         'again.')])
def test_without_a_served_csv_a_link_of_csv_says_how_to_reach_the_upload(hide, fix):
    registry = Registry()
    session = registry.open()
    try:
        scene, warned = send(session, {"type": "hello", "state": {**LINK, "hide": hide}})
        assert scene["upload"] is None and scene["state"]["dataset"]["name"] != "csv"
        assert warned["message"].startswith("The server holds no copy of the uploaded CSV") and warned["suggestion"] == fix
    finally:
        registry.close(session)


def test_the_pages_of_one_link_share_the_served_csv_s_split_arrays(exam_served):
    """30 pages opening the class's file each held a split and standardised copy of it (1.5 × its
    arrays, uncounted by the uploads' budget): the pages that split it alike share one, read-only,
    training on it still; a page of another split has its own, and a split no page holds goes."""
    import gc
    import weakref

    from session_kit import played_past, until
    registry = Registry(exam_served)
    try:
        alike = [registry.open() for _ in range(3)]
        for session in alike:
            send(session, {"type": "hello", "state": LINK})
        other = registry.open()
        send(other, {"type": "hello", "state": {**LINK, "dataset": {**LINK["dataset"], "seed": 4}}})
        first = alike[0].data
        for name in ("X_train", "X_test", "raw_test", "y_train", "t_test"):
            assert all(getattr(s.data, name) is getattr(first, name) for s in alike), name
            assert not np.shares_memory(getattr(other.data, name), getattr(first, name)), name
        assert not first.X_train.flags.writeable   # a session writing into the others' data is refused
        assert len({id(s.data) for s in alike}) == 3 and alike[1].data.notices is not first.notices
        assert played_past(alike[1], epochs=1) and alike[2].data.X_train is first.X_train
        gone = weakref.ref(first.shares)
        for session in alike:
            registry.close(session)
        del alike, first, session
        assert until(lambda: gc.collect() >= 0 and gone() is None)   # (once the training threads end)
    finally:
        for session in list(registry._sessions):
            registry.close(session)


def test_a_served_csv_s_identifier_column_is_left_out_by_whoever_runs_the_server(tmp_path):
    """The page told a student to tick the ID's box under Leave out and press "Use this CSV": the
    served file's boxes show only the columns the server left out, and cannot be ticked. The
    page says the option the server is started with; a page's own upload of the same file keeps
    its Leave out box."""
    text = "PassengerId,name,hours,passed\n" + "".join(f"{i + 1},p{i},{i % 9},{'ny'[(i % 9) > 4]}\n"
                                                         for i in range(40))
    path = tmp_path / "exam.csv"
    path.write_text(text)
    served = served_csv(data.load_csv(path, target="passed", ignore=["name"]), str(path), "passed",
                        ignore=["name"])
    registry = Registry(served)
    session = registry.open()
    try:
        said = [r["message"] for r in send(session, {"type": "hello", "state": LINK}) if r.get("kind") == "warning"]
        assert [s for s in said if "'PassengerId' looks like an identifier" in s] == [said[0]], said
        assert said[0].endswith("; ask whoever runs the server to restart it with 'PassengerId' in --ignore to "
                                "leave it out.") and "Leave out" not in said[0]
        upload = {"type": "upload_csv", "text": text, "target": "passed", "filename": "exam.csv", "ignore": ["name"]}
        said = [r["message"] for r in send(session, upload) if r.get("kind") == "warning"]
        assert said[0].endswith('; tick \'PassengerId\' under Leave out and press "Use this CSV" again to leave it out.')
    finally:
        registry.close(session)
