// A classroom link: a teacher hides the parts of the page an exercise is not about, as
// TensorFlow Playground's hidden controls do, and shares the link. What is hidden is the
// state's `hide`, kept in the link like the rest of the scene (the server checks its names:
// protocol.py's HIDEABLE). Each part of the page carries data-part="<name>", and one rule per
// part hides it while <body data-hide> names it, so a part built anew with each scene (a
// network card) is hidden as soon as it is drawn. Where hiding a control would hide what the
// class must see, the control stays and stops changing the scene instead (isHidden): the
// input features, a layer's activation or dropout p, a card that could be dragged.
import { el } from './colors.js';
import { focusAfter } from './keyboard-focus.js';

// protocol.py's HIDEABLE, in the page's words
export const PARTS = [
  ['data', 'Data: the dataset, its options, your CSV, drawing points'],
  ['features', 'Choosing the input features (they stay as they are)'],
  ['architecture', 'Adding, removing and moving layers and neurons'],
  ['learning_rate', 'Learning rate'],
  ['optimizer', 'Optimizer'],
  ['batch_size', 'Batch size'],
  ['regularization', 'L1 and L2'],
  ['schedule', 'Learning-rate schedule'],
  ['inspector', 'Neuron panel'],
  ['trace', 'Step through one sample'],
  ['gradients', 'Gradients and diagnosis'],
  ['evaluation', 'Evaluation'],
  ['curves', 'Loss curves'],
  ['export', 'Downloads (model, Python, picture)'],
];

/** Whether the link hides `part`: its controls then change nothing. */
export const isHidden = (store, part) => (store.state.hide || []).includes(part);

/** The teacher's menu (in `root`) and, under the page's header, the line that tells the class
 *  that parts are hidden, with a button to show them. */
export function createClassroom(store, root) {
  document.head.append(el('style', {
    text: PARTS.map(([part]) => `body[data-hide~="${part}"] [data-part~="${part}"] { display: none !important; }`).join('\n'),
  }));
  const boxes = new Map();
  const choices = PARTS.map(([part, label]) => {
    const box = el('input', { type: 'checkbox', testid: `hide-${part}` });
    box.addEventListener('change', () => store.update((s) => {
      const hide = new Set(s.hide || []);
      if (box.checked) hide.add(part); else hide.delete(part);
      s.hide = PARTS.map(([p]) => p).filter((p) => hide.has(p));   // in the page's order, as the server keeps it
    }));
    boxes.set(part, box);
    return el('label', { class: 'hide-choice' }, box, ` ${label}`);
  });
  // an uploaded CSV stays on the server, with the session of the page that sent it: the link
  // names it, and a page that opens the link has the default data (or the server's CSV: see
  // csvNote) until the file is uploaded there too (its Data panel shown), which the class must
  // know before the link goes out
  const csv = el('div', { class: 'classroom-csv small', testid: 'classroom-csv', hidden: true });
  const panel = el('div', { class: 'classroom-menu' },
    el('div', { class: 'classroom-title', text: 'Classroom: the Share link hides what you tick' }), csv, ...choices);
  const menu = el('details', { class: 'classroom', testid: 'classroom' },
    // a small arrow beside Share (the header has one row at 1400 px): the link's options
    // (its words in hidden text, not an aria-label: a <summary> has no role to carry a label,
    // and "▾" was read as "black down-pointing small triangle")
    el('summary', { title: 'Classroom: hide parts of the page in the shared link, for an exercise' },
      el('span', { 'aria-hidden': 'true' }, '▾'),
      el('span', { class: 'visually-hidden', text: 'Classroom: hide parts of the page in the shared link' })), panel);
  // the menu opens under its arrow, moved left as far as it must to stay on the screen: the
  // arrow sits near the right edge, and the menu ran 60 px past it at 1280 px, its words cut
  menu.addEventListener('toggle', () => {
    panel.style.left = '';
    if (!menu.open) return;
    const over = panel.getBoundingClientRect().right - (document.documentElement.clientWidth - 8);
    if (over > 0) panel.style.left = `${-over}px`;
  });
  const notice = el('div', { class: 'classroom-notice small', testid: 'classroom-notice', hidden: true },
    'This link hides parts of the page. ',
    el('button', { class: 'tiny', testid: 'show-everything', onclick: () => store.update((s) => { s.hide = []; }) },
      'Show everything'));
  root.append(menu);
  // a menu over the page closes as menus do, on a press elsewhere or Escape: left open (a
  // <details> stays so) it lies over the header's controls when the header wraps on a narrow
  // screen, and a press meant for them ticks a part to hide
  document.addEventListener('pointerdown', (e) => { if (menu.open && !menu.contains(e.target)) menu.open = false; });
  menu.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !menu.open) return;
    menu.open = false;
    menu.querySelector('summary').focus();
  });
  document.querySelector('header.top').after(notice);   // a line under the header, for the class

  store.on('scene', () => {
    const hide = store.state.hide || [];
    document.body.dataset.hide = hide.join(' ');
    for (const [part, box] of boxes) box.checked = hide.includes(part);
    const ds = store.scene.dataset;
    csv.hidden = ds.name !== 'csv';
    csv.textContent = csvNote(ds.file || 'your CSV', store.scene.upload || {}, hide.includes('data'));
    const focused = notice.contains(document.activeElement);
    notice.hidden = !hide.length;
    if (focused && notice.hidden) focusAfter(notice);   // "Show everything": on to the page below it
  });
}

/** What a link of the CSV `file` opens on in a student's page, said in the classroom menu:
 *  `upload` is the scene's (`served`: the server's own CSV, `neuralab play --data`, which every
 *  page holds; `class_file`: that CSV's name, which a link of "csv" opens on where the page's
 *  own upload is not); `dataHidden`: the link hides Data, and its upload with it. */
function csvNote(file, upload, dataHidden) {
  if (upload.served) return `Every page of this server has ${file}: the link opens on it, with nothing to upload.`;
  const opensOn = upload.class_file ? `, which opens on ${upload.class_file} (the server's CSV)` : '';
  return `The link does not carry ${file}: each student opens it${opensOn}, then uploads the file under Data${dataHidden ? ' (after "Show everything": you hid Data)' : ''}.`;
}
