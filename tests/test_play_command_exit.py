"""How ``neuralab play`` ends: Ctrl-C is the way to stop the server, so it says "stopped" and exits
with 0, as ``python -m http.server`` and Jupyter do; SIGTERM and SIGHUP (``kill``, a service
manager, the terminal closed) stop it the same way. It printed "neuralab: interrupted" and exited
with 130 or 143, against its own docstring, and a SIGHUP tore through the event loop with a
traceback."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest
from websockets.sync.client import connect


def _as_a_terminal_starts_it():
    """In the child: the stop signals' default actions, as a shell in a terminal starts a command.
    A suite run under nohup, or in the background of a shell without job control, passes them on
    ignored, and the command keeps an ignored signal ignored, as it means to (a nohup'd server)."""
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def exit_serving_play(signum):
    """Start ``neuralab play --no-browser``, open a session that trains (so that the signal stops
    a busy server), send ``signum``; (exit status, stdout, stderr)."""
    stderr = tempfile.TemporaryFile("w+")   # (a pipe nobody reads may fill and stall the server)
    proc = subprocess.Popen([sys.executable, "-m", "neuralab", "play", "--no-browser"],
                            stdout=subprocess.PIPE, stderr=stderr, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            preexec_fn=_as_a_terminal_starts_it if os.name == "posix" else None)
    try:
        first = proc.stdout.readline()
        address = first.split("http://")[1].split("/")[0]
        deadline = time.monotonic() + 30
        while True:
            try:
                ws = connect(f"ws://{address}/ws")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer within 30 s"
                time.sleep(0.05)
        with ws:
            ws.send(json.dumps({"type": "hello", "state": {}}))
            ws.send(json.dumps({"type": "control", "action": "play"}))
            while not isinstance(ws.recv(timeout=30), bytes):   # up to its first frame: it trains
                pass
            proc.send_signal(signum)
            rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
        stderr.seek(0)
        err = stderr.read()
        stderr.close()
    return proc.returncode, first + rest, err


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_play_stopped_by_a_signal_says_stopped_and_exits_with_0(name):
    status, out, err = exit_serving_play(getattr(signal, name))
    assert out.endswith("(Ctrl-C stops)\nneuralab play: stopped\n"), out
    assert (status, err) == (0, "")
