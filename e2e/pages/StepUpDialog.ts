import type { Page } from 'playwright-core';

/** "Bevestig dat u het bent": the password asked again before one of the most sensitive actions. */
export class StepUpDialog {
  constructor(private readonly page: Page) {}

  async waitForOpen(): Promise<void> {
    await this.page.locator('[data-testid="step-up"][open]').waitFor();
  }

  async confirm(password: string): Promise<void> {
    await this.page.getByTestId('step-up-password').fill(password);
    await this.page.getByTestId('step-up-submit').click();
  }

  /** The password, then the passkey instead of a code (offered once the server said a second factor is due). */
  async confirmWithPasskey(password: string): Promise<void> {
    await this.page.getByTestId('step-up-password').fill(password);
    await this.page.getByTestId('step-up-submit').click();
    await this.page.getByTestId('step-up-passkey').click();
  }

  passwordError(): Promise<string> {
    return this.page.locator('#step-up-password-error').innerText();
  }

  async waitForClosed(): Promise<void> {
    await this.page.locator('[data-testid="step-up"][open]').waitFor({ state: 'detached' });
  }
}
