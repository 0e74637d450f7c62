import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { apiAs } from './api';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { controlAs } from './live';
import { AppShell } from './pages/AppShell';
import { DecisionForm } from './pages/DecisionForm';
import { LiveMeetingPage } from './pages/LiveMeetingPage';
import { LoginPage } from './pages/LoginPage';
import { MeetingPage } from './pages/MeetingPage';
import { RegisterSignalPage } from './pages/RegisterSignalPage';
import { WeighingFilePage } from './pages/WeighingFilePage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

/**
 * The weegploeg decides in the weegploeg (art. 7.3–7.4; the Ministerial letter on early signalling, 2024): the
 * subject goes on a weegploeg's agenda from the weighing file, the decision is proposed in the live meeting from the
 * analysis typed there, the three core parties agree in the consent round, and the freeze makes it take effect.
 */
describe('weegploeg: the decision taken in the meeting, in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const page of opened) await page.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function loginAs(username: string): Promise<TestPage> {
    const page = await openPage(browser, server.url);
    opened.push(page);
    onTestFailed(() => screenshot(page.page, `FAILED-weighing-decision-${username}`));
    const login = new LoginPage(page.page);
    await login.open();
    await login.login(username, DEMO_PASSWORD);
    return page;
  }

  async function openLive(page: TestPage, meetingId: string): Promise<LiveMeetingPage> {
    await page.page.goto(`/overleggen/${meetingId}`);
    const meeting = new MeetingPage(page.page);
    await meeting.waitLoaded();
    await meeting.openLive();
    const live = new LiveMeetingPage(page.page);
    await live.waitConnected();
    return live;
  }

  it('from the weighing file onto an urgent weegploeg, proposed from the live analysis, agreed by the three core parties, taken at the freeze', async () => {
    const subjectName = `Kanarie ${randomBytes(4).toString('hex')}`;
    const analysisG2 = 'Verheerlijkt aanslagen in gesprekken op school, herhaaldelijk.';
    const executor = await loginAs('uitvoerder');
    const shell = new AppShell(executor.page);
    expect(await shell.whoami()).toContain('Bram Jansen');

    // The executor records a signal on behalf of the municipality (art. 8.1).
    await shell.goToRegisterSignal();
    const signal = new RegisterSignalPage(executor.page);
    await signal.fillNewSubject({
      subject: { name: subjectName },
      description: 'Verheerlijkt aanslagen in gesprekken op school.',
      observedOn: '2025-02-03',
      reporter: { name: 'Mentor J. Bos', contact: 'mentor.bos (school)' },
      phenomenon: 'jihadist',
      setting: 'offline',
      broughtBy: 'Gemeente Voorbeeldstad',
    });
    const weighingFileId = await signal.submit();

    // The weighing file offers no decision outside a meeting: it puts the subject on a weegploeg's agenda, here an
    // urgent one scheduled today.
    expect(await executor.page.getByTestId('open-decision-form').count()).toBe(0);
    await executor.page.getByTestId('weegploeg-agenda').waitFor();
    await screenshot(executor.page, '10-weighing-file-to-weegploeg');
    await executor.page.getByTestId('weegploeg-agenda-urgent').click();
    const placed = executor.page.getByTestId('weegploeg-agenda-placed');
    await placed.waitFor();
    expect(await placed.innerText()).toContain('Weegploeg (spoed)');
    await placed.getByRole('link').click();
    await executor.page.waitForURL(/\/overleggen\/[0-9a-f-]{36}$/);
    const meetingId = new URL(executor.page.url()).pathname.split('/').pop()!;
    const meeting = new MeetingPage(executor.page);
    await meeting.waitLoaded();
    expect((await meeting.agendaItems()).join()).toContain(subjectName);

    // The chair opens the meeting and discusses the item; the police follow.
    const chairPage = await loginAs('voorzitter');
    const chair = await openLive(chairPage, meetingId);
    await chair.openMeeting();
    await chair.discuss(1);
    const policePage = await loginAs('politie');
    const police = await openLive(policePage, meetingId);
    await police.waitForCurrentItem(subjectName);

    // The core parties see what is weighed: the NAW and the signals with who brought them in (art. 8.2a–b), and the
    // reporter from the weighing file beside it (art. 8.2c, 8.4), never in the live text that goes into the minutes.
    await police.waitForText('identity', subjectName);
    await police.waitForText('signals', 'ingebracht door Gemeente Voorbeeldstad');
    expect(await police.value('signals')).not.toContain('Mentor J. Bos');
    const fromFile = policePage.page.getByTestId('weegploeg-signals');
    await fromFile.locator('summary').click();
    expect(await fromFile.getByTestId('signal-reporter').innerText()).toContain('Mentor J. Bos');

    // The police type the analysis of G2 live, then draft the proposal: what was typed is already in it.
    const g2 = await police.criterionKey('G2');
    await police.typeAtEnd(g2, analysisG2);
    await chair.waitForText(g2, analysisG2);
    const form = new DecisionForm(policePage.page);
    await form.open();
    await policePage.page.getByTestId('decision-prefilled').waitFor();
    expect(await policePage.page.getByTestId('decision-finding-grounds-G2').inputValue()).toBe(analysisG2);
    await form.fill({
      outcome: 'agenda',
      grounds: 'Meerdere signalen wijzen op verheerlijking van geweld; integrale aanpak nodig.',
      findings: { G2: 'present' },
      fallback: 'unknown',
      involve: ['Reclassering Nederland', 'GGZ Voorbeeld'],
    });
    await form.submit();
    const proposal = policePage.page.getByTestId('weegploeg-proposal').getByTestId('decision-state');
    await proposal.waitFor();
    expect(await proposal.getAttribute('data-state')).toBe('proposed');
    await screenshot(policePage.page, '11-live-proposal-politie');

    // Proposed is not taken: the file is unchanged until the freeze.
    const file = new WeighingFilePage(executor.page);
    await file.open(weighingFileId);
    expect(await file.status()).not.toContain('Geagendeerd');

    // The consent round: the police agree here, the municipality and the OM from their own clients; then the
    // chair records it as agreed and closes the meeting in two steps.
    await chair.askConsent();
    await police.waitForConsentRound(1);
    expect(await police.consentProposal()).toContain('Agenderen');
    await police.agree();
    for (const name of ['gemeente', 'om']) {
      const member = await controlAs(server.url, name, meetingId);
      // The call throws on a refusal; the vote shows in the state it answers.
      const state = await member.call('consent:vote', {
        meetingId,
        itemId: await chair.currentItemId(),
        vote: 'agree',
      });
      expect(state.consent.some((c) => c.votes.length > 0)).toBe(true);
      member.socket.disconnect();
    }
    await chair.waitForVotes(3);
    await chair.setOutcome('agreed');
    await chair.closeMeeting();
    await chair.waitForMeetingState('closed');

    // Taken at the freeze: the file follows the decision and links to the minutes; the data went to a case file
    // (art. 8.5), and the duty to inform the subject started (art. 11).
    await file.open(weighingFileId);
    expect(await file.status()).toContain('Geagendeerd');
    const state = executor.page.getByTestId('decision-state').first();
    expect(await state.getAttribute('data-state')).toBe('taken');
    expect(await executor.page.getByTestId('decision-minutes').getAttribute('href')).toBe(
      `/overleggen/${meetingId}/verslag`,
    );
    await screenshot(executor.page, '12-weighing-file-decided-in-meeting');
    await executor.page.getByTestId('decision-case-file').click();
    await executor.page.getByTestId('case-file-title').waitFor();
    expect(await executor.page.getByTestId('subject-name').innerText()).toBe(subjectName);
    const reference = (await executor.page.getByTestId('case-file-title').innerText()).match(
      /PGA-[\w-]+/,
    )?.[0];
    const notifications = await (await apiAs(server.url, 'uitvoerder')).get('/api/notifications');
    expect(JSON.stringify(notifications)).toContain(reference!);

    for (const page of [executor, chairPage, policePage])
      expect(unexpectedProblems(page.problems)).toEqual([]);
  });
});
