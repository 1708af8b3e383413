// The name of each file the page downloads (⤓ Model, ⤓ Python, ⤓ PNG): every page of a class
// gave the same one, and a teacher collecting 25 got model.npz, model (1).npz, ... So a name
// says what the file holds, in an order that sorts: the data, the network's sizes (inputs,
// each dense layer's units), the epoch of its weights, e.g. circles_2-4-2-1_epoch0012.npz,
// exam_3-8-1_epoch0150.py. (The page asks nobody's name: a teacher who wants one asks for the
// files renamed.)
/** The download of `scene`'s network at `epoch`, with the extension `ext` ("npz", "py", "png"). */
export function downloadName(scene, epoch, ext) {
  const ds = scene.dataset;
  const data = ds.name === 'csv' ? (ds.file || 'csv').replace(/\.csv$/i, '') : ds.name === 'drawn' ? 'drawing' : ds.name;
  const net = scene.network;
  const sizes = [net.inputs.length, ...net.layers.filter((l) => l.kind === 'dense').map((l) => l.units)];
  const stem = `${data}_${sizes.join('-')}_epoch${String(epoch).padStart(4, '0')}`;
  return `${stem.replace(/[^\w.-]+/g, '-')}.${ext}`;
}
