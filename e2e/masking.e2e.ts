import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { scheduleCaseMeeting } from './live';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { DisclosurePanel } from './pages/DisclosurePanel';
import { LiveMeetingPage } from './pages/LiveMeetingPage';
import { LoginPage } from './pages/LoginPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

interface Participant extends TestPage {
  live: LiveMeetingPage;
  disclosures: DisclosurePanel;
}

/** Everything a browser received: WebSocket frames (binary decoded both ways) and HTTP response bodies. */
interface Received {
  socketUrls: string[];
  frames: string[];
  bodies: string[];
  pending: Promise<void>[];
}

function record(participant: TestPage): Received {
  const received: Received = { socketUrls: [], frames: [], bodies: [], pending: [] };
  participant.page.on('websocket', (ws) => {
    received.socketUrls.push(ws.url());
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') received.frames.push(payload);
      else received.frames.push(payload.toString('latin1'), payload.toString('utf8'));
    });
  });
  participant.page.on('response', (response) => {
    received.pending.push(
      response.text().then(
        (text) => void received.bodies.push(text),
        () => undefined, // redirects and the like have no body
      ),
    );
  });
  return received;
}

/** Waits for all response bodies seen so far; true when any of them, or any frame, contains `text`. */
async function anyReceived(received: Received, text: string): Promise<boolean> {
  await Promise.all(received.pending);
  return (
    received.frames.some((frame) => frame.includes(text)) || received.bodies.some((b) => b.includes(text))
  );
}

describe('masked views and disclosure to an external partner (art. 10.4, 10.5, 14)', () => {
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

  async function joinLive(
    username: string,
    meetingId: string,
    before?: (opened: TestPage) => void,
  ): Promise<Participant> {
    const opened = await openPage(browser, server.url);
    onTestFailed(() => screenshot(opened.page, `FAILED-masking-${username}`));
    before?.(opened);
    const login = new LoginPage(opened.page);
    await login.open();
    await login.login(username, DEMO_PASSWORD);
    await opened.page.goto(`/overleggen/${meetingId}/live`);
    await opened.page.getByTestId('live-title').waitFor();
    const live = new LiveMeetingPage(opened.page);
    await live.waitConnected();
    return { ...opened, live, disclosures: new DisclosurePanel(opened.page) };
  }

  it('a satellite sees masked placeholders and no byte of the analysis until the parties consent; revoking masks it again', async () => {
    const subject = 'P. Afgeschermd (fictief)';
    const { meetingId, itemIds } = await scheduleCaseMeeting(server.url, 'Casusoverleg afscherming e2e', [
      { subject, involve: ['municipality', 'police', 'mental_health'] },
    ]);
    const [itemId] = itemIds as [string];

    const chair = await joinLive('voorzitter', meetingId);
    const police = await joinLive('politie', meetingId);
    let received: Received | null = null;
    const ggz = await joinLive('ggz', meetingId, (opened) => (received = record(opened)));
    const satellite = received as unknown as Received;
    for (const p of [chair, police, ggz]) await p.live.waitForPresent(3);

    // The satellite is told of its secrecy at once (art. 14); the parties are not.
    expect(await ggz.live.secrecy().innerText()).toBe(
      'U bent gebonden aan geheimhouding (convenant art. 14): wat u hier ziet, deelt u met niemand buiten dit overleg.',
    );
    expect(await police.live.secrecy().count()).toBe(0);

    await chair.live.openMeeting();
    await chair.live.discuss(1);
    for (const p of [police, ggz]) {
      await p.live.waitForItem(itemId);
      await p.live.waitConnected();
    }

    // The satellite sees that the case file's fields exist, under their category and rule; never their content.
    await ggz.live.masked('analysis').waitFor();
    expect(await ggz.live.masked('analysis').innerText()).toContain(
      'Afgeschermd — gegevens uit het casusoverlegbestand',
    );
    expect(await ggz.live.masked('analysis').innerText()).toContain('convenant art. 10.5');
    expect(await ggz.live.masked('identity').innerText()).toContain('Afgeschermd — persoonsgegevens');
    await ggz.live.masked('signals').waitFor();
    // The network and the chair's notes are not even shown to exist; the plan of approach is the partner's to write.
    expect(await ggz.live.masked('network').count()).toBe(0);
    expect(await ggz.live.compartment('network').count()).toBe(0);
    expect(await ggz.live.compartment('notes').count()).toBe(0);
    expect(await ggz.live.compartment('plan').getAttribute('data-access')).toBe('write');
    expect(await ggz.live.compartment('analysis').count()).toBe(0);
    // The parties see the fields themselves.
    await police.live.compartment('identity').waitFor();
    expect(await police.live.masked('analysis').count()).toBe(0);

    // The police write their analysis, with a text nobody else could guess.
    const canary = `KANARIE-${randomUUID()}`;
    await police.live.typeAtEnd('analysis', canary);
    await police.live.waitAllSent();
    await chair.live.waitForText('analysis', canary);
    await ggz.page.waitForTimeout(1_000);
    await screenshot(ggz.page, '40-masked-ggz');

    // Not one byte of it reached the satellite: not on its screen, not over any socket, not in any response.
    expect(await ggz.page.content()).not.toContain(canary);
    expect(await anyReceived(satellite, canary)).toBe(false);
    const maskedDocuments = ['identity', 'signals', 'analysis', 'network', 'notes'];
    expect(
      satellite.socketUrls.filter((url) => maskedDocuments.some((name) => url.endsWith(`/${name}`))),
    ).toEqual([]);
    expect(satellite.socketUrls.some((url) => url.endsWith(`/item/${itemId}/plan`))).toBe(true);

    // "Wie ziet wat": the chair sees the satellite's analysis masked, and the rule behind it.
    await chair.live.openPolicyTable();
    const ggzAnalysis = chair.live.policyCell('Hans Meijer', 'analysis');
    expect(await ggzAnalysis.getAttribute('data-access')).toBe('masked');
    expect(await ggzAnalysis.innerText()).toContain('afgeschermd');
    expect(await ggzAnalysis.getAttribute('title')).toContain('art. 10.5');
    expect(await chair.live.policyCell('Dirk Visser', 'analysis').innerText()).toContain('schrijven');
    expect(await chair.live.policyCell('Hans Meijer', 'plan').innerText()).toContain('schrijven');
    expect(await chair.live.policyCell('Hans Meijer', 'network').innerText()).toContain('verborgen');
    await screenshot(chair.page, '41-policy-table-chair');

    // The police propose to disclose the analysis to GGZ. The form asks for every building block first.
    await police.disclosures.openForm();
    expect(await police.disclosures.input('purpose').inputValue()).toContain('art. 9, 10.5');
    expect(await police.disclosures.input('legal-basis').inputValue()).toContain('art. 10.5');
    await police.disclosures.submit();
    await police.page.getByTestId('live-disclose-incomplete').waitFor();
    expect(await police.disclosures.fieldErrors()).toEqual([
      'Kies aan welke externe partner u verstrekt.',
      'Kies welke gegevens u verstrekt.',
      'Leg uit waarom de verstrekking nodig is voor de bijdrage van de partner.',
      'Leg uit hoe u zorgvuldig verstrekt.',
      'Beschrijf welke gegevens u verstrekt.',
    ]);
    await screenshot(police.page, '42-disclosure-form-politie');
    await police.disclosures.propose({
      recipient: 'GGZ Voorbeeld',
      field: 'Analyse',
      necessity:
        'De GGZ-behandelaar moet de risicotaxatie kennen om de behandeling op het plan af te stemmen.',
      care: 'Alleen de analyse van deze casus, alleen voor de behandelaar, niet verder verstrekken.',
      dataKind: 'Analyse aan de hand van het referentiekader',
    });
    await police.disclosures.waitForState('analysis', 'proposed');
    expect(await police.disclosures.stateText('analysis')).toContain('voorgesteld');

    // Proposed is not consented: the satellite sees the proposal to itself, read-only, and the field stays masked.
    await ggz.disclosures.waitForState('analysis', 'proposed');
    expect(await ggz.disclosures.actionCount()).toBe(0);
    expect(await ggz.disclosures.openButton().count()).toBe(0);
    expect(await ggz.live.masked('analysis').count()).toBe(1);

    // The chair consents (the police, whose signal it was, consented by proposing): in effect.
    await chair.disclosures.waitForState('analysis', 'proposed');
    await chair.disclosures.consent('analysis');
    await chair.disclosures.waitForState('analysis', 'active');
    expect(await chair.disclosures.stateText('analysis')).toContain('van kracht');
    expect(await chair.disclosures.entry('analysis').innerText()).toContain('Anna de Vries');

    // The satellite now reads the analysis live, read-only; identity and signals stay masked.
    await ggz.live.compartment('analysis').waitFor();
    await ggz.live.waitForText('analysis', canary);
    expect(await ggz.live.isReadOnly('analysis')).toBe(true);
    expect(await ggz.live.compartment('analysis').getAttribute('data-disclosed')).toBe('true');
    expect(await ggz.live.masked('analysis').count()).toBe(0);
    await ggz.live.masked('identity').waitFor();
    await ggz.live.masked('signals').waitFor();
    await ggz.disclosures.waitForState('analysis', 'active');
    // The frames it got now do hold the text: the check above would have caught a leak.
    expect(await anyReceived(satellite, canary)).toBe(true);
    await screenshot(ggz.page, '43-disclosed-ggz');

    // The police revoke: the satellite's analysis is masked again at once.
    await police.disclosures.waitForState('analysis', 'active');
    await police.disclosures.revoke('analysis');
    await police.disclosures.waitForState('analysis', 'revoked');
    await ggz.live.masked('analysis').waitFor();
    await ggz.live.compartment('analysis').waitFor({ state: 'detached' });
    expect(await ggz.live.text('analysis').count()).toBe(0);
    await ggz.disclosures.waitForState('analysis', 'revoked');
    expect(await ggz.disclosures.stateText('analysis')).toContain('ingetrokken');
    await screenshot(ggz.page, '44-revoked-ggz');

    for (const p of [chair, police, ggz]) {
      expect(unexpectedProblems(p.problems)).toEqual([]);
      await p.context.close();
    }
  }, 120_000);
});
