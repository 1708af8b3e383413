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
import { datasetName } from './data.js';

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
    board.legend,
    el('div', { class: 'toggles' },
      el('label', {}, showTest, ' Show test data'),
      discreteLabel),
    picker.element,
  );
  // The picture is laid out on a 600 x 600 plane; the canvas holds as many pixels as it shows
  // (its CSS size times the pixel ratio), so a frame scales and hands over no more than that.
  const PLANE = 600;
  new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].contentRect;
    const size = Math.round(box.width * (window.devicePixelRatio || 1));
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
    notice.textContent = ds.is_2d ? '' : offPlaneNotice(ds, !isHidden(store, 'evaluation'));
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
      else if (cls) {
        paintGrid(map, out, G, G2, (p, i) => {
          const c = CATEGORICAL_RGB[cls[i] % CATEGORICAL_RGB.length];
          const s = discrete.checked ? 0.75 : 0.25 + 0.6 * Math.max(0, (p - 1 / K) / (1 - 1 / K));
          return [255 + (c[0] - 255) * s, 255 + (c[1] - 255) * s, 255 + (c[2] - 255) * s];
        });
      } else if (discrete.checked) paintGrid(map, out, G, G2, (p) => diverging(p >= 0.5 ? 0.75 : -0.75));
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

/** What stands in for the map off the plane, and where to look instead: a classification's
 *  confusion matrix (in the evaluation panel, when a classroom link has not hidden it, and in
 *  the ⤓ PNG picture under the curves), else the board's numbers (a regression: MSE and R²). */
function offPlaneNotice(ds, evaluationShown) {
  const look = ds.task !== 'regression' && evaluationShown ? 'see the confusion matrix below'
    : `the ${ds.task === 'regression' ? 'test MSE and R²' : 'test loss and accuracy'} above say how well it fits`;
  return `${datasetName(ds)}: ${ds.feature_names.length} inputs — no plane to draw; ${look}.`;
}
