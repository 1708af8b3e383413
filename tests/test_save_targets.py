"""save and load given a name of what is no model file: a folder, a named pipe, /dev/null,
/dev/stdout. Each is refused in one line that names the path and what to give instead, and
nothing is replaced or left behind (``nn.replace_file.not_a_file``)."""
import os
import stat

import numpy as np
import pytest

import neuralab
from neuralab import nn
from neuralab.nn.replace_file import replacing

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
needs_dev = pytest.mark.skipif(not os.path.exists("/dev/null") or not os.path.isdir("/proc/self/fd"),
                               reason="/dev/null and /proc/self/fd are Linux's")


def _st_model():
    return nn.MLP([2, 3, 1], rng=np.random.default_rng(0))


def _st_refused(call, *words):
    with pytest.raises((ValueError, OSError)) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message and all(word in message for word in words), message
    return message


@needs_fifo
@pytest.mark.parametrize("name", ["pipe.npz", "pipe"])
def test_save_to_a_named_pipe_is_refused_and_leaves_it_and_the_folder_as_they_were(tmp_path, name):
    # save wrote beside the pipe and os.replace'd it: pipe.npz became a regular file ("pipe": the
    # model went to pipe.npz, not to the pipe the reader listened on)
    fifo = tmp_path / name
    os.mkfifo(fifo)
    _st_refused(lambda: _st_model().save(fifo), f"cannot save to {fifo}: it is a named pipe",
                "such as model.npz")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.listdir(tmp_path) == [name]


def test_save_to_a_folder_is_refused_and_writes_nothing(tmp_path):
    (tmp_path / "runs").mkdir()
    _st_refused(lambda: _st_model().save(tmp_path / "runs"), "is a folder", str(tmp_path / "runs" / "model.npz"))
    assert os.listdir(tmp_path) == ["runs"] and os.listdir(tmp_path / "runs") == []


@needs_dev
@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout"])
def test_save_to_dev_null_or_stdout_is_refused_and_writes_nothing_in_dev(device):
    # save("/dev/null") wrote /dev/null.npz (as root, or said only "Permission denied"); under
    # pytest /dev/stdout is a link to the capture's regular file, which only /proc/self/fd tells
    existed = os.path.exists(device + ".npz")
    before = set(os.listdir("/dev"))
    try:
        _st_refused(lambda: _st_model().save(device), f"cannot save to {device}: it is a",
                    "not a file", "such as model.npz")
        assert set(os.listdir("/dev")) == before
    finally:
        if not existed and os.path.isfile(device + ".npz"):   # what the refused save would have left
            os.remove(device + ".npz")


@needs_dev
@pytest.mark.parametrize("device, kind", [("/dev/null", "a character device"),
                                          ("/dev/stdin", "a stream this process has open")])
def test_load_of_dev_null_or_stdin_says_what_it_is(device, kind):
    # load("/dev/null") said "not an .npz archive (it does not start like a zip file)"
    _st_refused(lambda: neuralab.load(device), f"cannot load {device}: it is {kind}, not a model file",
                "model.save")


@needs_fifo
def test_load_of_a_named_pipe_is_refused_rather_than_read(tmp_path):
    # load opened the pipe and waited for a writer; this test keeps one open, with bytes in the
    # pipe, so that a load that reads it ends (with another error) instead of waiting forever
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    try:
        os.write(writer, b"PK\x03\x04 not a model")
        _st_refused(lambda: neuralab.load(fifo), f"cannot load {fifo}: it is a named pipe")
    finally:
        os.close(writer)


@needs_fifo
def test_replacing_refuses_what_is_no_file_before_writing_anything(tmp_path):
    # the one way save and CSVLogger's rewrite replace a file: a pipe would become a regular file
    fifo = tmp_path / "log.csv"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match=r"log\.csv is a named pipe \(FIFO\), not a file: it is left as it is"):
        with replacing(fifo, text=True) as f:
            f.write("epoch,loss\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.listdir(tmp_path) == ["log.csv"]
