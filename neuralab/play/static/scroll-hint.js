// When the network is wider than its panel (a phone, many blocks), a line above it says so,
// with buttons: a mouse wheel scrolls only up and down.
import { el } from './colors.js';
import { atLimit, stepButton } from './controls.js';
import { scrollMotion } from './motion.js';

/** The hint above `root` (the network's scrolled box); returns `show`, to call when the
 *  network's width may have changed (it follows root's own scrolling by itself). */
export function createScrollHint(root) {
  const scrollBy = (dir) => root.scrollBy({ left: dir * 0.8 * root.clientWidth, behavior: scrollMotion() });
  // at either end the button in that direction keeps the focus (controls.js's atLimit): disabled,
  // it lost it as the press that reached the end took effect
  const scrollButton = (dir, side) => stepButton({ class: 'tiny', 'aria-label': `scroll the network ${side}` },
    dir < 0 ? '◀' : '▶', () => scrollBy(dir));
  const back = scrollButton(-1, 'left'), forth = scrollButton(1, 'right');
  const hint = el('div', { class: 'scroll-hint small', testid: 'network-scroll-hint', hidden: true },
    back, el('span', { text: 'Scroll sideways to see the whole network.' }), forth);
  root.before(hint);
  root.addEventListener('scroll', show, { passive: true });

  function show() {
    const room = root.scrollWidth - root.clientWidth;
    hint.hidden = room < 1;
    atLimit(back, root.scrollLeft < 1, "the network's left end is in view", 'scroll the network left');
    atLimit(forth, root.scrollLeft > room - 1, "the network's right end is in view", 'scroll the network right');
  }

  return show;
}
