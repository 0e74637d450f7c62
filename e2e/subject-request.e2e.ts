import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../server/testing/pdf-text';
import { addDays, dutchDay } from '../shared/index';
import { launchBrowser, loggedInPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { frozenWeighingDecision } from './live';
import { AppShell } from './pages/AppShell';
import { NotificationsPage } from './pages/NotificationsPage';
import { SubjectRequestsPage } from './pages/SubjectRequestsPage';
import { startE2eServer, type E2eServer } from './server';

const SUBJECT = 'Inzage-Subject Kanarie';
const SIGNAL = 'Deelt in een besloten groep oproepen tot geweld (inzage-e2e 4417).';
const REPORTER = 'Melder-Kanarie Pietersen';
const GROUNDS = 'Meerdere signalen wijzen op verheerlijking van geweld; integrale aanpak nodig.';

/** A calendar date as the Dutch screen writes it: "7 april 2026". */
const dutchDate = (day: string) =>
  new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

describe('the rights of the subject in the browser (art. 11 and 12)', () => {
  let server: E2eServer;
  let browser: Browser;
  let reference: string;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    // A subject on whom the weegploeg decided (agenda-ing) in a meeting that was frozen.
    ({ reference } = await frozenWeighingDecision(server.url, {
      subject: SUBJECT,
      description: SIGNAL,
      reporter: { name: REPORTER, contact: 'melder@voorbeeld.example' },
      grounds: GROUNDS,
    }));
  });

  afterAll(async () => {
    for (const page of opened) await page.context.close();
    await browser?.close();
    await server?.close();
  });

  const loginAs = (username: string) =>
    loggedInPage(browser, server.url, username, { name: 'subject-request', opened });

  it('the executor handles an access request end to end and downloads the overview', async () => {
    const today = dutchDay(new Date());
    const { page, problems } = await loginAs('uitvoerder');
    const shell = new AppShell(page);
    expect(await shell.hasNavEntry('nav-subject-requests')).toBe(true);
    await shell.goToSubjectRequests();
    const requests = new SubjectRequestsPage(page);
    await requests.waitLoaded();
    expect(await page.getByTestId('requests-empty').isVisible()).toBe(true);

    // Register: the reference is suggested from the files the executor keeps; the day of receipt is today.
    await page.getByTestId('request-new').click();
    expect(await requests.referenceSuggestions()).toContain(reference);
    expect(await requests.receivedDefault()).toBe(today);
    await page.getByTestId('request-form').getByRole('button', { name: 'Annuleren' }).click();
    await requests.register({
      reference,
      kind: 'access',
      requester: 'subject',
      details: 'Brief van de betrokkene: wil weten welke gegevens over hem zijn vastgelegd.',
    });
    expect(await shell.flashText()).toContain(`uiterlijk op ${dutchDate(addDays(today, 28))}`);

    // Listed with its deadline: 4 weeks from today.
    const row = requests.row(reference, 'access');
    expect(await requests.deadline(row)).toBe(addDays(today, 28));
    expect(await requests.deadlineText(row)).toBe(`${dutchDate(addDays(today, 28))} (nog 28 dagen)`);
    expect(await requests.status(row)).toBe('open');
    expect(await requests.statusText(row)).toBe('Nog 28 dagen');
    expect(await row.innerText()).toContain(SUBJECT);
    // Before the identity is established: no decision and no overview (art. 12.3).
    expect(await row.getByTestId('request-decide').count()).toBe(0);
    expect(await row.getByTestId('request-overview').count()).toBe(0);
    await screenshot(page, '90-request-registered-uitvoerder');

    await requests.verifyIdentity(row);
    expect(await requests.isIdentityVerified(row)).toBe(true);
    expect(await row.getByTestId('request-verify').count()).toBe(0);

    // The overview on screen, in readable sections: name, signal, decision, recipients — not the reporter.
    const overview = await requests.openOverview(row);
    expect(await requests.overviewSections(row)).toEqual([
      'weighing-file',
      'case-file',
      'records',
      'purposes',
      'recipients',
      'origins',
    ]);
    const weighing = await requests.overviewSection(row, 'weighing-file').innerText();
    expect(weighing).toContain(SUBJECT);
    expect(weighing).toContain(SIGNAL);
    expect(weighing).toContain('Politie Eenheid Voorbeeld');
    expect(weighing).toContain('Agenderen voor het casusoverleg');
    expect(weighing).toContain(GROUNDS);
    expect(await requests.overviewSection(row, 'case-file').innerText()).toContain(SUBJECT);
    expect(await requests.overviewSection(row, 'records').innerText()).toContain(`Weegploeg ${SUBJECT}`);
    const recipients = await requests.overviewSection(row, 'recipients').innerText();
    for (const organisation of ['Gemeente Voorbeeldstad', 'Politie Eenheid Voorbeeld', 'Openbaar Ministerie'])
      expect(recipients).toContain(organisation);
    expect(recipients).toContain('aanwezig bij de bespreking');
    expect(await requests.overviewSection(row, 'origins').innerText()).toContain('Politie Eenheid Voorbeeld');
    expect(await requests.overviewSection(row, 'purposes').innerText()).toContain('convenant art. 3');
    expect(await overview.innerText()).not.toContain(REPORTER);
    await screenshot(page, '91-request-overview-uitvoerder');

    // The PDF to send: the subject's data and why; not the reporter (art. 43e Wbp).
    const pdf = await requests.downloadOverviewPdf(row);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain(SUBJECT);
    expect(text).toContain('Waarom wij deze gegevens verwerken');
    expect(text).not.toContain(REPORTER);
    expect(text).not.toContain('Pietersen');

    // Decide: granted, with the reasoning; the request is handled.
    await requests.decide(row, {
      decision: 'granted',
      reasoning: 'Het overzicht is op deze dag per aangetekende brief aan de betrokkene gestuurd.',
    });
    expect(await requests.status(row)).toBe('decided');
    expect(await requests.statusText(row)).toBe('Afgehandeld');
    expect(await requests.decision(row)).toBe('granted');
    expect(await row.getByTestId('request-decide').count()).toBe(0);
    expect(await row.innerText()).toContain('per aangetekende brief');
    // After a reload it is still handled (the server has it), and the overview stays available.
    await requests.goto();
    expect(await requests.status(requests.row(reference, 'access'))).toBe('decided');
    expect(await requests.row(reference, 'access').getByTestId('request-overview').count()).toBe(1);
    await screenshot(page, '92-request-handled-uitvoerder');

    expect(unexpectedProblems(problems)).toEqual([]);
  });

  it('a refusal needs a ground and reasons, and an unknown reference is named as such', async () => {
    const { page, problems } = await loginAs('uitvoerder');
    const requests = new SubjectRequestsPage(page);
    await requests.goto();

    // The server knows no subject with this reference: the field says so.
    await page.getByTestId('request-new').click();
    await page.getByTestId('request-reference').fill('PGA-0000-9999');
    await page.getByTestId('request-details').fill('Verzoek om inzage.');
    await page.getByTestId('request-submit').click();
    await page.locator('#request-reference-error').waitFor();
    expect(await page.locator('#request-reference-error').innerText()).toContain(
      'Er is geen subject met dit kenmerk',
    );
    await page.getByTestId('request-form').getByRole('button', { name: 'Annuleren' }).click();

    await requests.register({
      reference,
      kind: 'objection',
      requester: 'representative',
      identityVerifiedOn: dutchDay(new Date()),
      details: 'Advocaat maakt namens de betrokkene bezwaar tegen de verwerking.',
    });
    const row = requests.row(reference, 'objection');
    expect(await requests.isIdentityVerified(row)).toBe(true);
    await requests.fillDecision(row, { decision: 'refused', reasoning: '' });
    expect(await row.innerText()).toContain('Een weigering wordt gemotiveerd (art. 12.4)');
    await row.getByTestId('request-decide-submit').click();
    expect(await row.innerText()).toContain('Kies de grond voor de weigering.');
    expect(await row.innerText()).toContain('Motiveer de weigering.');
    await screenshot(page, '93-request-refusal-incomplete-uitvoerder');
    await row.getByTestId('request-refusal-ground').selectOption('crime');
    await row.getByTestId('request-reasoning').fill('Er loopt een strafrechtelijk onderzoek.');
    await row.getByTestId('request-decide-submit').click();
    await row.locator('[data-testid="request-decided"]').waitFor();
    expect(await requests.decision(row)).toBe('refused');
    expect(await row.innerText()).toContain('de voorkoming, opsporing en vervolging van strafbare feiten');

    // A correction is carried out on the frozen minutes (art. 12): the request points there.
    await requests.register({
      reference,
      kind: 'correction',
      requester: 'subject',
      details: 'De betrokkene vraagt een onjuiste datum in het verslag te corrigeren.',
    });
    const correction = requests.row(reference, 'correction');
    expect(await correction.getByTestId('request-correction-hint').innerText()).toContain(
      'via een correctie op het vastgestelde verslag',
    );
    // Granted: carried out within four weeks and the parties told (art. 12.6).
    await requests.verifyIdentity(correction);
    await requests.decide(correction, { decision: 'granted', reasoning: 'De datum is feitelijk onjuist.' });
    expect(await correction.getByTestId('request-execution').innerText()).toContain('nog niet');
    // The parties' date is optional: the app sends its own notice to the parties that received the data.
    await correction.getByTestId('request-carried-out').click();
    expect(await correction.getByTestId('request-parties-notified-on').inputValue()).toBe('');
    expect(await correction.getByTestId('request-carried-out-form').innerText()).toContain(
      'Casustafel stuurt zelf een kennisgeving aan de partijen',
    );
    await correction.getByRole('button', { name: 'Annuleren' }).click();
    await requests.recordCarriedOut(correction);
    expect(await correction.getByTestId('request-carried-out-date').innerText()).not.toContain('nog niet');
    // Told: the parties that attended the weegploeg on the subject; none has seen it yet.
    expect(await requests.notices(correction)).toEqual([
      { organisation: 'Gemeente Voorbeeldstad', acknowledged: false },
      { organisation: 'Openbaar Ministerie Arrondissement Voorbeeld', acknowledged: false },
      { organisation: 'Politie Eenheid Voorbeeld', acknowledged: false },
    ]);
    expect(await correction.getByTestId('request-notices').innerText()).toContain(
      'Politie Eenheid Voorbeeld: nog niet gezien',
    );
    const minutesLink = requests
      .correctionMinutesLinks(correction)
      .filter({ hasText: `Weegploeg ${SUBJECT}` });
    await minutesLink.click();
    await page.waitForURL(/\/overleggen\/[0-9a-f-]{36}\/verslag$/);
    await page.locator('[data-testid="minutes-view"][data-state="loaded"]').waitFor();
    expect(await page.getByTestId('minutes-rectify').count()).toBeGreaterThan(0);
    expect(unexpectedProblems(problems).filter((p) => !p.includes('404'))).toEqual([]);
  });

  it('the notification register: due, deferred by a core party on a ground, informed by the executor', async () => {
    const today = dutchDay(new Date());
    const reviewOn = addDays(today, 30);

    // A core party's member: the register, with the due duty; may defer, not record informing.
    const police = await loginAs('politie');
    const shell = new AppShell(police.page);
    expect(await shell.hasNavEntry('nav-notifications')).toBe(true);
    expect(await shell.hasNavEntry('nav-subject-requests')).toBe(false);
    await shell.goToNotifications();
    const register = new NotificationsPage(police.page);
    await register.waitLoaded();
    expect(await register.status(reference)).toBe('due');
    expect(await register.statusText(reference)).toBe('Te informeren');
    const facts = await register.text(reference);
    expect(facts).toContain(SUBJECT);
    expect(facts).toContain('Agenderen voor het casusoverleg');
    expect(await register.informedButton(reference).count()).toBe(0);
    await register.defer(reference, { ground: 'crime', reviewOn });
    expect(await register.statusText(reference)).toBe(`Uitgesteld tot ${dutchDate(reviewOn)}`);
    expect(await register.text(reference)).toContain(
      'de voorkoming, opsporing en vervolging van strafbare feiten',
    );
    const deferred = await register.history(reference);
    expect(deferred).toHaveLength(2);
    expect(deferred[1]).toContain('Dirk Visser');
    expect(deferred[1]).toContain(`Uitgesteld tot ${dutchDate(reviewOn)}`);
    await screenshot(police.page, '94-notification-deferred-politie');
    expect(unexpectedProblems(police.problems)).toEqual([]);

    // The executor: sees the deferral, may not defer, records that the subject was informed.
    const executor = await loginAs('uitvoerder');
    const executorRegister = new NotificationsPage(executor.page);
    await new AppShell(executor.page).goToNotifications();
    await executorRegister.waitLoaded();
    expect(await executorRegister.status(reference)).toBe('deferred');
    expect(await executorRegister.deferButton(reference).count()).toBe(0);
    await executorRegister.recordInformed(reference, { how: 'Per aangetekende brief' });
    expect(await executorRegister.statusText(reference)).toBe(`Geïnformeerd op ${dutchDate(today)}`);
    const history = await executorRegister.history(reference);
    expect(history).toHaveLength(3);
    expect(history[2]).toContain('Bram Jansen');
    expect(history[2]).toContain('Per aangetekende brief');
    expect(await executorRegister.informedButton(reference).count()).toBe(0);
    await screenshot(executor.page, '95-notification-informed-uitvoerder');
    expect(unexpectedProblems(executor.problems)).toEqual([]);

    // A case party is not in the register at all (art. 11.3): no menu entry, and the server refuses.
    const probation = await loginAs('reclassering');
    expect(await new AppShell(probation.page).hasNavEntry('nav-notifications')).toBe(false);
    const refused = new NotificationsPage(probation.page);
    await refused.goto();
    expect(await refused.state()).toBe('error');
    expect(await refused.error().innerText()).toContain('art. 11.3');
    expect(await probation.page.locator('main').innerText()).not.toContain(SUBJECT);
  });
});
