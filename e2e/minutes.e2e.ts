import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { addMeasure, readMeasures, setMeasureValue } from '../client/src/live/plan';
import { formatInstantDate } from '../shared/domain/dates';
import { apiAs } from './api';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { controlAs, scheduleCaseMeeting, writeLive } from './live';
import { LoginPage } from './pages/LoginPage';
import { MeetingPage } from './pages/MeetingPage';
import { MinutesPage } from './pages/MinutesPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

const ANALYSIS_CANARY = 'Analyse-politie-7731: contacten met een extremistische groep';
const GOAL = 'Terugdringen van het risico op geweld; school en gezin betrekken';
const MEASURE = 'Gesprek met de mentor op school';
const OBJECTION = 'Eerst het gesprek met school afwachten';
const CASE_SUBJECT = 'Verslag-Subject Casus';
const DEMO_WEEGPLOEG = 'Weegploeg Regio Voorbeeld';

describe('the frozen minutes in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let caseMeetingId: string;
  let caseTitle: string;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    caseTitle = 'Casusoverleg verslag';
    ({ meetingId: caseMeetingId } = await scheduleCaseMeeting(server.url, caseTitle, [
      {
        subject: CASE_SUBJECT,
        involve: ['municipality', 'police', 'child_protection_board', 'mental_health'],
      },
    ]));
  });

  afterAll(async () => {
    for (const page of opened) await page.context.close();
    await browser?.close();
    await server?.close();
  });

  async function loginAs(username: string): Promise<TestPage> {
    const page = await openPage(browser, server.url);
    opened.push(page);
    onTestFailed(() => screenshot(page.page, `FAILED-minutes-${username}`));
    const login = new LoginPage(page.page);
    await login.open();
    await login.login(username, DEMO_PASSWORD);
    return page;
  }

  it('says there is no record yet while the meeting is not closed, and the meeting page offers none', async () => {
    const police = await loginAs('politie');
    await police.page.goto(`/overleggen/${caseMeetingId}`);
    const meeting = new MeetingPage(police.page);
    await meeting.waitLoaded();
    expect(await police.page.getByTestId('meeting-open-minutes').count()).toBe(0);

    const minutes = new MinutesPage(police.page);
    await minutes.goto(caseMeetingId);
    await minutes.waitForLoaded();
    expect(await minutes.state()).toBe('missing');
    expect(await minutes.missing().innerText()).toContain('nog geen vastgesteld verslag');
    await screenshot(police.page, '60-minutes-missing');
    expect(unexpectedProblems(police.problems).filter((p) => !p.includes('404'))).toEqual([]);
  });

  it('casusoverleg: every vote and remark, the plan, the effects, integrity and the PDF; masked for a satellite', async () => {
    // The meeting, run over the wire: plan and analysis typed, a round with an objection, a second one agreed.
    const detail = await (await apiAs(server.url, 'uitvoerder')).get(`/api/meetings/${caseMeetingId}`);
    const itemId = detail.agenda[0].id as string;
    const covenant = await (await apiAs(server.url, 'uitvoerder')).get('/api/covenant');
    const policeParty = covenant.parties.find(
      (p: { organisationType: string }) => p.organisationType === 'police',
    );
    const chair = await controlAs(server.url, 'voorzitter', caseMeetingId);
    await chair.call('chair:open', { meetingId: caseMeetingId });
    await chair.call('chair:discuss', { meetingId: caseMeetingId, itemId });
    await writeLive(
      server.url,
      'politie',
      { meetingId: caseMeetingId, itemId, compartment: 'analysis' },
      (doc) => doc.getText('analysis').insert(0, ANALYSIS_CANARY),
      (doc) => doc.getText('analysis').toJSON().includes(ANALYSIS_CANARY),
    );
    await writeLive(
      server.url,
      'politie',
      { meetingId: caseMeetingId, itemId, compartment: 'plan' },
      (doc) => {
        doc.getText('goal').insert(0, GOAL);
        const id = addMeasure(doc);
        readMeasures(doc, new Set([policeParty.id as string]))[0]!.description!.insert(0, MEASURE);
        setMeasureValue(doc, id, 'ownerPartyId', policeParty.id as string);
        setMeasureValue(doc, id, 'dueDate', '2027-01-10');
        setMeasureValue(doc, id, 'status', 'in_progress');
      },
      (doc) => doc.getArray('measures').length === 1 && doc.getText('goal').toJSON() === GOAL,
    );
    const voters = {
      politie: await controlAs(server.url, 'politie', caseMeetingId),
      rvdk: await controlAs(server.url, 'rvdk', caseMeetingId),
      ggz: await controlAs(server.url, 'ggz', caseMeetingId),
    };
    const proposal = { advice: 'continue', nextReviewDate: '2027-01-15' };
    const vote = (who: keyof typeof voters, value: 'agree' | 'object', remark?: string) =>
      voters[who].call('consent:vote', {
        meetingId: caseMeetingId,
        itemId,
        vote: value,
        ...(remark ? { remark } : {}),
      });
    await chair.call('chair:consent-ask', { meetingId: caseMeetingId, itemId, proposal });
    await vote('politie', 'agree');
    await vote('rvdk', 'object', OBJECTION);
    await chair.call('chair:consent-ask', { meetingId: caseMeetingId, itemId, proposal });
    await vote('politie', 'agree');
    await vote('rvdk', 'agree');
    await vote('ggz', 'agree');
    await chair.call('chair:outcome', { meetingId: caseMeetingId, itemId, outcome: 'agreed' });
    await chair.call('chair:close', { meetingId: caseMeetingId });
    for (const socket of [chair, ...Object.values(voters)]) socket.socket.disconnect();

    // A member of a party: from the meeting page to the minutes.
    const police = await loginAs('politie');
    await police.page.goto(`/overleggen/${caseMeetingId}`);
    await new MeetingPage(police.page).waitLoaded();
    expect(await police.page.getByTestId('meeting-live-link').count()).toBe(0);
    await police.page.getByTestId('meeting-open-minutes').click();
    await police.page.waitForURL(/\/overleggen\/[0-9a-f-]{36}\/verslag$/);
    const minutes = new MinutesPage(police.page);
    await minutes.waitForLoaded();
    expect(await minutes.title()).toBe(caseTitle);
    expect(await minutes.isVerified()).toBe(true);
    expect(await minutes.hash()).toMatch(/^[0-9a-f]{64}$/);
    expect(await police.page.getByTestId('minutes-hash').innerText()).toMatch(/^[0-9a-f]{12}…$/);
    expect(await police.page.getByTestId('minutes-kind').innerText()).toBe('Casusoverleg');
    expect(await minutes.admitted()).toEqual([true]);
    expect(await minutes.outcome(1)).toBe('agreed');
    const shown = await minutes.compartments();
    expect(shown.map((c) => c.compartment)).toEqual(expect.arrayContaining(['identity', 'analysis', 'plan']));
    expect(shown.every((c) => c.access === 'read')).toBe(true);
    expect(await minutes.compartmentText('analysis')).toContain(ANALYSIS_CANARY);
    const plan = await minutes.compartmentText('plan');
    expect(plan).toContain(GOAL);
    expect(plan).toContain(MEASURE);
    expect(plan).toContain('10 januari 2027');
    expect(plan).toContain('In uitvoering');
    expect(await minutes.compartmentText('identity')).toContain(CASE_SUBJECT);

    expect(await minutes.rounds().count()).toBe(2);
    expect(await minutes.rounds().nth(0).getAttribute('data-agreed')).toBe('false');
    expect(await minutes.rounds().nth(1).getAttribute('data-agreed')).toBe('true');
    expect(await minutes.rounds().nth(0).innerText()).toContain(
      'Plan van aanpak voortzetten; volgende evaluatie op 15 januari 2027',
    );
    const votes = await minutes.votes();
    expect(votes).toHaveLength(5);
    const objection = votes.find((v) => v.vote === 'object');
    expect(objection?.text).toContain(OBJECTION);
    expect(objection?.text).toContain('Frank Mulder');
    expect(await minutes.effects()).toEqual([
      'Volgende evaluatie op 15 januari 2027 · Casusoverlegbestand openen',
    ]);
    expect(await police.page.getByTestId('minutes-logged').innerText()).toContain('Dirk Visser');
    await screenshot(police.page, '61-minutes-case-police');

    const pdf = await minutes.downloadPdf();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(unexpectedProblems(police.problems)).toEqual([]);

    // The external partner: the plan, and the rest only as masked cards with their rule (art. 10.5).
    const ggz = await loginAs('ggz');
    const satellite = new MinutesPage(ggz.page);
    await satellite.goto(caseMeetingId);
    await satellite.waitForLoaded();
    expect(await satellite.isVerified()).toBe(true);
    const masked = await satellite.compartments();
    expect(masked.find((c) => c.compartment === 'plan')?.access).toBe('read');
    expect(masked.find((c) => c.compartment === 'analysis')?.access).toBe('masked');
    expect(masked.find((c) => c.compartment === 'identity')?.access).toBe('masked');
    expect(await satellite.compartmentText('analysis')).toMatch(/Afgeschermd.*convenant art\. 10\.5/s);
    expect(await satellite.compartmentText('plan')).toContain(GOAL);
    const page = await ggz.page.locator('main').innerText();
    expect(page).not.toContain(ANALYSIS_CANARY);
    expect(page).not.toContain(CASE_SUBJECT);
    // Every vote, the objection too; its remark only for readers of the conclusions, so masked here.
    const satelliteVotes = await satellite.votes();
    expect(satelliteVotes).toHaveLength(5);
    expect(satelliteVotes.find((v) => v.vote === 'object')?.text).toMatch(
      /Frank Mulder[\s\S]*Toelichting afgeschermd \(art\. 10\.5\)/,
    );
    expect(page).not.toContain(OBJECTION);
    await screenshot(ggz.page, '62-minutes-case-satellite');
    expect(unexpectedProblems(ggz.problems)).toEqual([]);

    // Not a participant: refused, by the article.
    const probation = await loginAs('reclassering');
    const outsider = new MinutesPage(probation.page);
    await outsider.goto(caseMeetingId);
    await outsider.waitForLoaded();
    expect(await outsider.state()).toBe('error');
    expect(await outsider.error().getAttribute('data-error-code')).toBe('FORBIDDEN');
    expect(await probation.page.locator('main').innerText()).not.toContain(GOAL);
  });

  it('weegploeg: the decision with its findings, and the effects on the files named without ids', async () => {
    const executor = await apiAs(server.url, 'uitvoerder');
    const { meetings } = await executor.get('/api/meetings');
    const weegploeg = meetings.find((m: { title: string }) => m.title === DEMO_WEEGPLOEG);
    // The casusoverleg the agenda-ed subject goes to: the first one after the weegploeg.
    const next = await executor.post('/api/meetings', {
      kind: 'case',
      title: 'Volgend casusoverleg',
      scheduledAt: new Date(Date.parse(weegploeg.scheduledAt) + 7 * 86_400_000).toISOString(),
    });
    const detail = await executor.get(`/api/meetings/${weegploeg.id}`);
    const covenant = await executor.get('/api/covenant');
    const partyOf = (type: string) =>
      covenant.parties.find((p: { organisationType: string }) => p.organisationType === type).id as string;
    const criteria = covenant.referenceFramework.criteria as { id: string; code: string }[];
    const outcomes = ['agenda', 'not_substantial'];
    // The decisions are proposed in the meeting being held (art. 7.3), and taken at its freeze.
    const chair = await controlAs(server.url, 'voorzitter', weegploeg.id);
    await chair.call('chair:open', { meetingId: weegploeg.id });
    for (const [index, item] of (detail.agenda as { weighingFileId: string }[]).entries())
      await executor.post(`/api/weighing-files/${item.weighingFileId}/decisions`, {
        meetingId: weegploeg.id,
        outcome: outcomes[index],
        grounds:
          index === 0 ? 'Meerdere signalen wijzen op radicalisering.' : 'Eén signaal, niet zwaarwegend.',
        findings: criteria.map((c, i) => ({
          criterionId: c.id,
          finding: i === 0 ? 'present' : 'unknown',
          grounds: i === 0 ? 'Uitingen in een besloten groep.' : '',
        })),
        decidedByPartyIds: ['municipality', 'police', 'prosecution'].map(partyOf),
        involvedPartyIds: index === 0 ? ['municipality', 'police'].map(partyOf) : [],
      });

    const members = await Promise.all(
      ['gemeente', 'politie', 'om'].map((name) => controlAs(server.url, name, weegploeg.id)),
    );
    const itemIds = (detail.agenda as { id: string }[]).map((item) => item.id);
    await chair.call('chair:discuss', { meetingId: weegploeg.id, itemId: itemIds[0] });
    await writeLive(
      server.url,
      'politie',
      { meetingId: weegploeg.id, itemId: itemIds[0]!, compartment: 'analysis' },
      (doc) => doc.getText(`criterion/${criteria[0]!.id}`).insert(0, 'Deelt oproepen in een besloten groep.'),
      (doc) => doc.getText(`criterion/${criteria[0]!.id}`).length > 0,
    );
    // The decision is shown with the conclusions it belongs to (only to those who may read them).
    await writeLive(
      server.url,
      'politie',
      { meetingId: weegploeg.id, itemId: itemIds[0]!, compartment: 'conclusions' },
      (doc) => doc.getText('conclusions').insert(0, 'Agenderen; gemeente en politie betrekken.'),
      (doc) => doc.getText('conclusions').length > 0,
    );
    for (const itemId of itemIds) {
      await chair.call('chair:consent-ask', { meetingId: weegploeg.id, itemId });
      for (const member of members)
        await member.call('consent:vote', { meetingId: weegploeg.id, itemId, vote: 'agree' });
      await chair.call('chair:outcome', { meetingId: weegploeg.id, itemId, outcome: 'agreed' });
    }
    await chair.call('chair:close', { meetingId: weegploeg.id });
    for (const socket of [chair, ...members]) socket.socket.disconnect();

    const police = await loginAs('politie');
    const minutes = new MinutesPage(police.page);
    await minutes.goto(weegploeg.id);
    await minutes.waitForLoaded();
    expect(await minutes.isVerified()).toBe(true);
    expect(await police.page.getByTestId('minutes-kind').innerText()).toBe('Weegploeg');
    expect(await minutes.items().count()).toBe(2);
    const decision = await minutes.decision(1).innerText();
    expect(decision).toContain('Agenderen voor het casusoverleg');
    expect(decision).toContain('Meerdere signalen wijzen op radicalisering.');
    expect(decision).toContain(criteria[0]!.code);
    expect(await minutes.rounds(1).innerText()).toContain(
      'Besluit van de weegploeg: Agenderen voor het casusoverleg',
    );
    // The criterion's text is labelled with its code and title, known from the decision.
    expect(await minutes.compartmentText('analysis')).toMatch(
      new RegExp(`${criteria[0]!.code} .*\\n+Deelt oproepen in een besloten groep\\.`),
    );
    const effects = await minutes.effects(1);
    expect(effects).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Relevante gegevens gekopieerd naar het casusoverlegbestand'),
        `Geagendeerd voor het casusoverleg van ${formatInstantDate(next.scheduledAt, 'nl')}`,
        'Informatieplicht gestart (art. 11)',
      ]),
    );
    expect(await minutes.effects(2)).toEqual(['Informatieplicht gestart (art. 11)']);
    await screenshot(police.page, '63-minutes-weegploeg');
    expect(unexpectedProblems(police.problems)).toEqual([]);
  });
});
