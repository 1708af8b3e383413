// The line under the header that says whether the page reaches the server, and what to do when it
// does not. `neuralab play` picks a free port each time, so a server started again is at a new
// address, which the page cannot guess: after a few seconds of failed tries the line says so
// plainly, and takes the new address to open this page's network there (it is kept in the link).
// The page keeps trying its own address meanwhile (`neuralab play --port N` brings it back).
//
// While the page is not connected, nothing is sent later: a press that asks the server for
// something (play, a step, a weight, a download) is refused with a word in the notice line, and
// an edit of the network or the data is kept in the page and its link, as the line says, and goes
// with the page's first message when the server is back (app.js's hello). (Sent later, a
// Pause and a Play clicked in vain replayed on the new session, and the edits after them.)
//
// A new connection is a new session on the server, which starts from the page's state, at epoch
// 0: when the page had trained, the notice line says so, once. So does a page reloaded, or come
// back to by Back or Forward, that had trained: the tab's sessionStorage keeps its last epoch.
//
// A server that serves as many pages as it takes (a class's, and more tabs) says so ("full") and
// closes the socket: the line says it, and what to do, while the page keeps trying, as the
// transport does after any close; its next session starts as a first one would.
//
// A screen reader reads the line out (role="status", polite), on the page and on the whole screen
// (enlarge.js moves it there with the banner): once when the connection is lost, once when it
// says what to do, once for each new thing it says. The tries in between say nothing: a failed
// try changes none of its words, and the same words written again (a full server's, at each try,
// twice a second) are not written. Words added after those the line holds leave them in place
// (and the box for a new address with what the learner was typing in it, its focus and caret).
//
// Nothing trains for a page that is not connected: the session it had ends with its socket. The
// controls show the last status the server sent, "playing" maybe, and none comes until the next
// session: the page's own status says "paused" meanwhile (❚❚ stood highlighted, as if training).
import { el } from './colors.js';
import { showNotice } from './notice.js';

const PLAIN_AFTER_MS = 5000;   // failed tries for this long: the server has stopped, most likely
const LAST_EPOCH = 'neuralab-last-epoch';   // (sessionStorage: the tab's, kept across a reload)

/** Watch `transport` and speak in `line`; `onOpen()` runs on each (re)connection, after the
 *  words. Returns {open, refuse(message), kept()}. */
export function createConnection(store, transport, line, onOpen) {
  line.setAttribute('role', 'status');
  let open = false;
  let everOpen = false;
  let lost = false;        // not connected, since the first failed try (each one reports "closed")
  let plain = false;       // ... for PLAIN_AFTER_MS: the line says what to do
  let plainTimer = null;
  let edited = false;      // the learner changed the scene while not connected
  let full = null;         // the server's "full" message, until a session opens (a scene comes)
  const address = location.host;
  const form = newAddressForm();   // (one box: what is typed in it stays across the line's rewrites)
  // why the next session starts over, when the one before had trained past epoch 0
  const navigation = performance.getEntriesByType('navigation')[0]?.type;
  let startsOver = ['reload', 'back_forward'].includes(navigation) && Number(tabStorage('get', LAST_EPOCH)) > 0
    ? { reload: 'the page was reloaded', back_forward: 'the page was left and opened again' }[navigation] : null;
  window.addEventListener('pagehide', () => tabStorage('set', LAST_EPOCH, String(store.frame?.header.epoch || 0)));

  transport.onStatus((status) => {
    const wasOpen = open;
    open = status === 'open';
    if (open && full) {   // full again, most likely: the line keeps its words until a scene comes
      onOpen();
      return;
    }
    document.body.classList.toggle('offline', !open);
    if (open) {
      opened();
      onOpen();
    } else if (!lost) {
      lost = true;
      store.emit('status', { state: 'paused' });   // (the next session's scene says its own)
      if (wasOpen && store.frame?.header.epoch > 0) startsOver = 'the server was restarted, or the connection dropped';
      plainTimer = setTimeout(() => { plain = true; say(); }, PLAIN_AFTER_MS);
      say();
    }
  });

  transport.onMessage((message) => {
    if (message.type === 'full') {
      full = message;   // (said before "has stopped": the server is there)
      say();
    } else if (full && message.type === 'scene') {
      full = null;
      document.body.classList.remove('offline');
      opened();
    }
  });

  /** A session opened: the line clears, and says why training starts over, if it does. */
  function opened() {
    clearTimeout(plainTimer);
    lost = plain = edited = false;
    line.replaceChildren();
    if (startsOver) {
      showNotice(`A new session of the server: training starts over from epoch 0 with the same network (${startsOver}; `
        + 'the link keeps the network, not its trained weights).');
    }
    everOpen = true;
    startsOver = null;
  }

  /** The line's words while not connected: first "reconnecting", then, after PLAIN_AFTER_MS, what
   *  to do (a full server's words instead, from the first); and whether edits made meanwhile are kept. */
  function say() {
    const kept = edited ? ' Your changes are kept in this page and its link, and go to the server when it is back.' : '';
    if (full) {
      write(el('strong', { text: 'No room for this page: ' }), `${full.message} (${full.suggestion}).`, kept);
      return;
    }
    if (!plain) {
      write(`${everOpen ? 'Reconnecting' : 'Connecting'} to the server…${kept}`);
      return;
    }
    const port = location.port;
    write(
      el('strong', { text: `The server at ${address} has stopped, or cannot be reached` }),
      ' (this page keeps trying). Start it again with ', el('code', { text: `neuralab play${port ? ` --port ${port}` : ''}` }),
      ', and this page reconnects by itself; or run ', el('code', { text: 'neuralab play' }),
      ' and paste here the address it prints, to open this network there (the link keeps the network): ',
      form, kept);
  }

  /** The line's words `parts` (strings and elements), unless it says them already: a live region
   *  reads out each rewrite, the same words too. The parts the line begins with already stay, and
   *  only the rest is written: a node moved loses its focus (the address box, where the learner
   *  may be typing when an edit adds "Your changes are kept"), and only new words are read out. */
  function write(...parts) {
    if (parts.map((part) => part.textContent ?? part).join('') === line.textContent) return;
    const nodes = parts.filter((part) => part !== '').map((part) => (typeof part === 'string' ? document.createTextNode(part) : part));
    const old = [...line.childNodes];
    let same = 0;
    while (same < old.length && same < nodes.length && old[same].isEqualNode(nodes[same])) same++;
    if (!same) {
      line.replaceChildren(...nodes);
      return;
    }
    old.slice(same).forEach((node) => node.remove());
    line.append(...nodes.slice(same));
  }

  return {
    get open() { return open; },
    /** `message` was not sent: say why, in the notice line. */
    refuse(message) {
      const what = { control: 'Training', download: 'The download', upload_csv: 'The upload', set_weight: 'The weight' }[message.type]
        || 'That';
      showNotice(`${what} waits for the server, which this page does not reach: see the line above.`);
    },
    /** The learner changed the scene while not connected: the line says it is kept. */
    kept() {
      if (edited) return;
      edited = true;
      say();
    },
  };
}

/** A box for the address a new `neuralab play` prints, and a button that opens this page's
 *  network there: the new address with this page's link's # part (its state). */
function newAddressForm() {
  const box = el('input', { type: 'url', class: 'tiny', testid: 'new-address', placeholder: 'http://127.0.0.1:…/',
    'aria-label': 'the address neuralab play printed' });
  const go = () => {
    let url;
    try { url = new URL(box.value.trim()); } catch { url = null; }
    if (!url || !/^https?:$/.test(url.protocol)) {
      showNotice('Paste the whole address neuralab play printed, from http:// on.');
      return;
    }
    location.assign(url.origin + url.pathname + location.hash);
  };
  box.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
  return el('span', { class: 'new-address' }, box, ' ',
    el('button', { class: 'tiny', testid: 'open-new-address', onclick: go }, 'Open this network there'));
}

/** sessionStorage's getItem or setItem (`how`), or null where the browser refuses the page its
 *  storage (site data blocked, some sandboxed frames): the page then says nothing of a reload. */
function tabStorage(how, ...args) {
  try { return how === 'get' ? sessionStorage.getItem(...args) : sessionStorage.setItem(...args); } catch { return null; }
}
