"""Driving a playground ``Session`` as the socket does, for the tests of the server's side."""
import json
import time

from neuralab.play import protocol


def send(session, message):
    """The replies of ``session`` to ``message`` (a dict), read as the socket reads its text."""
    return session.handle(protocol.parse(json.dumps(message)))


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
