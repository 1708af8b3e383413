// The whole scene as one JSON-able dict, kept in the URL hash as base64url(JSON).

export const DEFAULT_STATE = {
  dataset: { name: 'circles', n_samples: 400, noise: 0.1, train_ratio: 0.5, seed: 1, n_classes: 2 },
  features: ['x1', 'x2'],
  layers: [
    { id: 'h1', type: 'dense', units: 4, activation: 'tanh' },
    { id: 'h2', type: 'dense', units: 2, activation: 'tanh' },
  ],
  output: 'auto',
  hparams: { optimizer: 'sgd', lr: 0.03, batch_size: 10, l1: 0, l2: 0, dropout: 0, schedule: null, init: 'auto', early_stopping: null },
  hide: [],                       // a classroom link's hidden parts (classroom.js)
  speed: 10,                      // epochs a second while playing (null: as fast as it trains); protocol.py says why 10
};

export function encode(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decode(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The state in the URL: `{ state }` (null when the hash is empty), or `{ problem }` saying why
 *  the hash is not base64url(JSON) (a link cut short or altered). What it decodes to is the
 *  server's to judge. */
export function readHash() {
  const hash = location.hash.replace(/^#/, '');
  if (!hash) return { state: null };
  try { return { state: decode(hash) }; } catch (e) { return { problem: `it is cut short or altered (${e.message})` }; }
}

export function writeHash(state) {
  const hash = '#' + encode(state);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

export function shareUrl(state) {
  return location.origin + location.pathname + '#' + encode(state);
}

export function clone(x) { return JSON.parse(JSON.stringify(x)); }

/** A link's `state`, which may give some keys only, with the defaults for the others (and for
 *  those of its dataset and hparams it leaves out), as the server reads it. */
export function withDefaults(state) {
  const out = { ...clone(DEFAULT_STATE), ...clone(state) };
  for (const key of ['dataset', 'hparams']) {
    if (state[key] && typeof state[key] === 'object') out[key] = { ...clone(DEFAULT_STATE[key]), ...clone(state[key]) };
  }
  return out;
}

let counter = 0;
/** A fresh block id, unique among `layers`. */
export function newId(layers) {
  const used = new Set(layers.map((l) => l.id));
  let id;
  do { id = 'b' + Date.now().toString(36).slice(-4) + (counter++); } while (used.has(id));
  return id;
}
