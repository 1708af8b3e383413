// The popover that edits one weight of the network: a number box opened by a click on a link, by
// Enter on a link's hit path or on a weight of the neuron panel, whose "set" sends the new value
// to the server. It closes on Escape, on a click outside it, on Tab out of it, when its weight
// goes with a new network and when the network leaves the whole screen; the focus goes back to
// where it came from (but after a Tab, which took it on). On the whole screen it is as large as
// the network's words (enlarge.css) and stays beside the link it edits.
import { el } from './colors.js';
import { boxNumber, typedNumber } from './number-boxes.js';
import { layerName } from './layer-names.js';
import { refocus } from './keyboard-focus.js';

/** Whether `scene`'s network still has weight W[to, from] of dense layer `layer`. */
function hasWeight(scene, { layer, to, from }) {
  const dense = scene?.network.layers.find((l) => l.index === layer && l.kind === 'dense');
  return !!dense && to < dense.units && from < dense.in;
}

/** The weight editor, placed in `root` (the scrolled network). */
export function createWeightEditor(store, root) {
  let popover = null;
  let opener = null;         // the test id of the element that had the focus when it opened
  let edited = null;         // the link whose weight it edits
  let sceneId = null;        // the scene whose network the edited weight belongs to

  // A new scene may have another network (a neuron or a block removed, other inputs): the weight
  // the editor names may be gone or be another one, and "set" would be refused or change it.
  // Gone, the focus goes to the neuron the weight led to, else to the network's first neuron
  // (once the network is built again: this runs before it).
  store.on('scene', (scene) => {
    if (!popover || scene.scene_id === sceneId) return;
    const { layer, to } = edited;
    if (hasWeight(scene, edited)) { close(); return; }
    const focused = close(false);
    if (focused) queueMicrotask(() => refocus(root, `neuron-${layer}-${to}`) || root.querySelector('.neuron[tabindex="0"]')?.focus());
  });
  // Escape from anywhere (the box, its buttons, its label clicked), and a press outside it
  // (its default prevented: on the whole screen, the Esc that closes the editor leaves the network there, enlarge.js)
  document.addEventListener('keydown', (e) => { if (popover && e.key === 'Escape') { e.preventDefault(); close(); } });
  document.addEventListener('pointerdown', (e) => { if (popover && !popover.contains(e.target)) close(false); }, true);
  // and the network leaving the whole screen by the browser's own ways (its Esc, F11): the editor
  // stood where the enlarged link was, and the focus went on without it (to Enlarge, enlarge.js)
  document.addEventListener('fullscreenchange', () => close(false));

  /** The editor of a link's weight, at (x, y) in the network's own coordinates. The element that
   *  has the focus (the link, or the neuron panel's weight) gets it back when the editor closes:
   *  the element of the same test id, as the page may be built again meanwhile (a resized window
   *  lays the links out again). */
  function open(link, x, y) {
    close(false);
    // the weight as a box shows numbers (0.0005, not 5.000e-4), to 4 significant digits
    const shown = boxNumber(Number((link.w ?? 0).toPrecision(4)));
    const where = `W[${link.to}, ${link.from}] of ${layerName(store.scene, link.layer)}`;
    const input = el('input', { type: 'number', min: '-100', max: '100', step: '0.01', value: shown, testid: 'weight-input',
      'aria-label': `Weight ${where}` });
    const set = () => {
      const value = typedNumber(input);
      // an emptied box leaves the weight as it was, and so does one left as it opened: its text
      // is the weight rounded to 4 digits, which "set" would otherwise write back
      if (Number.isFinite(value) && input.value !== shown) {
        store.send({ type: 'set_weight', layer: link.layer, to: link.to, from: link.from, value });
      }
      close();
    };
    // (Enter's default would go on to press the button the focus goes back to, opening it again)
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); set(); } });
    popover = el('div', { class: 'weight-popover', testid: 'weight-editor', role: 'dialog',
      'aria-label': `weight W[${link.to}, ${link.from}]` },
      el('div', { class: 'small', text: where }),
      input, el('button', { onclick: set, text: 'set' }),
      el('button', { class: 'ghost', onclick: () => close(), text: '×', 'aria-label': 'close', title: 'close (Esc)' }));
    // Tab (or Shift+Tab) out of it closes it, as Escape does: left open, it stood over the network
    // with a value not set, away from where the keyboard went (which keeps the focus it reached)
    popover.addEventListener('keydown', (e) => {
      if (e.key === 'Tab') setTimeout(() => { if (popover && !popover.contains(document.activeElement)) close(false); });
    });
    opener = document.activeElement?.dataset?.testid ?? null;
    edited = link;
    sceneId = store.scene?.scene_id;
    root.append(popover);
    place(popover, x, y);
    popover.scrollIntoView({ block: 'nearest', inline: 'nearest' });   // (opened from the neuron panel)
    input.focus({ preventScroll: true });
    input.select();
  }

  /** Place the popover beside (x, y), in root's coordinates: 8 px below and right of it, or above
   *  or left of it where root's visible box ends first (by a link at the panel's right edge it
   *  was squeezed to a column of words, over the output). Its zoom (enlarge.css, on the whole
   *  screen) scales its `left` and `top` too: they are set as x / zoom. */
  function place(popover, x, y) {
    const zoom = popover.currentCSSZoom || 1, gap = 8 * zoom;
    // its own size, unsqueezed: measured at root's left edge
    popover.style.left = popover.style.top = '0px';
    const { width, height } = popover.getBoundingClientRect();
    const beside = (at, size, start, room) =>
      (at + gap + size <= start + room ? at + gap : Math.max(start, at - gap - size));
    popover.style.left = `${beside(x, width, root.scrollLeft, root.clientWidth) / zoom}px`;
    popover.style.top = `${beside(y, height, root.scrollTop, root.clientHeight) / zoom}px`;
  }

  /** Close the editor; the focus, if it was in it, goes back to its opener (`back`) or stays
   *  for the caller to place. Returns whether the focus was in it. */
  function close(back = true) {
    if (!popover) return false;
    const focused = popover.contains(document.activeElement);
    popover.remove();
    popover = null;
    if (focused && back) refocus(document, opener);
    opener = edited = null;
    return focused;
  }

  return { open };
}
