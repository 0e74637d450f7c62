import type { Locator, Page } from 'playwright-core';

export interface NewRequest {
  reference: string;
  kind: 'access' | 'correction' | 'deletion' | 'objection';
  requester: 'subject' | 'representative';
  details: string;
  /** `YYYY-MM-DD`; left as the form prefills it (today) when not given. */
  receivedOn?: string;
  identityVerifiedOn?: string;
}

export type RequestSection =
  'weighing-file' | 'case-file' | 'records' | 'purposes' | 'recipients' | 'origins';

/**
 * "Verzoeken" (art. 12), the executor's register of requests of subjects: registering a request, the deadline
 * and its status, identity, decision, and the overview of an access request with its PDF.
 */
export class SubjectRequestsPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/verzoeken');
    await this.waitLoaded();
  }

  /** Waits until the register is shown, or refused. */
  async waitLoaded(): Promise<void> {
    await this.page
      .locator('[data-testid="requests-view"]:is([data-state="loaded"], [data-state="error"])')
      .waitFor();
  }

  /** 'loaded', 'error' (a refusal: 403 for anyone but the executor) or 'loading'. */
  state(): Promise<string | null> {
    return this.page.getByTestId('requests-view').getAttribute('data-state');
  }

  error(): Locator {
    return this.page.getByTestId('requests-view').getByTestId('error-notice');
  }

  /** Every request, the most urgent first. */
  rows(): Locator {
    return this.page.getByTestId('request-row');
  }

  /** The request of this kind for the subject with this reference (the newest first, if there are more). */
  row(reference: string, kind: NewRequest['kind']): Locator {
    return this.page
      .locator(`[data-testid="request-row"][data-reference="${reference}"][data-kind="${kind}"]`)
      .first();
  }

  /** Opens the form, fills it in and registers the request; waits until the form is gone and the request listed. */
  async register(request: NewRequest): Promise<void> {
    await this.page.getByTestId('request-new').click();
    const form = this.page.getByTestId('request-form');
    await form.waitFor();
    await this.page.getByTestId('request-reference').fill(request.reference);
    await this.page.getByTestId('request-kind').selectOption(request.kind);
    await this.page.getByTestId('request-requester').selectOption(request.requester);
    if (request.receivedOn) await this.page.getByTestId('request-received').fill(request.receivedOn);
    if (request.identityVerifiedOn)
      await this.page.getByTestId('request-verified').fill(request.identityVerifiedOn);
    await this.page.getByTestId('request-details').fill(request.details);
    await this.page.getByTestId('request-submit').click();
    await form.waitFor({ state: 'detached' });
    await this.row(request.reference, request.kind).waitFor();
  }

  /** The date the form prefills as the day of receipt. */
  receivedDefault(): Promise<string> {
    return this.page.getByTestId('request-received').inputValue();
  }

  /** The suggestions the reference field offers (from the files the executor keeps), once it has the focus. */
  async referenceSuggestions(): Promise<string[]> {
    await this.page.getByTestId('request-reference').focus();
    const options = this.page.locator('[data-testid="request-reference-suggestions"] option');
    await options.first().waitFor({ state: 'attached' });
    return options.evaluateAll((all) => all.map((option) => (option as HTMLOptionElement).value));
  }

  status(row: Locator): Promise<string | null> {
    return row.getAttribute('data-status');
  }

  /** The badge: "Nog 28 dagen", "Verloopt binnen een week", "Termijn verstreken", "Afgehandeld". */
  statusText(row: Locator): Promise<string> {
    return row.getByTestId('request-status').innerText();
  }

  /** The deadline as `YYYY-MM-DD`. */
  deadline(row: Locator): Promise<string | null> {
    return row.getAttribute('data-deadline');
  }

  /** The deadline as the screen says it ("7 april 2026 (nog 28 dagen)"). */
  deadlineText(row: Locator): Promise<string> {
    return row.getByTestId('request-deadline').innerText();
  }

  async isIdentityVerified(row: Locator): Promise<boolean> {
    return (await row.getByTestId('request-identity').getAttribute('data-verified')) === 'true';
  }

  /** Records that the identity was established (today, as prefilled, unless given); waits until it shows. */
  async verifyIdentity(row: Locator, verifiedOn?: string): Promise<void> {
    await row.getByTestId('request-verify').click();
    if (verifiedOn) await row.getByTestId('request-verified-on').fill(verifiedOn);
    await row.getByTestId('request-verify-submit').click();
    await row.locator('[data-testid="request-identity"][data-verified="true"]').waitFor();
  }

  /** Shows the overview of an access request; waits until it is loaded. */
  async openOverview(row: Locator): Promise<Locator> {
    await row.getByTestId('request-overview').click();
    const overview = row.locator('[data-testid="overview-view"][data-state="loaded"]');
    await overview.waitFor();
    return overview;
  }

  overviewSection(row: Locator, section: RequestSection): Locator {
    return row.locator(`[data-testid="overview-section"][data-section="${section}"]`);
  }

  /** The sections of the overview, in the order shown. */
  overviewSections(row: Locator): Promise<string[]> {
    return row
      .getByTestId('overview-section')
      .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-section') ?? ''));
  }

  /** Downloads the overview's PDF through its link, as the executor would, and returns its bytes. */
  async downloadOverviewPdf(row: Locator): Promise<Buffer> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      row.getByTestId('overview-pdf').click(),
    ]);
    const failure = await download.failure();
    if (failure) throw new Error(`the PDF download failed: ${failure}`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Opens the decision form of a request and fills it in (not submitted). */
  async fillDecision(
    row: Locator,
    decision: {
      decision: 'granted' | 'partly_granted' | 'refused';
      reasoning: string;
      refusalGround?: string;
    },
  ): Promise<void> {
    await row.getByTestId('request-decide').click();
    await row.getByTestId('request-decision').selectOption(decision.decision);
    if (decision.refusalGround)
      await row.getByTestId('request-refusal-ground').selectOption(decision.refusalGround);
    await row.getByTestId('request-reasoning').fill(decision.reasoning);
  }

  /** Decides a request; waits until it is shown as handled. */
  async decide(
    row: Locator,
    decision: {
      decision: 'granted' | 'partly_granted' | 'refused';
      reasoning: string;
      refusalGround?: string;
    },
  ): Promise<void> {
    await this.fillDecision(row, decision);
    await row.getByTestId('request-decide-submit').click();
    await row.locator('[data-testid="request-decided"]').waitFor();
  }

  /**
   * Art. 12.6: records that a granted decision was carried out (today); the app tells the parties itself. Waits
   * until the form is gone.
   */
  async recordCarriedOut(row: Locator): Promise<void> {
    await row.getByTestId('request-carried-out').click();
    await row.getByTestId('request-carried-out-submit').click();
    await row.getByTestId('request-carried-out-form').waitFor({ state: 'detached' });
  }

  /** Art. 12.6: the parties the app sent a notice of the request carried out, and whether each saw it. */
  notices(row: Locator): Promise<{ organisation: string; acknowledged: boolean }[]> {
    return row.getByTestId('request-notice').evaluateAll((items) =>
      items.map((item) => ({
        organisation: item.getAttribute('data-organisation') ?? '',
        acknowledged: item.getAttribute('data-acknowledged') === 'true',
      })),
    );
  }

  /** For a correction request: the links to the frozen minutes, where the executor carries out a correction. */
  correctionMinutesLinks(row: Locator): Locator {
    return row.getByTestId('request-correction-minutes');
  }

  /** The decision as shown: 'granted', 'partly_granted' or 'refused'. */
  decision(row: Locator): Promise<string | null> {
    return row.getByTestId('request-decision-outcome').getAttribute('data-decision');
  }
}
