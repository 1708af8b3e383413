// Per-layer gradient norms, weight and gradient histograms, and the training monitor's
// diagnoses in plain words.
import { css, NEG, POS, fmt, el, sameValues } from './colors.js';
import { layerName, shortLayerName } from './layer-names.js';
import { paced } from './pace.js';
import { createGradientAxis, decadeLabel, fittedDecades, binsPerDecade, sumOver } from './gradient-axis.js';
import { focusIn, refocus } from './keyboard-focus.js';
import { showFocused } from './focus-readout.js';

// The monitor's severities (two of problems, severe and warning, and one of notes, info) and no
// problem (ok), each an icon drawn in SVG: the emoji ⛔ was an empty box where no font has it.
// [colour, word, what is drawn white on the shape]; the shape is a triangle for a warning, else
// a disc.
const SEVERITY = {
  severe: ['#c0392b', 'severe', '<rect x="3.5" y="6.75" width="9" height="2.5"/>'],
  warning: ['#f59322', 'warning', '<rect x="7.1" y="5.5" width="1.8" height="5"/><circle cx="8" cy="12.4" r="1"/>'],
  info: ['#6c7a89', 'note', '<rect x="7.1" y="7" width="1.8" height="5.5"/><circle cx="8" cy="4.6" r="1.1"/>'],
  ok: ['#2e8b57', 'no problem', '<path d="M4.5 8.5 7 11l4.5-5.5" fill="none" stroke="#fff" stroke-width="2"/>'],
};

/** The icon of `severity` (SEVERITY), named by its word for those who do not see it. */
function severityIcon(severity) {
  const [colour, word, mark] = SEVERITY[severity] || SEVERITY.info;
  const shape = severity === 'warning' ? `<path d="M8 1.2 15 14.6H1z" fill="${colour}"/>` : `<circle cx="8" cy="8" r="7.2" fill="${colour}"/>`;
  const icon = el('span', { class: 'severity', role: 'img', 'aria-label': word, title: word });
  icon.innerHTML = `<svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true">${shape}<g fill="#fff">${mark}</g></svg>`;
  return icon;
}
const CAPTION = '‖∂L/∂W‖ per dense layer';

export function createGradients(store, root) {
  const bars = el('canvas', { class: 'bars', testid: 'grad-norms', width: 340, height: 110, tabindex: 0, role: 'img' });
  const hists = el('div', { class: 'hists' });
  const diagnoses = el('div', { class: 'diagnoses', testid: 'diagnoses' });
  const caption = el('div', { class: 'small muted', text: CAPTION });
  const none = el('div', { class: 'small muted grad-none', testid: 'grad-norms-none', text: 'no gradients yet: press play or step' });
  none.hidden = true;
  root.append(caption, bars, none, hists,
    el('div', { class: 'small muted', text: 'Diagnosis' }), diagnoses);
  // the keyboard reaches each chart (Tab): what its title tells the mouse shows under the panel
  const readout = showFocused(root.closest('.panel') || root);
  const axis = createGradientAxis();
  let refreshed = '';     // the heavy refresh the axis was last fitted to
  let decades = null;     // the axis of the gradient histograms, [lo, hi]
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
    readout.refresh();     // (the chart the keyboard is on was drawn anew)
  }, 20));

  function denseIndices() {
    return (store.scene?.network.layers || []).filter((l) => l.kind === 'dense').map((l) => l.index);
  }

  // The server sends a norm of 0 for a layer no step has reached since the network was built
  // (opened, reset, or rebuilt by an edit while paused): drawn, those were bars of "0" on a 1e-12
  // axis. A network whose gradients did vanish to 0 (every ReLU dead) has taken a step since: the
  // frame's step counter is past the one its scene came with (a reset starts it over, lower).
  let sceneId = null, builtAt = 0;
  function noGradientsYet(frame, g) {
    const { scene_id: id, step } = frame.header;
    if (id !== sceneId || step < builtAt) { sceneId = id; builtAt = step; }
    return step === builtAt && g.every((v) => v === 0);
  }

  let lastBars = null;
  function drawBars(frame) {
    const g = frame.arrays.grad_norm;
    const idle = !!g && noGradientsYet(frame, g);
    none.hidden = !idle;
    bars.hidden = idle;
    if (idle) { lastBars = null; return; }
    if (g && lastBars && sameValues(g, lastBars) && lastBars.scene === store.scene) return;
    lastBars = g ? g.slice() : null;
    if (lastBars) lastBars.scene = store.scene;
    const ctx = bars.getContext('2d');
    const W = bars.width, H = bars.height;
    ctx.clearRect(0, 0, W, H);
    if (!g) return;
    const idx = denseIndices();
    const names = Array.from(g, (v, i) => layerName(store.scene, idx[i] ?? i));
    // the canvas's words for a screen reader and the mouse: each bar's layer and value in full
    bars.title = '‖∂L/∂W‖ · ' + names.map((name, i) => `${name}: ${fmt(g[i], 3)}`).join(' · ');
    bars.setAttribute('aria-label', bars.title);
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
    // under each bar its layer's short name, in as many lines as the bar's width asks; where a
    // word of it is wider than the bars are apart (many layers), the hidden layer's number
    // alone ("12" of "hidden layer 12") and "out", as the caption then says
    const short = Array.from(g, (v, i) => shortLayerName(store.scene, idx[i] ?? i));
    let under = short.map((name) => wrap(ctx, name, bw + 4));
    const crowded = under.some((l) => l.some((line) => ctx.measureText(line).width > bw + 4));
    if (crowded) under = short.map((name) => [name.match(/\d+$/)?.[0] ?? 'out']);
    caption.textContent = CAPTION + (crowded ? ' (bars by hidden layer number, then the output)' : '');
    const lines = Math.max(1, ...under.map((l) => l.length));
    const base = H - 4 - 12 * lines, top = upright ? widest + 6 : 14;
    for (let i = 0; i < n; i++) {
      const x = 36 + i * (bw + 6);
      const h = ((logs[i] - lo) / (hi - lo)) * (base - top);
      const bad = !(g[i] === g[i]) || g[i] < 1e-6 || g[i] > 100;
      ctx.fillStyle = bad ? css(NEG) : css(POS);
      ctx.fillRect(x, base - h, bw, h);
      ctx.fillStyle = '#555';
      under[i].forEach((line, k) => ctx.fillText(line, x, base + 12 * (k + 1)));
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
    // a new scene may rename the same layers (another activation, a block before them)
    const key = names.join(',') + '|' + (store.scene?.network.layers || []).map((l) => l.name).join(',');
    if (key !== lastKey) {
      lastKey = key;
      canvases = {};
      axis.reset();
      refreshed = '';
      sizes.disconnect();
      hists.replaceChildren();
      const layers = [...new Set(names.map((n) => n.split('/')[1]))].sort((a, b) => a - b);
      for (const L of layers) {
        const name = layerName(store.scene, Number(L));
        const row = el('div', { class: 'hist-row', testid: `hist-${L}` }, el('span', { class: 'small muted', text: name }));
        for (const kind of ['hist_w', 'hist_g']) {
          const c = el('canvas', { width: 140, height: 40, tabindex: 0, role: 'img', testid: `${kind}-${L}`,
            title: `${kind === 'hist_w' ? 'weights' : 'gradients'} of ${name}` });
          c.__name = name;
          canvases[`${kind}/${L}`] = c;
          sizes.observe(c);
          row.append(c);
        }
        // the gradients the axis leaves out, counted (none: hidden)
        const off = el('div', { class: 'small muted hist-off', testid: `hist-off-${L}` });
        off.hidden = true;
        canvases[`hist_g/${L}`].__off = off;
        row.append(off);
        hists.append(row);
      }
      if (layers.length) hists.prepend(el('div', { class: 'small muted hist-head' }, el('span', { text: 'weights' }), el('span', { text: '|∂L/∂W| (log scale)' })));
    }
    const edges = frame.header.hist_edges || {};
    const refresh = `${frame.header.scene_id}:${frame.header.heavy_seq}`;
    if (refresh !== refreshed && edges.g) {
      refreshed = refresh;
      decades = axis.fit(fittedDecades(summed(frame, 'hist_g/'), edges.g));
    }
    for (const [name, c] of Object.entries(canvases)) {
      const h = frame.arrays[name];
      if (!h) continue;
      const gradients = name.startsWith('hist_g');
      const e = (gradients ? edges.g : edges.w) || null;
      // the histograms change at most 10 times a second: redraw only what changed
      const eKey = (e ? e.join(',') : '') + (gradients ? `|${decades}` : '');
      if (c.__eKey === eKey && sameValues(h, c.__h)) continue;
      c.__eKey = eKey; c.__h = h.slice();
      if (!gradients) drawHist(c, h, e, POS, `weights of ${c.__name}` + (e ? `: from ${fmt(e[0], 2)} to ${fmt(e[e.length - 1], 2)}` : ''));
      else if (e && decades) {
        const weights = frame.arrays[name.replace('hist_g/', 'hist_w/')];
        drawGradientHist(c, h, e, decades, weights ? sumOver(weights, 0, weights.length) : 0);
      } else drawHist(c, h, null, NEG, `gradients of ${c.__name}: none but 0 yet`);
    }
  }

  function showDiagnoses(list) {
    const focused = focusIn(diagnoses);     // (a diagnosis the keyboard is on keeps the focus)
    diagnoses.replaceChildren();
    list = list || [];
    // notes (info) come after the problems and are none themselves: the headline says they follow,
    // so that "no problem" above a note titled "Saturated units" does not read as a contradiction
    if (!list.some((d) => d.severity !== 'info')) {
      const notes = list.length === 0 ? '.' : list.length === 1 ? '; a note:' : '; notes:';
      diagnoses.append(el('div', { class: 'diag ok', testid: 'diagnosis-none', tabindex: 0, role: 'article' },
        severityIcon('ok'), ` No problem found so far${notes}`));
    }
    for (const d of list) {
      const remedies = Array.isArray(d.remedies) ? d.remedies : d.remedies ? [d.remedies] : [];
      diagnoses.append(el('div', { class: `diag ${d.severity}`, testid: `diagnosis-${d.name}`, tabindex: 0, role: 'article' },
        el('div', { class: 'diag-name' }, severityIcon(d.severity), ` ${d.title}`),
        d.evidence ? el('div', { class: 'small', text: String(d.evidence) }) : '',
        remedies.length ? el('ul', { class: 'small' }, ...remedies.map((r) => el('li', { text: String(r) }))) : ''));
    }
    refocus(diagnoses, focused);
  }
}

/** `text` in lines no wider than `width` on `ctx`, broken between words. */
function wrap(ctx, text, width) {
  const lines = [];
  for (const word of text.split(' ')) {
    const last = lines.length ? `${lines[lines.length - 1]} ${word}` : null;
    if (last !== null && ctx.measureText(last).width <= width) lines[lines.length - 1] = last;
    else lines.push(word);
  }
  return lines;
}

/** The bins of every array of `frame` named `prefix`<layer>, added up. */
function summed(frame, prefix) {
  let out = null;
  for (const [name, h] of Object.entries(frame.arrays)) {
    if (!name.startsWith(prefix)) continue;
    out ||= new Float64Array(h.length);
    for (let i = 0; i < h.length; i++) out[i] += h[i];
  }
  return out || new Float64Array(0);
}

/** A layer's |∂L/∂W| histogram (`counts` over `edges`, quarter decades) on the axis of
 *  `decades` [lo, hi], its decades ticked; the gradients off the axis (below, above, and those
 *  of 0 or not finite, which no bin holds: `total`, the layer's weights, minus the counted)
 *  said in the line under it and in the canvas's words. */
function drawGradientHist(canvas, counts, edges, [lo, hi], total) {
  const perDecade = binsPerDecade(edges), first = Math.round(Math.log10(edges[0]));
  const from = (lo - first) * perDecade, to = (hi - first) * perDecade;
  const below = sumOver(counts, 0, from), above = sumOver(counts, to, counts.length);
  const none = Math.max(0, total - sumOver(counts, 0, counts.length));
  const off = [below ? `${below} below ${decadeLabel(lo)}` : '', above ? `${above} above ${decadeLabel(hi)}` : '',
    none ? `${none} ${none === 1 ? 'is' : 'are'} 0 or not finite` : ''].filter(Boolean);
  const offText = off.length ? `${below + above + none} of ${total} off the axis: ${off.join(', ')}` : '';
  canvas.__off.textContent = offText;
  canvas.__off.hidden = !offText;
  const words = `gradients of ${canvas.__name}: |∂L/∂W| from ${decadeLabel(lo)} to ${decadeLabel(hi)} (log scale)`;
  const shown = Float64Array.from({ length: to - from }, (_, i) => counts[from + i] ?? 0);
  drawHist(canvas, shown, [10 ** lo, 10 ** hi], NEG, offText ? `${words}; ${offText}` : words,
    [decadeLabel(lo), decadeLabel(hi)], hi - lo);
}

function drawHist(canvas, h, edges, color, words, labels = null, ticks = 0) {
  canvas.title = words;
  canvas.setAttribute('aria-label', words);
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
  ctx.fillStyle = '#888';
  for (let k = 1; k < ticks; k++) ctx.fillRect(Math.round((k * W) / ticks), H - 10, 1, 3);   // each decade
  if (edges && edges.length >= 2) {
    ctx.font = '9px system-ui, sans-serif';
    const [left, right] = labels || [fmt(edges[0], 2), fmt(edges[edges.length - 1], 2)];
    ctx.fillText(left, 0, H - 1);
    ctx.fillText(right, W - ctx.measureText(right).width, H - 1);
  }
}
