// A panel on the whole screen, for a projector: its "Enlarge" button puts it in full screen
// (the browser's Fullscreen API), and the button again ("Back to the page") or Esc brings it
// back. The panel's canvases need no word from here: each watches its own size (a
// ResizeObserver) and draws again at it, holding `backingPixels` of it (the network grows its
// columns to the screen as it lays them out: network.js); the larger words and the layout on the
// whole screen are enlarge.css's, under :fullscreen.
import { el } from './colors.js';
import { showNotice } from './notice.js';

// Pixels of a canvas's side at most: a map on a 4K projector at a pixel ratio of 2 would hold
// 4320² pixels (75 MB) to paint at every frame, for no detail a projector shows.
export const MAX_CANVAS_PX = 2560;

/** The pixels a canvas holds along a side `css` CSS pixels long: css × devicePixelRatio (as many
 *  as the screen shows there, so the picture is sharp), at most MAX_CANVAS_PX. */
export function backingPixels(css) {
  return Math.min(Math.round(css * (window.devicePixelRatio || 1)), MAX_CANVAS_PX);
}

/** An "Enlarge" button that shows `panel` (an element holding the button) on the whole screen;
 *  `what` names the panel for a screen reader ("the output map": "Enlarge the output map").
 *  Hidden where the browser lets no element fill the screen (document.fullscreenEnabled false:
 *  an older browser, or a page in a frame without allow="fullscreen"). Leaving full screen, by
 *  the button, Esc or the browser's own ways, gives the keyboard's focus back to the button. */
export function enlargeButton(panel, what) {
  // its words: "Enlarge", and for a screen reader, which of the page's Enlarge buttons it is
  const words = el('span'), whose = el('span', { class: 'visually-hidden' });
  const button = el('button', { type: 'button', class: 'tiny enlarge', testid: 'enlarge',
    hidden: !document.fullscreenEnabled }, words, whose);
  let enlarged = false;
  const show = () => {
    words.textContent = enlarged ? 'Back to the page' : 'Enlarge';
    whose.textContent = enlarged ? '' : ` ${what}`;
    button.title = enlarged ? 'back to the page (Esc)' : `show ${what} on the whole screen, for a projector (Esc comes back)`;
  };
  show();
  button.addEventListener('click', (e) => {
    if (enlarged) { document.exitFullscreen(); return; }
    // pressed with the mouse (a click of a pointer: detail > 0), the button lets the focus go, so
    // that Space plays and pauses as everywhere on the page (controls.js): kept on the button, the
    // teacher's first Space pressed it, and the panel left the screen. From the keyboard it stays.
    panel.requestFullscreen()
      .then(() => { if (e.detail > 0) button.blur(); })
      .catch(() => showNotice('The browser did not let the page fill the screen: use its own full-screen key (F11) instead.'));
  });
  document.addEventListener('fullscreenchange', () => {
    const now = document.fullscreenElement === panel;
    if (now === enlarged) return;
    enlarged = now;
    show();
    if (!enlarged) button.focus();
  });
  // a panel hidden while it fills the screen (a classroom link's `hide`, classroom.js) left the
  // screen blank until Esc: it leaves full screen (its size falls to nothing) instead
  new ResizeObserver(() => {
    if (document.fullscreenElement === panel && !panel.checkVisibility()) document.exitFullscreen();
  }).observe(panel);
  // Esc: a browser on a screen leaves full screen by itself; headless Chromium (the tests) hands
  // the key to the page instead. An Esc another part of the panel took (defaultPrevented: the
  // weight editor, the neuron panel beside the network) is its own: heard on the window, after
  // every listener of the document, whichever was added first.
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && enlarged && !e.defaultPrevented) document.exitFullscreen();
  });
  return button;
}

/** A panel of the page (`panel`, itself: no second one) beside the network on the whole screen,
 *  where only the enlarged panel shows: `open()` moves it into the network's panel, in its place
 *  left a mark (enlarge.css lays it out there, larger; the network fits itself to the room left:
 *  network.js's fitToScreen), and `back()` puts it back at the mark. Back, the keyboard's focus,
 *  if it was in it, goes to `refocus(enlarged panel)` (an element of the network's), as it may
 *  not stay on an element behind the screen. Leaving full screen takes it back, by the button or
 *  by the browser's own Esc (a browser on a screen takes Esc for itself there: the page never
 *  hears it). So does an Esc the page hears while it is there (headless Chromium hands it over),
 *  unless `escape` is given to do instead (a listener of the document's, in the order added: the
 *  weight editor's before it, enlarge.js's own Esc after every one). A panel a classroom link
 *  hides is not there to close: its Esc leaves full screen. `comesWith()`:
 *  whether it comes as soon as the network is enlarged (by default, only when `open()` says so).
 *  Returns {open, back, beside()}. */
export function besideEnlargedNetwork(panel, { refocus = () => null, escape = null, comesWith = () => false } = {}) {
  const move = movable(panel, `${panel.className}: beside the enlarged network`);
  const enlargedNetwork = () => (document.fullscreenElement?.querySelector('#network') ? document.fullscreenElement : null);
  function back() {
    const network = move.back() && enlargedNetwork();
    if (network) refocus(network)?.focus();
  }
  function open() {
    const network = enlargedNetwork();
    if (network) move.into(network);
  }
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || !move.away() || !panel.checkVisibility()) return;
    e.preventDefault();
    (escape || back)();
  });
  document.addEventListener('fullscreenchange', () => {
    if (!enlargedNetwork()?.contains(panel)) back();
    if (comesWith()) open();
  });
  return { open, back, beside: move.away };
}

/** The page's messages on the whole screen, whichever panel fills it: the error banner (a value
 *  refused, a divergence), the connection's line and the notice line stood on the page, behind
 *  the screen, and the class saw nothing of a value the server refused there, or of a lost
 *  connection; nor did a screen reader hear them, or the page's own words (announcements.js):
 *  the browser leaves out of what it reads all but the element on the whole screen. While a
 *  panel is enlarged, their box (.page-messages, with those live regions) is its first child:
 *  enlarge.css lays it across the screen's top, its words as large as the panel's (on a screen
 *  800 px tall or less, the page's), and moves the panel down by the room it takes (notice.js's
 *  --error-banner-room), so that it covers nothing being edited. Back in its place after; and
 *  each move reads nothing out again (hushedWhenMoved). (The top layer, a popover shown over the
 *  screen, would leave them in place, but must be shown again above each new full screen and
 *  still needs the room made under it: a move is the same in every browser.) */
function messagesOnTheWholeScreen(messages) {
  const move = movable(messages, 'the page\'s messages: on the whole screen');
  const hush = hushedWhenMoved(messages);
  document.addEventListener('fullscreenchange', () => {
    const screen = document.fullscreenElement;
    if (screen?.contains(messages) || !(screen || move.away())) return;
    hush();
    move.back();
    if (screen) move.into(screen, 'prepend');
  });
}

/** Moved, the live regions of `box` (the banner, role="alert"; the notice line, the page's words
 *  and the connection's line, role="status") say nothing again. A DOM node inserted is a new node
 *  of Chromium's accessibility tree, and a new node of role alert, or a new live region, is read
 *  out with the words it holds (ui/accessibility's AXEventGenerator: ALERT, LIVE_REGION_CREATED):
 *  the banner's error, read when it came, was read again at each Enlarge and each "Back to the
 *  page". Returns `hush()`, to call before a move: each region holding words is quiet
 *  (aria-live="off", and an alert a status: role="alert" is read out however live it is), its
 *  words still shown and there to read, until they next change (a new message), which it says as
 *  before, its own role and aria-live back. The regions are those of the box at each hush (the
 *  connection's line takes its role as app.js starts, after this module has run). */
function hushedWhenMoved(box) {
  const own = new Map();   // each region's role and aria-live, as its first hush found them
  const set = (region, values) => Object.entries(values)
    .forEach(([name, value]) => (value === null ? region.removeAttribute(name) : region.setAttribute(name, value)));
  // a message written in a region hushed gives it its voice back, before Chromium reads the page
  // again at its next frame (their words watched, not their attributes, which hush() sets)
  const written = new MutationObserver((changes) => {
    const regions = [...own.keys()];
    new Set(changes.map((c) => regions.find((r) => r.contains(c.target)))).forEach((r) => r && set(r, own.get(r)));
  });
  written.observe(box, { childList: true, subtree: true, characterData: true });
  return () => {
    box.querySelectorAll('[role="alert"], [role="status"], [aria-live]').forEach((r) => {
      if (!own.has(r)) own.set(r, { role: r.getAttribute('role'), 'aria-live': r.getAttribute('aria-live') });
    });
    [...own.keys()].filter((r) => r.textContent.trim())
      .forEach((r) => set(r, { role: own.get(r).role === 'alert' ? 'status' : own.get(r).role, 'aria-live': 'off' }));
  };
}

/** `node` taken from its place on the page into an element on the whole screen, and back:
 *  `into(element, how)` moves it there (`how`: 'append' or 'prepend'), a mark left in its place;
 *  `back()` puts it back at the mark and says whether the keyboard's focus was in it (for the
 *  caller to place: it does not stay on an element moved); `away()`: whether it is moved. */
function movable(node, what) {
  const home = document.createComment(` ${what} `);
  return {
    into(element, how = 'append') {
      if (home.isConnected) return;
      node.before(home);
      element[how](node);
    },
    back() {
      if (!home.isConnected) return false;
      const focused = node.contains(document.activeElement);
      home.replaceWith(node);
      return focused;
    },
    away: () => home.isConnected,
  };
}

messagesOnTheWholeScreen(document.querySelector('.page-messages'));   // (once, as this module loads: the page has them by then)
