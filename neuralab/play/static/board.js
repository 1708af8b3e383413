// The board above the output map: the test and training losses and accuracies (a regression's
// MSE in the target's units squared, and R²), and the legend below the map: the classes' colours, or the
// colour scale of a regression's values.
import { css, classColor, diverging, fmt, fmtOver, fmtPercent, fmtPlain, el, setText } from './colors.js';
import { paced } from './pace.js';

/** The board and the legend (to place on the page: `board`, `legend`); `showMetrics` shows the
 *  newest frame's numbers, at most 20 times a second. */
export function createBoard(store) {
  const lossTrain = el('span', { class: 'num', testid: 'loss-train', text: '–' });
  const lossTest = el('span', { class: 'num', testid: 'loss-test', text: '–' });
  const accTrain = el('span', { class: 'num', testid: 'acc-train', text: '–' });
  const accTest = el('span', { class: 'num', testid: 'acc-test', text: '–' });
  const lossTestLabel = el('span', { class: 'metric-label', testid: 'loss-test-label', text: 'Test loss' });
  const lossTrainLabel = el('span', { class: 'metric-label', testid: 'loss-train-label', text: 'Training loss' });
  const accLabels = [el('span', { class: 'metric-label acc', text: 'accuracy' }),
                     el('span', { class: 'metric-label acc', text: 'accuracy' })];
  // which loss the numbers are: "loss" alone told a learner nothing of what was measured
  const lossName = el('div', { class: 'loss-name', testid: 'loss-name' });
  // what the training numbers are of: "Training loss" was the mean over an epoch's batches after
  // ⇥ epoch and the weights now after a pause, with one name
  const measured = el('div', { class: 'metrics-of', testid: 'metrics-of' });
  const board = el('div', { class: 'metrics' },
    el('div', {}, lossTestLabel, lossTest, accLabels[0], accTest),
    el('div', {}, lossTrainLabel, lossTrain, accLabels[1], accTrain),
    lossName, measured);
  const legend = el('div', { class: 'legend' });

  /** A new scene: the board's words and the legend; `scale` is the regression's colour scale
   *  ({yMid, yScale, yRange}: white at yMid, full colour yScale away from it; the points' lowest
   *  and highest values). */
  function showScene(scene, scale) {
    const regression = scene.dataset.task === 'regression';
    const names = metricNames(scene.dataset);
    for (const n of accLabels) n.textContent = names.score;
    lossTestLabel.textContent = `Test ${names.loss}`;
    lossTrainLabel.textContent = `Training ${names.loss}`;
    lossName.textContent = regression ? "MSE: mean squared error, in the target's units, squared" : `loss: ${lossWords(scene)}`;
    buildLegend(scene, scale);
  }

  function metrics(header) {
    // what the numbers describe (the server's metrics_of): an epoch's end, or the weights now
    const ds = store.scene?.dataset;
    // (a network with Dropout or BatchNorm trains otherwise than it predicts: its training
    // numbers are the predicting network's at the epoch's end, as the server measures them)
    const otherwise = store.scene?.network.layers.some((l) => l.kind === 'dropout' || l.kind === 'batchnorm');
    setText(measured, header.metrics_of === 'epoch'
      ? `training: ${otherwise ? `the weights at epoch ${header.epoch}’s end` : `the mean over epoch ${header.epoch}’s batches`}`
      : header.metrics_of ? `${ds?.n_test ? 'training and test' : 'training'}: the weights ${ds?.is_2d ? 'the map shows' : 'now'}` : '');
    board.title = (header.metrics_of === 'epoch'
      ? `after epoch ${header.epoch}: training = ${otherwise ? 'the weights at its end, without dropout' : 'the mean over its batches as they trained'}; test = the weights at its end`
      : `the weights now (step ${header.step}), on the ${ds?.n_test ? 'training and the test' : 'training'} points`)
      + (ds?.target_std ? `. MSE in the target's units, squared, as the loss chart: ${fmtPlain(ds.target_std)}² × the MSE of the standardised target the network learns` : '');
    const shown = metricTexts(ds, header);
    setText(lossTrain, shown.lossTrain);
    setText(lossTest, shown.lossTest);
    setText(accTrain, shown.accTrain);
    setText(accTest, shown.accTest);
  }

  // A regression's legend: white at the middle and the values at the scale's ends, each beside
  // its colour; with points, the ends are the points' lowest and highest values in the colours
  // the map gives them (mid ± scale passed the nearer one: prices of 100 to 900 read -380 there).
  // About 0 the values carry their signs. They read as the plane's axis ends do (fmtOver: to
  // three digits of the legend's span), in full: prices read 200000 and 340000, not 2.00e+5.
  function buildLegend(scene, { yMid, yScale, yRange }) {
    const ds = scene.dataset;
    legend.replaceChildren();
    if (ds.task === 'regression') {
      const [lo, hi] = yRange ?? [yMid - yScale, yMid + yScale];
      const say = (v) => fmtOver(v, hi - lo);
      const word = (v) => (yMid || !v ? say(v) : v < 0 ? `−${say(-v)}` : `+${say(v)}`);
      const values = [...new Set([lo, yMid, hi])].sort((a, b) => a - b);
      legend.append(...values.flatMap((v, i) => [i ? ' ' : '',
        el('span', { class: 'swatch', style: `background:${css(diverging((v - yMid) / yScale))}` }), ` ${word(v)}`]));
      return;
    }
    (ds.class_names || []).forEach((name, k) => legend.append(
      el('span', { class: 'legend-item' }, el('span', { class: 'swatch', style: `background:${classColor(k, ds.n_classes)}` }), name)));
  }

  return { board, legend, showScene, showMetrics: paced(() => metrics(store.frame?.header || {}), 20) };
}

/** The board's names of its numbers for dataset `ds` (the scene's): a regression's board has the
 *  MSE in the target's units squared (the loss without an L1/L2 penalty), as the loss chart below
 *  (the network learns the target standardised), and R² for accuracy. */
function metricNames(ds) {
  return ds?.task === 'regression' ? { loss: 'MSE', score: 'R²' } : { loss: 'loss', score: 'accuracy' };
}

/** The board's four numbers of a frame's `header` as it writes them, for dataset `ds` ('–': none
 *  yet). Written out (0.00123, not 1.23e-3): a learner reads a score falling, not its exponent. */
function metricTexts(ds, header) {
  const m = header.metrics || {};
  if (ds?.task === 'regression') {
    const t = header.target_metrics || {};
    return { lossTrain: boardNumber(t.mse), lossTest: boardNumber(t.val_mse), accTrain: r2Text(m.r2), accTest: r2Text(m.val_r2) };
  }
  return { lossTrain: boardNumber(m.loss), lossTest: boardNumber(m.val_loss), accTrain: fmtPercent(m.accuracy), accTest: fmtPercent(m.val_accuracy) };
}

// The most characters a box of the board holds (style.css sizes its columns for 8 of its type)
const BOARD_CHARS = 8;
// Below it an R² reads as this bound: it says only "far worse than predicting the mean" (the R²
// chart stops at -1), and a diverged run's -2.41e+39 ran past the Output panel's edge
const R2_FLOOR = -1000;

/** x as the board writes it, in at most BOARD_CHARS characters: fmtPlain's (0.000512, 1.37e+9),
 *  or to two significant digits where its three take more (a loss of 6.78e+40 reads 6.8e+40). */
function boardNumber(x) {
  const text = fmtPlain(x);
  return text.length <= BOARD_CHARS ? text : fmt(x, 2);
}

/** An R² as the board, the R² chart's words and the evaluation panel write it: boardNumber's,
 *  or "< -1000" below R2_FLOOR (a diverged run's, -Infinity included). */
export function r2Text(r2) {
  return typeof r2 === 'number' && r2 < R2_FLOOR ? `< ${R2_FLOOR}` : boardNumber(r2);
}

/** The board's test numbers of `header` in words, as the board shows them: "test loss 0.31, test
 *  accuracy 92.0%" (a regression's "test MSE 12.3, test R² 0.87"): what a screen reader is told at a
 *  pause or a step (announcements.js). */
export function boardWords(scene, header) {
  const names = metricNames(scene?.dataset), shown = metricTexts(scene?.dataset, header);
  return `test ${names.loss} ${shown.lossTest}, test ${names.score} ${shown.accTest}`;
}

const LOSS_WORDS = { bce: 'binary cross-entropy', cross_entropy: 'cross-entropy', mse: 'mean squared error' };

/** The scene's loss in words: "binary cross-entropy", "cross-entropy", "mean squared error". */
export function lossWords(scene) {
  const loss = scene?.network?.output?.loss;
  return LOSS_WORDS[loss] || loss || 'loss';
}
