import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { LiveMeetingPage } from './pages/LiveMeetingPage';
import { LoginPage } from './pages/LoginPage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

/** The demo weegploeg (server/demo/cases.ts): two fictional subjects on its agenda. */
const DEMO_WEEGPLOEG = 'Weegploeg Regio Voorbeeld';

interface Participant extends TestPage {
  live: LiveMeetingPage;
}

describe('the chair leads the meeting: speakers queue, agenda progress, closing in two steps', () => {
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

  async function join(username: string): Promise<Participant> {
    const opened = await openPage(browser, server.url);
    onTestFailed(() => screenshot(opened.page, `FAILED-chair-${username}`));
    const login = new LoginPage(opened.page);
    await login.open();
    await login.login(username, DEMO_PASSWORD);
    const meetings = new MeetingsPage(opened.page);
    await meetings.waitLoaded();
    await meetings.openMeeting(DEMO_WEEGPLOEG);
    await new MeetingPage(opened.page).openLive();
    const live = new LiveMeetingPage(opened.page);
    await live.waitConnected();
    return { ...opened, live };
  }

  it('hands are taken in the order they went up; the chair gives the floor; everyone sees their place', async () => {
    const chair = await join('voorzitter');
    const police = await join('politie');
    const municipality = await join('gemeente');
    for (const p of [chair, police, municipality]) await p.live.waitForPresent(3);

    await police.live.toggleHand();
    await chair.live.waitForQueueLength(1);
    await municipality.live.toggleHand();
    await chair.live.waitForQueueLength(2);
    const queue = await chair.live.queuedHands();
    expect(queue.map((hand) => hand.place)).toEqual([1, 2]);
    expect(queue[0]!.text).toMatch(/Dirk Visser[\s\S]*Politie[\s\S]*sinds \d\d:\d\d/);
    expect(queue[1]!.text).toContain('Carla Bakker');
    // A screen reader hears the new hand.
    expect(await chair.live.announcement()).toContain('Carla Bakker steekt een hand op.');
    await police.live.waitForHandPlace(1);
    await municipality.live.waitForHandPlace(2);
    await screenshot(chair.page, '40-chair-speakers-queue');

    // "Het woord geven" lowers that hand and marks who has the floor; the next one moves up.
    await chair.live.giveFloor('Dirk Visser');
    await chair.live.waitForQueueLength(1);
    await police.live.haveFloor().waitFor();
    await municipality.live.waitForHandPlace(1);
    await municipality.page
      .locator('[data-testid="live-present"][data-floor="true"]')
      .filter({ hasText: 'Dirk Visser' })
      .waitFor();

    // The chair lowers the last hand without giving the floor.
    await chair.live.lowerHandOf('Carla Bakker');
    await chair.page.getByTestId('live-hands-empty').waitFor();
    await municipality.page.getByTestId('live-hand-place').waitFor({ state: 'detached' });

    // Agenda progress: "Volgend agendapunt" takes the first item; its status and time follow the meeting.
    await chair.live.openMeeting();
    const [first, second] = [await chair.live.agendaItemText(1), await chair.live.agendaItemText(2)];
    await chair.live.nextItem();
    await chair.live.waitForCurrentItem(first);
    await police.live.waitForCurrentItem(first);
    await police.live.waitForProgress(first, 'discussing');
    await police.live.waitForProgress(second, 'pending');
    await chair.live.agendaUsed(first).waitFor();
    // Without a proposed decision, "Vraag instemming" cannot work (art. 7.4): it says so instead of failing.
    expect(await chair.live.askBlockedReason()).toContain('besluitvoorstel');
    await chair.live.setOutcome('carried_over');
    for (const p of [chair, police]) await p.live.waitForProgress(first, 'carried_over');
    expect(await police.live.agendaItemFor(first).getByTestId('live-agenda-status').innerText()).toContain(
      'Doorgeschoven',
    );

    // The next item, then nothing is left: the button says why it cannot be used.
    await chair.live.nextItem();
    await chair.live.waitForCurrentItem(second);
    expect(await chair.live.askBlockedReason()).toContain('besluitvoorstel');
    await chair.live.setOutcome('carried_over');
    await police.live.waitForProgress(second, 'carried_over');
    expect(await chair.live.nextItemButton().isDisabled()).toBe(true);
    expect(await chair.live.nextItemButton().getAttribute('aria-describedby')).toBe('live-next-none');
    expect(await chair.page.getByTestId('live-next-none').innerText()).toContain('geen volgend agendapunt');

    // Closing takes two deliberate steps: the first click only asks, and lists what will be frozen.
    await chair.live.askToClose();
    expect(await chair.live.meetingStateCode()).toBe('open');
    expect(await police.live.meetingStateCode()).toBe('open');
    const items = await chair.live.closeItems();
    expect(items.map((item) => item.outcome)).toEqual(['carried_over', 'carried_over']);
    expect(items[0]!.text).toMatch(/Agendapunt 1 .*Doorgeschoven/s);
    expect(await chair.live.closePresent()).toEqual([
      expect.stringContaining('Anna de Vries'),
      expect.stringContaining('Carla Bakker'),
      expect.stringContaining('Dirk Visser'),
    ]);
    await screenshot(chair.page, '41-chair-close-confirmation');
    // Cancel goes back; nothing happened.
    await chair.live.cancelClose();
    expect(await chair.live.closeConfirmation().count()).toBe(0);
    expect(await police.live.meetingStateCode()).toBe('open');

    // Asked again and confirmed: frozen.
    await chair.live.askToClose();
    await chair.live.confirmClose();
    await police.live.waitForMeetingState('closed');
    // After the close, and after a reload (no live state any more), the agenda keeps each item's outcome.
    await police.live.waitForProgress(first, 'carried_over');
    await police.page.reload();
    await police.live.waitForMeetingState('closed');
    await police.live.waitForProgress(first, 'carried_over');
    await police.live.waitForProgress(second, 'carried_over');

    for (const p of [chair, police, municipality]) expect(unexpectedProblems(p.problems)).toEqual([]);
  });
});
