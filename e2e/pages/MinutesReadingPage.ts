import type { Locator, Page } from 'playwright-core';

/**
 * Reading the frozen minutes (art. 7.4, 12): the "Verslag beschikbaar" notice, "Gezien", who has seen the minutes
 * (chair and executor), correction requests and the executor's answer to them.
 */
export class MinutesReadingPage {
  constructor(private readonly page: Page) {}

  /** The "Verslag beschikbaar" links, one per frozen meeting the user attended and has not yet marked as seen. */
  availableLink(meetingId: string): Locator {
    return this.page.locator(`[data-testid="minutes-available-link"][data-meeting-id="${meetingId}"]`);
  }

  acknowledgePanel(): Locator {
    return this.page.getByTestId('minutes-acknowledge');
  }

  /** "Gezien": marks the minutes as read and waits until the screen says when. */
  async acknowledge(): Promise<string> {
    await this.page.getByTestId('minutes-acknowledge-button').click();
    return this.page.getByTestId('minutes-acknowledged').innerText();
  }

  /** Chair and executor: per attendee, whether they have seen the minutes. */
  async seen(): Promise<{ name: string; seen: boolean }[]> {
    await this.page.getByTestId('minutes-acknowledgements').waitFor();
    return this.page.getByTestId('minutes-acknowledgement').evaluateAll((rows) =>
      rows.map((row) => ({
        name: (row.querySelector('[data-testid="minutes-acknowledgement-name"]') as HTMLElement).innerText,
        seen: row.getAttribute('data-acknowledged') === 'true',
      })),
    );
  }

  askButton(compartment: string, field: string): Locator {
    return this.page
      .locator(`[data-testid="minutes-compartment"][data-compartment="${compartment}"]`)
      .locator(`[data-testid="minutes-ask-correction"][data-field="${field}"]`);
  }

  /** An attendee asks the executor to correct a field, and waits until the request is listed. */
  async askCorrection(compartment: string, field: string, reason: string): Promise<void> {
    await this.askButton(compartment, field).click();
    await this.page.getByTestId('minutes-ask-reason').fill(reason);
    await this.page.getByTestId('minutes-ask-submit').click();
    await this.page.getByTestId('minutes-ask-reason').waitFor({ state: 'detached' });
    await this.request(field).waitFor();
  }

  /** The correction request on a field (the first, where there are several). */
  request(field: string): Locator {
    return this.page.locator(`[data-testid="minutes-correction-request"][data-field="${field}"]`).first();
  }

  status(field: string): Promise<string | null> {
    return this.request(field).getAttribute('data-status');
  }

  /** Executor: carries a request out as a rectification with the new text. */
  async carryOut(field: string, text: string): Promise<void> {
    await this.request(field).getByTestId('minutes-carry-out').click();
    const input = this.page.getByTestId('minutes-rectify-text');
    await input.fill(text);
    await this.page.getByTestId('minutes-rectify-submit').click();
    await input.waitFor({ state: 'detached' });
    await this.page
      .locator(`[data-testid="minutes-correction-request"][data-field="${field}"][data-status="rectified"]`)
      .first()
      .waitFor();
  }

  /** Executor: refuses a request with reasons. */
  async refuse(field: string, reason: string): Promise<void> {
    const request = this.request(field);
    await request.getByTestId('minutes-refuse-correction').click();
    await this.page.getByTestId('minutes-refuse-reason').fill(reason);
    await this.page.getByTestId('minutes-refuse-submit').click();
    await this.page.getByTestId('minutes-refuse-reason').waitFor({ state: 'detached' });
    await this.page
      .locator(`[data-testid="minutes-correction-request"][data-field="${field}"][data-status="refused"]`)
      .first()
      .waitFor();
  }
}
