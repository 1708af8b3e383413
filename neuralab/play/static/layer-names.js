// The page's name of a layer of the model, as the server names it in the scene
// (play/layer_names.py: "hidden layer 1 (8 tanh)", "output (1 sigmoid)", "BatchNorm after
// hidden layer 1"): every panel names a layer by it, the way the network view draws the blocks.

/** The name of layer `index` of the scene's model ("layer <index>" for one it does not hold). */
export function layerName(scene, index) {
  return scene?.network.layers.find((l) => l.index === index)?.name ?? `layer ${index}`;
}

/** The name without what it says of the block ("hidden layer 1" of "hidden layer 1 (8 tanh)"),
 *  where the room is short. */
export function shortLayerName(scene, index) {
  return layerName(scene, index).replace(/ \(.*\)$/, '');
}
