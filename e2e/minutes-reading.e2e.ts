import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { violationsOn } from './axe';
import { launchBrowser, openPage, screenshot, unexpectedProblems } from './browser';
import { frozenCaseMeeting } from './live';
import { LoginPage } from './pages/LoginPage';
import { MinutesPage } from './pages/MinutesPage';
import { MinutesReadingPage } from './pages/MinutesReadingPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

const WRONG = 'Betrokkene woont in Almere en werkt bij de gemeente.';
const RIGHT = 'Betrokkene woont in Lelystad en werkt bij de gemeente.';
const REASON = 'De woonplaats klopt niet: Lelystad sinds oktober.';
const REFUSAL = 'Het verslag geeft weer wat in het overleg is gezegd; de werkgever is toen niet besproken.';

describe('reading, acknowledging and correcting the frozen minutes (art. 7.4, 12)', () => {
  let server: E2eServer;
  let browser: Browser;
  let meetingId: string;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    // The chair and the police attended; the police's analysis holds the wrong place of residence.
    ({ meetingId } = await frozenCaseMeeting(server.url, {
      title: 'Casusoverleg lezen e2e',
      subject: 'Lezen-Subject Casus',
      involve: ['municipality', 'police', 'mental_health'],
      analysis: WRONG,
    }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function loginAs(username: string) {
    const opened = await openPage(browser, server.url);
    onTestFailed(() => screenshot(opened.page, `FAILED-minutes-reading-${username}`));
    const login = new LoginPage(opened.page);
    await login.open();
    await login.login(username, DEMO_PASSWORD);
    return { ...opened, minutes: new MinutesPage(opened.page), reading: new MinutesReadingPage(opened.page) };
  }

  it('a participant is told the minutes are there, reads them, marks them as seen and asks for a correction', async () => {
    const police = await loginAs('politie');
    // "Verslag beschikbaar" links to the minutes.
    await police.reading.availableLink(meetingId).click();
    await police.minutes.waitForLoaded();
    expect(await police.minutes.fieldText('analysis', 'analysis')).toBe(WRONG);
    expect(await police.reading.acknowledgePanel().getAttribute('data-acknowledged')).toBe('false');

    expect(await police.reading.acknowledge()).toMatch(/^U hebt dit verslag gezien op /);
    expect(await police.reading.acknowledgePanel().getAttribute('data-acknowledged')).toBe('true');
    // Seen: no longer announced.
    expect(await police.reading.availableLink(meetingId).count()).toBe(0);

    // The form, open, is as accessible as the screen.
    await police.reading.askButton('analysis', 'analysis').click();
    expect(await violationsOn(police.page)).toEqual([]);
    await police.page.getByRole('button', { name: 'Annuleren' }).click();
    await police.reading.askCorrection('analysis', 'analysis', REASON);
    expect(await police.reading.status('analysis')).toBe('requested');
    expect(await police.reading.request('analysis').innerText()).toContain(REASON);
    // A participant sees no one else's reading, and corrects nothing themselves.
    expect(await police.page.getByTestId('minutes-acknowledgements').count()).toBe(0);
    expect(await police.page.getByTestId('minutes-carry-out').count()).toBe(0);
    await screenshot(police.page, '85-minutes-reading-politie');
    expect(unexpectedProblems(police.problems)).toEqual([]);
  });

  it('the chair sees who has not seen the minutes yet', async () => {
    const chair = await loginAs('voorzitter');
    await chair.minutes.goto(meetingId);
    await chair.minutes.waitForLoaded();
    const seen = await chair.reading.seen();
    expect(seen.filter((p) => p.seen)).toHaveLength(1);
    // The chair attended too and has not marked them as seen.
    expect(seen.filter((p) => !p.seen).length).toBeGreaterThanOrEqual(1);
    expect(await chair.reading.acknowledgePanel().getAttribute('data-acknowledged')).toBe('false');
    expect(unexpectedProblems(chair.problems)).toEqual([]);
  });

  it('the executor carries the request out as a rectification linked to it; the requester sees it done', async () => {
    const executor = await loginAs('uitvoerder');
    await executor.minutes.goto(meetingId);
    await executor.minutes.waitForLoaded();
    expect((await executor.reading.seen()).some((p) => p.seen)).toBe(true);
    expect(await executor.reading.request('analysis').innerText()).toContain(REASON);
    expect(await violationsOn(executor.page)).toEqual([]);
    await executor.reading.carryOut('analysis', RIGHT);
    expect(await executor.minutes.fieldText('analysis', 'analysis')).toBe(RIGHT);
    // The request's reason became the reason of the rectification.
    expect(await executor.minutes.rectifications('analysis').innerText()).toContain(REASON);
    await screenshot(executor.page, '86-minutes-request-carried-out-uitvoerder');
    expect(unexpectedProblems(executor.problems)).toEqual([]);

    const police = await loginAs('politie');
    await police.minutes.goto(meetingId);
    await police.minutes.waitForLoaded();
    expect(await police.reading.status('analysis')).toBe('rectified');
    expect(await police.minutes.fieldText('analysis', 'analysis')).toBe(RIGHT);
  });

  it('the executor refuses a request with reasons; the requester reads them and the minutes stay as they are', async () => {
    const police = await loginAs('politie');
    await police.minutes.goto(meetingId);
    await police.minutes.waitForLoaded();
    await police.reading.askCorrection(
      'analysis',
      'analysis',
      'Hij werkt niet bij de gemeente maar bij de provincie.',
    );

    const executor = await loginAs('uitvoerder');
    await executor.minutes.goto(meetingId);
    await executor.minutes.waitForLoaded();
    expect(await executor.reading.status('analysis')).toBe('requested');
    await executor.reading.request('analysis').getByTestId('minutes-refuse-correction').click();
    expect(await violationsOn(executor.page)).toEqual([]);
    await executor.page.getByRole('button', { name: 'Annuleren' }).click();
    await executor.reading.refuse('analysis', REFUSAL);
    expect(await executor.minutes.fieldText('analysis', 'analysis')).toBe(RIGHT);

    await police.minutes.goto(meetingId);
    await police.minutes.waitForLoaded();
    const refused = police.page
      .locator('[data-testid="minutes-correction-request"][data-status="refused"]')
      .first();
    expect(await refused.getByTestId('minutes-correction-answer').innerText()).toContain(REFUSAL);
    expect(unexpectedProblems(executor.problems)).toEqual([]);
  });
});
