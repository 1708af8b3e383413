// A regression's predicted-against-actual plot (the Evaluation panel's answer to the confusion
// matrix): a point per example of the part the server scores, at (actual y, predicted ŷ) in the
// target's units, under the line y = x on which a perfect fit puts every point. Both axes span
// one range, so the line is the square's diagonal and a point's distance from it, up or down, is
// its error ŷ − y.
import { fmtOver } from './colors.js';

const FONT = '11px system-ui, sans-serif';
const INK = 'rgba(43,48,54,0.55)';   // the points: neutral (the classes and the signs have the colours)
const PAD = { l: 44, r: 10, t: 16, b: 30 };

/** Draw the frame's `predicted_actual` (n, 2) rows (actual, predicted) on `canvas`, laid out in
 *  the CSS pixels it shows (its size set by the style sheet). */
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
  for (let i = 0; i < 2 * n; i++) if (Number.isFinite(rows[i])) { lo = Math.min(lo, rows[i]); hi = Math.max(hi, rows[i]); }
  if (!(lo <= hi)) return;
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const margin = 0.04 * (hi - lo);
  lo -= margin; hi += margin;
  const side = Math.min(W - PAD.l - PAD.r, H - PAD.t - PAD.b);
  const X = (v) => PAD.l + ((v - lo) / (hi - lo)) * side;
  const Y = (v) => PAD.t + side - ((v - lo) / (hi - lo)) * side;
  // the frame and the line y = x, then the points over it
  ctx.strokeStyle = '#d5d9de';
  ctx.lineWidth = 1;
  ctx.strokeRect(PAD.l, PAD.t, side, side);
  ctx.strokeStyle = '#8a939c';
  ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.moveTo(X(lo), Y(lo)); ctx.lineTo(X(hi), Y(hi)); ctx.stroke();
  ctx.fillStyle = INK;
  const r = n > 300 ? 1.8 : 2.6;
  for (let i = 0; i < n; i++) {
    const y = rows[2 * i], p = rows[2 * i + 1];
    if (!Number.isFinite(y) || !Number.isFinite(p)) continue;
    ctx.beginPath();
    ctx.arc(X(y), Y(Math.min(hi, Math.max(lo, p))), r, 0, 2 * Math.PI);
    ctx.fill();
  }
  // the ends of the range on both axes, and what each axis is
  const ends = [lo, hi].map((v) => fmtOver(v, hi - lo));
  ctx.fillStyle = '#666';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left'; ctx.fillText(ends[0], PAD.l, PAD.t + side + 4);
  ctx.textAlign = 'right'; ctx.fillText(ends[1], PAD.l + side, PAD.t + side + 4);
  ctx.textAlign = 'center'; ctx.fillText('actual →', PAD.l + side / 2, PAD.t + side + 16);
  ctx.textBaseline = 'middle'; ctx.textAlign = 'right';
  ctx.fillText(ends[0], PAD.l - 4, PAD.t + side - 4);
  ctx.fillText(ends[1], PAD.l - 4, PAD.t + 4);
  ctx.textAlign = 'left'; ctx.textBaseline = 'bottom';
  ctx.fillText('predicted ↑', PAD.l, PAD.t - 3);
  ctx.textAlign = 'right';
  ctx.fillText('y = x', PAD.l + side, PAD.t - 3);
}
