import type { Locator, Page } from 'playwright-core';

export interface MinutesCompartment {
  /** Position of the agenda item (1-based) in the minutes. */
  item: number;
  compartment: string;
  access: 'read' | 'masked';
}

/**
 * The frozen minutes of a closed meeting (vastgesteld verslag): integrity, items with their compartments (read or
 * masked), consent rounds and votes, the weegploeg decision, effects, and the PDF download.
 */
export class MinutesPage {
  constructor(private readonly page: Page) {}

  async goto(meetingId: string): Promise<void> {
    await this.page.goto(`/overleggen/${meetingId}/verslag`);
  }

  /** Waits until the minutes are shown, or it is clear there are none (missing, refused). */
  async waitForLoaded(): Promise<void> {
    await this.page
      .locator(
        '[data-testid="minutes-view"]:is([data-state="loaded"], [data-state="missing"], [data-state="error"])',
      )
      .waitFor();
  }

  /** 'loaded', 'missing' (no record yet), 'error' (refused, …) or 'loading'. */
  async state(): Promise<string | null> {
    return this.page.getByTestId('minutes-view').getAttribute('data-state');
  }

  title(): Promise<string> {
    return this.page.getByTestId('minutes-title').innerText();
  }

  /** The "no record yet" notice. */
  missing(): Locator {
    return this.page.getByTestId('minutes-missing');
  }

  /** The error notice (a refusal: 403 for non-participants). */
  error(): Locator {
    return this.page.getByTestId('error-notice');
  }

  async isVerified(): Promise<boolean> {
    if ((await this.page.getByTestId('minutes-verified').count()) > 0) return true;
    if ((await this.page.getByTestId('minutes-unverified').count()) > 0) return false;
    throw new Error('the minutes show no integrity state (not loaded?)');
  }

  /** The record's full hash (the screen shows it shortened). */
  async hash(): Promise<string> {
    const hash = await this.page.getByTestId('minutes-hash').getAttribute('data-hash');
    if (!hash) throw new Error('no hash on the minutes');
    return hash;
  }

  items(): Locator {
    return this.page.getByTestId('minutes-item');
  }

  /** The agenda item at `position` (1-based, in the order shown). */
  item(position: number): Locator {
    return this.items().nth(position - 1);
  }

  /** Per item, whether the reader was admitted to it. */
  admitted(): Promise<boolean[]> {
    return this.items().evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-admitted') === 'true'),
    );
  }

  /** The outcome of the item at `position`: 'agreed', 'carried_over' or 'none'. */
  outcome(position: number): Promise<string | null> {
    return this.item(position).getByTestId('minutes-outcome').getAttribute('data-outcome');
  }

  /** Every compartment on the page, in order, with its item and whether it is readable or masked. */
  async compartments(): Promise<MinutesCompartment[]> {
    return this.items().evaluateAll((items) =>
      items.flatMap((item, index) =>
        [...item.querySelectorAll('[data-testid="minutes-compartment"]')].map((element) => ({
          item: index + 1,
          compartment: element.getAttribute('data-compartment') ?? '',
          access: element.getAttribute('data-access') as 'read' | 'masked',
        })),
      ),
    );
  }

  /** A compartment of the item at `item` (default: the first item). */
  compartment(compartment: string, item = 1): Locator {
    return this.item(item).locator(`[data-testid="minutes-compartment"][data-compartment="${compartment}"]`);
  }

  /** The text of a compartment (its heading included; a masked one shows its label and rule only). */
  compartmentText(compartment: string, item = 1): Promise<string> {
    return this.compartment(compartment, item).innerText();
  }

  /** The consent rounds of the item at `position`. */
  rounds(position = 1): Locator {
    return this.item(position).getByTestId('minutes-round');
  }

  /** Every vote shown for the item at `position`, as `{ vote, text }` (the text has name, organisation, remark). */
  async votes(position = 1): Promise<{ vote: string; text: string }[]> {
    return this.item(position)
      .getByTestId('minutes-vote')
      .evaluateAll((votes) =>
        votes.map((vote) => ({
          vote: vote.getAttribute('data-vote') ?? '',
          text: (vote as HTMLElement).innerText,
        })),
      );
  }

  decision(position = 1): Locator {
    return this.item(position).getByTestId('minutes-decision');
  }

  /** What the outcome of the item at `position` did to the files, in words. */
  effects(position = 1): Promise<string[]> {
    return this.item(position).getByTestId('minutes-effect').allInnerTexts();
  }

  /** Downloads the PDF through the link, as the reader would, and returns its bytes. */
  async downloadPdf(): Promise<Buffer> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByTestId('minutes-pdf').click(),
    ]);
    const failure = await download.failure();
    if (failure) throw new Error(`the PDF download failed: ${failure}`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
