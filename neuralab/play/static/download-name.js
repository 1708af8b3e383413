// The name of each file the page downloads (⤓ Model, ⤓ Python, ⤓ PNG): every page of a class
// gave the same one, and a teacher collecting 25 got model.npz, model (1).npz, ... So a name
// says what the file holds, in an order that sorts: the data, the network's sizes (inputs,
// each dense layer's units), the epoch of its weights, then when it was taken, on the learner's
// clock, to the millisecond, e.g. circles_2-4-2-1_epoch0012_2026-03-05_14-37-02.481.npz: a class
// on one dataset, one network and one epoch (the first one, say) still gives each page, and each
// run of one page, a name of its own. (The page asks nobody's name: a teacher who wants one asks
// for the files renamed.)
//
// A page never gives one time twice: a download in the millisecond of the one before, or earlier
// (a double click under a clock that stands still, a clock set back), is given the millisecond
// after the last one given. (Named to the second, two downloads within one second shared a name,
// and a count after the second ones, _2, _3, ..., put _10 before _2 in a file manager.) So every
// field of a name has a fixed width, and every order a file manager sorts in (by character, by
// number, by the language's rules) sorts one page's names in the order they were taken,
// whatever their count.
//
// A name is safe on Windows, macOS and Linux: letters (any script, with their accents), digits,
// '_', '-', '.' only (no ':', which Windows refuses and the macOS Finder shows as '/'), a data
// name cut to DATA_CHARS and never starting with '.' (hidden on macOS and Linux).
const DATA_CHARS = 40;

/** The namer of one page's downloads: `name(scene, epoch, ext, when)` names the download of
 *  `scene`'s network at `epoch`, taken at `when` (a Date), with the extension `ext` ("npz", "py",
 *  "png"), at a time later than the one of every name it gave before. */
export function downloadNamer() {
  let last = -Infinity;   // the time of the last name given, in ms
  return (scene, epoch, ext, when = new Date()) => {
    last = Math.max(when.getTime(), last + 1);
    return `${stem(scene, epoch, new Date(last))}.${ext}`;
  };
}

/** data_sizes_epochNNNN_time: what the download of `scene`'s network at `epoch` holds, and when. */
function stem(scene, epoch, when) {
  const ds = scene.dataset;
  const data = ds.name === 'csv' ? (ds.file || 'csv').replace(/\.csv$/i, '') : ds.name === 'drawn' ? 'drawing' : ds.name;
  const net = scene.network;
  const sizes = [net.inputs.length, ...net.layers.filter((l) => l.kind === 'dense').map((l) => l.units)];
  return `${safe(data) || 'data'}_${sizes.join('-')}_epoch${String(epoch).padStart(4, '0')}_${stamp(when)}`;
}

/** `text` with each run of characters other than letters, digits, '_', '.', '-' made one '-',
 *  its leading '.' and '-' dropped, cut to DATA_CHARS characters. */
function safe(text) {
  const kept = text.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, '-').replace(/^[.-]+/, '');
  return Array.from(kept).slice(0, DATA_CHARS).join('');
}

const two = (n) => String(n).padStart(2, '0');

/** `t` as YYYY-MM-DD_hh-mm-ss.mmm on the learner's clock, the order in which names sort by time. */
function stamp(t) {
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}_${two(t.getHours())}-${two(t.getMinutes())}-`
    + `${two(t.getSeconds())}.${String(t.getMilliseconds()).padStart(3, '0')}`;
}
