// The data column: dataset picker, noise / points / train ratio / seed, a CSV upload with its
// target column, task, separator, decimal mark, what to do with text columns and missing cells,
// and the columns to leave out. Feature toggles sit on the inputs of the network view (as in TF
// Playground).
import { el, fmt } from './colors.js';
import { DATASETS, GENERATED } from './datasets.js';
import { sendsAsTyped } from './number-boxes.js';
import { keyedSelect } from './keyed-select.js';
import { keepOnScroll } from './slider-swipe.js';
import { SAVE_AS, SEPARATORS, csvHeader, notText, sniffDecimal, sniffSeparator } from './csv-sniff.js';
import { showNotice } from './notice.js';
import { sendingUpload, takenUpload } from './upload-key.js';

// The upload's task menu: load_csv's tasks in a learner's words (upload.py's TASK_WORDS, which
// its errors use: "choose 'classes' as the task")
const CSV_TASKS = [['auto', 'auto'], ['binary', 'two classes'], ['multiclass', 'classes'], ['regression', 'a number']];
// Its Separator and Decimal mark menus: load_csv's delimiter (csv-sniff.js's SEPARATORS) and
// decimal in a learner's words (upload.py's DECIMAL_WORDS), both preselected from the file
// (sniffSeparator, sniffDecimal)
const DECIMALS = [['.', 'point (1.5)'], [',', 'comma (1,5)']];
// Its Text columns and Missing cells menus: load_csv's one_hot ('' sends null) and missing
// (upload.py's TEXT_COLUMN_WORDS and MISSING_WORDS: "choose 'drop the row' for Missing cells")
const TEXT_COLUMNS = [['', 'refuse'], ['auto', 'one 0/1 column per category']];
const MISSING = [['refuse', 'refuse'], ['drop', 'drop the row']];
const MULTICLASS = new Set(['gaussians', 'spiral']);

// The menu's title; an uploaded CSV's choice comes first in it, whole: the menu's width cut
// "Uploaded CSV (exam scores.csv)" to "Uploaded CSV (exam sco"
const MENU_TITLE = 'the data to learn (with the arrow keys on the closed menu: Enter, or Tab away, loads the one shown)';

export function createData(store, root) {
  const select = el('select', { testid: 'dataset-select', 'aria-label': 'Dataset', title: MENU_TITLE },
    ...DATASETS.map(([v, label]) => el('option', { value: v, text: label })));
  const noise = el('input', { type: 'range', min: '0', max: '0.5', step: '0.01', testid: 'noise' });
  const noiseOut = el('span', { class: 'num small' });
  const points = el('input', { type: 'range', min: '50', max: '2000', step: '50', testid: 'n-samples' });
  const pointsOut = el('span', { class: 'num small' });
  const ratio = el('input', { type: 'range', min: '0.1', max: '0.9', step: '0.05', testid: 'train-ratio' });
  const ratioOut = el('span', { class: 'num small' });
  const classes = el('input', { type: 'number', step: '1', class: 'tiny', testid: 'n-classes' });   // (its range: the scene's limits)
  const seed = el('span', { class: 'num small', testid: 'seed' });
  const regenerate = el('button', { testid: 'regenerate', title: 'new random points (next seed)',
    'aria-label': 'Regenerate the points',
    onclick: () => store.update((s) => { s.dataset.seed = (s.dataset.seed ?? 0) + 1; }) }, '⟳ Regenerate');
  const file = el('input', { type: 'file', accept: '.csv,text/csv', testid: 'csv-input' });
  const target = el('select', { testid: 'csv-target' });
  const taskMenu = el('select', { testid: 'csv-task', title: 'what the target column holds: auto reads numbers with few whole values as classes, others as a number' },
    ...CSV_TASKS.map(([v, t]) => el('option', { value: v, text: t })));
  const separator = el('select', { testid: 'csv-separator', title: 'the character between the cells, as the file says (a first line sep=;) or seems to use' },
    ...SEPARATORS.map(([v, t]) => el('option', { value: v, text: t })));
  const decimal = el('select', { testid: 'csv-decimal', title: "how the file's numbers are written: 1.5, or 1,5 (with another separator than the comma)" },
    ...DECIMALS.map(([v, t]) => el('option', { value: v, text: t })));
  const textColumns = el('select', { testid: 'csv-text-columns', title: 'a column of words, such as sex or port: refused, or read as one 0/1 column per category (sex_female, sex_male)' },
    ...TEXT_COLUMNS.map(([v, t]) => el('option', { value: v, text: t })));
  const missing = el('select', { testid: 'csv-missing', title: 'an empty cell, or NA: refused, or its whole row left out' },
    ...MISSING.map(([v, t]) => el('option', { value: v, text: t })));
  // a box for each column but the target: load_csv's ignore, the columns of names and identifiers
  // (upload.py: "tick 'Name', 'Ticket' under Leave out")
  const leaveOut = el('div', { class: 'leave-out', testid: 'csv-leave-out' });
  const upload = el('button', { testid: 'csv-upload', text: 'Use this CSV', disabled: true });
  const info = el('div', { class: 'small muted', testid: 'dataset-info' });
  let csvText = null, csvName = null;
  let held = null;   // the CSV the session holds (its file's name), from each scene's `upload`
  // the file a link's scene was made on, which the server holds no copy of for this page, and how
  // the link reads it (a warning's `lost` and `read_as`: link_csv.py): the form reads it so once chosen
  let linked = null;
  let openedForChooser = false;   // the upload's form, opened by the menu for its file chooser

  const row = (label, input, out) => el('label', { class: 'field block' },
    el('span', { class: 'field-label', text: label }), input, out || '');
  const generatedBox = el('div', {},
    row('Noise', noise, noiseOut), row('Points', points, pointsOut),
    el('div', { class: 'classes-row' }, row('Classes', classes)),
    el('div', { class: 'seed-row' }, el('span', { class: 'small muted' }, 'seed ', seed), regenerate));
  // The upload's form, closed once its file is taken, as when the menu opened it for a file chooser
  // left without a file: open, it pushed the Neuron panel below a screen 768 px high, and a click on
  // a neuron showed nothing. Its summary opens it again.
  const form = el('details', { class: 'csv' },
    el('summary', {}, 'Your own data (CSV)'),
    el('div', { class: 'small muted', text: 'Header row; columns of numbers, or of words (see Text columns); the target may be a class name or a number.' }),
    file, row('Separator', separator), row('Decimal mark', decimal), row('Target column', target), row('Task', taskMenu),
    row('Text columns', textColumns), row('Missing cells', missing),
    el('div', { class: 'field block' }, el('span', { class: 'field-label', text: 'Leave out' }), leaveOut),
    upload);
  root.append(
    el('h2', { class: 'panel-title', id: 'data-title', text: 'Data' }),
    select, info,
    generatedBox,
    el('div', { class: 'ratio-row' }, row('Train ratio', ratio, ratioOut)),
    form,
  );

  const setDs = (patch) => store.update((s) => { Object.assign(s.dataset, patch); });
  // a dataset keyed on the closed menu loads on Enter or on leaving it, not at each ↓ (keyed-select.js)
  const pending = keyedSelect(select, () => load());
  const load = () => {
    // back to the CSV the session holds (another is uploaded from "Your own data"); the file
    // chooser only while there is none
    if (select.value === 'csv' && held === null) {
      select.value = menuValue(store.state.dataset);
      openedForChooser = !form.open;
      form.open = true;
      file.click();
      return;
    }
    if (select.value === 'drawn') { store.drawLabel = 0; store.send({ type: 'clear_points', task: 'classification' }); return; }
    if (select.value === 'drawn-regression') { store.send({ type: 'clear_points', task: 'regression' }); return; }
    const patch = { name: select.value };
    if (MULTICLASS.has(select.value) && !store.state.dataset.n_classes) patch.n_classes = 2;
    if (!GENERATED.has(select.value)) store.update((s) => { s.dataset = { name: select.value, train_ratio: s.dataset.train_ratio ?? 0.5, seed: s.dataset.seed ?? 1 }; });
    else setDs(patch);
  };
  for (const slider of [noise, points, ratio]) keepOnScroll(slider);   // (a swipe to scroll sets none)
  noise.addEventListener('input', () => { noiseOut.textContent = noise.value; });
  noise.addEventListener('change', () => setDs({ noise: Number(noise.value) }));
  points.addEventListener('input', () => { pointsOut.textContent = points.value; });
  points.addEventListener('change', () => setDs({ n_samples: Number(points.value) }));
  ratio.addEventListener('input', () => { ratioOut.textContent = `${Math.round(100 * ratio.value)}%`; });
  ratio.addEventListener('change', () => setDs({ train_ratio: Number(ratio.value) }));
  sendsAsTyped(store, classes, 'dataset.n_classes',
    { current: () => store.state.dataset.n_classes ?? 2, send: (v) => setDs({ n_classes: v }) });

  // a file refused here is no longer the one chosen: "Use this CSV" would send the one before
  const refuse = (error) => {
    csvText = csvName = null;
    file.value = '';          // the same file, fixed and chosen again, is a change the page hears
    target.replaceChildren();
    leaveOut.replaceChildren();
    upload.disabled = true;
    store.showError(error);
  };
  // (a file chosen before, and chosen again, is a cancel too: the form stays, to send it)
  file.addEventListener('cancel', () => { if (openedForChooser && !file.files.length) form.open = false; openedForChooser = false; });
  file.addEventListener('change', async () => {
    openedForChooser = false;
    const f = file.files[0];
    if (!f) return;
    if (f.size > 1e6) {
      refuse({ message: 'This CSV is larger than 1 MB.',
        suggestion: 'Keep at most 20,000 rows (a sample of the file), or train on all of it with neuralab train --data FILE --target COLUMN.' });
      return;
    }
    const bytes = new Uint8Array(await f.arrayBuffer());
    // a file of another kind, by its first bytes: UTF-16 text and an image decode as UTF-8 too,
    // to a header of 0 bytes, which the server then said had no data rows
    const kind = notText(f.name, bytes.subarray(0, 64));
    if (kind) { refuse(kind); return; }
    // UTF-8 only, as load_csv reads it: f.text() turned a Latin-1 "größe" into "gr��e" and trained
    // on that, where the downloaded script's load_csv refuses the file
    try {
      csvText = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      refuse({ message: `${f.name} is not UTF-8 text (an older spreadsheet's encoding, such as Latin-1).`, suggestion: SAVE_AS });
      return;
    }
    csvName = f.name;
    textColumns.querySelector('option[value=listed]')?.remove();   // (the held CSV's columns: showHeld)
    const sep = sniffSeparator(csvText);
    // a sep= line may declare a separator the menu has not
    if (![...separator.options].some((o) => o.value === sep)) separator.append(el('option', { value: sep, text: sep }));
    separator.value = sep;
    decimal.value = sniffDecimal(csvText, sep);
    listColumns(false);
    if (linked && linked.file === f.name) readAsLinked(linked.read_as);
    upload.disabled = false;
  });
  // The link's file chosen: its target, menus and Leave out boxes as the link read it, so that
  // "Use this CSV" brings back the link's columns (a link of a file read with its text columns as
  // 0/1 columns and an ID left out, opened in a new tab, was read with the form's defaults:
  // refused, or other columns under the link's network)
  const readAsLinked = (r) => {
    if (r.delimiter) {
      if (![...separator.options].some((o) => o.value === r.delimiter)) separator.append(el('option', { value: r.delimiter, text: r.delimiter }));
      separator.value = r.delimiter;
    }
    decimal.value = r.decimal;
    taskMenu.value = r.task;
    textColumns.value = r.one_hot ? 'auto' : '';   // (a list, the server's --one-hot: the menu's one choice of it)
    missing.value = r.missing;
    listColumns(false, r.target, r.ignore);
  };
  // the columns as load_csv reads them with the separator chosen; the target is the last column,
  // or the one chosen before when the separator changes and it is still a column, or `wanted`
  // (a link's) when it is one; `ticked`, the columns whose Leave out boxes are ticked
  const listColumns = (keep, wanted = null, ticked = undefined) => {
    const header = csvHeader(csvText, separator.value), before = keep ? target.value : wanted;
    target.replaceChildren(...header.map((h) => el('option', { value: h, text: h })));
    target.value = header.includes(before) ? before : header[header.length - 1];
    listLeaveOut(header, ticked);
  };
  // a box for each column but the target, ticked again where it was (another separator, target),
  // and marked again where a warning of the file held still says to tick it (markWarned)
  const listLeaveOut = (header, ticking = leftOut()) => {
    const ticked = new Set(ticking);
    leaveOut.replaceChildren(...header.filter((h) => h !== target.value).map((h) => el('label', { class: 'leave-out-column', title: h },
      el('input', { type: 'checkbox', value: h, checked: ticked.has(h) }), h)));
    markWarned();
  };
  const leftOut = () => [...leaveOut.querySelectorAll('input:checked')].map((box) => box.value);
  // The form, while it holds no file of the learner's: the menus as the server read the CSV the
  // scene holds (the class's, `neuralab play --data ... --one-hot sex`, or one uploaded before a
  // reload), which showed the defaults ("refuse" for Text columns over a file of sex_female,
  // sex_male). A list of columns, which only the command line gives, is a choice of its own.
  const showHeld = (ds) => {
    target.replaceChildren(el('option', { value: ds.target, text: ds.target }));
    taskMenu.value = ds.csv_task;
    const sep = ds.csv_delimiter ?? ',';
    if (![...separator.options].some((o) => o.value === sep)) separator.append(el('option', { value: sep, text: sep }));
    separator.value = sep;
    decimal.value = ds.csv_decimal;
    missing.value = ds.csv_missing;
    textColumns.querySelector('option[value=listed]')?.remove();
    const listed = Array.isArray(ds.csv_one_hot);
    if (listed) textColumns.append(el('option', { value: 'listed', text: `one 0/1 column per category of ${ds.csv_one_hot.join(', ')}` }));
    textColumns.value = listed ? 'listed' : ds.csv_one_hot || '';
    leaveOut.replaceChildren(...ds.csv_ignore.map((h) => el('label', { class: 'leave-out-column', title: h },
      el('input', { type: 'checkbox', value: h, checked: true, disabled: true }), h)));
  };
  target.addEventListener('change', () => listLeaveOut(csvHeader(csvText, separator.value)));
  separator.addEventListener('change', () => {
    if (csvText === null) return;
    decimal.value = sniffDecimal(csvText, separator.value);   // chosen anew: a comma between cells is no decimal mark
    listColumns(true);
  });
  let uploading = false;   // an upload sent, its scene or refusal not come back yet
  // an empty file is sent too: the server says what it lacks (a click that did nothing said nothing)
  const send = () => {
    if (csvText === null) return;
    uploading = true;
    sendUpload({ type: 'upload_csv', text: csvText, target: target.value, filename: csvName, task: taskMenu.value,
      delimiter: separator.value, decimal: decimal.value, one_hot: textColumns.value || null, missing: missing.value, ignore: leftOut() });
  };
  const sendUpload = (message) => { sendingUpload(message); store.send(message); };
  upload.addEventListener('click', send);
  // The page's own upload, which the server had lost (it restarted, or let it go: upload_kept.py)
  // when this page's socket opened again, sent again by itself: the file this page still holds,
  // with the target and options it was taken with (upload-key.js), checked and counted as any
  // upload. Its scene says so in the notice line; its refusal, in the banner, says that it was
  // sent again. A reloaded page holds no copy, and keeps the server's words: choose it again.
  // Meanwhile the page shows the file's scene still (app.js holds back the one of other data the
  // new session began with), and the notice line says the file is on its way.
  // A link pasted into this tab that reads the file otherwise than the copy the session holds (the
  // page read it again since) has it sent again too, read as the link reads it, and says that: the
  // server had lost nothing (the notice line said "The server had lost houses.csv: sent again.").
  let resending = null;   // that upload, sent again, its scene or refusal not come back yet, and its words
  let sending = null;     // the notice that says so (a refusal takes it down)
  // the file of the upload this socket's session showed a scene of (none yet); `held` outlives the
  // socket, the menu's name for the file until the next session's scene
  let sessionHolds = null;
  const resend = (message, otherwise) => {
    const file = message.filename;
    resending = otherwise
      ? { sent: `This link reads ${file} otherwise: sent again, read as the link reads it.`,
        refused: `The server refused ${file} read as this link reads it: ` }
      : { sent: `The server had lost ${file}: sent again.`,
        refused: `The server had lost ${file} and refused it sent again: ` };
    sending = showNotice(otherwise ? `This link reads ${file} otherwise: sending it again, read as the link reads it…`
      : `The server had lost ${file}: sending it again…`);
    sendUpload(message);
  };
  // The focus after the answer, while it is still in the form: left on "Use this CSV", the next
  // Space (the page's play key) sent the file again. Taken, the file trains: on to ▶, where Space
  // plays. Refused: on the control the refusal's advice names first (the error's `control`, as
  // upload.py finds it in load_csv's advice: "choose 'one 0/1 column per category' for Text
  // columns, and tick 'Name' under Leave out" names Text columns), to change it; the button if it
  // names none.
  const controls = { task: taskMenu, delimiter: separator, decimal, one_hot: textColumns, missing, ignore: leaveOut, target };
  // for Leave out, the box of the column it says to tick (none: no box to choose)
  const namedControl = (control) => {
    const node = control && controls[control.name];
    if (node !== leaveOut) return node;
    return [...leaveOut.querySelectorAll('input')].find((box) => box.value === control.column);
  };
  const answered = (moveFocus) => {
    uploading = false;
    if (form.contains(document.activeElement) || document.activeElement === document.body) moveFocus();
  };
  // The form, closed once its file was taken, opens again for a warning that one of its controls
  // mends (the warning's `control`, as a refusal's: "tick 'PassengerId' under Leave out and press
  // "Use this CSV" again", upload.py's leave_out), which was otherwise under a summary the learner
  // had to find, and marks it. The focus stays on ▶, where the taken upload left it for Space to
  // play. No box, no form: the server's CSV's boxes cannot be ticked (its warnings name none), nor
  // those of a file this page holds no copy of (reloaded) until it is chosen again (markWarned).
  const mark = (box) => {
    if (!box) return;
    form.open = true;
    box.setAttribute('aria-invalid', 'true');
    // shown in the Leave out list, which scrolls (the page does not: the banner stays in view)
    if (leaveOut.contains(box)) leaveOut.scrollTop += box.getBoundingClientRect().top - leaveOut.getBoundingClientRect().top;
  };
  // The controls named by the warnings of the scene shown (the next scene takes them, as it takes
  // the banner): a reloaded page has no box for "tick 'PassengerId' under Leave out" when the
  // warning comes, and marks it, unticked, once the file chosen again (its name: not another's)
  // lists it, as the warning says to do
  let warned = [];
  const markWarned = () => {
    for (const control of csvName === held ? warned : []) {
      const box = control.name === 'ignore' && namedControl(control);
      if (box && !box.checked) mark(box);
    }
  };
  store.on('warning', (warning) => {
    // "The server holds no copy of farm.csv for this page": it is sent again instead, when held
    // (read as the state that named it reads it: a link pasted here may read it otherwise)
    const lost = warning.lost && takenUpload(warning.lost);
    if (lost) {
      const otherwise = sessionHolds === warning.lost;
      store.withdrawError(warning);
      resend(readAs(lost, warning.read_as), otherwise);
      // and the form, which holds that file, reads it so too: "Use this CSV" read it as before
      if (otherwise && warning.read_as && csvName === warning.lost) readAsLinked(warning.read_as);
      return;
    }
    if (warning.lost) linked = warning.read_as ? { file: warning.lost, read_as: warning.read_as } : null;
    if (warning.control) warned.push(warning.control);
    mark(namedControl(warning.control));
  });
  // the mark goes with the warnings: the next scene (which the server follows with them again),
  // and the banner's × (the box stayed marked, a menu too, and the Leave out list built again, for
  // another target, marked the box again, with no words left on the page to say why); and it goes
  // once the control is changed (the box ticked)
  const unmark = () => {
    for (const marked of form.querySelectorAll('[aria-invalid]')) marked.removeAttribute('aria-invalid');
    warned = [];
  };
  store.on('error-dismissed', unmark);
  form.addEventListener('change', (event) => event.target.removeAttribute('aria-invalid'));
  store.on('refused', (error) => {
    if (resending && error.request === 'upload_csv') {   // (sent before any upload of the learner's)
      sending.withdraw();
      store.showError({ ...error, message: resending.refused + error.message });
      resending = null;
      form.open = true;   // ("Use this CSV" in view, to send it once the refusal is mended; the focus left where it is)
    } else if (uploading && error.request === 'upload_csv') {
      answered(() => (namedControl(error.control) || upload).focus());
    }
  });

  // a new socket is a new session: an upload sent again on the old one went with it, and the
  // new session, which the page's hello asks for the file, says again that it lost it (its first
  // scene, of other data, app.js holds back: this session has shown no copy of the file)
  store.on('connected', () => { resending = sessionHolds = null; });
  store.on('scene', (scene) => {
    const d = store.state.dataset;
    const ds = scene.dataset;
    unmark();
    if (resending && scene.upload && !scene.upload.served) {
      // the upload sent again, taken (the first scene of a page's own upload since: the session
      // held none); the learner's focus and form left as they were
      showNotice(resending.sent);
      resending = null;
    } else if (uploading && d.name === 'csv' && scene.upload) {
      // (▶ scrolled into view, and with it the banner under the header that says the file's warnings)
      answered(() => document.querySelector('[data-testid="play"]').focus());
      form.open = false;
    }
    if (![...select.options].some((o) => o.value === d.name)) select.append(el('option', { value: d.name, text: d.name }));
    // the session's, not this page's: a session made anew (the server restarted, or let the
    // page's upload go: upload_kept.py) holds none, and the menu's "Uploaded CSV" asked it for one it had not
    held = scene.upload ? scene.upload.file || 'your file' : null;
    sessionHolds = scene.upload?.file ?? null;
    if (linked && d.name === 'csv' && scene.upload?.file === linked.file) linked = null;   // (read as it was)
    if (d.name === 'csv' && csvText === null) showHeld(ds);
    const csvChoice = held === null ? 'Uploaded CSV' : `Uploaded CSV (${held})`;
    select.querySelector('option[value="csv"]').textContent = csvChoice;
    if (!pending()) select.value = menuValue(d);   // (not over a choice made by keys, still to load)
    select.title = d.name === 'csv' ? `${csvChoice}: ${MENU_TITLE}` : MENU_TITLE;
    const gen = GENERATED.has(d.name);
    generatedBox.style.display = gen ? '' : 'none';
    root.querySelector('.ratio-row').style.display = d.name === 'drawn' ? 'none' : '';
    classes.parentElement.parentElement.style.display = MULTICLASS.has(d.name) ? '' : 'none';
    noise.value = d.noise ?? 0; noiseOut.textContent = noise.value;
    points.value = d.n_samples ?? 400; pointsOut.textContent = points.value;
    ratio.value = d.train_ratio ?? 0.5; ratioOut.textContent = `${Math.round(100 * ratio.value)}%`;
    classes.value = d.n_classes ?? 2;
    seed.textContent = d.seed ?? '–';
    const task = ds.task === 'regression' ? 'regression' : `${ds.n_classes} classes`;
    info.textContent = `${ds.file ? `${ds.file} → ${ds.target} · ` : ''}${ds.n_train} train · ${ds.n_test} test · ${ds.feature_names.length} input${ds.feature_names.length === 1 ? '' : 's'} · ${task}`;
  });
}

/** The upload_csv `message` reading its file as `r` says (a state's `read_as`: target and
 *  options), as it was without one; the server's --one-hot list is the Text columns menu's one
 *  choice of it, 'auto'. */
function readAs(message, r) {
  return r ? { ...message, ...r, one_hot: r.one_hot ? 'auto' : null } : message;
}

/** The menu's choice for a dataset state: a drawing of values is "drawn" with the task regression
 *  (the name alone snapped the menu back to drawing classes over a drawing of values). */
function menuValue(d) {
  return d.name === 'drawn' && d.task === 'regression' ? 'drawn-regression' : d.name;
}

export { fmt, csvHeader, sniffSeparator, sniffDecimal };   // (csv-sniff.js's, as the browser tests import them)
