import type { Page } from 'playwright-core';

/** Inloggen. */
export class LoginPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/inloggen');
    await this.page.getByTestId('login-form').waitFor();
  }

  async fill(username: string, password: string): Promise<void> {
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
  }

  /** Logs in and waits until the app shows who is logged in. */
  async login(username: string, password: string): Promise<void> {
    await this.fill(username, password);
    await this.page.getByTestId('login-submit').click();
    await this.page.getByTestId('whoami').waitFor();
  }

  errorText(): Promise<string> {
    return this.page.getByTestId('error-text').innerText();
  }
}
