import type { Page } from 'playwright-core';

/** One overleg: agenda, participants, and adding a weighing file to a weegploeg's agenda. */
export class MeetingPage {
  constructor(private readonly page: Page) {}

  /** Waits until the meeting is loaded (its facts are shown). */
  async waitLoaded(): Promise<void> {
    await this.page.getByTestId('meeting-facts').waitFor();
  }

  title(): Promise<string> {
    return this.page.getByTestId('meeting-title').innerText();
  }

  agendaItems(): Promise<string[]> {
    return this.page.getByTestId('agenda-item').allInnerTexts();
  }

  participants(): Promise<string> {
    return this.page.getByTestId('participants').innerText();
  }

  /** Picks the file whose option label contains `subjectName` and adds it to the agenda. */
  async addToAgenda(subjectName: string): Promise<void> {
    const select = this.page.getByTestId('agenda-weighing-file');
    const label = (await select.locator('option').allInnerTexts()).find((text) => text.includes(subjectName));
    if (!label) throw new Error(`no weighing file for ${subjectName} in the agenda select`);
    await select.selectOption({ label });
    await this.page.getByTestId('agenda-submit').click();
    await this.page.getByTestId('agenda-item').filter({ hasText: subjectName }).waitFor();
  }

  async openWeighingFileOf(subjectName: string): Promise<void> {
    await this.page
      .getByTestId('agenda-item')
      .filter({ hasText: subjectName })
      .getByTestId('agenda-item-weighing-file')
      .click();
    await this.page.getByTestId('subject-name').waitFor();
  }

  /** "Live overleg openen" / "Deelnemen aan het live overleg". */
  liveLinkText(): Promise<string> {
    return this.page.getByTestId('meeting-live-link').innerText();
  }

  async openLive(): Promise<void> {
    await this.page.getByTestId('meeting-live-link').click();
    await this.page.waitForURL(/\/overleggen\/[0-9a-f-]{36}\/live$/);
    await this.page.getByTestId('live-title').waitFor();
  }

  /** "Van de agenda halen…" on the item of `subjectReference`, with a reason. */
  async removeFromAgenda(subjectReference: string, reason: string): Promise<void> {
    await this.page
      .getByTestId('agenda-item')
      .filter({ hasText: subjectReference })
      .getByTestId('agenda-item-remove')
      .click();
    await this.withdraw(reason);
    await this.page.getByTestId('agenda-item-removed').waitFor();
  }

  /** "Overleg afzeggen…", with a reason. */
  async callOff(reason: string): Promise<void> {
    await this.page.getByTestId('meeting-cancel').click();
    await this.withdraw(reason);
    await this.page.getByTestId('meeting-cancelled').waitFor();
  }

  /** Submits the open withdrawal form: first without a reason (refused, the form says why), then with it. */
  private async withdraw(reason: string): Promise<void> {
    const form = this.page.getByTestId('withdraw-form');
    await form.getByTestId('withdraw-submit').click();
    await form.locator('.field__error').waitFor();
    await form.getByTestId('withdraw-reason').fill(reason);
    await form.getByTestId('withdraw-submit').click();
  }

  cancellationText(): Promise<string> {
    return this.page.getByTestId('meeting-cancelled').innerText();
  }

  hasLiveLink(): Promise<boolean> {
    return this.page.getByTestId('meeting-live-link').isVisible();
  }
}
