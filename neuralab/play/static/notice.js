// The page's line of short notices, under the header: a word on why a press did nothing, or on
// what a press did with one button to take it back (× on a block: Undo), shown for a few seconds
// and read out by a screen reader (role="status"), never a dialog to close.
// And the room the error banner takes at the window's top (it sticks there, style.css).
import { el } from './colors.js';

// A notice is shown for as long as it takes to read, as a toast library does: its characters at
// a slow reading pace (15 a second; an adult reads 15 to 20 on a screen, and a learner reads while
// watching the network), SHOWN_MS at least, for a short one to be seen at all, and LONGEST_MS at
// most: the time of the longest the page shows, the two sentences addNotice joins on a drawing
// reloaded with Early stop on, 300 characters, which 4 s for every notice took down half read.
const SHOWN_MS = 4000, LONGEST_MS = 20000;
const CHARACTERS_A_SECOND = 15;
// a notice with a button stays longer, for a finger or the keyboard to reach it, and stays while
// the focus is on its button (taken down under the focus, it left the focus to the page's top)
const ACTION_MS = 10000;
let timer = null;
let shown = 0;           // the notice in the line: each showNotice's own number
let said = null;         // its text while it is shown, if it has no button (addNotice goes after it)

/** How long a notice of `text` is shown (ms): the time to read it, between SHOWN_MS (ACTION_MS
 *  for one `withButton`) and LONGEST_MS. */
function noticeTime(text, withButton) {
  const reading = (1000 * text.length) / CHARACTERS_A_SECOND;
  return Math.min(Math.max(reading, withButton ? ACTION_MS : SHOWN_MS), LONGEST_MS);
}

/** Show `text` in the notice line for the time to read it (noticeTime); a newer notice replaces
 *  it, and its own time.
 *  `action` ({label, title, testid, run}) adds one button: a press calls `run()` and takes the
 *  notice down. Returns {button, withdraw}: the button made (null without `action`), for the
 *  caller to focus, and `withdraw()`, which takes this notice down if it is still shown (its
 *  button's offer no longer holds) and says whether its button had the focus. */
export function showNotice(text, action = null) {
  const line = document.getElementById('notice');
  const id = ++shown;
  const clear = () => {
    if (id !== shown) return false;
    const focused = line.contains(document.activeElement);
    clearTimeout(timer);
    line.onfocusout = null;
    line.replaceChildren();
    said = null;
    return focused;
  };
  let button = null;
  if (action) {
    button = el('button', { class: 'tiny', testid: action.testid, title: action.title, text: action.label,
      onclick: () => { clear(); action.run(); } });
  }
  line.replaceChildren(text, ...(button ? [' ', button] : []));
  said = button ? null : text;
  clearTimeout(timer);
  let due = false;
  line.onfocusout = (e) => { if (due && !line.contains(e.relatedTarget)) clear(); };
  timer = setTimeout(() => { due = true; if (!line.contains(document.activeElement)) clear(); },
    noticeTime(text, button !== null));
  return { button, withdraw: clear };
}

/** Show `text` after the notice in the line, if one without a button is still shown, as one
 *  notice with its own time; else as showNotice does. For the words of a scene that may come at
 *  the moment another notice does: a page reloaded on a drawing with Early stop on said that
 *  training started over (connection.js) and, 40 ms later, that Early stop would not stop it,
 *  which replaced the first before anyone could read it. */
export function addNotice(text) {
  return showNotice(said ? `${said} ${text}` : text);
}

/** Keep what the error banner would cover out from under it. The banner sticks at the window's
 *  top; its height, as --error-banner-room, puts the notice line under it and keeps the page's
 *  scrolling (a Tab, the Neuron panel brought into view) below it (html's scroll-padding-top).
 *  On the whole screen the room is that of the page's messages, the banner and the connection's
 *  line at the screen's top together (enlarge.js), which moves the enlarged panel down by it.
 *  When it appears or grows, the box being edited (a refused value typed far down a phone's page)
 *  moves out from under it if it is there, and the page moves for nothing else: the focused
 *  control brought into view from wherever it was took a learner watching the Gradients back up
 *  to ▶ when training diverged, and a narrowed window (the banner's words on two lines) down to
 *  the link just clicked, left above the screen once the window was wide again. */
function keepClearOfErrorBanner() {
  const banner = document.getElementById('error'), messages = banner.parentElement;
  let room = 0;
  const watch = new ResizeObserver(() => {
    const top = document.fullscreenElement?.contains(messages) ? messages : banner;
    const height = Math.ceil(top.getBoundingClientRect().height);   // (hidden: 0)
    if (height === room) return;
    const grew = height > room;
    room = height;
    document.documentElement.style.setProperty('--error-banner-room', `${room}px`);
    const field = document.activeElement;
    if (grew && field && field !== document.body && !top.contains(field) && liesUnder(field, top)) {
      field.scrollIntoView({ block: 'nearest' });
    }
  });
  // (their box has a size only on the whole screen: on the page it is no box, display: contents)
  watch.observe(banner);
  watch.observe(messages);
}

/** Whether some of `node` lies in the band of the window that `banner` takes (the banner stuck at
 *  the window's top covers it; in the page's flow, at the top, it covers nothing). */
function liesUnder(node, banner) {
  const n = node.getBoundingClientRect(), b = banner.getBoundingClientRect();
  return n.bottom > b.top && n.top < b.bottom;
}

keepClearOfErrorBanner();   // (once, as this module loads: the page has its banner by then)
