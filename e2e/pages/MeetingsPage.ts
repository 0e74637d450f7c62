import type { Page } from 'playwright-core';

/** Mijn overleggen, with the "Overleg plannen" form for the executor and the chair. */
export class MeetingsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/overleggen');
    await this.waitLoaded();
  }

  /** Waits until the list is loaded: a table, or a "no meetings" text. */
  async waitLoaded(): Promise<void> {
    await this.page
      .locator(
        '[data-testid="meetings-table"], [data-testid="meetings-empty"], [data-testid="meetings-upcoming-empty"]',
      )
      .first()
      .waitFor();
  }

  meetingTitles(): Promise<string[]> {
    return this.page.getByTestId('meeting-link').allInnerTexts();
  }

  /** Opens the meeting with this title from the list and waits for its page. */
  async openMeeting(title: string): Promise<void> {
    await this.page.getByTestId('meeting-link').filter({ hasText: title }).click();
    await this.page.getByTestId('meeting-facts').waitFor();
  }

  canSchedule(): Promise<boolean> {
    return this.page.getByTestId('schedule-meeting-form').isVisible();
  }

  /** Schedules a meeting and waits for its detail page; returns the meeting's id. */
  async schedule(meeting: {
    kind: 'weighing' | 'case';
    title: string;
    date: string;
    time: string;
  }): Promise<string> {
    await this.page.getByTestId('meeting-kind').selectOption(meeting.kind);
    await this.page.getByTestId('meeting-title').fill(meeting.title);
    await this.page.getByTestId('meeting-date').fill(meeting.date);
    await this.page.getByTestId('meeting-time').fill(meeting.time);
    await this.page.getByTestId('meeting-submit').click();
    await this.page.waitForURL(/\/overleggen\/[0-9a-f-]{36}$/);
    await this.page.getByTestId('meeting-facts').waitFor();
    const id = new URL(this.page.url()).pathname.split('/').pop();
    if (!id) throw new Error(`no meeting id in ${this.page.url()}`);
    return id;
  }

  /** The titles of the past meetings (frozen or called off), latest first. */
  pastTitles(): Promise<string[]> {
    return this.page.getByTestId('meetings-past-table').getByTestId('meeting-link').allInnerTexts();
  }
}
