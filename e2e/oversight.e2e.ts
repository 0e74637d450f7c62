import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { runRetention } from '../server/services/retention';
import { apiAs } from './api';
import { launchBrowser, openPage, screenshot, unexpectedProblems, type TestPage } from './browser';
import { frozenWeighingDecision } from './live';
import { AuthorisationsPage } from './pages/AuthorisationsPage';
import { LoginPage } from './pages/LoginPage';
import { SecondFactorPage } from './pages/SecondFactorPage';
import { OversightPage } from './pages/OversightPage';
import { StepUpDialog } from './pages/StepUpDialog';
import { RetentionPage } from './pages/RetentionPage';
import { DEMO_PASSWORD, startE2eServer, type E2eServer } from './server';

/** An instant as Dutch wall-clock parts (the browser contexts run in Europe/Amsterdam). */
function amsterdam(instant: Date): Record<string, string> {
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
}

/** `YYYY-MM-DDTHH:mm`, as `<input type="datetime-local">` takes it in a browser in Dutch time. */
const localInput = (instant: Date) => {
  const p = amsterdam(instant);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
};

/** `DD-MM-YYYY`, the Dutch day as the retention screen writes it. */
const numericDay = (instant: Date) => {
  const p = amsterdam(instant);
  return `${p.day}-${p.month}-${p.year}`;
};

/** A new subject brought in by the police (art. 7.2); returns its weighing file and reference. */
async function newSubject(baseUrl: string, name: string): Promise<{ fileId: string; reference: string }> {
  const police = await apiAs(baseUrl, 'politie');
  const signal = await police.post('/api/signals', {
    subject: { name },
    description: 'Deelt oproepen tot geweld in een besloten groep (toezicht-e2e).',
    observedOn: '2026-01-15',
    reporter: { name: 'Wijkagent (fictief)', contact: 'wijkteam@politie.example' },
    phenomenon: 'other',
    setting: 'online',
  });
  const file = await police.get(`/api/weighing-files/${signal.weighingFileId}`);
  return { fileId: signal.weighingFileId as string, reference: file.subjectReference as string };
}

/**
 * A subject the weegploeg put on the casusoverleg agenda in a weegploeg meeting (art. 7.3–7.4): its weighing file
 * is agendaed and a case file is opened at the freeze; both go to the archive a year after the last processing
 * (art. 13.2).
 */
async function agendaedSubject(
  baseUrl: string,
  name: string,
): Promise<{ fileId: string; caseFileId: string; reference: string }> {
  const decided = await frozenWeighingDecision(baseUrl, {
    subject: name,
    description: 'Deelt oproepen tot geweld in een besloten groep (toezicht-e2e).',
    reporter: { name: 'Wijkagent (fictief)', contact: 'wijkteam@politie.example' },
    grounds: 'Integrale aanpak nodig (toezicht-e2e).',
    involve: ['municipality', 'police', 'prosecution'],
    scheduledAt: '2099-01-05T09:00:00Z',
  });
  return { fileId: decided.weighingFileId, caseFileId: decided.caseFileId!, reference: decided.reference };
}

describe("the controller's screens in the browser (art. 13, 15.2c, 15.2e, 15.2g)", () => {
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

  async function loginAs(
    username: string,
    password = DEMO_PASSWORD,
    baseUrl = server.url,
  ): Promise<TestPage> {
    const page = await openPage(browser, baseUrl);
    opened.push(page);
    onTestFailed(() => screenshot(page.page, `FAILED-oversight-${username}`));
    const login = new LoginPage(page.page);
    await login.open();
    await login.login(username, password);
    return page;
  }

  it('the administrator grants, changes and revokes an authorisation; the user is out at once', async () => {
    const admin = await loginAs('beheerder');
    // The administrator lands on the authorisations, not on meetings they take no part in.
    await admin.page.waitForURL('**/autorisaties');
    const authorisations = new AuthorisationsPage(admin.page);
    await authorisations.waitLoaded();
    expect(await authorisations.state()).toBe('loaded');
    expect(await admin.page.getByTestId('whoami').innerText()).toContain('beheerder autorisaties');
    expect(await admin.page.getByTestId('nav-authorisations').isVisible()).toBe(true);
    expect(await admin.page.getByTestId('nav-meetings').count()).toBe(0);
    expect(await admin.page.getByTestId('nav-oversight').count()).toBe(0);
    expect(await authorisations.immediateText()).toContain('direct');
    // One's own authorisation is not offered for change or revocation (another administrator does that).
    const own = authorisations.row('beheerder');
    expect(await own.getByTestId('authorisation-own').isVisible()).toBe(true);
    expect(await own.getByTestId('authorisation-change').count()).toBe(0);
    expect(await own.getByTestId('authorisation-revoke').count()).toBe(0);
    await screenshot(admin.page, '100-authorisations-beheerder');

    // Grant: a new police officer; the initial password is shown once, with the hand-over warning.
    const password = await authorisations.grant({
      username: 'K.Agent',
      displayName: 'Kees Agent',
      organisation: 'Politie Eenheid Voorbeeld',
      role: 'member',
      capacity: 'wijkagent',
    });
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await authorisations.initialPasswordBox().innerText()).toContain(
      'Geef dit wachtwoord persoonlijk door; het wordt niet opnieuw getoond',
    );
    expect(await authorisations.initialPasswordBox().innerText()).toContain('k.agent');
    expect(await authorisations.rowState('k.agent')).toBe('active');
    await screenshot(admin.page, '101-initial-password-beheerder');
    await authorisations.dismissInitialPassword();
    expect(await admin.page.content()).not.toContain(password);

    // The same username again: refused, the field says why.
    await admin.page.getByTestId('authorisation-new').click();
    const form = admin.page.getByTestId('authorisation-grant-form');
    await form.getByTestId('grant-username').fill('k.agent');
    await form.getByTestId('grant-name').fill('Kees Tweede');
    await form.getByTestId('grant-organisation').selectOption({ label: 'Politie Eenheid Voorbeeld' });
    await form.getByTestId('grant-role').selectOption('member');
    await form.getByTestId('grant-capacity').fill('wijkagent');
    await form.getByTestId('grant-submit').click();
    await form.locator('#grant-username-error').waitFor();
    expect(await form.locator('#grant-username-error').innerText()).toContain('al in gebruik');
    await form.getByRole('button', { name: 'Annuleren' }).click();

    // The new user logs in with the initial password, in a second browser context, and at this first login
    // links an authenticator app (a second factor for every account that is not a demo account).
    const agent = await openPage(browser, server.url);
    opened.push(agent);
    const agentLogin = new LoginPage(agent.page);
    await agentLogin.open();
    await agentLogin.fill('k.agent', password);
    await agent.page.getByTestId('login-submit').click();
    const secondFactor = new SecondFactorPage(agent.page);
    const { recoveryCodes } = await secondFactor.enrol();
    expect(recoveryCodes).toHaveLength(10);
    await screenshot(agent.page, '101b-recovery-codes-k.agent');
    await secondFactor.keptRecoveryCodes();
    expect(await agent.page.getByTestId('whoami').innerText()).toContain('Kees Agent');
    expect(await agent.page.getByTestId('whoami').innerText()).toContain('wijkagent');
    expect(await agent.page.getByTestId('nav-weighing-files').isVisible()).toBe(true);
    expect(await agent.page.getByTestId('nav-authorisations').count()).toBe(0);

    // Change the capacity: it takes effect at once, the user's next page load shows it.
    await authorisations.change('k.agent', { capacity: 'rechercheur' });
    expect(await authorisations.capacity('k.agent')).toBe('rechercheur');
    await agent.page.reload();
    await agent.page.getByTestId('whoami').waitFor();
    expect(await agent.page.getByTestId('whoami').innerText()).toContain('rechercheur');
    await screenshot(admin.page, '102-authorisation-changed-beheerder');

    // Revoke: asked first; nothing happens on cancel.
    const question = await authorisations.askRevoke('k.agent');
    expect(question).toContain('Kees Agent');
    expect(question).toContain('definitief');
    await screenshot(admin.page, '103-revoke-confirm-beheerder');
    await authorisations.row('k.agent').getByRole('button', { name: 'Annuleren' }).click();
    expect(await authorisations.rowState('k.agent')).toBe('active');
    await authorisations.askRevoke('k.agent');
    await authorisations.confirmRevoke('k.agent');
    expect(await authorisations.row('k.agent').getByTestId('authorisation-change').count()).toBe(0);
    const history = await authorisations.history('k.agent');
    expect(history).toHaveLength(3);
    expect(history[0]).toMatch(/^Verleend als lid, hoedanigheid: wijkagent — door Jan Kok/);
    expect(history[1]).toMatch(/^Gewijzigd naar lid, hoedanigheid: rechercheur — door Jan Kok/);
    expect(history[2]).toMatch(/^Ingetrokken — door Jan Kok/);
    await screenshot(admin.page, '104-authorisation-revoked-beheerder');

    // The revoked user's next request finds the session gone: back to the login screen, told why.
    expect((await agent.page.request.get('/api/session')).status()).toBe(401);
    await agent.page.getByTestId('nav-weighing-files').click();
    await agent.page.getByTestId('login-reason').waitFor();
    expect(await agent.page.getByTestId('login-reason').innerText()).toContain('sessie');
    await screenshot(agent.page, '105-revoked-logged-out-k.agent');
    // … and cannot log in again.
    const login = new LoginPage(agent.page);
    await login.fill('k.agent', password);
    await agent.page.getByTestId('login-submit').click();
    await agent.page.getByTestId('error-text').waitFor();

    // Only the administrator: the police see no menu entry and are refused the screen (art. 15.2c).
    const police = await loginAs('politie');
    expect(await police.page.getByTestId('nav-authorisations').count()).toBe(0);
    const refused = new AuthorisationsPage(police.page);
    await refused.goto();
    expect(await refused.state()).toBe('error');
    expect(await refused.errorText()).toContain('art. 15.2c');

    // The 409 is the refused duplicate username above.
    expect(unexpectedProblems(admin.problems).filter((problem) => !/status of 409/.test(problem))).toEqual(
      [],
    );
    expect(unexpectedProblems(agent.problems).filter((problem) => !/status of 401/.test(problem))).toEqual(
      [],
    );
  });

  it('the officer sees police reads flagged, downloads the log, records a review and handles a breach', async () => {
    // The police read two new subjects' files without discussing them in any meeting.
    const first = await newSubject(server.url, 'Toezicht Kanarie Een');
    await newSubject(server.url, 'Toezicht Kanarie Twee');

    const officer = await loginAs('functionaris');
    await officer.page.waitForURL('**/toezicht');
    expect(await officer.page.getByTestId('nav-oversight').isVisible()).toBe(true);
    expect(await officer.page.getByTestId('nav-meetings').count()).toBe(0);
    const oversight = new OversightPage(officer.page);
    await oversight.waitForLog();
    // The period defaults to the last 30 days.
    const period = await oversight.defaultPeriod();
    expect(Date.parse(period.to) - Date.parse(period.from)).toBe(30 * 86_400_000);
    // The log shows who, not what: no subject's name.
    expect(await officer.page.content()).not.toContain('Toezicht Kanarie');

    // Unusual entries only, for one subject: the police's reads, flagged as read without a meeting.
    await oversight.filter({ reference: first.reference, flagged: true });
    const rows = await oversight.rowFacts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.reference).toBe(first.reference);
      expect(row.flags).toContain('outside_meeting');
    }
    const read = rows.find((row) => row.text.includes('Inzage · weegploegbestand'));
    expect(read?.text).toContain('Dirk Visser');
    expect(read?.text).toContain('vertegenwoordiger korpschef');
    expect(read?.text).toContain('Inzage zonder bespreking van deze persoon');
    expect(read?.text).toContain('buiten overleg');
    expect(read?.result).toBe('allowed');
    await screenshot(officer.page, '110-access-log-flagged-functionaris');

    // The CSV holds the same selection.
    expect(await oversight.csvHref()).toContain('format=csv');
    expect(await oversight.csvHref()).toContain('flagged=true');
    const csv = await oversight.downloadCsv();
    expect(csv.name).toMatch(/^toegangslog-.+\.csv$/);
    expect(csv.text).toContain('seq;at;user;organisation');
    expect(csv.text).toContain('"Dirk Visser"');
    expect(csv.text).toContain(first.reference);
    expect(csv.text).toContain('outside_meeting');

    // After ten minutes the export asks for the password again first (step-up), and a wrong one is named.
    await server.database.db.execute(
      sql`update sessions set created_at = now() - interval '11 minutes', authenticated_at = null`,
    );
    const stepUp = new StepUpDialog(officer.page);
    const again = await oversight.downloadCsv(async () => {
      await stepUp.waitForOpen();
      await stepUp.confirm('niet-het-wachtwoord');
      expect(await stepUp.passwordError()).toBe('Het wachtwoord is onjuist.');
      await stepUp.confirm(DEMO_PASSWORD);
      await stepUp.waitForClosed();
    });
    expect(again.text).toContain('seq;at;user;organisation');

    // Refused attempts only: every row a refusal.
    await oversight.filter({ reference: '', flagged: false, result: 'denied' });
    for (const row of await oversight.rowFacts()) expect(row.result).toBe('denied');

    // The periodic review.
    await oversight.openTab('reviews');
    const findings =
      'Politie las twee nieuwe dossiers zonder bespreking; navraag gedaan: voorbereiding weegploeg.';
    await oversight.recordReview({ findings });
    const review = await oversight.reviewRow(findings).innerText();
    expect(review).toContain('Karin Peters');
    expect(review).toMatch(/\d+ regels, waarvan [1-9]\d* opvallend/);
    await screenshot(officer.page, '111-review-functionaris');

    // A breach discovered 80 hours ago with notification required: the 72 hours have passed.
    await oversight.openTab('incidents');
    const title = 'Verslag naar verkeerde ontvanger gemaild';
    await oversight.registerIncident({
      title,
      description: 'Een PDF-verslag is naar een verkeerd e-mailadres gestuurd.',
      discoveredAt: localInput(new Date(Date.now() - 80 * 3_600_000)),
      personalData: 'yes',
      notification: 'required',
      actions: 'Ontvanger gevraagd het bericht te verwijderen.',
    });
    expect(await oversight.incidentStatus(title)).toBe('notification_overdue');
    expect(await oversight.incident(title).getByTestId('incident-status').innerText()).toBe(
      'Melding te laat',
    );
    expect(await oversight.deadlineText(title)).toMatch(
      /De meldtermijn is 8 uur( en \d+ (minuut|minuten))? geleden verstreken/,
    );
    // Not closable before the notification is recorded.
    expect(await oversight.incident(title).getByTestId('incident-close').count()).toBe(0);
    expect(await oversight.incident(title).getByTestId('incident-close-blocked').innerText()).toContain(
      'melding',
    );
    await screenshot(officer.page, '112-incident-overdue-functionaris');

    const lateReason = 'Pas na vier dagen bleek dat het verslag persoonsgegevens van derden bevatte.';
    await oversight.recordNotification(title, lateReason);
    expect(await oversight.deadlineText(title)).toContain('na de termijn');
    // Who recorded the notification, and — late — why (art. 33.1 AVG).
    const notified = oversight.incident(title);
    expect(await notified.getByTestId('incident-notified-by').innerText()).toBe('Karin Peters');
    expect(await notified.getByTestId('incident-late-reason-text').innerText()).toBe(lateReason);
    await oversight.close(title);
    expect(await oversight.incident(title).getByTestId('incident-status').innerText()).toBe('Gesloten');
    await screenshot(officer.page, '113-incident-closed-functionaris');

    // The register survives a reload.
    await oversight.goto('incidents');
    await oversight.waitForIncidentStatus(title, 'closed');

    expect(unexpectedProblems(officer.problems)).toEqual([]);
  });

  it("the executor sees when a new subject's weighing file will be destroyed (art. 13.3)", async () => {
    const subject = await newSubject(server.url, 'Bewaar Kanarie');
    const overview = await (await apiAs(server.url, 'uitvoerder')).get('/api/retention');
    const file = overview.files.find((f: { fileId: string }) => f.fileId === subject.fileId);
    expect(file.next).toMatchObject({ action: 'destroy', rule: 'art. 13.3' });
    const date = numericDay(new Date(file.next.at));

    const executor = await loginAs('uitvoerder');
    const retention = new RetentionPage(executor.page);
    await retention.gotoViaMenu();
    expect(await retention.state()).toBe('loaded');
    const policy = await retention.policyText();
    expect(policy).toContain('6 maanden');
    expect(policy).toContain('12 maanden');
    expect(policy).toContain('5 jaar');
    expect(await retention.action(subject.reference)).toBe('destroy');
    expect(await retention.nextText(subject.reference)).toBe(
      `Vernietigen op ${date} (art. 13.3: niet geagendeerd, max. 6 maanden)`,
    );
    expect(await retention.leftText(subject.reference)).toBe('nog 6 maanden');
    // References only: no names on this screen.
    expect(await executor.page.content()).not.toContain('Bewaar Kanarie');
    await screenshot(executor.page, '120-retention-uitvoerder');

    // Others see no menu entry and are refused (art. 13).
    const police = await loginAs('politie');
    expect(await police.page.getByTestId('nav-retention').count()).toBe(0);
    const refused = new RetentionPage(police.page);
    await refused.goto();
    expect(await refused.state()).toBe('error');
    expect(await refused.errorText()).toContain('uitvoerder');

    expect(unexpectedProblems(executor.problems)).toEqual([]);
  });

  it("the executor brings an archived file back on the controller's order (art. 13.2, 13.4)", async () => {
    // Archiving waits a year (art. 13.2): this test moves the retention clock, on a server of its own, since the
    // retention job takes every file that is due, also the other tests' ones. Its periodic run is off.
    const archive = await startE2eServer({ RETENTION_INTERVAL_MINUTES: '0' });
    let executor: TestPage | undefined;
    try {
      const subject = await agendaedSubject(archive.url, 'Archief Kanarie');
      const executorApi = await apiAs(archive.url, 'uitvoerder');
      const overview = await executorApi.get('/api/retention');
      const due = overview.files.find((f: { fileId: string }) => f.fileId === subject.fileId);
      expect(due.next).toMatchObject({ action: 'archive', rule: 'art. 13.2' });
      // The retention job runs the minute after the archive step is due.
      const outcomes = await runRetention(archive.database.db, new Date(Date.parse(due.next.at) + 60_000));
      for (const fileId of [subject.fileId, subject.caseFileId])
        expect(outcomes.find((o) => o.fileId === fileId)).toMatchObject({
          action: 'archive',
          result: 'done',
        });

      executor = await loginAs('uitvoerder', DEMO_PASSWORD, archive.url);
      const retention = new RetentionPage(executor.page);
      await retention.gotoViaMenu();
      expect(await retention.archived(subject.reference)).toBe(true);
      expect(await retention.archived(subject.reference, 'case')).toBe(true);
      // Files not in the archive offer no restore.
      const active = executor.page.locator('[data-testid="retention-row"][data-archived="false"]');
      expect(await active.count()).toBeGreaterThan(0);
      expect(await active.getByTestId('retention-restore').count()).toBe(0);

      // Without the controller's order nothing is sent: the field says why, and has the focus.
      const form = await retention.openRestore(subject.reference);
      expect(await form.getByTestId('retention-restore-intro').innerText()).toContain('art. 13.4');
      await form.getByTestId('retention-restore-submit').click();
      await form.locator('.field__error').waitFor();
      expect(await form.locator('.field__error').innerText()).toContain('opdracht van de verantwoordelijke');
      await executor.page.waitForFunction(
        () => document.activeElement?.getAttribute('data-testid') === 'retention-restore-order',
      );
      expect(await retention.archived(subject.reference)).toBe(true);
      await screenshot(executor.page, '121-retention-restore-order-required-uitvoerder');

      // The case file came back meanwhile (another tab): the server refuses, and the form shows its reason.
      const caseForm = await retention.openRestore(subject.reference, 'case');
      expect(await retention.restoreForm(subject.reference).count()).toBe(0); // one form at a time
      await executorApi.post('/api/retention/restore', {
        kind: 'case',
        fileId: subject.caseFileId,
        order: 'Opdracht van de burgemeester (ander tabblad).',
      });
      await caseForm.getByTestId('retention-restore-order').fill('Opdracht van de burgemeester.');
      await caseForm.getByTestId('retention-restore-submit').click();
      await caseForm.getByTestId('error-notice').waitFor();
      expect(await caseForm.getByTestId('error-notice').innerText()).toContain('not in the archive');
      await caseForm.getByTestId('retention-restore-cancel').click();
      expect(await retention.restoreForm(subject.reference, 'case').count()).toBe(0);

      // On the controller's order: the file is out of the archive, and its clock starts again.
      await retention.restore(
        subject.reference,
        'Opdracht van de burgemeester: nieuw signaal, hernieuwde weging door de weegploeg nodig.',
      );
      expect(await executor.page.getByTestId('flash').innerText()).toContain(
        `${subject.reference} is teruggehaald uit het archief`,
      );
      expect(await retention.row(subject.reference).getByTestId('retention-archived').count()).toBe(0);
      expect(await retention.row(subject.reference).getByTestId('retention-restore').count()).toBe(0);
      expect(await retention.action(subject.reference)).toBe('archive');
      expect(await retention.leftText(subject.reference)).toBe('nog 12 maanden');
      await screenshot(executor.page, '122-retention-restored-uitvoerder');

      // As the server has it: both files out of the archive.
      await retention.goto();
      expect(await retention.archived(subject.reference)).toBe(false);
      expect(await retention.archived(subject.reference, 'case')).toBe(false);

      // The 409 is the refused restore of the case file restored meanwhile.
      expect(
        unexpectedProblems(executor.problems).filter((problem) => !/status of 409/.test(problem)),
      ).toEqual([]);
    } finally {
      await executor?.context.close();
      await archive.close();
    }
  });
});
