// The network's input column: the features a 2-D dataset offers (X₁, X₂, their squares, their
// product, their sines), each with its map over the plane and a click to use it or not; a dataset
// of more columns lists its inputs by name (the first MAX_DRAWN_INPUTS of them). The maps are the
// server's numbers (the frame's features/<name>, painted by network.js): the page has no formula.
import { el } from './colors.js';
import { pressable } from './controls.js';
import { isHidden } from './classroom.js';
import { showNotice } from './notice.js';
import { activationAfter } from './inspector.js';
import { shortLayerName } from './layer-names.js';
import { showInspectorAbove } from './neurons.js';

export const ALL_FEATURES = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
const FEATURE_LABEL = { x1: 'X₁', x2: 'X₂', 'x1^2': 'X₁²', 'x2^2': 'X₂²', 'x1*x2': 'X₁X₂',
                        'sin(x1)': 'sin(X₁)', 'sin(x2)': 'sin(X₂)' };
const MAX_DRAWN_INPUTS = 16;

const SHORT_AXIS = 9;   // characters of a column's name in a label (its whole name in the title)

/** Whether the plane's axes are a two-column CSV's columns (``dataset.axes``), not x1, x2. */
const namedAxes = (axes) => axes && !(axes[0] === 'x1' && axes[1] === 'x2');

/** A feature's label, with the plane's axis names (an uploaded CSV's columns) for X₁ and X₂, each
 *  cut to `cut` characters: a label cut at its end lost what tells the features apart (the
 *  squares, the product and the sines of "height_cm" all read "height…"). */
function featureLabel(name, axes, cut = Infinity) {
  const label = FEATURE_LABEL[name];
  if (!namedAxes(axes)) return label;
  const short = (axis) => (axis.length > cut ? `${axis.slice(0, cut - 1)}…` : axis);
  return label.replace('X₁X₂', 'X₁·X₂').replace('X₁', short(axes[0])).replace('X₂', short(axes[1]));
}

/** A feature's whole name, as its tooltip says it: on a CSV's columns, that it is made of the
 *  columns standardised (build.py), z = (column − μ)/σ with the μ and σ of ``dataset.axes_mean``
 *  and ``axes_std``, so "height_cm²" is the square of a number without units, not square
 *  centimetres (the column's title says so in short: ``OF_COLUMNS``). */
function featureTitle(name, dataset) {
  const label = featureLabel(name, dataset.axes);
  if (!namedAxes(dataset.axes)) return label;
  const g = (v) => +v.toPrecision(4);
  const used = [0, 1].filter((i) => name.includes(`x${i + 1}`));
  const formula = (i) => {
    const column = dataset.axes[i], mu = dataset.axes_mean?.[i], sd = dataset.axes_std?.[i];
    return mu === undefined || sd === undefined ? '' : `(${column} − ${g(mu)}) / ${g(sd)}`;
  };
  const formulas = used.map(formula).filter(Boolean).join(' and ');
  const columns = used.map((i) => dataset.axes[i]).join(' and ');
  return name === 'x1' || name === 'x2'
    ? `${label}: the network takes it standardised${formulas ? `, ${formulas}` : ''}`
    : `${label}: of the standardised ${columns}${formulas ? `, ${formulas}` : ''}, a number without units`;
}

// under the column's title "Features", over a CSV's columns: its features are of them standardised
const OF_COLUMNS = ['of the', 'columns standardised'];

/** The input column of `scene`; its maps come from `maps` (neuron-maps.js). Returns the column,
 *  `nodes`, the nodes of the network's inputs in scene.network.inputs order (for links.js), and
 *  `thumbs`, each feature's map by name, for network.js to paint from the frames. */
export function inputColumn(store, maps, scene) {
  const named = scene.dataset.is_2d && namedAxes(scene.dataset.axes);
  // (on two lines, as narrow as the column)
  const heading = named ? el('span', {}, `Features ${OF_COLUMNS[0]} `, el('br'), OF_COLUMNS[1]) : 'Features';
  const col = el('div', { class: 'col inputs' }, el('div', { class: 'col-title', testid: 'features-title',
    title: named ? 'each column standardised, z = (column − its mean) / its std, as the network takes it' : null }, heading));
  const nodes = [], thumbs = {};
  const inputs = scene.network.inputs;
  if (scene.dataset.is_2d) {
    for (const name of ALL_FEATURES) {
      const active = inputs.indexOf(name);
      const thumb = maps.add(active >= 0 ? 1 : 0.35);
      const label = featureLabel(name, scene.dataset.axes), title = featureTitle(name, scene.dataset);
      const fixed = isHidden(store, 'features');   // a classroom link keeps the inputs as they are
      const toggle = () => {
        if (fixed) return;
        // the network needs an input: the last one stays, and the learner hears why (the click
        // was ignored without a word)
        if (active >= 0 && inputs.length === 1) {
          showNotice(`${label} is the network’s only input: add another before you turn this one off.`);
          return;
        }
        store.update((s) => {
          const set = new Set(s.features);
          if (set.has(name)) set.delete(name); else set.add(name);
          s.features = ALL_FEATURES.filter((f) => set.has(f));
        });
      };
      const node = el('div', {
        class: 'feature' + (active >= 0 ? ' active' : ''), testid: `feature-${name}`,
        title: fixed ? title : active >= 0 ? 'click to remove this input' : 'click to add this input',
        'aria-pressed': String(active >= 0), onclick: toggle,
      }, el('span', { class: 'feature-label', text: featureLabel(name, scene.dataset.axes, SHORT_AXIS), title }), thumb.box);
      pressable(node, `input ${label}`, toggle);
      thumbs[name] = thumb;
      if (active >= 0) nodes[active] = node;
      col.append(node);
    }
  } else {
    const shown = inputs.slice(0, MAX_DRAWN_INPUTS);
    shown.forEach((name, i) => {
      const node = el('div', { class: 'feature active compact', title: name, testid: `feature-${name}` },
        el('span', { class: 'feature-label', text: name }));
      nodes[i] = node;
      col.append(node);
    });
    if (inputs.length > shown.length) col.append(moreInputs(store, scene, shown.length));
  }
  return { col, nodes, thumbs };
}

/** What stands under the first `drawn` inputs of a dataset of more (digits' 64 pixels): which
 *  inputs the rest are, that the network takes every one (each into every neuron of its first
 *  layer; only the drawn ones have links), and where to see them: a click shows the first layer's
 *  neuron 0 in the Neuron panel, which lists every input with its weight (words alone where a
 *  classroom link hides that panel). */
function moreInputs(store, scene, drawn) {
  const inputs = scene.network.inputs, rest = inputs.length - drawn;
  const first = scene.network.layers.find((l) => l.kind === 'dense');
  const which = rest === 1 ? inputs[drawn] : `${inputs[drawn]} to ${inputs[inputs.length - 1]}`;
  const text = `+ ${rest} more input${rest === 1 ? '' : 's'}`;
  const words = `${rest} more input${rest === 1 ? '' : 's'} (${which}): the network takes all ${inputs.length}, `
    + `each into every neuron of ${shortLayerName(scene, first.index)}; the first ${drawn} are drawn, with their links`;
  if (isHidden(store, 'inspector')) {
    return el('div', { class: 'more more-inputs', testid: 'more-inputs', role: 'note', title: words, 'aria-label': words, text });
  }
  const see = `${words}. Click to see every input's weight in the Neuron panel`;
  const tile = el('button', { class: 'more more-inputs', testid: 'more-inputs', title: see, 'aria-label': see,
    onclick: () => {
      store.select({ layer: first.index, unit: 0, act: activationAfter(scene, first.index)?.index ?? null });
      showInspectorAbove(tile);
    } }, text, el('span', { class: 'more-inputs-how', text: 'all used: see them' }));
  return tile;
}
