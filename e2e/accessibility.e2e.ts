import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../server/demo/seed';
import { apiAs } from './api';
import { violationsOn } from './axe';
import { launchBrowser, openPage, type TestPage } from './browser';
import { controlAs, frozenCaseMeeting, frozenWeighingDecision } from './live';
import { LoginPage } from './pages/LoginPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

/** Every demo login: one per role and organisation of the demo covenant. */
const ROLES = DEMO_LOGINS.map((login) => login.username);

/**
 * Accessibility as a gate (WCAG 2.1 A and AA, as the Dutch government's own digital accessibility rules require):
 * every screen, for every role of the demo covenant, scanned with axe-core; a single violation fails the run.
 * A role that may not open a screen gets its refusal page, which is scanned too.
 */
describe('accessibility of every screen for every role', { timeout: 600_000 }, () => {
  let server: E2eServer;
  let browser: Browser;
  let paths: string[] = [];
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const weighing = await frozenWeighingDecision(server.url, {
      subject: 'Toegankelijk Subject',
      description: 'Deelt oproepen tot geweld.',
      reporter: { name: 'Melder Toegankelijk', contact: '06-12345678' },
    });
    const casus = await frozenCaseMeeting(server.url, {
      title: 'Casusoverleg toegankelijkheid',
      subject: 'Casus Toegankelijk',
      involve: ['police', 'mental_health'],
      analysis: 'Analyse voor de scan.',
    });
    const executor = await apiAs(server.url, 'uitvoerder');
    const meetings = (await executor.get('/api/meetings')).meetings as { id: string; state: string }[];
    const upcoming = meetings.find((m) => m.state === 'scheduled')!;
    // The live screen as it is during a meeting: opened by the chair.
    const chair = await controlAs(server.url, 'voorzitter', upcoming.id);
    await chair.call('chair:open', { meetingId: upcoming.id });
    chair.socket.disconnect();
    const cases = (await executor.get('/api/case-files')).caseFiles as { id: string }[];
    paths = [
      '/overleggen',
      `/overleggen/${upcoming.id}`,
      `/overleggen/${upcoming.id}/live`,
      `/overleggen/${weighing.meetingId}/verslag`,
      `/overleggen/${casus.meetingId}/verslag`,
      '/weegploegbestand',
      `/weegploegbestand/${weighing.weighingFileId}`,
      '/signaal-registreren',
      ...(cases[0] ? [`/casusoverlegbestand/${cases[0].id}`] : []),
      '/informatieplicht',
      '/verzoeken',
      '/kennisgevingen',
      '/convenant',
      '/autorisaties',
      '/toezicht?tab=log',
      '/toezicht?tab=reviews',
      '/toezicht?tab=incidents',
      '/bewaartermijnen',
      '/wachtwoord',
      '/bestaat-niet',
    ];
  });

  afterAll(async () => {
    for (const page of opened) await page.context.close();
    await browser?.close();
    await server?.close();
  });

  it('the login screen', async () => {
    const tab = await openPage(browser, server.url);
    opened.push(tab);
    await new LoginPage(tab.page).open();
    expect(await violationsOn(tab.page)).toEqual([]);
  });

  it.each(ROLES)('every screen as %s', async (username) => {
    const tab = await openPage(browser, server.url);
    opened.push(tab);
    await new LoginPage(tab.page).open();
    await new LoginPage(tab.page).login(username, DEMO_PASSWORD);
    const found: string[] = [];
    for (const path of paths) {
      await tab.page.goto(path);
      for (const violation of await violationsOn(tab.page)) found.push(`${path}: ${violation}`);
    }
    await tab.context.close();
    expect(found).toEqual([]);
  });
});
