// The neuron panel: for the selected neuron and training sample, z and a, the incoming weights
// and bias with their gradients, and a large map of the neuron's activation over the plane.
import { diverging, paintGrid, symmetricScale, valueScale, fmt, el, css, NEG, POS } from './colors.js';
import { layerName } from './layer-names.js';
import { refusesPastRange } from './number-boxes.js';
import { focusIn, refocus } from './keyboard-focus.js';
import { besideEnlargedNetwork } from './enlarge.js';

const PICK = 'Click a neuron in the network.';
// a drawing with no point yet (just chosen, or cleared) has no sample to show the neuron on: the
// server refuses to inspect one, and its refusal would stand in the banner as if the learner's
// click had failed
const NO_SAMPLE = 'No training points yet: click on the plane to add some, and the neuron shows its z and a for one.';
// z and a are the chosen sample's; the gradients are those of the last training step (its whole
// batch); "Trace sample" gives one sample's own gradient
const SHORT_NAME = 8;   // characters of an input's name that its quarter of the weights' row holds
const GRADIENT_OF = 'the gradient of the last training step, over its whole batch '
  + '(not this sample\'s own: "Trace sample" shows that)';

/** The training sample the neuron panel and the trace show (one for both): `value` rounded and
 *  kept within the training part, 0..n_train − 1, as the server takes only those (new data of
 *  fewer samples keeps the last one; a number typed past them is refused: ``sampleBox``). */
export function chooseSample(store, value) {
  store.sample = Math.max(0, Math.min(lastSample(store.scene), Math.round(Number(value) || 0)));
  store.emit('sample', store.sample);
}

function lastSample(scene) { return Math.max(0, (scene?.dataset.n_train ?? 1) - 1); }

/** A box of the training sample (the neuron panel's, the trace's): a number typed past the
 *  training part, or a fraction, is refused in words, the box marked, as the other number boxes
 *  are (number-boxes.js). Returns the function that shows the sample chosen, and its range. */
export function sampleBox(store, input) {
  return refusesPastRange(store, input, {
    label: 'Training sample', current: () => store.sample, take: (v) => chooseSample(store, v),
    range: () => [0, (store.scene?.dataset.n_train ?? 1) - 1],
    none: { message: 'there are no training points yet', suggestion: 'click on the plane to add some' } });
}

/** The activation layer right after dense layer `index`, if any (where its a = f(z) is taken). */
export function activationAfter(scene, index) {
  return scene?.network.layers.find((l) => l.index === index + 1 && l.kind === 'activation');
}

/** A regression's output unit: its a in the target's units, y = σ·a + μ (the server's `y`), as the
 *  map and the board show it, with the μ and σ that say how, and the sample's actual value (the
 *  server's `actual`), without which the prediction cannot be judged; z, a, w and b stay the
 *  network's own (z = w·a + b holds in those numbers). No rows for any other unit. */
function targetRows(r, ds) {
  if (r.y === undefined || !ds) return [];
  const how = `output in the target's units: y = σ·a + μ, with μ = ${fmt(ds.target_mean, 4)} and σ = ${fmt(ds.target_std, 4)}`
    + ' (the network learns t = (y − μ) / σ: z and a are in its units)';
  const actual = ds.target ? `actual ${ds.target}` : 'actual value';
  return [el('span', { text: 'y = σ·a + μ', title: how }), el('span', { class: 'num', testid: 'inspect-y', text: inTargetUnits(r.y) }),
    ...(r.actual === undefined ? [] : [el('span', { text: actual, title: "this training sample's target, which y predicts" }),
      el('span', { class: 'num', testid: 'inspect-actual', text: inTargetUnits(r.actual) })]),
    el('span', { class: 'small muted note', testid: 'inspect-units', text: how })];
}

/** A value in the target's units to five significant digits, written out as a learner reads a
 *  price while nine characters hold it (295730, where fmt wrote 2.9573e+5), else fmt's. */
function inTargetUnits(v) {
  const plain = typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(5))) : '';
  return plain && plain.length <= 9 && !plain.includes('e') ? plain : fmt(v, 5);
}

export function createInspector(store, root) {
  const sample = el('input', { type: 'number', step: '1', value: '0', class: 'tiny', testid: 'sample' });
  const body = el('div', { class: 'inspector-body' });
  const canvas = el('canvas', { class: 'inspector-map', testid: 'inspector-map' });
  // (the map's box: beside the enlarged network, as large as the room left under the numbers)
  root.append(
    el('label', { class: 'small muted' }, 'Training sample ', sample),
    body, el('div', { class: 'inspector-map-box' }, canvas));
  canvas.hidden = true;
  idle(PICK);
  let lastAsk = 0;
  let asking = false;
  let known = null;    // the scene whose layer indices the selection uses
  let following = false;   // the selection moved by a new scene, not by a click
  const beside = besideNetwork(store, root.closest('.panel'));

  const showSample = sampleBox(store, sample);
  store.on('sample', () => { showSample(); if (store.selected) ask(); });
  store.on('select', (s) => (s ? ask() : idle(PICK)));
  store.on('select', (s) => { if (s && !following) beside.open(); });
  store.on('scene', (scene) => {
    showSample();   // the new data's range (and a refused number gone with the banner the scene took down)
    // an edit may remove the selected neuron, or renumber the layers: follow the neuron's block
    // (its id survives the edit) and keep a unit that still exists, before anything asks for it
    const s = store.selected;
    const block = s && known?.network.layers.find((l) => l.index === s.layer)?.block;
    known = scene;
    const dense = s && scene.network.layers.find((l) => l.kind === 'dense' && l.block === block);
    if (s && !dense) {
      store.select(null);
      idle('The neuron you were inspecting was removed with its block. ' + PICK);
    } else if (s) {
      following = true;     // (a panel closed on the whole screen stays closed)
      store.select({ layer: dense.index, unit: Math.min(s.unit, dense.units - 1),
        act: activationAfter(scene, dense.index)?.index ?? null });
      following = false;
    }
    if (store.sample > lastSample(scene)) chooseSample(store, store.sample);   // new data, fewer samples
  });
  store.on('frame', () => {
    // not while an edit is on its way to the server: it may already have the new network, which
    // the selection follows only when the scene comes back
    if (store.selected && performance.now() - lastAsk > 700 && document.body.classList.contains('playing')
      && JSON.stringify(store.state) === JSON.stringify(store.scene.state)) ask();
  });
  store.on('inspect', show);

  function idle(text) {
    body.replaceChildren(el('div', { class: 'muted small', text }));
    canvas.hidden = true;
  }

  /** One request once the listeners of the current event have run (a scene moves both the
   *  selection and the sample), for the selection and sample they leave. */
  function ask() {
    if (asking) return;
    asking = true;
    queueMicrotask(() => {
      asking = false;
      const s = store.selected;
      if (!s) return;
      if (store.scene?.dataset.n_train === 0) { idle(NO_SAMPLE); return; }
      lastAsk = performance.now();
      store.send({ type: 'inspect', layer: s.layer, unit: s.unit, sample: store.sample });
    });
  }

  function show(r) {
    const layer = store.scene?.network.layers.find((l) => l.index === r.layer);
    const act = activationAfter(store.scene, r.layer);
    const activation = act?.activation || layer?.activation || 'identity';
    const inputs = r.layer === 0 || !store.scene ? (store.scene?.network.inputs || []) : null;
    // names longer than a quarter of a narrow panel holds each take a line of their own (style.css)
    const named = !!inputs?.some((name) => String(name).length > SHORT_NAME);
    const weightRows = (r.weights || []).map((w, k) => el('tr', {},
      el('td', { class: 'muted', text: inputs ? `${inputs[k] ?? k}` : `a${k}`, title: inputs && !named ? `${inputs[k] ?? k}` : null }),
      // each weight opens its editor, as a click on its link does (which a wide layer's links,
      // packed close, make hard to hit)
      el('td', { class: 'num' }, el('button', { class: 'weight-button', testid: `inspect-w-${k}`,
        style: `color:${css(w >= 0 ? POS : NEG)}`, text: fmt(w, 4), title: 'edit this weight',
        'aria-label': `edit the weight from ${inputs ? inputs[k] ?? k : `unit ${k}`}: ${fmt(w, 4)}`,
        onclick: () => store.emit('edit-weight', { layer: r.layer, to: r.unit, from: k }) })),
      el('td', { class: 'num muted', text: fmt(r.grad_weights?.[k], 3) })));
    const focused = focusIn(body);     // (a weight the keyboard is on keeps the focus)
    body.replaceChildren(
      el('div', { class: 'inspector-title', testid: 'inspector-title', text: `${layerName(store.scene, r.layer)} · neuron ${r.unit}` }),
      el('div', { class: 'kv' },
        el('span', { text: 'z = w·a + b' }), el('span', { class: 'num', testid: 'inspect-z', text: fmt(r.z, 5) }),
        el('span', { text: `a = ${activation}(z)` }), el('span', { class: 'num', testid: 'inspect-a', text: fmt(r.a, 5) }),
        ...targetRows(r, store.scene?.dataset),
        el('span', { text: 'bias b' }), el('span', { class: 'num', testid: 'inspect-bias', text: fmt(r.bias, 5) }),
        el('span', { text: '∂L/∂b (last batch)', title: GRADIENT_OF }), el('span', { class: 'num', testid: 'inspect-grad-bias', text: fmt(r.grad_bias, 4) })),
      // (a box that scrolls a long list, the table within it laid out to the panel's width)
      el('div', { class: 'weights-box' }, el('table', { class: named ? 'weights named' : 'weights' },
        el('thead', {}, el('tr', {}, el('th', { text: 'from' }), el('th', { text: 'w' }), el('th', { title: GRADIENT_OF }, '∂L/∂w ', el('span', { class: 'unbroken', text: '(last batch)' })))),
        el('tbody', {}, weightRows))));
    refocus(body, focused);
    if (r.map && r.map.values && r.map.size) {
      const g = r.map.size;
      const values = Float32Array.from(r.map.values.flat ? r.map.values.flat(2) : r.map.values);
      // a regression's output, in the target's units, has the output map's colours
      const { mid, scale } = r.y === undefined ? { mid: 0, scale: symmetricScale(values) } : valueScale(store.scene.dataset);
      paintGrid(canvas, values, g, values.length / g, (v) => diverging((v - mid) / scale));
      canvas.hidden = false;
    } else canvas.hidden = true;
  }
}

/** The neuron panel (`panel`) beside the network on the whole screen (enlarge.js's
 *  besideEnlargedNetwork): a neuron clicked there was ringed, and its numbers and map stood on the
 *  page, out of sight. A neuron inspected there brings the panel into the network's, at its right
 *  (on a phone upright, under it), its words grown as the network's (enlarge.css).
 *  Its × takes it back to its place, the network alone on the screen, the focus on the neuron it
 *  shows; so does the end of full screen, which is what Esc does in a browser on a screen (it takes
 *  the key for itself there; headless Chromium hands it to the page, where it closes the panel as
 *  × does). Returns enlarge.js's {open, back, beside}. */
function besideNetwork(store, panel) {
  const neuron = (network) => {
    const s = store.selected;
    return s && network.querySelector(`.neuron[data-key="${s.layer}-${s.unit}"]`);
  };
  // (Esc: the weight editor's first, opened from this panel's weights: its listener comes first,
  // added with the network before this panel, app.js)
  const beside = besideEnlargedNetwork(panel, { refocus: neuron });
  const close = el('button', { class: 'ghost tiny inspector-close', testid: 'inspector-close', text: '×',
    'aria-label': 'close the neuron panel', title: 'close: the network alone on the screen (Esc: back to the page)',
    onclick: beside.back });
  panel.querySelector('.panel-title').after(close);
  return beside;
}
