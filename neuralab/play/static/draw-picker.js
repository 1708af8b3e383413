// The picker below the output map that chooses what a click draws: a button per class, or for a
// regression a value (a slider and a box) and a pen; and "clear", which starts from an empty
// plane. Choosing a class or a value starts a drawing: clicks then add points (output-keyboard.js).
// On an uploaded CSV the picker says first what a drawing leaves behind (the server makes the
// drawing of the points alone: drawing.py's drawing_start).
import { diverging, css, classColor, el } from './colors.js';
import { focusIn, refocus } from './keyboard-focus.js';
import { keepOnScroll } from './slider-swipe.js';

/** The picker (`element`, to place on the page; `build(scene)` on each scene). `view`
 *  (output.js) holds the regression's colour scale (`yMid`, `yScale`) and the value drawn
 *  (`pickedValue`); the map `canvas` shows a drawing cursor while clicks draw; `describe` says
 *  so in the map's label. */
export function createDrawPicker(store, canvas, view, describe) {
  const picker = el('div', { class: 'draw-picker', 'data-part': 'data' });
  const notice = el('div', { class: 'small draw-notice', testid: 'draw-notice' });
  let shown = null;   // the data the last scene showed: its name, file, target and task

  function build(scene) {
    const ds = scene.dataset;
    // other data than a drawing chosen (the CSV again after drawing on it) turns the pen off:
    // its next click picked a point no more but drew again; a drawing goes on with it
    const data = JSON.stringify([ds.name, ds.file, ds.target, ds.task]);
    if (data !== shown && ds.name !== 'drawn') store.drawLabel = store.drawValue = null;
    shown = data;
    // the control that had the keyboard's focus gets it back in the picker built again (a class
    // chosen, "clear"): it fell to the page, and the next Tab started again from its top
    const focused = focusIn(picker);
    picker.replaceChildren();
    if (!ds.is_2d) return;
    const regression = ds.task === 'regression';
    const drawing = () => (regression ? store.drawValue : store.drawLabel) != null;
    if (regression) {
      // a slider over the values' range about the colour scale's middle (rounded up to one
      // significant digit; ±1 for points of one value, whose scale is valueScale's floor, 1e-6,
      // and at least that on a drawing, whose values are the learner's) and a box for any value;
      // choosing a value starts a drawing, as choosing a class does. (At least ±1 everywhere gave
      // rates of 0.01 to 0.05 a slider from -0.97 to 1.03.)
      const { yMid, yScale, yRange } = view;
      const spread = yScale > 1e-6 ? yScale : 1;
      const p = 10 ** Math.floor(Math.log10(spread));
      const top = Math.max(ds.name === 'drawn' ? 1 : 0, Math.ceil(spread / p) * p);
      const mid = Number(yMid.toPrecision(2));
      // new data (a drawing goes on with the data it was drawn on) starts at a value of its own:
      // the middle, within the points' range; the 1 of the data before stayed, beside a slider
      // about a mean of 260 (the pen is off on new data: above)
      const source = ds.name === 'drawn' ? view.pickedFor : [ds.name, ds.file, ds.target].join('/');
      if (source !== view.pickedFor || Math.abs(view.pickedValue - mid) > top) {
        view.pickedValue = yRange ? Math.min(yRange[1], Math.max(yRange[0], mid)) : mid;
        view.pickedFor = source;
      }
      const slider = el('input', { type: 'range', min: mid - top, max: mid + top, step: top / 100, value: view.pickedValue, testid: 'draw-value-slider' });
      const number = el('input', { type: 'number', step: 'any', value: view.pickedValue, testid: 'draw-value', class: 'tiny' });
      // the box as wide as the value it holds: a tiny box showed a price of 340000 as "3400"
      const fit = () => { number.style.width = `calc(${Math.max(4, number.value.length)}ch + 28px)`; };
      number.addEventListener('input', fit);
      fit();
      const swatch = el('span', { class: 'swatch' });
      const pen = el('button', { class: 'ghost small pen', testid: 'draw-value-pen', text: '✎ draw', title: 'click the map to add points of this value',
        onclick: () => { store.drawValue = drawing() ? null : view.pickedValue; show(); } });
      const paint = (v) => { swatch.style.background = css(diverging((v - yMid) / Math.max(yScale, Math.abs(v - yMid)))); };
      const show = () => {
        paint(view.pickedValue);
        pen.classList.toggle('on', drawing());
        canvas.classList.toggle('drawing', ds.name === 'drawn' || drawing());
        warn(ds, drawing());
        describe();
      };
      const pick = (v) => {
        if (!Number.isFinite(v)) return;
        view.pickedValue = store.drawValue = v;
        slider.value = number.value = v;
        fit();
        show();
      };
      // the box and the swatch follow the thumb, and the value is chosen when the slider is let
      // go (its change), as the Data panel's other sliders apply theirs: a swipe meant to scroll
      // the page that began on it chose the value under the finger and turned the pen on, and a
      // tap on the map then drew (slider-swipe.js puts the value back after such a swipe)
      slider.addEventListener('input', () => { number.value = slider.value; fit(); paint(Number(slider.value)); });
      slider.addEventListener('change', () => pick(Number(slider.value)));
      keepOnScroll(slider);
      number.addEventListener('change', () => pick(Number(number.value)));
      picker.append(el('span', { class: 'small muted', text: ds.name === 'drawn' ? 'Click to add a point of value' : 'Draw your own points of value' }),
        slider, number, swatch, ...(ds.name === 'drawn' ? [] : [pen]));
      show();
    } else {
      const k = Math.max(2, Math.min(10, (ds.n_classes || 2) + (ds.name === 'drawn' ? 1 : 0)));
      picker.append(el('span', { class: 'small muted', text: ds.name === 'drawn' ? 'Click to add a point of class' : 'Draw your own points:' }));
      for (let c = 0; c < k; c++) {
        const b = el('button', { class: 'class-btn' + (drawing() && store.drawLabel === c ? ' on' : ''), testid: `draw-class-${c}`,
          style: `--c:${classColor(c, k <= 2 ? 2 : k)}`, title: `add points of class ${c}`,
          onclick: () => { store.drawLabel = c; build(store.scene); } }, String(ds.class_names?.[c] ?? c));
        picker.append(b);
      }
    }
    picker.append(el('button', { class: 'ghost small', testid: 'clear-points', text: 'clear',
      title: 'start from an empty plane', onclick: () => { if (!regression) store.drawLabel ??= 0; store.send({ type: 'clear_points' }); } }));
    picker.append(notice);
    canvas.classList.toggle('drawing', ds.name === 'drawn' || drawing());
    warn(ds, drawing());
    describe();
    refocus(picker, focused);
  }

  /** While a click would turn an uploaded CSV into a drawing, say what the drawing leaves behind:
   *  the server's count of the rows it keeps and its words for those it leaves out
   *  (`dataset.drawing`, drawing.py: rows off the plane, past the points a drawing holds), and
   *  what it keeps: the frame shown (drawing.py's drawing_start), read in σ, not the file's units. */
  function warn(ds, drawing) {
    notice.hidden = !(drawing && ds.name === 'csv');
    if (notice.hidden) return;
    const { test, left_out: leftOut } = ds.drawing;
    const some = test < ds.n_test ? `${test} of its ${ds.n_test}` : `its ${test}`;
    const tests = test ? `${some} test rows become training points, and ` : '';
    const names = ds.class_names ? 'column names, class names' : 'column names';
    notice.textContent = `A point drawn here starts a drawing from this CSV's points: ${tests}its ${names} and `
      + `file units are left behind (the plane keeps this frame, its axes in σ from each column's mean).`
      + `${leftOut ? ` ${leftOut}.` : ''} Choose the CSV in the Data menu to go back to it.`;
  }

  return { element: picker, build };
}
