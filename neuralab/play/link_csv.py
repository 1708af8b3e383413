"""Which CSV a page's ``hello`` opens on, and what the page is told when it is not the one its
state names.

A state of the dataset "csv" names its file (``dataset.file``: its name, never its rows), so
that a link, a reload or a socket dropped and opened again says which file it was made on. A
session made anew holds, in this order:

    the page's own upload, when its ``hello`` brings the upload's key and the server still keeps
    it (``upload_kept``: the sessions' own uploads, kept after they close);
    the server's CSV (``neuralab play --data``), which every session holds from its start;
    none.

The state opens on the CSV held when it names that file or none (a link of an older page);
otherwise the page is told, in one warning after the scene, which file it lacks and what to do:
the server's CSV is shown instead (a link made on another server's file, or on a file this page
uploaded and the server no longer keeps), or the default data where the server holds none. The
page never trains on another file under the name of the one its link named. The warning names
that file (``lost``): a page that still holds it (its socket dropped, and the server restarted or
let the upload go) sends it again by itself instead of showing the words (static/data.js).
"""

# What to do, for a page whose state hides the parts ``hide``: a link that hides Data hides its
# menu too, which "Show everything" (the notice line under the header) shows again
UPLOAD_AGAIN = 'choose "Uploaded CSV" in the Data menu to upload {} again.'


def opened_csv(file, held):
    """The CSV a hello of a "csv" state naming ``file`` (None: a state that names none) opens on:
    ``held`` (an ``upload.Upload``, or None) if it is that file; else None, which ``csv_lost``
    words."""
    return held if held is not None and (file is None or file == held.file) else None


def csv_lost(file, held, hide, forgot=False):
    """What the page is told when its state's ``file`` is not the CSV the session ``held`` (None:
    it holds none, and the default data is shown; else the CSV shown instead, the server's):
    (message, suggestion). ``forgot``: the page brought the key of its own upload, which the
    server no longer keeps (a restart, or the upload let go); otherwise the page never uploaded
    that file here, as a tab opened on a shared link: a link names its file, never its rows (the
    words blamed a restart or another server, to a learner who had opened their own link on the
    same server)."""
    name = file or "the uploaded CSV"
    fix = UPLOAD_AGAIN.format(file or "the file")
    fix = f'Press "Show everything", then {fix}' if "data" in hide else fix[0].upper() + fix[1:]
    why = ("it restarted, or let this page's upload go" if forgot
           else "a link names the file it was made on, not its rows")
    if held is None:
        return f"The server holds no copy of {name} for this page ({why}): the default data is shown.", fix
    return f"The server holds no copy of {name} for this page ({why}): {held.file}, the CSV it serves, is shown instead.", fix


def lost_file(said, file, refused=None):
    """The warning ``said`` of ``csv_lost`` with the ``file`` the server holds no copy of
    (``lost``), which a page that still holds that file sends again (``upload_csv``, checked and
    counted as any upload) in place of showing the words; as it was when the state named no file,
    or when ``refused`` (the page's own upload, kept, for which the budget found no room: sent
    again, it would be refused alike)."""
    return said if file is None or refused else {**said, "lost": file}
