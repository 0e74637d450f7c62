import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api';
import { launchBrowser, loggedInPage, unexpectedProblems, type TestPage } from './browser';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { startE2eServer, type E2eServer } from './server';

/**
 * The executor withdraws what will not be discussed (art. 5): an item taken off the agenda, then the meeting
 * called off, each with a reason the form asks for.
 */
describe('calling off a meeting and taking an item off its agenda', () => {
  let server: E2eServer;
  let browser: Browser;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const page of opened) await page.context.close();
    await browser?.close();
    await server?.close();
  });

  it('takes an item off the agenda, then calls the meeting off; the live link goes', async () => {
    const police = await apiAs(server.url, 'politie');
    const executorApi = await apiAs(server.url, 'uitvoerder');
    const signal = await police.post<{ weighingFileId: string }>('/api/signals', {
      subject: { name: 'Intrekking Subject' },
      description: 'Signaal',
      observedOn: '2026-11-01',
      reporter: { name: 'Melder', contact: 'melder@example.nl' },
      phenomenon: 'other',
      setting: 'online',
    });
    const meeting = await executorApi.post<{ id: string }>('/api/meetings', {
      kind: 'weighing',
      title: 'Weegploeg die niet doorgaat',
      scheduledAt: '2027-01-12T09:00:00Z',
    });
    const detail = await executorApi.post<{ agenda: { subjectReference: string }[] }>(
      `/api/meetings/${meeting.id}/agenda-items`,
      { weighingFileId: signal.weighingFileId },
    );
    const reference = detail.agenda[0]!.subjectReference;

    const executor = await loggedInPage(browser, server.url, 'uitvoerder', { name: 'withdrawal', opened });
    await executor.page.goto(`/overleggen/${meeting.id}`);
    const page = new MeetingPage(executor.page);
    await page.waitLoaded();
    await page.removeFromAgenda(reference, 'Dubbel geagendeerd');
    expect(await page.agendaItems()).toEqual([]);

    expect(await page.hasLiveLink()).toBe(true);
    expect(await executor.page.getByTestId('meeting-calendar').getAttribute('href')).toBe(
      `/api/meetings/${meeting.id}/calendar.ics`,
    );
    await page.callOff('Geen quorum; nieuwe datum volgt');
    expect(await page.cancellationText()).toContain('Geen quorum; nieuwe datum volgt');
    expect(await page.hasLiveLink()).toBe(false);
    // The meetings list shows it among the past meetings, no longer among the coming ones.
    const list = new MeetingsPage(executor.page);
    await list.open();
    expect(await list.pastTitles()).toContain('Weegploeg die niet doorgaat');
    expect(unexpectedProblems(executor.problems)).toEqual([]);
  });
});
