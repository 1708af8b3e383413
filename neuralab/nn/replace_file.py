"""A file replaced whole: ``replacing``, the one way ``save`` writes a model file and
``CSVLogger`` rewrites its log under a wider header.

The new content goes to a temporary file beside the file, which then takes its place in one
step (``os.replace``): a reader meanwhile (a plotting script, a loader) sees the old file or the
new one, never half of one, and an error or an interrupt (Ctrl-C) on the way leaves the old
file as it was and no temporary file behind.
"""
import contextlib
import errno
import os
import pathlib
import re
import shutil
import stat
import uuid

# The folder of a process's open files, each a link to what it has open: /dev/stdout is a link
# to /proc/self/fd/1, and /dev/fd to /proc/self/fd
_OPEN_FILES = re.compile(r"^/proc/(self|\d+)/fd$")
# What os.stat's mode says a name is, when it is no regular file and no folder
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))

# The most of a file's name its temporary file's name repeats, in bytes (a name may have 255,
# and 100 leave room for the rest: a name near the limit is written, not refused for its twin's)
_NAME_BYTES = 100


@contextlib.contextmanager
def replacing(path, text=False):
    """Yield a new file, open for writing (binary, or UTF-8 text without newline translation,
    as ``csv`` writes, when ``text``), that takes the place of the file at ``path`` when the
    block ends without an error; on an error it is removed and the error goes on, an
    ``OSError`` naming ``path`` (not the hidden temporary file).

    - Through a link: the file the link points at is replaced (beside it, on its file system,
      where ``os.replace`` can move it), and the link stays a link. A loop of links is refused,
      as ``open`` refuses it.
    - An existing file's permissions and owner pass to its replacement, which is never readable
      by more people than the file, even while it is written; a new file gets the default
      ones, as ``open`` gives them.
    - A file you may not write (``chmod 444``, another user's) is refused, ``PermissionError``,
      as ``open(path, "w")`` refuses it: ``os.replace`` asks only for the folder's permission.
      Whoever ``open`` lets write it (root) may replace it (``os.access``).
    - The temporary name is ".<name>.<32 hex>.tmp", the name cut to 100 bytes.
    - What is no file (``not_a_file``: /dev/null, a named pipe, /dev/stdout) is refused, a
      ``ValueError``, before anything is written: the file would take its place.
    """
    if what := not_a_file(path):
        raise ValueError(f"{os.fspath(path)} is {what}, not a file: it is left as it is")
    target = pathlib.Path(os.path.realpath(path))
    try:
        if target.is_symlink():  # realpath stops inside a loop of links
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP))
        short = os.fsencode(target.name)[:_NAME_BYTES].decode("utf-8", "ignore")  # (a character cut in two goes)
        temporary = target.with_name(f".{short}.{uuid.uuid4().hex}.tmp")
        mode = stat.S_IMODE(os.stat(target).st_mode) if target.exists() else 0o666
        if target.exists() and not os.access(target, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as err:
        raise _naming(err, path) from None
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with (open(fd, "w", newline="", encoding="utf-8") if text else open(fd, "wb")) as f:
            yield f
        if target.exists():
            shutil.copymode(target, temporary)  # the bits the umask took from ``mode``
            with contextlib.suppress(OSError):  # (only root may give a file to another owner)
                owner = os.stat(target)
                os.chown(temporary, owner.st_uid, owner.st_gid)
        os.replace(temporary, target)
    except BaseException as err:
        temporary.unlink(missing_ok=True)
        if isinstance(err, OSError) and err.errno is not None:
            raise _naming(err, path) from None
        raise


def not_a_file(path):
    """What ``path`` names when it is neither a regular file nor a folder: "a character device"
    (/dev/null, a terminal), "a block device", "a named pipe (FIFO)", "a socket", or "a stream
    this process has open" (/dev/stdout, /dev/fd/1: a link into /proc/<pid>/fd, whatever the
    file it reaches, a terminal, a pipe, or the file a shell sent the output to). None for a regular
    file or a folder (or a link to one), and for a name that names nothing (or cannot be looked
    at): the error of opening it says that.

    A file replaced there would take the device's or the pipe's place (or land in /dev as
    "null.npz", where ".npz" is added), and a read would wait for a writer that never comes."""
    name = os.path.abspath(path)
    for _ in range(40):   # Linux follows at most 40 links
        if _OPEN_FILES.match(os.path.realpath(os.path.dirname(name))):
            return "a stream this process has open"
        if not os.path.islink(name):
            break
        name = os.path.join(os.path.dirname(name), os.readlink(name))
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return next((what for test, what in _KINDS if test(mode)), None)


def _naming(err, path):
    """``err`` (an OSError) again, of its class and errno, about ``path``."""
    return type(err)(err.errno, err.strerror, os.fspath(path))
