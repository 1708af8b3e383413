// The page's line of short notices, under the header: a word on why a press did nothing, shown
// for a few seconds and read out by a screen reader (role="status"), never a dialog to close.
const SHOWN_MS = 4000;
let timer = null;

/** Show `text` in the notice line for SHOWN_MS; a newer notice replaces it, and its own time. */
export function showNotice(text) {
  const line = document.getElementById('notice');
  line.textContent = text;
  clearTimeout(timer);
  timer = setTimeout(() => { line.textContent = ''; }, SHOWN_MS);
}
