// A block of the network as a column: a hidden block's card (its header, dragged to reorder)
// or the output's, holding its neurons — each a map's placeholder (neuron-maps.js) and a bias
// marker coloured by the bias's sign and sized by |b| — or, for a dropout or batch-norm block,
// a dot per unit. Off the plane a hidden neuron has no map: its circle fills from the bottom as
// far as the share of the training rows it is on for (z > 0), that share written in it, so a
// dead ReLU (on for none) shows empty at a glance; a classifier's output neuron fills so with the
// share of rows predicted its class, in its class's colour. A hidden block of more than 8 units
// shows its first 8 and a "+k more" tile (as TensorFlow Playground, which allows 8): one neuron a
// row, 64 of them made the panel 3,400 px tall, and drawn compact (small maps in columns side by
// side) the links into its later columns crossed the neurons of its first ones.
import { css, NEG, POS, classColor, fmt, el } from './colors.js';
import { attachCardDrag } from './block-drag.js';
import { cardHeader, pressable } from './controls.js';
import { layerName, shortLayerName } from './layer-names.js';

const MAX_OUTPUT_UNITS = 64;     // an output of more shows its first ones and "+ n more"
const MAX_HIDDEN_UNITS = 8;      // the same for a hidden block (and its Dropout and BatchNorm units)
const BIAS_SIZE = 14;            // px: the bias marker's box (.neuron .bias in style.css), scaled to |b|
const ON_ROWS = 2000;            // the training rows a share "on" is measured on, at most (views.py's ON_ROWS)

/** The column of `col` (network.js's columnsOf); its neurons go into `view.neurons`
 *  ("layer-unit" -> {node, thumb, bias, col, x, y}) and, by column as drawn, into `view.grid`:
 *  grid[x][y] is the y-th neuron from the top of the x-th column of neurons from the left (the
 *  arrow keys walk this grid, keyboard-focus.js). A unit past those shown has no node: links.js
 *  draws no link to or from it. */
export function blockColumn(store, maps, view, col, scene) {
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
  const n = col.units || 0;
  const shown = Math.min(n, outputKind ? MAX_OUTPUT_UNITS : MAX_HIDDEN_UNITS);
  const body = el('div', { class: 'units' });
  const { grid, neurons } = view;
  if (col.kind === 'dense' && shown) grid.push([]);
  for (let u = 0; u < shown; u++) {
    if (col.kind === 'dense') {
      const thumb = maps.add();
      // the bias value appears as its title when the mouse reaches it, not at every frame
      const bias = el('div', { class: 'bias', onmouseenter: () => { bias.title = `bias b = ${fmt(bias.value ?? 0, 4)}`; } });
      const key = `${col.index}-${u}`;
      const inspect = () => store.select({ layer: col.index, unit: u, act: col.act });
      const name = `${layerName(scene, col.index)}, neuron ${u}`;
      // off the plane, a hidden neuron's share "on", a classifier's output's share of rows
      // predicted its class (paintOnShares; a regression's output has none), said in its title
      // and name when the mouse or the focus reaches it and when the whole percent changes, not
      // at every frame
      const share = !scene.dataset.is_2d && !(outputKind && scene.dataset.task === 'regression')
        ? el('span', { class: 'on-share', 'aria-hidden': 'true' }) : null;
      const sayShare = () => {
        if (!share) return;
        const words = outputKind ? predictedShareWords(share.value, u, n, scene)
          : onShareWords(share.value, col.activation, scene.dataset.n_train);
        node.title = `${name}: ${words}. Click (or Enter) to inspect`;
        node.setAttribute('aria-label', `${name}, ${words}`);
      };
      const node = el('div', {
        class: 'neuron' + (scene.dataset.is_2d ? '' : ' no-map'), testid: `neuron-${key}`, 'data-key': key,
        title: `${name}: click (or Enter) to inspect` + (outputKind ? regressionWords(scene) : ''),
        onclick: () => { inspect(); showInspectorAbove(node); },
        // the map enlarged under a mouse, not under a finger: after a tap nothing leaves it, and
        // it stayed over the neighbours
        onpointerenter: (e) => { sayShare(); if (e.pointerType !== 'touch') maps.showZoom(thumb); },
        onpointerleave: maps.hideZoom, onfocus: sayShare,
      }, thumb.box, share, bias);
      // a class's share in its colour (one output: class 1's), as the points and the confusion matrix
      if (share && outputKind) {
        const colour = classColor(n === 1 ? 1 : u, n === 1 ? 2 : n);
        thumb.box.style.setProperty('--on-color', `color-mix(in srgb, ${colour} 55%, #fff)`);
      }
      pressable(node, `${layerName(scene, col.index)} neuron ${u}`, inspect, -1);
      const names = outputKind ? scene.dataset.class_names : null;
      if (names && n > 1) node.append(unitLabel(names[u]));
      // one output unit for two classes: a sigmoid's p(class 1), the second class's probability
      // (off the plane: on it, the map and its legend say so, and the label would widen the view)
      else if (names && names.length === 2 && !scene.dataset.is_2d && scene.network.output.activation === 'sigmoid') {
        node.append(unitLabel(`p(${names[1]})`));
      }
      const column = grid[grid.length - 1];
      const entry = { node, thumb, bias, share, sayShare, unit: u, col, x: grid.length - 1, y: column.length };
      column.push(entry);
      neurons.set(key, entry);
      body.append(node);
    } else {
      const node = el('div', { class: 'dot', testid: `unit-${col.index}-${u}` });
      neurons.set(`${col.index}-${u}`, { node, col });
      body.append(node);
    }
  }
  if (n > shown) {
    body.append(el('div', { class: 'more more-units', testid: `more-units-${col.index}`, text: `+${n - shown} more`,
      title: `${n - shown} more ${col.kind === 'dense' ? 'neurons' : 'units'} of this block train as the first ${shown} do; `
        + `the first ${shown} are drawn, with their links, as the trace writes out the first ${shown} (the Gradients panel's histograms count every one)` }));
  }
  card.append(body);
  if (col.kind === 'dense' && col.block !== null) {
    // the block's name, as every panel names it (the Gradients panel, the Neuron panel, the trace)
    card.append(el('div', { class: 'col-foot' }, el('div', { class: 'col-name', testid: `col-name-${col.index}`,
      text: shortLayerName(scene, col.index), title: layerName(scene, col.index) }), `${n} neuron${n === 1 ? '' : 's'}`));
  }
  return card;
}

/** After a neuron was clicked or tapped, the Neuron panel's top in view when the panel lies above
 *  `node` in its column (a phone's one column): the panel grows by the neuron's numbers and map,
 *  which pushed the neuron, and what changed, below the screen (the learner saw the panel's lower
 *  half, or nothing new). Where the panel stands beside the network nothing moves. The page jumps
 *  there at once: a smooth scroll, with the panel growing as the server's numbers came during
 *  it, ended now and then with the panel's top above the screen. (So does a click on the input
 *  column's "+ n more inputs", features.js, which shows a first-layer neuron.) */
export function showInspectorAbove(node) {
  const panel = document.getElementById('inspector').closest('.panel');
  const p = panel.getBoundingClientRect(), n = node.getBoundingClientRect();
  const above = p.height > 0 && p.bottom <= n.top && p.left < n.right && n.left < p.right;
  if (above) panel.scrollIntoView({ block: 'start' });
}

/** The words beside an output neuron (its class name, or p(class)): a long one is cut short
 *  (.unit-label in style.css), the whole of it in its title. */
function unitLabel(text) {
  return el('span', { class: 'unit-label', text, title: text });
}

/** Room at the right of the output column `card` for the labels beside its neurons. They are
 *  placed out of the column's flow (its neurons stay centred under its title), so the column's
 *  box ends before them: without this margin, a long class name ("versicolor") ran past the
 *  network panel's edge and the panel scrolled sideways. To call once the page has laid the
 *  column out (the labels' widths are the font's). */
export function makeRoomForLabels(card) {
  const edge = card.getBoundingClientRect().right;
  let overhang = 0;
  for (const label of card.querySelectorAll('.unit-label')) {
    overhang = Math.max(overhang, label.getBoundingClientRect().right - edge);
  }
  card.style.marginRight = `${Math.ceil(overhang)}px`;
}

/** Neuron `n`'s bias marker for bias `v`, written only when its look changes (a frame's path). */
export function paintBias(n, v) {
  n.bias.value = v;
  const positive = v >= 0;
  // 4 to 14 px wide, by a transform of a box of the largest size: a new width would
  // lay the page out again at every frame
  const scale = Math.round(Math.min(4 + Math.abs(v) * 6, 14) * 4) / 4 / BIAS_SIZE;
  if (n.biasPositive !== positive) { n.biasPositive = positive; n.bias.style.background = css(positive ? POS : NEG); }
  if (n.biasScale !== scale) { n.biasScale = scale; n.bias.style.transform = `scale(${scale})`; }
}

/** Off the plane, each hidden neuron's share of the training rows it is on for, and each of a
 *  classifier's output neurons' share of them predicted its class, from a frame's `on/<layer>`
 *  arrays (views.py's on_shares: one number per drawn neuron, refreshed with the maps): its
 *  circle filled from the bottom that far (a hidden one's blue, the colour of z > 0; an output's
 *  its class's colour), the share written in it. Written only when the whole percent changes (a
 *  frame's path). */
export function paintOnShares(neurons, arrays) {
  for (const n of neurons.values()) {
    const on = n.share && arrays[`on/${n.col.index}`];
    if (!on || n.unit >= on.length) continue;
    const v = on[n.unit];
    n.share.value = v;
    const text = percentOf(v);
    if (n.share.textContent === text) continue;
    n.share.textContent = text;
    n.thumb.box.style.setProperty('--on', v === v ? `${Math.round(100 * v)}%` : '0%');
    n.sayShare();   // (a neuron hovered before its first share came said it would come)
  }
}

/** A share as a whole percent, never rounded to 0% or 100% when it is not (a neuron on for 3 rows
 *  in 2000 is not dead): "<1%", ">99%"; a dash for NaN. */
function percentOf(v) {
  if (v !== v) return '–';
  if (v > 0 && v < 0.005) return '<1%';
  if (v < 1 && v >= 0.995) return '>99%';
  return `${Math.round(100 * v)}%`;
}

/** A hidden neuron's share "on" in words: for how many training rows z > 0 (a ReLU's a > 0), and
 *  what none or all of them mean for a ReLU; rows past ON_ROWS are said to be sampled. */
function onShareWords(share, activation, rows) {
  const of = ofRows(rows);
  if (share === undefined) return 'its share of rows with z > 0 comes with the next frame';
  if (share !== share) return 'z is not a finite number: training diverged';
  const relu = activation === 'relu';
  if (share === 0) {
    return relu ? `z ≤ 0 for every one ${of}: a dead ReLU, it outputs 0, passes no gradient back and no longer learns`
      : `z ≤ 0 for every one ${of}`;
  }
  if (share === 1 && relu) return `z > 0 for every one ${of}: the ReLU never outputs 0 on them, a linear unit`;
  return `z > 0 (on) for ${percentOf(share)} ${of}`;
}

/** What a regression's output neuron says of itself: on the plane, the units of its map; off it,
 *  where it has neither map nor share (its values are not of classes), where its predictions are
 *  shown. Nothing for a classifier's. */
function regressionWords(scene) {
  if (scene.dataset.task !== 'regression') return '';
  return scene.dataset.is_2d ? ". Its map is in the target's units, y = σ·a + μ"
    : '. Its predictions against the actual values are plotted in the Evaluation panel';
}

/** An output neuron's share in words: for how many training rows its class is the one predicted,
 *  the class the confusion matrix counts them as. K outputs: the largest of them; one output (of
 *  `units`): class 1's probability, the rows where it is 0.5 or more predicted class 1, the
 *  others class 0. */
function predictedShareWords(share, unit, units, scene) {
  if (share === undefined) return 'its share of the training rows predicted its class comes with the next frame';
  if (share !== share) return 'its output is not a finite number: training diverged';
  const names = scene.dataset.class_names || [], name = (k) => names[k] ?? `class ${k}`;
  const of = ofRows(scene.dataset.n_train);
  if (units > 1) return `the predicted class is ${name(unit)} (its output the largest) for ${percentOf(share)} ${of}`;
  const a = scene.network.output?.activation === 'sigmoid' ? 'p' : 'a';
  return `the predicted class is ${name(1)} (${a} ≥ 0.5) for ${percentOf(share)} ${of}, `
    + `${name(0)} for the other ${percentOf(1 - share)}`;
}

/** Which training rows a share is of: all of them, or ON_ROWS spread over them (views.py's ON_ROWS). */
function ofRows(rows) {
  return rows > ON_ROWS ? `of ${ON_ROWS} training rows spread over all ${rows}` : 'of the training rows';
}
