// A hidden block's card, or a palette block, dragged by a finger, as the mouse's drag does: a
// touch screen starts no HTML5 drag (Chromium's), and a finger's drag of a card scrolled the page,
// or, sideways, took the browser back; a palette block could only be appended, by a tap. A long
// press lifts the card or the palette block (faded, as a dragged one); the finger then moves the
// drop mark from card to card, and lifting it drops the block there, at the place a mouse's drop
// makes, by the same move or insertion (block-drag.js); at the network's left or right edge, or
// past it, it scrolls the network that way (a phone shows a block or two at a time). A finger
// that moves before the press is long scrolls, as before, and a tap is a tap (a palette block's
// appends its block). A browser that starts its own drag on a long press (Safari on an iPad)
// cancels this one (pointercancel): its drop is the HTML5 drop.
import { cardAt, dropMove, dropPlace, insertBlock, markDrop } from './block-drag.js';

const LONG_PRESS_MS = 400;   // a tap is shorter; a phone's own long press lifts at about 500 ms
const SLOP = 8;              // pixels a finger may drift while it presses: further is a scroll
const EDGE = 32, EDGE_STEP = 8;   // a finger this near the network's edge scrolls it, pixels a frame

/** Let a finger drag the hidden blocks' cards in `columnsEl` (the network's columns, kept across
 *  scenes) and the palette's blocks above them into it; call once. */
export function attachCardTouchDrag(columnsEl, store) {
  // the finger on a card or a palette block (`source`): the card's block `from`, or the palette's
  // block `type`; x, y (where it is), edge, timer, lifted
  let press = null;
  const scroller = columnsEl.parentElement;   // (the network's panel, scrolled sideways)
  const panel = scroller.closest('.network-panel');   // (the palette in its toolbar, the columns)
  // a lifted block's finger scrolls nothing (a listener that may cancel: the browser asks it
  // before it scrolls), nor opens a menu
  panel.addEventListener('touchmove', (e) => { if (press?.lifted) e.preventDefault(); }, { passive: false });
  panel.addEventListener('contextmenu', (e) => { if (press?.lifted) e.preventDefault(); });
  panel.addEventListener('pointerdown', (e) => {
    if (e.pointerType !== 'touch' || press || e.target.closest('input, select, button')) return;
    const card = columnsEl.contains(e.target) ? cardAt(e.target) : null;
    const item = e.target.closest('.palette-item');
    const source = card ?? item;
    if (!source?.draggable) return;
    press = { id: e.pointerId, source, from: card ? Number(card.dataset.testid.slice(6)) : null,
      type: item?.dataset.testid.slice('palette-'.length), x: e.clientX, y: e.clientY, lifted: false };
    press.timer = setTimeout(() => {
      press.lifted = true;
      source.classList.add('dragging');
      // (a card's maps fade with it: neuron-maps.js)
      if (card) card.dispatchEvent(new Event('cardlift', { bubbles: true }));
    }, LONG_PRESS_MS);
  });
  panel.addEventListener('pointermove', (e) => {
    if (e.pointerId !== press?.id) return;
    if (!press.lifted) {
      if (Math.hypot(e.clientX - press.x, e.clientY - press.y) > SLOP) end(null);
      return;
    }
    const wasAtEdge = press.edge;
    [press.x, press.y] = [e.clientX, e.clientY];
    const box = scroller.getBoundingClientRect();
    press.edge = press.x > box.right - EDGE ? 1 : press.x < box.left + EDGE ? -1 : 0;
    if (press.edge && !wasAtEdge) requestAnimationFrame(scrollAtEdge);
    follow();
  });
  panel.addEventListener('pointerup', (e) => { if (e.pointerId === press?.id) end(e); });
  panel.addEventListener('pointercancel', (e) => { if (e.pointerId === press?.id) end(null); });

  /** What is under the finger at (x, y), or, past the network's left or right edge, under the
   *  edge at its height: the card there, or in that column above or below the finger (the cards
   *  are as tall as their neurons, and the finger hides what it is on), null if none; the node
   *  there, and the x. */
  function under(x, y) {
    const box = scroller.getBoundingClientRect();
    const inside = Math.min(Math.max(x, box.left + 1), box.right - 1);
    const node = document.elementFromPoint(inside, y);
    const card = cardAt(node) ?? [...columnsEl.querySelectorAll('.col.block')].find((c) => {
      const r = c.getBoundingClientRect();
      return r.left <= inside && inside <= r.right;
    }) ?? null;
    return { node, card, x: inside };
  }

  /** The drop mark on the card under the finger. */
  function follow() {
    const { card, x } = under(press.x, press.y);
    markDrop(columnsEl, card, x);
  }

  /** While a lifted card's finger stays at an edge of the network, it scrolls a step a frame. */
  function scrollAtEdge() {
    if (!press?.lifted || !press.edge) return;
    scroller.scrollLeft += press.edge * EDGE_STEP;
    follow();
    requestAnimationFrame(scrollAtEdge);
  }

  /** The finger lifted (`up`, a pointerup) or the press given up (null): a lifted block lifted
   *  over the network (or beside it, at its height) is dropped there, a card's moved, a palette's
   *  inserted; anywhere else nothing changes. */
  function end(up) {
    const { source, from, type, lifted, timer } = press;
    press = null;
    clearTimeout(timer);
    source.classList.remove('dragging');
    markDrop(columnsEl, null);
    if (!lifted) return;
    if (from !== null) columnsEl.dispatchEvent(new Event('cardland'));
    if (!up) return;
    const there = under(up.clientX, up.clientY);
    if (!columnsEl.contains(there.node)) return;
    const at = dropPlace(store, there.card, there.x);
    if (from !== null) dropMove(store, from, at);
    else insertBlock(store, type, at);
  }
}
