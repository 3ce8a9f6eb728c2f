/**
 * Where the focus goes after a dialog whose opener left with what it removed (a member, an endpoint): the
 * heading of the list it was in, made focusable for this, so a keyboard user goes on from there rather
 * than from the top of the page.
 */
export function focusHeading(id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus();
}
