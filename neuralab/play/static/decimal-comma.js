// A decimal comma in the page's number boxes. A browser set to English drops the comma typed in
// an <input type="number">: a learner who writes 0.1 as "0,1" (most of Europe) got 01, a
// learning rate of 1, and "0,001" in L2 became 1, with nothing said. In a box of fractions the
// comma goes in as the point; in a box of whole numbers (step 1: batch size, classes, sample) a
// comma can only group digits, and the browser's dropping it keeps "1,000" as 1000.

/** A box whose step is a whole number takes whole numbers only (no step attribute: step 1). */
function wholeNumbers(box) {
  const step = box.step || '1';
  return step !== 'any' && Number.isInteger(Number(step));
}

/** Have every number box under `root` that takes fractions read a comma, typed or pasted, as
 *  the decimal point. One listener for the page: the boxes made later (a weight's editor, a
 *  Dropout block's p) read it too. */
export function readCommaAsPoint(root = document) {
  root.addEventListener('beforeinput', (e) => {
    const box = e.target;
    const text = e.data ?? e.dataTransfer?.getData('text/plain') ?? '';
    if (!(box instanceof HTMLInputElement) || box.type !== 'number' || !text.includes(',') || wholeNumbers(box)) return;
    e.preventDefault();
    // inserted as the browser inserts typing: over the selection, with an input event, undoable
    document.execCommand('insertText', false, text.replaceAll(',', '.'));
  }, true);
}
