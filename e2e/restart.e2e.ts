import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, loggedInPage, screenshot, type TestPage } from './browser';
import { LiveMeetingPage } from './pages/LiveMeetingPage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { startE2eServer, type E2eServer } from './server';

/** The demo weegploeg (server/demo/cases.ts). */
const DEMO_WEEGPLOEG = 'Weegploeg Regio Voorbeeld';

/** A port free right now, so the restarted server comes back at the address the page knows. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The server restarts under an open live meeting screen (a deploy: graceful shutdown, then the new instance at
 * the same address): the screen says it is reconnecting, and connects again by itself, meeting control included
 * (socket.io does not reconnect on its own after the server ended the socket).
 */
describe('a server restart under the live meeting screen', () => {
  let dataDir: string;
  let settings: Record<string, string>;
  let server: E2eServer | null = null;
  let browser: Browser;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'casustafel-e2e-restart-'));
    // On disk, so that the session and the meeting are still there after the restart.
    settings = { DATA_DIR: dataDir, PORT: String(await freePort()) };
    server = await startE2eServer(settings);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const { context } of opened) await context.close();
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  // A server start (migrations checked on disk) and the clients' back-off: slow on a busy machine.
  it(
    'shows "Opnieuw verbinden…" while the server is away and connects again when it is back',
    { timeout: 180_000 },
    async () => {
      const chair = await loggedInPage(browser, server!.url, 'voorzitter', { name: 'restart', opened });
      const meetings = new MeetingsPage(chair.page);
      await meetings.waitLoaded();
      await meetings.openMeeting(DEMO_WEEGPLOEG);
      await new MeetingPage(chair.page).openLive();
      const live = new LiveMeetingPage(chair.page);
      await live.waitConnected();

      await server!.close();
      server = null;
      await live.waitForConnection('reconnecting');
      expect(await live.connectionText()).toContain('Opnieuw verbinden');
      await screenshot(chair.page, '90-live-server-restarting');

      server = await startE2eServer(settings);
      await live.waitConnected(90_000);
      expect(await live.meetingState()).toBe('Gepland');
    },
  );
});
