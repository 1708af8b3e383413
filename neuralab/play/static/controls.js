// Training controls, hyper-parameters, and the architecture editor: the palette of blocks,
// cards moved by their ◀ ▶ buttons (or dragged: block-drag.js), layers and neurons added or
// removed. A button drawn as a symbol (↺, ▶, +, ×) is named in words for a screen reader
// (aria-label), and a card's controls with their block: "Remove hidden block 2".
import { el, fmt, setText } from './colors.js';
import { paced } from './pace.js';
import { isHidden } from './classroom.js';
import { keepsRefused, sendsAsTyped, boxNumber, typedNumber } from './number-boxes.js';
import { addNotice, showNotice } from './notice.js';
import { announce, createTrainingNews, layerNews } from './announcements.js';
import { keyedSelect } from './keyed-select.js';
import { removeBlock, removedInNotice } from './block-undo.js';
import { attachPaletteDrag, insertBlock, moveBlock } from './block-drag.js';

const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'leaky_relu', 'identity'];
const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];
const SPEEDS = [30, 10, 3, 1];   // epochs a second (protocol.SPEEDS)
// The Initial weights menu (hparams.init, hparams.py's INITS): the rule each layer's activation asks
// for, or one draw for every Dense layer, among them the poor starts the course shows (a deep
// ReLU net whose small weights fade its signal, zeros that leave every unit of a layer alike)
// (short enough for a phone's column: a select is as wide as its longest choice, and the
// formulas, which made it 426 px on a 390 px screen, are in its title)
const INITS = [
  ['auto', 'auto (He or Xavier)'],
  ['he_uniform', 'He'],
  ['xavier_uniform', 'Xavier'],
  ['normal', 'small N(0, 0.01²)'],
  ['zeros', 'zeros'],
];
const INIT_TITLE = 'how every Dense layer\'s first weights are drawn: auto, He for ReLU and Xavier for tanh and sigmoid; '
  + 'He, Var(W) = 2 / fan_in; Xavier, Var(W) = 2 / (fan_in + fan_out); small, N(0, 0.01²); zeros, every unit of a '
  + 'layer alike. A choice starts the run over from fresh weights';
// the learning rates the box offers (its list), which its ↑ and ↓ keys step along: a rate is
// tried by factors of about 3, and the browser's own step ('any': 1) made 0.03 1.03
const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
// what Space is left to, where the focus is: a control it types in, presses, opens or ticks
const SPACE_USERS = 'a[href], button, input, select, textarea, summary, [role=button], [role=checkbox], [role=switch], [contenteditable]';

/** Let the keyboard use `node` as the mouse does: a tab stop (unless `tabindex` says otherwise),
 *  announced as a button, and Enter or Space does what a click does. */
export function pressable(node, label, action, tabindex = 0) {
  node.tabIndex = tabindex;
  node.setAttribute('role', 'button');
  node.setAttribute('aria-label', label);
  node.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    action();
  });
  return node;
}

/** The bar above everything: play / pause / step / reset, the epoch, the hyper-parameters. */
export function createControls(store, root) {
  const hp = () => store.state.hparams;
  const setHp = (key, value) => store.update((s) => { s.hparams[key] = value; });
  // what a press did is said once done, with the board's numbers (announcements.js)
  const news = createTrainingNews(store);
  const button = (testid, label, name, title, action, said) => el('button', {
    class: 'ctl', testid, title, 'aria-label': name,
    onclick: () => { if (said) news.expect(said); store.send({ type: 'control', action }); },
  }, label);
  // (aria-pressed: the state the button sets holds, as its class `on` shows)
  const play = button('play', '▶', 'Train', 'train (space)', 'play');
  play.classList.add('next');   // (the page opens paused: ▶ is the first thing to press)
  const pause = button('pause', '❚❚', 'Pause', 'pause (space)', 'pause');
  [play, pause].forEach((b) => b.setAttribute('aria-pressed', String(b === pause)));   // (the page opens paused)
  const epoch = el('span', { class: 'epoch-number', testid: 'epoch', text: '0' });
  // every batch's step (⇥ batch changed nothing in view): hung under the epoch as .lr-now is
  const steps = el('span', { class: 'step-now', testid: 'step', title: 'optimizer steps (mini-batches) since the weights were fresh' });
  // (each number box's min and max are the server's: the scene's limits, number-boxes.js)
  const lr = el('input', { type: 'number', testid: 'lr', step: 'any', title: 'learning rate η' });
  const lrList = el('datalist', { id: 'lr-values' },
    ...LEARNING_RATES.map((v) => el('option', { value: boxNumber(v) })));
  lr.setAttribute('list', 'lr-values');
  lr.addEventListener('keydown', (e) => stepAlong(e, lr, LEARNING_RATES, () => hp().lr));
  const optimizer = el('select', { testid: 'optimizer' }, ...OPTIMIZERS.map((o) => el('option', { value: o, text: o })));
  const batch = el('input', { type: 'number', testid: 'batch-size', step: '1' });
  const l1 = el('input', { type: 'number', testid: 'l1', class: 'tiny', step: '0.001' });
  const l2 = el('input', { type: 'number', testid: 'l2', class: 'tiny', step: '0.001' });
  const schedule = el('input', { type: 'text', testid: 'schedule', placeholder: 'e.g. step:30:0.5', size: '12', title: 'a schedule of the learning rate: step:SIZE:GAMMA · cosine:T0:TMULT · exp:GAMMA · inverse:DECAY · warmup:STEPS[,...]' });
  const lrNow = el('span', { class: 'lr-now', testid: 'lr-now', title: 'the learning rate the schedule has reached' });
  // epochs a second while playing (the state's `speed`): as fast as the server trains, or slow
  // enough to watch the boundary form, as TensorFlow Playground's dozen a second
  const speed = el('select', { testid: 'speed',
    title: 'epochs a second while playing (max: as fast as the server trains; a step goes at once)' },
    el('option', { value: '', text: 'max' }),
    ...SPEEDS.map((v) => el('option', { value: String(v), text: `${v}/s` })));
  speed.addEventListener('change', () => store.update((s) => { s.speed = speed.value ? Number(speed.value) : null; }));

  // a value past a box's range is sent as typed, and refused in words (number-boxes.js)
  const numberBox = (input, key) => sendsAsTyped(store, input, `hparams.${key}`,
    { current: () => hp()[key], send: (v) => setHp(key, v) });
  numberBox(lr, 'lr');
  numberBox(batch, 'batch_size');
  numberBox(l1, 'l1');
  numberBox(l2, 'l2');
  // (a keyed choice applies on Enter: each optimizer passed on the way restarted the fit, and
  // trained a few batches when playing, keyed-select.js)
  const optimizerPending = keyedSelect(optimizer, () => setHp('optimizer', optimizer.value));
  schedule.addEventListener('change', () => setHp('schedule', schedule.value.trim() || null));
  keepsRefused(store, schedule, 'hparams.schedule');

  const group = (label, part, ...inputs) => el('label', { class: 'field', 'data-part': part }, el('span', { class: 'field-label', text: label }), ...inputs);
  root.append(
    el('div', { class: 'transport' },
      el('button', { class: 'ctl', testid: 'reset', title: 'reset the weights', 'aria-label': 'Reset the weights',
        onclick: () => { news.expect(() => 'Weights reset'); store.resetWeights(); } }, '↺'), play, pause,
      button('step-batch', '⇥ batch', 'Step one batch', 'one mini-batch step', 'step_batch',
        (h) => `One batch trained, to step ${h.step}`),
      button('step-epoch', '⇥ epoch', 'Step one epoch', 'one epoch', 'step_epoch', (h) => `One epoch trained, to epoch ${h.epoch}`)),
    group('Speed', undefined, speed),
    el('div', { class: 'epoch' }, el('span', { class: 'field-label', text: 'Epoch' }), epoch, steps),
    group('Learning rate', 'learning_rate', lr, lrList, lrNow),
    group('Optimizer', 'optimizer', optimizer),
    group('Batch size', 'batch_size', batch),
    group('L1', 'regularization', l1),
    group('L2', 'regularization', l2),
    group('Schedule', 'schedule', schedule),
  );

  // A scene that comes while the learner types in a box (the answer to the box left just before,
  // slow on a large network) leaves the text being typed: written over with the state's value,
  // the typing was lost and Enter then found no change to send. Leaving the box shows the state.
  const typing = new Set();
  const show = (input, value) => { if (!typing.has(input)) input.value = value; };
  const showAll = () => {
    const h = hp();
    show(lr, boxNumber(h.lr)); if (!optimizerPending()) optimizer.value = h.optimizer; show(batch, h.batch_size);
    show(l1, boxNumber(h.l1 ?? 0)); show(l2, boxNumber(h.l2 ?? 0)); show(schedule, h.schedule || '');
    speed.value = String(store.state.speed ?? '');
  };
  // (A value the server refuses keeps its text in its box, marked: number-boxes.js.)
  for (const input of [lr, batch, l1, l2, schedule]) {
    input.addEventListener('input', () => typing.add(input));
    input.addEventListener('change', () => typing.delete(input));
    input.addEventListener('blur', () => { if (typing.delete(input)) showAll(); });
  }
  store.on('scene', showAll);
  store.on('status', (status) => {
    const playing = status.state === 'playing';
    // (on: the state the button sets holds; next: the button that changes it, in orange)
    play.classList.toggle('on', playing);
    pause.classList.toggle('on', !playing);
    play.setAttribute('aria-pressed', String(playing));
    pause.setAttribute('aria-pressed', String(!playing));
    play.classList.toggle('next', !playing);
    pause.classList.toggle('next', playing);
    document.body.classList.toggle('playing', playing);
  });
  // the epoch shown is the frame's, never a status's: a status answers a click and can reach
  // the page after a frame of later weights (a stepped epoch that ended at once)
  store.on('frame', paced(() => {
    const frame = store.frame;
    if (!frame) return;
    setText(epoch, frame.header.epoch);
    // (as wide as the epoch's column at most, beside the rate hung under the next one)
    const step = frame.header.step;
    setText(steps, `step ${step < 1e5 ? step : `${Math.floor(step / 1000)}k`}`);
    if (frame.header.lr !== undefined && Math.abs(frame.header.lr - hp().lr) > 1e-12) {
      setText(lrNow, `now ${fmt(frame.header.lr, 3)}`);
    } else setText(lrNow, '');
  }, 20));
  // Space plays and pauses, as the footer says, from anywhere but a control it would type in,
  // press, open or tick (SPACE_USERS: Space on "Your own data (CSV)" trained instead of opening
  // it), except ▶ and ❚❚ themselves: a learner who started training with Enter on ▶ had the
  // focus left there, and Space, pressing ▶ again, could not pause
  document.addEventListener('keydown', (e) => {
    const transport = e.target === play || e.target === pause;
    if (e.code !== 'Space' || (!transport && e.target.closest(SPACE_USERS))) return;
    e.preventDefault();
    store.send({ type: 'control', action: document.body.classList.contains('playing') ? 'pause' : 'play' });
  });
  // ▶ pressed from the keyboard (a click of no pointer: detail 0) hands the focus to ❚❚, and ❚❚
  // to ▶, so that Enter again undoes it, as on one play/pause key
  play.addEventListener('click', (e) => { if (e.detail === 0) pause.focus(); });
  pause.addEventListener('click', (e) => { if (e.detail === 0) play.focus(); });
}

/** Early stopping (hparams.early_stopping: a patience in epochs, or null: off), beside Dropout,
 *  the other cure for overfitting: a box to tick, on with the patience its number box shows (10
 *  at first, as often chosen; a patience typed turns it on). It watches the test loss, and the
 *  weights of its best epoch come back when it stops (training.py EarlyStop).
 *  A drawing has no test points (every point drawn trains), so there it watches nothing and never
 *  stops: the box is marked unavailable (aria-disabled, its title says why, and so does a tick,
 *  in the notice line, for a finger or a key sees no title), the patience box disabled and
 *  "no test points" written after it; the setting is kept, for data with a test part, and can
 *  be unticked. Early stopping on when the test points go away (a drawing started, a link to
 *  one) is said once in the notice line, as Keras's EarlyStopping warns when the metric it
 *  watches is missing. */
function earlyStopping(store) {
  const setPatience = (v) => store.update((s) => { s.hparams.early_stopping = v; });
  const on = el('input', { type: 'checkbox', testid: 'early-stopping', 'aria-label': 'Early stopping' });
  const patience = el('input', { type: 'number', testid: 'patience', class: 'tiny', step: '1', value: '10',
    title: 'patience: epochs without a better test loss before training stops (a patience typed turns early stopping on)',
    'aria-label': 'Patience in epochs' });
  on.addEventListener('change', () => {
    if (on.checked && on.getAttribute('aria-disabled') === 'true') {
      on.checked = false;
      showNotice(on.title);
      return;
    }
    const typed = typedNumber(patience);
    setPatience(on.checked ? (Number.isFinite(typed) ? typed : 10) : null);
  });
  // (off, the box keeps the patience that ticking it on sends)
  sendsAsTyped(store, patience, 'hparams.early_stopping',
    { current: () => store.state.hparams.early_stopping ?? 10, send: setPatience });
  const unit = el('span', { class: 'muted small', text: 'epochs' });
  let blind = false;   // the scene shown before: early stopping on, and no test point to watch
  store.on('scene', (scene) => {
    const now = store.state.hparams.early_stopping;
    on.checked = now != null;
    if (now != null && document.activeElement !== patience) patience.value = boxNumber(now);
    const none = scene.dataset.n_test === 0;
    atLimit(on, none, NO_TEST_POINTS, 'stop training once the test loss has not improved for this many epochs, '
      + 'and put back the weights of its best epoch');
    patience.disabled = none;
    unit.textContent = none ? 'epochs · no test points' : 'epochs';
    if (now != null && none && !blind) {
      addNotice('Early stop is on, but this drawing has no test points to watch: it will not stop training '
        + '(the setting is kept for data with a test part).');
    }
    blind = now != null && none;
  });
  return el('label', { class: 'field inline page-only', 'data-part': 'regularization' },
    el('span', { class: 'field-label', text: 'Early stop' }), ' ', on, patience, unit);
}
// why the Early stop box is unavailable on a drawing (its title, and a tick's notice)
const NO_TEST_POINTS = 'Early stop watches the test loss, and a drawing has no test points: every point drawn trains. '
  + 'Choose a dataset with a test part in the Data menu to stop early.';

/** ↑ and ↓ in number box `input` (its keydown `e`) step along `ladder`, a sorted list of values,
 *  within the box's range, from the value in the box (`current()`, the state's, when it is
 *  empty): the next value is written in the box and sent as one typed there is (a 'change'). */
function stepAlong(e, input, ladder, current) {
  const up = { ArrowUp: true, ArrowDown: false }[e.key];
  if (up === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
  e.preventDefault();
  const typed = typedNumber(input), now = Number.isFinite(typed) ? typed : current();
  const [lo, hi] = [Number(input.min || -Infinity), Number(input.max || Infinity)];
  const within = ladder.filter((v) => v >= lo && v <= hi);
  // (a value between two rungs, 0.05, goes to the next rung up or down: 0.1 or 0.03)
  const next = up ? within.find((v) => v > now * (1 + 1e-9)) : within.findLast((v) => v < now * (1 - 1e-9));
  if (next === undefined) return;
  input.value = boxNumber(next);
  input.dispatchEvent(new Event('change'));
}

/** The toolbar above the network: hidden-layer count with + / −, the palette, dropout after each Dense layer. */
export function createNetworkToolbar(store, root) {
  const count = el('span', { class: 'layer-count' });
  // (its label says where it drops, network.py's: beside the palette's Dropout block, a box
  // named "Dropout" alone left a learner asking which of the two to use, and it is after each
  // Dense layer, not after a Dropout or BatchNorm block; "Dropout" stays the label's name, the
  // server's word for it in a refusal, hparams.py's HPARAM_WORDS)
  const dropout = el('input', { type: 'number', testid: 'dropout', step: '0.05',
    title: 'the drop probability p of a dropout after each Dense layer (0: none); a Dropout block drops where you put it' });
  sendsAsTyped(store, dropout, 'hparams.dropout',
    { current: () => store.state.hparams.dropout ?? 0, send: (v) => store.update((s) => { s.hparams.dropout = v; }) });
  const paletteItem = (type, label, hint) => {
    const append = () => unlessAtLimit(item, () => insertBlock(store, type, null));
    const item = pressable(el('div', { class: `palette-item kind-${type}`, draggable: 'true', testid: `palette-${type}`,
      title: `${hint} — drag into the network, or click (or Enter) to append` }, label),
    `append a ${label} block`, append);
    attachPaletteDrag(item, type);
    item.addEventListener('click', append);
    return item;
  };
  const add = stepButton({ class: 'round', testid: 'add-layer', 'aria-label': 'Add a hidden block' }, '+',
    () => insertBlock(store, 'dense', null));
  const remove = stepButton({ class: 'round', testid: 'remove-layer', 'aria-label': 'Remove the last hidden block' }, '−',
    () => store.update((s) => { s.layers.pop(); }));
  const palette = [paletteItem('dense', 'Dense', 'a fully connected layer'),
    paletteItem('dropout', 'Dropout', 'zeroes units at random while training'),
    paletteItem('batchnorm', 'BatchNorm', 'normalises each unit over the batch')];
  const hints = palette.map((item) => item.title);
  // (a choice draws fresh weights and starts the run over, as ↺ does: scene_edits.py)
  const init = el('select', { testid: 'init', title: INIT_TITLE },
  ...INITS.map(([value, text]) => el('option', { value, text })));
  const initPending = keyedSelect(init, () => store.update((s) => { s.hparams.init = init.value; }));
  const stopping = earlyStopping(store);
  root.append(add, remove, count, el('span', { class: 'palette' }, ...palette),
    el('label', { class: 'field inline' }, el('span', { class: 'field-label', text: 'Dropout' }),
      ' ', el('span', { class: 'muted small', text: 'after each Dense' }), dropout),
    el('label', { class: 'field inline page-only' }, el('span', { class: 'field-label', text: 'Initial weights' }), ' ', init),
    stopping);
  let shown = null;      // the hidden blocks of the scene before: what changed in them is said
  store.on('scene', () => {
    const n = store.state.layers.length;
    count.textContent = blockCount(n);
    const said = layerNews(shown, store.state.layers, blockCount(n));
    if (said && !removedInNotice(store.state.layers)) announce(said);   // (× says itself there)
    shown = store.state.layers;
    dropout.value = store.state.hparams.dropout ?? 0;
    if (!initPending()) init.value = store.state.hparams.init ?? 'auto';
    // at the server's most blocks a block added would be refused: the buttons say so instead
    const full = n >= store.scene.limits.blocks;
    const most = `a network holds at most ${store.scene.limits.blocks} hidden blocks: remove one first`;
    atLimit(add, full, most, 'add a hidden layer');
    atLimit(remove, n === 0, 'there is no hidden block to remove', 'remove the last hidden layer');
    palette.forEach((item, k) => {
      item.setAttribute('aria-disabled', String(full));
      item.draggable = !full;
      item.title = full ? most : hints[k];
    });
  });
}

/** "3 hidden blocks", as the toolbar counts them (and a screen reader is told). */
function blockCount(n) {
  return `${n} hidden block${n === 1 ? '' : 's'}`;
}

/** A button that steps a number (`action`) up to a limit (see atLimit), where a press does
 *  nothing but say why. */
export function stepButton(attrs, text, action) {
  const button = el('button', attrs, text);
  button.addEventListener('click', () => unlessAtLimit(button, action));
  return button;
}

/** Do `action`, unless `node` is at its limit (atLimit): then show why in the notice line, for
 *  the title alone shows only to a mouse held over it, and a keyboard user saw nothing happen. */
function unlessAtLimit(node, action) {
  if (node.getAttribute('aria-disabled') === 'true') showNotice(node.title);
  else action();
}

/** Mark a stepButton at its limit or not: there it is announced unavailable (aria-disabled), its
 *  title saying why (`limit`), else `title`, what it does. It stays focusable: disabled, it lost
 *  the keyboard's focus as the press that reached the limit took effect (Enter on "+" up to 64
 *  neurons), and the next Tab started again at the top of the page. */
export function atLimit(button, limited, limit, title) {
  button.setAttribute('aria-disabled', String(limited));
  button.title = limited ? limit : title;
}

/** The header of hidden block `i`'s card: ◀ and ▶ to move it, its kind, activation, units + / −,
 *  remove. Each control is named with its block, "hidden block 2" (its place in the list of
 *  hidden blocks, as the toolbar counts them): a screen reader said "+" for each card alike. */
export function cardHeader(store, i, col) {
  const block = store.state.layers[i];
  const name = `hidden block ${i + 1}`;
  const head = el('div', { class: 'card-head' });
  // a classroom link that hides the architecture hides the buttons and keeps the values, fixed
  const fixed = isHidden(store, 'architecture');
  const remove = el('button', { class: 'ghost tiny', title: 'remove this block', testid: `remove-${i}`, 'data-part': 'architecture',
    'aria-label': `Remove ${name}`, onclick: () => removeBlock(store, i) }, '×');   // (with Undo: block-undo.js)
  const [left, right] = moveButtons(store, i, name);
  if (block.type === 'dense') {
    const units = block.units;
    const act = el('select', { class: 'tiny', testid: `activation-${i}`, title: 'activation', disabled: fixed,
      'aria-label': `Activation of ${name}` },
      ...ACTIVATIONS.map((a) => el('option', { value: a, text: a, selected: a === block.activation })));
    // (a keyed choice applies on Enter, not each ↓ on the way, each a network built: keyed-select.js)
    keyedSelect(act, () => store.update((s) => { s.layers[i].activation = act.value; }));
    // the units the server takes (its limits): "+" and "−" stop there, and say why
    const [fewest, most] = store.scene.limits.layers.units;
    const plus = stepButton({ class: 'round tiny', testid: `units-plus-${i}`, 'data-part': 'architecture',
      'aria-label': `Add a neuron to ${name}` }, '+', () => store.update((s) => { s.layers[i].units += 1; }));
    const minus = stepButton({ class: 'round tiny', testid: `units-minus-${i}`, 'data-part': 'architecture',
      'aria-label': `Remove a neuron from ${name}` }, '−', () => store.update((s) => { s.layers[i].units -= 1; }));
    atLimit(plus, units >= most, `at most ${most} neurons in a layer`, 'add a neuron');
    atLimit(minus, units <= fewest, `a layer keeps at least ${fewest} neuron: × removes the block`, 'remove a neuron');
    head.append(el('div', { class: 'card-row' }, left, plus, minus, remove, right), act);
    head.title = fixed ? `Dense ${units}` : `Dense ${units} · drag (or ◀ ▶) to reorder`;
  } else if (block.type === 'dropout') {
    const p = el('input', { type: 'number', class: 'tiny', step: '0.05', value: block.p ?? 0.5,
      testid: `dropout-p-${i}`, title: 'drop probability p', disabled: fixed, 'aria-label': `Drop probability p of ${name}` });
    sendsAsTyped(store, p, `layers.${i}.p`,
      { current: () => store.state.layers[i].p, send: (v) => store.update((s) => { s.layers[i].p = v; }) });
    head.append(el('div', { class: 'card-row' }, left, el('span', { class: 'card-kind', text: 'Dropout' }), remove, right),
      el('label', { class: 'tiny-label' }, 'p ', p));
  } else {
    head.append(el('div', { class: 'card-row' }, left, el('span', { class: 'card-kind', text: 'BatchNorm' }), remove, right));
  }
  return head;
}

/** ◀ and ▶ of hidden block `i` (named `name`): the keyboard's way to reorder the blocks, and a
 *  finger's without a long press (card-touch-drag.js), by the move a drop makes (moveBlock). At
 *  either end one does nothing and says why (atLimit). The focus follows the block moved, to its
 *  button of the same side: `data-follow` names the block by its id, which network.js finds
 *  again, where the test id names its place, another block's after the move. */
function moveButtons(store, i, name) {
  const layers = store.state.layers;
  return [['left', '◀', -1, 'first'], ['right', '▶', 1, 'last']].map(([side, symbol, step, end]) => {
    const button = stepButton({ class: 'ghost tiny move', testid: `move-${side}-${i}`, 'data-part': 'architecture',
      'data-follow': `move-${side}:${layers[i].id}`, 'aria-label': `Move ${name} ${side}` }, symbol,
    () => moveBlock(store, i, i + step));
    const atEnd = i + step < 0 || i + step >= layers.length;
    atLimit(button, atEnd, `${name} is the ${end} hidden block`, `move this block one place to the ${side}`);
    return button;
  });
}
