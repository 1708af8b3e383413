// The page's number boxes, and how what is typed in a box reaches the server: as typed, in or
// out of the box's range. The server refuses a value past the range in words that name the box
// and its range (its error's `field` is the value's path in the state: 'hparams.lr',
// 'layers.2.p', 'dataset.n_classes'), and the box gets the text back, marked, to correct it.
// Pulled into the range here instead, a learning rate of 100 became 10, a Dropout of 1.5 became
// 0.9, and nobody said so.

/** A value for a number box, written as a learner types it: plain decimals down to 1e-6
 *  (0.0001, 0.00003: a learner who typed 0.0001 read it back as "1e-4"), in exponent form only
 *  below that (1e-7), as JavaScript writes numbers. What is typed in exponent form ("1e-4") is
 *  read all the same (``typedNumber``) and shown back plain. */
export function boxNumber(v) {
  return String(v);
}

/** The number typed in a number box, or NaN when there is none: an emptied box (or text the
 *  browser cannot read, which it reports as '') means "no new value", whereas Number('') is 0,
 *  which would become the box's minimum (a learning rate of 1e-5, a batch of one sample). */
export function typedNumber(input) {
  return input.value.trim() === '' ? NaN : Number(input.value);
}

const asked = new WeakMap();     // store -> {field, text, scene}: the box whose value went last, until answered
const refusals = new WeakMap();  // a refusesPastRange box -> the refusal of the value it holds, marked
const watched = new WeakSet();   // the stores whose answers are watched

/** The range [lo, hi] the server checks the state's `field` against ('hparams.lr', 'layers.2.p':
 *  a block's by its kind of number), from the scene's `limits`; undefined for a field of no range
 *  (the schedule). */
function limitOf(scene, field) {
  const path = field.split('.');
  return scene?.limits?.[path[0]]?.[path[path.length - 1]];
}

/** The box's min and max, those of the server (its arrow keys stop there, as its checks do). */
function setRange(input, scene) {
  const range = limitOf(scene, input.dataset.field);
  if (range) [input.min, input.max] = range.map(String);
}

/** Make `input` the box of the state's `field`: the text it sends is kept, and when the server
 *  refuses it (an error naming `field`), written back in the box of that field on the page,
 *  marked, until the next scene. A box made again at each scene (a block's card) is found by
 *  its field: the scene shown again after a refusal has built a new one. Its range is the
 *  scene's (set again at each scene; a card's box, made with its scene, at once). */
export function keepsRefused(store, input, field) {
  watch(store);
  input.dataset.field = field;
  setRange(input, store.scene);
  input.addEventListener('change', () => asked.set(store, { field, text: input.value, scene: store.scene }));
}

/** A number box of the state's `field` that sends what is typed with `send(value)`, whatever
 *  the box's range, a fraction in a box of whole numbers too (the server says so: a batch of 2.5
 *  became 3 here, silently), and shows `current()`, the state's value, when emptied
 *  (``typedNumber``). */
export function sendsAsTyped(store, input, field, { current, send }) {
  const shown = () => { input.value = boxNumber(current()); input.removeAttribute('aria-invalid'); };
  input.addEventListener('refused-dropped', shown);   // the banner dismissed: the state's value again
  input.addEventListener('change', () => {
    const v = typedNumber(input);
    if (!Number.isFinite(v)) { shown(); return; }
    input.value = boxNumber(v);
    send(v);
  });
  keepsRefused(store, input, field);
}

/** A box of a whole number in a range the page knows, which no state field holds (the training
 *  sample the neuron panel and the trace show, 0..n_train − 1): what is typed past the range, or
 *  a fraction, is refused as the server refuses the other boxes' values, in the banner in the
 *  same words ("Training sample must be in 0..199, got 500"), its text kept in the box, marked,
 *  until the banner is dismissed; pulled into the range here, 500 showed sample 199 without a
 *  word. `range()` is [lo, hi] (hi < lo: none yet, `none` says why), `current()` the value the
 *  box shows, `take(v)` takes one in range. Returns `shown`, which shows `current()` unmarked
 *  and the range in the box's title (to call when the value or the range changes). */
export function refusesPastRange(store, input, { label, range, current, take, none }) {
  const shown = () => {
    const [lo, hi] = range();
    [input.min, input.max] = [String(lo), String(Math.max(lo, hi))];
    input.title = hi < lo ? none.message : `${label.toLowerCase()}: ${lo} to ${hi}`;
    input.value = current();
    input.removeAttribute('aria-invalid');
    refusals.delete(input);
  };
  input.addEventListener('refused-dropped', shown);   // the banner dismissed
  let refused = null;    // the refusal the banner shows, taken down when a value is taken
  input.addEventListener('change', () => {
    const v = typedNumber(input), [lo, hi] = range();
    if (!Number.isFinite(v)) { shown(); return; }
    store.withdrawError(refused);
    refused = hi < lo ? { ...none }
      : !Number.isInteger(v) ? { message: `${label} must be an integer, got ${input.value}` }
        : (v < lo || v > hi) ? { message: `${label} must be in ${lo}..${hi}, got ${input.value}` } : null;
    if (!refused) { take(v); return; }
    store.showError(refused);
    input.setAttribute('aria-invalid', 'true');
    refusals.set(input, refused);
  });
  return shown;
}

/** The refusal ({message, suggestion}) of the value a refusesPastRange box holds, marked; none
 *  while it shows a value taken. A button that acts on the box's value (the trace's "Trace
 *  sample") refuses too: else it acted on the value taken before, which the box did not show. */
export function refusalOf(input) {
  return refusals.get(input);
}

/** The refused values dropped (the banner dismissed): each marked box shows the state's value
 *  again (its 'refused-dropped' event), not a value the state does not hold. */
export function dropRefused() {
  for (const box of document.querySelectorAll('input[aria-invalid]')) {
    box.removeAttribute('aria-invalid');
    box.dispatchEvent(new Event('refused-dropped'));
  }
}

function watch(store) {
  if (watched.has(store)) return;
  watched.add(store);
  store.on('scene', (scene) => {
    for (const box of document.querySelectorAll('[data-field]')) setRange(box, scene);
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
