import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { frozenCaseMeeting } from './live';
import { LoginPage } from './pages/LoginPage';
import { MinutesPage } from './pages/MinutesPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

/** What the meeting recorded, wrongly, and what the subject asked to have it corrected to (art. 12). */
const WRONG = 'Betrokkene woont in FOUTKANARIE4410 en zit op de Regioschool.';
const RIGHT = 'Betrokkene woont in Lelystad en zit op de Regioschool.';
const REASON = 'Verzoek van de betrokkene d.d. 20-11-2026: woonplaats onjuist vastgelegd.';

describe('rectification of the frozen minutes on the minutes screen (art. 12)', () => {
  let server: E2eServer;
  let browser: Browser;
  let meetingId: string;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    // A casusoverleg run and frozen over the wire: the police's analysis holds the wrong text.
    ({ meetingId } = await frozenCaseMeeting(server.url, {
      title: 'Casusoverleg correctie e2e',
      subject: 'Rectificatie-Subject Casus',
      involve: ['municipality', 'police', 'mental_health'],
      analysis: WRONG,
    }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function minutesAs(username: string): Promise<TestPage & { minutes: MinutesPage }> {
    const opened = await openPage(browser, server.url);
    onTestFailed(() => screenshot(opened.page, `FAILED-rectification-${username}`));
    const login = new LoginPage(opened.page);
    await login.open();
    await login.login(username, DEMO_PASSWORD);
    const minutes = new MinutesPage(opened.page);
    await minutes.goto(meetingId);
    await minutes.waitForLoaded();
    expect(await minutes.state()).toBe('loaded');
    return { ...opened, minutes };
  }

  it('the executor corrects a field; a police member sees the corrected text marked "gecorrigeerd", not the original', async () => {
    const executor = await minutesAs('uitvoerder');
    const { minutes } = executor;
    expect(await minutes.fieldText('analysis', 'analysis')).toBe(WRONG);
    // Nothing corrected yet: no original to ask for.
    expect(await executor.page.getByTestId('minutes-show-originals').count()).toBe(0);

    // The form starts from the current text, says what a correction is, and needs a reason.
    expect(await minutes.openRectify('analysis', 'analysis')).toBe(WRONG);
    expect(await executor.page.getByTestId('minutes-rectify-explanation').innerText()).toBe(
      'Het vastgestelde verslag wordt niet gewijzigd: de correctie wordt als nieuw, gekoppeld record vastgelegd; lezers zien de gecorrigeerde tekst.',
    );
    await minutes.rectifyText().fill(RIGHT);
    await executor.page.getByTestId('minutes-rectify-submit').click();
    await executor.page.getByText('Geef de reden van de correctie.').waitFor();
    expect(await minutes.rectifyReason().evaluate((input) => input === document.activeElement)).toBe(true);
    await screenshot(executor.page, '80-rectify-form-uitvoerder');
    await executor.page.getByRole('button', { name: 'Annuleren' }).click();
    await minutes.rectifyText().waitFor({ state: 'detached' });

    await minutes.rectify('analysis', 'analysis', { text: RIGHT, reason: REASON });
    expect(await minutes.fieldText('analysis', 'analysis')).toBe(RIGHT);
    await minutes.correctedMark('analysis', 'analysis').waitFor();
    expect(await minutes.rectifications('analysis').innerText()).toContain(REASON);
    expect(await minutes.isVerified()).toBe(true);

    // The original only on request, for the executor.
    expect(await minutes.originals('analysis')).toEqual([]);
    await minutes.showOriginals(true);
    expect(await minutes.originals('analysis')).toEqual([WRONG]);
    expect(await minutes.fieldText('analysis', 'analysis')).toBe(RIGHT);
    await screenshot(executor.page, '81-rectified-uitvoerder');
    await minutes.showOriginals(false);
    expect(await minutes.originals('analysis')).toEqual([]);
    expect(unexpectedProblems(executor.problems)).toEqual([]);

    // A police member: the corrected text with its mark and reason; the original nowhere; no correcting.
    const police = await minutesAs('politie');
    expect(await police.minutes.fieldText('analysis', 'analysis')).toBe(RIGHT);
    await police.minutes.correctedMark('analysis', 'analysis').waitFor();
    expect(await police.minutes.correctedMark('analysis', 'analysis').innerText()).toBe('gecorrigeerd');
    expect(await police.minutes.rectifications('analysis').innerText()).toContain(REASON);
    expect(await police.minutes.html()).not.toContain('FOUTKANARIE4410');
    expect(await police.page.getByTestId('minutes-rectify').count()).toBe(0);
    expect(await police.page.getByTestId('minutes-show-originals').count()).toBe(0);
    expect(await police.minutes.isVerified()).toBe(true);
    await screenshot(police.page, '82-rectified-politie');
    expect(unexpectedProblems(police.problems)).toEqual([]);

    for (const p of [executor, police]) await p.context.close();
  });
});
