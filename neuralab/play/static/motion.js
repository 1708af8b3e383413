// The page's own scrolls under the system's "reduce motion" (prefers-reduced-motion): they jump
// instead of gliding. (Its animations stop in access.css.)

/** The `behavior` of a scroll the page makes: 'smooth', or 'instant' where motion is turned off. */
export function scrollMotion() {
  return matchMedia('(prefers-reduced-motion: reduce)').matches ? 'instant' : 'smooth';
}
