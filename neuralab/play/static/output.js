// The output map: decision regions (one colour per class) or the regression surface, under the
// points (points.js), with the board of losses and accuracies above it and the legend below
// (board.js), the picker of what a click draws (draw-picker.js), and clicks and keys that add
// points or pick one (output-keyboard.js). This module paints the model's picture each frame.
import { diverging, paintGrid, paintDiverging, valueScale, CATEGORICAL_RGB, el } from './colors.js';
import { createBoard } from './board.js';
import { isHidden } from './classroom.js';
import { createDrawPicker } from './draw-picker.js';
import { createOutputKeyboard } from './output-keyboard.js';
import { drawOverlay } from './points.js';
import { datasetName } from './datasets.js';
import { backingPixels, enlargeButton } from './enlarge.js';
import { scrollMotion } from './motion.js';

export function createOutput(store, root) {
  const canvas = el('canvas', { class: 'output-canvas', testid: 'output-canvas', width: 600, height: 600,
    tabindex: 0, role: 'application' });
  // What the pieces share: the newest frame; a regression's colour scale, white at yMid, full
  // colour yScale away from it, and its points' range (valueScale); the value the picker draws
  // (regression) and the data it was chosen for; the keyboard's cursor in plane units, drawn
  // while the map has the keyboard's focus.
  const view = { frame: null, yMid: 0, yScale: 1, yRange: null, pickedValue: 1, pickedFor: null,
                 cursor: { x1: 0, x2: 0 }, cursorShown: false };
  const map = document.createElement('canvas');       // the map at its own resolution (G x G)
  const overlay = document.createElement('canvas');   // axes and points: redrawn only when they change
  let overlayKey = null;
  let drawnKey = null;                                 // what the canvas shows now
  const showTest = el('input', { type: 'checkbox', testid: 'show-test' });
  const discrete = el('input', { type: 'checkbox', testid: 'discretize' });
  const discreteLabel = el('label', { title: 'each point of the plane in the colour of the class the network predicts there' },
    discrete, ' Discretize output');
  const notice = el('div', { class: 'not2d muted' });
  const board = createBoard(store);
  const keyboard = createOutputKeyboard(store, canvas, view, () => draw(view.frame));
  const picker = createDrawPicker(store, canvas, view, keyboard.describe);

  root.append(
    board.board,
    el('div', { class: 'output-wrap' }, canvas, notice),
    keyboard.status,
    // the Enlarge button under the map's right corner, where a video's is: the switches' row had
    // no room for it in a 340-pixel column
    el('div', { class: 'legend-row' }, board.legend, enlargeButton(root, 'the output map')),
    el('div', { class: 'toggles' },
      el('label', {}, showTest, ' Show test data'),
      discreteLabel),
    picker.element,
  );
  // The picture is laid out on a 600 x 600 plane; the canvas holds as many pixels as it shows
  // (backingPixels: its CSS size times the pixel ratio, capped), so a frame scales and hands over
  // no more than that, and the map enlarged to the whole screen is drawn again as sharp.
  const PLANE = 600;
  new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].contentRect;
    const size = backingPixels(box.width);
    if (size > 0 && (canvas.width !== size || canvas.height !== size)) {
      canvas.width = canvas.height = size;
      overlayKey = null;
      draw(view.frame);
    }
  }).observe(canvas);
  showTest.addEventListener('change', () => draw(view.frame));
  discrete.addEventListener('change', () => draw(view.frame));

  store.on('scene', (scene) => {
    const ds = scene.dataset;
    root.classList.toggle('is-not-2d', !ds.is_2d);
    notice.replaceChildren(...(ds.is_2d ? [] : offPlaneNotice(ds, !isHidden(store, 'evaluation'))));
    if (ds.task === 'regression') ({ mid: view.yMid, scale: view.yScale, range: view.yRange } = valueScale(ds));
    // a regression's map has no classes to discretize into: the box did nothing there
    discreteLabel.style.display = ds.task === 'regression' ? 'none' : '';
    picker.build(scene);
    board.showScene(scene, view);
    keyboard.describe();
    draw(view.frame);
  });
  store.on('sample', () => draw(view.frame));
  store.on('frame', (frame) => { view.frame = frame; draw(frame); board.showMetrics(); });

  // Per frame: the map painted at its resolution, scaled once onto the canvas, and the cached
  // overlay (axes, points, the chosen sample) on top. The overlay is redrawn only when the
  // scene, the chosen sample or the test-data switch change.
  function draw(frame) {
    const scene = store.scene;
    if (!scene) return;
    const ds = scene.dataset;
    const ctx = canvas.getContext('2d');
    const W = PLANE, H = PLANE;
    ctx.setTransform(canvas.width / W, 0, 0, canvas.height / H, 0, 0);
    if (!ds.is_2d) {
      if (drawnKey !== 'blank') ctx.clearRect(0, 0, W, H);
      drawnKey = 'blank';
      return;
    }
    const out = frame && frame.arrays.output;
    const { yMid, yScale, cursor, cursorShown } = view;
    const key = [scene, store.sample, showTest.checked, discrete.checked, yMid, yScale, cursorShown && cursor];
    if (overlayKey === null || key.some((v, i) => v !== overlayKey[i])) {
      overlayKey = key;
      drawOverlay(overlay, canvas, ds, scene.grid.extent, W, H,
        { sample: store.sample, showTest: showTest.checked, yMid, yScale, cursor: cursorShown ? cursor : null });
      drawnKey = null;
    }
    if (drawnKey !== null && drawnKey === (out || 'empty')) return;   // nothing new to show
    drawnKey = out || 'empty';
    if (out && out.shape.length === 2) {
      const [G, G2] = out.shape;
      const cls = frame.arrays.output_class;
      const K = ds.n_classes || 2;
      if (ds.task === 'regression') paintDiverging(map, out, 0, G, G2, 1 / yScale, -yMid / yScale);
      else if (cls) paintClasses(map, out, cls, G, G2, K, discrete.checked);
      else if (discrete.checked) paintGrid(map, out, G, G2, (p) => diverging(p >= 0.5 ? 0.75 : -0.75));
      else paintDiverging(map, out, 0, G, G2, 1.7, -0.85);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(map, 0, 0, W, H);
    } else {
      ctx.clearRect(0, 0, W, H);
      ctx.fillStyle = '#f4f5f7';
      ctx.fillRect(0, 0, W, H);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(overlay, 0, 0);
  }

  return { canvas, draw: () => draw(view.frame) };
}

/** The map of K classes: each point of the plane in the colour of the class the network predicts
 *  there (`cls`), faded toward white as its probability p falls toward chance, 1/K: strength
 *  s = 0.25 + 0.6·(p − 1/K)/(1 − 1/K) (0.75 everywhere, discretized). Each cell is painted with the
 *  strongest s of its 3 × 3 neighbours (itself included): a border sharper than one cell of the grid
 *  passes near the centres of a few cells only, whose p ≈ 1/2 faded them alone, between cells sure of
 *  their class, and the border was drawn as a dotted white seam. So it is drawn as the edge between
 *  two colours, while doubt over a region wider than a cell still fades it (its inner cells' neighbours
 *  doubt too). */
function paintClasses(canvas, p, cls, rows, cols, K, discrete) {
  const s = new Float32Array(rows * cols);
  for (let i = 0; i < s.length; i++) s[i] = discrete ? 0.75 : 0.25 + 0.6 * Math.max(0, (p[i] - 1 / K) / (1 - 1 / K));
  paintGrid(canvas, p, rows, cols, (_, i) => {
    const r = (i / cols) | 0, c = i - r * cols;
    let k = 0;
    for (let y = Math.max(0, r - 1); y <= Math.min(rows - 1, r + 1); y++) {
      for (let x = Math.max(0, c - 1); x <= Math.min(cols - 1, c + 1); x++) k = Math.max(k, s[y * cols + x]);
    }
    const color = CATEGORICAL_RGB[cls[i] % CATEGORICAL_RGB.length];
    return [255 + (color[0] - 255) * k, 255 + (color[1] - 255) * k, 255 + (color[2] - 255) * k];
  });
}

/** What stands in for the map off the plane, and where to look instead: a classification's
 *  confusion matrix, a regression's predicted-against-actual plot (in the evaluation panel, when
 *  a classroom link has not hidden it, and in the ⤓ PNG picture under the curves), else the
 *  board's numbers. The evaluation panel's words are a button that brings it into view: at
 *  1366×768 "below" was under the fold, only the panel's title showing. The sentence's full stop
 *  is the button's last word: after it, once the button's words took two lines of a narrow panel,
 *  it stood alone on a line of its own. */
function offPlaneNotice(ds, evaluationShown) {
  const regression = ds.task === 'regression';
  const start = `${datasetName(ds)}: ${ds.feature_names.length} inputs — no plane to draw; `;
  if (!evaluationShown) return [`${start}the ${regression ? 'test MSE and R²' : 'test loss and accuracy'} above say how well it fits.`];
  const look = el('button', { class: 'link-button', testid: 'off-plane-look',
    text: `see the ${regression ? 'predicted values against the actual ones' : 'confusion matrix'} below.`,
    onclick: () => document.querySelector('.evaluation-panel').scrollIntoView({ block: 'start', behavior: scrollMotion() }) });
  return [start, look];
}
