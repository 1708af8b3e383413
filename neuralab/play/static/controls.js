// Training controls, hyper-parameters, and the architecture editor: the palette of blocks,
// cards dragged to reorder (HTML5 drag and drop), layers and neurons added or removed.
import { el, fmt, setText } from './colors.js';
import { paced } from './pace.js';
import { newId } from './state.js';
import { isHidden } from './classroom.js';
import { keepsRefused, sendsAsTyped, boxNumber } from './number-boxes.js';
import { showNotice } from './notice.js';

const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'leaky_relu', 'identity'];
const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];
const SPEEDS = [30, 10, 3, 1];   // epochs a second (protocol.SPEEDS)
const BLOCK_TYPE = 'text/x-neuralab-block';
const MOVE_TYPE = 'text/x-neuralab-move';

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

export function newBlock(type, layers) {
  const id = newId(layers);
  if (type === 'dropout') return { id, type, p: 0.2 };
  if (type === 'batchnorm') return { id, type };
  const last = [...layers].reverse().find((l) => l.type === 'dense');
  return { id, type: 'dense', units: last ? last.units : 4, activation: last ? last.activation : 'tanh' };
}

/** The bar above everything: play / pause / step / reset, the epoch, the hyper-parameters. */
export function createControls(store, root) {
  const hp = () => store.state.hparams;
  const setHp = (key, value) => store.update((s) => { s.hparams[key] = value; });
  const button = (testid, label, title, action) => el('button', {
    class: 'ctl', testid, title, onclick: () => store.send({ type: 'control', action }),
  }, label);
  const play = button('play', '▶', 'train (space)', 'play');
  play.classList.add('next');   // (the page opens paused: ▶ is the first thing to press)
  const pause = button('pause', '❚❚', 'pause (space)', 'pause');
  const epoch = el('span', { class: 'epoch-number', testid: 'epoch', text: '0' });
  // every batch's step (⇥ batch changed nothing in view): hung under the epoch as .lr-now is
  const steps = el('span', { class: 'step-now', testid: 'step', title: 'optimizer steps (mini-batches) since the weights were fresh' });
  // (each number box's min and max are the server's: the scene's limits, number-boxes.js)
  const lr = el('input', { type: 'number', testid: 'lr', step: 'any', title: 'learning rate α' });
  const lrList = el('datalist', { id: 'lr-values' },
    ...[0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10].map((v) => el('option', { value: boxNumber(v) })));
  lr.setAttribute('list', 'lr-values');
  const optimizer = el('select', { testid: 'optimizer' }, ...OPTIMIZERS.map((o) => el('option', { value: o, text: o })));
  const batch = el('input', { type: 'number', testid: 'batch-size', step: '1' });
  const l1 = el('input', { type: 'number', testid: 'l1', class: 'tiny', step: '0.001' });
  const l2 = el('input', { type: 'number', testid: 'l2', class: 'tiny', step: '0.001' });
  const schedule = el('input', { type: 'text', testid: 'schedule', placeholder: 'e.g. step:30:0.5', size: '12', title: 'a schedule of the learning rate: step:SIZE:GAMMA · cosine:T0:TMULT · warmup:STEPS[,...]' });
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
  optimizer.addEventListener('change', () => setHp('optimizer', optimizer.value));
  schedule.addEventListener('change', () => setHp('schedule', schedule.value.trim() || null));
  keepsRefused(store, schedule, 'hparams.schedule');

  const group = (label, part, ...inputs) => el('label', { class: 'field', 'data-part': part }, el('span', { class: 'field-label', text: label }), ...inputs);
  root.append(
    el('div', { class: 'transport' },
      el('button', { class: 'ctl', testid: 'reset', title: 'reset the weights', onclick: () => store.resetWeights() }, '↺'), play, pause,
      button('step-batch', '⇥ batch', 'one mini-batch step', 'step_batch'),
      button('step-epoch', '⇥ epoch', 'one epoch', 'step_epoch')),
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
    show(lr, boxNumber(h.lr)); optimizer.value = h.optimizer; show(batch, h.batch_size);
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
  // Space plays and pauses, as the footer says, from anywhere but a control it would type in or
  // press, except ▶ and ❚❚ themselves: a learner who started training with Enter on ▶ had the
  // focus left there, and Space, pressing ▶ again, could not pause
  document.addEventListener('keydown', (e) => {
    const transport = e.target === play || e.target === pause;
    if (e.code !== 'Space' || (!transport && e.target.closest('input, select, textarea, button, [role=button]'))) return;
    e.preventDefault();
    store.send({ type: 'control', action: document.body.classList.contains('playing') ? 'pause' : 'play' });
  });
  // ▶ pressed from the keyboard (a click of no pointer: detail 0) hands the focus to ❚❚, and ❚❚
  // to ▶, so that Enter again undoes it, as on one play/pause key
  play.addEventListener('click', (e) => { if (e.detail === 0) pause.focus(); });
  pause.addEventListener('click', (e) => { if (e.detail === 0) play.focus(); });
}

/** The toolbar above the network: hidden-layer count with + / −, dropout for every block, the palette. */
export function createNetworkToolbar(store, root) {
  const count = el('span', { class: 'layer-count' });
  const dropout = el('input', { type: 'number', testid: 'dropout', step: '0.05', title: 'dropout after every hidden block' });
  sendsAsTyped(store, dropout, 'hparams.dropout',
    { current: () => store.state.hparams.dropout ?? 0, send: (v) => store.update((s) => { s.hparams.dropout = v; }) });
  const paletteItem = (type, label, hint) => {
    const append = () => unlessAtLimit(item, () => insertBlock(store, type, null));
    const item = pressable(el('div', { class: `palette-item kind-${type}`, draggable: 'true', testid: `palette-${type}`,
      title: `${hint} — drag into the network, or click (or Enter) to append` }, label),
    `append a ${label} block`, append);
    item.addEventListener('dragstart', (e) => {
      e.dataTransfer.setData(BLOCK_TYPE, type);
      e.dataTransfer.setData('text/plain', type);
      e.dataTransfer.effectAllowed = 'copy';
    });
    item.addEventListener('click', append);
    return item;
  };
  const add = stepButton({ class: 'round', testid: 'add-layer' }, '+', () => insertBlock(store, 'dense', null));
  const remove = stepButton({ class: 'round', testid: 'remove-layer' }, '−', () => store.update((s) => { s.layers.pop(); }));
  const palette = [paletteItem('dense', 'Dense', 'a fully connected layer'),
    paletteItem('dropout', 'Dropout', 'zeroes units at random while training'),
    paletteItem('batchnorm', 'BatchNorm', 'normalises each unit over the batch')];
  const hints = palette.map((item) => item.title);
  root.append(add, remove, count, el('span', { class: 'palette' }, ...palette),
    el('label', { class: 'field inline' }, el('span', { class: 'field-label', text: 'Dropout' }), dropout));
  store.on('scene', () => {
    const n = store.state.layers.length;
    count.textContent = `${n} hidden block${n === 1 ? '' : 's'}`;
    dropout.value = store.state.hparams.dropout ?? 0;
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

function insertBlock(store, type, at) {
  store.update((s) => {
    if (s.layers.length >= (store.scene?.limits.blocks ?? Infinity)) return;   // (the palette says so)
    const block = newBlock(type, s.layers);
    if (at === null || at === undefined || at > s.layers.length) s.layers.push(block);
    else s.layers.splice(at, 0, block);
  });
}

/** The header of hidden block `i`'s card: its kind, activation, units + / −, remove. */
export function cardHeader(store, i, col) {
  const block = store.state.layers[i];
  const head = el('div', { class: 'card-head' });
  // a classroom link that hides the architecture hides the buttons and keeps the values, fixed
  const fixed = isHidden(store, 'architecture');
  const remove = el('button', { class: 'ghost tiny', title: 'remove this block', testid: `remove-${i}`, 'data-part': 'architecture',
    onclick: () => store.update((s) => { s.layers.splice(i, 1); }) }, '×');
  if (block.type === 'dense') {
    const units = block.units;
    const act = el('select', { class: 'tiny', testid: `activation-${i}`, title: 'activation', disabled: fixed },
      ...ACTIVATIONS.map((a) => el('option', { value: a, text: a, selected: a === block.activation })));
    act.addEventListener('change', () => store.update((s) => { s.layers[i].activation = act.value; }));
    // the units the server takes (its limits): "+" and "−" stop there, and say why
    const [fewest, most] = store.scene.limits.layers.units;
    const plus = stepButton({ class: 'round tiny', testid: `units-plus-${i}`, 'data-part': 'architecture' }, '+',
      () => store.update((s) => { s.layers[i].units += 1; }));
    const minus = stepButton({ class: 'round tiny', testid: `units-minus-${i}`, 'data-part': 'architecture' }, '−',
      () => store.update((s) => { s.layers[i].units -= 1; }));
    atLimit(plus, units >= most, `at most ${most} neurons in a layer`, 'add a neuron');
    atLimit(minus, units <= fewest, `a layer keeps at least ${fewest} neuron: × removes the block`, 'remove a neuron');
    head.append(el('div', { class: 'card-row' }, plus, minus, remove), act);
    head.title = fixed ? `Dense ${units}` : `Dense ${units} · drag to reorder`;
  } else if (block.type === 'dropout') {
    const p = el('input', { type: 'number', class: 'tiny', step: '0.05', value: block.p ?? 0.5,
      testid: `dropout-p-${i}`, title: 'drop probability p', disabled: fixed });
    sendsAsTyped(store, p, `layers.${i}.p`,
      { current: () => store.state.layers[i].p, send: (v) => store.update((s) => { s.layers[i].p = v; }) });
    head.append(el('div', { class: 'card-row' }, el('span', { class: 'card-kind', text: 'Dropout' }), remove),
      el('label', { class: 'tiny-label' }, 'p ', p));
  } else {
    head.append(el('div', { class: 'card-row' }, el('span', { class: 'card-kind', text: 'BatchNorm' }), remove));
  }
  return head;
}

export function attachCardDrag(card, store, i) {
  card.draggable = !isHidden(store, 'architecture');
  card.addEventListener('dragstart', (e) => {
    if (e.target.closest('input, select, button')) { e.preventDefault(); return; }
    e.dataTransfer.setData(MOVE_TYPE, String(i));
    e.dataTransfer.setData('text/plain', `move:${i}`);
    e.dataTransfer.effectAllowed = 'move';
    card.classList.add('dragging');
  });
  card.addEventListener('dragend', () => card.classList.remove('dragging'));
}

/** Drops on the network: a palette block is inserted, a card is moved, before the card under
 *  the pointer (after it when on its right half), or at the end of the hidden blocks. */
export function attachDropZone(columnsEl, store) {
  if (columnsEl.dataset.dropZone) return;
  columnsEl.dataset.dropZone = '1';
  const accepts = (e) => [...e.dataTransfer.types].some((t) => t === BLOCK_TYPE || t === MOVE_TYPE || t === 'text/plain');
  const place = (e) => {
    const card = e.target.closest('[data-testid^="layer-"]');
    if (!card) return store.state.layers.length;
    const i = Number(card.dataset.testid.slice(6));
    const r = card.getBoundingClientRect();
    return e.clientX > r.left + r.width / 2 ? i + 1 : i;
  };
  columnsEl.addEventListener('dragover', (e) => {
    if (!accepts(e)) return;
    e.preventDefault();
    columnsEl.querySelectorAll('.drop-before, .drop-after').forEach((n) => n.classList.remove('drop-before', 'drop-after'));
    const card = e.target.closest('[data-testid^="layer-"]');
    if (card) {
      const r = card.getBoundingClientRect();
      card.classList.add(e.clientX > r.left + r.width / 2 ? 'drop-after' : 'drop-before');
    }
  });
  columnsEl.addEventListener('dragleave', (e) => {
    if (!columnsEl.contains(e.relatedTarget)) {
      columnsEl.querySelectorAll('.drop-before, .drop-after').forEach((n) => n.classList.remove('drop-before', 'drop-after'));
    }
  });
  columnsEl.addEventListener('drop', (e) => {
    e.preventDefault();
    columnsEl.querySelectorAll('.drop-before, .drop-after').forEach((n) => n.classList.remove('drop-before', 'drop-after'));
    let type = e.dataTransfer.getData(BLOCK_TYPE);
    let move = e.dataTransfer.getData(MOVE_TYPE);
    const plain = e.dataTransfer.getData('text/plain');
    if (!type && !move && plain) {
      if (plain.startsWith('move:')) move = plain.slice(5);
      else if (['dense', 'dropout', 'batchnorm'].includes(plain)) type = plain;
    }
    const at = place(e);
    if (type) insertBlock(store, type, at);
    else if (move !== '') {
      const from = Number(move);
      store.update((s) => {
        const [block] = s.layers.splice(from, 1);
        s.layers.splice(at > from ? at - 1 : at, 0, block);
      });
    }
  });
}
