// ⤓ PNG: a picture of the network and its output, drawn from the page as it is.
import { boxNumber } from './number-boxes.js';
import { datasetName } from './datasets.js';

// The picture (⤓ PNG) holds what a picture can show: a caption with the dataset, the epoch and
// the hyper-parameters, the whole network (also the part scrolled out of its panel), and the
// output's numbers, map, legend and curves, one under the other; for data off the plane, where
// the output has no map and its notice points at the confusion matrix (a regression's predicted-
// against-actual plot), that one under them.
// The data, neuron and trace panels and the buttons are controls and text to read, not a
// picture: they are left out, but for a button that is words of a sentence (output.js's "see the
// confusion matrix below").
// Each part is drawn from the page as it is, so the picture cannot drift from the view: the
// canvases where they lie, the boxes (neurons' maps, BatchNorm and Dropout units, bias markers,
// swatches) from their computed style, and every word where the page put it.
const PAD = 16, GAP = 24, SPACE = 8;
const SKIP = 'button:not(.link-button), input[type=checkbox], label:has(> input[type=checkbox]), .toggles, .draw-picker, .weight-popover, .thumb-zoom, .thumb canvas, .curve-empty';
const LINKS_Z = 2;   // the z-index of the links' and the maps' layers (style.css, network.js)
// a word, or the part of one up to a hyphen: the page may wrap a line there ("Iris-" / "setosa")
const WORD = /[^\s-]*-+|[^\s-]+/g;

export function snapshot(store) {
  const network = document.getElementById('network');
  const shown = (n) => !n.matches(SKIP) && n.getBoundingClientRect().height;
  // [part, its width in the picture]: the output's parts as wide as its column
  const outputs = [...document.querySelectorAll('#output > *, #curves > *')].filter(shown)
    .map((n) => [n, n.getBoundingClientRect().width]);
  if (!store.scene?.dataset.is_2d) {
    for (const n of document.querySelectorAll('#evaluation .eval-section:is(:has(> .confusion), :has(> .predicted))')) {
      if (shown(n)) outputs.push([n, drawnWidth(n)]);
    }
  }
  const scale = window.devicePixelRatio || 1;
  const netW = network.scrollWidth, netH = network.scrollHeight;
  const outW = Math.max(...outputs.map(([, w]) => w));
  const outH = outputs.reduce((h, [n]) => h + n.getBoundingClientRect().height + SPACE, 0);
  const width = PAD + netW + GAP + outW + PAD;
  const measure = document.createElement('canvas').getContext('2d');
  const title = caption(store);
  const lines = [
    ...wrap(measure, title[0], '600 16px system-ui, sans-serif', width - 2 * PAD),
    ...wrap(measure, title[1], '13px system-ui, sans-serif', width - 2 * PAD)];
  const top = PAD + lines.length * 20 + 8;
  const height = top + Math.max(netH, outH) + PAD;

  const out = document.createElement('canvas');
  out.width = Math.round(width * scale); out.height = Math.round(height * scale);
  const ctx = out.getContext('2d');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#212529';
  lines.forEach(([text, font], i) => { ctx.font = font; ctx.fillText(text, PAD, PAD + 10 + 20 * i); });
  drawView(ctx, network, PAD, top);
  let y = top;
  for (const [n] of outputs) {
    drawView(ctx, n, PAD + netW + GAP, y);
    y += n.getBoundingClientRect().height + SPACE;
  }
  return out;
}

/** How wide `part` draws: to the right end of its furthest line of words or table. (A section of
 *  the evaluation panel is as wide as that panel, much wider than what it holds.) */
function drawnWidth(part) {
  const left = part.getBoundingClientRect().left;
  const words = document.createRange();
  let right = left;
  for (const n of part.querySelectorAll('*')) {
    if (n.tagName === 'TABLE') right = Math.max(right, n.getBoundingClientRect().right);
    for (const t of n.childNodes) {
      if (t.nodeType !== Node.TEXT_NODE) continue;
      words.selectNodeContents(t);
      right = Math.max(right, words.getBoundingClientRect().right);
    }
  }
  return Math.ceil(right - left);
}

/** [title, hyper-parameters]: what the picture shows, in words (the dataset as the page's sentences
 *  name it: "Breast cancer", not the protocol's breast_cancer). */
function caption(store) {
  const s = store.state, hp = s.hparams, header = store.frame?.header || {};
  const parts = [`optimizer ${hp.optimizer}`, `learning rate ${boxNumber(hp.lr)}`, `batch size ${hp.batch_size}`];
  if (hp.l1) parts.push(`L1 ${boxNumber(hp.l1)}`);
  if (hp.l2) parts.push(`L2 ${boxNumber(hp.l2)}`);
  if (hp.dropout) parts.push(`dropout ${hp.dropout} after each Dense layer`);
  if (hp.schedule) parts.push(`schedule ${hp.schedule}`);
  return [`neuralab playground · ${datasetName(store.scene?.dataset || s.dataset)} · epoch ${header.epoch ?? 0}`, parts.join(' · ')];
}

/** `text` in `font` cut into lines no wider than `width`: [[line, font], ...]. */
function wrap(ctx, text, font, width) {
  ctx.font = font;
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) { lines.push([line, font]); line = word; } else line = next;
  }
  return [...lines, [line, font]];
}

/** Draw `root` and its contents (all of them: a scrolled part too) with its top left at (x, y),
 *  but the controls. */
function drawView(ctx, root, x, y) {
  const box = root.getBoundingClientRect();
  const place = (node) => {
    const r = node.getBoundingClientRect();
    return [r.left - box.left + root.scrollLeft + x, r.top - box.top + root.scrollTop + y, r.width, r.height];
  };
  const shown = [root, ...root.querySelectorAll('*')].filter((n) => !n.closest(SKIP));
  const boxes = shown.filter((n) => !(n instanceof SVGElement));
  const onTop = new Set(boxes.filter((n) => overLinks(n, root)));
  for (const n of boxes) if (!onTop.has(n)) drawBox(ctx, n, place(n));
  // the canvases and the SVG's paths in the page's order, the order the page stacks them in (all
  // at LINKS_Z): the links, the links lit by the mouse or a trace, then the maps over them all.
  // (A trace hides the links' canvases: the picture drew them under the trace's links.)
  for (const n of shown) {
    if (n.tagName === 'path') drawPath(ctx, n, place(n.ownerSVGElement));
    if (n.tagName !== 'CANVAS' || !n.width || getComputedStyle(n).visibility === 'hidden') continue;
    const [cx, cy, w, h] = place(n);
    if (w) ctx.drawImage(n, cx, cy, w, h);
  }
  for (const n of onTop) drawBox(ctx, n, place(n));
  const words = document.createRange();
  for (const n of shown) {
    if (n.matches('select, input')) {
      const value = n.tagName === 'SELECT' ? n.selectedOptions[0]?.text : n.value;
      const [vx, vy, w, h] = place(n);
      if (value && w) drawText(ctx, n, value, vx + (parseFloat(getComputedStyle(n).paddingLeft) || 0) + 1, vy + h / 2);
      continue;
    }
    // where the text ends if `n` clips it (a long class name beside an output neuron); a box as
    // wide as its text clips nothing: its clientWidth, rounded to whole pixels, was 36 for the
    // 36.01 px of "setosa", which the picture cut to "seto…" where the page shows it whole
    const clips = getComputedStyle(n).overflowX !== 'visible' && n.scrollWidth > n.clientWidth;
    const end = clips ? place(n)[0] + n.clientLeft + n.clientWidth : Infinity;
    for (const t of n.childNodes) {   // each word where the page laid it out (lines wrap as they do there)
      if (t.nodeType !== Node.TEXT_NODE) continue;
      for (const m of t.data.matchAll(WORD)) {
        words.setStart(t, m.index);
        words.setEnd(t, m.index + m[0].length);
        const r = words.getBoundingClientRect();
        const wx = r.left - box.left + root.scrollLeft + x;
        if (r.width) drawText(ctx, n, m[0], wx, r.top - box.top + root.scrollTop + y + r.height / 2, end - wx);
      }
    }
  }
}

/** Whether the page draws `node` over the links and the maps: it, or a box around it inside
 *  `root`, has a z-index above theirs (bias markers, a block's name). */
function overLinks(node, root) {
  for (let n = node; n && n !== root; n = n.parentElement) {
    if (parseInt(getComputedStyle(n).zIndex, 10) > LINKS_Z) return true;   // ('auto': NaN)
  }
  return false;
}

const seen = (color) => color && color !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(color);

/** An element's background and border (the neurons' boxes, units, markers, swatches). */
function drawBox(ctx, node, [x, y, w, h]) {
  const st = getComputedStyle(node);
  const k = node.offsetWidth ? w / node.offsetWidth : 1;   // a transform's scale (bias markers)
  const border = st.borderTopStyle === 'none' ? 0 : (parseFloat(st.borderTopWidth) || 0) * k;
  const fill = seen(st.backgroundColor), edge = border > 0 && seen(st.borderTopColor);
  if (!w || !h || st.visibility === 'hidden' || !(fill || edge)) return;
  const radius = st.borderTopLeftRadius.endsWith('%') ? (parseFloat(st.borderTopLeftRadius) / 100) * Math.min(w, h)
    : (parseFloat(st.borderTopLeftRadius) || 0) * k;
  ctx.save();
  ctx.globalAlpha = opacity(node);
  ctx.beginPath();
  ctx.roundRect(x + border / 2, y + border / 2, w - border, h - border, Math.min(radius, Math.min(w, h) / 2));
  if (fill) { ctx.fillStyle = st.backgroundColor; ctx.fill(); }
  if (edge) {
    ctx.setLineDash(st.borderTopStyle === 'dashed' ? [4, 3] : []);
    ctx.lineWidth = border; ctx.strokeStyle = st.borderTopColor; ctx.stroke();
  }
  ctx.restore();
}

/** A visible SVG path (a BatchNorm or Dropout unit's link; a link under the mouse) in its style. */
function drawPath(ctx, path, [x, y]) {
  const st = getComputedStyle(path);
  if (st.visibility === 'hidden' || !seen(st.stroke)) return;
  ctx.save();
  ctx.translate(x, y);
  ctx.strokeStyle = st.stroke; ctx.lineWidth = parseFloat(st.strokeWidth) || 1;
  ctx.globalAlpha = parseFloat(st.opacity) || 1;
  ctx.setLineDash(st.strokeDasharray === 'none' ? [] : st.strokeDasharray.split(/[\s,]+/).map(parseFloat));
  ctx.stroke(new Path2D(path.getAttribute('d')));
  ctx.restore();
}

/** `text` in `node`'s style at (x, y), cut to the `room` its box leaves it (with "…" where the
 *  page puts one: text-overflow: ellipsis). */
function drawText(ctx, node, text, x, y, room = Infinity) {
  const st = getComputedStyle(node);
  if (st.visibility === 'hidden' || room <= 0) return;
  ctx.save();
  ctx.globalAlpha = opacity(node);
  ctx.font = `${st.fontStyle} ${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
  ctx.letterSpacing = st.letterSpacing === 'normal' ? '0px' : st.letterSpacing;
  ctx.fillStyle = st.color;
  let shown = st.textTransform === 'uppercase' ? text.toUpperCase() : text;
  if (ctx.measureText(shown).width > room) {
    const mark = st.textOverflow === 'ellipsis' ? '…' : '';
    while (shown && ctx.measureText(shown + mark).width > room) shown = shown.slice(0, -1);
    shown += mark;
  }
  ctx.fillText(shown, x, y);
  ctx.restore();
}

/** The opacity the page gives `node` (its own times its ancestors': the inputs not in use). */
function opacity(node) {
  let a = 1;
  for (let n = node; n && n !== document.body; n = n.parentElement) a *= parseFloat(getComputedStyle(n).opacity);
  return a;
}
