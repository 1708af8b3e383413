// A hidden block's ×, with Undo: a mis-tap on a phone (the × stands beside − and ▶) lost a block
// and its settings at once. The notice line says what went ("Removed hidden block 2 (16 neurons,
// ReLU).") with an Undo that puts the block back at its place with its settings, as a fresh block
// (the network built again, as after any edit). Undo lasts as long as the notice (notice.js), and
// goes with it when the network is edited otherwise. The notice, a status line, is what a screen
// reader hears of the removal (the toolbar's announcement leaves it out: removedInNotice).
import { clone } from './state.js';
import { showNotice } from './notice.js';
import { refocus } from './keyboard-focus.js';

// how a block's activation is written in words (its menu shows the engine's names)
const ACTIVATION_WORDS = { relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', leaky_relu: 'leaky ReLU', identity: 'identity' };

// the removal Undo takes back: {block, at, before and after (the hidden blocks, JSON), withdraw}
let offered = null;
let returning = null;    // the place of the block Undo put back, whose × takes the focus once it is built
let watching = false;

/** Remove hidden block `i`, and offer to put it back. The focus goes to Undo: the × pressed is
 *  gone with its block, and Enter again takes the removal back, as the narrow notice's Undo
 *  follows its Widen (narrow-notice.js); Tab from there goes on through the page. */
export function removeBlock(store, i) {
  if (!watching) {
    watching = true;
    store.on('scene', () => sceneCame(store.state.layers));
  }
  const block = clone(store.state.layers[i]), before = JSON.stringify(store.state.layers);
  store.update((s) => { s.layers.splice(i, 1); });
  const removal = { block, at: i, before, after: JSON.stringify(store.state.layers) };
  const { button, withdraw } = showNotice(`Removed hidden block ${i + 1} (${blockWords(block)}).`, {
    label: 'Undo', testid: 'notice-undo', title: `put hidden block ${i + 1} back, with its settings and fresh weights`,
    run: () => putBack(store, removal),
  });
  removal.withdraw = withdraw;
  offered = removal;
  button.focus({ preventScroll: true });
}

/** Whether the notice line says the removal that left `layers` (the toolbar then says nothing). */
export function removedInNotice(layers) {
  return offered !== null && offered.after === JSON.stringify(layers);
}

/** Undo of `removal`: its block at its place again (its id too, as a block added there). */
function putBack(store, removal) {
  offered = null;
  returning = removal.at;
  store.update((s) => { s.layers.splice(removal.at, 0, removal.block); });
}

/** A new scene (the network built again before this runs): the focus, left to the page by the
 *  Undo pressed, goes to the × of the block put back (Enter again removes it again); and Undo is
 *  taken back when the hidden blocks are no longer those the removal left (another edit), the
 *  focus, if it was on Undo, going to the × now at the removed block's place, else to the one of
 *  the block before (another edit leaves a block: none was left only by a removal). */
function sceneCame(layers) {
  if (returning !== null && document.activeElement === document.body) refocus(document, `remove-${returning}`);
  returning = null;
  // (`before`: the scene of an edit sent earlier, a × pressed twice in a row, not yet answered)
  if (!offered || [offered.after, offered.before].includes(JSON.stringify(layers))) return;
  const { at, withdraw } = offered;
  offered = null;
  if (withdraw()) refocus(document, `remove-${at}`) || refocus(document, `remove-${at - 1}`);
}

/** A hidden block as the notice names it: "16 neurons, ReLU", "Dropout 0.2", "BatchNorm". */
function blockWords(block) {
  if (block.type === 'dense') {
    return `${block.units} neuron${block.units === 1 ? '' : 's'}, ${ACTIVATION_WORDS[block.activation] ?? block.activation}`;
  }
  return block.type === 'dropout' ? `Dropout ${block.p}` : 'BatchNorm';
}
