// Train vs test loss and accuracy over epochs, from the frame's `curves` array (k, 5): epoch,
// loss, val_loss, accuracy, val_accuracy (a regression's loss is its MSE in the target's units squared, as
// the board's, and R² stands for accuracy). The server keeps it at most 400 rows, so drawing
// costs the same after ten epochs or ten thousand.
import { fmtDistinct, fmtPercent, fmtPlain, el } from './colors.js';
import { lossWords, r2Text } from './board.js';
import { paced } from './pace.js';
import { backingPixels, enlargeButton } from './enlarge.js';
import { earlyStop, stillStopped } from './early-stop.js';

const FONT = '12px system-ui, sans-serif';
// The two curves in a neutral pair told apart by their line, train solid and dark, test dashed and
// grey: blue and orange, the classes' colours (and the signs'), said "class 1" and "class 0" beside
// a map that uses them so
const CURVE_STYLES = [{ color: '#2b3036', dash: [] }, { color: '#8a939c', dash: [6, 4] }];
const BEST_COLOR = '#2e7d32';   // the early stop's best epoch: a green line, apart from the curves' greys

export function createCurves(store, root) {
  // (role img: each chart is said in words, its aria-label, written at a pause, a step, a reset
  // or a new scene, when announcements.js emits `settled`: never per frame)
  const loss = el('canvas', { class: 'curve loss', testid: 'loss-chart', role: 'img' });
  const acc = el('canvas', { class: 'curve acc', testid: 'accuracy-chart', role: 'img' });
  // "log scale", not "log loss", which is the name of a loss (cross-entropy), beside the loss's name
  const logTitle = 'draw the loss chart on a logarithmic axis: each grid line a constant factor apart, so a loss still falling from 0.01 to 0.001 shows as plainly as one from 1 to 0.1';
  const logScale = el('input', { type: 'checkbox', checked: true, testid: 'log-scale', title: logTitle });
  // Over the loss chart until its first point: before an epoch has ended it was an empty box
  // under its title, which said nothing of what would come there, or how
  const empty = el('div', { class: 'curve-empty small muted', testid: 'curves-empty' });
  root.append(
    el('div', { class: 'curve-head' },
      ...['train', 'test'].map((part, n) => el('span', { class: 'key', testid: `curve-key-${part}` },
        el('i', { style: `border-top: 3px ${CURVE_STYLES[n].dash.length ? 'dashed' : 'solid'} ${CURVE_STYLES[n].color}` }), part)),
      el('label', { class: 'small muted', title: logTitle }, logScale, ' log scale'),
      enlargeButton(root, 'the loss curves')),
    empty, loss, acc);
  let last = null;
  // the early stop whose best epoch is marked, while the page holds the weights it put back
  // (early-stop.js): ▶ after the stop, a reset or an edit starts another stretch of the run
  let stop = null;
  // Each chart is laid out in the CSS pixels it shows (its height set by the style sheet) over
  // its words' scale s (the canvas's CSS font-size over FONT's 12 px: larger on the whole screen,
  // enlarge.css), and the canvas holds its CSS size times the pixel ratio (backingPixels): its
  // words are as large as the page's, however narrow the column (laid out on a 560-wide plane, a
  // 300-pixel column drew them at 6 pixels), and s times larger enlarged, lines and all.
  const resize = new ResizeObserver((entries) => {
    let changed = false;
    for (const { target: c, contentRect: box } of entries) {
      if (!(box.width > 0 && box.height > 0)) continue;
      const s = parseFloat(getComputedStyle(c).fontSize) / 12 || 1;
      c.__box = [box.width / s, box.height / s];
      const w = backingPixels(box.width), h = backingPixels(box.height);
      if (c.width !== w || c.height !== h) { c.width = w; c.height = h; changed = true; }
    }
    if (changed) draw(last);
  });
  resize.observe(loss);
  resize.observe(acc);
  logScale.addEventListener('change', () => draw(last));
  const redraw = paced(() => draw(last), 20);
  store.on('frame', (frame) => { last = frame; redraw(); });
  store.on('scene', (scene) => { last = null; if (!stillStopped(stop, scene)) stop = null; draw(null); });
  store.on('fit-ended', (message) => { stop = earlyStop(message, store.scene); draw(last); describe(store.frame); });
  store.on('settled', (frame) => describe(frame));
  describe(null);

  /** Each chart's text: what it shows, from its first epoch to its last. */
  function describe(frame) {
    const c = frame?.arrays.curves;
    const regression = store.scene?.dataset.task === 'regression';
    const marked = stop === null ? '' : `; early stopping put back the weights of epoch ${stop.best}, the best test loss`;
    loss.setAttribute('aria-label', chartWords(c, [1, 2],
      regression ? "MSE chart (in the target's units, squared)" : `Loss chart (${lossWords(store.scene)})`, fmtPlain) + marked);
    acc.setAttribute('aria-label', chartWords(c, [3, 4], regression ? 'R² chart' : 'Accuracy chart', regression ? r2Text : fmtPercent));
  }

  function draw(frame) {
    const c = frame && frame.arrays.curves;
    const regression = store.scene?.dataset.task === 'regression';
    const best = stop?.best ?? null;
    empty.hidden = c?.shape[0] > 0;
    // (after steps into the first epoch, "⇥ batch" or a run that diverged in it, no longer "Press ▶")
    const what = regression ? 'MSE' : 'loss';
    empty.textContent = empty.hidden ? '' : frame?.header.step > 0
      ? `No epoch has ended yet: the ${what} of each epoch is drawn here at its end.`
      : `Press ▶ to train: the ${what} of each epoch is drawn here.`;
    // the loss named, and a regression's in the target's units squared: the board's MSE (the server
    // scales the curve of the standardised target the network learns by σ²)
    plot(loss, c, [1, 2], regression ? "MSE (in the target's units, squared)" : `loss: ${lossWords(store.scene)}`, logScale.checked, { best, fromZero: true });
    const hasAcc = c && [...column(c, 3)].some((v) => v === v);
    const display = hasAcc || !c ? '' : 'none';
    if (acc.style.display !== display) acc.style.display = display;
    // accuracy spans [0, 1]; R² is at most 1 and a diverged run's reaches -1e25: below -1 it
    // says only "worse than the mean", and the axis stops there
    plot(acc, c, [3, 4], regression ? 'R²' : 'accuracy', false, regression ? { bounds: [-1, 1], best, bestWords: false } : { fixed: [0, 1], best, bestWords: false });
  }
  return { draw: () => draw(last) };
}

/** A chart of curves `cols` of `c` (training, then test) in words: "Loss chart (cross-entropy),
 *  epochs 1 to 12: training from 0.71 to 0.31, test from 0.73 to 0.35", values written by `say`. */
function chartWords(c, cols, title, say) {
  const k = c ? c.shape[0] : 0, w = k && c.shape[1];
  if (!k) return `${title}: no epoch trained yet`;
  const trend = (j, part) => {
    const first = c[j], end = c[(k - 1) * w + j];
    if (!Number.isFinite(end)) return null;
    return k === 1 || !Number.isFinite(first) ? `${part} ${say(end)}` : `${part} from ${say(first)} to ${say(end)}`;
  };
  const parts = [trend(cols[0], 'training'), trend(cols[1], 'test')].filter(Boolean);
  const epochs = k === 1 ? `epoch ${Math.floor(c[0])}` : `epochs ${Math.floor(c[0])} to ${Math.floor(c[(k - 1) * w])}`;
  return `${title}, ${epochs}: ${parts.join(', ') || 'no values'}`;
}

function* column(c, j) {
  const k = c.shape[0], w = c.shape[1];
  for (let i = 0; i < k; i++) yield c[i * w + j];
}

/** The x axis's words, under the plot (its bottom at y = `bottom`) from x = X(e0) to `right`: the
 *  first epoch, the last ("epoch 4340"), and between them up to two round ones (multiples of 1, 2
 *  or 5 × 10^k), each with a tick, where its number has room (12 px from its neighbours). Epochs
 *  are written whole: 21630, not fmt's 2.163e+4, which the chart's edge cut to "2.163e-"; a pause
 *  inside an epoch shows the last one ended, as the header. One epoch: the last label alone. */
function epochAxis(ctx, e0, e1, X, right, bottom, H) {
  const first = Math.floor(e0), last = Math.floor(e1);
  const gap = 12;
  const labels = [{ text: `epoch ${last}`, x: right, align: 'right' }];
  const box = (l) => {   // [left, right] of a label's words
    const w = ctx.measureText(l.text).width;
    return l.align === 'left' ? [l.x, l.x + w] : l.align === 'right' ? [l.x - w, l.x] : [l.x - w / 2, l.x + w / 2];
  };
  const fits = (l) => labels.every((o) => { const [a, b] = box(l), [c, d] = box(o); return b + gap <= c || d + gap <= a; });
  if (last > first) {
    const start = { text: String(first), x: X(e0), align: 'left' };
    if (fits(start)) labels.push(start);
    for (const e of roundEpochs(first, last)) {
      const mid = { text: String(e), x: X(e), align: 'center', tick: true };
      if (fits(mid)) labels.push(mid);
    }
  }
  ctx.fillStyle = '#888';
  ctx.strokeStyle = '#c8ccd1';
  ctx.lineWidth = 1;
  ctx.textBaseline = 'alphabetic';
  for (const l of labels) {
    ctx.textAlign = l.align;
    ctx.fillText(l.text, l.x, H - 4);
    if (l.tick) { ctx.beginPath(); ctx.moveTo(l.x, bottom); ctx.lineTo(l.x, bottom + 4); ctx.stroke(); }
  }
  ctx.textAlign = 'left';
}

/** The early stop's best epoch at x = `x`: a dotted vertical line from `top` to `bottom` and, if
 *  `epoch` is given, "best: epoch 57" at its top, on the side where it has room before `right`. */
function bestMark(ctx, x, epoch, top, bottom, right) {
  ctx.save();
  ctx.strokeStyle = ctx.fillStyle = BEST_COLOR;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([2, 3]);
  ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
  if (epoch === false) { ctx.restore(); return; }
  const text = `best: epoch ${epoch}`;
  const room = x + 4 + ctx.measureText(text).width <= right;
  ctx.textAlign = room ? 'left' : 'right';
  ctx.textBaseline = 'top';
  ctx.fillText(text, room ? x + 4 : x - 4, top + 2);
  ctx.restore();
}

/** Up to two round epochs strictly between `first` and `last`: the multiples of the smallest
 *  step among 1, 2, 5 × 10^k that leaves at most two of them, none next to either end (a fifth
 *  of the span away). */
function roundEpochs(first, last) {
  const span = last - first;
  if (span < 3) return [];
  for (let k = Math.floor(Math.log10(span / 3)); ; k++) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** k;
      const inside = [];
      for (let e = Math.ceil((first + span / 5) / step) * step; e <= last - span / 5; e += step) inside.push(e);
      if (inside.length <= 2) return inside;
    }
  }
}

/** Curves `cols` of `c` on `canvas`, titled `label`: on a log scale (`log`), on the axis
 *  `fixed`, or on the data's range kept within `bounds`; values past the axis are drawn at its
 *  edge. The tick labels stand left of the plot, as wide as the widest needs. `best`: an epoch
 *  marked by a vertical line (early stopping's best), or null, with its words unless `bestWords`
 *  is false (the accuracy chart under the loss chart: its curves run where they would stand).
 *  `fromZero`: the axis reaches down to 0, or on a log scale at least a decade below its top. */
function plot(canvas, c, cols, label, log, { fixed, bounds, best = null, bestWords = true, fromZero = false } = {}) {
  const ctx = canvas.getContext('2d');
  const [W, H] = canvas.__box || [canvas.width, canvas.height];
  ctx.setTransform(canvas.width / W, 0, 0, canvas.height / H, 0, 0);
  ctx.clearRect(0, 0, W, H);
  ctx.setLineDash([]);   // (the test curve's dashes, left from the last drawing)
  ctx.font = FONT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  const pad = { l: 2, r: 8, t: 24, b: 20 };
  const title = () => { ctx.fillStyle = '#666'; ctx.fillText(label, pad.l, 14); };
  if (!c || c.shape[0] === 0) { title(); return; }
  const k = c.shape[0], w = c.shape[1];
  const t = (v) => (log ? Math.log10(Math.max(v, 1e-6)) : v);
  let lo = Infinity, hi = -Infinity;
  for (const j of cols) for (let i = 0; i < k; i++) {
    const v = c[i * w + j];
    if (v === v && Number.isFinite(v)) { lo = Math.min(lo, t(v)); hi = Math.max(hi, t(v)); }
  }
  if (fixed) [lo, hi] = fixed;
  if (!Number.isFinite(lo)) { title(); return; }
  // A loss's axis fitted to its own range drew a crawl (lr 0.001: 0.72 to 0.69 in 60 epochs)
  // across the chart's whole height, as steep as a run that learns: from 0, or a decade down,
  // a loss that barely moves draws as the near-flat line it is, and two runs' charts compare
  if (fromZero) lo = Math.min(lo, log ? hi - 1 : 0);
  if (hi - lo < 1e-9) { hi += 0.5; lo -= 0.5; }
  if (bounds) {
    lo = Math.max(lo, bounds[0]);
    hi = Math.min(hi, bounds[1]);
    if (hi - lo < 1e-9) [lo, hi] = bounds;
  }
  const ticks = [0, 1, 2, 3].map((g) => hi - (g * (hi - lo)) / 3);
  const labels = fmtDistinct(ticks.map((v) => (log ? 10 ** v : v)));
  pad.l = Math.ceil(Math.max(...labels.map((s) => ctx.measureText(s).width))) + 10;
  title();
  const e0 = c[0], e1 = c[(k - 1) * w];
  const X = (e) => pad.l + ((e - e0) / Math.max(e1 - e0, 1e-9)) * (W - pad.l - pad.r);
  const Y = (v) => H - pad.b - ((Math.min(hi, Math.max(lo, t(v))) - lo) / (hi - lo)) * (H - pad.t - pad.b);
  ctx.strokeStyle = '#e3e5e8';
  ctx.lineWidth = 1;
  ctx.fillStyle = '#888';
  ctx.textBaseline = 'middle';
  ticks.forEach((v, g) => {
    const y = pad.t + (g * (H - pad.t - pad.b)) / 3;
    ctx.beginPath(); ctx.moveTo(pad.l, y); ctx.lineTo(W - pad.r, y); ctx.stroke();
    ctx.fillText(labels[g], 2, y);
  });
  epochAxis(ctx, e0, e1, X, W - pad.r, H - pad.b, H);
  if (best !== null && best >= e0 && best <= e1) bestMark(ctx, X(best), bestWords && best, pad.t, H - pad.b, W - pad.r);
  cols.forEach((j, n) => {
    ctx.strokeStyle = ctx.fillStyle = CURVE_STYLES[n].color;
    ctx.setLineDash(CURVE_STYLES[n].dash);
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
    // after the first epoch a curve is one point, which a line does not show: draw it as a dot,
    // the test's as a ring around it (on an axis a decade high the two often fall together)
    const v = c[j];
    if (k === 1 && v === v && Number.isFinite(v)) {
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(X(e0), Y(v), n ? 5 : 3, 0, 2 * Math.PI);
      if (n) ctx.stroke(); else ctx.fill();
    }
  });
}
