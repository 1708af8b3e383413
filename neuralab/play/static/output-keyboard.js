// Clicks and keys on the output map. A click adds a point of the chosen class or value to a
// drawn dataset, or picks the nearest training point for the inspector and the trace. From the
// keyboard the map is one Tab stop: the arrow keys move a cursor over the plane (Shift: larger
// steps) and Enter or Space does there what a click does; a status line says what happened.
import { fmtPlain, el } from './colors.js';
import { CURSOR_REACH, axisValue, axisTicks, round, toPlane, toPicture } from './points.js';

const STEP = 0.25, BIG_STEP = 1;                       // the keyboard cursor's steps (plane units)
const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

/** The clicks and keys of the map `canvas`. `view` (output.js) holds the newest frame
 *  (`frame`), the value the picker draws (`pickedValue`) and the keyboard's cursor (`cursor`,
 *  {x1, x2} in plane units, replaced at each move; `cursorShown`: drawn while the map has the
 *  keyboard's focus); `redraw` draws the map again. Returns the status line (`status`, to place
 *  on the page) and `describe`, which writes the map's label for what a key would do now. */
export function createOutputKeyboard(store, canvas, view, redraw) {
  const status = el('div', { class: 'small muted', testid: 'output-status', role: 'status', 'aria-live': 'polite',
    style: 'margin-top: 6px' });                       // clear of the focus ring

  canvas.addEventListener('click', (e) => {
    const r = canvas.getBoundingClientRect();
    if (!store.scene) return;
    const [x1, x2] = toPlane(store.scene.grid.extent, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
    if (store.scene.dataset.is_2d) view.cursor = { x1: round(x1), x2: round(x2) };   // the keys go on from here
    act(x1, x2);
  });

  /** What a click at (x1, x2) does: add a point of the chosen class or value when drawing, else
   *  pick the nearest training point for the inspector and the trace. Returns it in words. */
  function act(x1, x2) {
    const scene = store.scene;
    if (!scene || !scene.dataset.is_2d) return 'no plane to draw on';
    const ds = scene.dataset;
    const regression = ds.task === 'regression';
    const at = inFileUnits(ds, x1, x2);
    if (!drawable()) {
      let best = -1, bestD = Infinity;
      (ds.train || []).forEach((p, i) => {
        const d = (p[0] - x1) ** 2 + (p[1] - x2) ** 2;
        if (d < bestD) { bestD = d; best = i; }
      });
      if (best >= 0 && bestD < 0.5) {
        store.sample = best; store.emit('sample', best); redraw();
        const [p1, p2, y] = ds.train[best];
        return `picked training point ${best} ${inFileUnits(ds, p1, p2)}, ${regression ? `value ${round(y)}` : `class ${className(ds, y)}`}`;
      }
      return `no training point near ${at}; choose a ${regression ? 'value' : 'class'} below to draw points`;
    }
    const point = { type: 'add_point', x1: round(x1), x2: round(x2) };
    if (regression) {
      store.send({ ...point, value: view.pickedValue });
      return `added point ${at}, value ${view.pickedValue}`;
    }
    const label = store.drawLabel ?? 0;
    store.send({ ...point, label });
    return `added point ${at}, class ${className(ds, label)}`;
  }

  /** Whether a click adds a point (a drawn dataset, or a class or value chosen to draw). */
  function drawable() {
    const ds = store.scene.dataset;
    return ds.name === 'drawn' || (ds.task === 'regression' ? store.drawValue : store.drawLabel) != null;
  }

  // The keyboard: the label says what the map shows and how to use it; the arrows move the
  // cursor, Enter and Space act at it (Space does not reach the page's play/pause key).
  function describe() {
    const ds = store.scene?.dataset;
    if (!ds || !ds.is_2d) { canvas.setAttribute('aria-label', 'Output map'); return; }
    const [a1, a2] = ds.axes || ds.feature_names || ['x1', 'x2'];
    const shows = ds.task === 'regression' ? "the model's output value" : "the model's decision regions (one colour per class)";
    const keys = 'Arrow keys move a cursor (Shift: larger steps);';
    const enter = !drawable() ? `Enter picks the training point at the cursor; choose a ${ds.task === 'regression' ? 'value' : 'class'} below to draw points.`
      : ds.task === 'regression' ? `Enter or Space adds a point of value ${view.pickedValue} at the cursor.`
        : `Enter or Space adds a point of class ${className(ds, store.drawLabel ?? 0)} at the cursor.`;
    const [[lo1, hi1], [lo2, hi2]] = axisTicks(ds, store.scene.grid.extent);
    canvas.setAttribute('aria-label', `Output map: ${shows} over ${a1} from ${lo1} to ${hi1} and ${a2} from ${lo2} to ${hi2}, with the training points. ${keys} ${enter}`);
  }

  canvas.addEventListener('focus', () => {
    status.style.minHeight = '';   // (kept from the last blur; the map above it does not move)
    describe();
    if (canvas.matches(':focus-visible')) showCursor();
  });
  canvas.addEventListener('blur', () => {
    view.cursorShown = false;
    // the line keeps its height: emptied, it pulled what is below it up under the pointer while
    // the click that took the focus away was still going on, and that click missed its button
    status.style.minHeight = `${status.offsetHeight}px`;
    status.textContent = '';
    redraw();
  });
  canvas.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || !store.scene?.dataset.is_2d) return;
    const move = MOVES[e.key];
    if (move || e.key === 'Home') {
      e.preventDefault();
      const step = e.shiftKey ? BIG_STEP : STEP;
      const { cursor } = view;
      view.cursor = move ? onPlane(cursor.x1 + move[0] * step, cursor.x2 + move[1] * step) : onPlane(0, 0);
      showCursor();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      if (e.repeat) return;
      if (!view.cursorShown) showCursor();
      status.textContent = act(view.cursor.x1, view.cursor.x2);
    }
  });

  /** The point (x1, x2) moved onto the part of the plane the scene shows (its extent), to the
   *  3 decimals a key sends: the cursor stays where it is drawn, and its ring whole on the map,
   *  CURSOR_REACH CSS pixels inside its edges (at the edge itself half of it was cut off). */
  function onPlane(x1, x2) {
    const [a, b, c, d] = store.scene.grid.extent;
    const inside = Math.min(CURSOR_REACH / (canvas.clientWidth || Infinity), 0.5);   // of the width
    return { x1: round(within(x1, a, b, inside)), x2: round(within(x2, c, d, inside)) };
  }

  /** z kept `inside` (a fraction of hi − lo) in from lo and hi, and there on the last multiple of
   *  STEP, where Home and the arrows place the cursor: its farthest places read as round numbers
   *  (5.5, not 5.655) and the keys that bring it back land on the steps they left. A frame too
   *  narrow for a step between its limits keeps the limits themselves. */
  function within(z, lo, hi, inside) {
    const l = lo + inside * (hi - lo), h = hi - inside * (hi - lo);
    const first = Math.ceil(l / STEP) * STEP, last = Math.floor(h / STEP) * STEP;
    const [from, to] = first <= last ? [first, last] : [l, h];
    return Math.max(from, Math.min(to, z));
  }
  // a new scene may show less of the plane (a CSV's frame): a cursor left at x1 = 6 by the data
  // before sat off the map, and Enter acted there, until the next arrow key brought it back
  store.on('scene', () => { view.cursor = onPlane(view.cursor.x1, view.cursor.x2); });

  /** Draw the cursor (the overlay is redrawn: a key press, not a frame) and say where it is and
   *  what the model says there. */
  function showCursor() {
    const { cursor } = view;
    view.cursorShown = true;
    status.textContent = `cursor ${inFileUnits(store.scene.dataset, cursor.x1, cursor.x2)}${modelAt(cursor.x1, cursor.x2)}`;
    redraw();
  }

  /** The newest frame's map at (x1, x2), in words: ': the model says class 1 (83%)'. */
  function modelAt(x1, x2) {
    const frame = view.frame;
    const out = frame?.arrays.output;
    const ds = store.scene?.dataset;
    if (!out || out.shape.length !== 2 || !ds) return '';
    const [G, G2] = out.shape;   // row i: x2 from the extent's top down; column j: x1 from its left
    const [across, down] = toPicture(store.scene.grid.extent, x1, x2);
    const i = Math.round(down * (G - 1)), j = Math.round(across * (G2 - 1));
    const v = out[i * G2 + j];
    if (ds.task === 'regression') return `: the model says ${fmtPlain(v)}`;
    const cls = frame.arrays.output_class;
    const [k, p] = cls ? [cls[i * G2 + j], v] : [v >= 0.5 ? 1 : 0, Math.max(v, 1 - v)];
    return `: the model says class ${className(ds, k)} (${Math.round(100 * p)}%)`;
  }

  return { status, describe };
}

/** A point (x1, x2) of the plane as the status line says it: in the file's units, '(120, 3)'
 *  for a CSV's area and rooms (points.js's axisValue), the plane's own for other data. */
function inFileUnits(ds, x1, x2) { return `(${axisValue(ds, 0, x1)}, ${axisValue(ds, 1, x2)})`; }

function className(ds, k) { return String(ds.class_names?.[k] ?? k); }
