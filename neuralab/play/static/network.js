// The network view: the input features (features.js), then a column per block of the scene —
// hidden blocks as cards, the output last — with their neurons and maps (neurons.js,
// neuron-maps.js), the links between them (links.js, with the weight editor), the keyboard's
// focus among them (keyboard-focus.js) and a hint when it is wider than its panel (scroll-hint.js).
// This module groups the scene's layers into columns, builds them on each scene, lays the links
// and maps out over them, fits them to the screen when the panel is enlarged (enlarge.js), and
// draws each frame.
import { sameValues, valueScale, el } from './colors.js';
import { attachCardTouchDrag } from './card-touch-drag.js';
import { attachDropZone } from './block-drag.js';
import { enlargeButton } from './enlarge.js';
import { inputColumn } from './features.js';
import { focusIn, refocus, createRovingFocus, tabThrough, skipLink } from './keyboard-focus.js';
import { createLinks } from './links.js';
import { createNeuronMaps } from './neuron-maps.js';
import { blockColumn, makeRoomForLabels, paintBias, paintOnShares } from './neurons.js';
import { createScrollHint } from './scroll-hint.js';

/** Group scene.network.layers into drawn columns: a dense layer with the activation after it,
 *  a dropout or batch-norm block; the last dense column is the output. Each hidden column gets
 *  `block`, its index in state.layers, matched in order by type. */
export function columnsOf(scene, state) {
  const blocks = state.layers || [];
  const cols = [];
  for (const L of scene.network.layers) {
    const last = cols[cols.length - 1];
    const sameOwner = last && L.block !== undefined && L.block === last.owner;
    if (last && last.kind === 'dense' && (sameOwner || L.block === undefined)) {
      if (L.kind === 'activation' && last.act === null) { last.act = L.index; last.activation = L.activation; continue; }
      if (sameOwner && L.kind === 'dropout') { last.dropout = L.p; continue; }
    }
    cols.push({ kind: L.kind, index: L.index, units: L.units, in: L.in, act: null, owner: L.block,
                activation: L.activation || null, block: null, output: L.block === 'output' });
  }
  if (!cols.some((c) => c.output)) {
    let outputAt = -1;
    cols.forEach((c, i) => { if (c.kind === 'dense') outputAt = i; });
    if (outputAt >= 0) cols[outputAt].output = true;
  }
  let k = 0;
  for (const c of cols) {
    if (c.output) continue;
    if (c.owner !== undefined) {
      const i = blocks.findIndex((b) => b.id === c.owner);
      c.block = i >= 0 ? i : null;
    } else if (k < blocks.length && blocks[k].type === c.kind) c.block = k++;
  }
  return cols;
}

// The columns' smallest scale on the whole screen: their smallest words (11 px) at 8 px, which a
// projector shows large (a 1024-pixel-wide picture a few metres across). A network that needs less
// scrolls there, as on the page.
const MIN_SCALE = 0.75;
// The narrowest gap between two columns on the page (style.css's is 22 px), where it lets the
// network fit its panel: a link still runs 40 px or more between two neurons' maps
const MIN_GAP = 8;

export function createNetwork(store, root) {
  // What the pieces share, rebuilt with each scene: the drawn columns (columnsOf), the neurons by
  // "layer-unit" ({node, thumb, bias, col, x, y}), the same by column as drawn (x) and place in it
  // (y) for the arrow keys, and the active input nodes in network.inputs order.
  const view = { cols: [], neurons: new Map(), grid: [], featureNodes: [], featureThumbs: {} };
  // Over the columns, in three layers of one height (z-index 2), each above the one before: the
  // links' canvases (links.js), the SVG of their hit paths and of the links a trace or the mouse
  // lights, and the maps' canvas (neuron-maps.js). The maps are above every link, which meets
  // them only at their edges. (Under the SVG, the maps had a trace's links drawn across them.)
  const linkLayer = el('div', { class: 'links-layer' });
  const mapLayer = el('div', { class: 'links-layer' });
  const columnsEl = el('div', { class: 'columns' });
  const maps = createNeuronMaps(root, columnsEl);
  const links = createLinks(store, root, view);
  // The columns come first in the page's order, the links after them (they are drawn above all
  // the same, by z-index): the Tab key reaches the network's controls and neurons before any
  // weight (keyboard-focus.js), but for the weights into the inspected neuron, which Tab from
  // that neuron reaches first (Enter on it, then Tab: its weights, then the next block's controls).
  root.append(columnsEl, linkLayer, links.svg, mapLayer);
  const panel = root.closest('.panel');
  // last in the panel's order, at its top right on screen (enlarge.css): the skip link's next Tab
  // is the network's first control, and Enlarge comes after the network's own
  panel.append(enlargeButton(panel, 'the network'));
  const showScrollHint = createScrollHint(root);
  const roving = createRovingFocus(columnsEl, view);
  attachCardTouchDrag(columnsEl, store);
  tabThrough(() => view.neurons.get(selectedKey())?.node, links.tabStops);
  skipLink(document.querySelector('[data-testid="skip-link"]'), document.getElementById('network-title'));

  store.on('scene', build);
  store.on('frame', draw);
  store.on('highlight', highlight);
  store.on('select', () => {
    const selected = selectedKey();
    for (const [key, n] of view.neurons) n.node.classList.toggle('selected', key === selected);
    links.tabToSelected();
  });
  new ResizeObserver(() => layout()).observe(root);

  function selectedKey() {
    const s = store.selected;
    return s ? `${s.layer}-${s.unit}` : '';
  }

  function build() {
    const { scene, state } = store;
    if (!scene) return;
    const stop = roving.key();
    // a block's ◀ or ▶ that has the focus keeps it as its block moves (data-follow, controls.js)
    const focused = focusIn(columnsEl), followed = focusIn(columnsEl, 'follow');
    view.cols = columnsOf(scene, state);
    view.neurons = new Map();
    view.grid = [];
    links.clear();
    maps.clear();
    linkLayer.replaceChildren();
    mapLayer.replaceChildren();
    columnsEl.replaceChildren();
    const inputs = inputColumn(store, maps, scene);
    view.featureNodes = inputs.nodes;
    view.featureThumbs = inputs.thumbs;
    columnsEl.append(inputs.col);
    for (const col of view.cols) columnsEl.append(blockColumn(store, maps, view, col, scene));
    roving.restart(view.neurons.get(stop) || view.neurons.get(selectedKey()) || view.grid[0]?.[0]);
    if (!refocus(columnsEl, followed, 'follow')) refocus(columnsEl, focused);
    attachDropZone(columnsEl, store);
    requestAnimationFrame(() => { layout(); if (store.frame) draw(store.frame); });
  }

  /** Place the links and the maps over the nodes as the page laid them out (the output
   *  column first given room for its class names, the columns fitted to their panel, or to the
   *  screen if the panel fills it: fitToScreen). */
  function layout() {
    if (!store.scene) return;
    const focused = focusIn(links.svg);
    // the canvases of the layout before out first: placed for a wider panel, they kept its scroll
    // width, which links.layout measures (a window narrowed from 1280 to 1024 px scrolled sideways)
    linkLayer.replaceChildren();
    mapLayer.replaceChildren();
    const scale = fitToScreen();
    const box = root.getBoundingClientRect();
    linkLayer.replaceChildren(...links.layout(box, scale));
    mapLayer.replaceChildren(maps.canvas);
    maps.layout(box, scale);
    if (store.frame) links.paint(store.frame);
    highlight();
    links.tabToSelected();
    refocus(links.svg, focused);
    showScrollHint();
  }

  /** The columns' scale s: 1 on the page; with the panel on the whole screen (enlarge.js), as
   *  large as fits the room, s = min(room's width / their width, room's height / their height),
   *  grown or shrunk, but never below MIN_SCALE (a network wider than that still scrolls, as on
   *  the page). The columns take it as a CSS zoom: their boxes and words are laid out again at s
   *  times their size, and stay as sharp; the links and maps, drawn outside them, are placed from
   *  the grown boxes and drawn at their own pixels (links.js, neuron-maps.js), and the weight
   *  editor grows with them (enlarge.css, from root's --columns-scale). Back on the page, the zoom
   *  is gone and the layout is the page's again (fitToPanel). */
  function fitToScreen() {
    columnsEl.style.zoom = '';
    columnsEl.style.columnGap = columnsEl.style.maxWidth = '';
    root.style.removeProperty('--columns-scale');
    const output = columnsEl.querySelector('.output-col');
    if (output) makeRoomForLabels(output);
    if (!document.fullscreenElement?.contains(root)) return fitToPanel();
    // the room without the scrollbars of the columns at scale 1, which fitted columns do not need
    root.style.overflow = 'hidden';
    const room = [root.clientWidth, root.clientHeight];
    root.style.overflow = '';
    // Their size on the screen as a share of the room (above 1: they do not fit). The scale is
    // taken to a hundredth, down (a zoom rounded up made the columns a pixel wider than the room,
    // and the panel scrolled); shrunk, their words come out a little wider than s times their
    // width (at 0.78, 8 hidden layers were 6 px too wide for 1024), so it steps down until they fit.
    const share = () => { const r = columnsEl.getBoundingClientRect(); return Math.max(r.width / room[0], r.height / room[1]); };
    let scale = Math.max(MIN_SCALE, Math.floor(100 / share()) / 100);
    for (;;) {
      columnsEl.style.zoom = scale;
      const taken = share();
      if (taken <= 1 || scale <= MIN_SCALE) break;
      scale = Math.max(MIN_SCALE, Math.min(scale - 0.01, Math.floor(100 * scale / taken) / 100));
    }
    root.style.setProperty('--columns-scale', scale);
    return scale;
  }

  /** On the page, the columns within their panel where a narrower gap is enough, at scale 1. With
   *  n columns, a gap g (style.css's) and the room r (the panel's width), the columns of width w
   *  at gap g fit at gap g − ⌈(w − r) / (n − 1)⌉, taken if it is MIN_GAP or more: first for w
   *  their natural width (each title on one line), else for the narrowest they take (a title on
   *  two lines); else they keep g and scroll (scroll-hint.js). At 1366 px, 4 hidden layers were
   *  718 px in 714: the panel scrolled 4 px under a "Scroll sideways" line, and "Output ·
   *  sigmoid" took two lines. A network wider than the columns' usual limit (style.css's
   *  max-width, which keeps a small one's links short) takes the width it needs where the room
   *  holds it: squeezed there, its titles went on two lines beside an empty panel. */
  function fitToPanel() {
    const style = columnsEl.style, laidOut = getComputedStyle(columnsEl);
    const gap = parseFloat(laidOut.columnGap), widest = parseFloat(laidOut.maxWidth) || 0;
    const widthAs = (width) => {
      style.width = width;
      style.maxWidth = 'none';
      const w = columnsEl.getBoundingClientRect().width;
      style.width = style.maxWidth = '';
      return w;
    };
    const room = root.clientWidth, gaps = Math.max(1, columnsEl.children.length - 1);
    for (const width of [widthAs('max-content'), widthAs('min-content')]) {
      const fit = gap - Math.ceil(Math.max(0, width - room) / gaps);
      if (fit < MIN_GAP) continue;
      style.columnGap = `${fit}px`;
      style.maxWidth = `${Math.max(widest, width - (gap - fit) * gaps)}px`;
      break;
    }
    return 1;
  }

  // Per frame (the page's hot path): the links, the features' maps once per scene (they never
  // change), then each dense column's maps, repainted only when they changed, and its bias
  // markers, whose styles are written only when their look does.
  function draw(frame) {
    if (!store.scene) return;
    links.paint(frame);
    const is2d = store.scene.dataset.is_2d;
    let mapsChanged = false;
    for (const [name, thumb] of Object.entries(view.featureThumbs)) {
      const values = frame.arrays[`features/${name}`];
      if (thumb.painted || !values) continue;
      maps.paintUnit(thumb, values, 0, false);
      mapsChanged = true;
    }
    for (const col of view.cols) {
      if (col.kind !== 'dense') continue;
      const units = frame.arrays[`units/${col.act ?? col.index}`] || frame.arrays[`units/${col.index}`];
      const b = frame.arrays[`b/${col.index}`];
      // the maps change at most 10 times a second: paint them only when they did
      const repaint = units && units.shape.length === 3 && is2d && !sameValues(units, col.painted);
      if (repaint) col.painted = units.slice();
      const sigmoidLike = col.output && (col.activation === 'sigmoid' || col.activation === 'softmax');
      // a regression's output comes in the target's units (y = σ·a + μ): coloured as the output map
      const values = repaint && col.output && store.scene.dataset.task === 'regression' ? valueScale(store.scene.dataset) : null;
      for (let u = 0; u < (col.units || 0); u++) {
        const n = view.neurons.get(`${col.index}-${u}`);
        if (!n) continue;
        if (repaint && u < units.shape[0]) {
          maps.paintUnit(n.thumb, units, u, sigmoidLike, values);
          mapsChanged = true;
        }
        if (b) paintBias(n, b[u]);
      }
    }
    if (mapsChanged) maps.refresh();
    if (!is2d) paintOnShares(view.neurons, frame.arrays);   // (what a neuron shows without a map)
  }

  /** While a trace animates a layer (store.highlight), its links and neurons light up. */
  function highlight() {
    const h = store.highlight;
    links.highlight(h);
    root.classList.toggle('tracing', !!h);
    for (const n of view.neurons.values()) {
      n.node.classList.toggle('active', !!h && n.col.index === h.layer);
    }
  }

  return { build, draw, columns: () => view.cols };
}
