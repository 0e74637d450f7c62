import type { Locator, Page } from 'playwright-core';

export interface DisclosureInput {
  /** The external partner, as the select shows it ("GGZ Voorbeeld"). */
  recipient: string;
  /** The field, as the select shows it ("Analyse"). */
  field: string;
  necessity: string;
  care: string;
  dataKind: string;
}

/**
 * The disclosure panel of a casusoverleg item on the live screen (doorverstrekking, art. 10.5): the case's
 * disclosures with their state, consent and revocation, and the proposal form.
 */
export class DisclosurePanel {
  constructor(private readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId('live-disclosures');
  }

  /** The disclosure of a field (compartment name, e.g. `analysis`), optionally in one state. */
  entry(compartment: string, state?: string): Locator {
    const stateFilter = state ? `[data-state="${state}"]` : '';
    return this.page.locator(
      `[data-testid="live-disclosure"][data-compartment="${compartment}"]${stateFilter}`,
    );
  }

  async waitForState(
    compartment: string,
    state: 'proposed' | 'active' | 'refused' | 'revoked',
  ): Promise<void> {
    await this.entry(compartment, state).waitFor();
  }

  stateText(compartment: string): Promise<string> {
    return this.entry(compartment).getByTestId('live-disclosure-state').innerText();
  }

  /** The button that opens the proposal form (absent for external partners). */
  openButton(): Locator {
    return this.page.getByTestId('live-disclose-open');
  }

  form(): Locator {
    return this.page.getByTestId('live-disclose-form');
  }

  async openForm(): Promise<void> {
    await this.openButton().click();
    await this.form().waitFor();
  }

  input(name: 'recipient' | 'compartment' | 'purpose' | 'legal-basis' | 'necessity' | 'care' | 'data-kind') {
    return this.page.getByTestId(`live-disclose-${name}`);
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('live-disclose-submit').click();
  }

  /** The field errors the form shows now. */
  fieldErrors(): Promise<string[]> {
    return this.form().locator('.field__error').allInnerTexts();
  }

  /** Opens the form, fills it in and sends it; waits until the proposal is recorded. */
  async propose(input: DisclosureInput): Promise<void> {
    if (!(await this.form().isVisible())) await this.openForm();
    await this.input('recipient').selectOption({ label: input.recipient });
    await this.input('compartment').selectOption({ label: input.field });
    await this.input('necessity').fill(input.necessity);
    await this.input('care').fill(input.care);
    await this.input('data-kind').fill(input.dataKind);
    await this.submit();
    await this.page.getByTestId('live-disclose-success').waitFor();
  }

  async consent(compartment: string): Promise<void> {
    await this.entry(compartment).getByTestId('live-disclosure-consent').click();
  }

  async revoke(compartment: string): Promise<void> {
    await this.entry(compartment).getByTestId('live-disclosure-revoke').click();
  }

  /** How many buttons (consent, refuse, revoke) the panel offers. */
  actionCount(): Promise<number> {
    return this.root()
      .locator(
        '[data-testid="live-disclosure-consent"], [data-testid="live-disclosure-refuse"], [data-testid="live-disclosure-revoke"]',
      )
      .count();
  }
}
