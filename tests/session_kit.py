"""Driving a playground ``Session`` as the socket does, for the tests of the server's side."""
import base64
import json
import time

import neuralab
from neuralab.play import protocol

# A small CSV a page uploads (60 rows: three number columns and a class of two)
FARM = "size,weight,age,kind\n" + "".join(f"{i % 7},{(i * 3) % 11},{i % 5},{'ab'[i % 2]}\n" for i in range(60))
UPLOAD = {"type": "upload_csv", "text": FARM, "target": "kind", "filename": "farm.csv"}


def send(session, message):
    """The replies of ``session`` to ``message`` (a dict), read as the socket reads its text."""
    return session.handle(protocol.parse(json.dumps(message)))


def downloaded_model(session, path):
    """The page's "⤓ Model" of ``session`` now, written to ``path`` and loaded back."""
    (reply,) = send(session, {"type": "download"})
    assert reply["type"] == "model", reply
    path.write_bytes(base64.b64decode(reply["data"]))
    return neuralab.load(path)


def until(condition, timeout=30):
    """Whether ``condition()`` came true within ``timeout`` s, asked every 10 ms: a wait for what
    the training thread does that lasts as long as the machine needs, however loaded (a fixed
    sleep, then a count, fails on a slow machine and proves nothing on a fast one)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def played_past(session, epochs=-1, steps=-1, timeout=30):
    """Play until ``session`` is past ``epochs`` epochs and ``steps`` steps, then pause; whether
    it got past them (within ``timeout`` s) and is paused and idle."""
    send(session, {"type": "control", "action": "play"})
    passed = until(lambda: session.epoch > epochs and session.step > steps, timeout)
    send(session, {"type": "control", "action": "pause"})
    return session.wait_idle() and passed


def greeted(registry, state=None):
    """A session of ``registry`` opened as a page opens one, and greeted with ``state``."""
    session = registry.open()
    send(session, {"type": "hello", "state": state or {}})
    return session


def room_for_one_upload(registry):
    """Leave ``registry``'s upload budget room for one upload of FARM in a session, not two."""
    from neuralab.play.upload import parse_csv
    from neuralab.play.upload_kept import held_bytes
    registry.held.limit = held_bytes(parse_csv(FARM, "kind"), in_session=True) * 3 // 2
