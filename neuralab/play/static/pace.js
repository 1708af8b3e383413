// Views that need not change on every frame (numbers, curves, histograms) redraw at most `hz`
// times a second: a frame's drawing then touches fewer parts of the page, which is what lets
// the network and the output map keep up with the screen. A call that comes too soon is made
// when the interval ends, so the newest state is always drawn: `draw` reads it when it runs
// (store.frame), never from the call that scheduled it.
let due = 0;   // the paced drawings waiting for their interval's end, of every view

export function paced(draw, hz) {
  const interval = 1000 / hz;
  let last = -Infinity;
  let timer = null;
  const run = () => {
    if (timer) due--;
    timer = null;
    last = performance.now();
    draw();
  };
  return () => {
    if (timer) return;
    const wait = last + interval - performance.now();
    if (wait <= 0) run();
    else { timer = setTimeout(run, wait); due++; }
  };
}

/** Whether a view has a drawing due (for the browser tests: the page shows its newest frame once
 *  none is due and no frame waits to be drawn). */
export function pacedDue() {
  return due > 0;
}
