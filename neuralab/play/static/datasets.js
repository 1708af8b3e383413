// The datasets as the page names them, and which of them the server generates: a module of its
// own that loads nothing else, as export.js runs under Node in the tests (through snapshot.js),
// where the page's modules that touch the document cannot load.

// The datasets the server generates from a seed and a noise (protocol.py's GENERATED), in the
// plane's own units: the Data panel's sliders, the downloaded script's data line and the trace's
// note of standardised inputs read it
export const GENERATED = new Set(['circles', 'xor', 'gaussians', 'spiral', 'moons', 'checkerboard', 'plane']);

// The menu: each dataset as a learner names it, short enough to show whole in the data column
// (190 px at 1024 px: "Digits (8×8 images, 10 c" was cut), the counts of inputs and classes being
// in the line under it; a third entry is its name in a sentence where the menu's says more
export const DATASETS = [
  ['circles', 'Circles'], ['xor', 'XOR'], ['gaussians', 'Gaussians'], ['spiral', 'Spiral'],
  ['moons', 'Moons'], ['checkerboard', 'Checkerboard'], ['plane', 'Plane (regression)', 'Plane'],
  ['iris', 'Iris (flowers)', 'Iris'], ['wine', 'Wine'], ['breast_cancer', 'Breast cancer'], ['digits', 'Digits (8×8)', 'Digits'],
  ['drawn', 'Draw classes'], ['drawn-regression', 'Draw values'], ['csv', 'Uploaded CSV'],
];
const NAMES = new Map(DATASETS.map(([value, label, name]) => [value, name ?? label]));

/** A dataset's name in a sentence: "Breast cancer", the CSV's file name, "Your drawing" (the
 *  scene's `dataset`; its `name` is the protocol's, breast_cancer). */
export function datasetName(ds) {
  if (ds.name === 'csv') return ds.file || 'Your CSV';
  if (ds.name === 'drawn') return 'Your drawing';
  return NAMES.get(ds.name) || ds.name;
}
