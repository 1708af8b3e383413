// What the page's presses did, said to a screen reader once done: a pause, a step or a reset with
// the board's numbers ("Paused at epoch 12: test loss 0.31, test accuracy 92.0%"), a hidden block
// added, removed or moved, a layer's neurons. Only at such moments, never per frame: a live
// region that changed with every frame would be read out without end. The region is the page's
// #announcer (role="status", polite), out of sight: the eye sees these changes where they happen,
// and the notice line (notice.js) stays what it is, a word on why a press did nothing (or a block
// removed by its ×, with Undo: block-undo.js, which this region then leaves to it).
import { el } from './colors.js';
import { boardWords } from './board.js';

/** Say `text` to a screen reader (politely: after what it is reading). The same words twice in a
 *  row are said twice: each is a new paragraph of the region. */
export function announce(text) {
  document.getElementById('announcer').replaceChildren(el('p', { text }));
}

// frames keep coming for a moment after a pause or a step (the weights re-measured, then the
// epoch's end): the numbers said are those of the last one, once none has come for this long
const QUIET_MS = 400;

/** The news of the transport: `expect(said)` before a press, `said(header) -> words` being what it
 *  did ("One epoch trained: epoch 3"), which is said with the board's numbers once its frames
 *  have come. A pause, by ❚❚, Space or the trace, is heard from the status itself. Each time, and
 *  once the frames of a new scene have come (said: nothing), `settled` is emitted: the views that
 *  describe themselves in words (the loss chart's text, curves.js) do it then.
 *
 *  A fit that ended by itself (diverged, or stopped on an error) is said without the board's
 *  numbers: "Paused at epoch 12: training diverged (see the message above)". Its numbers were
 *  NaN ("test loss nan"), and the error banner (role="alert") reads out why and what to do: said
 *  here too, the learner heard it twice, once untrue. The pause itself, and the epoch, only here. */
export function createTrainingNews(store) {
  let said = undefined;  // what to say when the frames stop (null: nothing, settled only)
  let ended = false;     // `said` is a fit's end by itself: said without the board's numbers
  let timer = null;
  let playing = false;

  function expect(words) {
    said = words;
    ended = false;
    wait();
  }

  function wait() {
    clearTimeout(timer);
    timer = setTimeout(tell, QUIET_MS);
  }

  function tell() {
    const header = store.frame?.header;
    // hidden, the page gets no frames (visibility.js): its numbers would be those of when it was
    // hidden; said once shown, with the frame that brings, the last words only
    if (said === undefined || !header || playing || document.hidden) return;
    if (said) announce(ended ? `${said(header)}.` : `${said(header)}: ${boardWords(store.scene, header)}.`);
    said = undefined;
    ended = false;
    store.emit('settled', store.frame);
  }

  store.on('status', (status) => {
    const was = playing;
    playing = status.state === 'playing';
    if (playing) { said = undefined; ended = false; } else if (was && !ended) expect((h) => `Paused at epoch ${h.epoch}`);
    else if (said !== undefined) wait();
  });
  // (the banner's error comes before the status of the pause: a step's words give way to it too)
  store.on('fit-ended', (error) => {
    const what = { diverged: 'training diverged', stopped: 'training stopped' }[error.kind];
    expect((h) => `Paused at epoch ${h.epoch}: ${what} (see the message above)`);
    ended = true;
  });
  store.on('frame', () => { if (said !== undefined) wait(); });
  document.addEventListener('visibilitychange', () => { if (!document.hidden && said !== undefined) wait(); });
  store.on('scene', () => { if (said === undefined) expect(null); else wait(); });   // (a press's words, if any, still to say)
  return { expect };
}

/** What changed in the hidden blocks from `before` to `after` (state.layers; `before` null: the
 *  page's first scene, nothing), in words, with `count` ("3 hidden blocks"); '' when nothing did
 *  that the page does not say otherwise (an activation chosen says itself in its menu). */
export function layerNews(before, after, count) {
  if (!before) return '';
  const ids = (layers) => layers.map((b) => b.id).join(' ');
  const place = (layers, id) => layers.findIndex((b) => b.id === id) + 1;
  const added = after.find((b) => !place(before, b.id));
  const removed = before.find((b) => !place(after, b.id));
  if (added && !removed) return `${kind(added)} block added as hidden block ${place(after, added.id)}: ${count}.`;
  if (removed && !added) return `Hidden block ${place(before, removed.id)} (${kind(removed)}) removed: ${count}.`;
  if (added || removed) return `The network changed: ${count}.`;
  if (ids(before) !== ids(after)) return `Hidden blocks in order: ${after.map((b, k) => `${k + 1} ${kind(b)}`).join(', ')}.`;
  const wider = after.findIndex((b, k) => b.units !== before[k].units);
  if (wider >= 0) return `Hidden block ${wider + 1} has ${after[wider].units} neuron${after[wider].units === 1 ? '' : 's'}.`;
  return '';
}

/** A block as its card names it: "Dense 4 tanh", "Dropout 0.2", "BatchNorm". */
function kind(block) {
  if (block.type === 'dense') return `Dense ${block.units} ${block.activation}`;
  if (block.type === 'dropout') return `Dropout ${block.p}`;
  return 'BatchNorm';
}
