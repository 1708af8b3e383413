// A loss that the learning rate threw up, said in the notice line under the header, where a learner
// watching the board looks: the Diagnosis that names it lies below the fold, and only a divergence
// gets the banner. Circles trained to a loss of 1e-5, then given lr 10, jumped to 5.6 and Iris at
// lr 10 sat at loss 13, with nothing said near the board.
// The findings and their words are the monitor's report's, in each frame's `diagnoses`: those that
// carry a `notice` (training_messages.loss_notice: "Learning rate too high", "The loss rose again
// after it had converged", not a divergence). One is said once, when a report first holds it, and
// again only after a report without it: the report comes twice a second with the frames.
import { showNotice } from './notice.js';

export function createLrNotice(store) {
  let said = false;     // whether the finding the report holds now has been said
  store.on('frame', (frame) => {
    const report = frame.header.diagnoses;
    if (!report) return;     // (no report in this scene yet: nothing new)
    const found = report.find((d) => d.notice);
    if (!found) { said = false; return; }
    if (said) return;
    said = true;
    showNotice(found.notice, store.state.hide?.includes('gradients') ? null : {
      label: 'Diagnosis', title: 'show this finding in the Diagnosis panel', testid: 'lr-notice-diagnosis',
      run: () => reveal(found.name) });
  });
}

/** Bring the finding `name` of the Diagnosis panel into view, the keyboard on it. */
function reveal(name) {
  const finding = document.querySelector(`[data-testid="diagnosis-${name}"]`);
  if (!finding) return;
  finding.scrollIntoView({ block: 'center' });
  finding.focus({ preventScroll: true });
}
