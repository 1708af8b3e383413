// When the page draws the next frame. A frame is drawn on an animation frame, only when one came
// from the server since the last drawing, and the next animation frame is asked for once the
// drawing (its script, then the browser's layout and paint) is done: so on a slow machine the page
// is not always drawing, and a click, or the server's answer to it, does not wait behind drawing
// after drawing (at 4x CPU throttling, Pause waited 250 to 1050 ms for its answer to show).
//
// A long drawing, longer than LONG_MS (the browser's threshold of a long task, which holds up a
// click noticeably), is followed by a rest:
//
//     rest = max(0, c − LONG_MS)          c: what a drawing costs, in ms: the mean of the recent
//                                         ones, the last counting half
//     share of the time spent drawing = c / (c + rest)
//
// so a fast machine draws as before, at every screen refresh it can (a busy one too, whose
// drawings take a few refreshes), and a slow one draws 60 to 70 % of the time at most (at 4x CPU
// throttling a drawing took 100 to 150 ms), the rest left to clicks and to the server's answers.
// A press (pointer down, a key) holds the next drawing back by as long as two drawings take, so
// that what the press changes, the server's answer included, is painted first.

const LONG_MS = 50;
const FALLBACK_MS = 250;   // when the browser holds animation frames back (a drag, some headless modes)
const HOLD_MAX_MS = 300;   // a press holds drawing back at most this long

/** A loop that calls `drawOne()` on animation frames while frames come: `arrived()` says one came;
 *  `drawOne()` draws the oldest waiting and returns whether another still waits. */
export function createDrawLoop(drawOne) {
  let waiting = false;   // a frame came that is not drawn yet
  let asked = false;     // the next drawing is asked for (or one is being drawn)
  let cost = 0;          // ms a drawing takes (the mean of the recent ones, the last counting half)
  let restUntil = 0;     // performance.now() before which no drawing starts
  let fallback = null;

  function ask() {
    if (asked || !waiting) return;
    asked = true;
    const wait = restUntil - performance.now();
    if (wait > 0) setTimeout(request, wait);
    else request();
  }
  function request() {
    const id = requestAnimationFrame(draw);
    fallback = setTimeout(() => { cancelAnimationFrame(id); draw(); }, FALLBACK_MS);
  }
  function draw() {
    clearTimeout(fallback);
    const start = performance.now();
    if (start < restUntil) { setTimeout(request, restUntil - start); return; }   // a press came meanwhile
    waiting = drawOne();
    // a task posted from the drawing runs after the layout and the paint it caused: its delay is
    // what the drawing cost the page
    setTimeout(() => {
      const c = performance.now() - start;
      cost = (cost + c) / 2;
      restUntil = Math.max(restUntil, start + c + Math.max(0, cost - LONG_MS));   // (a press meanwhile: its hold)
      asked = false;
      ask();
    }, 0);
  }
  function hold() {
    restUntil = Math.max(restUntil, performance.now() + Math.min(2 * cost, HOLD_MAX_MS));
  }
  for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, hold, { capture: true, passive: true });

  return {
    arrived() { waiting = true; ask(); },
    /** ms a drawing takes, smoothed (for the console and the tests) */
    get cost() { return cost; },
  };
}
