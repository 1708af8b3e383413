// What the output map shows above the model's picture: the axes, the train points (white edge)
// and test points (dark edge) coloured by class or value, the sample chosen for the inspector
// and the trace (a ring), and the keyboard's cursor. All of it is drawn into an overlay canvas
// off the page, redrawn only when it changes (a scene, a sample, a switch, a key): a frame
// copies it onto the map in one call (output.js).
import { diverging, css, classColor, fmtOver, roundTo } from './colors.js';

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

/** The labels of the plane's ends, [[x1 at its left end, x1 at its right], [x2's bottom, top]],
 *  for the scene's `extent` ([x1 from, to, x2 from, to]: the server frames a CSV's points,
 *  plane_frame.py) in the file's units (axisValue): to three significant digits of the axis's
 *  span (colors.js's fmtOver), so the round ends of a column of 100 to 400 read 70 and 430, the
 *  built-in plane's -6 and 6. */
export function axisTicks(ds, extent) {
  return [0, 1].map((j) => {
    const [mu, sd] = ds.axes_std ? [ds.axes_mean[j], ds.axes_std[j]] : [0, 1];
    const ends = extent.slice(2 * j, 2 * j + 2).map((z) => mu + sd * z);
    return ends.map((v) => fmtOver(v, ends[1] - ends[0]));
  });
}

/** The plane's point (x1, x2) at the fractions (u, v) of a picture's width and height from
 *  its top left corner, in the scene's `extent`; and back (toPicture: the fractions). */
export function toPlane(extent, u, v) {
  const [a, b, c, d] = extent;
  return [a + (b - a) * u, d - (d - c) * v];
}
export function toPicture(extent, x1, x2) {
  const [a, b, c, d] = extent;
  return [(x1 - a) / (b - a), (d - x2) / (d - c)];
}

/** A coordinate of the plane to 3 decimals, as a click or a key sends it. */
export function round(z) { return Math.round(z * 1000) / 1000; }

/** Draw the overlay for dataset `ds` into `overlay` (made as large as the map's `canvas`), laid
 *  out on a W x H picture of the scene's `extent` of the plane. `shown`: the chosen training
 *  point's index (`sample`), whether the test points show (`showTest`), a regression's colour
 *  scale (`yMid`, `yScale`: colors.js's valueScale) and the keyboard's cursor ({x1, x2}, or null
 *  while it is hidden). */
export function drawOverlay(overlay, canvas, ds, extent, W, H, { sample, showTest, yMid, yScale, cursor }) {
  // a point (x1, x2) of the plane on the picture: x1 from left to right, x2 from bottom to top
  const toX = (x1) => toPicture(extent, x1, 0)[0] * W;
  const toY = (x2) => toPicture(extent, 0, x2)[1] * H;
  if (overlay.width !== canvas.width) overlay.width = canvas.width;
  if (overlay.height !== canvas.height) overlay.height = canvas.height;
  const ctx = overlay.getContext('2d');
  ctx.setTransform(overlay.width / W, 0, 0, overlay.height / H, 0, 0);
  ctx.clearRect(0, 0, W, H);
  axes(ctx, W, H, ds.axes, axisTicks(ds, extent));
  const K = ds.n_classes || 2;
  const shade = (y) => diverging((y - yMid) / yScale);
  const color = (y) => ds.task === 'regression' ? css(shade(y)) : classColor(y, K);
  drawPoints(ctx, ds.train || [], color, '#ffffff', toX, toY, W);
  if (showTest) drawPoints(ctx, ds.test || [], color, '#222222', toX, toY, W);
  const chosen = (ds.train || [])[sample];
  if (chosen) {
    const px = toX(chosen[0]), py = toY(chosen[1]);
    ctx.beginPath();
    ctx.arc(px, py, Math.max(8, W / 50), 0, 2 * Math.PI);
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  if (cursor) drawCursor(ctx, canvas, toX(cursor.x1), toY(cursor.x2), W);
}

const CURSOR_RING = 9, CURSOR_ARM = 12, CURSOR_HALO = 5;   // the keyboard's cursor, in CSS pixels
/** CSS pixels from the cursor's centre to the outer edge of its ring's halo: the cursor keeps
 *  that far inside the map's edges, so its ring is always whole (output-keyboard.js). */
export const CURSOR_REACH = CURSOR_RING + CURSOR_HALO / 2;

/** The keyboard's cursor: a ring (the point under it stays visible) with four arms, dark on a
 *  white halo so it shows on every colour of the map; sized in CSS pixels of the map `canvas`
 *  (u = W / its CSS width: plane units per CSS pixel), so it reads the same on a small map and
 *  on one enlarged, whose pixels are capped below CSS size × devicePixelRatio (enlarge.js). */
function drawCursor(ctx, canvas, px, py, W) {
  const u = W / (canvas.clientWidth || canvas.width);
  const r = CURSOR_RING * u, arm = CURSOR_ARM * u;
  ctx.beginPath();
  ctx.arc(px, py, r, 0, 2 * Math.PI);
  for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
    ctx.moveTo(px + r * dx, py + r * dy);
    ctx.lineTo(px + (r + arm) * dx, py + (r + arm) * dy);
  }
  ctx.lineCap = 'round';
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = CURSOR_HALO * u;
  ctx.stroke();
  ctx.strokeStyle = '#111111';
  ctx.lineWidth = 2 * u;
  ctx.stroke();
}

function drawPoints(ctx, points, color, edge, toX, toY, W) {
  const r = Math.max(3, W / 80);
  ctx.lineWidth = Math.max(1, W / 300);
  for (const [x1, x2, y] of points) {
    const px = toX(x1), py = toY(x2);
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
