// The keyboard in the network. It has one tab stop among the neurons (a roving tabindex: the
// arrow keys move it), and only the weights into the inspected neuron are tab stops (links.js):
// a network of hundreds of neurons and thousands of links costs a few Tab presses, not thousands.
// Every edit (a weight set, a neuron added) brings a new scene, and the network is built again:
// the keyboard's focus moves to the new element of the same test id, not to the page's start.

/** The test id of the element of `container` that has the focus (null: none has). */
export function focusIn(container) {
  const active = document.activeElement;
  return container.contains(active) ? active.dataset.testid : null;
}

/** Give the focus to the element of `container` with this test id, if there is one. */
export function refocus(container, testid) {
  const node = testid && [...container.querySelectorAll('[data-testid]')].find((n) => n.dataset.testid === testid);
  if (node) node.focus({ preventScroll: true });
}

/** The roving tab stop among the neurons of `columnsEl`; `view.neurons` maps "layer-unit" to a
 *  neuron {node, col, x, y} and `view.grid` holds them by dense column (x) and unit (y). */
export function createRovingFocus(columnsEl, view) {
  let current = null;        // the neuron that is the network's tab stop

  columnsEl.addEventListener('focusin', (e) => {
    const n = view.neurons.get(e.target.dataset?.key);
    if (n) rove(n);
  });
  columnsEl.addEventListener('keydown', (e) => {
    const n = view.neurons.get(e.target.dataset?.key);
    const [dx, dy] = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key] || [];
    if (!n || dx === undefined) return;
    e.preventDefault();
    const column = view.grid[Math.max(0, Math.min(view.grid.length - 1, n.x + dx))];
    rove(column[Math.max(0, Math.min(column.length - 1, n.y + dy))], true);
  });

  /** Make neuron `n` the network's tab stop (and focus it). */
  function rove(n, focus = false) {
    if (current && current !== n) current.node.tabIndex = -1;
    current = n;
    n.node.tabIndex = 0;
    if (focus) n.node.focus();
  }

  return {
    /** The tab stop's key ("layer-unit"), to find the same neuron in the rebuilt network. */
    key: () => current && `${current.col.index}-${current.y}`,
    /** The network was built again: neuron `n` (if any) is the tab stop. */
    restart(n) {
      current = null;
      if (n) rove(n);
    },
  };
}
