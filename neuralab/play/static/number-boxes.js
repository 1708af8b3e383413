// The page's number boxes, and how what is typed in a box reaches the server: as typed, in or
// out of the box's range. The server refuses a value past the range in words that name the box
// and its range (its error's `field` is the value's path in the state: 'hparams.lr',
// 'layers.2.p', 'dataset.n_classes'), and the box gets the text back, marked, to correct it.
// Pulled into the range here instead, a learning rate of 100 became 10, a Dropout of 1.5 became
// 0.9, and nobody said so.

/** A value for a number box, written exactly and as short as it can be: a small value in
 *  exponent form when that is shorter (3e-5 for 0.00003, 1e-3 for 0.001, as learning rates are
 *  written in papers), so that it shows whole in a narrow box. */
export function shortNumber(v) {
  const plain = String(v), exponent = v.toExponential();
  return Math.abs(v) < 1 && exponent.length < plain.length ? exponent : plain;
}

/** The number typed in a number box, or NaN when there is none: an emptied box (or text the
 *  browser cannot read, which it reports as '') means "no new value", whereas Number('') is 0,
 *  which would become the box's minimum (a learning rate of 1e-5, a batch of one sample). */
export function typedNumber(input) {
  return input.value.trim() === '' ? NaN : Number(input.value);
}

const asked = new WeakMap();     // store -> {field, text, scene}: the box whose value went last, until answered
const watched = new WeakSet();   // the stores whose answers are watched

/** Make `input` the box of the state's `field`: the text it sends is kept, and when the server
 *  refuses it (an error naming `field`), written back in the box of that field on the page,
 *  marked, until the next scene. A box made again at each scene (a block's card) is found by
 *  its field: the scene shown again after a refusal has built a new one. */
export function keepsRefused(store, input, field) {
  watch(store);
  input.dataset.field = field;
  input.addEventListener('change', () => asked.set(store, { field, text: input.value, scene: store.scene }));
}

/** A number box of the state's `field` that sends what is typed with `send(value)`, whatever
 *  the box's range, a fraction in a box of whole numbers too (the server says so: a batch of 2.5
 *  became 3 here, silently), and shows `current()`, the state's value, when emptied
 *  (``typedNumber``). */
export function sendsAsTyped(store, input, field, { current, send }) {
  const shown = () => { input.value = shortNumber(current()); input.removeAttribute('aria-invalid'); };
  input.addEventListener('refused-dropped', shown);   // the banner dismissed: the state's value again
  input.addEventListener('change', () => {
    const v = typedNumber(input);
    if (!Number.isFinite(v)) { shown(); return; }
    input.value = shortNumber(v);
    send(v);
  });
  keepsRefused(store, input, field);
}

/** The refused values dropped (the banner dismissed): each marked box shows the state's value
 *  again (its 'refused-dropped' event), not a value the state does not hold. */
export function dropRefused() {
  for (const box of document.querySelectorAll('[data-field][aria-invalid]')) {
    box.removeAttribute('aria-invalid');
    box.dispatchEvent(new Event('refused-dropped'));
  }
}

function watch(store) {
  if (watched.has(store)) return;
  watched.add(store);
  store.on('scene', (scene) => {
    for (const box of document.querySelectorAll('[data-field][aria-invalid]')) box.removeAttribute('aria-invalid');
    // a new scene answers the value sent; the scene shown again after a refusal is the old one
    if (scene !== asked.get(store)?.scene) asked.delete(store);
  });
  store.on('refused', (error) => {
    const sent = asked.get(store);
    asked.delete(store);
    if (!sent || error.field !== sent.field) return;
    const box = document.querySelector(`[data-field="${CSS.escape(sent.field)}"]`);
    if (!box) return;
    box.value = sent.text;
    box.setAttribute('aria-invalid', 'true');
  });
}
