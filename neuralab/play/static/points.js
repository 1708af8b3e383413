// What the output map shows above the model's picture: the axes, the train points (white edge)
// and test points (dark edge) coloured by class or value, the sample chosen for the inspector
// and the trace (a ring), and the keyboard's cursor. All of it is drawn into an overlay canvas
// off the page, redrawn only when it changes (a scene, a sample, a switch, a key): a frame
// copies it onto the map in one call (output.js).
import { diverging, css, classColor } from './colors.js';

export const EXTENT = 6;         // the plane: x1 and x2 from -EXTENT to EXTENT

/** Coordinate z of axis j (0: x1, 1: x2) in the file's units: a two-column CSV's x1, x2 are its
 *  columns standardised (build.py), so the column's value is μ + σ·z, with the scene's
 *  `axes_mean` and `axes_std`; generated and drawn data are in the plane's units, z itself
 *  (to 3 decimals, as a click sends it). A CSV's value is rounded to σ·10⁻⁴, the precision of
 *  the scene's points (z to 4 decimals): a row's 120 reads 120, not 120.0015. */
export function axisValue(ds, j, z) {
  if (!ds.axes_std) return round(z);
  const sd = ds.axes_std[j];
  return roundTo(ds.axes_mean[j] + sd * z, Math.ceil(Math.log10(sd * 1e-4)));
}

/** The labels of the plane's ends, [[x1 at -EXTENT, x1 at EXTENT], [x2's]], in the file's units
 *  (axisValue): to three significant digits of the axis's span, so -6σ..6σ of a column in the
 *  hundreds reads -151 and 451, and the built-in plane -6 and 6. */
export function axisTicks(ds) {
  return [0, 1].map((j) => [-EXTENT, EXTENT].map((z) => {
    if (!ds.axes_std) return String(z);
    const sd = ds.axes_std[j];
    return String(roundTo(ds.axes_mean[j] + sd * z, Math.floor(Math.log10(2 * EXTENT * sd)) - 2));
  }));
}

/** A coordinate of the plane to 3 decimals, as a click or a key sends it. */
export function round(z) { return Math.round(z * 1000) / 1000; }

/** v rounded to a multiple of 10^e (toFixed for e < 0: no 0.30000000000000004). */
function roundTo(v, e) {
  return e < 0 ? Number(v.toFixed(Math.min(-e, 100))) : Math.round(v / 10 ** e) * 10 ** e;
}

// A point (x1, x2) of the plane on a W x H picture: x1 from left to right, x2 from bottom to top.
const toX = (x1, W) => ((x1 + EXTENT) / (2 * EXTENT)) * W;
const toY = (x2, H) => ((EXTENT - x2) / (2 * EXTENT)) * H;

/** Draw the overlay for dataset `ds` into `overlay` (made as large as the map's `canvas`), laid
 *  out on a W x H plane. `shown`: the chosen training point's index (`sample`), whether the test
 *  points show (`showTest`), a regression's colour scale (`yMid`, `yScale`: colors.js's
 *  valueScale) and the keyboard's cursor ({x1, x2}, or null while it is hidden). */
export function drawOverlay(overlay, canvas, ds, W, H, { sample, showTest, yMid, yScale, cursor }) {
  if (overlay.width !== canvas.width) overlay.width = canvas.width;
  if (overlay.height !== canvas.height) overlay.height = canvas.height;
  const ctx = overlay.getContext('2d');
  ctx.setTransform(overlay.width / W, 0, 0, overlay.height / H, 0, 0);
  ctx.clearRect(0, 0, W, H);
  axes(ctx, W, H, ds.axes, axisTicks(ds));
  const K = ds.n_classes || 2;
  const shade = (y) => diverging((y - yMid) / yScale);
  const color = (y) => ds.task === 'regression' ? css(shade(y)) : classColor(y, K);
  drawPoints(ctx, ds.train || [], color, '#ffffff', W, H);
  if (showTest) drawPoints(ctx, ds.test || [], color, '#222222', W, H);
  const chosen = (ds.train || [])[sample];
  if (chosen) {
    const px = toX(chosen[0], W), py = toY(chosen[1], H);
    ctx.beginPath();
    ctx.arc(px, py, Math.max(8, W / 50), 0, 2 * Math.PI);
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  if (cursor) drawCursor(ctx, overlay, cursor, W, H);
}

/** The keyboard's cursor: a ring (the point under it stays visible) with four arms, dark on a
 *  white halo so it shows on every colour of the map; sized in CSS pixels (u of the plane's
 *  units each), so it reads the same on a small map. */
function drawCursor(ctx, overlay, cursor, W, H) {
  const px = toX(cursor.x1, W), py = toY(cursor.x2, H);
  const u = (W * (window.devicePixelRatio || 1)) / overlay.width;
  const r = 9 * u, arm = 12 * u;
  ctx.beginPath();
  ctx.arc(px, py, r, 0, 2 * Math.PI);
  for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
    ctx.moveTo(px + r * dx, py + r * dy);
    ctx.lineTo(px + (r + arm) * dx, py + (r + arm) * dy);
  }
  ctx.lineCap = 'round';
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 5 * u;
  ctx.stroke();
  ctx.strokeStyle = '#111111';
  ctx.lineWidth = 2 * u;
  ctx.stroke();
}

function drawPoints(ctx, points, color, edge, W, H) {
  const r = Math.max(3, W / 80);
  ctx.lineWidth = Math.max(1, W / 300);
  for (const [x1, x2, y] of points) {
    const px = toX(x1, W), py = toY(x2, H);
    ctx.beginPath();
    ctx.arc(px, py, r, 0, 2 * Math.PI);
    ctx.fillStyle = color(y);
    ctx.fill();
    ctx.strokeStyle = edge;
    ctx.stroke();
  }
}

/** The axes through the plane's centre, each end labelled with its value (`ticks`, axisTicks:
 *  in the file's units) and each axis with its name; labels are right-aligned at the right edge,
 *  as a CSV's are wider than "6". */
function axes(ctx, W, H, names, ticks) {
  ctx.strokeStyle = 'rgba(0,0,0,0.12)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(W / 2, 0); ctx.lineTo(W / 2, H); ctx.moveTo(0, H / 2); ctx.lineTo(W, H / 2);
  ctx.stroke();
  ctx.fillStyle = 'rgba(0,0,0,0.45)';
  ctx.font = `${Math.round(W / 40)}px system-ui, sans-serif`;
  const [[left, right], [bottom, top]] = ticks;
  ctx.fillText(left, 4, H / 2 - 4);
  ctx.fillText(top, W / 2 + 4, W / 30 + 4); ctx.fillText(bottom, W / 2 + 4, H - 6);
  ctx.textAlign = 'right';
  ctx.fillText(right, W - 4, H / 2 - 4);
  if (names) {   // x1 at the right end of its axis, x2 at the top of its own, past its tick
    ctx.fillText(names[0], W - 4, H / 2 + W / 25 + 4);
    ctx.textAlign = 'left';
    ctx.fillText(names[1], W / 2 + 4 + ctx.measureText(top).width + W / 40, W / 30 + 4);
  }
  ctx.textAlign = 'left';
}
