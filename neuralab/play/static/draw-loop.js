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
// that what the press changes is painted first. A press the server answers (▶, ❚❚, a step, ↺:
// `awaiting`) holds drawing until that answer is painted (`answered`), HOLD_MAX_MS at most: at 4x
// CPU throttling the answer to ❚❚ took 50 to 150 ms to come, two drawings' hold had ended, and it
// waited behind the drawings of the frames still coming (Pause showed after up to 300-500 ms).

const LONG_MS = 50;
const FALLBACK_MS = 250;   // when the browser holds animation frames back (a drag, some headless modes)
const HOLD_MAX_MS = 300;   // a press, or the answer it waits for, holds drawing back at most this long

/** A loop that calls `drawOne()` on animation frames while frames come: `arrived()` says one came;
 *  `drawOne()` draws the oldest waiting and returns whether another still waits. */
export function createDrawLoop(drawOne) {
  let waiting = false;   // a frame came that is not drawn yet
  let asked = false;     // the next drawing is asked for (or one is being drawn)
  let cost = 0;          // ms a drawing takes (the mean of the recent ones, the last counting half)
  let restUntil = 0;     // performance.now() before which no drawing starts
  let answerUntil = 0;   // the same while a press waits for the server's answer (0: none awaited)
  let fallback = null;
  let timer = null;      // the wait for the rest's end, which an answer painted cuts short
  const resumeAt = () => Math.max(restUntil, answerUntil);

  function ask() {
    if (asked || !waiting) return;
    asked = true;
    const wait = resumeAt() - performance.now();
    if (wait > 0) timer = setTimeout(request, wait);
    else request();
  }
  function request() {
    timer = null;
    const id = requestAnimationFrame(draw);
    fallback = setTimeout(() => { cancelAnimationFrame(id); draw(); }, FALLBACK_MS);
  }
  function draw() {
    clearTimeout(fallback);
    const start = performance.now();
    if (start < resumeAt()) { timer = setTimeout(request, resumeAt() - start); return; }   // a press came meanwhile
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
  function release() {
    answerUntil = 0;
    if (timer === null) return;   // (drawing, or an animation frame asked for: it looks again)
    clearTimeout(timer);
    timer = null;
    asked = false;
    ask();
  }

  return {
    arrived() { waiting = true; ask(); },
    /** A press sent the server something whose answer the learner waits to see: no drawing starts
     *  until `answered()`, or HOLD_MAX_MS. */
    awaiting() { answerUntil = Math.max(answerUntil, performance.now() + HOLD_MAX_MS); },
    /** An answer came (a status, a scene, an error): drawing resumes once the page has painted it
     *  (a task posted from an animation frame runs after that frame's paint). */
    answered() { if (answerUntil) requestAnimationFrame(() => setTimeout(release, 0)); },
    /** ms a drawing takes, smoothed (for the console and the tests) */
    get cost() { return cost; },
    /** no frame waits to be drawn and none is being drawn (for the tests) */
    get idle() { return !waiting && !asked; },
  };
}
