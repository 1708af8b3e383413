// Per-layer gradient norms, weight and gradient histograms, and the training monitor's
// diagnoses in plain words.
import { css, NEG, POS, fmt, el, sameValues } from './colors.js';
import { paced } from './pace.js';

// the monitor's severities: two of problems (severe, warning) and one of notes (info)
const SEVERITY = { severe: '⛔', warning: '⚠', info: 'ℹ', ok: '✓' };

export function createGradients(store, root) {
  const bars = el('canvas', { class: 'bars', testid: 'grad-norms', width: 340, height: 110 });
  const hists = el('div', { class: 'hists' });
  const diagnoses = el('div', { class: 'diagnoses', testid: 'diagnoses' });
  root.append(el('div', { class: 'small muted', text: '‖∂L/∂W‖ per dense layer' }), bars, hists,
    el('div', { class: 'small muted', text: 'Diagnosis' }), diagnoses);
  let lastKey = '';
  let canvases = {};
  let lastDiag = '';
  // Each histogram canvas holds the pixels its box shows (CSS size times the pixel ratio): a
  // canvas of fixed size stretched to the column's width would stretch its labels with it.
  const sizes = new ResizeObserver((entries) => {
    const dpr = window.devicePixelRatio || 1;
    for (const { target: c, contentRect: box } of entries) {
      if (!(box.width > 0 && box.height > 0)) continue;
      c.__box = [box.width, box.height];
      c.width = Math.round(box.width * dpr);
      c.height = Math.round(box.height * dpr);
      c.__h = null;                       // (resizing cleared it) drawn again below
    }
    if (store.frame) drawHists(store.frame);
  });

  store.on('frame', paced(() => {
    const frame = store.frame;
    if (!frame) return;
    drawBars(frame);
    drawHists(frame);
    const d = frame.header.diagnoses;
    const key = JSON.stringify(d || null);
    if (key !== lastDiag) { lastDiag = key; showDiagnoses(d); }
  }, 20));

  function denseIndices() {
    return (store.scene?.network.layers || []).filter((l) => l.kind === 'dense').map((l) => l.index);
  }

  let lastBars = null;
  function drawBars(frame) {
    const g = frame.arrays.grad_norm;
    if (g && lastBars && sameValues(g, lastBars) && lastBars.scene === store.scene) return;
    lastBars = g ? g.slice() : null;
    if (lastBars) lastBars.scene = store.scene;
    const ctx = bars.getContext('2d');
    const W = bars.width, H = bars.height;
    ctx.clearRect(0, 0, W, H);
    if (!g) return;
    const idx = denseIndices();
    const n = g.length;
    const logs = Array.from(g, (v) => Math.log10(Math.max(v, 1e-12)));
    const lo = Math.min(-6, ...logs), hi = Math.max(1, ...logs);
    const bw = Math.min(44, (W - 40) / n - 6);
    ctx.font = '10px system-ui, sans-serif';
    // Each bar's value is written above it; when the values are wider than the bars are apart
    // (many layers), they are written upwards, and the bars are shortened to leave them room.
    const labels = Array.from(g, (v) => fmt(v, 2));
    const widest = Math.max(...labels.map((t) => ctx.measureText(t).width));
    const upright = widest > bw + 4;
    const base = H - 16, top = upright ? widest + 6 : 14;
    for (let i = 0; i < n; i++) {
      const x = 36 + i * (bw + 6);
      const h = ((logs[i] - lo) / (hi - lo)) * (base - top);
      const bad = !(g[i] === g[i]) || g[i] < 1e-6 || g[i] > 100;
      ctx.fillStyle = bad ? css(NEG) : css(POS);
      ctx.fillRect(x, base - h, bw, h);
      ctx.fillStyle = '#555';
      ctx.fillText(`L${idx[i] ?? i}`, x + 2, H - 4);
      if (!upright) ctx.fillText(labels[i], x, base - 3 - h);
      else {
        ctx.save();
        ctx.translate(x + bw / 2 + 3.5, base - 3 - h);
        ctx.rotate(-Math.PI / 2);
        ctx.fillText(labels[i], 0, 0);
        ctx.restore();
      }
    }
    ctx.fillStyle = '#999';
    ctx.fillText(`1e${Math.round(hi)}`, 0, top - 2);
    ctx.fillText(`1e${Math.round(lo)}`, 0, base - 2);
  }

  function drawHists(frame) {
    const names = Object.keys(frame.arrays).filter((k) => k.startsWith('hist_w/') || k.startsWith('hist_g/'));
    const key = names.join(',');
    if (key !== lastKey) {
      lastKey = key;
      canvases = {};
      sizes.disconnect();
      hists.replaceChildren();
      const layers = [...new Set(names.map((n) => n.split('/')[1]))].sort((a, b) => a - b);
      for (const L of layers) {
        const row = el('div', { class: 'hist-row' }, el('span', { class: 'small muted', text: `L${L}` }));
        for (const kind of ['hist_w', 'hist_g']) {
          const c = el('canvas', { width: 140, height: 40, title: kind === 'hist_w' ? `weights of layer ${L}` : `gradients of layer ${L}` });
          canvases[`${kind}/${L}`] = c;
          sizes.observe(c);
          row.append(c);
        }
        hists.append(row);
      }
      if (layers.length) hists.prepend(el('div', { class: 'small muted hist-head' }, el('span', { text: 'weights' }), el('span', { text: '|∂L/∂W| (log scale)' })));
    }
    const edges = frame.header.hist_edges || {};
    for (const [name, c] of Object.entries(canvases)) {
      const h = frame.arrays[name];
      if (!h) continue;
      const e = edges[name] || (name.startsWith('hist_w') ? edges.w : edges.g) || null;
      // the histograms change at most 10 times a second: redraw only what changed
      const eKey = e ? e.join(',') : '';
      if (c.__eKey === eKey && sameValues(h, c.__h)) continue;
      c.__eKey = eKey; c.__h = h.slice();
      drawHist(c, h, e, name.startsWith('hist_w') ? POS : NEG);
    }
  }

  function showDiagnoses(list) {
    diagnoses.replaceChildren();
    list = list || [];
    // notes (info) come after the problems and are none themselves
    if (!list.some((d) => d.severity !== 'info')) {
      diagnoses.append(el('div', { class: 'diag ok' }, `${SEVERITY.ok} No problem found so far.`));
    }
    for (const d of list) {
      const remedies = Array.isArray(d.remedies) ? d.remedies : d.remedies ? [d.remedies] : [];
      diagnoses.append(el('div', { class: `diag ${d.severity}`, testid: `diagnosis-${d.name}` },
        el('div', { class: 'diag-name' }, `${SEVERITY[d.severity]} ${d.title}`),
        d.evidence ? el('div', { class: 'small', text: String(d.evidence) }) : '',
        remedies.length ? el('ul', { class: 'small' }, ...remedies.map((r) => el('li', { text: String(r) }))) : ''));
    }
  }
}

function drawHist(canvas, h, edges, color) {
  const [W, H] = canvas.__box || [canvas.width, canvas.height];   // drawn in CSS pixels
  const ctx = canvas.getContext('2d');
  ctx.setTransform(canvas.width / W, 0, 0, canvas.height / H, 0, 0);
  ctx.clearRect(0, 0, W, H);
  let max = 0;
  for (const v of h) max = Math.max(max, v);
  if (!max) return;
  const bw = W / h.length;
  ctx.fillStyle = css(color, 0.8);
  for (let i = 0; i < h.length; i++) {
    const bh = (Math.sqrt(h[i] / max)) * (H - 12);
    ctx.fillRect(i * bw, H - 10 - bh, Math.max(1, bw - 0.5), bh);
  }
  if (edges && edges.length >= 2) {
    ctx.fillStyle = '#888';
    ctx.font = '9px system-ui, sans-serif';
    ctx.fillText(fmt(edges[0], 2), 0, H - 1);
    const right = fmt(edges[edges.length - 1], 2);
    ctx.fillText(right, W - ctx.measureText(right).width, H - 1);
  }
}
