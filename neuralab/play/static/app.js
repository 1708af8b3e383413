// Entry: one store (state, scene, latest frame, selection), the transport, and the views.
// Each frame is drawn on an animation frame (draw-loop.js), and once drawn asks for the next one
// (`ready`): the server makes frames at the pace the page draws them. The page keeps two frames
// coming (it also says `ready` after each scene), so the next frame is usually here before the
// screen wants it, and a reply slower than a screen refresh does not cost one; frames are drawn
// in the order they came.
import { connect } from './transport.js';
import { DEFAULT_STATE, readHash, writeHash, clone, shareUrl, withDefaults } from './state.js';
import { el } from './colors.js';
import { createControls, createNetworkToolbar } from './controls.js';
import { createNetwork } from './network.js';
import { createOutput } from './output.js';
import { createCurves } from './curves.js';
import { createData } from './data.js';
import { createInspector } from './inspector.js';
import { createTrace } from './trace.js';
import { createGradients } from './gradients.js';
import { createEvaluation } from './evaluation.js';
import { createExports } from './export.js';
import { createClassroom } from './classroom.js';
import { createLrNotice } from './lr-notice.js';
import { readCommaAsPoint } from './decimal-comma.js';
import { dropRefused } from './number-boxes.js';
import { focusAfter } from './keyboard-focus.js';
import { showNotice } from './notice.js';
import { createNarrowNotice } from './narrow-notice.js';
import { createDrawLoop } from './draw-loop.js';
import { createConnection } from './connection.js';
import { createVisibility } from './visibility.js';
import { hello, keepUploadKey, lostUpload } from './upload-key.js';

// A host (e.g. a notebook widget) may provide its own transport with the same interface.
const transport = window.neuralabTransport || connect();
const listeners = {};
const $ = (id) => document.getElementById(id);

const link = readHash();
const store = {
  state: clone(link.state || DEFAULT_STATE),
  scene: null,
  frame: null,
  selected: null,     // {layer, unit}: the neuron the inspector shows
  sample: 0,          // the training sample the inspector and the trace use
  highlight: null,    // {layer, dir}: the links the trace animates
  drawLabel: null,    // the class a click on the output map adds (null: a click picks a sample)
  drawValue: null,    // the same for regression data: the value a click adds
  on(event, fn) { (listeners[event] ||= []).push(fn); },
  emit(event, data) { for (const fn of listeners[event] || []) { try { fn(data); } catch (e) { console.error(e); } } },
  /** Send `message` to the server; while the page does not reach it, nothing is sent, and the
   *  notice line says so (connection.js). */
  send(message) {
    if (!connection.open) { connection.refuse(message); return; }
    if (message.type === 'control') drawing.awaiting();   // its status (or scene) is painted first
    transport.send(message);
  },
  /** Change the state through `fn(draft)`; the keys that changed go to the server. */
  update(fn) {
    const next = clone(this.state);
    fn(next);
    const patch = {};
    for (const key of new Set([...Object.keys(next), ...Object.keys(this.state)])) {
      if (JSON.stringify(next[key]) !== JSON.stringify(this.state[key])) patch[key] = next[key];
    }
    if (!Object.keys(patch).length) return;
    this.state = next;
    writeHash(next);
    // while not connected the change is kept here and in the link: the hello when the page
    // connects again starts the new session from it
    if (connection.open) transport.send({ type: 'set_state', state: patch });
    else connection.kept();
  },
  select(selection) {
    this.selected = selection;
    this.emit('select', selection);
  },
  setHighlight(h) { this.highlight = h; this.emit('highlight', h); },
  showError(error) { showError(error); },
  /** Take down the banner if it still shows `error` (refused in the page, and then corrected). */
  withdrawError(error) { if (error && shownError === error) hideError(); },
  /** Fresh weights, from the ↺ button or the banner's: the banner goes with the weights it
   *  spoke of (a divergence, a refused play that says to reset). The server may answer with a
   *  status alone, which leaves a banner as it is, so it would go on saying to reset after the
   *  reset; what the new weights' data warns of comes again with the reset. */
  resetWeights() { this.send({ type: 'control', action: 'reset' }); hideError(); },
  stats: { framesDrawn: 0, framesReceived: 0, framesDropped: 0 },
};
window.neuralab = store; // for the console and the browser tests

// -- views ---------------------------------------------------------------------------------------
readCommaAsPoint(document);
createControls(store, $('controls'));
createNetworkToolbar(store, $('network-toolbar'));
createNarrowNotice(store, $('network-toolbar'));
createData(store, $('data'));
createNetwork(store, $('network'));
createOutput(store, $('output'));
createCurves(store, $('curves'));
createInspector(store, $('inspector'));
createTrace(store, $('trace'));
createGradients(store, $('gradients'));
createEvaluation(store, $('evaluation'));
createExports(store, $('exports'));
createClassroom(store, $('classroom'));
createLrNotice(store);   // (the notice line: no element of its own)

// -- messages ------------------------------------------------------------------------------------
const FRAMES_AHEAD = 2;  // the server's credit: frames on their way or waiting here
let pending = [];        // frames received and not drawn yet, oldest first
let latest = null;       // the newest frame received of the current scene (heavy arrays to inherit)
const drawing = createDrawLoop(drawFrame);   // (drawFrame, below)
store.drawing = drawing;  // (its cost, for the console and the tests)
let watchdog = null;
let keepError = false;
// The warnings about the scene's data (errors of kind "warning", which follow their scene or a
// reset), shown one under the other, each once: a CSV may have a marker among its inputs and
// another in its target, and a reset builds the data again and warns again. A scene clears
// them; the server says them again with every scene of data built again (a feature toggled
// too). Each with its own suggestion after it: the banner said only the last one's, and a link's
// "This link reads farm.csv …" lost what to do ("Open "Your own data (CSV)" …") under the
// file's own warning after it. Declared before the first showError below, a link that could not be read.
let warnings = [];   // the errors of kind "warning" shown
let shownError = null;   // the error the banner shows (store.withdrawError takes down only that one)
if (link.problem) {   // the default scene opens instead: keep the banner up when that scene comes
  showError({ message: `This link could not be read: ${link.problem}.`,
    suggestion: 'The default scene is shown instead: copy the whole link again (Share).' });
  keepError = true;
}

function fits(frame, scene) {
  return scene.network.layers.every((l) => {
    if (l.kind !== 'dense') return true;
    const W = frame.arrays[`W/${l.index}`];
    return W && W.shape[0] === l.units && W.shape[1] === l.in;
  });
}

// Replies and the training thread's events reach the page by two routes, so an older status
// can come after a newer one: only a status numbered above the last one shown is shown. A new
// socket is a new session, which numbers from 1 again.
let statusSeq = 0;
let greeted = false;   // whether this socket's session has sent a scene (a new socket: a new session)
// a new session's first scene, of other data, when the server lost the upload this page asked
// for and holds (upload-key.js): not shown, nor its frames, while the file goes again (data.js)
let held = null;
function showStatus(status) {
  if (!(status.seq > statusSeq)) return;
  statusSeq = status.seq;
  store.emit('status', status);
}

// A link pasted into this tab's address bar changes only the hash, which reloads nothing: its
// scene opens as in a new tab. (writeHash's replaceState fires no hashchange: only the address
// bar, or a link on the page, does.)
window.addEventListener('hashchange', () => {
  const pasted = readHash();
  if (pasted.problem) {
    showError({ message: `This link could not be read: ${pasted.problem}.`,
      suggestion: 'The scene stays as it was: copy the whole link again (Share).' });
    return;
  }
  if (!pasted.state || JSON.stringify(pasted.state) === JSON.stringify(store.state)) return;
  // what the link leaves out at the defaults, until its scene comes: the frames of the scene shown
  // until then are drawn with the state (a link of layers alone had no hparams: "reading 'lr'")
  store.state = withDefaults(pasted.state);
  if (connection.open) transport.send(hello(store.state));
  else connection.kept();   // (the hello when the page connects again brings it)
});

// each connection is a new session on the server, which starts from the page's state
const connection = createConnection(store, transport, $('connection'), () => {
  statusSeq = 0;
  greeted = false;
  store.emit('connected');   // (what was sent on the old socket and not answered went with it)
  transport.send(hello(store.state));
  visibility.sync();   // (a new session starts shown)
});
// a hidden page gets no frames, and its training goes on slowly (visibility.js)
const visibility = createVisibility(store, transport, connection);

transport.onMessage(function received(message) {
  if (message.header) {          // a binary frame: drawn at the next animation frame
    store.stats.framesReceived++;
    if (held || message.header.scene_id !== store.scene?.scene_id) {
      transport.ready();         // a frame that overtook its scene: the scene brings another
      return;
    }
    // a frame may leave out the heavy arrays (maps, histograms): keep the last ones of this scene
    if (latest) {
      for (const name in latest.arrays) {
        if (!(name in message.arrays)) message.arrays[name] = latest.arrays[name];
      }
      const h = message.header, old = latest.header;
      if (!h.diagnoses && old.diagnoses) h.diagnoses = old.diagnoses;
      if (!h.hist_edges && old.hist_edges) h.hist_edges = old.hist_edges;
    }
    latest = message;
    pending.push(message);
    if (pending.length > FRAMES_AHEAD) {   // (after a scene, whose first frame came unasked)
      pending.shift();
      drop();
    }
    drawing.arrived();
    return;
  }
  if (['status', 'scene', 'error'].includes(message.type)) drawing.answered();
  switch (message.type) {
    case 'scene':
      held = !greeted && lostUpload(message) ? message : null;
      greeted = true;
      if (held) { transport.ready(); break; }
      store.scene = message;
      keepUploadKey(message);
      store.state = message.state;
      // the last frame may describe the network before this change (or already the new one:
      // frames and scenes travel separately); keep it only when its weights fit this network
      if (store.frame && !fits(store.frame, message)) store.frame = null;
      latest = null;
      // frames made for the scene this one replaces are not drawn
      pending.filter((f) => f.header.scene_id !== message.scene_id).forEach(drop);
      pending = pending.filter((f) => f.header.scene_id === message.scene_id);
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        if (!store.frame) showError({ message: 'The server has sent no picture of this network yet.',
          suggestion: 'It may have failed to draw it: see the terminal running neuralab play, or undo the last change.' });
      }, 5000);
      writeHash(message.state);
      if (!keepError) hideError();
      keepError = false;
      store.emit('scene', message);
      if (message.status) showStatus(message.status);
      transport.ready();
      break;
    case 'status': showStatus(message); break;
    case 'error':
      // the held scene's warning that the server lost the file goes to data.js, which sends it
      // again; anything else (a refusal of it sent again) shows the held scene first
      if (held && message.lost && message.scene_id === held.scene_id) { store.emit('warning', message); break; }
      if (held) { const scene = held; held = null; received(scene); }
      // a warning about the data of a scene this page no longer shows (fit's, queued just before
      // a change replaced its scene, can come after the new scene): its words are not this
      // data's, and the new scene's fit says its own
      if (message.kind === 'warning' && message.scene_id !== store.scene?.scene_id) break;
      showError(message);
      // a fit that ended by itself: the pause it brings is said without its NaN numbers (announcements.js)
      if (message.kind === 'diverged' || message.kind === 'stopped') store.emit('fit-ended', message);
      // a warning about the data of the scene before it (its standardisation) refused nothing;
      // data.js reads those that name a control of its form
      if (message.kind === 'warning') { store.emit('warning', message); break; }
      if (!store.scene || (!greeted && message.request === 'hello')) {
        // the state from the link was refused: start from the defaults, and keep the banner up;
        // the page had sat there refused. (A CSV that a session made anew does not hold is no
        // refusal: the server starts on the default data and says so, session.py's hello.)
        keepError = true;
        store.state = clone(DEFAULT_STATE);
        transport.send(hello(store.state));
        break;
      }
      // a refused change (an error of no kind: a divergence or a stop is the training thread's
      // news, no answer to an edit) leaves the session as it was: show the state it still has
      if (store.scene && !message.kind && JSON.stringify(store.state) !== JSON.stringify(store.scene.state)) {
        store.state = clone(store.scene.state);
        writeHash(store.state);
        store.emit('scene', store.scene);
      }
      // after the state shown again: the box of the refused value (its `field`) gets back the text
      // the learner typed there, to correct it
      if (!message.kind) store.emit('refused', message);
      break;
    default: store.emit(message.type, message);
  }
});

/** A received frame that will not be drawn: its credit goes back to the server. */
function drop() {
  store.stats.framesDropped++;
  transport.ready();
}

/** Draw the oldest frame waiting; returns whether another still waits. */
function drawFrame() {
  if (!pending.length) return false;
  store.frame = pending.shift();
  store.stats.framesDrawn++;
  store.emit('frame', store.frame);
  // the next one is asked for once this one is drawn: asked for before, it came (and was decoded)
  // while this one was drawn, and a slow machine never stopped drawing
  transport.ready();
  return pending.length > 0;
}

// -- the error banner ----------------------------------------------------------------------------
/** The banner: its words one paragraph, what happened then what to do, its buttons after it
 *  (style.css; as side-by-side columns, a divergence's cause and advice wrapped into three short
 *  lines each). Data warnings are said one a line, the first after "Warning: ", each followed by
 *  its own suggestion. */
function showError(error) {
  const banner = $('error');
  shownError = error;
  warnings = error.kind !== 'warning' ? [] : warnings.filter((shown) => shown.message !== error.message).concat(error);
  const reset = error.kind === 'diverged'
    ? el('button', { testid: 'error-reset', onclick: () => store.resetWeights() }, 'Reset the weights')
    : null;
  banner.replaceChildren(...[
    el('div', { class: 'error-words' },
      el('strong', { text: { diverged: 'Training diverged. ', stopped: 'Training stopped. ', warning: 'Warning: ' }[error.kind] || 'Error: ' }),
      warnings.length
        ? el('span', { class: 'error-message' }, warnings.map((w) => el('div', {}, w.message, suggested(w, w.message))))
        : [el('span', { class: 'error-message', text: afterHeading(error) }), suggested(error, afterHeading(error))]),
    reset,
    el('button', { class: 'ghost', title: 'dismiss', 'aria-label': 'Dismiss this message', onclick: dismissError }, '×')].filter(Boolean));
  banner.hidden = false;
}
/** The message as the banner writes it: after "Training diverged. " and "Training stopped. " a
 *  sentence, its first letter a capital (the server's words start low, as after "Error: ": the
 *  banner read "Training diverged. the loss became inf"). */
function afterHeading(error) {
  const text = error.message || '';
  return error.kind === 'diverged' || error.kind === 'stopped' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
/** The words the suggestion ends, past what happened (``said``): one sentence with it, "the loss
 *  became inf; type a learning rate lower than 10 …", or a sentence of its own after one ended
 *  (the banner read "…at epoch 1 type a learning rate…"), and a full stop at its end. */
function afterMessage(suggestion, said) {
  const end = said.trimEnd().slice(-1), sentenceEnded = '.!?'.includes(end) && end !== '';
  const words = sentenceEnded ? suggestion.charAt(0).toUpperCase() + suggestion.slice(1) : suggestion;
  return (sentenceEnded || end === ':' || end === '' ? ' ' : '; ') + words + (/[.!?]$/.test(words) ? '' : '.');
}
/** The suggestion of `error` (or of one of the warnings) after the words `said`, or null for none. */
function suggested(error, said) {
  return error.suggestion ? el('span', { class: 'error-suggestion', text: afterMessage(error.suggestion, said) }) : null;
}
function hideError() {
  const banner = $('error'), focused = banner.contains(document.activeElement);
  banner.hidden = true; warnings = []; shownError = null;
  if (focused) focusAfter(banner);   // its "×" or "Reset the weights": on to the page below it
}
// (data.js takes down the marks the banner's warnings put on the upload form's boxes)
function dismissError() { hideError(); dropRefused(); store.emit('error-dismissed'); }

// -- share ---------------------------------------------------------------------------------------
store.on('scene', () => { $('share').href = shareUrl(store.state); });
$('share').addEventListener('click', async (event) => {
  event.preventDefault();
  const url = shareUrl(store.state);
  const out = $('share-url');
  out.value = url;
  out.hidden = false;
  out.select();
  // said in the notice line, over the page: "Link copied" in the button widened it, and the box
  // in the header's row wrapped it, 57 px down for the whole page
  const rows = ownFileWords(store.scene);
  try {
    await navigator.clipboard.writeText(url);
    showNotice('Link copied: paste it to share this scene.' + rows);
  } catch { showNotice('Copy the link in the box under Share (the browser did not let the page copy it).' + rows); }
});
/** What a link of a CSV this page uploaded lacks: the file's rows, which stay with the page (the
 *  server's own CSV, `neuralab play --data`, every page holds). A learner shared the link of their
 *  houses.csv, and the page it opened showed circles, under a warning. */
function ownFileWords(scene) {
  const upload = scene?.upload;
  if (!upload || upload.served || scene.state.dataset.name !== 'csv') return '';
  return ` It names ${upload.file}, not its rows: whoever opens it uploads ${upload.file} too ("Uploaded CSV" in the Data menu).`;
}
$('share-url').addEventListener('blur', () => { $('share-url').hidden = true; });
