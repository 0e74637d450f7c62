import type { Locator, Page } from 'playwright-core';

/**
 * "Kennisgevingen" (art. 12.6): the notices to the reader's party of a correction of the minutes or a request of
 * a subject carried out, each acknowledged once for the party; for the executor also the tab "Verzonden
 * kennisgevingen", per notice the parties told and who saw it.
 */
export class PartyNoticesPage {
  constructor(private readonly page: Page) {}

  async goto(tab: 'own' | 'sent' = 'own'): Promise<void> {
    await this.page.goto(tab === 'own' ? '/kennisgevingen' : '/kennisgevingen?tab=sent');
    await this.waitLoaded(tab);
  }

  /** Waits until the list of a tab is shown, or refused. */
  async waitLoaded(tab: 'own' | 'sent' = 'own'): Promise<void> {
    await this.page
      .locator(`[data-testid="party-notices-${tab}"]:is([data-state="loaded"], [data-state="error"])`)
      .waitFor();
  }

  /** 'loaded', 'error' (a refusal) or 'loading', of the list of a tab. */
  state(tab: 'own' | 'sent' = 'own'): Promise<string | null> {
    return this.page.getByTestId(`party-notices-${tab}`).getAttribute('data-state');
  }

  /** The executor: opens "Verzonden kennisgevingen" and waits for its list. */
  async openSent(): Promise<void> {
    await this.page.getByTestId('party-notices-tab-sent').click();
    await this.page.locator('[data-testid="party-notices-view"][data-tab="sent"]').waitFor();
    await this.waitLoaded('sent');
  }

  /** The notices to the own party, newest first. */
  notices(): Locator {
    return this.page.getByTestId('party-notice');
  }

  /** "Er zijn geen kennisgevingen aan uw organisatie." */
  empty(): Locator {
    return this.page.getByTestId('party-notices-own-empty');
  }

  /** What the notice says happened ("Het verslag van … is gecorrigeerd (art. 12.6).") */
  text(notice: Locator): Promise<string> {
    return notice.getByTestId('party-notice-text').innerText();
  }

  async isAcknowledged(notice: Locator): Promise<boolean> {
    return (await notice.getAttribute('data-acknowledged')) === 'true';
  }

  /** "Nog niet gezien", or "Gezien door … op …". */
  acknowledgement(notice: Locator): Promise<string> {
    return notice.getByTestId('party-notice-acknowledgement').innerText();
  }

  /** Follows the notice's link to the corrected minutes (the party's own view of them), at the item. */
  async openMinutes(notice: Locator): Promise<void> {
    await notice.getByTestId('party-notice-minutes').click();
    await this.page.waitForURL(/\/overleggen\/[0-9a-f-]{36}\/verslag#agendapunt-\d+$/);
  }

  /** "Gezien voor mijn organisatie"; waits until the notice says it was seen. */
  async acknowledge(notice: Locator): Promise<void> {
    const id = await notice.getAttribute('data-id');
    await notice.getByTestId('party-notice-acknowledge').click();
    await this.page
      .locator(`[data-testid="party-notice"][data-id="${id}"][data-acknowledged="true"]`)
      .waitFor();
  }

  /** The executor: per correction or request carried out, the notices sent. */
  sent(): Locator {
    return this.page.getByTestId('sent-notice');
  }

  /** Per party told of a sent notice: its name, whether it saw it, and the line that says by whom and when. */
  sentParties(sent: Locator): Promise<{ organisation: string; acknowledged: boolean; text: string }[]> {
    return sent.getByTestId('sent-notice-party').evaluateAll((rows) =>
      rows.map((row) => ({
        organisation: row.getAttribute('data-organisation') ?? '',
        acknowledged: row.getAttribute('data-acknowledged') === 'true',
        text: (row.querySelector('[data-testid="sent-notice-acknowledgement"]') as HTMLElement).innerText,
      })),
    );
  }
}
