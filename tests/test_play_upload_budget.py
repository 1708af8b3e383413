"""The memory of the pages' own uploads (upload_held.py): what the open sessions' uploads cost them
holds within one budget; an upload past it is refused in one line, and its session keeps its
data; a class of 30 with its ordinary files never meets it; uploads are read two at once."""
import re
import threading
import time

import numpy as np
import pytest

from neuralab.play import upload as play_upload
from neuralab.play.field_checks import ProtocolError
from neuralab.play.upload import parse_csv
from neuralab.play.upload_held import HELD_BYTES
from neuralab.play.upload_kept import held_bytes
from session_kit import FARM, UPLOAD, greeted, room_for_one_upload, send

FULL = "the server holds too much uploaded data just now"





def test_past_the_budget_an_upload_is_refused_in_one_line_and_the_session_keeps_its_data(play_registry):
    room_for_one_upload(play_registry)
    first, second = greeted(play_registry), greeted(play_registry)
    send(first, UPLOAD)
    before = (second.scene_id, second.state, second.data, second.uploaded)
    with pytest.raises(ValueError) as refused:
        send(second, {**UPLOAD, "filename": "barn.csv"})
    assert re.fullmatch(rf"{FULL} \(\d+ MB, and barn.csv needs \d+ MB of the \d+ MB it keeps for uploads\): upload "
                        "a smaller file, or ask whoever runs the server to have the tabs no longer used closed; this "
                        "page keeps its data", f"{refused.value}: {refused.value.suggestion}")
    assert (second.scene_id, second.state, second.data, second.uploaded) == before
    play_registry.close(first)             # its tab closed: its upload costs nothing any more
    assert send(second, UPLOAD)[0]["state"]["dataset"]["file"] == "farm.csv"


def test_an_upload_replaces_its_session_s_own_in_the_count(play_registry):
    room_for_one_upload(play_registry)
    session = greeted(play_registry)
    send(session, UPLOAD)
    assert send(session, {**UPLOAD, "filename": "barn.csv"})[0]["state"]["dataset"]["file"] == "barn.csv"
    assert play_registry.held.total() == held_bytes(session.uploaded, in_session=True)


def test_an_upload_its_session_refuses_for_another_reason_gives_its_count_back(play_registry, monkeypatch):
    session = greeted(play_registry)
    send(session, UPLOAD)
    held = play_registry.held.total()

    def refused(*args, **kwargs):
        raise ProtocolError("refused as it was built")

    monkeypatch.setattr(session, "set_state", refused)
    with pytest.raises(ProtocolError, match="refused as it was built"):
        send(session, {**UPLOAD, "text": FARM + FARM.split("\n", 1)[1]})   # twice the rows: twice the count
    assert play_registry.held.total() == held


def test_a_page_coming_back_past_the_budget_is_told_and_shown_other_data(play_registry):
    room_for_one_upload(play_registry)
    first = greeted(play_registry)
    scene = send(first, UPLOAD)[0]
    play_registry.close(first)             # the socket dropped; its upload is kept (upload_kept)
    taker = greeted(play_registry)
    send(taker, {**UPLOAD, "filename": "barn.csv"})   # meanwhile, another page's upload fills the budget
    again = play_registry.open()
    replies = send(again, {"type": "hello", "state": scene["state"], "upload": scene["upload"]["key"]})
    (said,) = [r for r in replies if r.get("kind") == "warning"]
    assert said["message"].startswith("The server holds too much uploaded data just now") and "farm.csv" in said["message"]
    assert said["suggestion"].startswith("upload it again later")
    assert replies[0]["state"]["dataset"]["name"] != "csv" and again.uploaded is None
    play_registry.close(taker)
    replies = send(again, {"type": "hello", "state": scene["state"], "upload": scene["upload"]["key"]})
    assert replies[0]["state"]["dataset"]["file"] == "farm.csv"


def test_the_count_of_an_upload_is_at_least_what_it_costs_its_session(play_registry):
    # the worst split: a test part of 90 % is kept as read too, beside the standardised copies
    session = greeted(play_registry, {"dataset": {"train_ratio": 0.1}})
    send(session, UPLOAD)
    arrays = [session.uploaded.dataset.X, session.uploaded.dataset.y,
              *(v for v in vars(session.data).values() if isinstance(v, np.ndarray))]
    assert sum(a.nbytes for a in arrays) <= held_bytes(session.uploaded, in_session=True)


def test_a_class_of_30_with_two_tabs_each_holding_an_ordinary_file_never_meets_the_budget():
    rng = np.random.default_rng(0)   # a few thousand rows of tens of columns, and a text column
    rows = rng.normal(size=(5_000, 50)).round(2)
    text = ",".join(f"x{j}" for j in range(50)) + ",town,y\n" + "".join(
        ",".join(map(str, row)) + f",t{i % 12},{i % 2}\n" for i, row in enumerate(rows))
    upload = parse_csv(text, "y", one_hot="auto")
    assert 30 * 2 * held_bytes(upload, in_session=True) <= HELD_BYTES


def test_uploads_are_read_two_at_once(monkeypatch):
    reading, most = [0], [0]
    lock = threading.Lock()
    real = play_upload.datasets.load_csv

    def slow(*args, **kwargs):
        with lock:
            reading[0] += 1
            most[0] = max(most[0], reading[0])
        time.sleep(0.2)
        with lock:
            reading[0] -= 1
        return real(*args, **kwargs)

    monkeypatch.setattr(play_upload.datasets, "load_csv", slow)
    threads = [threading.Thread(target=parse_csv, args=(FARM, "kind")) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 2
