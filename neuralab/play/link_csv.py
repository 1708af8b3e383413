"""Which CSV a page's ``hello`` opens on, and what the page is told when it is not the one its
state names.

A state of the dataset "csv" names its file (``dataset.file``: its name, never its rows), so
that a link, a reload or a socket dropped and opened again says which file it was made on. A
session made anew holds, in this order:

    the page's own upload, when its ``hello`` brings the upload's key and the server still keeps
    it (``upload_kept``: the sessions' own uploads, kept after they close);
    the server's CSV (``neuralab play --data``), which every session holds from its start;
    none.

A "csv" state also says how its file was read (``dataset.read_as``: the target column and the
options of the upload, Task, Separator, Decimal mark, Text columns, Missing cells and Leave out),
so that a link opened elsewhere comes back with the same columns and target: the file read
otherwise is other data under the same name (farm.csv with the target 'kind', not 'price').

The state opens on the CSV held when it names that file or none (a link of an older page), read
as the state says or not said (``opened_csv``);
otherwise the page is told, in one warning after the scene, which file it lacks and what to do:
the server's CSV is shown instead (a link made on another server's file, or on a file this page
uploaded and the server no longer keeps), or the default data where the server holds none. The
page never trains on another file under the name of the one its link named. The warning names
that file (``lost``) and how the state reads it (``read_as``): a page that still holds it (its
socket dropped, and the server restarted or let the upload go) sends it again by itself, read so,
instead of showing the words; another page's upload form takes those options for the file once it
is chosen (static/data.js), so that "Use this CSV" reads it as the link did.
"""
from .upload import CONTROL_NAMES, MENUS

# What to do, for a page whose state hides the parts ``hide``: a link that hides Data hides its
# menu too, which "Show everything" (the notice line under the header) shows again
UPLOAD_AGAIN = 'choose "Uploaded CSV" in the Data menu to upload {} again'
# ... and for a page that holds a copy of that name read otherwise, whose "Uploaded CSV" goes back
# to that copy: the upload form
READ_AGAIN = 'open "Your own data (CSV)" under Data and choose {} again'
# what the upload form does with the file chosen, when a link says how it was read (static/data.js)
READ_AS_LINK = ": the form reads it as the link does"


def named(state, uploaded):
    """``state`` whose "csv" dataset names the file of the CSV ``uploaded`` and how it was read
    (``Upload.read_as``), as the scene shows it."""
    if state["dataset"]["name"] != "csv" or uploaded is None:
        return state
    return {**state, "dataset": {**state["dataset"], "file": uploaded.file, "read_as": uploaded.read_as()}}


def opened_csv(dataset, held):
    """The CSV a hello of a "csv" state's ``dataset`` opens on: ``held`` (an ``upload.Upload``, or
    None) if it is the file the state names (None: it names none) read as the state reads it
    (``read_as``; None: not said, a link of an older page); else None, which ``csv_lost`` words."""
    file, read_as = dataset["file"], dataset.get("read_as")
    if held is None or file not in (None, held.file):
        return None
    return held if read_as is None or read_as == held.read_as() else None


def csv_lost(dataset, held, hide, forgot=False):
    """What the page is told when its state's ``dataset`` is not the CSV the session ``held`` (None:
    it holds none, and the default data is shown; else the CSV shown instead, the server's or the
    page's own upload read otherwise): (message, suggestion). ``forgot``: the page brought the key
    of its own upload, which the server no longer keeps (a restart, or the upload let go);
    otherwise the page never uploaded that file here, as a tab opened on a shared link: a link
    names its file, never its rows (the words blamed a restart or another server, to a learner
    who had opened their own link on the same server)."""
    file = dataset["file"]
    name = file or "the uploaded CSV"
    otherwise = held is not None and file == held.file   # (the same name, read otherwise: opened_csv)
    fix = (READ_AGAIN if otherwise else UPLOAD_AGAIN).format(file or "the file")
    # (a page come back to its own upload, which the server let go, is told nothing of a link)
    fix += (READ_AS_LINK if dataset.get("read_as") and (otherwise or not forgot) else "") + "."
    fix = f'Press "Show everything", then {fix}' if "data" in hide else fix[0].upper() + fix[1:]
    if otherwise:
        how = _read_otherwise(dataset["read_as"], held.read_as())
        return f"This link reads {file} with {how}: the copy the server holds for this page, read otherwise, is shown instead.", fix
    why = ("it restarted, or let this page's upload go" if forgot
           else "a link names the file it was made on, not its rows")
    if held is None:
        return f"The server holds no copy of {name} for this page ({why}): the default data is shown.", fix
    return f"The server holds no copy of {name} for this page ({why}): {held.file}, the CSV it serves, is shown instead.", fix


def _read_otherwise(wanted, held):
    """The options of ``wanted`` (a state's ``read_as``) that differ from ``held``'s, in the words
    of the upload form: "the target column 'price' (not 'kind'), 'drop the row' for Missing cells
    (not 'refuse')"."""
    def words(key, value):
        if key == "ignore":
            return ", ".join(map(repr, value)) or "none"
        if isinstance(value, list):   # (the server's --one-hot town)
            return f"'one 0/1 column per category' of {', '.join(value)}"
        shown = MENUS[key][2].get(value, value) if key in MENUS else value
        return "the file's own" if shown is None else repr(shown)
    return ", ".join(f"{CONTROL_NAMES[key]} {words(key, value)} (not {words(key, held[key])})"
                     for key, value in wanted.items() if value != held[key])


def lost_file(said, dataset, refused=None):
    """The warning ``said`` of ``csv_lost`` with the file of the state's ``dataset`` that the
    server holds no copy of (``lost``) and how the state reads it (``read_as``, when it says),
    which a page that still holds that file sends again (``upload_csv``, checked and counted as
    any upload) in place of showing the words; as it was when the state named no file, or when
    ``refused`` (the page's own upload, kept, for which the budget found no room: sent again, it
    would be refused alike)."""
    file, read_as = dataset["file"], dataset.get("read_as")
    if file is None or refused:
        return said
    return {**said, "lost": file, **({"read_as": read_as} if read_as is not None else {})}
