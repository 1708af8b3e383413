// For data that is not a plane: the confusion matrix, the misclassified examples (as
// images for image data) and the first layer's weights drawn as images; for a regression, its
// predicted values against the actual ones (predicted-actual.js).
import { diverging, paintGrid, el } from './colors.js';
import { r2Text } from './board.js';
import { drawPredictedActual } from './predicted-actual.js';
import { paced } from './pace.js';
import { showFocused } from './focus-readout.js';

export function createEvaluation(store, root) {
  // each part a Tab stop (the confusion matrix, the list of misclassified examples) or, for a
  // grid of images, one Tab stop among its images, the arrow keys moving along (rovingImages)
  const confusion = el('div', { class: 'confusion', testid: 'confusion', tabindex: 0 });
  const missed = el('div', { class: 'image-grid', testid: 'misclassified', tabindex: 0 });
  const first = el('div', { class: 'image-grid', testid: 'first-layer-images' });
  rovingImages(missed);
  rovingImages(first);
  const predicted = el('canvas', { class: 'predicted', testid: 'predicted-actual', tabindex: 0 });
  const confusionTitle = el('div', { class: 'small muted' });
  const predictedTitle = el('div', { class: 'small muted', testid: 'predicted-title' });
  const missedTitle = el('div', { class: 'small muted' });
  const sections = {
    confusion: el('div', { class: 'eval-section' }, confusionTitle, confusion),
    predicted: el('div', { class: 'eval-section' }, predictedTitle, predicted),
    missed: el('div', { class: 'eval-section' }, missedTitle, missed),
    first: el('div', { class: 'eval-section' }, el('div', { class: 'small muted',
      text: "First-layer weights as images: each neuron's weight on each pixel, blue positive, orange negative, white zero (each image scaled to its largest |w|)" }), first),
  };
  const note = el('div', { class: 'small muted', text: 'A confusion matrix and the misclassified examples appear here for classification, the predicted values against the actual ones for a regression; first-layer weights as images for image data.' });
  root.append(note, sections.confusion, sections.predicted, sections.missed, sections.first);
  const readout = showFocused(root.closest('.panel') || root);
  // the part the server counts: the test part, or the training part when there is none (drawn
  // data); the frame does not say which, the scene's sizes do
  let part = 'test', rows = 0;

  store.on('scene', (scene) => {
    for (const s of Object.values(sections)) s.hidden = true;
    part = scene.dataset.n_test ? 'test' : 'training';
    rows = scene.dataset.n_test || scene.dataset.n_train;
    confusionTitle.textContent = `Confusion matrix (${part}; rows: true class) · columns: predicted class`;
    confusion.setAttribute('aria-label', confusionTitle.textContent);
  });
  store.on('frame', paced(() => {          // these arrays change at most 10 times a second
    if (!store.frame) return;
    const a = store.frame.arrays;
    const names = store.scene?.dataset.class_names || [];
    sections.confusion.hidden = !a.confusion;
    if (a.confusion) drawConfusion(a.confusion, names, a.missed_counts[0]);
    sections.predicted.hidden = !a.predicted_actual;
    if (a.predicted_actual) {
      const r2 = a.predicted_r2[0];   // (NaN with no points: an empty drawing)
      // (drawn first: it says how many predictions are off its scale, which the title says too)
      const off = drawPredictedActual(predicted, a.predicted_actual);
      predictedTitle.textContent = `Predicted against actual (${part}; ${drawnOf(a.predicted_actual.shape[0], rows)}) · ${r2Words(r2)}${off ? ` · ${off}` : ''}`;
      predicted.setAttribute('aria-label', predictedTitle.textContent);
    }
    sections.missed.hidden = !a.misclassified;
    if (a.misclassified) {
      // how many of the part's mistakes these are (the server sends at most 16: views.MISSED_SHOWN),
      // counted by the server with those of a prediction that is not a number, which the confusion
      // matrix leaves out: counted from it, a diverged network's title said "none wrong" over 16
      const [wrong, notFinite] = a.missed_counts;
      const shown = a.misclassified.length;
      const nan = notFinite ? ` (${notFinite === wrong ? 'all' : notFinite} with a prediction of NaN or infinity)` : '';
      missedTitle.textContent = `Misclassified ${part} examples (true class → predicted class): ` + (shown < wrong
        ? `${shown} of ${wrong} wrong${nan}, a mix across the true classes (each one's first, then each one's second, …)`
        : wrong ? `all ${wrong} wrong${nan}` : 'none wrong');
      missed.setAttribute('aria-label', missedTitle.textContent);
      drawMissed(a, names);
    }
    sections.first.hidden = !a.first_layer_images;
    // the images are the weights of the first dense layer, named as every panel names it
    const dense = store.scene?.network.layers.find((l) => l.kind === 'dense');
    if (a.first_layer_images) drawImages(first, a.first_layer_images, (u) => `neuron ${u}`, (u) => `${dense?.name} · neuron ${u}`, true);
    note.hidden = !!(a.confusion || a.predicted_actual || a.first_layer_images);
    readout.refresh();
  }, 10));

  /** The points the plot draws, of the part's `total` rows: the server sends at most 1000, evenly
   *  spaced (views.PREDICTED_POINTS), and its R² is of them all. "(test; 1000 points)" read as a
   *  test part of 1000 rows, to a learner whose part held 1499. */
  const drawnOf = (shown, total) => (shown < total ? `${shown} of its ${total} points drawn` : `${shown} points`);
  /** "R² = 0.976", or "R² < -1000" (board.js's floor: it read "R² = < -1000"), or "R² = –" (no rows). */
  const r2Words = (r2) => {
    const text = r2 === r2 ? r2Text(r2) : '–';
    return text.startsWith('<') ? `R² ${text}` : `R² = ${text}`;
  };

  // Its cells shaded by count on one neutral scale, the right answers (the diagonal) framed, and a
  // legend saying so: blue for right and orange for wrong were two classes' colours beside the map.
  // Under it, the right ones of all the part's samples (the right and the `wrong`, views.py's
  // count), and those of a NaN prediction, which are in no column: "0 of 0 right" after a divergence
  function drawConfusion(m, names, wrong) {
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
        return el('td', { class: i === j ? 'right' : null, style: `background:${countShade(s)};color:${s > 0.6 ? '#fff' : '#222'}`, text: v });
      })));
    }
    const legend = el('div', { class: 'small muted cm-legend', testid: 'confusion-legend' }, 'examples: 0 ',
      ...[0, 1 / 3, 2 / 3, 1].map((s) => el('span', { class: 'swatch', style: `background:${countShade(s)}` })),
      ` ${max} · framed: right (predicted = true class)`);
    const none = right + wrong - total;    // (predicted NaN: no class)
    confusion.replaceChildren(table, legend, el('div', { class: 'small muted', testid: 'confusion-right',
      text: `${right} of ${right + wrong} right${none ? ` · ${none} predicted NaN, in no column` : ''}` }));
  }

  // each one with its true class and the network's guess (the frame's misclassified_true and
  // misclassified_pred); as images for image data, else as a list of the part's row numbers
  function drawMissed(a, names) {
    const idx = a.misclassified, images = a.misclassified_images;
    // (-1: a prediction that is NaN, of no class)
    const name = (k) => (k < 0 ? 'NaN' : names[k] ?? String(k));
    const verdict = (i) => `${name(a.misclassified_true[i])} → ${name(a.misclassified_pred[i])}`;
    // a grid of images: a Tab stop among them (rovingImages); a list: a Tab stop itself
    missed.tabIndex = images && images.shape.length === 3 && idx.length ? -1 : 0;
    if (images && images.shape.length === 3) {
      drawImages(missed, images, verdict, (i) => `${part} #${idx[i]}: a ${verdict(i)}`, false);
    } else if (!idx.length) {
      missed.replaceChildren(el('div', { class: 'small', text: 'none' }));
    } else {
      missed.replaceChildren(...Array.from(idx, (row, i) => el('div', { class: 'small missed-row', text: `#${row}: ${verdict(i)}` })));
    }
  }
}

/** A confusion matrix cell's shade for a count `s` of the largest, on one neutral scale (the
 *  classes and the signs have the colours). */
function countShade(s) {
  return `rgba(43,48,54,${s ? 0.08 + 0.8 * s : 0})`;
}

/** One Tab stop among the images of `grid` (figures): the arrow keys, Home and End move it
 *  (and the focus) along, as the images read, left to right and row by row. */
function rovingImages(grid) {
  grid.addEventListener('keydown', (e) => {
    const cells = [...grid.children].filter((c) => c.tagName === 'FIGURE');
    const at = cells.indexOf(e.target);
    if (at < 0) return;
    const perRow = Math.max(1, cells.filter((c) => c.offsetTop === cells[0].offsetTop).length);
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, ArrowUp: at - perRow, ArrowDown: at + perRow,
      Home: 0, End: cells.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = cells[Math.max(0, Math.min(cells.length - 1, to))];
    e.target.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}

/** n images (arr: n x h x w) in `container`, each with its caption under it (`caption(i)`) and a
 * tooltip (`title(i)`); `signed` draws on the orange-white-blue scale, else dark = high. */
function drawImages(container, arr, caption, title, signed) {
  const [n, h, w] = arr.shape;
  const size = h * w;
  // new cells when the count changes, or when the container holds a list (the last scene's)
  if (container.children.length !== n || [...container.children].some((c) => c.tagName !== 'FIGURE')) {
    container.replaceChildren(...Array.from({ length: n }, (_, i) => el('figure', { class: 'img-cell', tabindex: i ? -1 : 0 },
      el('canvas', { class: 'img' }), el('figcaption', { class: 'small' }))));
  }
  for (let i = 0; i < n; i++) {
    const cell = container.children[i];
    const canvas = cell.firstChild;
    cell.lastChild.textContent = caption(i);
    cell.title = title(i);
    cell.setAttribute('aria-label', cell.title);
    const slice = arr.subarray(i * size, (i + 1) * size);
    if (signed) {
      let m = 0; for (const v of slice) m = Math.max(m, Math.abs(v));
      paintGrid(canvas, slice, h, w, (v) => diverging(v / (m || 1)));
    } else {
      let lo = Infinity, hi = -Infinity;
      for (const v of slice) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      paintGrid(canvas, slice, h, w, (v) => { const g = 255 - (255 * (v - lo)) / (hi - lo || 1); return [g, g, g]; });
    }
  }
}
