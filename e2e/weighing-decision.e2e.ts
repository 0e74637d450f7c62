import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, openPage, screenshot, unexpectedProblems } from './browser';
import { AppShell } from './pages/AppShell';
import { DecisionForm } from './pages/DecisionForm';
import { LoginPage } from './pages/LoginPage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { RegisterSignalPage } from './pages/RegisterSignalPage';
import { WeighingFilePage } from './pages/WeighingFilePage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

describe('weegploeg: agenda and decision in the browser', () => {
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

  it('the executor puts a subject on a weegploeg agenda and records the integral decision', async () => {
    const subjectName = `Kanarie ${randomBytes(4).toString('hex')}`;
    const meetingTitle = `Weegploeg e2e ${randomBytes(2).toString('hex')}`;
    const { page, context, problems } = await openPage(browser, server.url);
    onTestFailed(() => screenshot(page, 'FAILED-weighing-decision'));
    const shell = new AppShell(page);
    const login = new LoginPage(page);

    // The executor records a signal on behalf of the municipality (art. 8.1).
    await login.open();
    await login.login('uitvoerder', DEMO_PASSWORD);
    expect(await shell.whoami()).toContain('Bram Jansen');
    await shell.goToRegisterSignal();
    const signal = new RegisterSignalPage(page);
    await signal.fillNewSubject({
      subject: { name: subjectName },
      description: 'Verheerlijkt aanslagen in gesprekken op school.',
      observedOn: '2025-02-03',
      reporter: { name: 'Mentor J. Bos', contact: 'mentor.bos (school)' },
      phenomenon: 'jihadist',
      setting: 'offline',
      broughtBy: 'Gemeente Voorbeeldstad',
    });
    await signal.submit();

    // … schedules a weegploeg and puts the subject on its agenda …
    const meetings = new MeetingsPage(page);
    await meetings.open();
    expect(await meetings.canSchedule()).toBe(true);
    await meetings.schedule({ kind: 'weighing', title: meetingTitle, date: '2030-05-14', time: '10:00' });
    const meeting = new MeetingPage(page);
    expect(await meeting.title()).toBe(meetingTitle);
    expect(await meeting.participants()).toContain('Dirk Visser');
    await meeting.addToAgenda(subjectName);
    await screenshot(page, '10-meeting-weegploeg');

    // … and records the decision from the agenda item, as the meeting's decision.
    await meeting.openWeighingFileOf(subjectName);
    const decision = new DecisionForm(page);
    await decision.open();
    await page.getByTestId('decision-meeting').waitFor();
    await decision.fill({
      outcome: 'agenda',
      grounds: 'Meerdere signalen wijzen op verheerlijking van geweld; integrale aanpak nodig.',
      findings: { G2: 'present', G6: 'present' },
      fallback: 'unknown',
      involve: ['Reclassering Nederland', 'GGZ Voorbeeld'],
    });

    // Not integral: the OM is unticked, so the form refuses (the Ministerial letter on early signalling, 2024) before asking the server.
    await decision.setCoreParty('prosecution', false);
    await decision.submit();
    expect(await decision.errorText()).toContain('alle drie kernpartijen');
    await screenshot(page, '11-decision-form-not-integral');
    await decision.setCoreParty('prosecution', true);
    await decision.submit();

    const file = new WeighingFilePage(page);
    await page.getByTestId('decision-outcome').waitFor();
    expect(await file.decisionOutcomes()).toEqual(['Agenderen voor het casusoverleg']);
    expect(await file.status()).toContain('Geagendeerd');
    await screenshot(page, '12-weighing-file-decided');

    // The decision copied the relevant data into a separate casusoverleg file (art. 8.5).
    await page.getByTestId('decision-case-file').click();
    await page.getByTestId('case-file-title').waitFor();
    expect(await page.getByTestId('subject-name').innerText()).toBe(subjectName);
    await screenshot(page, '13-case-file');

    // English is one click away, and sticks.
    await shell.toggleLanguage();
    expect(await page.getByTestId('case-file-title').innerText()).toContain('Casusoverleg file');
    await page.reload();
    // After a reload the heading says "Open casusoverleg file" until the file has loaded.
    await page.locator('[data-testid="case-file-title"]', { hasText: /^Casusoverleg file PGA-/ }).waitFor();
    await screenshot(page, '14-case-file-english');
    await shell.toggleLanguage();

    // A core party's member sees the weegploeg they were invited to, with the subject's name.
    await shell.logout();
    await login.login('politie', DEMO_PASSWORD);
    await meetings.waitLoaded();
    expect(await meetings.meetingTitles()).toContain(meetingTitle);
    await page.getByTestId('meeting-link').filter({ hasText: meetingTitle }).click();
    await meeting.waitLoaded();
    expect((await meeting.agendaItems()).join()).toContain(subjectName);
    await screenshot(page, '15-meeting-politie');

    expect(unexpectedProblems(problems)).toEqual([]);
    await context.close();
  });
});
