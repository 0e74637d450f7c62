import type { Locator, Page } from 'playwright-core';

export type LiveField = 'analysis' | 'conclusions' | 'plan';
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'ended';

/** The live meeting screen: state, connection, agenda, presence, the chair's controls and the live texts. */
export class LiveMeetingPage {
  constructor(private readonly page: Page) {}

  /** Waits until the screen has joined the meeting over socket.io and every live document is synced. */
  async waitConnected(): Promise<void> {
    await this.page.locator('[data-testid="live-connection"][data-state="connected"]').waitFor();
  }

  async waitForConnection(state: ConnectionState): Promise<void> {
    await this.page.locator(`[data-testid="live-connection"][data-state="${state}"]`).waitFor();
  }

  connectionText(): Promise<string> {
    return this.page.getByTestId('live-connection').innerText();
  }

  async hasUnsentChanges(): Promise<boolean> {
    return (await this.page.getByTestId('live-connection').getAttribute('data-unsent')) === 'true';
  }

  /** Waits until no local edit is waiting for the server any more. */
  async waitAllSent(): Promise<void> {
    await this.page.locator('[data-testid="live-connection"][data-unsent="false"]').waitFor();
  }

  meetingState(): Promise<string> {
    return this.page.getByTestId('live-meeting-state').innerText();
  }

  async waitForMeetingState(state: 'scheduled' | 'open' | 'closing' | 'closed'): Promise<void> {
    await this.page.locator(`[data-testid="live-meeting-state"][data-state="${state}"]`).waitFor();
  }

  /** Chair: "Overleg openen". */
  async openMeeting(): Promise<void> {
    await this.page.getByTestId('live-open-meeting').click();
    await this.waitForMeetingState('open');
  }

  /** Chair: "Overleg sluiten", confirmed. */
  async closeMeeting(): Promise<void> {
    await this.page.getByTestId('live-close-meeting').click();
    await this.page.getByTestId('live-close-confirm').click();
    await this.waitForMeetingState('closed');
  }

  agendaItem(position: number): Locator {
    return this.page.getByTestId('live-agenda-item').nth(position - 1);
  }

  /** Chair: "Bespreek dit punt" on the agenda item at `position` (1-based). */
  async discuss(position: number): Promise<void> {
    await this.agendaItem(position).getByTestId('live-discuss').click();
    await this.page.locator('[data-testid="live-agenda-item"][data-current="true"]').waitFor();
    await this.waitForCurrentItem(await this.agendaItemText(position));
  }

  async agendaItemText(position: number): Promise<string> {
    return (await this.agendaItem(position).locator('.agenda__name').innerText()).trim();
  }

  /** Position (1-based) of the highlighted agenda item, or 0. */
  async currentAgendaPosition(): Promise<number> {
    const flags = await this.page
      .getByTestId('live-agenda-item')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-current') === 'true'));
    return flags.indexOf(true) + 1;
  }

  async waitForCurrentItem(text: string): Promise<void> {
    await this.page.getByTestId('live-item-title').filter({ hasText: text }).waitFor();
  }

  currentItemTitle(): Promise<string> {
    return this.page.getByTestId('live-item-title').innerText();
  }

  text(field: LiveField): Locator {
    return this.page.getByTestId(`live-text-${field}`);
  }

  /** Types at the end of a live text, key by key, as a person would. */
  async typeAtEnd(field: LiveField, words: string): Promise<void> {
    const textarea = this.text(field);
    await textarea.click();
    await textarea.press('Control+End');
    await textarea.pressSequentially(words, { delay: 5 });
  }

  /** Types at the start of a live text. */
  async typeAtStart(field: LiveField, words: string): Promise<void> {
    const textarea = this.text(field);
    await textarea.click();
    await textarea.press('Control+Home');
    await textarea.pressSequentially(words, { delay: 5 });
  }

  /** The id of the agenda item under discussion (the live documents' names contain it). */
  async currentItemId(): Promise<string> {
    const id = await this.page.getByTestId('live-item').getAttribute('data-item-id');
    if (!id) throw new Error('no agenda item under discussion');
    return id;
  }

  value(field: LiveField): Promise<string> {
    return this.text(field).inputValue();
  }

  async waitForText(field: LiveField, fragment: string, timeout = 15_000): Promise<void> {
    await this.page.waitForFunction(
      ([selector, wanted]) =>
        (document.querySelector<HTMLTextAreaElement>(selector)?.value ?? '').includes(wanted),
      [`[data-testid="live-text-${field}"]`, fragment] as const,
      { timeout },
    );
  }

  async isReadOnly(field: LiveField): Promise<boolean> {
    return (await this.text(field).getAttribute('readonly')) !== null;
  }

  presentNames(): Promise<string[]> {
    return this.page.locator('[data-testid="live-present"] .presence__name').allInnerTexts();
  }

  async waitForPresent(count: number): Promise<void> {
    await this.page.waitForFunction(
      (wanted) => document.querySelectorAll('[data-testid="live-present"]').length === wanted,
      count,
    );
  }

  async toggleHand(): Promise<void> {
    await this.page.getByTestId('live-hand').click();
  }

  async waitForRaisedHand(name: string): Promise<void> {
    await this.page
      .locator('[data-testid="live-present"][data-hand="raised"]')
      .filter({ hasText: name })
      .waitFor();
  }

  closedNotice(): Promise<string> {
    return this.page.getByTestId('live-closed').innerText();
  }
}
