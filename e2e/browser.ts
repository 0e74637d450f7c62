import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { LoginPage } from './pages/LoginPage';
import { DEMO_PASSWORD } from './server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const ARTIFACTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'artifacts');

/**
 * Debian's Chromium, headless. No `--user-data-dir` here: Playwright refuses it in `launch()` and already gives
 * every launch a fresh temporary profile of its own, which it deletes on close.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far; a clean run has none. */
  problems: string[];
}

/** A fresh context (own cookies) in Dutch, in the Dutch time zone, with problems collected. */
export async function openPage(browser: Browser, baseURL: string): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

/**
 * Browsers log refused requests (our own 401/403 answers) as console errors; those are expected, the rest
 * (exceptions, CSP violations, Vue warnings) are not. So is Chromium's note when the stock y-websocket provider
 * sends a last awareness update on a socket the server just closed (a fenced or frozen meeting, a network switch):
 * the provider reconnects or stops by itself, and nothing is lost.
 */
export function unexpectedProblems(problems: readonly string[]): string[] {
  return problems.filter(
    (problem) =>
      !/Failed to load resource: the server responded with a status of (401|403)/.test(problem) &&
      !/WebSocket is already in CLOSING or CLOSED state/.test(problem),
  );
}

/** Full-page screenshot into e2e/artifacts/<name>.png, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * A fresh page (see openPage) with a demo user logged in. When the running test fails, a screenshot of the page
 * is kept as `FAILED-<name>-<username>`; the page is added to `opened`, for the caller to close after the tests.
 */
export async function loggedInPage(
  browser: Browser,
  baseURL: string,
  username: string,
  options: { name: string; opened: TestPage[] },
): Promise<TestPage> {
  const page = await openPage(browser, baseURL);
  options.opened.push(page);
  onTestFailed(() => screenshot(page.page, `FAILED-${options.name}-${username}`));
  const login = new LoginPage(page.page);
  await login.open();
  await login.login(username, DEMO_PASSWORD);
  return page;
}
