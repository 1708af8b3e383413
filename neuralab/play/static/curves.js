// Train vs test loss and accuracy over epochs, from the frame's `curves` array (k, 5): epoch,
// loss, val_loss, accuracy, val_accuracy. The server keeps it at most 400 rows, so drawing
// costs the same after ten epochs or ten thousand.
import { css, NEG, POS, fmt, fmtDistinct, el } from './colors.js';
import { paced } from './pace.js';

export function createCurves(store, root) {
  const loss = el('canvas', { class: 'curve', testid: 'loss-chart', width: 560, height: 180 });
  const acc = el('canvas', { class: 'curve', testid: 'accuracy-chart', width: 560, height: 120 });
  const logScale = el('input', { type: 'checkbox', checked: true });
  root.append(
    el('div', { class: 'curve-head' },
      el('span', { class: 'key' }, el('i', { style: `background:${css(POS)}` }), 'train'),
      el('span', { class: 'key' }, el('i', { style: `background:${css(NEG)}` }), 'test'),
      el('label', { class: 'small muted' }, logScale, ' log loss')),
    loss, acc);
  let last = null;
  // Each chart is laid out on its own plane (560 x 180, 560 x 120) and the canvas holds only
  // the pixels it shows (CSS size times the pixel ratio): less to draw and hand over per frame.
  for (const c of [loss, acc]) { c.__w = c.width; c.__h = c.height; }
  const resize = new ResizeObserver((entries) => {
    let changed = false;
    for (const { target: c, contentRect: box } of entries) {
      const w = Math.round(box.width * (window.devicePixelRatio || 1));
      if (w > 0 && c.width !== w) {
        c.width = w;
        c.height = Math.round((w * c.__h) / c.__w);
        changed = true;
      }
    }
    if (changed) draw(last);
  });
  resize.observe(loss);
  resize.observe(acc);
  logScale.addEventListener('change', () => draw(last));
  const redraw = paced(() => draw(last), 20);
  store.on('frame', (frame) => { last = frame; redraw(); });
  store.on('scene', () => { last = null; draw(null); });

  function draw(frame) {
    const c = frame && frame.arrays.curves;
    // a regression's network learns the target standardised, and the curve is its loss: the
    // MSE in those units (the Output board's MSE is in the target's own, σ² times as large)
    const ds = store.scene?.dataset;
    const lossLabel = ds?.target_std ? `loss: MSE of the standardised target (y − ${fmt(ds.target_mean, 3)}) / ${fmt(ds.target_std, 3)}` : 'loss';
    plot(loss, c, [1, 2], lossLabel, logScale.checked);
    const hasAcc = c && [...column(c, 3)].some((v) => v === v);
    const display = hasAcc || !c ? '' : 'none';
    if (acc.style.display !== display) acc.style.display = display;
    plot(acc, c, [3, 4], store.scene?.dataset.task === 'regression' ? 'R²' : 'accuracy', false, store.scene?.dataset.task === 'regression' ? null : [0, 1]);
  }
  return { draw: () => draw(last) };
}

function* column(c, j) {
  const k = c.shape[0], w = c.shape[1];
  for (let i = 0; i < k; i++) yield c[i * w + j];
}

function plot(canvas, c, cols, label, log, fixed) {
  const ctx = canvas.getContext('2d');
  const W = canvas.__w || canvas.width, H = canvas.__h || canvas.height, pad = { l: 44, r: 8, t: 14, b: 18 };
  ctx.setTransform(canvas.width / W, 0, 0, canvas.height / H, 0, 0);
  ctx.clearRect(0, 0, W, H);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#666';
  ctx.fillText(label, pad.l, 10);
  if (!c || c.shape[0] === 0) return;
  const k = c.shape[0], w = c.shape[1];
  const t = (v) => (log ? Math.log10(Math.max(v, 1e-6)) : v);
  let lo = Infinity, hi = -Infinity;
  for (const j of cols) for (let i = 0; i < k; i++) {
    const v = c[i * w + j];
    if (v === v && Number.isFinite(v)) { lo = Math.min(lo, t(v)); hi = Math.max(hi, t(v)); }
  }
  if (fixed) [lo, hi] = fixed;
  if (label === 'R²') lo = Math.max(lo, -1);
  if (!Number.isFinite(lo)) return;
  if (hi - lo < 1e-9) { hi += 0.5; lo -= 0.5; }
  const e0 = c[0], e1 = c[(k - 1) * w];
  const X = (e) => pad.l + ((e - e0) / Math.max(e1 - e0, 1e-9)) * (W - pad.l - pad.r);
  const Y = (v) => H - pad.b - ((t(v) - lo) / (hi - lo)) * (H - pad.t - pad.b);
  ctx.strokeStyle = '#e3e5e8';
  ctx.lineWidth = 1;
  ctx.fillStyle = '#888';
  const ticks = [0, 1, 2, 3].map((g) => hi - (g * (hi - lo)) / 3);
  const labels = fmtDistinct(ticks.map((v) => (log ? 10 ** v : v)));
  ticks.forEach((v, g) => {
    const y = pad.t + (g * (H - pad.t - pad.b)) / 3;
    ctx.beginPath(); ctx.moveTo(pad.l, y); ctx.lineTo(W - pad.r, y); ctx.stroke();
    ctx.fillText(labels[g], 2, y + 4);
  });
  ctx.fillText(`epoch ${fmt(e1, 4)}`, W - pad.r - 70, H - 4);
  cols.forEach((j, n) => {
    ctx.strokeStyle = ctx.fillStyle = css(n === 0 ? POS : NEG);
    ctx.lineWidth = 2;
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < k; i++) {
      const v = c[i * w + j];
      if (!(v === v) || !Number.isFinite(v)) { started = false; continue; }
      const x = X(c[i * w]), y = Y(v);
      if (!started) { ctx.moveTo(x, y); started = true; } else ctx.lineTo(x, y);
    }
    ctx.stroke();
    // after the first epoch a curve is one point, which a line does not show: draw it as a dot
    const v = c[j];
    if (k === 1 && v === v && Number.isFinite(v)) {
      ctx.beginPath();
      ctx.arc(X(e0), Y(v), 3, 0, 2 * Math.PI);
      ctx.fill();
    }
  });
}
