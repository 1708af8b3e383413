// The key of the CSV this page uploaded (the scene's upload.key), which the page's next hello
// brings back: a new session (the socket dropped, the page reloaded) then finds the upload the
// server kept (upload_kept.py), where it used to start on another file without a word. Kept in
// the tab's sessionStorage, which a reload keeps and a link does not carry: a link names its
// file only (state.dataset.file), never a way to its rows.
const KEY = 'neuralab-upload-key';
let held = storage(() => sessionStorage.getItem(KEY));

/** A scene came: the key of the upload its session holds (none for the server's own CSV, which
 *  every session holds; none when the server no longer keeps the page's). */
export function keepUploadKey(scene) {
  held = scene.upload?.key || null;
  storage(() => (held ? sessionStorage.setItem(KEY, held) : sessionStorage.removeItem(KEY)));
}

/** The hello of `state`, with the key of the page's upload when it has one. */
export function hello(state) {
  return held ? { type: 'hello', state, upload: held } : { type: 'hello', state };
}

/** What `fn` does with sessionStorage, or null where the browser refuses the page its storage
 *  (site data blocked, some sandboxed frames): the key then lives as long as the page. */
function storage(fn) {
  try { return fn(); } catch { return null; }
}
