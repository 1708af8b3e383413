// Colour scales shared by the views. Orange/blue for two classes and for signs (TensorFlow
// Playground's choice, safe for the common colour-vision deficiencies); Okabe-Ito for K classes.

export const NEG = [245, 147, 34];   // orange: class 0, negative
export const POS = [8, 119, 189];    // blue: class 1, positive
export const MID = [232, 234, 237];  // near white: zero
export const CATEGORICAL = ['#E69F00', '#0072B2', '#009E73', '#CC79A7', '#56B4E9', '#D55E00',
                            '#F0E442', '#555555', '#882255', '#44AA99'];
export const CATEGORICAL_RGB = CATEGORICAL.map(hexToRgb);

export function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** t in [-1, 1] -> [r, g, b] along orange - white - blue. */
export function diverging(t) {
  if (!(t === t)) return [120, 120, 120];
  t = Math.max(-1, Math.min(1, t));
  const end = t < 0 ? NEG : POS;
  const s = Math.abs(t);
  return [MID[0] + (end[0] - MID[0]) * s, MID[1] + (end[1] - MID[1]) * s, MID[2] + (end[2] - MID[2]) * s];
}

export function css([r, g, b], alpha = 1) {
  return `rgba(${r | 0},${g | 0},${b | 0},${alpha})`;
}

export function classColor(k, nClasses) {
  if (nClasses <= 2) return css(k ? POS : NEG);
  return CATEGORICAL[k % CATEGORICAL.length];
}

/** The canvas sized (rows, cols) and an ImageData of that size kept with it (painted every
 *  frame, so it is made once, not per frame). */
export function imageFor(canvas, rows, cols) {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  let image = canvas.__image;
  if (!image || image.width !== cols || image.height !== rows) image = canvas.__image = new ImageData(cols, rows);
  return image;
}

/** Paint a (rows, cols) grid of values into `canvas` through `colorOf(value, i) -> [r,g,b]`. */
export function paintGrid(canvas, values, rows, cols, colorOf) {
  const image = imageFor(canvas, rows, cols);
  const px = image.data;
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = colorOf(values[i], i);
    px[4 * i] = r; px[4 * i + 1] = g; px[4 * i + 2] = b; px[4 * i + 3] = 255;
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
}

// The diverging scale tabulated: LUT_N steps over t in [-1, 1] (a step is well under one
// colour level), so a map is painted with one multiply-add and a table look-up per pixel.
const LUT_N = 2048;
const LUT = (() => {
  const lut = new Uint8ClampedArray(LUT_N * 3);
  for (let k = 0; k < LUT_N; k++) {
    const [r, g, b] = diverging(-1 + (2 * k) / (LUT_N - 1));
    lut[3 * k] = r; lut[3 * k + 1] = g; lut[3 * k + 2] = b;
  }
  return lut;
})();

/** Paint values[start .. start + rows * cols) into `canvas` as diverging(a * v + b) (NaN in grey):
 *  the same colours as paintGrid with diverging, without a closure or an array per pixel. */
export function paintDiverging(canvas, values, start, rows, cols, a, b) {
  const image = imageFor(canvas, rows, cols);
  const px = image.data;
  const n = rows * cols, half = (LUT_N - 1) / 2;
  for (let i = 0; i < n; i++) {
    let t = values[start + i] * a + b;
    const o = 4 * i;
    if (t !== t) { px[o] = 120; px[o + 1] = 120; px[o + 2] = 120; px[o + 3] = 255; continue; }
    if (t < -1) t = -1; else if (t > 1) t = 1;
    const k = 3 * (((t + 1) * half + 0.5) | 0);
    px[o] = LUT[k]; px[o + 1] = LUT[k + 1]; px[o + 2] = LUT[k + 2]; px[o + 3] = 255;
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
}

/** Whether `a` holds the same numbers as `b` (typed arrays). */
export function sameValues(a, b) {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && (a[i] === a[i] || b[i] === b[i])) return false;
  return true;
}

/** Set a node's text only when it differs (a write of the same text still costs a layout). */
export function setText(node, text) {
  text = String(text);
  if (node.textContent !== text) node.textContent = text;
}

/** The colour scale of a regression's values, in the target's units: its points, the output map,
 *  and the output neuron's maps (thumbnail and inspector) all use it, so one value has one colour.
 *  White at `mid`: 0 when 0 lies within a standard deviation of the target's mean (the training
 *  part's, with which the network learns it), so that the sign reads off the map; else that mean
 *  (prices near 100 would otherwise be all one colour). Full colour `scale` away from `mid`: at
 *  the point farthest from it; 1 without points (an empty drawing, whose μ and σ are none yet:
 *  ±1e-6 painted the untrained network's map in two flat colours). `range`: the points' lowest
 *  and highest values, [lo, hi], which the legend and the value to draw keep to (mid ± scale
 *  passes the nearer end: prices of 100 to 900 about a mean of 260 reach -380), or null. */
export function valueScale(ds) {
  const ys = [...(ds.train || []), ...(ds.test || [])].map((p) => p[2]);
  const mean = ds.target_mean ?? 0, std = ds.target_std ?? 1;
  const mid = Math.abs(mean) <= std ? 0 : mean;
  if (!ys.length) return { mid, scale: 1, range: null };
  return { mid, scale: Math.max(1e-6, ...ys.map((y) => Math.abs(y - mid))), range: [Math.min(...ys), Math.max(...ys)] };
}

/** A symmetric scale for a slice of values: 1 when they stay in [-1, 1], else max |v|. */
export function symmetricScale(values, start = 0, end = values.length) {
  let m = 0;
  for (let i = start; i < end; i++) { const v = Math.abs(values[i]); if (v > m && v === v) m = v; }
  return m > 1 ? m : 1;
}

export function fmt(x, digits = 3) {
  if (x === null || x === undefined) return '–';
  if (typeof x !== 'number') return String(x);
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4)) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

const PLAIN_CHARS = 8;   // the most characters fmtPlain writes out: the board's boxes hold that many

/** x to three significant digits, written out while that takes at most PLAIN_CHARS characters
 *  (0.000512, 12300, 2500000, where fmt writes 5.12e-4, 1.23e+4, 2.50e+6): a score a learner reads
 *  as a number, the board's losses, MSE and R² and the model's value at the keyboard's cursor.
 *  Longer, it is fmt's (1.37e+9, not 1370000000 over the next box; a diverged run's -6.78e+40,
 *  not the float noise of a rounding that large). fmt's dash for none. */
export function fmtPlain(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return fmt(x);
  const plain = fmtOver(x, 0);
  return plain.length <= PLAIN_CHARS ? plain : fmt(x);
}

/** A share as a percentage to a tenth, as the board and the accuracy chart say it (92.5%); a dash
 *  for none. */
export function fmtPercent(v) {
  return v === undefined || v === null ? '–' : `${(100 * v).toFixed(1)}%`;
}

/** v to three significant digits of a scale that spans `span` (a multiple of 10^(⌊log10 span⌋ − 2)),
 *  written out as a learner reads it: the ends of a column of 100 to 400 read 70 and 430, prices
 *  of 200000 to 340000 read 200000 and 340000 (fmt's 2.00e+5 and 3.40e+5), rates of 0.01 to 0.05
 *  0.01 and 0.05. The plane's axis ends (points.js) and a regression's colour legend (board.js)
 *  say their numbers so. A span of 0 is v's own size (1 for 0). */
export function fmtOver(v, span) {
  const size = span > 0 ? span : Math.abs(v) || 1;
  return String(roundTo(v, Math.floor(Math.log10(size)) - 2));
}

/** v rounded to a multiple of 10^e (toFixed for e < 0: no 0.30000000000000004). */
export function roundTo(v, e) {
  return e < 0 ? Number(v.toFixed(Math.min(-e, 100))) : Math.round(v / 10 ** e) * 10 ** e;
}

/** `values` formatted with `fmt` to the fewest significant digits, `digits` at least, that
 *  tell them apart (a chart's ticks over a narrow range: 0.73, 0.723, 0.717, 0.71). */
export function fmtDistinct(values, digits = 2) {
  let labels = values.map((v) => fmt(v, digits));
  while (digits < 7 && new Set(labels).size < new Set(values).size) {
    digits++;
    labels = values.map((v) => fmt(v, digits));
  }
  return labels;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'testid') node.dataset.testid = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}
