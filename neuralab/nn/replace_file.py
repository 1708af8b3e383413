"""A file replaced whole: ``replacing``, the one way ``save`` writes a model file and
``CSVLogger`` rewrites its log under a wider header.

The new content goes to a temporary file beside the file, which then takes its place in one
step (``os.replace``): a reader meanwhile (a plotting script, a loader) sees the old file or the
new one, never half of one, and an error or an interrupt (Ctrl-C) on the way leaves the old
file as it was and no temporary file behind.
"""
import contextlib
import os
import pathlib
import shutil
import uuid


@contextlib.contextmanager
def replacing(path, text=False):
    """Yield a new file, open for writing (binary, or UTF-8 text without newline translation,
    as ``csv`` writes, when ``text``), that takes the place of the file at ``path`` when the
    block ends without an error; on an error it is removed and the error goes on.

    - Through a link: the file the link points at is replaced (beside it, on its file system,
      where ``os.replace`` can move it), and the link stays a link.
    - An existing file's permissions and owner pass to its replacement (the temporary file would
      otherwise have the default ones, or be its writer's alone); a new file gets the default
      ones, as ``open`` gives them.
    - The temporary name is ".<name>.<32 hex>.tmp", the name cut to 100 characters: a file name
      near the 255 a name may have is written, not refused for its twin's.
    """
    target = pathlib.Path(os.path.realpath(path))
    temporary = target.with_name(f".{target.name[:100]}.{uuid.uuid4().hex}.tmp")
    try:
        with (open(temporary, "x", newline="", encoding="utf-8") if text else open(temporary, "xb")) as f:
            yield f
        if target.exists():
            shutil.copymode(target, temporary)
            with contextlib.suppress(OSError):  # (only root may give a file to another owner)
                stat = os.stat(target)
                os.chown(temporary, stat.st_uid, stat.st_gid)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
