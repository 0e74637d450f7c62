import type { Page } from 'playwright-core';

/** A subject's weegploeg file, or the refusal shown in its place. */
export class WeighingFilePage {
  constructor(private readonly page: Page) {}

  /** Opens the file by its URL, as a bookmark or a pasted link would, and waits for the file or an error. */
  async open(id: string): Promise<void> {
    await this.page.goto(`/weegploegbestand/${id}`);
    await this.page.locator('[data-testid="subject-name"], [data-testid="error-notice"]').first().waitFor();
  }

  subjectName(): Promise<string> {
    return this.page.getByTestId('subject-name').innerText();
  }

  signalDescriptions(): Promise<string[]> {
    return this.page.getByTestId('signal-description').allInnerTexts();
  }

  signalReporters(): Promise<string[]> {
    return this.page.getByTestId('signal-reporter').allInnerTexts();
  }

  errorText(): Promise<string> {
    return this.page.getByTestId('error-text').innerText();
  }

  errorCode(): Promise<string | null> {
    return this.page.getByTestId('error-notice').getAttribute('data-error-code');
  }

  status(): Promise<string> {
    return this.page.getByTestId('weighing-file-status').innerText();
  }

  decisionOutcomes(): Promise<string[]> {
    return this.page.getByTestId('decision-outcome').allInnerTexts();
  }

  /** "Besluit vastleggen". */
  async canOpenDecisionForm(): Promise<boolean> {
    return this.page.getByTestId('open-decision-form').isEnabled();
  }

  /** Why "Besluit vastleggen" cannot be used here, as the screen says (empty when it can). */
  async decisionBlocked(): Promise<{ text: string; describes: boolean }> {
    const reason = this.page.getByTestId('decision-blocked');
    if ((await reason.count()) === 0) return { text: '', describes: false };
    const describedBy = await this.page.getByTestId('open-decision-form').getAttribute('aria-describedby');
    return { text: await reason.innerText(), describes: describedBy === (await reason.getAttribute('id')) };
  }
}
