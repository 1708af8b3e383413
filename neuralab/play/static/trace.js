// Trace mode: one training sample stepped through forward layer by layer (z = W·a + b with the
// live numbers), the loss, then backward (δ, ∂L/∂W, ∂L/∂b) and the update W ← W − η·∂L/∂W.
// The numbers are the server's (the engine's own forward and backward on a copy of the model).
// With the network on the whole screen (a projector), the trace's panel comes under it, larger,
// for as long as a trace is on, so that a class follows its steps there (besideNetwork).
import { fmt, el } from './colors.js';
import { sampleBox } from './inspector.js';
import { GENERATED } from './datasets.js';
import { layerName } from './layer-names.js';
import { atLimit, stepButton } from './controls.js';
import { refusalOf } from './number-boxes.js';
import { besideEnlargedNetwork } from './enlarge.js';

const MAX_UNITS = 8;
const MAX_TERMS = 6;
const MAX_NAMED_INPUTS = 16;   // more names than this make the note a wall of words

export function createTrace(store, root) {
  const start = el('button', { testid: 'trace-start', title: 'pause training and trace the selected sample' }, 'Trace sample');
  // at the first and the last step, ◀ prev and next ▶ keep the focus (controls.js's atLimit)
  // (each named in words: a screen reader said "◀ prev" as a string of symbols)
  const prev = stepButton({ testid: 'trace-prev', disabled: true, 'aria-label': 'Previous step' }, '◀ prev', () => go(at - 1));
  const next = stepButton({ testid: 'trace-next', disabled: true, 'aria-label': 'Next step' }, 'next ▶', () => go(at + 1));
  const auto = el('button', { testid: 'trace-play', disabled: true, title: 'animate all steps' });
  const animating = (on) => {
    auto.textContent = on ? '❚❚ stop' : '▶ animate';
    auto.setAttribute('aria-label', on ? 'Stop the animation' : 'Animate the steps');
  };
  animating(false);
  const stop = el('button', { class: 'ghost', testid: 'trace-stop', disabled: true, title: 'leave trace mode', 'aria-label': 'Leave trace mode' }, '×');
  const sample = el('input', { type: 'number', step: '1', value: '0', class: 'tiny', testid: 'trace-sample' });
  // the steps' dots: one tab stop (the step on show), the arrow keys, Page Up and Down, Home and
  // End move along (and on the whole screen, with the focus on no control: besideNetwork)
  const progress = el('div', { class: 'trace-progress', role: 'group', 'aria-label': 'steps of the trace' });
  const stepKey = (e) => {
    const to = { ArrowLeft: at - 1, ArrowUp: at - 1, PageUp: at - 1, ArrowRight: at + 1, ArrowDown: at + 1, PageDown: at + 1,
      Home: 0, End: steps.length - 1 }[e.key];
    // (Alt+← is the browser's Back)
    if (to === undefined || !steps.length || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    go(to);
  };
  progress.addEventListener('keydown', (e) => { if (e.target.classList.contains('dot-step')) stepKey(e); });
  const panel = el('div', { class: 'trace-step', testid: 'trace-panel' },
    el('p', { class: 'muted small', text: 'Pick a training sample and press “Trace sample”: the forward pass, the loss, every δ and gradient, and the update, with the numbers the engine computes.' }));
  root.append(el('div', { class: 'trace-bar' }, el('label', { class: 'small muted' }, 'training sample ', sample), start, prev, next, auto, stop), progress, panel);
  const beside = besideNetwork(root.closest('.panel'), () => trace !== null, () => leave(), stepKey);

  let trace = null;
  let traced = null;     // the scene the trace on show was made in
  let follow = false;    // the trace asked for replaces the one on show (another sample): keep its step
  let asked = false;     // a trace is asked for: a reply after × (or none asked) opens nothing
  let steps = [];
  let at = 0;
  let timer = null;

  const showSample = sampleBox(store, sample);
  // a trace on show follows the sample chosen (here or in the neuron panel), at the step it is on:
  // else the box would name one sample and the steps show another's numbers. Not on a new scene's
  // data, which closes the trace.
  store.on('sample', (s) => {
    showSample();
    if (trace && traced === store.scene) {
      follow = asked = true;
      store.send({ type: 'trace', sample: s });
    }
  });
  start.addEventListener('click', () => {
    // the box holds a number refused (250 of 200 samples, in the banner): trace none, and say so
    // here, rather than the sample taken before, which the box no longer names
    const refused = refusalOf(sample);
    if (refused) { leave(refusedNote(refused)); return; }
    store.send({ type: 'control', action: 'pause' });
    follow = false;     // a trace of its own, from its first step
    asked = true;
    store.send({ type: 'trace', sample: store.sample });
  });
  stop.addEventListener('click', () => leave());
  auto.addEventListener('click', () => {
    if (timer) { clearInterval(timer); timer = null; animating(false); return; }
    if (at >= steps.length - 1) go(0);
    animating(true);
    timer = setInterval(() => { if (at >= steps.length - 1) { auto.click(); } else go(at + 1); }, 1400);
  });
  store.on('scene', () => { showSample(); if (trace) leave(); });
  // a refused trace (an empty drawing, a sample the data no longer has) says why here, where the
  // button was pressed: the banner that says it too may be scrolled far above this panel
  store.on('refused', (error) => {
    if (error.request === 'trace') leave(refusedNote(error));
  });
  store.on('trace', (t) => {
    if (!asked) return;
    asked = false;
    trace = t;
    traced = store.scene;
    steps = buildSteps(t, store);
    [prev, next, auto, stop].forEach((b) => { b.disabled = false; });
    go(follow ? at : 0);
    follow = false;
    beside.open();
  });
  // × is enabled under the enlarged network while the panel is there (a refusal's note kept it), to
  // take it back; back on the page with no trace on, it is disabled again
  document.addEventListener('fullscreenchange', () => { stop.disabled = !trace && !beside.beside(); });

  /** Close the trace, `note` in its panel (by default, that it is closed). Under the enlarged
   *  network, the panel goes back to the page with it; a refusal's note stays there to be read. */
  function leave(note = null) {
    trace = null; steps = []; at = 0;
    follow = asked = false;
    if (timer) { clearInterval(timer); timer = null; animating(false); }
    // the button that had the focus (×) is disabled: "Trace sample" takes the focus, else it
    // fell to the page, and the next Tab started again from its top
    const focused = [prev, next, auto, stop].includes(document.activeElement);
    const taken = !note && beside.beside();   // (back from the whole screen: the focus goes to the network)
    if (!note) beside.back();
    [prev, next, auto].forEach((b) => { b.disabled = true; });
    stop.disabled = !beside.beside();
    if (focused && !taken) start.focus();
    progress.replaceChildren();
    panel.replaceChildren(note || el('p', { class: 'muted small', text: 'Trace closed.' }));
    store.setHighlight(null);
  }

  function go(i) {
    if (!steps.length) return;
    at = Math.max(0, Math.min(steps.length - 1, i));
    const step = steps[at];
    atLimit(prev, at === 0, 'the first step: next ▶ goes on', 'the step before');
    atLimit(next, at === steps.length - 1, 'the last step: ◀ prev goes back, × closes the trace', 'the next step');
    const focused = progress.contains(document.activeElement);
    progress.replaceChildren(...steps.map((s, k) => el('button', {
      class: `dot-step ${s.phase}` + (k === at ? ' on' : '') + (k < at ? ' done' : ''), title: s.title,
      testid: `trace-dot-${k}`, 'aria-label': `step ${k + 1} of ${steps.length}: ${s.title}`,
      'aria-current': k === at ? 'step' : null, tabindex: k === at ? '0' : '-1', onclick: () => go(k) })));
    if (focused) progress.children[at].focus();
    panel.replaceChildren(el('div', { class: `trace-title ${step.phase}`, text: step.title }), step.render());
    store.setHighlight(step.layer !== undefined ? { layer: step.layer, dir: step.phase === 'backward' ? 'backward' : 'forward' } : null);
  }
}

/** The trace's panel (`panel`) under the network on the whole screen (enlarge.js's
 *  besideEnlargedNetwork), for as long as `on()`: a trace lit the enlarged network's links, and its
 *  numbers stood on the page, out of sight. It comes with the network enlarged during a trace, or
 *  with a trace begun from it there, as a strip under the network, its words larger (enlarge.css);
 *  its × (`close`) takes it back, the focus on the network's neuron, and so does an Esc the page
 *  hears there (headless Chromium's: a browser on a screen takes Esc for itself, to leave full
 *  screen); the end of full screen takes it back, the trace still on at its step, the focus on
 *  the network's Enlarge (enlarge.js). There, with the focus on no control
 *  (the Enlarge button clicked lets it go), the keys of the steps' dots (`stepKey`) step the trace:
 *  a presenter's remote sends ← and →, or Page Up and Page Down. Returns {open, back, beside}. */
function besideNetwork(panel, on, close, stepKey) {
  const beside = besideEnlargedNetwork(panel, { comesWith: on, escape: close,
    refocus: (network) => network.querySelector('.neuron[tabindex="0"]') });
  document.addEventListener('keydown', (e) => {
    if (beside.beside() && [document.body, document.fullscreenElement].includes(e.target)) stepKey(e);
  });
  return beside;
}

/** The steps of a trace: input, forward per drawn column, loss, backward per dense layer, update. */
function buildSteps(t, store) {
  const layers = store.scene?.network.layers || [];
  const kindOf = (i) => layers.find((l) => l.index === i);
  const forward = [...(t.forward || [])].sort((a, b) => a.index - b.index);
  const backward = [...(t.backward || [])].sort((a, b) => b.index - a.index);
  const steps = [];
  const inputs = store.scene?.network.inputs || [];
  const x = t.input || [];
  // a regression's network learns the target standardised, t = (y − μ)/σ: the trace shows the
  // network's own numbers, so its target is t, and its output is mapped back to y's units
  const ds = store.scene?.dataset || {};
  const scaled = t.value !== undefined && ds.target_std;
  const target = scaled
    ? [el('div', { class: 'eq' }, 'target t = (y − μ) / σ = (', plain(t.value), ' − ', plain(ds.target_mean), ') / ', plain(ds.target_std), ' = ', num(t.target, 'target')),
       el('div', { class: 'muted small', text: 'The network learns the target standardised with the training part’s mean μ and standard deviation σ: every number of this trace is in those units.' })]
    : [el('div', { class: 'eq' }, 'target y = ', num(t.target, 'target'), ...targetClassName(ds, t.target))];
  // a real data set's or a CSV's columns reach the network standardised (build.py): x is not
  // the file's numbers, and says so
  const scaling = '(column − mean) / std with the training part’s mean and std';
  // a CSV's 0/1 columns (Sex_female ...) are named here, in x's order: the numbers alone do not say
  // which is which (a data set of many columns keeps them in each number's title)
  const named = inputs.length <= MAX_NAMED_INPUTS ? ` (${inputs.join(', ')}, in this order)` : '';
  const standardised = GENERATED.has(ds.name) || ds.name === 'drawn' ? [] : [el('div', {
    class: 'muted small', testid: 'trace-input-note',
    text: ds.is_2d ? `x1, x2: the sample’s two columns standardised, ${scaling}; the features are made from them.`
      : `x: the sample’s columns${named} standardised, ${scaling}, as the network takes them.` })];
  steps.push({ phase: 'input', title: 'Input: the sample enters the network', render: () => el('div', {},
    el('div', { class: 'eq' }, 'a', el('sup', { text: '[0]' }), ' = x = [', ...join(x.map((v, k) => num(v, `input-${k}`, inputs[k]))), ']'),
    ...standardised, ...target) });

  let aPrev = x;
  let prevName = 'a[0]';
  let depth = 0;
  for (let i = 0; i < forward.length; i++) {
    const f = forward[i];
    const after = forward[i + 1];
    const merged = f.kind === 'dense' && after && after.kind === 'activation' && after.index === f.index + 1;
    const act = merged ? after : null;
    const aIn = aPrev;
    const inName = prevName;
    if (merged) i++;
    const out = act ? act.a : f.a;
    const W = f.weights, b = f.bias;   // a dense layer's, as the trace ran with them
    const actName = act ? (kindOf(act.index)?.activation || 'f') : null;
    const L = f.index;
    if (f.kind === 'dense') {
      steps.push({ phase: 'forward', layer: L, title: `Forward · ${layerName(store.scene, L)}`, render: () => {
        const rows = [];
        for (let j = 0; j < Math.min(f.z.length, MAX_UNITS); j++) {
          const terms = [];
          const n = Math.min(aIn.length, MAX_TERMS);
          for (let k = 0; k < n; k++) {
            terms.push(el('span', { class: 'term' }, '(', plain(W?.[j]?.[k]), ')·(', plain(aIn[k]), ')'), ' + ');
          }
          if (aIn.length > n) terms.push(`… (${aIn.length - n} more) + `);
          rows.push(el('div', { class: 'eq' },
            el('span', { class: 'var' }, `z${sub(j)}`), ' = ', ...terms, '(', plain(b?.[j]), ') = ', num(f.z[j], `forward-${L}-z-${j}`)));
          // softmax takes the whole layer: a_j = softmax(z)_j
          const of = actName === 'softmax' ? `softmax(z)${sub(j)}` : `${actName}(z${sub(j)})`;
          if (act) rows.push(el('div', { class: 'eq indent' }, el('span', { class: 'var' }, `a${sub(j)}`), ` = ${of} = `, num(act.a[j], `forward-${L}-a-${j}`)));
        }
        if (f.z.length > MAX_UNITS) rows.push(el('div', { class: 'muted small', text: `… ${f.z.length - MAX_UNITS} more neurons` }));
        return el('div', {}, el('div', { class: 'muted small', text: `z = W·${inName} + b, each neuron a weighted sum of the layer before, then a = ${actName || 'z'}` }), ...rows);
      } });
    } else {
      // a part of its block (the Dropout box's dropout after the activation) says which part
      const part = kindOf(L - 1)?.block === kindOf(L)?.block ? `: ${f.kind}${f.kind === 'activation' ? ' ' + (kindOf(L)?.activation || '') : ''}` : '';
      steps.push({ phase: 'forward', layer: L, title: `Forward · ${layerName(store.scene, L)}${part}`,
        render: () => el('div', {}, ...f.a.slice(0, MAX_UNITS).map((v, j) => el('div', { class: 'eq' },
          `${f.kind === 'dropout' ? 'a (no dropout at inference; training scales kept units by 1/(1−p))' : f.kind === 'batchnorm' ? 'a = γ·(z − μ)/σ + β' : 'a = f(z)'}`, sub(j), ' : ', plain(f.z?.[j]), ' → ', num(v, `forward-${L}-a-${j}`)))) });
    }
    aPrev = out;
    if (f.kind === 'dense') depth += 1;
    prevName = `a[${depth}]`;
  }

  const task = store.scene?.dataset.task;
  const lossName = store.scene?.network.output?.loss || 'loss';
  steps.push({ phase: 'loss', title: `Loss (${lossName})`, render: () => el('div', {},
    el('div', { class: 'eq' }, 'output = [', ...join((aPrev || []).map((v, k) => num(v, `output-${k}`))), ']   target = ', plain(t.target)),
    ...(scaled ? [el('div', { class: 'eq' }, 'in the target’s units: ŷ = σ·output + μ = ', num(t.prediction, 'prediction'), '   y = ', plain(t.value))] : []),
    el('div', { class: 'eq big' }, 'L = ', num(t.loss, 'loss')),
    el('div', { class: 'muted small', text: task === 'regression' ? `mean squared error${scaled ? ' of the standardised target: L = (output − t)²' : ': L = (ŷ − y)²'}`
      : (store.scene?.dataset.n_classes || 2) > 2 ? 'cross-entropy: L = −log softmax(z)_y; at the output δ = p − onehot(y)'
        : 'binary cross-entropy: L = −[y log p + (1 − y) log(1 − p)]; with the sigmoid, δ = p − y' })) });

  const fwdA = new Map();
  let before = x;
  for (const f of forward) { fwdA.set(f.index, before); before = f.a; }
  const updates = new Map((t.update || []).map((u) => [u.index, u]));
  for (const bw of backward) {
    if (!bw.grad_weights) continue;          // only dense layers have parameters
    const L = bw.index;
    const aIn = fwdA.get(L) || [];
    steps.push({ phase: 'backward', layer: L, title: `Backward · ${layerName(store.scene, L)}: δ, ∂L/∂W, ∂L/∂b`, render: () => {
      const rows = [el('div', { class: 'muted small', text: 'δ = ∂L/∂z (from the layer above: δ = (Wᵀδ_next) ⊙ f′(z)) · ∂L/∂W = δ·aᵀ · ∂L/∂b = δ' })];
      for (let j = 0; j < Math.min(bw.delta.length, MAX_UNITS); j++) {
        rows.push(el('div', { class: 'eq' }, el('span', { class: 'var' }, `δ${sub(j)}`), ' = ', num(bw.delta[j], `backward-${L}-delta-${j}`),
          '   ∂L/∂b', sub(j), ' = ', num(bw.grad_bias?.[j], `backward-${L}-gb-${j}`)));
        const terms = [];
        const n = Math.min(aIn.length, MAX_TERMS);
        for (let k = 0; k < n; k++) {
          terms.push(el('span', { class: 'term' }, `∂L/∂w${sub(j)}${sub(k)} = (`, plain(bw.delta[j]), ')·(', plain(aIn[k]), ') = ',
            num(bw.grad_weights?.[j]?.[k], `backward-${L}-gw-${j}-${k}`)));
        }
        rows.push(el('div', { class: 'eq indent' }, ...terms));
      }
      return el('div', {}, ...rows);
    } });
  }
  for (const bw of [...backward].reverse()) {
    const u = updates.get(bw.index);
    if (!u) continue;
    const L = u.index;
    const W = forward.find((f) => f.index === L)?.weights;
    steps.push({ phase: 'update', layer: L, title: `Update · ${layerName(store.scene, L)}: W ← W − η·∂L/∂W (η = ${fmt(u.lr, 4)})`, render: () => {
      const rows = [];
      for (let j = 0; j < Math.min(u.new_weights.length, MAX_UNITS); j++) {
        const terms = [];
        for (let k = 0; k < Math.min(u.new_weights[j].length, MAX_TERMS); k++) {
          const w = W?.[j]?.[k], g = bw.grad_weights?.[j]?.[k];
          const d = updateDecimals(w, u.lr * g, u.new_weights[j][k]);
          // η as set (exact); ∂L/∂w to a place more, and as many more as η has digits before the
          // point, so that η·(∂L/∂w shown) is right to the d places of the weights
          const dg = Math.min(MAX_DECIMALS, d + 1 + Math.max(0, Math.ceil(Math.log10(Math.abs(u.lr)))));
          terms.push(el('span', { class: 'term' }, `w${sub(j)}${sub(k)}: `, plain(w, fixed(w, d)), ' − ', plain(u.lr, fmt(u.lr, 6)),
            '·(', plain(g, fixed(g, dg)), ') = ', num(u.new_weights[j][k], `update-${L}-w-${j}-${k}`, null, fixed(u.new_weights[j][k], d))));
        }
        rows.push(el('div', { class: 'eq' }, ...terms));
      }
      return el('div', {}, el('div', { class: 'muted small', text: 'A plain gradient step on this one sample (the optimizer you chose may add momentum or scaling).' }), ...rows);
    } });
  }
  return steps;
}

/** The trace panel's words for a trace refused (`error`: {message, suggestion}). */
function refusedNote(error) {
  return el('p', { class: 'small trace-refused', testid: 'trace-refused',
    text: `Cannot trace this sample: ${error.message}${error.suggestion ? `; ${error.suggestion}` : ''}`.replace(/\.?$/, '.') });
}

// Every number of one equation is written to one precision: the numbers a step works with
// (plain) as the one it finds (num), four significant digits; an update's to a number of places.
function num(v, id, title, text = fmt(v, 4)) {
  return el('span', { class: 'num value', testid: `trace-value-${id}`, title: title || null, text });
}
function plain(v, text = fmt(v, 4)) { return el('span', { class: 'num', text }); }

const MAX_DECIMALS = 12;
const SENT_DIGITS = 6;   // the trace's numbers come rounded to 6 significant digits (inspector.trace)
/** The decimal places of one update w − η·∂L/∂w = w′: the step η·∂L/∂w to three significant
 *  digits and w and w′ to four, so that the old weight minus the step reads as the new one to the
 *  last place shown, give or take the rounding of each (the old weight to three digits and the
 *  new to four wrote 1.02 − 0.03·(−0.00587) = 1.019: a weight that rose read as one that fell).
 *  No more places than the weights were sent with: a step smaller than that shows as 0. */
function updateDecimals(w, step, wNew) {
  const wanted = Math.max(placesFor(w, 4), placesFor(step, 3), placesFor(wNew, 4));
  return Math.min(MAX_DECIMALS, wanted, Math.max(placesFor(w, SENT_DIGITS), placesFor(wNew, SENT_DIGITS)));
}
/** The decimal places that show |v| to `digits` significant digits (0 for 0 or none). */
function placesFor(v, digits) {
  const a = Math.abs(v);
  return a > 0 && Number.isFinite(a) ? Math.max(0, digits - 1 - Math.floor(Math.log10(a))) : 0;
}
/** v to `d` decimal places (fmt's dash for none). */
function fixed(v, d) { return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : fmt(v); }
function sub(k) { return String(k).split('').map((d) => '₀₁₂₃₄₅₆₇₈₉'[d]).join(''); }
function join(items) { const out = []; items.forEach((x, i) => { if (i) out.push(', '); out.push(x); }); return out; }

/** ' (its name)' after a class index, the dataset's name for the class (none for one-hot rows). */
function targetClassName(ds, target) {
  const names = ds.class_names;
  if (!names || !target || target.length !== 1 || names[target[0]] === undefined) return [];
  return [el('span', { class: 'muted', testid: 'trace-target-class', text: ` (${names[target[0]]})` })];
}
