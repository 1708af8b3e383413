// The line above the network when its narrowest hidden layer is much narrower than the data's
// classes (the scene's `narrow`, by narrow_network.py's rule: the default 2 neurons for the 10
// classes of digits, which then stops near 50 % test accuracy), with a button that widens every
// narrower hidden layer to the suggested size, then Undo. Nothing changes the network unasked:
// the learner's own network stays theirs. The line goes with a network wide enough or with other
// data, and × hides it until the data changes (a bottleneck of 2 built on purpose, to see the
// classes laid out in a plane, is the learner's to keep).
import { clone } from './state.js';
import { el } from './colors.js';
import { focusAfter } from './keyboard-focus.js';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The line, placed after `anchor` (the network's toolbar). */
export function createNarrowNotice(store, anchor) {
  const text = el('span', { testid: 'narrow-text' });
  const widen = el('button', { class: 'tiny', testid: 'narrow-widen' });
  const undo = el('button', { class: 'tiny', testid: 'narrow-undo', text: 'Undo',
    title: 'put the hidden layers back as they were, with fresh weights' });
  const close = el('button', { class: 'ghost tiny', testid: 'narrow-close', text: '×' });
  // (data-part: a classroom link that fixes the architecture hides it with the "+" buttons)
  const line = el('div', { class: 'narrow-notice small', testid: 'narrow-notice', 'data-part': 'architecture',
    role: 'status', hidden: true }, text, widen, undo, close);
  anchor.after(line);

  const data = () => JSON.stringify(store.state.dataset);
  let widened = null;      // {before, after, data, to}: the last widening, which Undo takes back
  let closedOn = null;     // the data (JSON) whose notice × closed

  // Fresh weights with the new layers (the ↺ button's reset), as a network chosen anew starts: the
  // narrow layers' weights kept (transplant.py), with the new units read at weight 0, trained
  // digits to 75 % in five epochs where fresh ones reach 93 %. Undo starts the old layers afresh too.
  const rebuild = (fn) => {
    store.update(fn);
    store.resetWeights();
  };
  widen.addEventListener('click', () => {
    const to = store.scene.narrow.widen_to, before = clone(store.state.layers);
    rebuild((s) => { for (const b of s.layers) if (b.type === 'dense' && b.units < to) b.units = to; });
    widened = { before, after: clone(store.state.layers), data: data(), to };
    show();
    undo.focus();            // (the button pressed is gone: Enter again undoes it)
  });
  undo.addEventListener('click', () => {
    const { before } = widened;
    widened = null;
    rebuild((s) => { s.layers = before; });
    show();                  // (the notice comes back with the narrow network's scene)
  });
  close.addEventListener('click', () => {
    if (widened) widened = null; else closedOn = data();
    show();
  });

  function show() {
    const focused = line.contains(document.activeElement);
    // Undo is offered while the network is the widened one, on the same data; × holds until other data
    if (widened && !(widened.data === data() && same(widened.after, store.state.layers))) widened = null;
    if (closedOn !== data()) closedOn = null;
    const narrow = closedOn === null && store.scene?.narrow;
    if (widened) {
      text.textContent = `Every hidden layer narrower than ${widened.to} neurons now has ${widened.to}, with fresh weights: press ▶ to train it.`;
      close.title = 'keep the wider network and close this line';
    } else if (narrow) {
      text.textContent = narrow.message;
      widen.textContent = `Widen to ${narrow.widen_to} neurons`;
      widen.title = `give every hidden layer narrower than ${narrow.widen_to} neurons ${narrow.widen_to}, with fresh weights (Undo puts them back)`;
      close.title = 'keep this network (the notice comes back with other data)';
    }
    close.setAttribute('aria-label', close.title);
    line.hidden = !widened && !narrow;
    widen.hidden = Boolean(widened);
    undo.hidden = !widened;
    if (focused && line.hidden) focusAfter(line);
  }
  store.on('scene', show);
}
