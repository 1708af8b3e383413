"""A state of "csv" names its file (``dataset.file``), and a page comes back to its own upload
(``link_csv``, ``upload_kept``): a link made on another server's CSV, or a page whose socket
dropped after it uploaded its own file on a server of the class's CSV, opened on another file
(or the default data) without a word."""
import pytest

from neuralab.play import protocol
from neuralab.play.protocol import ProtocolError
from neuralab.play.upload_kept import KeptUploads, held_bytes
from session_kit import UPLOAD, send


def _warnings(replies):
    return [r for r in replies if r.get("kind") == "warning"]


def test_the_state_of_a_csv_names_its_file_and_no_other_data_does(exam_registry):
    session = exam_registry.open()
    (scene,) = send(session, {"type": "hello", "state": {"dataset": {"name": "csv"}}})
    assert scene["state"]["dataset"]["file"] == "exam.csv"
    scene = send(session, UPLOAD)[0]
    assert scene["state"]["dataset"]["file"] == "farm.csv"
    scene = send(session, {"type": "set_state", "state": {"dataset": {"name": "circles"}}})[0]
    assert scene["state"]["dataset"]["file"] is None
    # a page cannot name another file than the one its session holds
    scene = send(session, {"type": "set_state", "state": {"dataset": {"name": "csv", "file": "x.csv"}}})[0]
    assert scene["state"]["dataset"]["file"] == "farm.csv"


def test_a_page_whose_socket_dropped_comes_back_on_its_own_upload(exam_registry):
    first = exam_registry.open()
    send(first, {"type": "hello", "state": {}})
    scene = send(first, UPLOAD)[0]
    key, state = scene["upload"]["key"], scene["state"]
    assert key and scene["upload"]["served"] is False
    exam_registry.close(first)                         # the socket dropped
    again = exam_registry.open()
    replies = send(again, {"type": "hello", "state": state, "upload": key})
    assert replies[0]["dataset"]["file"] == "farm.csv" and replies[0]["upload"]["key"] == key
    assert _warnings(replies) == []


@pytest.mark.parametrize("key, why", [
    (None, "a link names the file it was made on, not its rows"),
    ("not-a-kept-key", "it restarted, or let this page's upload go")])
def test_a_csv_the_server_does_not_hold_is_named_and_the_class_file_shown_as_itself(exam_registry, key, why):
    # a link made on farm.csv opened in another tab, or a page whose upload the server no longer keeps
    session = exam_registry.open()
    link = {"dataset": {"name": "csv", "file": "farm.csv"}, "hide": ["data"]}
    replies = send(session, {"type": "hello", "state": link, "upload": key})
    scene, (warned,) = replies[0], _warnings(replies)
    assert scene["dataset"]["file"] == "exam.csv" and scene["state"]["dataset"]["file"] == "exam.csv"
    assert warned["scene_id"] == scene["scene_id"]
    assert warned["message"] == (f"The server holds no copy of farm.csv for this page ({why}): exam.csv, the CSV "
                                 "it serves, is shown instead.")
    assert warned["suggestion"] == 'Press "Show everything", then choose "Uploaded CSV" in the Data menu to upload ' \
                                   'farm.csv again.'


def test_a_link_shared_from_the_page_that_uploaded_says_its_rows_stay_there(play_registry):
    # the learner's Share link, opened in a new tab of the same server: the words blamed a
    # restart or another server, though neither had happened
    first = play_registry.open()
    send(first, {"type": "hello", "state": {}})
    shared = send(first, UPLOAD)[0]["state"]
    other = play_registry.open()
    replies = send(other, {"type": "hello", "state": shared})
    (warned,) = _warnings(replies)
    assert replies[0]["state"]["dataset"]["name"] == "circles"
    assert warned["message"] == ("The server holds no copy of farm.csv for this page (a link names the file it was "
                                 "made on, not its rows): the default data is shown.")
    assert first.uploaded is not None and first.state["dataset"]["file"] == "farm.csv"   # the first tab keeps its file


def test_without_a_served_csv_a_link_names_the_file_it_lacks(play_registry):
    session = play_registry.open()
    replies = send(session, {"type": "hello", "state": {"dataset": {"name": "csv", "file": "farm.csv"}}})
    (warned,) = _warnings(replies)
    assert replies[0]["upload"] is None and replies[0]["state"]["dataset"]["name"] == "circles"
    assert warned["message"].startswith("The server holds no copy of farm.csv for this page")
    assert warned["message"].endswith("the default data is shown.")
    assert warned["suggestion"] == 'Choose "Uploaded CSV" in the Data menu to upload farm.csv again.'


def test_the_uploads_kept_hold_at_most_their_bytes_the_least_lately_used_going_first(exam_registry):
    uploads = []
    for _ in range(3):
        session = exam_registry.open()
        send(session, {"type": "hello", "state": {}})
        send(session, UPLOAD)
        uploads.append(session.uploaded)
        exam_registry.close(session)
    kept = KeptUploads(limit=2 * held_bytes(uploads[0]))
    for upload in uploads:
        kept.keep(upload)
        kept.find(uploads[0].key)                 # the first is used again each time
    assert len(kept) == 2 and kept.find(uploads[0].key) is uploads[0] and kept.find(uploads[1].key) is None


def test_a_hello_s_upload_key_and_a_state_s_file_are_checked():
    assert protocol.parse('{"type": "hello", "upload": "abc"}')["upload"] == "abc"
    with pytest.raises(ProtocolError, match="upload must be text"):
        protocol.parse('{"type": "hello", "upload": 5}')
    with pytest.raises(ProtocolError, match="dataset.file must be text"):
        protocol.parse('{"type": "hello", "state": {"dataset": {"name": "csv", "file": 5}}}')
