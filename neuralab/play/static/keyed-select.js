// A menu whose choice costs a rebuild or a reload (the dataset, a block's activation, the
// optimizer), chosen from the keyboard. The arrow keys (and a letter typed) on the closed menu
// change its choice, and the browser says so at once ('change'): applied at once, ↓ loaded each
// dataset, or built each activation's network, in turn on the way to the one wanted (a large
// dataset takes seconds; a playing network trained a few batches under each optimizer passed).
// Chosen by those keys, a choice is applied by Enter or by leaving the menu, as the menu then
// shows it; from the open menu's list (Space or a click opens it), at once.

/** Call `choose()` when `select`'s choice is made: at once from its open list, on Enter or on
 *  leaving the menu for a choice keyed on the closed menu. Returns `pending()`: whether a keyed
 *  choice waits to be applied, which a new scene must not write over with the state's value. A
 *  menu whose change is cheap (the speed) keeps the browser's own 'change'. */
export function keyedSelect(select, choose) {
  let keyed = false;     // the next change comes from a key on the closed menu
  let pending = false;   // a choice made so, not applied yet
  const apply = () => {
    pending = false;
    choose();
  };
  select.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && pending) { e.preventDefault(); apply(); return; }
    keyed = !e.altKey && !e.ctrlKey && !e.metaKey && (/^(Arrow|Page|Home$|End$)/.test(e.key) || /^\S$/.test(e.key));
  });
  select.addEventListener('pointerdown', () => { keyed = false; });
  select.addEventListener('blur', () => { if (pending) apply(); });
  select.addEventListener('change', () => {
    if (keyed) { keyed = false; pending = true; } else apply();
  });
  return () => pending;
}
