"""The command's output piped to a reader that stops reading early.

``neuralab train | head -3``, or ``| grep -m1 test``: the reader exits after the lines it
wants, and the run's next print raised BrokenPipeError. The run ended with "neuralab: error:
[Errno 32] Broken pipe" and, the error unwinding the run, without its model and figures.
``reader_may_leave`` lets the run go on: once a stream's reader has gone, what is written to it
goes to os.devnull (the recipe of Python's signal module documentation, "Note on SIGPIPE"), so
neither a later print nor the interpreter's last flush fails.

A terminal that closes (SIGHUP, which stops training as Ctrl-C does: ``signals.py``) is a reader
gone too: writing to it fails with EIO, which would lose the model the run goes on to write.
"""
import contextlib
import errno
import os
import sys


class _UnreadStream:
    """Wraps a text stream: a write or flush that finds its reader gone sends it, and all that
    follows, to os.devnull instead of raising."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            return self._stream.write(text)
        except OSError as err:
            self._to_devnull(err)
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except OSError as err:
            self._to_devnull(err)

    def _to_devnull(self, err):
        """Sends the stream to os.devnull if ``err`` says its reader has gone (a pipe's reader
        exited, EPIPE; a terminal closed, EIO); raises ``err`` otherwise."""
        if err.errno not in (errno.EPIPE, errno.EIO):
            raise err
        # the stream's descriptor now points at devnull: its buffered text is flushed there
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)

    def __getattr__(self, name):  # encoding, isatty, fileno, ...: the stream's own
        return getattr(self._stream, name)


@contextlib.contextmanager
def reader_may_leave():
    """Within the block, sys.stdout and sys.stderr outlive a reader that stops reading (streams
    without a descriptor, as a test's captured ones, are left as they are)."""
    streams = {"stdout": sys.stdout, "stderr": sys.stderr}
    for name, stream in streams.items():
        with contextlib.suppress(AttributeError, OSError, ValueError):  # no descriptor to point elsewhere
            stream.fileno()
            setattr(sys, name, _UnreadStream(stream))
    try:
        yield
    finally:
        for name, stream in streams.items():
            setattr(sys, name, stream)
