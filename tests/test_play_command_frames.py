"""The frame of a click comes at once beside a class training: the pages of sessions that train
share ``FRAMES_IN_ALL`` frames a second (a frame every 0.24 s with 24 of them), and the frame that
showed a Pause, a step or an edit waited out that interval too. A frame the page's own command
caused goes as soon as the session shows what the command did (``socket_tasks._Schedule``);
frames caused by training alone keep the class's pace.

On a real server with a class training, its pages sharing a frame a minute (``IN_ALL``), so that
the frames are told apart by order and count, never by a wall time that a loaded machine stretches."""
import contextlib
import json
import math
import threading
import time

import pytest
import test_play_server
from play_decoder import decode
from session_kit import send, until
from test_play_class import SMALL, _playing
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from neuralab.play import socket_tasks
from neuralab.play.socket_tasks import FRAMES_PER_SECOND, _Schedule
from neuralab.play.training_turns import TURNS

server = test_play_server.server   # the fixture: an in-process server of this module's own
CLASS = 4                          # sessions training, this page's included
IN_ALL = 1 / 60                    # FRAMES_IN_ALL: a page's frames of training a minute or more apart
READY = json.dumps({"type": "ready"})


class _Page:
    """A page on the socket ``ws``: it draws each frame at once (a "ready" for each), and keeps
    what it got in order in ``got``: JSON messages, and the frames as (header, arrays)."""

    def __init__(self, ws):
        self.ws, self.got = ws, []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        with contextlib.suppress(ConnectionClosed):
            for message in self.ws:
                if isinstance(message, bytes):
                    self.ws.send(READY)
                    self.got.append(decode(message))
                else:
                    self.got.append(json.loads(message))

    def frames(self, since=0):
        return [m for m in self.got[since:] if isinstance(m, tuple)]

    def answer(self, message, reply):
        """Send ``message``; the index in ``got`` of its ``reply`` (the first of that type since)."""
        since = len(self.got)
        self.ws.send(json.dumps(message))

        def replied():
            return next((i for i, m in enumerate(self.got) if i >= since and isinstance(m, dict)
                         and m["type"] == reply), None)
        assert until(lambda: replied() is not None, 60)
        return replied()


def _shown(page, message, reply, session, shows):
    """Whether, after ``message`` is answered (``reply``) and the session is at rest, a frame that
    ``shows`` it comes within 20 s (the class's frame interval is a minute or more: at once, or not)."""
    answered = page.answer(message, reply)
    assert session.wait_idle(60)
    return until(lambda: any(shows(*frame) for frame in page.frames(answered)), timeout=20)


def test_a_click_s_frame_goes_at_once_while_training_s_own_keep_the_class_pace(server, monkeypatch):
    address, app = server
    monkeypatch.setattr(socket_tasks, "FRAMES_IN_ALL", IN_ALL)
    registry = app.state.registry
    with contextlib.ExitStack() as sockets:
        for _ in range(CLASS - 1):
            _playing(address, sockets)
        with registry._lock:
            others = set(registry._sessions)
        ws = sockets.enter_context(connect(f"ws://{address}/ws", max_size=None, open_timeout=60))
        page = _Page(ws)
        page.answer({"type": "hello", "state": SMALL}, "scene")
        with registry._lock:
            (session,) = set(registry._sessions) - others
        played = page.answer({"type": "control", "action": "play"}, "status")
        assert until(lambda: session.step > 0, timeout=60)
        # training alone: the frames the page was owed since its scene's (one to three), then one
        # a minute or more (a page alone would have had hundreds). (The sender looks for
        # training's changes each interval, or when woken: the page has credit already, and this
        # ready wakes it.)
        ws.send(READY)
        assert until(lambda: page.frames(played), timeout=20)
        time.sleep(2)
        assert len(page.frames(played)) <= 3, "a training page's frames did not keep the class's pace"

        def at_rest(header, arrays):   # (the frame of where the session stopped: its steps all taken)
            return header["step"] == session.step

        assert _shown(page, {"type": "control", "action": "pause"}, "status", session, at_rest), \
            "a Pause's frame waited for the class's pace"
        step = session.step
        assert _shown(page, {"type": "control", "action": "step_batch"}, "status", session, at_rest)
        assert session.step == step + 1
        edit = {"type": "set_weight", "layer": 0, "to": 0, "from": 0, "value": 0.5}
        assert _shown(page, edit, "scene", session, lambda header, arrays: arrays["W/0"][0, 0] == 0.5)


def test_a_session_resting_between_epochs_at_its_speed_counts_among_those_training(play_session, monkeypatch):
    # at the default 10 epochs a second, a small data set's epoch takes milliseconds and its
    # session rests, holding no turn, the rest of the time: counted as nobody training, a class of
    # 24 got a page alone's frames each, 240 a second in all where they share 100 (and the test
    # above failed on a loaded machine, whose sender looked while the sessions rested)
    monkeypatch.setattr(socket_tasks, "FRAMES_IN_ALL", IN_ALL)
    send(play_session, {"type": "hello", "state": {**SMALL, "speed": 1}})
    send(play_session, {"type": "control", "action": "play"})
    assert until(lambda: TURNS.turn(play_session) == "resting", timeout=60)
    assert socket_tasks._frame_interval() >= 1 / IN_ALL, "a session resting at its speed counted as idle"
    send(play_session, {"type": "control", "action": "pause"})
    assert until(lambda: TURNS.turn(play_session) is None, timeout=60), "a paused session counted as training"


def _sent(events, interval, end):
    """The times a page's frames go under ``_Schedule`` on a fake clock, for a page always ready and
    frames built at once: ``events`` are (time, "change") for training's changes and (time,
    "command") for the page's commands, each shown at once (a set_weight while paused)."""
    schedule, sent, changed, commanded, now = _Schedule(), [], False, False, 0.0
    events = sorted(events)
    while True:
        while events and events[0][0] <= now:
            changed, commanded = True, events.pop(0)[1] == "command" or commanded
        at = schedule.when(commanded) if changed else math.inf
        if at <= now:
            schedule.sent(now, interval)
            sent.append(now)
            changed = commanded = False
            continue
        now = min(at, events[0][0] if events else math.inf)
        if now > end:
            return sent


CLASS_INTERVAL = 24 / socket_tasks.FRAMES_IN_ALL   # s: 24 pages training (0.24 s)
TRAINING = [(k / 1000, "change") for k in range(10_000)]   # a change every millisecond for 10 s


def test_training_s_frames_keep_the_class_pace():
    sent = _sent(TRAINING, CLASS_INTERVAL, 10)
    assert len(sent) <= 10 / CLASS_INTERVAL + 1
    assert all(b - a >= CLASS_INTERVAL - 1e-9 for a, b in zip(sent, sent[1:]))


def test_a_command_s_frame_goes_at_once_and_training_s_next_an_interval_after_it():
    sent = _sent(TRAINING + [(5.1, "command")], CLASS_INTERVAL, 10)
    assert 5.1 in sent, "the command's frame waited for the class's pace"
    after = sent[sent.index(5.1) + 1]
    assert after == pytest.approx(5.1 + CLASS_INTERVAL)   # training's pace again, from the command's frame
    assert len(sent) <= len(_sent(TRAINING, CLASS_INTERVAL, 10)) + 1


def test_a_page_sending_commands_in_a_loop_gets_no_more_than_a_page_alone():
    loop = [(2 + k / 1000, "command") for k in range(2_000)]   # a command every millisecond for 2 s
    sent = _sent(TRAINING + loop, CLASS_INTERVAL, 10)
    during = [t for t in sent if 2 <= t < 4]
    assert len(during) <= 2 * FRAMES_PER_SECOND + 1
    assert all(b - a >= 1 / FRAMES_PER_SECOND - 1e-9 for a, b in zip(during, during[1:]))
    # the loop over, training's frames keep the class's pace again, from an interval after the last
    later = [t for t in sent if t >= during[-1]]
    assert later[1] - later[0] <= CLASS_INTERVAL + 1e-9
    assert all(b - a >= CLASS_INTERVAL - 1e-9 for a, b in zip(later[1:], later[2:]))


def test_a_page_alone_gets_a_command_s_frame_as_soon_as_one_of_training_s():
    # (a page alone has frames at FRAMES_PER_SECOND; training slower than that, each frame goes
    # as its change comes, and one of a command may not wait longer)
    alone, slow = 1 / FRAMES_PER_SECOND, [(k / 50, "change") for k in range(500)]
    sent = {kind: _sent(slow + [(1.005 + k / 7, kind) for k in range(20)], alone, 10) for kind in ("change", "command")}
    assert sent["command"] == sent["change"]
