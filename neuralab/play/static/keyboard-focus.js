// The keyboard in the network. It has one tab stop among the neurons (a roving tabindex: the
// arrow keys move it as the eye reads the network: up and down a column of neurons, left and right
// to the next column), and only the weights into the
// inspected neuron are tab stops (links.js), which Tab reaches from that neuron (tabThrough):
// a network of hundreds of neurons and thousands of links costs a few Tab presses, not thousands.
// Every edit (a weight set, a neuron added) brings a new scene, and the network is built again:
// the keyboard's focus moves to the new element of the same test id, not to the page's start.
// The same helpers keep the focus in place wherever the page builds again or hides the control
// that has it (the draw picker, the error banner, the classroom's notice), and the page's skip
// link takes it to the network.

/** The test id of the element of `container` that has the focus (null: none has); with `key`,
 *  its data attribute of that name ('follow': data-follow) instead. */
export function focusIn(container, key = 'testid') {
  const active = document.activeElement;
  return container.contains(active) ? active.dataset[key] ?? null : null;
}

/** Give the focus to the element of `container` with this test id (or data attribute `key`, a
 *  word in lower case: data-follow), if there is one; returns whether there was. */
export function refocus(container, testid, key = 'testid') {
  const node = testid && [...container.querySelectorAll(`[data-${key}]`)].find((n) => n.dataset[key] === testid);
  if (node) node.focus({ preventScroll: true });
  return !!node;
}

/** The skip link `link` (the page's first Tab stop) gives the focus to `target`, the next Tab
 *  going on from there, without the fragment its href names: the page's hash is its scene
 *  (state.js), which "#network-title" is not, and the page said the link could not be read. */
export function skipLink(link, target) {
  target.tabIndex = -1;
  link.addEventListener('click', (e) => {
    e.preventDefault();
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'start' });
  });
}

// what the Tab key may stop on (focusAfter leaves out those disabled, hidden or at tabindex -1)
const TAB_STOPS = 'a[href], button, input, select, textarea, summary, [tabindex]';

/** The page's Tab stops, in the page's order: those of TAB_STOPS not disabled, hidden or at
 *  tabindex -1. */
function tabStops() {
  return [...document.querySelectorAll(TAB_STOPS)].filter((n) => n.tabIndex >= 0 && !n.disabled && n.checkVisibility());
}

/** Give the focus to the page's first Tab stop after `node`, which had it and hides itself (the
 *  error banner dismissed, the classroom's notice as "Show everything" shows everything): the
 *  focus fell to the page, and the next Tab started again from its top. */
export function focusAfter(node) {
  tabStops().find((n) => !node.contains(n) && node.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING)?.focus();
}

/** Tab from the node `from()` (null: none) goes through the Tab stops `detour()` first, then on to
 *  the stop that followed `from` in the page; Shift+Tab comes back the same way, and Tab passes
 *  the detour's own place in the page without stopping. The inspected neuron's weights: their
 *  links' hit paths lie in an SVG after all the network's columns (links.js), so Tab went from a
 *  neuron of the first block through the next block's controls before it reached them. Only the
 *  steps into, out of and over the detour are moved; every other Tab is the browser's. */
export function tabThrough(from, detour) {
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
    const node = from(), stops = node ? detour() : [];
    if (!stops.length) return;
    const page = tabStops();
    const order = page.filter((n) => !stops.includes(n));
    if (!order.includes(node)) return;          // (not a tab stop: another neuron is the network's)
    order.splice(order.indexOf(node) + 1, 0, ...stops);
    const at = order.indexOf(e.target), step = e.shiftKey ? -1 : 1;
    if (at < 0) return;                         // (the focus on no Tab stop: the browser's Tab)
    const want = order[at + step];
    if (!want || want === page[page.indexOf(e.target) + step]) return;
    e.preventDefault();
    want.focus();
  });
}

/** The roving tab stop among the neurons of `columnsEl`; `view.neurons` maps "layer-unit" to a
 *  neuron {node, col, x, y} and `view.grid` holds them by column as drawn (x) and place in it
 *  from the top (y), neurons.js. */
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
    // Up and Down stay in the column; Left and Right go to the neuron of the next column that
    // is level with this one, or nearest to it (Right from the fifth of 8 neurons goes to the
    // middle of a layer of 3, not to its last)
    if (dy) rove(view.grid[n.x][within(n.y + dy, view.grid[n.x].length)], true);
    else rove(levelWith(n, view.grid[within(n.x + dx, view.grid.length)]), true);
  });

  /** The neuron of `column` whose middle is nearest, on the screen, to neuron `n`'s (the upper
   *  of two as near). */
  function levelWith(n, column) {
    const middle = (m) => { const r = m.node.getBoundingClientRect(); return r.top + r.height / 2; };
    const y = middle(n);
    let best = column[0];
    for (const m of column) if (Math.abs(middle(m) - y) < Math.abs(middle(best) - y)) best = m;
    return best;
  }

  /** Make neuron `n` the network's tab stop (and focus it). */
  function rove(n, focus = false) {
    if (current && current !== n) current.node.tabIndex = -1;
    current = n;
    n.node.tabIndex = 0;
    if (focus) n.node.focus();
  }

  return {
    /** The tab stop's key ("layer-unit"), to find the same neuron in the rebuilt network. */
    key: () => current && current.node.dataset.key,
    /** The network was built again: neuron `n` (if any) is the tab stop. */
    restart(n) {
      current = null;
      if (n) rove(n);
    },
  };
}

/** k kept among the indices of a list of `length` items. */
function within(k, length) { return Math.max(0, Math.min(length - 1, k)); }
