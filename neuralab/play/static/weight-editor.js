// The popup that edits one weight of the network: a number box opened by a click on a link (or
// Enter on a link's hit path), whose "set" sends the new value to the server.
import { fmt, el } from './colors.js';
import { typedNumber } from './number-boxes.js';
import { layerName } from './layer-names.js';
import { refocus } from './keyboard-focus.js';

/** The weight editor, placed in `root` (the scrolled network); `links` is the SVG that holds the
 *  links' hit paths, where the focus goes back when the editor closes. */
export function createWeightEditor(store, root, links) {
  let popover = null;
  let opener = null;         // the test id of the link whose editor the keyboard opened
  let sceneId = null;        // the scene whose network the edited weight belongs to

  // A new scene may have another network (a neuron or a block removed, other inputs): the weight
  // the editor names may be gone or be another one, and "set" would be refused or change it.
  store.on('scene', (scene) => { if (popover && scene.scene_id !== sceneId) close(); });

  /** The editor of a link's weight, at (x, y) in the network's own coordinates; `from` (the
   *  link, when the keyboard opened it) gets the focus back when the editor closes. The links
   *  may be laid out again meanwhile (a resized window, a new scene): the focus goes to the link
   *  of the same test id, not to a node no longer on the page. */
  function open(link, x, y, from = null) {
    close();
    const shown = fmt(link.w ?? 0, 4);
    const input = el('input', { type: 'number', min: '-100', max: '100', step: '0.01', value: shown, testid: 'weight-input' });
    const set = () => {
      const value = typedNumber(input);
      // an emptied box leaves the weight as it was, and so does one left as it opened: its text
      // is the weight rounded to 4 digits, which "set" would otherwise write back
      if (Number.isFinite(value) && input.value !== shown) {
        store.send({ type: 'set_weight', layer: link.layer, to: link.to, from: link.from, value });
      }
      close();
    };
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') set(); if (e.key === 'Escape') close(); });
    popover = el('div', { class: 'weight-popover', testid: 'weight-editor' },
      el('div', { class: 'small', text: `W[${link.to}, ${link.from}] of ${layerName(store.scene, link.layer)}` }),
      input, el('button', { onclick: set, text: 'set' }),
      el('button', { class: 'ghost', onclick: close, text: '×' }));
    popover.style.left = `${x + 8}px`;
    popover.style.top = `${y + 8}px`;
    opener = from?.dataset.testid ?? null;
    sceneId = store.scene?.scene_id;
    root.append(popover);
    input.focus();
    input.select();
  }

  function close() {
    if (!popover) return;
    popover.remove();
    popover = null;
    refocus(links, opener);
    opener = null;
  }

  return { open };
}
