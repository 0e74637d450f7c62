import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { addCaseItem, scheduleCaseMeeting } from './live';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { LiveMeetingPage } from './pages/LiveMeetingPage';
import { LoginPage } from './pages/LoginPage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

/** The demo weegploeg (server/demo/cases.ts): two fictional subjects on its agenda. */
const DEMO_WEEGPLOEG = 'Weegploeg Regio Voorbeeld';
const FIRST = 'J. Voorbeeld (fictief)';
const SECOND = 'K. Proefpersoon (fictief)';

interface Participant extends TestPage {
  live: LiveMeetingPage;
}

describe('working together on the live meeting screen', () => {
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

  async function login(username: string): Promise<Participant> {
    const opened = await openPage(browser, server.url);
    onTestFailed(() => screenshot(opened.page, `FAILED-collab-${username}`));
    const page = new LoginPage(opened.page);
    await page.open();
    await page.login(username, DEMO_PASSWORD);
    return { ...opened, live: new LiveMeetingPage(opened.page) };
  }

  /** Logs in and opens the demo weegploeg's live screen through "Mijn overleggen". */
  async function joinWeegploeg(username: string): Promise<Participant> {
    const participant = await login(username);
    const meetings = new MeetingsPage(participant.page);
    await meetings.waitLoaded();
    await meetings.openMeeting(DEMO_WEEGPLOEG);
    await new MeetingPage(participant.page).openLive();
    await participant.live.waitConnected();
    return participant;
  }

  async function joinLive(username: string, meetingId: string): Promise<Participant> {
    const participant = await login(username);
    await participant.page.goto(`/overleggen/${meetingId}/live`);
    await participant.page.getByTestId('live-title').waitFor();
    await participant.live.waitConnected();
    return participant;
  }

  async function done(...participants: Participant[]): Promise<void> {
    for (const p of participants) {
      expect(unexpectedProblems(p.problems)).toEqual([]);
      await p.context.close();
    }
  }

  it('weegploeg: the chair keeps the agenda, members look elsewhere, see who edits what, and admission holds', async () => {
    const chair = await joinWeegploeg('voorzitter');
    const police = await joinWeegploeg('politie');
    const municipality = await joinWeegploeg('gemeente');
    const members = [police, municipality];
    for (const p of [chair, ...members]) await p.live.waitForPresent(3);

    await chair.live.openMeeting();
    await chair.live.discuss(2);
    for (const p of members) await p.live.waitForCurrentItem(SECOND);
    const secondId = await chair.live.currentItemId();
    const firstId = await chair.page.getByTestId('live-agenda-item').first().getAttribute('data-item-id');

    // The agenda is the chair's to keep: members read it, without controls.
    expect(await police.live.hasAgendaControls()).toBe(0);
    expect(await chair.live.hasAgendaControls()).toBe(2);

    // Time and status of the item under discussion; a member sees them.
    await chair.live.setStatus(SECOND, 'In bespreking');
    await chair.live.setMinutes(SECOND, '20');
    for (const p of members) await p.live.waitForAgendaFacts(SECOND, 'In bespreking', '20 min.');
    await police.live.waitForAgendaFacts(FIRST, 'Te bespreken', 'geen tijd');

    // An impossible time is refused on the spot, and nobody else sees it.
    await chair.live.setMinutes(SECOND, '300');
    await chair.live.minutesError(SECOND).waitFor();
    expect(await chair.live.minutesError(SECOND).innerText()).toContain('van 0 tot en met 240');
    await police.page.waitForTimeout(500);
    await police.live.waitForAgendaFacts(SECOND, 'In bespreking', '20 min.');
    await chair.live.setMinutes(SECOND, '25');
    await chair.live.minutesError(SECOND).waitFor({ state: 'detached' });
    await police.live.waitForAgendaFacts(SECOND, 'In bespreking', '25 min.');

    // The chair moves the item up; everybody's agenda follows.
    await chair.live.moveUp(SECOND);
    for (const p of [chair, ...members]) await p.live.waitForAgendaOrder([SECOND, FIRST]);
    await screenshot(chair.page, '30-live-agenda-chair');
    await screenshot(police.page, '31-live-agenda-politie');

    // The police stop following and look at the first item while the chair stays at the second.
    expect(await police.live.isFollowing()).toBe(true);
    await police.live.setFollowing(false);
    await police.live.view(FIRST);
    expect(await police.live.currentItemId()).toBe(firstId);
    expect(await police.live.itemMode()).toBe('viewing');
    expect(await police.live.notFollowingBanner().innerText()).toContain(`De voorzitter bespreekt nu: `);
    expect(await police.live.notFollowingBanner().innerText()).toContain(SECOND);
    expect(await municipality.live.currentItemId()).toBe(secondId);
    expect(await chair.live.currentItemId()).toBe(secondId);
    await screenshot(police.page, '32-live-not-following-politie');
    // … and follow the chair again.
    await police.live.followAgain();
    await police.live.waitForCurrentItem(SECOND);
    expect(await police.live.isFollowing()).toBe(true);
    expect(await police.live.itemMode()).toBe('current');

    // Who is editing which field: the police put the caret in criterion G1; the municipality sees it.
    const g1 = await police.live.criterionKey('G1');
    expect(g1).toMatch(/^criterion\/[0-9a-f-]{36}$/);
    await police.live.focus(g1);
    await municipality.live.waitForEditor(g1, 'Dirk Visser');
    expect(await municipality.live.editorsText(g1)).toBe(
      'Dirk Visser (Politie Eenheid Voorbeeld) bewerkt dit veld',
    );
    // Not on another field, and nobody sees themselves.
    await municipality.live.waitForNoEditors('analysis');
    await police.live.waitForNoEditors(g1);

    // What the police type in G1, the municipality reads.
    const finding = 'Deelt openlijk berichten van een extreemrechtse groep.';
    await police.live.typeAtEnd(g1, finding);
    await municipality.live.waitForText(g1, finding);
    await chair.live.waitForText(g1, finding);
    await screenshot(municipality.page, '33-live-editing-gemeente');
    await police.live.blur(g1);
    await municipality.live.waitForNoEditors(g1);

    // The chair's notes: the chair writes, members read.
    await chair.live.typeAtEnd('notes', 'Volgende keer: terugkoppeling school.');
    await police.live.waitForText('notes', 'terugkoppeling school');
    expect(await police.live.isReadOnly('notes')).toBe(true);
    expect(await chair.live.isReadOnly('notes')).toBe(false);

    // Admission: the chair admits the municipality to the first item only; its screen closes the second.
    await chair.live.admitWholeMeeting('Carla Bakker', false);
    await chair.live.toggleAdmission('Carla Bakker', secondId);
    await municipality.live.notAdmitted().waitFor();
    expect(await municipality.live.notAdmitted().innerText()).toContain(
      'U bent niet toegelaten tot dit agendapunt',
    );
    expect(await municipality.live.compartmentCount()).toBe(0);
    await municipality.live.agendaItemFor(SECOND).getByTestId('live-agenda-no-access').waitFor();
    await municipality.live.waitConnected();
    await screenshot(municipality.page, '34-live-not-admitted-gemeente');
    // The police are not affected.
    expect(await police.live.value(g1)).toContain(finding);
    // Back to the whole meeting: the fields return, with what was typed.
    await chair.live.admitWholeMeeting('Carla Bakker', true);
    await municipality.live.notAdmitted().waitFor({ state: 'detached' });
    await municipality.live.waitForText(g1, finding);

    await done(chair, police, municipality);
  }, 120_000);

  it('casusoverleg: the plan of approach is structured and shared, and a case party sees its own case only', async () => {
    const subjectA = 'L. Casus (fictief)';
    const subjectB = 'M. Anders (fictief)';
    const { meetingId, itemIds } = await scheduleCaseMeeting(server.url, 'Casusoverleg e2e', [
      { subject: subjectA, involve: ['municipality', 'police', 'probation'] },
      { subject: subjectB, involve: ['municipality', 'police'] },
    ]);
    const [itemA, itemB] = itemIds as [string, string];

    const chair = await joinLive('voorzitter', meetingId);
    const police = await joinLive('politie', meetingId);
    const probation = await joinLive('reclassering', meetingId);
    const probationDocuments: string[] = [];
    probation.page.on('websocket', (ws) => probationDocuments.push(ws.url()));
    for (const p of [chair, police, probation]) await p.live.waitForPresent(3);

    // The probation service takes part in its own case only (art. 9.1).
    await probation.live.agendaItemFor(subjectA).waitFor();
    expect(
      await probation.page
        .locator(`[data-testid="live-agenda-item"][data-item-id="${itemB}"]`)
        .getAttribute('data-admitted'),
    ).toBe('false');

    await chair.live.openMeeting();
    await chair.live.discuss(1);
    await police.live.waitForCurrentItem(subjectA);
    await probation.live.waitForCurrentItem(subjectA);
    await probation.live.waitConnected();

    // The police add a measure: what, by whom, by when, how far.
    const measureId = await police.live.addMeasure();
    const description = `measure/${measureId}/description`;
    await police.live.typeAtEnd(description, 'Reclasseringstoezicht met meldplicht.');
    await police.live.setMeasure(measureId, {
      owner: 'Reclassering Nederland',
      due: '2030-06-01',
      status: 'In uitvoering',
    });
    await police.live.typeAtEnd('goal', 'Afname van risicovol gedrag binnen een half jaar.');

    // The probation service sees the same measure, value for value.
    await probation.live.measure(measureId).waitFor();
    await probation.live.waitForText(description, 'meldplicht');
    await probation.live.waitForText('goal', 'risicovol gedrag');
    await probation.page
      .locator(`[data-measure-id="${measureId}"] [data-testid="live-measure-status"]`)
      .and(probation.page.locator('select:has(option[value="in_progress"]:checked)'))
      .waitFor();
    expect(await probation.live.measureValues(measureId)).toEqual({
      owner: 'Reclassering Nederland',
      due: '2030-06-01',
      status: 'In uitvoering',
    });

    // The probation service takes the measure's description; the police see who is editing it.
    await probation.live.focus(description);
    await police.live.waitForEditor(description, 'Gerda de Boer');
    await screenshot(police.page, '35-live-plan-politie');
    await probation.live.blur(description);

    // A second measure is removed again, after a confirmation, for everyone.
    const second = await police.live.addMeasure();
    await probation.live.measure(second).waitFor();
    await police.live.removeMeasure(second);
    await probation.live.measure(second).waitFor({ state: 'detached' });
    expect(await probation.live.measures().count()).toBe(1);

    // The chair cannot admit the probation service to a case it is not involved in; the refusal says why.
    await chair.live.toggleAdmission('Gerda de Boer', itemB);
    await chair.live.admissionError().waitFor();
    expect(await chair.live.admissionError().innerText()).toContain('9.1');
    expect(await chair.live.admissionItemChecked('Gerda de Boer', itemB)).toBe(false);
    expect(await chair.live.admissionItemChecked('Gerda de Boer', itemA)).toBe(true);
    await screenshot(chair.page, '36-live-admission-refused-chair');

    // The chair moves on to the other case: the probation service's screen opens nothing of it.
    await chair.live.discuss(2);
    await probation.live.waitForItem(itemB);
    await probation.live.notAdmitted().waitFor();
    expect(await probation.live.compartmentCount()).toBe(0);
    await probation.live.waitConnected();
    // Not a single document of that item was asked for (the server would refuse it anyway).
    expect(probationDocuments.some((url) => url.includes(`/item/${itemA}/`))).toBe(true);
    expect(probationDocuments.filter((url) => url.includes(`/item/${itemB}/`))).toEqual([]);
    await screenshot(probation.page, '37-live-not-admitted-reclassering');

    // The executor puts another case on the agenda while the meeting runs: every screen shows it at once.
    const subjectC = 'N. Nieuw (fictief)';
    await addCaseItem(server.url, meetingId, { subject: subjectC, involve: ['municipality', 'police'] });
    await chair.live.agendaItemFor(subjectC).waitFor();
    await police.live.agendaItemFor(subjectC).waitFor();
    await probation.page.locator('[data-testid="live-agenda-item"]').nth(2).waitFor();

    await done(chair, police, probation);
  }, 120_000);
});
