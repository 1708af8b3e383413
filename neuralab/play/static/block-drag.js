// Blocks dragged and dropped on the network (HTML5 drag and drop, for a mouse): a palette block
// dragged in is inserted there, a hidden block's card dragged to another place moves its block
// there; the blue edge of a card shows where it lands, before the card or after it. A finger's
// drag of a card (card-touch-drag.js) lands by the same rules. And the edits of the hidden blocks
// a drop makes, which the toolbar's + and a card's ◀ ▶ make too (controls.js).
import { isHidden } from './classroom.js';
import { newId } from './state.js';

// the drag's data: a palette block's type, or the place of the card dragged
const BLOCK_TYPE = 'text/x-neuralab-block';
const MOVE_TYPE = 'text/x-neuralab-move';

/** A new hidden block of `type` for the list `layers`: a Dense one as wide and with the same
 *  activation as the last Dense block there (4 tanh neurons if none). */
function newBlock(type, layers) {
  const id = newId(layers);
  if (type === 'dropout') return { id, type, p: 0.2 };
  if (type === 'batchnorm') return { id, type };
  const last = [...layers].reverse().find((l) => l.type === 'dense');
  return { id, type: 'dense', units: last ? last.units : 4, activation: last ? last.activation : 'tanh' };
}

/** Insert a new block of `type` at place `at` of the hidden blocks (null: after the last one),
 *  unless the network holds as many as the server takes. */
export function insertBlock(store, type, at) {
  store.update((s) => {
    if (s.layers.length >= (store.scene?.limits.blocks ?? Infinity)) return;   // (the palette says so)
    const block = newBlock(type, s.layers);
    if (at === null || at === undefined || at > s.layers.length) s.layers.push(block);
    else s.layers.splice(at, 0, block);
  });
}

/** Move hidden block `from` to place `to` of the hidden blocks (a card dropped, or ◀ ▶). */
export function moveBlock(store, from, to) {
  if (to === from) return;   // (a card dropped where it was: no new network)
  store.update((s) => {
    const [block] = s.layers.splice(from, 1);
    s.layers.splice(to, 0, block);
  });
}

/** Let palette item `item` be dragged into the network, as a block of `type`. */
export function attachPaletteDrag(item, type) {
  item.addEventListener('dragstart', (e) => {
    e.dataTransfer.setData(BLOCK_TYPE, type);
    e.dataTransfer.setData('text/plain', type);
    e.dataTransfer.effectAllowed = 'copy';
  });
}

/** Let the card of hidden block `i` be dragged to another place (unless a classroom link hides
 *  the architecture). */
export function attachCardDrag(card, store, i) {
  card.draggable = !isHidden(store, 'architecture');
  card.addEventListener('dragstart', (e) => {
    if (e.target.closest('input, select, button')) { e.preventDefault(); return; }
    e.dataTransfer.setData(MOVE_TYPE, String(i));
    e.dataTransfer.setData('text/plain', `move:${i}`);
    e.dataTransfer.effectAllowed = 'move';
    card.classList.add('dragging');
  });
  card.addEventListener('dragend', () => card.classList.remove('dragging'));
}

/** The hidden block's card that `node` (an element under the pointer) is in, or null. */
export const cardAt = (node) => node?.closest?.('[data-testid^="layer-"]') ?? null;

const rightHalf = (card, clientX) => { const r = card.getBoundingClientRect(); return clientX > r.left + r.width / 2; };

/** Where a block dropped at `clientX` on `card` goes, as a place of the hidden blocks: before
 *  the card, after it on its right half; off every card (null), after the last block. */
export function dropPlace(store, card, clientX) {
  if (!card) return store.state.layers.length;
  return Number(card.dataset.testid.slice(6)) + (rightHalf(card, clientX) ? 1 : 0);
}

/** Mark on `card` the side where a drop at `clientX` goes (a blue edge); no card: no mark. */
export function markDrop(columnsEl, card, clientX) {
  columnsEl.querySelectorAll('.drop-before, .drop-after').forEach((n) => n.classList.remove('drop-before', 'drop-after'));
  card?.classList.add(rightHalf(card, clientX) ? 'drop-after' : 'drop-before');
}

/** Hidden block `from`, dragged, dropped at place `at` (dropPlace: counted with it still there). */
export const dropMove = (store, from, at) => moveBlock(store, from, at > from ? at - 1 : at);

/** Drops on the network: a palette block is inserted, a card is moved, before the card under
 *  the pointer (after it when on its right half), or at the end of the hidden blocks. (A finger's
 *  drag of a card: card-touch-drag.js.) */
export function attachDropZone(columnsEl, store) {
  if (columnsEl.dataset.dropZone) return;
  columnsEl.dataset.dropZone = '1';
  const accepts = (e) => [...e.dataTransfer.types].some((t) => t === BLOCK_TYPE || t === MOVE_TYPE || t === 'text/plain');
  columnsEl.addEventListener('dragover', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    markDrop(columnsEl, cardAt(e.target), e.clientX);
  });
  columnsEl.addEventListener('dragleave', (e) => {
    if (!columnsEl.contains(e.relatedTarget)) markDrop(columnsEl, null);
  });
  columnsEl.addEventListener('drop', (e) => {
    e.preventDefault();
    markDrop(columnsEl, null);
    let type = e.dataTransfer.getData(BLOCK_TYPE);
    let move = e.dataTransfer.getData(MOVE_TYPE);
    const plain = e.dataTransfer.getData('text/plain');
    if (!type && !move && plain) {
      if (plain.startsWith('move:')) move = plain.slice(5);
      else if (['dense', 'dropout', 'batchnorm'].includes(plain)) type = plain;
    }
    const at = dropPlace(store, cardAt(e.target), e.clientX);
    if (type) insertBlock(store, type, at);
    else if (move !== '') dropMove(store, Number(move), at);
  });
}
