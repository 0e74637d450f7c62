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

  /** Whether the compartment of the item at `item` is shown masked: its label and rule only, no content. */
  async isMasked(compartment: string, item = 1): Promise<boolean> {
    return (await this.compartment(compartment, item).getAttribute('data-access')) === 'masked';
  }

  /** Everything the minutes screen shows, as text (the app's header and menu left out). */
  text(): Promise<string> {
    return this.page.locator('main').innerText();
  }

  /** The whole page's HTML, attributes and hidden elements included: to prove a text is nowhere in it. */
  html(): Promise<string> {
    return this.page.content();
  }

  // ---------- rectification (art. 12, executor only) ----------

  /** The "Corrigeren (art. 12)" button of one text field of a compartment (absent for anyone but the executor). */
  rectifyButton(compartment: string, field: string, item = 1): Locator {
    return this.compartment(compartment, item).locator(
      `[data-testid="minutes-rectify"][data-field="${field}"]`,
    );
  }

  /** The open correction form's inputs (one form is open at a time). */
  rectifyText(): Locator {
    return this.page.getByTestId('minutes-rectify-text');
  }

  rectifyReason(): Locator {
    return this.page.getByTestId('minutes-rectify-reason');
  }

  /** Executor: opens the correction form of a field; returns the text it is prefilled with. */
  async openRectify(compartment: string, field: string, item = 1): Promise<string> {
    await this.rectifyButton(compartment, field, item).click();
    await this.rectifyText().waitFor();
    return this.rectifyText().inputValue();
  }

  /**
   * Executor: corrects a text field with a reason, and waits until the reloaded minutes list the correction of
   * that field.
   */
  async rectify(
    compartment: string,
    field: string,
    correction: { text: string; reason: string },
    item = 1,
  ): Promise<void> {
    const before = await this.rectifications(compartment, item).count();
    await this.openRectify(compartment, field, item);
    await this.rectifyText().fill(correction.text);
    await this.rectifyReason().fill(correction.reason);
    await this.page.getByTestId('minutes-rectify-submit').click();
    await this.rectifyText().waitFor({ state: 'detached' });
    await this.rectifications(compartment, item).nth(before).waitFor();
  }

  /** The corrections listed under a compartment (field, when, reason; the original only on request). */
  rectifications(compartment: string, item = 1): Locator {
    return this.compartment(compartment, item).getByTestId('minutes-rectification');
  }

  /** The "gecorrigeerd" mark of a corrected field. */
  correctedMark(compartment: string, field: string, item = 1): Locator {
    return this.compartment(compartment, item).locator(
      `[data-testid="minutes-corrected"][data-field="${field}"]`,
    );
  }

  /** The text shown for a text field (the correction, where there is one). */
  fieldText(compartment: string, field: string, item = 1): Promise<string> {
    return this.compartment(compartment, item)
      .locator(`[data-testid="minutes-field-text"][data-field="${field}"]`)
      .innerText();
  }

  /** Executor: "Toon oorspronkelijke tekst" on or off; waits until the minutes are reloaded that way. */
  async showOriginals(on: boolean): Promise<void> {
    await this.page.getByTestId('minutes-show-originals').setChecked(on);
    await this.page
      .locator(`[data-testid="minutes-view"][data-state="loaded"][data-originals="${on ? 'true' : 'false'}"]`)
      .waitFor();
  }

  /** The original text of the corrections of a compartment (only after `showOriginals(true)`). */
  originals(compartment: string, item = 1): Promise<string[]> {
    return this.compartment(compartment, item).getByTestId('minutes-rectification-original').allInnerTexts();
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
