import type { Browser, CDPSession } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantAccount } from './api';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { LoginPage } from './pages/LoginPage';
import { OversightPage } from './pages/OversightPage';
import { SecondFactorPage } from './pages/SecondFactorPage';
import { StepUpDialog } from './pages/StepUpDialog';
import { startE2eServer, type E2eServer } from './server';

/**
 * Passkeys, the main second factor (BIO: strong authentication; art. 15.2d), in Chromium with the DevTools
 * Protocol's virtual authenticator: a platform authenticator that verifies the person (as a fingerprint would).
 * The page is on localhost: a passkey belongs to a host name, and browsers take no IP address as one.
 */
describe('passkeys in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let initialPassword = '';
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    initialPassword = await grantAccount(server.url, {
      username: 'f.sleutel',
      displayName: 'Fleur Sleutel',
      organisation: /Gemeente/,
      role: 'officer',
      capacity: 'functionaris gegevensbescherming',
    });
  });

  afterAll(async () => {
    for (const page of opened) await page.context.close();
    await browser?.close();
    await server?.close();
  });

  async function virtualAuthenticator(
    cdp: CDPSession,
    transport: 'internal' | 'usb' = 'internal',
  ): Promise<string> {
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport,
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return authenticatorId;
  }

  it('makes a passkey at the first login, logs in with it, and confirms a step-up with it', async () => {
    const tab = await openPage(browser, server.url.replace('127.0.0.1', 'localhost'));
    opened.push(tab);
    const { page } = tab;
    const login = new LoginPage(page);
    const secondFactor = new SecondFactorPage(page);
    await login.open();
    const cdp = await tab.context.newCDPSession(page);
    const authenticatorId = await virtualAuthenticator(cdp);

    // First login: the choice, a passkey first; the recovery codes once.
    await login.fill('f.sleutel', initialPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('enrolment-choice').waitFor();
    await screenshot(page, '112-enrolment-choice-f.sleutel');
    expect(await secondFactor.enrolPasskey()).toHaveLength(10);
    await secondFactor.keptRecoveryCodes();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.rpId).toBe('localhost');

    // The next login asks the passkey; an authenticator that cannot verify the person is not enough.
    // Logging out lands on the login screen by itself (a second navigation now would abort that one).
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await login.fill('f.sleutel', initialPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('second-factor-passkey').waitFor();
    await screenshot(page, '113-second-factor-passkey-f.sleutel');
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await secondFactor.usePasskey();
    expect(await secondFactor.passkeyError()).toMatch(/passkey/i);
    expect(await page.getByTestId('whoami').count()).toBe(0);
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
    await secondFactor.usePasskey();
    await page.getByTestId('whoami').waitFor();
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0]!.signCount).toBeGreaterThan(credentials[0]!.signCount);

    // Ten minutes on, the access-log export asks again: the password, then the passkey.
    await server.database.db.execute(
      sql`update sessions set created_at = now() - interval '11 minutes', authenticated_at = null`,
    );
    const oversight = new OversightPage(page);
    await oversight.goto('log');
    const stepUp = new StepUpDialog(page);
    const csv = await oversight.downloadCsv(async () => {
      await stepUp.waitForOpen();
      await stepUp.confirmWithPasskey(initialPassword);
      await stepUp.waitForClosed();
    });
    expect(csv.text).toContain('seq;at;user;organisation');
    // Under "Account en beveiliging": a spare key on another authenticator, then the first one removed as lost;
    // the last one stays (the session's login is recent: no second question).
    await page.goto('/wachtwoord');
    await page.getByTestId('own-passkey').first().waitFor();
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    const spare = await virtualAuthenticator(cdp, 'usb');
    await page.getByTestId('own-passkey-add').click();
    await page.getByTestId('own-passkeys-done').waitFor();
    expect(await page.getByTestId('own-passkey').count()).toBe(2);
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId: spare })).credentials).toHaveLength(
      1,
    );
    await screenshot(page, '114-own-passkeys-f.sleutel');
    await page.getByTestId('own-passkey-remove').first().click();
    await page.getByTestId('own-passkeys-done').waitFor();
    expect(await page.getByTestId('own-passkey').count()).toBe(1);
    await page.getByTestId('own-passkey-remove').click();
    await page.getByTestId('own-passkeys').getByTestId('error-notice').waitFor();
    expect(await page.getByTestId('own-passkey').count()).toBe(1);

    // The first answer of the step-up (400: a second factor is due) is part of the conversation, not a fault.
    // The refused removal of the last passkey (409) is an answer shown to the person, not a fault.
    const problems = unexpectedProblems(tab.problems).filter((p) => !/status of (400|409)/.test(p));
    expect(problems).toEqual([]);
  });
});
