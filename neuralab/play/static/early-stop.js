// The early stop a run ended with (the stop's message, training.py: the epoch whose weights it put
// back, `best_epoch`, and the one it stopped at, `stopped_epoch`), for as long as the page holds
// those weights. A scene that leaves them (another speed or learning rate, a refused change shown
// again: the same scene_id at the same epoch) keeps it; one of other weights ends it: other data or
// network (another scene_id), a reset (epoch 0), training on (a later epoch). The loss chart marks
// its best epoch (curves.js) and the Python script puts those weights back (export.js) while it holds.

/** The early stop of the stop's `message`, shown with `scene`; null when the run did not stop early. */
export function earlyStop(message, scene) {
  if (message.best_epoch == null) return null;
  return { best: message.best_epoch, scene, sceneId: scene?.scene_id, epoch: message.stopped_epoch };
}

/** Whether the page still holds the weights early stop `stop` (or null) put back, `scene` shown. */
export function stillStopped(stop, scene) {
  return stop != null && (scene === stop.scene || (scene.scene_id === stop.sceneId && scene.status?.epoch === stop.epoch));
}
