import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, openPage, screenshot, unexpectedProblems } from './browser';
import { AppShell } from './pages/AppShell';
import { LoginPage } from './pages/LoginPage';
import { RegisterSignalPage } from './pages/RegisterSignalPage';
import { WeighingFilePage } from './pages/WeighingFilePage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

describe('weegploegbestand in the browser', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a core party registers a signal and reads it back; an external partner is refused the file (art. 8.4)', async () => {
    // A name that appears nowhere else, so "not in the page" really means the file's data did not leak.
    const canary = `Kanarie ${randomBytes(4).toString('hex')}`;
    const description = `Deelt online oproepen tot geweld tegen instellingen (${canary}-signaal).`;
    const { page, context, problems } = await openPage(browser, server.url);
    onTestFailed(() => screenshot(page, 'FAILED-weighing-file'));
    const shell = new AppShell(page);
    const login = new LoginPage(page);

    // Politie logs in.
    await login.open();
    await screenshot(page, '01-login');
    await login.login('politie', DEMO_PASSWORD);
    expect(await shell.whoami()).toContain('Dirk Visser');
    expect(await shell.whoami()).toContain('Politie');
    expect(await shell.hasNavEntry('nav-weighing-files')).toBe(true);
    await screenshot(page, '02-meetings-politie');

    // … registers a signal about a new subject …
    await shell.goToRegisterSignal();
    const form = new RegisterSignalPage(page);
    await form.fillNewSubject({
      subject: {
        name: canary,
        dateOfBirth: '2006-04-12',
        address: 'Voorbeeldstraat 1',
        residence: 'Voorbeeldstad',
      },
      description,
      observedOn: '2025-03-10',
      reporter: { name: 'Wijkagent P. de Melder', contact: '0612345678' },
      phenomenon: 'anti_institutional',
      setting: 'online',
    });
    await screenshot(page, '03-register-signal');
    const fileId = await form.submit();

    // … and sees it in the subject's weighing file.
    const file = new WeighingFilePage(page);
    expect(await file.subjectName()).toBe(canary);
    expect(await file.signalDescriptions()).toContain(description);
    expect((await file.signalReporters()).join()).toContain('Wijkagent P. de Melder');
    expect(await shell.flashText()).toContain('geregistreerd');
    await screenshot(page, '04-weighing-file');
    // A decision is taken in a weegploeg (art. 7.3–7.4), never from the file: the police are told who puts the
    // subject on the weegploeg's agenda.
    expect(await file.hasDecisionForm()).toBe(false);
    expect(await file.agendaHint()).toContain('zet deze persoon op de agenda van de weegploeg');

    await shell.logout();
    await screenshot(page, '05-logged-out');

    // GGZ, an external case partner, is not a core party: no menu entry, and the file URL is refused.
    await login.login('ggz', DEMO_PASSWORD);
    expect(await shell.whoami()).toContain('Hans Meijer');
    expect(await shell.hasNavEntry('nav-weighing-files')).toBe(false);
    expect(await shell.hasNavEntry('nav-register-signal')).toBe(false);
    await screenshot(page, '06-meetings-ggz');

    await file.open(fileId);
    expect(await file.errorCode()).toBe('FORBIDDEN');
    const refusal = await file.errorText();
    expect(refusal).toContain('Geen toegang');
    expect(refusal).toContain('art. 8.4');
    expect(await page.content()).not.toContain(canary);
    await screenshot(page, '07-weighing-file-refused-ggz');

    // The API itself refuses too, and its refusal carries the article but not the data.
    const response = await page.request.get(`/api/weighing-files/${fileId}`);
    expect(response.status()).toBe(403);
    const body = await response.text();
    expect(body).not.toContain(canary);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'FORBIDDEN', rule: 'art. 8.4' } });

    expect(unexpectedProblems(problems)).toEqual([]);
    await context.close();
  });
});
