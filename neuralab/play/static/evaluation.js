// For data that is not a plane: the confusion matrix, the misclassified examples (as
// images for image data) and the first layer's weights drawn as images.
import { diverging, paintGrid, symmetricScale, classColor, el } from './colors.js';
import { paced } from './pace.js';

export function createEvaluation(store, root) {
  const confusion = el('div', { class: 'confusion', testid: 'confusion' });
  const missed = el('div', { class: 'image-grid', testid: 'misclassified' });
  const first = el('div', { class: 'image-grid', testid: 'first-layer-images' });
  const confusionTitle = el('div', { class: 'small muted' });
  const missedTitle = el('div', { class: 'small muted' });
  const sections = {
    confusion: el('div', { class: 'eval-section' }, confusionTitle, confusion),
    missed: el('div', { class: 'eval-section' }, missedTitle, missed),
    first: el('div', { class: 'eval-section' }, el('div', { class: 'small muted', text: 'First-layer weights as images' }), first),
  };
  const note = el('div', { class: 'small muted', text: 'A confusion matrix and the misclassified examples appear here for classification; first-layer weights as images for image data.' });
  root.append(note, sections.confusion, sections.missed, sections.first);
  // the part the server counts: the test part, or the training part when there is none (drawn
  // data); the frame does not say which, the scene's sizes do
  let part = 'test';

  store.on('scene', (scene) => {
    for (const s of Object.values(sections)) s.hidden = true;
    part = scene.dataset.n_test ? 'test' : 'training';
    confusionTitle.textContent = `Confusion matrix (${part}; rows: true class)`;
    missedTitle.textContent = `Misclassified ${part} examples`;
  });
  store.on('frame', paced(() => {          // these arrays change at most 10 times a second
    if (!store.frame) return;
    const a = store.frame.arrays;
    const names = store.scene?.dataset.class_names || [];
    sections.confusion.hidden = !a.confusion;
    if (a.confusion) drawConfusion(a.confusion, names);
    sections.missed.hidden = !a.misclassified;
    if (a.misclassified) drawMissed(a.misclassified, a.misclassified_images, names, store.frame);
    sections.first.hidden = !a.first_layer_images;
    if (a.first_layer_images) drawImages(first, a.first_layer_images, (u) => `neuron ${u}`, true);
    note.hidden = !!(a.confusion || a.first_layer_images);
  }, 10));

  function drawConfusion(m, names) {
    const K = m.shape[0];
    let max = 0, total = 0, right = 0;
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) {
      const v = m[i * K + j]; max = Math.max(max, v); total += v; if (i === j) right += v;
    }
    const table = el('table', { class: 'cm' });
    table.append(el('tr', {}, el('th', { text: '' }), ...Array.from({ length: K }, (_, j) => el('th', { text: names[j] ?? j }))));
    for (let i = 0; i < K; i++) {
      table.append(el('tr', {}, el('th', { text: names[i] ?? i }), ...Array.from({ length: K }, (_, j) => {
        const v = m[i * K + j];
        const s = max ? v / max : 0;
        const bg = i === j ? `rgba(8,119,189,${0.1 + 0.8 * s})` : v ? `rgba(245,147,34,${0.15 + 0.8 * s})` : 'transparent';
        return el('td', { style: `background:${bg};color:${s > 0.6 ? '#fff' : '#222'}`, text: v });
      })));
    }
    confusion.replaceChildren(table, el('div', { class: 'small muted', text: `${right} of ${total} right` }));
  }

  function drawMissed(idx, images, names, frame) {
    if (images && images.shape.length === 3) {
      drawImages(missed, images, (i) => `${part} #${idx[i]}`, false);
    } else {
      missed.replaceChildren(el('div', { class: 'small', text: Array.from(idx).map((i) => `#${i}`).join(', ') || 'none' }));
    }
  }
}

function drawImages(container, arr, label, signed) {
  const [n, h, w] = arr.shape;
  const size = h * w;
  if (container.children.length !== n) {
    container.replaceChildren(...Array.from({ length: n }, (_, i) => el('canvas', { class: 'img', title: label(i) })));
  }
  for (let i = 0; i < n; i++) {
    const slice = arr.subarray(i * size, (i + 1) * size);
    if (signed) {
      const s = symmetricScale(slice) || 1;
      let m = 0; for (const v of slice) m = Math.max(m, Math.abs(v));
      paintGrid(container.children[i], slice, h, w, (v) => diverging(v / (m || 1)));
    } else {
      let lo = Infinity, hi = -Infinity;
      for (const v of slice) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      paintGrid(container.children[i], slice, h, w, (v) => { const g = 255 - (255 * (v - lo)) / (hi - lo || 1); return [g, g, g]; });
    }
  }
}
