// A hidden block's card dragged by a finger, to reorder the blocks as the mouse's drag does: a
// touch screen starts no HTML5 drag (Chromium's), and a finger's drag of a card scrolled the page,
// or, sideways, took the browser back. A long press lifts the card (faded, as a dragged one); the
// finger then moves the drop mark from card to card, and lifting it drops the block there, at the
// place and by the move a mouse's drop makes (controls.js); at the network's left or right edge,
// or past it, it scrolls the network that way (a phone shows a block or two at a time). A finger
// that moves before the press is long scrolls, as before, and a tap is a tap. A browser that
// starts its own drag on a long press (Safari on an iPad) cancels this one (pointercancel): its
// drop is the HTML5 drop.
import { cardAt, dropMove, dropPlace, markDrop } from './controls.js';

const LONG_PRESS_MS = 400;   // a tap is shorter; a phone's own long press lifts at about 500 ms
const SLOP = 8;              // pixels a finger may drift while it presses: further is a scroll
const EDGE = 32, EDGE_STEP = 8;   // a finger this near the network's edge scrolls it, pixels a frame

/** Let a finger drag the hidden blocks' cards in `columnsEl` (the network's columns, kept across
 *  scenes); call once. */
export function attachCardTouchDrag(columnsEl, store) {
  let press = null;   // the finger on a card: {id, card, from, x, y (where it is), edge, timer, lifted}
  const scroller = columnsEl.parentElement;   // (the network's panel, scrolled sideways)
  // a lifted card's finger scrolls nothing (a listener that may cancel: the browser asks it
  // before it scrolls), nor opens a menu
  columnsEl.addEventListener('touchmove', (e) => { if (press?.lifted) e.preventDefault(); }, { passive: false });
  columnsEl.addEventListener('contextmenu', (e) => { if (press?.lifted) e.preventDefault(); });
  columnsEl.addEventListener('pointerdown', (e) => {
    const card = cardAt(e.target);
    if (e.pointerType !== 'touch' || press || !card?.draggable || e.target.closest('input, select, button')) return;
    press = { id: e.pointerId, card, from: Number(card.dataset.testid.slice(6)), x: e.clientX, y: e.clientY, lifted: false };
    press.timer = setTimeout(() => {
      press.lifted = true;
      card.classList.add('dragging');
      card.dispatchEvent(new Event('cardlift', { bubbles: true }));   // (its maps fade with it: neuron-maps.js)
    }, LONG_PRESS_MS);
  });
  columnsEl.addEventListener('pointermove', (e) => {
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
  columnsEl.addEventListener('pointerup', (e) => { if (e.pointerId === press?.id) end(e); });
  columnsEl.addEventListener('pointercancel', (e) => { if (e.pointerId === press?.id) end(null); });

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

  /** The finger lifted (`up`, a pointerup) or the press given up (null): a lifted card lifted
   *  over the network (or beside it, at its height) drops its block there; anywhere else it
   *  goes back. */
  function end(up) {
    const { card, from, lifted, timer } = press;
    press = null;
    clearTimeout(timer);
    card.classList.remove('dragging');
    markDrop(columnsEl, null);
    if (!lifted) return;
    columnsEl.dispatchEvent(new Event('cardland'));
    if (!up) return;
    const there = under(up.clientX, up.clientY);
    if (columnsEl.contains(there.node)) dropMove(store, from, dropPlace(store, there.card, there.x));
  }
}
