// The page hidden (another tab in front, the window minimised) and shown again. The page tells the
// server (`visibility`), which sends a hidden page no frames and trains its session on slowly, as
// it was left (playing goes on), so that the visible tabs of the server come first: a classroom's
// forgotten tabs slowed everyone's. Shown again, the page gets the frame of where training stands
// at once, and the notice line says what went on meanwhile, if anything: "Training went on slowly
// while this tab was hidden …: epoch 12 → 40". (TensorFlow Playground trains in the page, on
// animation frames, which a hidden tab does not get: it stops. A learner who starts a long run and
// reads something else meanwhile finds it further on here, if slower.)
import { showNotice } from './notice.js';

/** Tell `transport` when the page is hidden or shown, while `connection` is open; returns
 *  {sync()}, to call on each (re)connection, after its hello: a new session starts shown. */
export function createVisibility(store, transport, connection) {
  let left = null;       // the frame's header when the page was hidden (null: shown, or no frame yet)
  let returned = false;  // shown again: the next frame drawn is compared with `left`

  const send = () => {
    if (connection.open) transport.send({ type: 'visibility', page: document.hidden ? 'hidden' : 'visible' });
  };
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      left = store.frame?.header || null;
      returned = false;
    } else {
      returned = left !== null;
    }
    send();
  });
  store.on('frame', (frame) => {
    if (!returned) return;
    returned = false;
    const { epoch, step, scene_id: scene } = frame.header;
    // (another scene, or fresh weights, while hidden: not the same training's epochs)
    if (scene === left.scene_id && step > left.step) {
      showNotice(`Training went on slowly while this tab was hidden, so that visible tabs come first: `
        + `epoch ${left.epoch} → ${epoch}.`);
    }
    left = null;
  });
  return {
    sync() { if (document.hidden) send(); },
  };
}
