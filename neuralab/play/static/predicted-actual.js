// A regression's predicted-against-actual plot (the Evaluation panel's answer to the confusion
// matrix): a point per example of the part the server scores, at (actual y, predicted ŷ) in the
// target's units, under the line y = x on which a perfect fit puts every point. Both axes span
// one range, so the line is the square's diagonal and a point's distance from it, up or down, is
// its error ŷ − y.
//
// The range is the actual values' (with a margin), not the predictions': after a divergence the
// predictions ran from −2.6e12 to 6.8e14, and every actual value fell into one column. A
// prediction beyond the range is drawn at its edge as a triangle pointing the way it went off,
// and the plot says how many are off the scale (``drawPredictedActual`` returns it in words too).
import { fmtOver } from './colors.js';

const FONT = '11px system-ui, sans-serif';
const INK = 'rgba(43,48,54,0.55)';   // the points: neutral (the classes and the signs have the colours)
const CLIPPED = '#c0392b';           // a prediction off the scale, at the edge
const PAD = { l: 44, r: 10, t: 16, b: 30 };
const NOTE = 14;                     // the line under the axis that counts the predictions off the scale
const MARGIN = 0.08;                 // of the actual values' range, on each side

/** Draw the frame's `predicted_actual` (n, 2) rows (actual, predicted) on `canvas`, laid out in
 *  the CSS pixels it shows (its size set by the style sheet). Returns what is off the scale in
 *  words ("3 predictions off the scale, drawn at its edge"), or '' when every one is on it. */
export function drawPredictedActual(canvas, rows) {
  const box = canvas.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  const W = box.width || 260, H = box.height || 260;
  if (canvas.width !== Math.round(W * dpr)) canvas.width = Math.round(W * dpr);
  if (canvas.height !== Math.round(H * dpr)) canvas.height = Math.round(H * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  ctx.font = FONT;
  const n = rows.shape[0];
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) if (Number.isFinite(rows[2 * i])) { lo = Math.min(lo, rows[2 * i]); hi = Math.max(hi, rows[2 * i]); }
  if (!(lo <= hi)) return '';
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const margin = MARGIN * (hi - lo);
  lo -= margin; hi += margin;
  let above = 0, below = 0, unknown = 0;
  for (let i = 0; i < n; i++) {
    const p = rows[2 * i + 1];
    if (Number.isNaN(p)) unknown++; else if (p > hi) above++; else if (p < lo) below++;
  }
  const words = offScale(above, below, unknown);
  // under the axis, in short (the whole words go to the plot's title: evaluation.js)
  const note = [above + below ? `▲▼ ${above + below} off the scale, at its edge` : '',
    unknown ? `${unknown} not a number` : ''].filter(Boolean).join(' · ');
  // the left margin as wide as the longest label of the vertical axis: 413000000 was cut off
  const ends = [lo, hi].map((v) => fmtOver(v, hi - lo));
  const left = Math.max(PAD.l, Math.ceil(Math.max(...ends.map((e) => ctx.measureText(e).width))) + 8);
  const bottom = PAD.b + (words ? NOTE : 0);
  const side = Math.min(W - left - PAD.r, H - PAD.t - bottom);
  const X = (v) => left + ((v - lo) / (hi - lo)) * side;
  const Y = (v) => PAD.t + side - ((v - lo) / (hi - lo)) * side;
  // the frame and the line y = x, then the points over it
  ctx.strokeStyle = '#d5d9de';
  ctx.lineWidth = 1;
  ctx.strokeRect(left, PAD.t, side, side);
  ctx.strokeStyle = '#8a939c';
  ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.moveTo(X(lo), Y(lo)); ctx.lineTo(X(hi), Y(hi)); ctx.stroke();
  const r = n > 300 ? 1.8 : 2.6;
  for (let i = 0; i < n; i++) {
    const y = rows[2 * i], p = rows[2 * i + 1];
    if (!Number.isFinite(y) || Number.isNaN(p)) continue;
    if (p > hi || p < lo) {        // at the edge, pointing the way it went off
      const x = X(y), e = p > hi ? PAD.t : PAD.t + side, s = p > hi ? 1 : -1;
      ctx.fillStyle = CLIPPED;
      ctx.beginPath(); ctx.moveTo(x, e - s * 1); ctx.lineTo(x - 3.5, e + s * 5); ctx.lineTo(x + 3.5, e + s * 5);
      ctx.closePath(); ctx.fill();
      continue;
    }
    ctx.fillStyle = INK;
    ctx.beginPath();
    ctx.arc(X(y), Y(p), r, 0, 2 * Math.PI);
    ctx.fill();
  }
  // the ends of the range on both axes, and what each axis is
  ctx.fillStyle = '#666';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left'; ctx.fillText(ends[0], left, PAD.t + side + 4);
  ctx.textAlign = 'right'; ctx.fillText(ends[1], left + side, PAD.t + side + 4);
  ctx.textAlign = 'center'; ctx.fillText('actual →', left + side / 2, PAD.t + side + 16);
  if (note) {
    ctx.fillStyle = CLIPPED;
    ctx.textAlign = 'left';
    ctx.fillText(note, 2, PAD.t + side + 16 + NOTE);
    ctx.fillStyle = '#666';
  }
  ctx.textBaseline = 'middle'; ctx.textAlign = 'right';
  ctx.fillText(ends[0], left - 4, PAD.t + side - 4);
  ctx.fillText(ends[1], left - 4, PAD.t + 4);
  ctx.textAlign = 'left'; ctx.textBaseline = 'bottom';
  ctx.fillText('predicted ↑', left, PAD.t - 3);
  ctx.textAlign = 'right';
  ctx.fillText('y = x', left + side, PAD.t - 3);
  return words;
}

/** The predictions off the scale, in words: "3 predictions off the scale, drawn at its edge (2
 *  above, 1 below)", and those that are not a number (NaN: not drawn); '' when there are none. */
function offScale(above, below, unknown) {
  const off = above + below;
  const parts = [];
  if (off) {
    const sides = above && below ? ` (${above} above, ${below} below)` : '';
    parts.push(`${off} prediction${off > 1 ? 's' : ''} off the scale, drawn at its edge${sides}`);
  }
  if (unknown) parts.push(`${unknown} not a number, not drawn`);
  return parts.join('; ');
}
