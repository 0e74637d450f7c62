import type { Page } from 'playwright-core';

/** Wachtwoord wijzigen. */
export class PasswordPage {
  constructor(private readonly page: Page) {}

  /** Opens the screen the way a user does: from the header. */
  async openFromHeader(): Promise<void> {
    await this.page.getByTestId('nav-password').click();
    await this.page.getByTestId('password-form').waitFor();
  }

  async change(current: string, chosen: string, repeated = chosen): Promise<void> {
    await this.page.getByTestId('password-current').fill(current);
    await this.page.getByTestId('password-new').fill(chosen);
    await this.page.getByTestId('password-repeat').fill(repeated);
    await this.page.getByTestId('password-submit').click();
  }

  doneText(): Promise<string> {
    return this.page.getByTestId('password-done').innerText();
  }

  /** What the screen says under the current-password field. */
  currentPasswordError(): Promise<string> {
    return this.page.locator('#password-current-error').innerText();
  }
}
