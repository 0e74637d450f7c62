/**
 * An in-page link's target gets the focus (not only the scroll), so the next Tab goes on from there: a heading is
 * made focusable by script only (tabindex -1), never put in the tab order.
 */
export function focusTarget(id: string): boolean {
  const target = document.getElementById(id);
  if (!target) return false;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  target.scrollIntoView({ block: 'start' });
  return true;
}
