// The maps of the network's neurons and input features: what each one computes over the plane.
// They are all drawn into one canvas over the columns: one layer for the browser to update and
// composite instead of one per neuron, which it would otherwise go through every frame. Each map
// keeps a placeholder box (div.thumb) in its node and a canvas of its own, off the page, holding
// the map at the grid's resolution; the neuron under the mouse shows its map enlarged in `zoom`.
import { paintDiverging, symmetricScale, el } from './colors.js';
import { backingPixels } from './enlarge.js';

/** `target` (a new canvas by default) made a copy of the map canvas `source`. */
function copyOf(source, target = el('canvas')) {
  target.width = source.width; target.height = source.height;
  target.getContext('2d').drawImage(source, 0, 0);
  return target;
}

/** The shared maps canvas of the network drawn in `columnsEl` (inside the scrolled `root`). */
export function createNeuronMaps(root, columnsEl) {
  const canvas = el('canvas', { class: 'maps-canvas', testid: 'maps' });
  const zoom = el('canvas', { class: 'thumb-zoom' });
  let thumbs = [];           // {box, canvas, alpha, painted, x, y, w, h}
  let scale = 1;             // the columns' scale (network.js's fitToScreen)

  // The browser makes a dragged card's ghost image, and fades the card (.dragging), from the
  // card's own elements, where the maps are not: while a card is dragged (by the mouse, or lifted
  // by a finger: card-touch-drag.js's cardlift and cardland), its placeholders hold copies of
  // their maps, and the shared canvas leaves those places out.
  const lift = (e) => {
    for (const t of thumbs) if (t.painted && e.target.contains(t.box)) t.box.append(copyOf(t.canvas));
    paint();
  };
  const land = () => {
    for (const t of thumbs) t.box.replaceChildren();
    paint();
  };
  for (const type of ['dragstart', 'cardlift']) columnsEl.addEventListener(type, lift);
  for (const type of ['dragend', 'cardland']) columnsEl.addEventListener(type, land);

  /** A new map (its placeholder goes into a neuron's or feature's node), drawn at `alpha`. */
  function add(alpha = 1) {
    const thumb = { box: el('div', { class: 'thumb' }), canvas: document.createElement('canvas'), alpha, painted: false };
    thumbs.push(thumb);
    return thumb;
  }

  /** Place the maps canvas over the placeholders (their insides: the border stays visible);
   *  `box` is root's bounding box, `columnsScale` the columns' scale (1 on the page: their CSS
   *  zoom, which the placeholders' client sizes leave out and their bounding boxes count). The
   *  canvas holds the pixels it shows (enlarge.js's backingPixels). */
  function layout(box, columnsScale) {
    scale = columnsScale;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const t of thumbs) {
      const r = t.box.getBoundingClientRect();
      t.x = r.left - box.left + root.scrollLeft + t.box.clientLeft * scale;
      t.y = r.top - box.top + root.scrollTop + t.box.clientTop * scale;
      t.w = t.box.clientWidth * scale; t.h = t.box.clientHeight * scale;
      if (!t.w || !t.h) continue;
      x0 = Math.min(x0, t.x); y0 = Math.min(y0, t.y); x1 = Math.max(x1, t.x + t.w); y1 = Math.max(y1, t.y + t.h);
    }
    if (x0 === Infinity) x0 = y0 = x1 = y1 = 0;
    const x = Math.floor(x0), y = Math.floor(y0), w = Math.ceil(x1) - x, h = Math.ceil(y1) - y;
    Object.assign(canvas.style, { left: `${x}px`, top: `${y}px`, width: `${w}px`, height: `${h}px` });
    canvas.width = backingPixels(w); canvas.height = backingPixels(h);
    canvas.x = x; canvas.y = y;
    canvas.kx = w ? canvas.width / w : 1; canvas.ky = h ? canvas.height / h : 1;   // its pixels per CSS pixel
    paint();
  }

  /** Draw every painted map into the shared canvas. */
  function paint() {
    const ctx = canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const { kx, ky } = canvas;
    ctx.setTransform(kx, 0, 0, ky, -canvas.x * kx, -canvas.y * ky);
    ctx.imageSmoothingEnabled = true;
    for (const t of thumbs) {
      if (!t.painted || !t.w || !t.h || t.box.firstChild) continue;   // (a dragged card's copy)
      ctx.globalAlpha = t.alpha;
      ctx.save();
      ctx.beginPath();
      ctx.roundRect(t.x, t.y, t.w, t.h, 2 * scale);
      ctx.clip();
      ctx.drawImage(t.canvas, t.x, t.y, t.w, t.h);
      ctx.restore();
    }
    ctx.globalAlpha = 1;
  }

  /** Paint unit `u`'s map from a frame's `maps` (units, G, G), or the one map (G, G) of a
   *  feature (u = 0), into `thumb`'s own canvas: from -1 to 1 for a sigmoid or softmax output (a
   *  probability p drawn as 2p - 1), in the target's units for a regression's output (`values`:
   *  colors.js's valueScale), else on the symmetric scale of its own values. The shared canvas
   *  shows it at the next `refresh`. */
  function paintUnit(thumb, maps, u, sigmoidLike, values) {
    const [g, w] = maps.shape.slice(-2), size = g * w, start = u * size, c = thumb.canvas;
    if (sigmoidLike) paintDiverging(c, maps, start, g, w, 2, -1);
    else if (values) paintDiverging(c, maps, start, g, w, 1 / values.scale, -values.mid / values.scale);
    else paintDiverging(c, maps, start, g, w, 1 / symmetricScale(maps, start, start + size), 0);
    thumb.painted = true;
    if (thumb.box.firstChild) copyOf(c, thumb.box.firstChild);   // its card is being dragged
  }

  /** After maps were painted: the shared canvas and the enlarged map show them. */
  function refresh() {
    paint();
    if (zoom.isConnected) showZoom(zoom.thumb);
  }

  /** The map of the neuron under the mouse, enlarged over its placeholder. */
  function showZoom(thumb) {
    if (!thumb.painted) return;
    copyOf(thumb.canvas, zoom);
    zoom.thumb = thumb;
    thumb.box.after(zoom);
  }

  return {
    canvas, add, layout, paint, paintUnit, refresh, showZoom,
    hideZoom: () => zoom.remove(),
    /** A new scene: its nodes bring new maps. */
    clear: () => { thumbs = []; },
  };
}
