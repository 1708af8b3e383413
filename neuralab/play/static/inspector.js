// The neuron panel: for the selected neuron and training sample, z and a, the incoming weights
// and bias with their gradients, and a large map of the neuron's activation over the plane.
import { diverging, paintGrid, symmetricScale, fmt, el, css, NEG, POS } from './colors.js';

export function createInspector(store, root) {
  const sample = el('input', { type: 'number', min: '0', step: '1', value: '0', class: 'tiny', testid: 'sample' });
  const body = el('div', { class: 'inspector-body' });
  const canvas = el('canvas', { class: 'inspector-map', testid: 'inspector-map' });
  root.append(
    el('div', { class: 'small muted' }, 'Training sample ', sample),
    body, canvas);
  body.append(el('div', { class: 'muted small', text: 'Click a neuron in the network.' }));
  canvas.hidden = true;
  let lastAsk = 0;

  sample.addEventListener('change', () => {
    const n = store.scene?.dataset?.n_train ?? 1;
    store.sample = Math.max(0, Math.min(n - 1, Math.round(Number(sample.value) || 0)));
    sample.value = store.sample;
    store.emit('sample', store.sample);
  });
  store.on('sample', (s) => { sample.value = s; if (store.selected) ask(); });
  store.on('select', ask);
  store.on('scene', () => {
    sample.max = Math.max(0, (store.scene.dataset.n_train ?? 1) - 1);
    if (store.sample > sample.max) store.sample = 0;
    const s = store.selected;
    if (s && !store.scene.network.layers.some((l) => l.index === s.layer && l.kind === 'dense')) store.select(null);
    else ask();
  });
  store.on('frame', () => {
    if (store.selected && performance.now() - lastAsk > 700 && document.body.classList.contains('playing')) ask();
  });
  store.on('inspect', show);

  function ask() {
    const s = store.selected;
    if (!s) { body.replaceChildren(el('div', { class: 'muted small', text: 'Click a neuron in the network.' })); canvas.hidden = true; return; }
    lastAsk = performance.now();
    store.send({ type: 'inspect', layer: s.layer, unit: s.unit, sample: store.sample });
  }

  function show(r) {
    const layer = store.scene?.network.layers.find((l) => l.index === r.layer);
    const act = store.scene?.network.layers.find((l) => l.index === r.layer + 1 && l.kind === 'activation');
    const activation = act?.activation || layer?.activation || 'identity';
    const inputs = r.layer === 0 || !store.scene ? (store.scene?.network.inputs || []) : null;
    const weightRows = (r.weights || []).map((w, k) => el('tr', {},
      el('td', { class: 'muted', text: inputs ? `${inputs[k] ?? k}` : `a${k}` }),
      el('td', { class: 'num', style: `color:${css(w >= 0 ? POS : NEG)}`, text: fmt(w, 4) }),
      el('td', { class: 'num muted', text: fmt(r.grad_weights?.[k], 3) })));
    body.replaceChildren(
      el('div', { class: 'inspector-title' }, `Layer ${r.layer} · neuron ${r.unit}`, el('span', { class: 'muted', text: ` · ${activation}` })),
      el('div', { class: 'kv' },
        el('span', { text: 'z = w·a + b' }), el('span', { class: 'num', testid: 'inspect-z', text: fmt(r.z, 5) }),
        el('span', { text: `a = ${activation}(z)` }), el('span', { class: 'num', testid: 'inspect-a', text: fmt(r.a, 5) }),
        el('span', { text: 'bias b' }), el('span', { class: 'num', testid: 'inspect-bias', text: fmt(r.bias, 5) }),
        el('span', { text: '∂L/∂b' }), el('span', { class: 'num', testid: 'inspect-grad-bias', text: fmt(r.grad_bias, 4) })),
      el('table', { class: 'weights' },
        el('thead', {}, el('tr', {}, el('th', { text: 'from' }), el('th', { text: 'w' }), el('th', { text: '∂L/∂w' }))),
        el('tbody', {}, weightRows)));
    if (r.map && r.map.values && r.map.size) {
      const g = r.map.size;
      const values = Float32Array.from(r.map.values.flat ? r.map.values.flat(2) : r.map.values);
      const s = symmetricScale(values);
      paintGrid(canvas, values, g, values.length / g, (v) => diverging(v / s));
      canvas.hidden = false;
    } else canvas.hidden = true;
  }
}
