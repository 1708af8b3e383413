// The network's links: one per weight of a dense layer, coloured by the weight's sign and sized
// by |w|, and a thin line per unit through a dropout or batch-norm block.
// The links are drawn into canvases, one per gap between two columns and just as big as that
// gap's links (a frame changes only their pixels: no style writes, no style recalculation, and
// few pixels to hand to the compositor); the SVG above them keeps a transparent hit path per
// link (clicks, hover, test ids) and the visible paths, shown only for the link under the
// mouse and while a trace animates a layer (svg.tracing). A finger's tap picks the link whose
// curve passes nearest it instead (touchedLink).
import { css, NEG, POS, el } from './colors.js';
import { pressable } from './controls.js';
import { backingPixels } from './enlarge.js';
import { layerName } from './layer-names.js';
import { createWeightEditor } from './weight-editor.js';

const MAX_LINKS = 2500;          // a dense layer with more weights is drawn without its links
// A finger's tap picks the link whose curve passes nearest, within this many pixels: the hit paths
// (a 12 px band) left a tap a few pixels off them to nothing, and where links cross a tap took the
// topmost, not the one meant. The mouse keeps the hit paths, as precise as it is.
const TOUCH_REACH = 12;
const CURVE_STEPS = 16;          // a curve's distance is measured to a polyline of this many pieces
const SVG = 'http://www.w3.org/2000/svg';

// A link's look: colour by the sign of w, width and opacity by |w| (2 decimals, as drawn).
const linkWidth = (w) => Math.round(Math.min(0.6 + Math.abs(w) * 2.2, 9) * 100) / 100;
const linkOpacity = (w) => Math.round(Math.min(0.25 + Math.abs(w) * 0.6, 0.95) * 100) / 100;

/** A link's curve from (x0, y0) to (x1, y1), as an SVG path: level at both ends. */
const curve = (x0, y0, x1, y1) => `M${x0},${y0} C${(x0 + x1) / 2},${y0} ${(x0 + x1) / 2},${y1} ${x1},${y1}`;

/** The links of the network in `root` (scrolled); `view` holds its columns (`cols`), neurons
 *  ("layer-unit" -> {node}) and input nodes (`featureNodes`), as network.js built them. */
export function createLinks(store, root, view) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.classList.add('links');
  const editor = createWeightEditor(store, root);
  // the neuron panel's weights open the same editor: in a wide layer (32 neurons and more) the
  // links lie so close together that a click hardly picks the one meant
  store.on('edit-weight', (weight) => editWeight(weight));
  let links = [];            // {layer, to, from, path, hit, x0, y0, x1, y1, key, w}
  let tabLinks = [];         // the links that are tab stops: the weights into the inspected neuron
  let gaps = [];             // {canvas, x, y, kx, ky, links, dirty}: the links of one dense layer
  let scale = 1;             // the columns' scale (network.js's fitToScreen): each link drawn s times as wide
  root.addEventListener('click', touchedLink, true);

  /** The nodes of column `ci` (-1: the inputs), by unit. */
  function unitNodes(ci) {
    if (ci < 0) return view.featureNodes;
    const col = view.cols[ci];
    const out = [];
    for (let u = 0; u < (col.units || 0); u++) out.push(view.neurons.get(`${col.index}-${u}`)?.node);
    return out;
  }

  /** Lay the links out between the nodes as they are placed now (`box`: root's bounding box,
   *  `columnsScale`: the columns' scale, 1 on the page); returns the canvases to show them in. */
  function layout(box, columnsScale) {
    // the panel's scroll size counts the svg's own old size: shrunk first, so that a network
    // that was wider than its panel and is no longer stops scrolling
    svg.setAttribute('width', 0);
    svg.setAttribute('height', 0);
    svg.setAttribute('width', root.scrollWidth);
    svg.setAttribute('height', root.scrollHeight);
    scale = columnsScale;
    svg.replaceChildren();
    links = [];
    const anchor = (node, side) => {
      const r = node.getBoundingClientRect();
      return [(side === 'right' ? r.right : r.left) - box.left + root.scrollLeft,
              r.top + r.height / 2 - box.top + root.scrollTop];
    };
    view.cols.forEach((col, ci) => {
      const sources = unitNodes(ci - 1);
      const targets = unitNodes(ci);
      if (col.kind === 'dense') {
        if ((col.units || 0) * (col.in || 0) > MAX_LINKS) return;
        for (let to = 0; to < targets.length; to++) {
          for (let from = 0; from < sources.length; from++) {
            if (!targets[to] || !sources[from]) continue;
            const [x0, y0] = anchor(sources[from], 'right');
            const [x1, y1] = anchor(targets[to], 'left');
            const source = ci ? `unit ${from}` : `input ${store.scene.network.inputs[from]}`;
            links.push(weightLink(col.index, to, from, source, x0, y0, x1, y1));
          }
        }
      } else {
        for (let u = 0; u < Math.min(sources.length, targets.length); u++) {
          if (!sources[u] || !targets[u]) continue;
          const [x0, y0] = anchor(sources[u], 'right');
          const [x1, y1] = anchor(targets[u], 'left');
          const path = document.createElementNS(SVG, 'path');
          path.setAttribute('d', curve(x0, y0, x1, y1));
          path.classList.add('link', 'passthrough');
          svg.append(path);
        }
      }
    });
    gaps = gapsOf(links);
    return gaps.map((g) => g.canvas);
  }

  /** The link of weight W[to, from] of dense layer `layer`: its visible path and its hit path
   *  (click or Enter: the weight's editor), appended to the SVG. */
  function weightLink(layer, to, from, source, x0, y0, x1, y1) {
    const d = curve(x0, y0, x1, y1);
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    path.classList.add('link');
    const hit = document.createElementNS(SVG, 'path');
    hit.setAttribute('d', d);
    hit.classList.add('link-hit');
    hit.dataset.testid = `link-${layer}-${to}-${from}`;
    const link = { layer, to, from, path, hit, x0, y0, x1, y1, key: -1, w: undefined };
    hit.addEventListener('click', (e) => {
      const r = root.getBoundingClientRect();
      editor.open(link, e.clientX - r.left + root.scrollLeft, e.clientY - r.top + root.scrollTop);
    });
    // from the keyboard, the editor opens at the middle of the link and gives the focus back
    pressable(hit, `${layerName(store.scene, layer)} weight from ${source} to neuron ${to}`,
      () => editor.open(link, (x0 + x1) / 2, (y0 + y1) / 2), -1);
    const show = () => { styleLink(link); path.classList.add('hover'); };
    const hide = () => path.classList.remove('hover');
    hit.addEventListener('mouseenter', show);
    hit.addEventListener('mouseleave', hide);
    hit.addEventListener('focus', show);
    hit.addEventListener('blur', hide);
    svg.append(path, hit);
    return link;
  }

  /** A tap (a click of a finger) on a link's hit path, or beside the links where no control
   *  took it, opens the editor of the link whose curve passes nearest the finger, if one does
   *  within TOUCH_REACH (the tap goes no further); a click of the mouse or pen is left alone. */
  function touchedLink(e) {
    if (e.pointerType !== 'touch') return;
    const onLink = e.target.classList?.contains('link-hit');
    if (!onLink && e.target.closest('button, input, select, a, summary, label, [role=button], [role=dialog], [tabindex]')) return;
    const r = root.getBoundingClientRect();
    const x = e.clientX - r.left + root.scrollLeft, y = e.clientY - r.top + root.scrollTop;
    const link = nearestLink(x, y);
    if (!link) return;
    e.preventDefault();
    e.stopPropagation();
    editor.open(link, x, y);
  }

  /** The link whose curve passes nearest (x, y), within TOUCH_REACH; null if none does. */
  function nearestLink(x, y) {
    let best = null, nearest = TOUCH_REACH;
    for (const link of links) {
      // (a curve lies within the box of its ends)
      if (x < Math.min(link.x0, link.x1) - nearest || x > Math.max(link.x0, link.x1) + nearest ||
          y < Math.min(link.y0, link.y1) - nearest || y > Math.max(link.y0, link.y1) + nearest) continue;
      const d = curveDistance(link, x, y);
      if (d <= nearest) { best = link; nearest = d; }
    }
    return best;
  }

  /** The editor of W[to, from] of dense layer `layer`, at the middle of its link, shown; a layer
   *  too large to draw its links has it at the neuron's left. */
  function editWeight({ layer, to, from }) {
    let link = links.find((l) => l.layer === layer && l.to === to && l.from === from);
    let [x, y] = link ? [(link.x0 + link.x1) / 2, (link.y0 + link.y1) / 2] : [0, 0];
    if (!link) {
      const node = view.neurons.get(`${layer}-${to}`)?.node, W = store.frame?.arrays[`W/${layer}`];
      if (!node || !W) return;
      const box = root.getBoundingClientRect(), r = node.getBoundingClientRect();
      [x, y] = [r.left - box.left + root.scrollLeft, r.top - box.top + root.scrollTop];
      link = { layer, to, from, w: W[to * W.shape[1] + from] };
    }
    editor.open(link, x, y);
  }

  /** One canvas per dense layer, over the box of its links (plus the widest stroke's half),
   *  holding the pixels it shows (enlarge.js's backingPixels): kx, ky of them per CSS pixel. */
  function gapsOf(all) {
    const groups = new Map();
    for (const link of all) {
      if (!groups.has(link.layer)) groups.set(link.layer, []);
      groups.get(link.layer).push(link);
    }
    const out = [];
    const pad = 6 * scale;
    for (const group of groups.values()) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const l of group) {
        x0 = Math.min(x0, l.x0, l.x1); x1 = Math.max(x1, l.x0, l.x1);
        y0 = Math.min(y0, l.y0, l.y1); y1 = Math.max(y1, l.y0, l.y1);
      }
      const x = Math.floor(x0 - pad), y = Math.floor(y0 - pad);
      const w = Math.ceil(x1 + pad) - x, h = Math.ceil(y1 + pad) - y;
      const canvas = el('canvas', { class: 'links-canvas', width: backingPixels(w), height: backingPixels(h),
        style: `left:${x}px;top:${y}px;width:${w}px;height:${h}px` });
      out.push({ canvas, x, y, kx: canvas.width / w, ky: canvas.height / h, links: group, dirty: true });
    }
    return out;
  }

  /** A frame: each link takes its weight; a gap is drawn again only when a link's look changed. */
  function paint(frame) {
    for (const gap of gaps) {
      const first = gap.links[0];
      const W = frame.arrays[`W/${first.layer}`];
      if (!W) continue;
      const n = W.shape[1];
      for (const link of gap.links) {
        const w = W[link.to * n + link.from];
        link.w = w;
        link.key = (w >= 0 ? 1 : 0) + 2 * Math.round(linkWidth(w) * 100) + 2048 * Math.round(linkOpacity(w) * 100);
        // redraw the gap when a link's look changed noticeably since it was drawn (stroking is
        // the costly part of a frame: a sign, a quarter pixel of width, 4 % of opacity)
        if (!gap.dirty && ((w >= 0) !== link.drawnSign || Math.abs(linkWidth(w) - link.drawnWidth) > 0.25 ||
            Math.abs(linkOpacity(w) - link.drawnOpacity) > 0.04)) gap.dirty = true;
      }
      if (gap.dirty) drawGap(gap);
    }
    if (store.highlight) for (const link of links) styleLink(link);
  }

  function drawGap(gap) {
    gap.dirty = false;
    const ctx = gap.canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, gap.canvas.width, gap.canvas.height);
    ctx.setTransform(gap.kx, 0, 0, gap.ky, -gap.x * gap.kx, -gap.y * gap.ky);
    ctx.lineCap = 'round';
    const pos = css(POS), neg = css(NEG);
    for (const link of gap.links) {
      const w = link.w;
      if (w === undefined) continue;
      link.drawnSign = w >= 0; link.drawnWidth = linkWidth(w); link.drawnOpacity = linkOpacity(w);
      ctx.strokeStyle = w >= 0 ? pos : neg;
      ctx.lineWidth = link.drawnWidth * scale;
      ctx.globalAlpha = link.drawnOpacity;
      const xm = (link.x0 + link.x1) / 2;
      ctx.beginPath();
      ctx.moveTo(link.x0, link.y0);
      ctx.bezierCurveTo(xm, link.y0, xm, link.y1, link.x1, link.y1);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  /** The SVG path's own style (shown under the mouse and while tracing). */
  function styleLink(link) {
    const w = link.w;
    if (w === undefined) return;
    const stroke = css(w >= 0 ? POS : NEG), width = (linkWidth(w) * scale).toFixed(2), opacity = linkOpacity(w).toFixed(2);
    const st = link.path.style;
    if (link.styled !== link.key) {
      link.styled = link.key;
      st.stroke = stroke; st.strokeWidth = width; st.opacity = opacity;
    }
  }

  /** While a trace animates layer `h.layer` (h: store.highlight), its links show, in the
   *  direction of the pass. */
  function highlight(h) {
    svg.classList.toggle('tracing', !!h);
    if (h) for (const link of links) styleLink(link);
    for (const link of links) {
      const on = h && link.layer === h.layer;
      link.path.classList.toggle('active', !!on);
      link.path.classList.toggle('forward', !!on && h.dir === 'forward');
      link.path.classList.toggle('backward', !!on && h.dir === 'backward');
    }
  }

  /** The weights into the inspected neuron become tab stops, the ones Tab reaches from that
   *  neuron (network.js, keyboard-focus.js's tabThrough). */
  function tabToSelected() {
    for (const link of tabLinks) link.hit.setAttribute('tabindex', '-1');
    const s = store.selected;
    tabLinks = s ? links.filter((l) => l.layer === s.layer && l.to === s.unit) : [];
    for (const link of tabLinks) link.hit.setAttribute('tabindex', '0');
  }

  /** A new scene: its links are laid out once its nodes are on the page. */
  function clear() {
    links = [];
    tabLinks = [];
    gaps = [];
  }

  return { svg, layout, paint, highlight, tabToSelected, clear, tabStops: () => tabLinks.map((link) => link.hit) };
}

/** The distance from (x, y) to a link's curve (as `curve` draws it: a cubic Bézier level at both
 *  ends, B(t) = (1−t)³P0 + 3(1−t)²t P1 + 3(1−t)t² P2 + t³P3, with P1 = (xm, y0), P2 = (xm, y1)),
 *  measured to the polyline through CURVE_STEPS + 1 of its points: near enough for a finger. */
function curveDistance({ x0, y0, x1, y1 }, x, y) {
  const xm = (x0 + x1) / 2;
  const at = (t) => {
    const u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    return [a * x0 + (b + c) * xm + d * x1, (a + b) * y0 + (c + d) * y1];
  };
  let best = Infinity, [px, py] = at(0);
  for (let k = 1; k <= CURVE_STEPS; k++) {
    const [qx, qy] = at(k / CURVE_STEPS);
    best = Math.min(best, segmentDistance(x, y, px, py, qx, qy));
    [px, py] = [qx, qy];
  }
  return best;
}

/** The distance from (x, y) to the segment from (px, py) to (qx, qy). */
function segmentDistance(x, y, px, py, qx, qy) {
  const dx = qx - px, dy = qy - py, length2 = dx * dx + dy * dy;
  const t = length2 ? Math.max(0, Math.min(1, ((x - px) * dx + (y - py) * dy) / length2)) : 0;
  return Math.hypot(x - (px + t * dx), y - (py + t * dy));
}
