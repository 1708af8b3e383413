"""The server holds the training thread's events while it answers a message, so that an event the
message caused follows its reply; the events that waited go right after that reply. Sent by the
sender alone, they waited for a moment with no message being answered, which a page sending
back to back (a slider dragged, a busy server) never gave: a divergence went unsaid meanwhile."""
import json
import time

from test_play_server import server  # noqa: F401  (the server on a real socket)
from websockets.sync.client import connect

from neuralab.play.session import Session


def test_an_event_waiting_behind_messages_sent_back_to_back_goes_after_the_first_reply(server, monkeypatch):  # noqa: F811
    address, _ = server
    handle = Session.handle
    queued = []

    def slow_handle(self, msg):
        if msg["type"] == "set_state" and not queued:   # the training thread queues an event now
            queued.append(True)
            self.events.append({"type": "error", "message": "held event", "suggestion": None, "kind": "warning"})
            self.on_event()
        time.sleep(0.02)   # each answer takes a while: the next messages wait in the socket
        return handle(self, msg)

    with connect(f"ws://{address}/ws", max_size=None) as ws:
        ws.send(json.dumps({"type": "hello"}))
        while json.loads(ws.recv(timeout=10))["type"] != "scene":
            pass
        monkeypatch.setattr(Session, "handle", slow_handle)
        n = 30
        for k in range(n):
            ws.send(json.dumps({"type": "set_state", "state": {"hparams": {"lr": 0.01 + k / 1000}}}))
        order = []
        deadline = time.monotonic() + 20
        while order.count("scene") < n and time.monotonic() < deadline:
            message = ws.recv(timeout=20)
            if isinstance(message, str):
                kind = json.loads(message)["type"]
                if kind in ("scene", "error"):
                    order.append(kind)
    # after the reply of the message being answered when it was queued, not after the last
    assert order.index("error") == 1, order
