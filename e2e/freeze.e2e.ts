import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { pdfText } from '../server/testing/pdf-text';
import { scheduleCaseMeeting } from './live';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { LiveMeetingPage } from './pages/LiveMeetingPage';
import { LoginPage } from './pages/LoginPage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { MinutesPage } from './pages/MinutesPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

/**
 * The freeze's acceptance test: one casusoverleg from open to frozen, with the chair, a police member and the GGZ
 * satellite each in their own browser, everything through the screens except putting the case on the agenda. The
 * canaries have no hyphens: a PDF may break a line at one, and the texts are compared without whitespace.
 */
const TITLE = 'Casusoverleg bevriezen e2e';
const SUBJECT = 'Jorien Vriesveld';
const ANALYSIS_CANARY = 'POLITIEKANARIE7781';
const ANALYSIS = `Analyse politie ${ANALYSIS_CANARY}: contacten met een extremistische groep in de regio.`;
const PLAN_CANARY = 'PLANKANARIE5521';
const GOAL = `Doel ${PLAN_CANARY}: behandeling bij de GGZ hervatten en het netwerk versterken.`;
const OBJECTION = 'Eerst de intake bij de GGZ afronden voordat de evaluatie wordt vastgelegd.';
const NEXT_REVIEW = '2027-03-15';

const CHAIR = 'Anna de Vries';
const POLICE = 'Dirk Visser';
const GGZ = 'Hans Meijer';

/** Text compared without any whitespace: a PDF breaks lines where it likes. */
const flat = (text: string) => text.replace(/\s+/g, '');

interface Participant extends TestPage {
  name: string;
  live: LiveMeetingPage;
  minutes: MinutesPage;
}

describe('a casusoverleg from open to frozen, in three browsers', () => {
  let server: E2eServer;
  let browser: Browser;
  let meetingId: string;
  let itemId: string;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const seeded = await scheduleCaseMeeting(server.url, TITLE, [
      { subject: SUBJECT, involve: ['municipality', 'police', 'mental_health'] },
    ]);
    meetingId = seeded.meetingId;
    itemId = seeded.itemIds[0]!;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Logs in, finds the meeting in "Mijn overleggen" and joins its live screen. */
  async function join(username: string, name: string): Promise<Participant> {
    const opened = await openPage(browser, server.url);
    onTestFailed(() => screenshot(opened.page, `FAILED-freeze-${username}`));
    const login = new LoginPage(opened.page);
    await login.open();
    await login.login(username, DEMO_PASSWORD);
    const meetings = new MeetingsPage(opened.page);
    await meetings.waitLoaded();
    await meetings.openMeeting(TITLE);
    await new MeetingPage(opened.page).openLive();
    const live = new LiveMeetingPage(opened.page);
    await live.waitConnected();
    return { ...opened, name, live, minutes: new MinutesPage(opened.page) };
  }

  it('the chair opens, police write the analysis and GGZ the plan, a consent round with an objection, closed and frozen; everyone reads their own minutes and PDF', async () => {
    const chair = await join('voorzitter', CHAIR);
    const police = await join('politie', POLICE);
    const ggz = await join('ggz', GGZ);
    const everyone = [chair, police, ggz];
    const members = [police, ggz];
    for (const p of everyone) await p.live.waitForPresent(3);

    // The chair opens the meeting and moves to the case; the others follow.
    await chair.live.openMeeting();
    await chair.live.discuss(1);
    for (const p of members) {
      await p.live.waitForMeetingState('open');
      await p.live.waitForItem(itemId);
    }
    for (const p of everyone) await p.live.waitConnected();

    // The police write the analysis; GGZ sees it only masked, and writes the plan of approach (art. 10.5).
    await ggz.live.masked('analysis').waitFor();
    expect(await ggz.live.compartment('plan').getAttribute('data-access')).toBe('write');
    await police.live.typeAtEnd('analysis', ANALYSIS);
    await police.live.waitAllSent();
    await ggz.live.typeAtEnd('goal', GOAL);
    await ggz.live.waitAllSent();
    for (const p of [chair, police]) {
      await p.live.waitForText('analysis', ANALYSIS);
      await p.live.waitForText('goal', GOAL);
    }
    await screenshot(police.page, '70-freeze-live-politie');
    await screenshot(ggz.page, '71-freeze-live-ggz');

    // The item has no outcome yet: the chair cannot close.
    expect(await chair.live.canClose()).toBe(false);
    expect(await chair.live.closeBlocked().innerText()).toContain('agendapunt 1');

    // The consent round: continue the plan, with the next review. The police agree, GGZ objects with a remark;
    // every screen shows both votes.
    await chair.live.askCaseConsent({ advice: 'continue', nextReviewDate: NEXT_REVIEW });
    for (const p of everyone) {
      await p.live.waitForConsentRound(1);
      expect(await p.live.consentProposal()).toContain('Plan van aanpak voortzetten');
    }
    expect(await chair.live.consentPanel().getByTestId('consent-agree').count()).toBe(0);
    await police.live.agree();
    await ggz.live.object(OBJECTION);
    for (const p of everyone) {
      await p.live.waitForVotes(2);
      expect(await p.live.consentVotes()).toEqual(
        expect.arrayContaining([
          { vote: 'agree', text: expect.stringMatching(/Dirk Visser[\s\S]*Politie[\s\S]*Akkoord/) },
          {
            vote: 'object',
            text: expect.stringMatching(/Hans Meijer[\s\S]*GGZ[\s\S]*Bezwaar[\s\S]*intake bij de GGZ/),
          },
        ]),
      );
    }
    await screenshot(chair.page, '72-freeze-consent-chair');

    // The chair records "agreed" (the objection stays recorded) and closes; every screen shows it closed.
    await chair.live.setOutcome('agreed');
    for (const p of members) expect(await p.live.waitForConsentOutcome('agreed')).toContain('Vastgesteld');
    await chair.live.closeBlocked().waitFor({ state: 'detached' });
    expect(await chair.live.canClose()).toBe(true);
    await chair.live.closeMeeting();
    for (const p of everyone) {
      await p.live.waitForMeetingState('closed');
      expect(await p.live.meetingState()).toBe('Gesloten');
      expect(await p.live.closedNotice()).toContain('gesloten');
      await p.live.openMinutesLink().waitFor();
    }
    await screenshot(ggz.page, '73-freeze-closed-ggz');

    // Each opens the frozen minutes from the live screen and sees their own view of them.
    for (const p of everyone) {
      await p.live.openMinutes();
      expect(new URL(p.page.url()).pathname).toBe(`/overleggen/${meetingId}/verslag`);
      await p.minutes.waitForLoaded();
      expect(await p.minutes.state()).toBe('loaded');
      expect(await p.minutes.title()).toBe(TITLE);
      expect(await p.minutes.isVerified()).toBe(true);
      expect(await p.minutes.outcome(1)).toBe('agreed');
      const votes = await p.minutes.votes();
      expect(votes).toHaveLength(2);
      expect(votes.find((v) => v.vote === 'agree')?.text).toContain(POLICE);
      const objection = votes.find((v) => v.vote === 'object');
      expect(objection?.text).toContain(GGZ);
      expect(objection?.text).toContain(OBJECTION);
    }

    // The chair and the police: analysis and plan, and the subject.
    for (const p of [chair, police]) {
      expect(await p.minutes.isMasked('analysis')).toBe(false);
      expect(await p.minutes.compartmentText('analysis')).toContain(ANALYSIS);
      expect(await p.minutes.compartmentText('plan')).toContain(GOAL);
      expect(await p.minutes.compartmentText('identity')).toContain(SUBJECT);
      expect(await p.minutes.effects()).toEqual([
        expect.stringContaining('Volgende evaluatie op 15 maart 2027'),
      ]);
    }
    await screenshot(chair.page, '74-freeze-minutes-chair');
    await screenshot(police.page, '75-freeze-minutes-politie');

    // GGZ: the plan it wrote; the analysis and the subject's identity masked; neither anywhere on the page.
    expect(await ggz.minutes.compartmentText('plan')).toContain(GOAL);
    expect(await ggz.minutes.isMasked('analysis')).toBe(true);
    expect(await ggz.minutes.compartmentText('analysis')).toMatch(/Afgeschermd.*convenant art\. 10\.5/s);
    expect(await ggz.minutes.isMasked('identity')).toBe(true);
    for (const shown of [await ggz.minutes.text(), await ggz.minutes.html()]) {
      expect(shown).not.toContain(ANALYSIS_CANARY);
      expect(shown).not.toContain(SUBJECT);
    }
    await screenshot(ggz.page, '76-freeze-minutes-ggz');

    // The PDFs, each reader's own: same view, their name in the footer.
    const pdfOf = async (p: Participant) =>
      flat(await pdfText(new Uint8Array(await p.minutes.downloadPdf())));
    const chairPdf = await pdfOf(chair);
    expect(chairPdf).toContain(ANALYSIS_CANARY);
    expect(chairPdf).toContain(PLAN_CANARY);
    expect(chairPdf).toContain(flat(`Opgevraagd door ${CHAIR}`));

    const policePdf = await pdfOf(police);
    expect(policePdf).toContain(ANALYSIS_CANARY);
    expect(policePdf).toContain(flat(ANALYSIS));
    expect(policePdf).toContain(PLAN_CANARY);
    expect(policePdf).toContain(flat(SUBJECT));
    expect(policePdf).toContain(flat(`Opgevraagd door ${POLICE}`));
    expect(policePdf).toContain(flat(OBJECTION));

    // GGZ's PDF: the plan and its reader, and no police information at all.
    const ggzPdf = await pdfOf(ggz);
    expect(ggzPdf).toContain(PLAN_CANARY);
    expect(ggzPdf).toContain(flat(GOAL));
    expect(ggzPdf).toContain(flat(`Opgevraagd door ${GGZ}`));
    expect(ggzPdf).not.toContain(ANALYSIS_CANARY);
    expect(ggzPdf).not.toContain(flat(ANALYSIS));
    expect(ggzPdf).not.toContain(flat('contacten met een extremistische groep'));
    expect(ggzPdf).not.toContain(flat(SUBJECT));
    expect(ggzPdf).not.toContain('Vriesveld');

    for (const p of everyone) {
      expect(unexpectedProblems(p.problems)).toEqual([]);
      await p.context.close();
    }
  }, 180_000);
});
