// The output map: decision regions (one colour per class) or the regression surface, with the
// train points (white edge) and test points (dark edge); clicks add points to a drawn dataset.
// From the keyboard the map is one Tab stop: the arrow keys move a cursor over the plane (Shift:
// larger steps) and Enter or Space does there what a click does; a status line says what happened.
import { diverging, paintGrid, paintDiverging, css, classColor, valueScale, CATEGORICAL_RGB, MID, NEG, POS, fmt, el, setText } from './colors.js';
import { paced } from './pace.js';

const EXTENT = 6;
const STEP = 0.25, BIG_STEP = 1;                       // the keyboard cursor's steps (plane units)
const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

export function createOutput(store, root) {
  const canvas = el('canvas', { class: 'output-canvas', testid: 'output-canvas', width: 600, height: 600,
    tabindex: 0, role: 'application' });
  const status = el('div', { class: 'small muted', testid: 'output-status', role: 'status', 'aria-live': 'polite',
    style: 'margin-top: 6px' });                       // clear of the focus ring
  let cursor = { x1: 0, x2: 0 };                       // the keyboard's cursor, in plane units
  let cursorShown = false;                             // drawn while the map has the keyboard's focus
  const map = document.createElement('canvas');       // the map at its own resolution (G x G)
  const overlay = document.createElement('canvas');   // axes and points: redrawn only when they change
  let overlayKey = null;
  let drawnKey = null;                                 // what the canvas shows now
  const showTest = el('input', { type: 'checkbox', testid: 'show-test' });
  const discrete = el('input', { type: 'checkbox', testid: 'discretize' });
  const lossTrain = el('span', { class: 'num', testid: 'loss-train', text: '–' });
  const lossTest = el('span', { class: 'num', testid: 'loss-test', text: '–' });
  const accTrain = el('span', { class: 'num', testid: 'acc-train', text: '–' });
  const accTest = el('span', { class: 'num', testid: 'acc-test', text: '–' });
  const picker = el('div', { class: 'draw-picker' });
  const legend = el('div', { class: 'legend' });
  const notice = el('div', { class: 'not2d muted' });
  let lastFrame = null;
  // A regression's colour scale: white at yMid, full colour yScale away from it (valueScale).
  let yMid = 0, yScale = 1;
  let pickedValue = 1;                                 // the value picker's value (regression)

  const board = el('div', { class: 'metrics' },
    el('div', {}, el('span', { class: 'metric-label', testid: 'loss-test-label', text: 'Test loss' }), lossTest,
      el('span', { class: 'metric-label acc', text: 'accuracy' }), accTest),
    el('div', {}, el('span', { class: 'metric-label', testid: 'loss-train-label', text: 'Training loss' }), lossTrain,
      el('span', { class: 'metric-label acc', text: 'accuracy' }), accTrain));
  root.append(
    board,
    el('div', { class: 'output-wrap' }, canvas, notice),
    status,
    legend,
    el('div', { class: 'toggles' },
      el('label', {}, showTest, ' Show test data'),
      el('label', {}, discrete, ' Discretize output')),
    picker,
  );
  // The picture is laid out on a 600 x 600 plane; the canvas holds as many pixels as it shows
  // (its CSS size times the pixel ratio), so a frame scales and hands over no more than that.
  const PLANE = 600;
  new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].contentRect;
    const size = Math.round(box.width * (window.devicePixelRatio || 1));
    if (size > 0 && (canvas.width !== size || canvas.height !== size)) {
      canvas.width = canvas.height = size;
      overlayKey = null;
      draw(lastFrame);
    }
  }).observe(canvas);
  showTest.addEventListener('change', () => draw(lastFrame));
  discrete.addEventListener('change', () => draw(lastFrame));

  store.on('scene', (scene) => {
    const ds = scene.dataset;
    const regression = ds.task === 'regression';
    root.querySelectorAll('.metric-label.acc').forEach((n) => { n.textContent = regression ? 'R²' : 'accuracy'; });
    // a regression's board: the MSE in the target's units (the loss without an L1/L2 penalty);
    // the network learns the target standardised, and the loss curve below is in those units
    root.querySelector('[data-testid="loss-test-label"]').textContent = regression ? 'Test MSE' : 'Test loss';
    root.querySelector('[data-testid="loss-train-label"]').textContent = regression ? 'Training MSE' : 'Training loss';
    root.classList.toggle('is-not-2d', !ds.is_2d);
    notice.textContent = ds.is_2d ? '' : `${ds.name}: ${ds.feature_names.length} inputs — no plane to draw; see the confusion matrix below.`;
    if (regression) scale(ds);
    buildPicker(scene);
    buildLegend(scene);
    describe();
    draw(lastFrame);
  });
  store.on('sample', () => draw(lastFrame));
  const showMetrics = paced(() => metrics(store.frame?.header || {}), 20);
  store.on('frame', (frame) => { lastFrame = frame; draw(frame); showMetrics(); });

  function metrics(header) {
    const m = header.metrics || {};
    // what the numbers describe (the server's metrics_of): an epoch's end, or the weights now
    const ds = store.scene?.dataset;
    board.title = (header.metrics_of === 'epoch'
      ? `after epoch ${header.epoch}: training = the mean over its batches as they trained; test = the weights at its end`
      : `the weights now (step ${header.step}), on the training and the test points`)
      + (ds?.target_std ? `. MSE in the target's units: ${fmt(ds.target_std, 3)}² × the MSE of the standardised target the network learns (the loss curve's units)` : '');
    if (ds?.task === 'regression') {
      const t = header.target_metrics || {};
      setText(lossTrain, fmt(t.mse, 3));
      setText(lossTest, fmt(t.val_mse, 3));
      setText(accTrain, m.r2 === undefined ? '–' : fmt(m.r2, 3));
      setText(accTest, m.val_r2 === undefined ? '–' : fmt(m.val_r2, 3));
      return;
    }
    setText(lossTrain, fmt(m.loss, 3));
    setText(lossTest, fmt(m.val_loss, 3));
    setText(accTrain, m.accuracy === undefined || m.accuracy === null ? '–' : `${(100 * m.accuracy).toFixed(1)}%`);
    setText(accTest, m.val_accuracy === undefined || m.val_accuracy === null ? '–' : `${(100 * m.val_accuracy).toFixed(1)}%`);
  }

  /** The colour scale of a regression's values (points and map): colors.js's valueScale. */
  function scale(ds) {
    ({ mid: yMid, scale: yScale } = valueScale(ds));
  }
  const shade = (y) => diverging((y - yMid) / yScale);

  function buildLegend(scene) {
    const ds = scene.dataset;
    legend.replaceChildren();
    if (ds.task === 'regression') {
      const [low, mid, high] = yMid ? [fmt(yMid - yScale, 3), fmt(yMid, 3), fmt(yMid + yScale, 3)]
        : [`−${fmt(yScale, 2)}`, '0', `+${fmt(yScale, 2)}`];
      legend.append(el('span', { class: 'swatch', style: `background:${css(NEG)}` }), ` ${low} `,
        el('span', { class: 'swatch', style: `background:${css(MID)}` }), ` ${mid} `,
        el('span', { class: 'swatch', style: `background:${css(POS)}` }), ` ${high}`);
      return;
    }
    (ds.class_names || []).forEach((name, k) => legend.append(
      el('span', { class: 'legend-item' }, el('span', { class: 'swatch', style: `background:${classColor(k, ds.n_classes)}` }), name)));
  }

  function buildPicker(scene) {
    const ds = scene.dataset;
    picker.replaceChildren();
    if (!ds.is_2d) return;
    const regression = ds.task === 'regression';
    const drawing = () => (regression ? store.drawValue : store.drawLabel) != null;
    if (regression) {
      // a slider over the values' range about the colour scale's middle (rounded up to one
      // significant digit, at least ±1) and a box for any value; choosing a value starts a
      // drawing, as choosing a class does
      const p = 10 ** Math.floor(Math.log10(yScale));
      const top = Math.max(1, Math.ceil(yScale / p) * p);
      const mid = Number(yMid.toPrecision(2));
      if (Math.abs(pickedValue - mid) > top) pickedValue = mid;   // a value the scale shows
      const slider = el('input', { type: 'range', min: mid - top, max: mid + top, step: top / 100, value: pickedValue, testid: 'draw-value-slider' });
      const number = el('input', { type: 'number', step: 'any', value: pickedValue, testid: 'draw-value', class: 'tiny' });
      const swatch = el('span', { class: 'swatch' });
      const pen = el('button', { class: 'ghost small pen', testid: 'draw-value-pen', text: '✎ draw', title: 'click the map to add points of this value',
        onclick: () => { store.drawValue = drawing() ? null : pickedValue; show(); } });
      const show = () => {
        swatch.style.background = css(diverging((pickedValue - yMid) / Math.max(yScale, Math.abs(pickedValue - yMid))));
        pen.classList.toggle('on', drawing());
        canvas.classList.toggle('drawing', ds.name === 'drawn' || drawing());
        describe();
      };
      const pick = (v) => {
        if (!Number.isFinite(v)) return;
        pickedValue = store.drawValue = v;
        slider.value = number.value = v;
        show();
      };
      slider.addEventListener('input', () => pick(Number(slider.value)));
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
          onclick: () => { store.drawLabel = c; buildPicker(store.scene); } }, String(ds.class_names?.[c] ?? c));
        picker.append(b);
      }
    }
    picker.append(el('button', { class: 'ghost small', testid: 'clear-points', text: 'clear',
      title: 'start from an empty plane', onclick: () => { if (!regression) store.drawLabel ??= 0; store.send({ type: 'clear_points' }); } }));
    canvas.classList.toggle('drawing', ds.name === 'drawn' || drawing());
    describe();
  }

  canvas.addEventListener('click', (e) => {
    const r = canvas.getBoundingClientRect();
    const x1 = -EXTENT + (2 * EXTENT * (e.clientX - r.left)) / r.width;
    const x2 = EXTENT - (2 * EXTENT * (e.clientY - r.top)) / r.height;
    if (store.scene?.dataset.is_2d) cursor = { x1: round(x1), x2: round(x2) };   // the keys go on from here
    act(x1, x2);
  });

  /** What a click at (x1, x2) does: add a point of the chosen class or value when drawing, else
   *  pick the nearest training point for the inspector and the trace. Returns it in words. */
  function act(x1, x2) {
    const scene = store.scene;
    if (!scene || !scene.dataset.is_2d) return 'no plane to draw on';
    const ds = scene.dataset;
    const regression = ds.task === 'regression';
    const at = `(${round(x1)}, ${round(x2)})`;
    if (!drawable()) {
      let best = -1, bestD = Infinity;
      (ds.train || []).forEach((p, i) => {
        const d = (p[0] - x1) ** 2 + (p[1] - x2) ** 2;
        if (d < bestD) { bestD = d; best = i; }
      });
      if (best >= 0 && bestD < 0.5) {
        store.sample = best; store.emit('sample', best); draw(lastFrame);
        const [p1, p2, y] = ds.train[best];
        return `picked training point ${best} (${round(p1)}, ${round(p2)}), ${regression ? `value ${round(y)}` : `class ${className(ds, y)}`}`;
      }
      return `no training point near ${at}; choose a ${regression ? 'value' : 'class'} below to draw points`;
    }
    const point = { type: 'add_point', x1: round(x1), x2: round(x2) };
    if (regression) {
      store.send({ ...point, value: pickedValue });
      return `added point ${at}, value ${pickedValue}`;
    }
    const label = store.drawLabel ?? 0;
    store.send({ ...point, label });
    return `added point ${at}, class ${className(ds, label)}`;
  }

  /** Whether a click adds a point (a drawn dataset, or a class or value chosen to draw). */
  function drawable() {
    const ds = store.scene.dataset;
    return ds.name === 'drawn' || (ds.task === 'regression' ? store.drawValue : store.drawLabel) != null;
  }

  // The keyboard: the label says what the map shows and how to use it; the arrows move the
  // cursor, Enter and Space act at it (Space does not reach the page's play/pause key).
  function describe() {
    const ds = store.scene?.dataset;
    if (!ds || !ds.is_2d) { canvas.setAttribute('aria-label', 'Output map'); return; }
    const [a1, a2] = ds.axes || ds.feature_names || ['x1', 'x2'];
    const shows = ds.task === 'regression' ? "the model's output value" : "the model's decision regions (one colour per class)";
    const keys = 'Arrow keys move a cursor (Shift: larger steps);';
    const enter = !drawable() ? `Enter picks the training point at the cursor; choose a ${ds.task === 'regression' ? 'value' : 'class'} below to draw points.`
      : ds.task === 'regression' ? `Enter or Space adds a point of value ${pickedValue} at the cursor.`
        : `Enter or Space adds a point of class ${className(ds, store.drawLabel ?? 0)} at the cursor.`;
    canvas.setAttribute('aria-label', `Output map: ${shows} over ${a1} and ${a2} from -6 to 6, with the training points. ${keys} ${enter}`);
  }

  canvas.addEventListener('focus', () => {
    describe();
    if (canvas.matches(':focus-visible')) showCursor();
  });
  canvas.addEventListener('blur', () => {
    cursorShown = false;
    status.textContent = '';
    draw(lastFrame);
  });
  canvas.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || !store.scene?.dataset.is_2d) return;
    const move = MOVES[e.key];
    if (move || e.key === 'Home') {
      e.preventDefault();
      const step = e.shiftKey ? BIG_STEP : STEP;
      const clamp = (v) => round(Math.max(-EXTENT, Math.min(EXTENT, v)));
      cursor = move ? { x1: clamp(cursor.x1 + move[0] * step), x2: clamp(cursor.x2 + move[1] * step) } : { x1: 0, x2: 0 };
      showCursor();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      if (e.repeat) return;
      if (!cursorShown) showCursor();
      status.textContent = act(cursor.x1, cursor.x2);
    }
  });

  /** Draw the cursor (the overlay is redrawn: a key press, not a frame) and say where it is and
   *  what the model says there. */
  function showCursor() {
    cursorShown = true;
    status.textContent = `cursor (${cursor.x1}, ${cursor.x2})${modelAt(cursor.x1, cursor.x2)}`;
    draw(lastFrame);
  }

  /** The newest frame's map at (x1, x2), in words: ': the model says class 1 (83%)'. */
  function modelAt(x1, x2) {
    const out = lastFrame?.arrays.output;
    const ds = store.scene?.dataset;
    if (!out || out.shape.length !== 2 || !ds) return '';
    const [G, G2] = out.shape;   // row i: x2 from +6 down to -6; column j: x1 from -6 to +6
    const i = Math.round(((EXTENT - x2) / (2 * EXTENT)) * (G - 1)), j = Math.round(((x1 + EXTENT) / (2 * EXTENT)) * (G2 - 1));
    const v = out[i * G2 + j];
    if (ds.task === 'regression') return `: the model says ${fmt(v, 3)}`;
    const cls = lastFrame.arrays.output_class;
    const [k, p] = cls ? [cls[i * G2 + j], v] : [v >= 0.5 ? 1 : 0, Math.max(v, 1 - v)];
    return `: the model says class ${className(ds, k)} (${Math.round(100 * p)}%)`;
  }

  // Per frame: the map painted at its resolution, scaled once onto the canvas, and the cached
  // overlay (axes, points, the chosen sample) on top. The overlay is redrawn only when the
  // scene, the chosen sample or the test-data switch change.
  function draw(frame) {
    const scene = store.scene;
    if (!scene) return;
    const ds = scene.dataset;
    const ctx = canvas.getContext('2d');
    const W = PLANE, H = PLANE;
    ctx.setTransform(canvas.width / W, 0, 0, canvas.height / H, 0, 0);
    if (!ds.is_2d) {
      if (drawnKey !== 'blank') ctx.clearRect(0, 0, W, H);
      drawnKey = 'blank';
      return;
    }
    const out = frame && frame.arrays.output;
    const key = [scene, store.sample, showTest.checked, discrete.checked, yMid, yScale, cursorShown && cursor];
    if (overlayKey === null || key.some((v, i) => v !== overlayKey[i])) {
      overlayKey = key;
      drawOverlay(ds, W, H);
      drawnKey = null;
    }
    if (drawnKey !== null && drawnKey === (out || 'empty')) return;   // nothing new to show
    drawnKey = out || 'empty';
    if (out && out.shape.length === 2) {
      const [G, G2] = out.shape;
      const cls = frame.arrays.output_class;
      const K = ds.n_classes || 2;
      if (ds.task === 'regression') paintDiverging(map, out, 0, G, G2, 1 / yScale, -yMid / yScale);
      else if (cls) {
        paintGrid(map, out, G, G2, (p, i) => {
          const c = CATEGORICAL_RGB[cls[i] % CATEGORICAL_RGB.length];
          const s = discrete.checked ? 0.75 : 0.25 + 0.6 * Math.max(0, (p - 1 / K) / (1 - 1 / K));
          return [255 + (c[0] - 255) * s, 255 + (c[1] - 255) * s, 255 + (c[2] - 255) * s];
        });
      } else if (discrete.checked) paintGrid(map, out, G, G2, (p) => diverging(p >= 0.5 ? 0.75 : -0.75));
      else paintDiverging(map, out, 0, G, G2, 1.7, -0.85);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(map, 0, 0, W, H);
    } else {
      ctx.clearRect(0, 0, W, H);
      ctx.fillStyle = '#f4f5f7';
      ctx.fillRect(0, 0, W, H);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(overlay, 0, 0);
  }

  function drawOverlay(ds, W, H) {
    if (overlay.width !== canvas.width) overlay.width = canvas.width;
    if (overlay.height !== canvas.height) overlay.height = canvas.height;
    const ctx = overlay.getContext('2d');
    ctx.setTransform(overlay.width / W, 0, 0, overlay.height / H, 0, 0);
    ctx.clearRect(0, 0, W, H);
    axes(ctx, W, H, ds.axes);
    const K = ds.n_classes || 2;
    const color = (y) => ds.task === 'regression' ? css(shade(y)) : classColor(y, K);
    drawPoints(ctx, ds.train || [], color, '#ffffff', W, H);
    if (showTest.checked) drawPoints(ctx, ds.test || [], color, '#222222', W, H);
    const chosen = (ds.train || [])[store.sample];
    if (chosen) {
      const px = ((chosen[0] + EXTENT) / (2 * EXTENT)) * W, py = ((EXTENT - chosen[1]) / (2 * EXTENT)) * H;
      ctx.beginPath();
      ctx.arc(px, py, Math.max(8, W / 50), 0, 2 * Math.PI);
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    if (cursorShown) drawCursor(ctx, W, H);
  }

  /** The keyboard's cursor: a ring (the point under it stays visible) with four arms, dark on a
   *  white halo so it shows on every colour of the map; sized in CSS pixels (u of the plane's
   *  units each), so it reads the same on a small map. */
  function drawCursor(ctx, W, H) {
    const px = ((cursor.x1 + EXTENT) / (2 * EXTENT)) * W, py = ((EXTENT - cursor.x2) / (2 * EXTENT)) * H;
    const u = (W * (window.devicePixelRatio || 1)) / overlay.width;
    const r = 9 * u, arm = 12 * u;
    ctx.beginPath();
    ctx.arc(px, py, r, 0, 2 * Math.PI);
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      ctx.moveTo(px + r * dx, py + r * dy);
      ctx.lineTo(px + (r + arm) * dx, py + (r + arm) * dy);
    }
    ctx.lineCap = 'round';
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 5 * u;
    ctx.stroke();
    ctx.strokeStyle = '#111111';
    ctx.lineWidth = 2 * u;
    ctx.stroke();
  }

  function drawPoints(ctx, points, color, edge, W, H) {
    const r = Math.max(3, W / 80);
    ctx.lineWidth = Math.max(1, W / 300);
    for (const [x1, x2, y] of points) {
      const px = ((x1 + EXTENT) / (2 * EXTENT)) * W;
      const py = ((EXTENT - x2) / (2 * EXTENT)) * H;
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fillStyle = color(y);
      ctx.fill();
      ctx.strokeStyle = edge;
      ctx.stroke();
    }
  }

  function axes(ctx, W, H, names) {
    ctx.strokeStyle = 'rgba(0,0,0,0.12)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(W / 2, 0); ctx.lineTo(W / 2, H); ctx.moveTo(0, H / 2); ctx.lineTo(W, H / 2);
    ctx.stroke();
    ctx.fillStyle = 'rgba(0,0,0,0.45)';
    ctx.font = `${Math.round(W / 40)}px system-ui, sans-serif`;
    ctx.fillText('-6', 4, H / 2 - 4); ctx.fillText('6', W - W / 30, H / 2 - 4);
    ctx.fillText('6', W / 2 + 4, W / 30 + 4); ctx.fillText('-6', W / 2 + 4, H - 6);
    if (names) {   // x1 at the right end of its axis, x2 at the top of its own
      ctx.fillText(names[1], W / 2 + W / 18, W / 30 + 4);
      ctx.textAlign = 'right';
      ctx.fillText(names[0], W - 4, H / 2 + W / 25 + 4);
      ctx.textAlign = 'left';
    }
  }

  return { canvas, draw: () => draw(lastFrame) };
}

function round(x) { return Math.round(x * 1000) / 1000; }

function className(ds, k) { return String(ds.class_names?.[k] ?? k); }
