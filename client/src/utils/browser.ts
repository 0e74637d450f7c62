// Page-level browser actions, kept in one .ts module (ESLint has no browser globals configured for .vue files).

/** Leaves the single-page app for a fresh page load: nothing read during the session stays in memory. */
export function loadFreshPage(path: string): void {
  window.location.replace(path);
}

export function reloadPage(): void {
  window.location.reload();
}

export function setDocumentTitle(title: string): void {
  document.title = title;
}
