import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api';
import { launchBrowser, loggedInPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { frozenCaseMeeting } from './live';
import { AppShell } from './pages/AppShell';
import { MinutesPage } from './pages/MinutesPage';
import { PartyNoticesPage } from './pages/PartyNoticesPage';
import { startE2eServer, type E2eServer } from './server';

const TITLE = 'Casusoverleg kennisgeving e2e';
const WRONG = 'Betrokkene volgt een opleiding bij KENNISFOUT7731 in Almere.';
const RIGHT = 'Betrokkene volgt een opleiding bij het ROC in Almere.';
const REASON = 'Verzoek van de betrokkene: onderwijsinstelling onjuist vastgelegd.';

/** A meeting's date as the notice names it: the long Dutch date in the reader's (Dutch) time zone. */
const dutchLongDate = (instant: string) =>
  new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(
    new Date(instant),
  );

/**
 * Art. 12.6: "Zij doet hiervan een kennisgeving aan partijen." The executor corrects the frozen minutes; the
 * parties whose people attended the item and could read the field are told in the app, see it in the header,
 * read the correction in their own view of the minutes and acknowledge it for their party; the executor sees
 * who did. A party that was not there is told nothing.
 */
describe('notices to the parties of a correction (art. 12.6)', () => {
  let server: E2eServer;
  let browser: Browser;
  let meetingId: string;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    // The chair's municipality and the police attended the item; probation was not involved at all.
    ({ meetingId } = await frozenCaseMeeting(server.url, {
      title: TITLE,
      subject: 'Kennisgeving-Subject Casus',
      involve: ['municipality', 'police', 'mental_health'],
      analysis: WRONG,
    }));
  });

  afterAll(async () => {
    for (const page of opened) await page.context.close();
    await browser?.close();
    await server?.close();
  });

  async function loginAs(username: string): Promise<TestPage & { shell: AppShell }> {
    const page = await loggedInPage(browser, server.url, username, { name: 'notices', opened });
    return { ...page, shell: new AppShell(page.page) };
  }

  it('the executor corrects, the police read and acknowledge, the executor sees who did', async () => {
    // The executor corrects the analysis and is told how many parties were sent a notice.
    const executor = await loginAs('uitvoerder');
    const minutes = new MinutesPage(executor.page);
    await minutes.goto(meetingId);
    await minutes.waitForLoaded();
    await minutes.rectify('analysis', 'analysis', { text: RIGHT, reason: REASON });
    expect(await executor.shell.flashText()).toContain('Kennisgeving verstuurd aan 2 partijen (art. 12.6)');
    await screenshot(executor.page, '120-rectified-notice-sent-uitvoerder');

    // A police member: the count in the header, and the notice in plain words, not yet seen.
    const police = await loginAs('politie');
    await police.shell.partyNoticesBadge().waitFor();
    expect(await police.shell.partyNoticesBadge().getAttribute('data-count')).toBe('1');
    await police.shell.goToPartyNotices();
    const notices = new PartyNoticesPage(police.page);
    await notices.waitLoaded();
    expect(await notices.notices().count()).toBe(1);
    const notice = notices.notices().first();
    const { scheduledAt } = await (await apiAs(server.url, 'uitvoerder')).get(`/api/meetings/${meetingId}`);
    expect(await notices.text(notice)).toBe(
      `Het verslag van ${TITLE} (${dutchLongDate(scheduledAt)}), agendapunt 1, is gecorrigeerd (art. 12.6).`,
    );
    expect(await notices.isAcknowledged(notice)).toBe(false);
    expect(await notices.acknowledgement(notice)).toBe('Nog niet gezien');
    // The notice itself holds nothing of the correction.
    const listed = await police.page.locator('main').innerText();
    for (const canary of [WRONG, RIGHT, REASON]) expect(listed).not.toContain(canary);
    await screenshot(police.page, '121-notice-politie');

    // The link leads to the police's own view of the minutes, with the corrected text.
    await notices.openMinutes(notice);
    const policeMinutes = new MinutesPage(police.page);
    await policeMinutes.waitForLoaded();
    // Opened at the corrected agenda item.
    await police.page.locator('#agendapunt-1:focus').waitFor();
    expect(await policeMinutes.fieldText('analysis', 'analysis')).toBe(RIGHT);
    await policeMinutes.correctedMark('analysis', 'analysis').waitFor();

    // Back, and seen for the police: who and when, and the count is gone.
    await police.page.goBack();
    await notices.waitLoaded();
    await notices.acknowledge(notices.notices().first());
    expect(await notices.acknowledgement(notices.notices().first())).toMatch(/^Gezien door Dirk Visser op /);
    expect(await police.page.getByTestId('party-notice-acknowledge').count()).toBe(0);
    await police.shell.partyNoticesBadge().waitFor({ state: 'detached' });
    expect(await police.shell.flashText()).toContain('als gezien gemarkeerd');
    await screenshot(police.page, '122-notice-acknowledged-politie');
    expect(unexpectedProblems(police.problems)).toEqual([]);

    // The executor: the notice sent, per party, and that the police saw it.
    await executor.shell.goToPartyNotices();
    const sentPage = new PartyNoticesPage(executor.page);
    await sentPage.openSent();
    expect(await sentPage.sent().count()).toBe(1);
    const sent = sentPage.sent().first();
    expect(await sent.getByTestId('sent-notice-text').innerText()).toContain(`Het verslag van ${TITLE}`);
    expect(await sent.getByTestId('sent-notice-summary').innerText()).toBe('1 van 2 gezien');
    const parties = await sentPage.sentParties(sent);
    expect(parties.map(({ organisation, acknowledged }) => ({ organisation, acknowledged }))).toEqual([
      { organisation: 'Gemeente Voorbeeldstad', acknowledged: false },
      { organisation: 'Politie Eenheid Voorbeeld', acknowledged: true },
    ]);
    expect(parties[0]!.text).toBe('Nog niet gezien');
    expect(parties[1]!.text).toMatch(/^Gezien door Dirk Visser op /);
    await screenshot(executor.page, '123-notices-sent-uitvoerder');
    expect(unexpectedProblems(executor.problems)).toEqual([]);
  });

  it('a party that was not there is told nothing; a role without a party has no Kennisgevingen', async () => {
    const probation = await loginAs('reclassering');
    expect(await probation.shell.hasNavEntry('nav-party-notices')).toBe(true);
    expect(await probation.shell.partyNoticesBadge().count()).toBe(0);
    await probation.shell.goToPartyNotices();
    const notices = new PartyNoticesPage(probation.page);
    await notices.waitLoaded();
    await notices.empty().waitFor();
    expect(await notices.notices().count()).toBe(0);
    // Not a tab for the notices sent: that is the executor's.
    expect(await probation.page.getByTestId('party-notices-tab-sent').count()).toBe(0);
    expect(await probation.page.locator('main').innerText()).not.toContain(TITLE);
    expect(unexpectedProblems(probation.problems)).toEqual([]);

    const officer = await loginAs('functionaris');
    expect(await officer.page.getByTestId('nav-oversight').isVisible()).toBe(true);
    expect(await officer.page.getByTestId('nav-party-notices').count()).toBe(0);
  });
});
