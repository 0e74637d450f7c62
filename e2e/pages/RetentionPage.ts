import type { Locator, Page } from 'playwright-core';

/** "Bewaartermijnen" (art. 13), the executor's overview: the covenant's periods and, per file, what happens next. */
export class RetentionPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/bewaartermijnen');
    await this.waitLoaded();
  }

  async gotoViaMenu(): Promise<void> {
    await this.page.getByTestId('nav-retention').click();
    await this.page.waitForURL('**/bewaartermijnen');
    await this.waitLoaded();
  }

  async waitLoaded(): Promise<void> {
    await this.page
      .locator('[data-testid="retention-view"]:is([data-state="loaded"], [data-state="error"])')
      .waitFor();
  }

  state(): Promise<string | null> {
    return this.page.getByTestId('retention-view').getAttribute('data-state');
  }

  errorText(): Promise<string> {
    return this.page.getByTestId('retention-view').getByTestId('error-text').innerText();
  }

  policyText(): Promise<string> {
    return this.page.getByTestId('retention-policy').innerText();
  }

  /** The file of this kind of the subject with this reference. */
  row(reference: string, kind: 'weighing' | 'case' = 'weighing'): Locator {
    return this.page.locator(
      `[data-testid="retention-row"][data-reference="${reference}"][data-kind="${kind}"]`,
    );
  }

  /** 'archive', 'destroy' or 'none'. */
  action(reference: string, kind: 'weighing' | 'case' = 'weighing'): Promise<string | null> {
    return this.row(reference, kind).getAttribute('data-action');
  }

  /** "Vernietigen op 10-07-2027 (art. 13.3: niet geagendeerd, max. 6 maanden)". */
  nextText(reference: string, kind: 'weighing' | 'case' = 'weighing'): Promise<string> {
    return this.row(reference, kind).getByTestId('retention-next').innerText();
  }

  leftText(reference: string, kind: 'weighing' | 'case' = 'weighing'): Promise<string> {
    return this.row(reference, kind).getByTestId('retention-left').innerText();
  }

  /** Whether the file is in the non-active archive (art. 13.2). */
  async archived(reference: string, kind: 'weighing' | 'case' = 'weighing'): Promise<boolean> {
    return (await this.row(reference, kind).getAttribute('data-archived')) === 'true';
  }

  /** "Terughalen uit archief" (art. 13.4): opens the form under the file's row. */
  async openRestore(reference: string, kind: 'weighing' | 'case' = 'weighing'): Promise<Locator> {
    await this.row(reference, kind).getByTestId('retention-restore').click();
    const form = this.restoreForm(reference, kind);
    await form.waitFor();
    return form;
  }

  restoreForm(reference: string, kind: 'weighing' | 'case' = 'weighing'): Locator {
    return this.page
      .locator(`[data-testid="retention-restore-row"][data-reference="${reference}"][data-kind="${kind}"]`)
      .getByTestId('retention-restore-form');
  }

  /** Fills in the controller's order and sends it; resolves once the overview shows the file out of the archive. */
  async restore(reference: string, order: string, kind: 'weighing' | 'case' = 'weighing'): Promise<void> {
    const form = this.restoreForm(reference, kind);
    if ((await form.count()) === 0) await this.openRestore(reference, kind);
    await form.getByTestId('retention-restore-order').fill(order);
    await form.getByTestId('retention-restore-submit').click();
    await this.page
      .locator(
        `[data-testid="retention-row"][data-reference="${reference}"][data-kind="${kind}"][data-archived="false"]`,
      )
      .waitFor();
  }
}
