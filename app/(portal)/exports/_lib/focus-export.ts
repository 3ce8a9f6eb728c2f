/**
 * Brings a just-requested export into view: scrolls to its row and focuses the link that opens it, once
 * the list shows it (the list refetches after a create). Gives up after a few seconds.
 */
export function focusExportRow(id: string, tries = 50): void {
  const link = document.querySelector<HTMLAnchorElement>(`[data-export-id="${CSS.escape(id)}"] a[data-export-link]`);
  if (link) {
    link.scrollIntoView({ block: "center", behavior: "smooth" });
    link.focus({ preventScroll: true });
    return;
  }
  if (tries > 0) setTimeout(() => focusExportRow(id, tries - 1), 100);
}
