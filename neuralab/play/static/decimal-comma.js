// A decimal comma in the page's number boxes. A browser set to English drops the comma typed in
// an <input type="number">: a learner who writes 0.1 as "0,1" (most of Europe) got 01, a
// learning rate of 1, and "0,001" in L2 became 1, with nothing said. A comma goes in as the point
// only where it cannot group thousands: in a box of fractions whose values stay below 1000 (the
// learning rate, L2, Dropout, a weight). In a box of whole numbers (step 1: batch size, classes,
// sample) the browser's dropping it keeps "1,000" as 1000; next to a point ("1,234.5") it groups
// digits and goes; in a box of any size (a regression's value to draw) "1,000" could be 1000 or
// 1.000, so the comma is refused there with the two ways to write it.

const AMBIGUOUS = 'write a decimal with a point (2.5), and thousands without a comma (1000)';

/** A box whose step is a whole number takes whole numbers only (no step attribute: step 1). */
function wholeNumbers(box) {
  const step = box.step || '1';
  return step !== 'any' && Number.isInteger(Number(step));
}

/** Whether every value `box` takes is below 1000 in size: a comma there is no thousands mark. */
function belowThousand(box) {
  const bound = (limit) => limit !== '' && Math.abs(Number(limit)) < 1000;
  return bound(box.max) && (box.min === '' || bound(box.min));
}

/** Have every number box under `root` that takes fractions read a comma, typed or pasted, as
 *  the decimal point where it can be nothing else (above). One listener for the page: the boxes
 *  made later (a weight's editor, a Dropout block's p) read it too. */
export function readCommaAsPoint(root = document) {
  root.addEventListener('beforeinput', (e) => {
    const box = e.target;
    const text = e.data ?? e.dataTransfer?.getData('text/plain') ?? '';
    if (!(box instanceof HTMLInputElement) || box.type !== 'number' || !text.includes(',') || wholeNumbers(box)) return;
    e.preventDefault();
    if (text.includes('.')) {
      insert(text.replaceAll(',', ''));           // "1,234.5": the comma groups digits
    } else if (belowThousand(box)) {
      insert(text.replaceAll(',', '.'));
    } else {
      box.setCustomValidity(AMBIGUOUS);           // shown beside the box until the next keystroke
      box.reportValidity();
      box.addEventListener('input', () => box.setCustomValidity(''), { once: true });
    }
  }, true);
}

// inserted as the browser inserts typing: over the selection, with an input event, undoable
function insert(text) {
  document.execCommand('insertText', false, text);
}
