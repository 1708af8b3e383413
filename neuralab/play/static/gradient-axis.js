// The axis of the |∂L/∂W| histograms: whole decades fitted to the gradients seen, one axis for
// every layer (so that layers compare: a vanishing gradient sits left of the next layer's). The
// server counts each |g| in a quarter decade of 1e-45 .. 1e39 (views.G_EDGES); a fixed axis of
// 6e-8 .. 16 lost the gradients beyond it and stood mostly empty.
//
// Stable between frames: the axis grows at once to take in gradients beyond it, and shrinks only
// after the gradients have stayed within a narrower one for SHRINK_AFTER refreshes (about 3 s of
// training), to the decades they held meanwhile: it does not jump every epoch.

const MOST_DECADES = 12;   // wider, the decades that hold the most gradients are kept
const FEWEST_DECADES = 3;
const SHRINK_AFTER = 30;   // histogram refreshes (10 a second at most)

/** Decade `e` written as a learner reads an axis end: 0.01, 0.1, 1, 10, 100, else 1e-9, 1e5. */
export function decadeLabel(e) {
  return Math.abs(e) <= 2 ? String(Number((10 ** e).toFixed(2))) : `1e${e}`;
}

/** The decades [lo, hi] that `counts` (summed over the layers, bins of `edges`) should show:
 *  those that hold a gradient, at least FEWEST_DECADES, and of more than MOST_DECADES the
 *  MOST_DECADES holding the most gradients (the higher of two windows as full). null: none. */
export function fittedDecades(counts, edges) {
  const perDecade = binsPerDecade(edges), first = Math.round(Math.log10(edges[0]));
  const a = counts.findIndex((c) => c > 0), b = counts.findLastIndex((c) => c > 0);
  if (a < 0) return null;
  let lo = first + Math.floor(a / perDecade), hi = first + Math.ceil((b + 1) / perDecade);
  if (hi - lo > MOST_DECADES) {
    const inside = (from) => sumOver(counts, (from - first) * perDecade, (from - first + MOST_DECADES) * perDecade);
    let best = hi - MOST_DECADES;
    for (let from = best - 1; from >= lo; from--) if (inside(from) > inside(best)) best = from;
    [lo, hi] = [best, best + MOST_DECADES];
  }
  while (hi - lo < FEWEST_DECADES) { if ((hi - lo) % 2) hi++; else lo--; }
  return [lo, hi];
}

/** The axis kept from refresh to refresh: `fit(decades)` with each refresh's fittedDecades
 *  returns the axis [lo, hi] to draw on (null until gradients come). */
export function createGradientAxis() {
  let axis = null, calm = 0, held = null;   // held: the decades seen while narrower than the axis
  return {
    fit(want) {
      if (!want) return axis;
      if (!axis || want[0] < axis[0] || want[1] > axis[1]) {
        const grown = axis ? [Math.min(axis[0], want[0]), Math.max(axis[1], want[1])] : want;
        axis = grown[1] - grown[0] > MOST_DECADES ? want : grown;
        calm = 0; held = null;
      } else if (want[0] > axis[0] || want[1] < axis[1]) {
        held = held ? [Math.min(held[0], want[0]), Math.max(held[1], want[1])] : want;
        if (++calm >= SHRINK_AFTER) { axis = held; calm = 0; held = null; }
      } else { calm = 0; held = null; }
      return axis;
    },
    reset() { axis = null; calm = 0; held = null; },
  };
}

/** How many bins of `edges` make a decade (4 for views.G_EDGES). */
export function binsPerDecade(edges) {
  return Math.round(1 / Math.log10(edges[1] / edges[0]));
}

/** counts[from] + ... + counts[to - 1], the indices outside `counts` adding nothing. */
export function sumOver(counts, from, to) {
  let s = 0;
  for (let i = Math.max(0, from); i < Math.min(counts.length, to); i++) s += counts[i];
  return s;
}
