import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, loggedInPage, openPage, unexpectedProblems, type TestPage } from './browser';
import { LoginPage } from './pages/LoginPage';
import { PasswordPage } from './pages/PasswordPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

const NEW_PASSWORD = 'een zin van vijf woorden';

/**
 * A case worker changes the password of a local account (art. 15.2d): a wrong current password is named, the
 * change says how many other sessions ended, and from then on only the new password logs in.
 */
describe('changing the password', () => {
  let server: E2eServer;
  let browser: Browser;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const page of opened) await page.context.close();
    await browser?.close();
    await server?.close();
  });

  it('changes the password from the header, ends the other session, and logs in with the new one', async () => {
    const elsewhere = await loggedInPage(browser, server.url, 'gemeente', { name: 'password', opened });
    const here = await loggedInPage(browser, server.url, 'gemeente', { name: 'password', opened });
    const password = new PasswordPage(here.page);
    await password.openFromHeader();

    await password.change('niet-het-wachtwoord', NEW_PASSWORD);
    expect(await password.currentPasswordError()).toBe('Het huidige wachtwoord is onjuist.');

    await password.change(DEMO_PASSWORD, NEW_PASSWORD);
    expect(await password.doneText()).toContain('Uw wachtwoord is gewijzigd.');
    expect(await password.doneText()).toContain('beëindigd: 1');

    // The other browser's session has ended: its next request sends it to the login screen.
    await elsewhere.page.reload();
    await elsewhere.page.getByTestId('login-form').waitFor();

    const fresh = await openPage(browser, server.url);
    opened.push(fresh);
    const login = new LoginPage(fresh.page);
    await login.open();
    await login.fill('gemeente', DEMO_PASSWORD);
    await fresh.page.getByTestId('login-submit').click();
    expect(await login.errorText()).toBeTruthy();
    await login.login('gemeente', NEW_PASSWORD);
    expect(unexpectedProblems(here.problems)).toEqual([]);
  });

  it('lists the account sessions with the current one marked, and ends another one', async () => {
    const other = await loggedInPage(browser, server.url, 'om', { name: 'own-sessions', opened });
    const here = await loggedInPage(browser, server.url, 'om', { name: 'own-sessions', opened });
    await new PasswordPage(here.page).openFromHeader();
    const list = here.page.getByTestId('own-session');
    await list.nth(1).waitFor();
    expect(await list.count()).toBe(2);
    expect(await here.page.getByTestId('own-session-current').count()).toBe(1);
    // The session that is not this one has the button; this one is ended by logging out.
    await here.page.getByTestId('own-session-end').click();
    await here.page.getByTestId('own-session-ended').waitFor();
    // The list is read again after the end: only this session is left.
    await here.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="own-session"]').length === 1,
    );
    expect(await here.page.getByTestId('own-session-current').count()).toBe(1);
    await other.page.reload();
    await other.page.getByTestId('login-form').waitFor();
    expect(unexpectedProblems(here.problems)).toEqual([]);
  });
});
