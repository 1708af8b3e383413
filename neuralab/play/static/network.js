// The network: input features, hidden blocks as cards, neurons with their maps over the plane,
// links coloured by the weight's sign and sized by |w|, a bias marker per neuron.
import { diverging, paintGrid, paintDiverging, sameValues, symmetricScale, valueScale, css, NEG, POS, fmt, el } from './colors.js';
import { cardHeader, attachCardDrag, attachDropZone, pressable, typedNumber } from './controls.js';

export const ALL_FEATURES = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
const FEATURE_LABEL = { x1: 'X₁', x2: 'X₂', 'x1^2': 'X₁²', 'x2^2': 'X₂²', 'x1*x2': 'X₁X₂',
                        'sin(x1)': 'sin(X₁)', 'sin(x2)': 'sin(X₂)' };
const FEATURE_FN = { x1: (a) => a, x2: (a, b) => b, 'x1^2': (a) => a * a, 'x2^2': (a, b) => b * b,
                     'x1*x2': (a, b) => a * b, 'sin(x1)': (a) => Math.sin(a), 'sin(x2)': (a, b) => Math.sin(b) };
const MAX_DRAWN_INPUTS = 16;
const MAX_LINKS = 2500;
const SVG = 'http://www.w3.org/2000/svg';
const BIAS_SIZE = 14;           // px: the bias marker's box (.neuron .bias in style.css), scaled to |b|

/** A feature's label, with the plane's axis names (an uploaded CSV's columns) for X₁ and X₂. */
function featureLabel(name, axes) {
  const label = FEATURE_LABEL[name];
  if (!axes || (axes[0] === 'x1' && axes[1] === 'x2')) return label;
  return label.replace('X₁X₂', 'X₁·X₂').replace('X₁', axes[0]).replace('X₂', axes[1]);
}

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

export function createNetwork(store, root) {
  // The links are drawn into canvases, one per gap between two columns and just as big as that
  // gap's links (a frame changes only their pixels: no style writes, no style recalculation, and
  // few pixels to hand to the compositor); the SVG above them keeps a transparent hit path per
  // link (clicks, hover, test ids) and the visible paths, shown only for the link under the
  // mouse and while a trace animates a layer (svg.tracing).
  const linkLayer = el('div', { class: 'links-layer' });
  let gaps = [];             // {canvas, x, y, links, dirty}: the links of one dense layer
  // The maps of the neurons and features are drawn the same way, all into one canvas over the
  // columns: one layer for the browser to update and composite instead of one per neuron, which
  // it would otherwise go through every frame. Each keeps a placeholder box (div.thumb) in its
  // node and a canvas of its own, off the page, holding the map at the grid's resolution; the
  // neuron under the mouse shows its map enlarged in `zoom`.
  const mapsCanvas = el('canvas', { class: 'maps-canvas', testid: 'maps' });
  const zoom = el('canvas', { class: 'thumb-zoom' });
  let thumbs = [];           // {box, canvas, alpha, painted, x, y, w, h}
  const svg = document.createElementNS(SVG, 'svg');
  svg.classList.add('links');
  const columnsEl = el('div', { class: 'columns' });
  // The columns come first in the page's order, the links after them (they are drawn above all
  // the same, by z-index): the Tab key reaches the network's controls and neurons before any
  // weight. The keyboard has one tab stop among the neurons (a roving tabindex: the arrow keys
  // move it), and only the weights into the inspected neuron are tab stops: a network of
  // hundreds of neurons and thousands of links costs a few Tab presses, not thousands.
  root.append(columnsEl, linkLayer, svg);
  // When the network is wider than its panel (a phone, many blocks), a line above it says so,
  // with buttons: a mouse wheel scrolls only up and down.
  const scrollBy = (dir) => root.scrollBy({ left: dir * 0.8 * root.clientWidth, behavior: 'smooth' });
  const scrollButton = (dir, side) => el('button', { class: 'tiny', title: `scroll the network ${side}`,
    'aria-label': `scroll the network ${side}`, onclick: () => scrollBy(dir) }, dir < 0 ? '◀' : '▶');
  const back = scrollButton(-1, 'left'), forth = scrollButton(1, 'right');
  const scrollHint = el('div', { class: 'scroll-hint small', testid: 'network-scroll-hint', hidden: true },
    back, el('span', { text: 'Scroll sideways to see the whole network.' }), forth);
  root.before(scrollHint);
  root.addEventListener('scroll', showScrollHint, { passive: true });
  let dpr = 1;
  let cols = [];
  let neurons = new Map();   // "layer-unit" -> {node, thumb, bias, col, x, y}
  let grid = [];             // the neurons by dense column (x) and unit (y), for the arrow keys
  let current = null;        // the neuron that is the network's tab stop
  let links = [];            // {layer, to, from, path, hit}
  let tabLinks = [];         // the links that are tab stops: the weights into the inspected neuron
  let featureNodes = [];     // active input nodes in network.inputs order
  let popover = null;
  let opener = null;         // the test id of the link whose editor the keyboard opened

  store.on('scene', build);
  store.on('frame', draw);
  // The browser makes a dragged card's ghost image, and fades the card (.dragging), from the
  // card's own elements, where the maps are not: while a card is dragged, its placeholders hold
  // copies of their maps, and the shared canvas leaves those places out.
  columnsEl.addEventListener('dragstart', (e) => {
    for (const t of thumbs) if (t.painted && e.target.contains(t.box)) t.box.append(copyOf(t.canvas));
    paintMaps();
  });
  columnsEl.addEventListener('dragend', () => {
    for (const t of thumbs) t.box.replaceChildren();
    paintMaps();
  });
  store.on('highlight', highlight);
  store.on('select', () => {
    for (const [key, n] of neurons) n.node.classList.toggle('selected', key === selectedKey());
    tabToLinks();
  });
  new ResizeObserver(() => layoutLinks()).observe(root);
  columnsEl.addEventListener('focusin', (e) => {
    const n = neurons.get(e.target.dataset?.key);
    if (n) rove(n);
  });
  columnsEl.addEventListener('keydown', (e) => {
    const n = neurons.get(e.target.dataset?.key);
    const [dx, dy] = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key] || [];
    if (!n || dx === undefined) return;
    e.preventDefault();
    const column = grid[Math.max(0, Math.min(grid.length - 1, n.x + dx))];
    rove(column[Math.max(0, Math.min(column.length - 1, n.y + dy))], true);
  });

  function selectedKey() {
    const s = store.selected;
    return s ? `${s.layer}-${s.unit}` : '';
  }

  // Every edit (a weight set, a neuron added) brings a new scene, and the network is built again:
  // the keyboard's focus moves to the new element of the same test id, not to the page's start.
  const focusIn = (container) => {
    const active = document.activeElement;
    return container.contains(active) ? active.dataset.testid : null;
  };
  function refocus(container, testid) {
    const node = testid && [...container.querySelectorAll('[data-testid]')].find((n) => n.dataset.testid === testid);
    if (node) node.focus({ preventScroll: true });
  }

  /** Make neuron `n` the network's tab stop (and focus it). */
  function rove(n, focus = false) {
    if (current && current !== n) current.node.tabIndex = -1;
    current = n;
    n.node.tabIndex = 0;
    if (focus) n.node.focus();
  }

  /** The weights into the inspected neuron become the tab stops after the network. */
  function tabToLinks() {
    for (const link of tabLinks) link.hit.setAttribute('tabindex', '-1');
    const s = store.selected;
    tabLinks = s ? links.filter((l) => l.layer === s.layer && l.to === s.unit) : [];
    for (const link of tabLinks) link.hit.setAttribute('tabindex', '0');
  }

  function build() {
    const { scene, state } = store;
    if (!scene) return;
    cols = columnsOf(scene, state);
    const stop = current && `${current.col.index}-${current.y}`;
    const focused = focusIn(columnsEl);
    neurons = new Map();
    grid = [];
    links = [];
    tabLinks = [];
    gaps = [];
    thumbs = [];
    linkLayer.replaceChildren();
    columnsEl.replaceChildren();
    columnsEl.append(inputColumn(scene, state));
    cols.forEach((col, ci) => columnsEl.append(blockColumn(col, ci, scene)));
    current = null;
    const first = neurons.get(stop) || neurons.get(selectedKey()) || grid[0]?.[0];
    if (first) rove(first);
    refocus(columnsEl, focused);
    attachDropZone(columnsEl, store);
    requestAnimationFrame(() => { layoutLinks(); if (store.frame) draw(store.frame); });
  }

  function inputColumn(scene, state) {
    const col = el('div', { class: 'col inputs' }, el('div', { class: 'col-title', text: 'Features' }));
    featureNodes = [];
    const inputs = scene.network.inputs;
    if (scene.dataset.is_2d) {
      const g = 24;
      for (const name of ALL_FEATURES) {
        const active = inputs.indexOf(name);
        const thumb = addThumb(active >= 0 ? 1 : 0.35);
        const label = featureLabel(name, scene.dataset.axes);
        const toggle = () => store.update((s) => {
          const set = new Set(s.features);
          if (set.has(name)) set.delete(name); else set.add(name);
          s.features = ALL_FEATURES.filter((f) => set.has(f));
          if (!s.features.length) s.features = [name];
        });
        const node = el('div', {
          class: 'feature' + (active >= 0 ? ' active' : ''), testid: `feature-${name}`,
          title: active >= 0 ? 'click to remove this input' : 'click to add this input',
          'aria-pressed': String(active >= 0), onclick: toggle,
        }, el('span', { class: 'feature-label', text: label, title: label }), thumb.box);
        pressable(node, `input ${label}`, toggle);
        paintFeature(thumb, FEATURE_FN[name], g);
        if (active >= 0) featureNodes[active] = node;
        col.append(node);
      }
    } else {
      const shown = inputs.slice(0, MAX_DRAWN_INPUTS);
      shown.forEach((name, i) => {
        const node = el('div', { class: 'feature active compact', title: name, testid: `feature-${name}` },
          el('span', { class: 'feature-label', text: name }));
        featureNodes[i] = node;
        col.append(node);
      });
      if (inputs.length > shown.length) {
        col.append(el('div', { class: 'more', text: `+ ${inputs.length - shown.length} more inputs` }));
      }
    }
    return col;
  }

  function paintFeature(thumb, fn, g) {
    const values = new Float32Array(g * g);
    for (let i = 0; i < g; i++) for (let j = 0; j < g; j++) {
      const x1 = -6 + (12 * (j + 0.5)) / g, x2 = 6 - (12 * (i + 0.5)) / g;
      values[i * g + j] = fn(x1, x2);
    }
    const s = symmetricScale(values);
    paintGrid(thumb.canvas, values, g, g, (v) => diverging(v / s));
    thumb.painted = true;
  }

  function addThumb(alpha = 1) {
    const thumb = { box: el('div', { class: 'thumb' }), canvas: document.createElement('canvas'), alpha, painted: false };
    thumbs.push(thumb);
    return thumb;
  }

  function blockColumn(col, ci, scene) {
    const outputKind = col.output;
    const card = el('div', { class: `col block kind-${col.kind}` + (outputKind ? ' output-col' : '') });
    if (col.block !== null) {
      card.dataset.testid = `layer-${col.block}`;
      card.append(cardHeader(store, col.block, col));
      attachCardDrag(card, store, col.block);
    } else {
      const title = outputKind ? `Output · ${scene.network.output?.activation || col.activation || ''}`
        : col.kind;
      card.append(el('div', { class: 'col-title', text: title }));
    }
    const body = el('div', { class: 'units' });
    const n = col.units || 0;
    const shown = Math.min(n, 64);
    if (col.kind === 'dense') grid.push([]);
    for (let u = 0; u < shown; u++) {
      if (col.kind === 'dense') {
        const thumb = addThumb();
        // the bias value appears as its title when the mouse reaches it, not at every frame
        const bias = el('div', { class: 'bias', onmouseenter: () => { bias.title = `bias b = ${fmt(bias.value ?? 0, 4)}`; } });
        const key = `${col.index}-${u}`;
        const inspect = () => store.select({ layer: col.index, unit: u, act: col.act });
        const node = el('div', {
          class: 'neuron' + (scene.dataset.is_2d ? '' : ' no-map'), testid: `neuron-${key}`, 'data-key': key,
          title: `layer ${col.index}, neuron ${u}: click (or Enter) to inspect`
            + (outputKind && scene.dataset.task === 'regression' ? ". Its map is in the target's units, y = σ·a + μ" : ''),
          onclick: inspect,
          onmouseenter: () => showZoom(thumb), onmouseleave: () => zoom.remove(),
        }, thumb.box, bias);
        pressable(node, `layer ${col.index} neuron ${u}` + (outputKind ? ' (output)' : ''), inspect, -1);
        if (outputKind && scene.dataset.class_names && n > 1) {
          node.append(el('span', { class: 'unit-label', text: scene.dataset.class_names[u] }));
        }
        const entry = { node, thumb, bias, col, x: grid.length - 1, y: u };
        grid[grid.length - 1].push(entry);
        neurons.set(key, entry);
        body.append(node);
      } else {
        const node = el('div', { class: 'dot', testid: `unit-${col.index}-${u}` });
        neurons.set(`${col.index}-${u}`, { node, col });
        body.append(node);
      }
    }
    if (n > shown) body.append(el('div', { class: 'more', text: `+${n - shown}` }));
    card.append(body);
    if (col.kind === 'dense' && col.block !== null) {
      card.append(el('div', { class: 'col-foot', text: `${n} neuron${n === 1 ? '' : 's'}` }));
    }
    return card;
  }

  function unitNodes(ci) {
    if (ci < 0) return featureNodes;
    const col = cols[ci];
    const out = [];
    for (let u = 0; u < (col.units || 0); u++) out.push(neurons.get(`${col.index}-${u}`)?.node);
    return out;
  }

  function layoutLinks() {
    if (!store.scene) return;
    const box = root.getBoundingClientRect();
    const width = root.scrollWidth, height = root.scrollHeight;
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    dpr = window.devicePixelRatio || 1;
    const focused = focusIn(svg);
    svg.replaceChildren();
    links = [];
    const anchor = (node, side) => {
      const r = node.getBoundingClientRect();
      return [(side === 'right' ? r.right : r.left) - box.left + root.scrollLeft,
              r.top + r.height / 2 - box.top + root.scrollTop];
    };
    cols.forEach((col, ci) => {
      const sources = unitNodes(ci - 1);
      const targets = unitNodes(ci);
      if (col.kind === 'dense') {
        if ((col.units || 0) * (col.in || 0) > MAX_LINKS) return;
        for (let to = 0; to < targets.length; to++) {
          for (let from = 0; from < sources.length; from++) {
            if (!targets[to] || !sources[from]) continue;
            const [x0, y0] = anchor(sources[from], 'right');
            const [x1, y1] = anchor(targets[to], 'left');
            const d = `M${x0},${y0} C${(x0 + x1) / 2},${y0} ${(x0 + x1) / 2},${y1} ${x1},${y1}`;
            const path = document.createElementNS(SVG, 'path');
            path.setAttribute('d', d);
            path.classList.add('link');
            const hit = document.createElementNS(SVG, 'path');
            hit.setAttribute('d', d);
            hit.classList.add('link-hit');
            hit.dataset.testid = `link-${col.index}-${to}-${from}`;
            const link = { layer: col.index, to, from, path, hit, x0, y0, x1, y1, key: -1, w: undefined };
            hit.addEventListener('click', (e) => {
              const r = root.getBoundingClientRect();
              openWeight(link, e.clientX - r.left + root.scrollLeft, e.clientY - r.top + root.scrollTop);
            });
            // from the keyboard, the editor opens at the middle of the link and gives the focus back
            const source = ci ? `unit ${from}` : `input ${store.scene.network.inputs[from]}`;
            pressable(hit, `layer ${col.index} weight from ${source} to neuron ${to}`,
              () => openWeight(link, (x0 + x1) / 2, (y0 + y1) / 2, hit), -1);
            const show = () => { styleLink(link); path.classList.add('hover'); };
            const hide = () => path.classList.remove('hover');
            hit.addEventListener('mouseenter', show);
            hit.addEventListener('mouseleave', hide);
            hit.addEventListener('focus', show);
            hit.addEventListener('blur', hide);
            svg.append(path, hit);
            links.push(link);
          }
        }
      } else {
        for (let u = 0; u < Math.min(sources.length, targets.length); u++) {
          if (!sources[u] || !targets[u]) continue;
          const [x0, y0] = anchor(sources[u], 'right');
          const [x1, y1] = anchor(targets[u], 'left');
          const path = document.createElementNS(SVG, 'path');
          path.setAttribute('d', `M${x0},${y0} C${(x0 + x1) / 2},${y0} ${(x0 + x1) / 2},${y1} ${x1},${y1}`);
          path.classList.add('link', 'passthrough');
          svg.append(path);
        }
      }
    });
    // one canvas per dense layer, over the box of its links (plus the widest stroke's half)
    const groups = new Map();
    for (const link of links) {
      if (!groups.has(link.layer)) groups.set(link.layer, []);
      groups.get(link.layer).push(link);
    }
    gaps = [];
    const pad = 6;
    for (const group of groups.values()) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const l of group) {
        x0 = Math.min(x0, l.x0, l.x1); x1 = Math.max(x1, l.x0, l.x1);
        y0 = Math.min(y0, l.y0, l.y1); y1 = Math.max(y1, l.y0, l.y1);
      }
      const x = Math.floor(x0 - pad), y = Math.floor(y0 - pad);
      const w = Math.ceil(x1 + pad) - x, h = Math.ceil(y1 + pad) - y;
      const canvas = el('canvas', { class: 'links-canvas', width: Math.round(w * dpr), height: Math.round(h * dpr),
        style: `left:${x}px;top:${y}px;width:${w}px;height:${h}px` });
      gaps.push({ canvas, x, y, links: group, dirty: true });
    }
    linkLayer.replaceChildren(mapsCanvas, ...gaps.map((g) => g.canvas));
    layoutMaps(box);
    if (store.frame) paintLinks(store.frame);
    highlight();
    tabToLinks();
    refocus(svg, focused);
    showScrollHint();
  }

  function showScrollHint() {
    const room = root.scrollWidth - root.clientWidth;
    scrollHint.hidden = room < 1;
    back.disabled = root.scrollLeft < 1;
    forth.disabled = root.scrollLeft > room - 1;
  }

  /** Place the maps canvas over the placeholders (their insides: the border stays visible). */
  function layoutMaps(box) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const t of thumbs) {
      const r = t.box.getBoundingClientRect();
      t.x = r.left - box.left + root.scrollLeft + t.box.clientLeft;
      t.y = r.top - box.top + root.scrollTop + t.box.clientTop;
      t.w = t.box.clientWidth; t.h = t.box.clientHeight;
      if (!t.w || !t.h) continue;
      x0 = Math.min(x0, t.x); y0 = Math.min(y0, t.y); x1 = Math.max(x1, t.x + t.w); y1 = Math.max(y1, t.y + t.h);
    }
    if (x0 === Infinity) x0 = y0 = x1 = y1 = 0;
    const x = Math.floor(x0), y = Math.floor(y0), w = Math.ceil(x1) - x, h = Math.ceil(y1) - y;
    Object.assign(mapsCanvas.style, { left: `${x}px`, top: `${y}px`, width: `${w}px`, height: `${h}px` });
    mapsCanvas.width = Math.round(w * dpr); mapsCanvas.height = Math.round(h * dpr);
    mapsCanvas.x = x; mapsCanvas.y = y;
    paintMaps();
  }

  function paintMaps() {
    const ctx = mapsCanvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, mapsCanvas.width, mapsCanvas.height);
    ctx.setTransform(dpr, 0, 0, dpr, -mapsCanvas.x * dpr, -mapsCanvas.y * dpr);
    ctx.imageSmoothingEnabled = true;
    for (const t of thumbs) {
      if (!t.painted || !t.w || !t.h || t.box.firstChild) continue;   // (a dragged card's copy)
      ctx.globalAlpha = t.alpha;
      ctx.save();
      ctx.beginPath();
      ctx.roundRect(t.x, t.y, t.w, t.h, 2);
      ctx.clip();
      ctx.drawImage(t.canvas, t.x, t.y, t.w, t.h);
      ctx.restore();
    }
    ctx.globalAlpha = 1;
  }

  /** `target` (a new canvas by default) made a copy of the map canvas `source`. */
  function copyOf(source, target = el('canvas')) {
    target.width = source.width; target.height = source.height;
    target.getContext('2d').drawImage(source, 0, 0);
    return target;
  }

  /** The map of the neuron under the mouse, enlarged over its placeholder. */
  function showZoom(thumb) {
    if (!thumb.painted) return;
    copyOf(thumb.canvas, zoom);
    zoom.thumb = thumb;
    thumb.box.after(zoom);
  }

  // A link's look: colour by the sign of w, width and opacity by |w| (2 decimals, as drawn).
  const linkWidth = (w) => Math.round(Math.min(0.6 + Math.abs(w) * 2.2, 9) * 100) / 100;
  const linkOpacity = (w) => Math.round(Math.min(0.25 + Math.abs(w) * 0.6, 0.95) * 100) / 100;

  function paintLinks(frame) {
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
    ctx.setTransform(dpr, 0, 0, dpr, -gap.x * dpr, -gap.y * dpr);
    ctx.lineCap = 'round';
    const pos = css(POS), neg = css(NEG);
    for (const link of gap.links) {
      const w = link.w;
      if (w === undefined) continue;
      link.drawnSign = w >= 0; link.drawnWidth = linkWidth(w); link.drawnOpacity = linkOpacity(w);
      ctx.strokeStyle = w >= 0 ? pos : neg;
      ctx.lineWidth = link.drawnWidth;
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
    const stroke = css(w >= 0 ? POS : NEG), width = linkWidth(w).toFixed(2), opacity = linkOpacity(w).toFixed(2);
    const st = link.path.style;
    if (link.styled !== link.key) {
      link.styled = link.key;
      st.stroke = stroke; st.strokeWidth = width; st.opacity = opacity;
    }
  }

  function draw(frame) {
    if (!store.scene) return;
    paintLinks(frame);
    const is2d = store.scene.dataset.is_2d;
    let mapsChanged = false;
    for (const col of cols) {
      if (col.kind !== 'dense') continue;
      const maps = frame.arrays[`units/${col.act ?? col.index}`] || frame.arrays[`units/${col.index}`];
      const b = frame.arrays[`b/${col.index}`];
      // the maps change at most 10 times a second: paint them only when they did
      const repaint = maps && maps.shape.length === 3 && is2d && !sameValues(maps, col.painted);
      if (repaint) col.painted = maps.slice();
      const sigmoidLike = col.output && (col.activation === 'sigmoid' || col.activation === 'softmax');
      // a regression's output comes in the target's units (y = σ·a + μ): coloured as the output map
      const values = repaint && col.output && store.scene.dataset.task === 'regression' ? valueScale(store.scene.dataset) : null;
      for (let u = 0; u < (col.units || 0); u++) {
        const n = neurons.get(`${col.index}-${u}`);
        if (!n) continue;
        if (repaint && u < maps.shape[0]) {
          const g = maps.shape[1], size = g * maps.shape[2], start = u * size, c = n.thumb.canvas;
          if (sigmoidLike) paintDiverging(c, maps, start, g, maps.shape[2], 2, -1);
          else if (values) paintDiverging(c, maps, start, g, maps.shape[2], 1 / values.scale, -values.mid / values.scale);
          else paintDiverging(c, maps, start, g, maps.shape[2], 1 / symmetricScale(maps, start, start + size), 0);
          n.thumb.painted = mapsChanged = true;
          if (n.thumb.box.firstChild) copyOf(c, n.thumb.box.firstChild);   // its card is being dragged
        }
        if (b) {
          const v = n.bias.value = b[u];
          const positive = v >= 0;
          // 4 to 14 px wide, by a transform of a box of the largest size: a new width would
          // lay the page out again at every frame
          const scale = Math.round(Math.min(4 + Math.abs(v) * 6, 14) * 4) / 4 / BIAS_SIZE;
          if (n.biasPositive !== positive) { n.biasPositive = positive; n.bias.style.background = css(positive ? POS : NEG); }
          if (n.biasScale !== scale) { n.biasScale = scale; n.bias.style.transform = `scale(${scale})`; }
        }
      }
    }
    if (mapsChanged) {
      paintMaps();
      if (zoom.isConnected) showZoom(zoom.thumb);
    }
  }

  function highlight() {
    const h = store.highlight;
    svg.classList.toggle('tracing', !!h);
    root.classList.toggle('tracing', !!h);
    if (h) for (const link of links) styleLink(link);
    for (const link of links) {
      const on = h && link.layer === h.layer;
      link.path.classList.toggle('active', !!on);
      link.path.classList.toggle('forward', !!on && h.dir === 'forward');
      link.path.classList.toggle('backward', !!on && h.dir === 'backward');
    }
    for (const [key, n] of neurons) {
      n.node.classList.toggle('active', !!h && n.col.index === h.layer);
    }
  }

  /** The editor of a link's weight, at (x, y) in the network's own coordinates; `from` (the
   *  link, when the keyboard opened it) gets the focus back when the editor closes. The links
   *  may be laid out again meanwhile (a resized window, a new scene): the focus goes to the link
   *  of the same test id, not to a node no longer on the page. */
  function openWeight(link, x, y, from = null) {
    closeWeight();
    const shown = fmt(link.w ?? 0, 4);
    const input = el('input', { type: 'number', step: '0.01', value: shown, testid: 'weight-input' });
    const set = () => {
      const value = typedNumber(input);
      // an emptied box leaves the weight as it was, and so does one left as it opened: its text
      // is the weight rounded to 4 digits, which "set" would otherwise write back
      if (Number.isFinite(value) && input.value !== shown) {
        store.send({ type: 'set_weight', layer: link.layer, to: link.to, from: link.from, value });
      }
      closeWeight();
    };
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') set(); if (e.key === 'Escape') closeWeight(); });
    popover = el('div', { class: 'weight-popover', testid: 'weight-editor' },
      el('div', { class: 'small', text: `W[${link.to}, ${link.from}] of layer ${link.layer}` }),
      input, el('button', { onclick: set, text: 'set' }),
      el('button', { class: 'ghost', onclick: closeWeight, text: '×' }));
    popover.style.left = `${x + 8}px`;
    popover.style.top = `${y + 8}px`;
    opener = from?.dataset.testid ?? null;
    root.append(popover);
    input.focus();
    input.select();
  }

  function closeWeight() {
    if (!popover) return;
    popover.remove();
    popover = null;
    refocus(svg, opener);
    opener = null;
  }

  return { build, draw, columns: () => cols };
}
