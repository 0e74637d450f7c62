import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantAccount } from './api';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { LoginPage } from './pages/LoginPage';
import { SecondFactorPage, appCode } from './pages/SecondFactorPage';
import { startE2eServer, type E2eServer } from './server';

/**
 * A second factor for every local account that is not a demo account (BIO; art. 15.2d): enrolled at the first
 * login, asked after the password at every later one, with the recovery codes for a lost phone.
 */
describe('second factor in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let initialPassword = '';
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    initialPassword = await grantAccount(server.url, {
      username: 'r.tweefactor',
      displayName: 'Rik Tweefactor',
      organisation: /Politie/,
      role: 'member',
      capacity: 'rechercheur',
    });
  });

  afterAll(async () => {
    for (const page of opened) await page.context.close();
    await browser?.close();
    await server?.close();
  });

  async function passwordStep() {
    const page = await openPage(browser, server.url);
    opened.push(page);
    const login = new LoginPage(page.page);
    await login.open();
    // A demonstration installation says so on the login screen.
    expect(await page.page.getByTestId('login-demo').innerText()).toContain('demonstratieomgeving');
    await login.fill('r.tweefactor', initialPassword);
    await page.page.getByTestId('login-submit').click();
    return { page, secondFactor: new SecondFactorPage(page.page) };
  }

  it('enrols at the first login, then asks the app code, and takes a recovery code once', async () => {
    const first = await passwordStep();
    await first.page.page.getByTestId('enrolment-choice').waitFor();
    await screenshot(first.page.page, '110-enrolment-r.tweefactor');
    const { secret, recoveryCodes } = await first.secondFactor.enrol();
    await first.secondFactor.keptRecoveryCodes();

    // The next login asks the code; the one enrolment used is spent, the app's next one works.
    const second = await passwordStep();
    await second.page.page.getByTestId('second-factor-form').waitFor();
    await screenshot(second.page.page, '111-second-factor-r.tweefactor');
    await second.secondFactor.enterCode(appCode(secret, Date.now() - 30_000));
    expect(await second.secondFactor.codeError()).toBe('Deze code is onjuist of verlopen.');
    await second.secondFactor.enterCode(appCode(secret, Date.now() + 30_000));
    await second.page.page.getByTestId('whoami').waitFor();

    // A lost phone: a recovery code, good once.
    const third = await passwordStep();
    await third.secondFactor.enterCode(recoveryCodes[0]!);
    await third.page.page.getByTestId('whoami').waitFor();
    const fourth = await passwordStep();
    await fourth.secondFactor.enterCode(recoveryCodes[0]!);
    expect(await fourth.secondFactor.codeError()).toBe('Deze code is onjuist of verlopen.');
    for (const page of [first, second, third]) expect(unexpectedProblems(page.page.problems)).toEqual([]);
  });
});
