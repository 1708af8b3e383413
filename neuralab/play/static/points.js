// What the output map shows above the model's picture: the axes, the train points (white edge)
// and test points (dark edge) coloured by class or value, the sample chosen for the inspector
// and the trace (a ring), and the keyboard's cursor. All of it is drawn into an overlay canvas
// off the page, redrawn only when it changes (a scene, a sample, a switch, a key): a frame
// copies it onto the map in one call (output.js).
import { diverging, css, classColor } from './colors.js';

export const EXTENT = 6;         // the plane: x1 and x2 from -EXTENT to EXTENT

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
  axes(ctx, W, H, ds.axes);
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

function axes(ctx, W, H, names) {
  ctx.strokeStyle = 'rgba(0,0,0,0.12)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(W / 2, 0); ctx.lineTo(W / 2, H); ctx.moveTo(0, H / 2); ctx.lineTo(W, H / 2);
  ctx.stroke();
  ctx.fillStyle = 'rgba(0,0,0,0.45)';
  ctx.font = `${Math.round(W / 40)}px system-ui, sans-serif`;
  ctx.fillText('-6', 4, H / 2 - 4); ctx.fillText('6', W - W / 30, H / 2 - 4);
  ctx.fillText('6', W / 2 + 4, W / 30 + 4); ctx.fillText('-6', W / 2 + 4, H - 6);
  if (names) {   // x1 at the right end of its axis, x2 at the top of its own
    ctx.fillText(names[1], W / 2 + W / 18, W / 30 + 4);
    ctx.textAlign = 'right';
    ctx.fillText(names[0], W - 4, H / 2 + W / 25 + 4);
    ctx.textAlign = 'left';
  }
}
