// A line at the foot of a panel that shows, in words, what the element the keyboard is on shows
// the mouse in its title (a chart's values, an image's caption): a panel of canvases and images
// tells a keyboard user, who holds no mouse over them, what each one is.

/** Show the title of the element focused in `panel` in a line at its foot (none: no line). */
export function showFocused(panel) {
  const line = document.createElement('div');
  line.className = 'small focus-readout';
  line.setAttribute('aria-hidden', 'true');   // (a screen reader reads the element's own label)
  line.hidden = true;
  panel.append(line);
  const show = (node) => {
    const words = node?.title || '';
    line.textContent = words;
    line.hidden = !words;
  };
  panel.addEventListener('focusin', (e) => show(e.target));
  panel.addEventListener('focusout', (e) => { if (!panel.contains(e.relatedTarget)) show(null); });
  return { refresh: () => show(panel.contains(document.activeElement) ? document.activeElement : null) };
}
