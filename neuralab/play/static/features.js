// The network's input column: the features a 2-D dataset offers (X₁, X₂, their squares, their
// product, their sines), each with its map over the plane and a click to use it or not; a dataset
// of more columns lists its inputs by name (the first MAX_DRAWN_INPUTS of them). The maps are the
// server's numbers (the frame's features/<name>, painted by network.js): the page has no formula.
import { el } from './colors.js';
import { pressable } from './controls.js';
import { isHidden } from './classroom.js';
import { showNotice } from './notice.js';

export const ALL_FEATURES = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
const FEATURE_LABEL = { x1: 'X₁', x2: 'X₂', 'x1^2': 'X₁²', 'x2^2': 'X₂²', 'x1*x2': 'X₁X₂',
                        'sin(x1)': 'sin(X₁)', 'sin(x2)': 'sin(X₂)' };
const MAX_DRAWN_INPUTS = 16;

const SHORT_AXIS = 9;   // characters of a column's name in a label (its whole name in the title)

/** A feature's label, with the plane's axis names (an uploaded CSV's columns) for X₁ and X₂, each
 *  cut to `cut` characters: a label cut at its end lost what tells the features apart (the
 *  squares, the product and the sines of "height_cm" all read "height…"). */
function featureLabel(name, axes, cut = Infinity) {
  const label = FEATURE_LABEL[name];
  if (!axes || (axes[0] === 'x1' && axes[1] === 'x2')) return label;
  const short = (axis) => (axis.length > cut ? `${axis.slice(0, cut - 1)}…` : axis);
  return label.replace('X₁X₂', 'X₁·X₂').replace('X₁', short(axes[0])).replace('X₂', short(axes[1]));
}

/** The input column of `scene`; its maps come from `maps` (neuron-maps.js). Returns the column,
 *  `nodes`, the nodes of the network's inputs in scene.network.inputs order (for links.js), and
 *  `thumbs`, each feature's map by name, for network.js to paint from the frames. */
export function inputColumn(store, maps, scene) {
  const col = el('div', { class: 'col inputs' }, el('div', { class: 'col-title', text: 'Features' }));
  const nodes = [], thumbs = {};
  const inputs = scene.network.inputs;
  if (scene.dataset.is_2d) {
    for (const name of ALL_FEATURES) {
      const active = inputs.indexOf(name);
      const thumb = maps.add(active >= 0 ? 1 : 0.35);
      const label = featureLabel(name, scene.dataset.axes);
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
        title: fixed ? label : active >= 0 ? 'click to remove this input' : 'click to add this input',
        'aria-pressed': String(active >= 0), onclick: toggle,
      }, el('span', { class: 'feature-label', text: featureLabel(name, scene.dataset.axes, SHORT_AXIS), title: label }), thumb.box);
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
    if (inputs.length > shown.length) {
      col.append(el('div', { class: 'more', text: `+ ${inputs.length - shown.length} more inputs` }));
    }
  }
  return { col, nodes, thumbs };
}
