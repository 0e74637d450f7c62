import type { Locator, Page } from 'playwright-core';

/**
 * "Informatieplicht" (art. 11): the register of the subjects to inform, with their status, the weegploeg's
 * decision, a deferral's ground and the history; a core party defers, the executor records informing.
 */
export class NotificationsPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/informatieplicht');
    await this.waitLoaded();
  }

  /** Waits until the register is shown, or refused. */
  async waitLoaded(): Promise<void> {
    await this.page
      .locator('[data-testid="notifications-view"]:is([data-state="loaded"], [data-state="error"])')
      .waitFor();
  }

  /** 'loaded', 'error' (a refusal: 403 for others than the core parties and the executor) or 'loading'. */
  state(): Promise<string | null> {
    return this.page.getByTestId('notifications-view').getAttribute('data-state');
  }

  error(): Locator {
    return this.page.getByTestId('notifications-view').getByTestId('error-notice');
  }

  /** The duty of the subject with this reference. */
  row(reference: string): Locator {
    return this.page.locator(`[data-testid="notification-row"][data-reference="${reference}"]`);
  }

  /** 'due', 'overdue', 'deferred', 'review_due' or 'informed'. */
  status(reference: string): Promise<string | null> {
    return this.row(reference).getAttribute('data-status');
  }

  /** The badge: "Te informeren", "Te laat", "Uitgesteld tot …", "Heroverwegen", "Geïnformeerd op …". */
  statusText(reference: string): Promise<string> {
    return this.row(reference).getByTestId('notification-status').innerText();
  }

  text(reference: string): Promise<string> {
    return this.row(reference).innerText();
  }

  /** The history, one line per step (the start of the duty first). */
  history(reference: string): Promise<string[]> {
    return this.row(reference).getByTestId('notification-history').locator('li').allInnerTexts();
  }

  deferButton(reference: string): Locator {
    return this.row(reference).getByTestId('notification-defer');
  }

  informedButton(reference: string): Locator {
    return this.row(reference).getByTestId('notification-informed');
  }

  /** A core party: defers informing on a ground until a review date; waits until the register says so. */
  async defer(reference: string, deferral: { ground: string; reviewOn: string }): Promise<void> {
    const row = this.row(reference);
    await this.deferButton(reference).click();
    await row.getByTestId('notification-defer-ground').selectOption(deferral.ground);
    await row.getByTestId('notification-defer-review').fill(deferral.reviewOn);
    await row.getByTestId('notification-defer-submit').click();
    await row.getByTestId('notification-defer-submit').waitFor({ state: 'detached' });
    await this.page
      .locator(`[data-testid="notification-row"][data-reference="${reference}"][data-status="deferred"]`)
      .waitFor();
  }

  /** The executor: records that (and how) the subject was informed; waits until the register says so. */
  async recordInformed(reference: string, informed: { how: string; informedOn?: string }): Promise<void> {
    const row = this.row(reference);
    await this.informedButton(reference).click();
    if (informed.informedOn) await row.getByTestId('notification-informed-on').fill(informed.informedOn);
    await row.getByTestId('notification-informed-how').fill(informed.how);
    await row.getByTestId('notification-informed-submit').click();
    await this.page
      .locator(`[data-testid="notification-row"][data-reference="${reference}"][data-status="informed"]`)
      .waitFor();
  }
}
