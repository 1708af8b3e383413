// The page's line of short notices, under the header: a word on why a press did nothing, shown
// for a few seconds and read out by a screen reader (role="status"), never a dialog to close.
// And the room the error banner takes at the window's top (it sticks there, style.css).
const SHOWN_MS = 4000;
let timer = null;

/** Show `text` in the notice line for SHOWN_MS; a newer notice replaces it, and its own time. */
export function showNotice(text) {
  const line = document.getElementById('notice');
  line.textContent = text;
  clearTimeout(timer);
  timer = setTimeout(() => { line.textContent = ''; }, SHOWN_MS);
}

/** Keep what the error banner would cover out from under it. The banner sticks at the window's
 *  top; its height, as --error-banner-room, puts the notice line under it and keeps the page's
 *  scrolling (a Tab, the Neuron panel brought into view) below it (html's scroll-padding-top).
 *  When it appears, the box being edited (a refused value typed far down a phone's page) moves
 *  out from under it, if it was there. */
function keepClearOfErrorBanner() {
  const banner = document.getElementById('error');
  let room = 0;
  new ResizeObserver(() => {
    const height = banner.hidden ? 0 : Math.ceil(banner.getBoundingClientRect().height);
    if (height === room) return;
    const grew = height > room;
    room = height;
    document.documentElement.style.setProperty('--error-banner-room', `${room}px`);
    const field = document.activeElement;
    if (grew && field && field !== document.body && !banner.contains(field)) field.scrollIntoView({ block: 'nearest' });
  }).observe(banner);
}

keepClearOfErrorBanner();   // (once, as this module loads: the page has its banner by then)
