import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { apiAs } from './api';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { controlAs } from './live';
import { LiveMeetingPage } from './pages/LiveMeetingPage';
import { LoginPage } from './pages/LoginPage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

/** The demo weegploeg (server/demo/cases.ts): two fictional subjects on its agenda. */
const DEMO_WEEGPLOEG = 'Weegploeg Regio Voorbeeld';

interface Participant extends TestPage {
  name: string;
  live: LiveMeetingPage;
}

describe('live meeting in the browser', () => {
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

  /**
   * The weegploeg records its decision on an agenda item's subject in this meeting (art. 7.4), through the API as
   * the executor (the screen for it has its own test, weighing-decision.e2e.ts).
   */
  async function recordDecision(meetingId: string, itemId: string, outcome: string): Promise<void> {
    const executor = await apiAs(server.url, 'uitvoerder');
    const meeting = await executor.get(`/api/meetings/${meetingId}`);
    const item = meeting.agenda.find((i: { id: string }) => i.id === itemId);
    const covenant = await executor.get('/api/covenant');
    const core = covenant.parties.filter((p: { kind: string }) => p.kind === 'core');
    await executor.post(`/api/weighing-files/${item.weighingFileId}/decisions`, {
      meetingId,
      outcome,
      grounds: 'Het beeld is nog onvolledig; de school wordt eerst gehoord.',
      findings: covenant.referenceFramework.criteria.map((c: { id: string }) => ({
        criterionId: c.id,
        finding: 'unknown',
        grounds: '',
      })),
      decidedByPartyIds: core.map((p: { id: string }) => p.id),
      involvedPartyIds: [],
    });
  }

  /** Logs in, finds the demo weegploeg in "Mijn overleggen" and opens its live screen. */
  async function join(username: string, name: string, expectedLink: RegExp): Promise<Participant> {
    const opened = await openPage(browser, server.url);
    onTestFailed(() => screenshot(opened.page, `FAILED-live-${username}`));
    const login = new LoginPage(opened.page);
    await login.open();
    await login.login(username, DEMO_PASSWORD);
    const meetings = new MeetingsPage(opened.page);
    await meetings.waitLoaded();
    await meetings.openMeeting(DEMO_WEEGPLOEG);
    const meeting = new MeetingPage(opened.page);
    expect(await meeting.liveLinkText()).toMatch(expectedLink);
    await meeting.openLive();
    const live = new LiveMeetingPage(opened.page);
    await live.waitConnected();
    return { ...opened, name, live };
  }

  it('the chair leads, members follow and co-edit, an offline member loses nothing, every item gets its outcome, closing stops editing', async () => {
    const chair = await join('voorzitter', 'Anna de Vries', /Live overleg openen/);
    expect(await chair.live.meetingState()).toBe('Gepland');
    await screenshot(chair.page, '20-live-scheduled-chair');

    const police = await join('politie', 'Dirk Visser', /Deelnemen/);
    const municipality = await join('gemeente', 'Carla Bakker', /Deelnemen/);
    const everyone = [chair, police, municipality];
    const members = [police, municipality];

    // Everybody is present, on every screen.
    for (const p of everyone) await p.live.waitForPresent(3);
    expect(await chair.live.presentNames()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Anna de Vries'),
        expect.stringContaining('Dirk Visser'),
        expect.stringContaining('Carla Bakker'),
      ]),
    );

    // The chair opens the meeting and moves to the second agenda item; both members follow.
    await chair.live.openMeeting();
    for (const p of members) await p.live.waitForMeetingState('open');
    const secondSubject = await chair.live.agendaItemText(2);
    await chair.live.discuss(2);
    for (const p of members) {
      await p.live.waitForCurrentItem(secondSubject);
      expect(await p.live.currentAgendaPosition()).toBe(2);
      expect(await p.live.currentItemTitle()).toContain(secondSubject);
    }
    for (const p of everyone) await p.live.waitConnected();

    // The police type the analysis; the municipality sees it appear.
    const first = 'Stickers en bedreigingen wijzen op een rechts-extremistische oriëntatie.';
    await police.live.typeAtEnd('analysis', first);
    await municipality.live.waitForText('analysis', first);
    // A screen reader hears who started editing which field (politely, once), never the text.
    await municipality.live.waitForAnnouncement('Dirk Visser bewerkt Algehele analyse');
    expect(await municipality.live.announcement()).not.toContain('Stickers');
    await chair.live.waitForText('analysis', first);

    // A remote edit does not move the local caret: the municipality types at the start while the police
    // append, and each lands where it was typed.
    const heading = 'Analyse G2/G6: ';
    const appended = ' Geen aanwijzingen voor reisbewegingen.';
    await Promise.all([
      municipality.live.typeAtStart('analysis', heading),
      police.live.typeAtEnd('analysis', appended),
    ]);
    const expected = `${heading}${first}${appended}`;
    for (const p of everyone) await p.live.waitForText('analysis', expected);

    // The municipality raises a hand; the chair sees it.
    await municipality.live.toggleHand();
    await chair.live.waitForRaisedHand('Carla Bakker');
    await screenshot(chair.page, '21-live-discussing-chair');
    await screenshot(municipality.page, '22-live-discussing-gemeente');

    // The network drops for the police. They keep typing; the screen says the changes are not sent yet.
    await police.context.setOffline(true);
    await police.live.waitForConnection('offline');
    const offline = ' Offline toegevoegd: buurtbemiddelaar meldt nieuwe incidenten.';
    await police.live.typeAtEnd('analysis', offline);
    expect(await police.live.hasUnsentChanges()).toBe(true);
    expect(await police.live.connectionText()).toContain('Niet-verzonden wijzigingen');
    await screenshot(police.page, '23-live-offline-politie');
    // Nobody else has it yet: it really waited on the police's device.
    await municipality.page.waitForTimeout(1_000);
    expect(await municipality.live.value('analysis')).not.toContain('Offline toegevoegd');

    const secondItemId = await chair.live.currentItemId();
    // Meanwhile the chair moves back to the first item; the municipality follows, the offline police cannot.
    const firstSubject = await chair.live.agendaItemText(1);
    await chair.live.discuss(1);
    await municipality.live.waitForCurrentItem(firstSubject);
    expect(await police.live.currentItemTitle()).toContain(secondSubject);
    // The move is announced in the live region.
    await municipality.live.waitForAnnouncement(`Nu besproken: `);
    expect(await municipality.live.announcement()).toContain(firstSubject);

    // Back online: the police follow the chair, and their offline edit to the second item is still sent. The
    // second item's document reconnects late on purpose, so the screen has already moved to the first item
    // when the edit goes out (the edit must not be dropped with the old document).
    // Only this reconnection is held back: a later visit to the item connects at once.
    let holdBack = true;
    await police.page.routeWebSocket(
      (url) => url.pathname.startsWith('/api/live/yjs/'),
      async (ws) => {
        if (holdBack && ws.url().includes(`/item/${secondItemId}/`))
          await new Promise((resolve) => setTimeout(resolve, 2_000));
        ws.connectToServer();
      },
    );
    await police.context.setOffline(false);
    await police.live.waitForCurrentItem(firstSubject);
    await police.live.waitConnected();
    await police.live.waitAllSent();
    holdBack = false;
    await chair.live.discuss(2);
    for (const p of everyone) {
      await p.live.waitForCurrentItem(secondSubject);
      await p.live.waitForText('analysis', `${expected}${offline}`);
    }
    await screenshot(municipality.page, '24-live-after-reconnect-gemeente');

    const meetingId = new URL(chair.page.url()).pathname.split('/')[2]!;

    // Closing needs an outcome for every agenda item: the chair's close button says which items still lack one.
    expect(await chair.page.getByTestId('live-close-meeting').isDisabled()).toBe(true);
    expect(await chair.live.closeBlocked().innerText()).toMatch(/agendapunt 1 .*agendapunt 2 /s);

    // The first item: no weegploeg decision is recorded for its subject in this meeting, so there is nothing to
    // agree to (art. 7.4). The chair is told what to do, and carries the item over to the next weegploeg.
    await chair.live.discuss(1);
    for (const p of members) await p.live.waitForCurrentItem(firstSubject);
    expect(await chair.live.askBlockedReason()).toContain('besluitvoorstel');
    await chair.live.setOutcome('carried_over');
    for (const p of members)
      expect(await p.live.waitForConsentOutcome('carried_over')).toContain('Doorgeschoven');
    expect(await chair.live.closeBlocked().innerText()).not.toMatch(/agendapunt 1 /);

    // The second item: the weegploeg records its decision in this meeting; the chair puts it to the core parties.
    // The police agree, the municipality objects with a remark: every screen shows both, objection and all.
    await recordDecision(meetingId, secondItemId, 'more_information');
    await chair.live.discuss(2);
    for (const p of members) {
      await p.live.waitForCurrentItem(secondSubject);
      await p.live.waitForText('analysis', offline.trim());
    }
    await chair.live.askConsent();
    for (const p of everyone) {
      await p.live.waitForConsentRound(1);
      expect(await p.live.consentProposal()).toContain('Eerst aanvullende informatie inwinnen');
    }
    // The chair does not vote for a party (art. 5).
    expect(await chair.live.consentPanel().getByTestId('consent-agree').count()).toBe(0);
    // The police reach their vote from the item with the keyboard: "Naar instemming", then one Tab.
    expect(await police.live.tabToVote()).toBe('consent-agree');
    await police.live.agree();
    const remark = 'Eerst het gesprek met de school afwachten; daarna opnieuw wegen.';
    await municipality.live.object(remark);
    for (const p of everyone) {
      await p.live.waitForVotes(2);
      expect(await p.live.consentVotes()).toEqual(
        expect.arrayContaining([
          { vote: 'agree', text: expect.stringMatching(/Dirk Visser[\s\S]*Politie[\s\S]*Akkoord/) },
          {
            vote: 'object',
            text: expect.stringMatching(/Carla Bakker[\s\S]*Gemeente[\s\S]*Bezwaar[\s\S]*school afwachten/),
          },
        ]),
      );
    }
    await screenshot(chair.page, '25-live-consent-chair');
    // A core party objects: the weegploeg decides together (art. 7.3), so it cannot be recorded as agreed.
    await chair.live.consentPanel().getByTestId('consent-outcome-agreed').click();
    const refusal = chair.live.consentPanel().getByTestId('error-notice');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-error-code')).toBe('CONFLICT');
    expect(await refusal.innerText()).toContain('municipality');
    // The objection heard, the chair asks again; now the three core parties agree (the OM from its own client).
    await chair.live.askConsent();
    for (const p of everyone) await p.live.waitForConsentRound(2);
    await police.live.agree();
    await municipality.live.agree();
    const prosecution = await controlAs(server.url, 'om', meetingId);
    await prosecution.call('consent:vote', { meetingId, itemId: secondItemId, vote: 'agree' });
    prosecution.socket.disconnect();
    for (const p of everyone) await p.live.waitForVotes(3);
    await chair.live.setOutcome('agreed');
    for (const p of members) expect(await p.live.waitForConsentOutcome('agreed')).toContain('Vastgesteld');
    await chair.live.closeBlocked().waitFor({ state: 'detached' });
    await screenshot(municipality.page, '26-live-consent-gemeente');

    // The municipality loses the network and keeps typing while the chair closes the meeting: those edits come
    // too late for the record.
    await municipality.context.setOffline(true);
    await municipality.live.waitForConnection('offline');
    const late = ' Te laat: de school belde na het vaststellen nog terug.';
    await municipality.live.typeAtEnd('analysis', late);

    // The chair closes the meeting (with a confirmation); the members see it closed and editing stops.
    await chair.page.getByTestId('live-close-meeting').click();
    await chair.page.getByTestId('live-close-confirm').waitFor();
    await screenshot(chair.page, '27-live-close-confirm-chair');
    await chair.page.getByTestId('live-close-confirm').click();
    await chair.live.waitForMeetingState('closed');
    expect(await chair.live.openMinutesLink().getAttribute('href')).toBe(`/overleggen/${meetingId}/verslag`);
    await municipality.context.setOffline(false);
    for (const p of members) {
      await p.live.waitForMeetingState('closed');
      expect(await p.live.meetingState()).toBe('Gesloten');
      expect(await p.live.closedNotice()).toContain('gesloten');
      expect(await p.live.isReadOnly('analysis')).toBe(true);
      expect(await p.live.value('analysis')).toContain(offline.trim());
      await p.live.waitForConnection('ended');
      await p.live.openMinutesLink().waitFor();
    }
    await screenshot(police.page, '28-live-closed-politie');

    // Back online, the municipality is told its late edit was not taken, with the text to copy.
    const notice = await municipality.live.waitForLateEdits();
    expect(notice).toContain('Het overleg is vastgesteld. Deze wijzigingen zijn niet meer overgenomen:');
    expect(notice).toContain('Algehele analyse');
    expect(notice).toContain(`U voegde toe: “${late.trim()}”`);
    await screenshot(municipality.page, '29-live-late-edits-gemeente');
    // The police's edits all went through: nothing to tell them.
    expect(await police.live.lateEditsNotice().count()).toBe(0);

    // Reopening the screen of a closed meeting: it says so, and offers no editing.
    await municipality.page.reload();
    await municipality.live.waitForMeetingState('closed');
    expect(await municipality.page.getByTestId('live-text-analysis').count()).toBe(0);

    for (const p of everyone) {
      expect(unexpectedProblems(p.problems)).toEqual([]);
      await p.context.close();
    }
  }, 120_000);
});
