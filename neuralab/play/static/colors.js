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

/** Paint a (rows, cols) grid of values into `canvas` through `colorOf(value, i) -> [r,g,b]`. */
export function paintGrid(canvas, values, rows, cols, colorOf) {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(cols, rows);
  const px = image.data;
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = colorOf(values[i], i);
    px[4 * i] = r; px[4 * i + 1] = g; px[4 * i + 2] = b; px[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
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
