import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

export interface AccessFilterInput {
  from?: string;
  to?: string;
  reference?: string;
  result?: '' | 'allowed' | 'denied';
  flagged?: boolean;
}

export interface NewIncident {
  title: string;
  description: string;
  /** As `<input type="datetime-local">` takes it: `YYYY-MM-DDTHH:mm`, the browser's time zone. */
  discoveredAt: string;
  personalData: 'yes' | 'no';
  notification: 'required' | 'not_required' | 'undecided';
  actions: string;
}

/**
 * "Toezicht" (art. 15.2e, 15.2g), the officer's screen in three tabs: the access log (filter, flagged rows, CSV),
 * the periodic reviews, and the incident register with the 72-hour deadline.
 */
export class OversightPage {
  constructor(private readonly page: Page) {}

  async goto(tab: 'log' | 'reviews' | 'incidents' = 'log'): Promise<void> {
    await this.page.goto(`/toezicht?tab=${tab}`);
    await this.page.getByTestId('oversight-view').waitFor();
  }

  async openTab(tab: 'log' | 'reviews' | 'incidents'): Promise<void> {
    await this.page.getByTestId(`oversight-tab-${tab}`).click();
    await this.page.locator(`[data-testid="oversight-view"][data-tab="${tab}"]`).waitFor();
  }

  // ---------- access log ----------

  /** Waits until the access log is shown (after its first load). */
  async waitForLog(): Promise<void> {
    await this.page.locator('[data-testid="access-log"][data-state="loaded"]').waitFor();
  }

  /** Fills in the filter and applies it; waits for the server's answer and the table. */
  async filter(filter: AccessFilterInput): Promise<void> {
    if (filter.from !== undefined) await this.page.getByTestId('access-filter-from').fill(filter.from);
    if (filter.to !== undefined) await this.page.getByTestId('access-filter-to').fill(filter.to);
    if (filter.reference !== undefined)
      await this.page.getByTestId('access-filter-reference').fill(filter.reference);
    if (filter.result !== undefined)
      await this.page.getByTestId('access-filter-result').selectOption(filter.result);
    if (filter.flagged !== undefined)
      await this.page.getByTestId('access-filter-flagged').setChecked(filter.flagged);
    const answer = this.page.waitForResponse(
      (response) => response.url().includes('/api/access-log') && response.request().method() === 'GET',
    );
    await this.page.getByTestId('access-filter-submit').click();
    await answer;
    await this.waitForLog();
  }

  defaultPeriod(): Promise<{ from: string; to: string }> {
    return Promise.all([
      this.page.getByTestId('access-filter-from').inputValue(),
      this.page.getByTestId('access-filter-to').inputValue(),
    ]).then(([from, to]) => ({ from, to }));
  }

  rows(): Locator {
    return this.page.getByTestId('access-row');
  }

  /** Per row: its flags (`data-flags`), result, reference and text. */
  async rowFacts(): Promise<{ flags: string[]; result: string; reference: string; text: string }[]> {
    return this.rows().evaluateAll((rows) =>
      rows.map((row) => ({
        flags: (row.getAttribute('data-flags') ?? '').split(' ').filter(Boolean),
        result: row.getAttribute('data-result') ?? '',
        reference: row.getAttribute('data-reference') ?? '',
        text: (row as HTMLElement).innerText,
      })),
    );
  }

  summary(): Promise<string> {
    return this.page.getByTestId('access-summary').innerText();
  }

  csvHref(): Promise<string | null> {
    return this.page.getByTestId('access-csv').getAttribute('href');
  }

  /**
   * Downloads the CSV through the link and returns its name and text; `confirm` runs when the download needs a
   * step-up first (the dialog opens instead).
   */
  async downloadCsv(confirm?: () => Promise<void>): Promise<{ name: string; text: string }> {
    const downloading = this.page.waitForEvent('download');
    await this.page.getByTestId('access-csv').click();
    await confirm?.();
    const download = await downloading;
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }

  // ---------- periodic reviews ----------

  async recordReview(review: { findings: string; from?: string; to?: string }): Promise<void> {
    const form = this.page.getByTestId('review-form');
    if (review.from) await form.getByTestId('review-from').fill(review.from);
    if (review.to) await form.getByTestId('review-to').fill(review.to);
    await form.getByTestId('review-findings').fill(review.findings);
    await form.getByTestId('review-submit').click();
    await this.reviewRow(review.findings).waitFor();
  }

  reviewRow(findings: string): Locator {
    return this.page.getByTestId('review-row').filter({ hasText: findings });
  }

  // ---------- incidents ----------

  async registerIncident(incident: NewIncident): Promise<void> {
    await this.page.getByTestId('incident-new').click();
    const form = this.page.getByTestId('incident-form');
    await form.waitFor();
    await form.getByTestId('incident-title').fill(incident.title);
    await form.getByTestId('incident-description').fill(incident.description);
    await form.getByTestId('incident-discovered').fill(incident.discoveredAt);
    await form.getByTestId('incident-personal-data').selectOption(incident.personalData);
    await form.getByTestId('incident-notification').selectOption(incident.notification);
    await form.getByTestId('incident-actions').fill(incident.actions);
    await form.getByTestId('incident-submit').click();
    await form.waitFor({ state: 'detached' });
    await this.incident(incident.title).waitFor();
  }

  incident(title: string): Locator {
    return this.page.getByTestId('incident-row').filter({ hasText: title });
  }

  /** 'open', 'notification_due', 'notification_overdue' or 'closed'. */
  incidentStatus(title: string): Promise<string | null> {
    return this.incident(title).getAttribute('data-status');
  }

  deadlineText(title: string): Promise<string> {
    return this.incident(title).getByTestId('incident-deadline').innerText();
  }

  async waitForIncidentStatus(title: string, status: string): Promise<void> {
    await this.page
      .locator(`[data-testid="incident-row"][data-status="${status}"]`)
      .filter({ hasText: title })
      .waitFor();
  }

  /**
   * Records the notification to the authority (now, as the form proposes); after the 72 hours with the reasons
   * for the delay, which the form then asks (art. 33.1 AVG).
   */
  async recordNotification(title: string, lateReason?: string): Promise<void> {
    const row = this.incident(title);
    await row.getByTestId('incident-notified').click();
    if (lateReason !== undefined) await row.getByTestId('incident-late-reason').fill(lateReason);
    await row.getByTestId('incident-notified-submit').click();
    await row.getByTestId('incident-notified-form').waitFor({ state: 'detached' });
    await this.waitForIncidentStatus(title, 'open');
  }

  async close(title: string): Promise<void> {
    await this.incident(title).getByTestId('incident-close').click();
    await this.waitForIncidentStatus(title, 'closed');
  }
}
