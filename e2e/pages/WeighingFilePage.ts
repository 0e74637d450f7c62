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
  /** A decision form on the file itself: there is none, since a decision is taken in a weegploeg (art. 7.3). */
  async hasDecisionForm(): Promise<boolean> {
    return (await this.page.getByTestId('open-decision-form').count()) > 0;
  }

  /** What the file says to those who cannot put the subject on a weegploeg agenda themselves. */
  agendaHint(): Promise<string> {
    return this.page.getByTestId('weegploeg-agenda-other-roles').innerText();
  }
}
