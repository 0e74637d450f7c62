// Page-level browser actions, kept in one .ts module (ESLint has no browser globals configured for .vue files).

/** Leaves the single-page app for a fresh page load: nothing read during the session stays in memory. */
export function loadFreshPage(path: string): void {
  window.location.replace(path);
}

/**
 * Confirms again at the partner's identity provider the session was opened with (a full-page redirect there and
 * back); returns to the page the person is on now.
 */
export function confirmAtIdentityProvider(): void {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/api/login/oidc/step-up?return=${encodeURIComponent(here)}`);
}

export function reloadPage(): void {
  window.location.reload();
}

export function setDocumentTitle(title: string): void {
  document.title = title;
}
