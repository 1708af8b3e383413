// A slider that a swipe meant to scroll the page leaves as it was (the Data panel's noise, points and
// train ratio, and the draw picker's value).

/** Keep `slider` (a range input) at its value through a swipe that scrolls the page. A finger put
 *  down on a slider sets it where it lands (Chromium: pointerdown, then an input at the finger's
 *  place), and a vertical swipe that began there scrolled the page and set it too (the train ratio,
 *  0.5 → 0.25, and the data built again). The browser takes such a swipe from the page with a
 *  pointercancel, before the slider's change: the value goes back to the one it had when the
 *  finger came down, and that change then changes nothing. A tap and a sideways drag of the thumb
 *  end with a pointerup instead, and apply. The readout hears an input, to show the value again. */
export function keepOnScroll(slider) {
  let before = null;   // the value when the finger came down
  slider.addEventListener('pointerdown', () => { before = slider.value; });
  slider.addEventListener('pointercancel', () => {
    if (before === null || slider.value === before) return;
    slider.value = before;
    slider.dispatchEvent(new Event('input'));
  });
}
