// The key of the CSV this page uploaded (the scene's upload.key), which the page's next hello
// brings back: a new session (the socket dropped, the page reloaded) then finds the upload the
// server kept (upload_kept.py), where it used to start on another file without a word. Kept in
// the tab's sessionStorage, which a reload keeps and a link does not carry: a link names its
// file only (state.dataset.file), never a way to its rows.
//
// A page whose socket dropped and opened again still holds the file it uploaded (its upload form
// lists the file's columns), which a reloaded page does not: the hello says so (has_file), and
// the server then words the file's warnings as after the upload ("tick 'id' under Leave out and
// press "Use this CSV" again"), not as to a page reloaded ("choose farm.csv again, ...").
// It keeps the upload_csv message of that upload too, to send it again as it was taken when the
// server had lost it (a restart, or the upload let go: data.js), whatever the form holds since.
// The scene that answers a hello asking for that upload, when the server lost it, is of other
// data (the default, or the server's CSV): app.js holds it back (`lostUpload`), and the page keeps
// showing the file's scene until the upload sent again brings its own (the default data's points
// and maps flashed up in between).
const KEY = 'neuralab-upload-key';
let held = storage(() => sessionStorage.getItem(KEY));
let read = null;   // the key of the upload whose file this page read and sent (upload_csv)
let sent = null, taken = null;   // the upload_csv last sent; the one whose scene came (read's)
let asked = null;   // the file of this page's own upload that its last hello asked for, holding it

/** The upload_csv `message` goes to the server: its scene, if it comes, names a new key. */
export function sendingUpload(message) {
  sent = message;
}

/** A scene came: the key of the upload its session holds (none for the server's own CSV, which
 *  every session holds; none when the server no longer keeps the page's). A key the page did not
 *  hold is a new upload's, of the file this page sent: a hello finds only the key it brings. */
export function keepUploadKey(scene) {
  const key = scene.upload?.key || null;
  if (key && key !== held) { read = key; taken = sent; }
  held = key;
  storage(() => (held ? sessionStorage.setItem(KEY, held) : sessionStorage.removeItem(KEY)));
}

/** The hello of `state`, with the key of the page's upload when it has one, and whether the page
 *  holds that upload's file. */
export function hello(state) {
  const d = state.dataset || {};
  asked = held && held === read && d.name === 'csv' && takenUpload(d.file) ? d.file : null;
  if (!held) return { type: 'hello', state };
  const message = { type: 'hello', state, upload: held };
  return held === read ? { ...message, has_file: true } : message;
}

/** Whether `scene`, the first of a new session, answers a hello that asked for this page's own
 *  upload, which it holds, with other data: the server lost the upload, and says so in the
 *  warning after the scene (its `lost`), on which data.js sends the file again. */
export function lostUpload(scene) {
  const file = asked;
  asked = null;
  const found = scene.upload?.key && scene.state.dataset.name === 'csv' && scene.state.dataset.file === file;
  return file !== null && !found;
}

/** The upload_csv message of this page's last upload taken, if it read the file `file` (the
 *  name a warning says the server holds no copy of); null: the page holds no such file. */
export function takenUpload(file) {
  return taken && taken.filename === file ? taken : null;
}

/** What `fn` does with sessionStorage, or null where the browser refuses the page its storage
 *  (site data blocked, some sandboxed frames): the key then lives as long as the page. */
function storage(fn) {
  try { return fn(); } catch { return null; }
}
