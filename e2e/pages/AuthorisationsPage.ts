import type { Locator, Page } from 'playwright-core';

export interface NewAuthorisation {
  username: string;
  displayName: string;
  /** The organisation's name as listed, e.g. "Politie Eenheid Voorbeeld". */
  organisation: string;
  role: 'chair' | 'executor' | 'member' | 'satellite' | 'admin' | 'officer';
  capacity: string;
}

/**
 * "Autorisaties" (art. 15.2c), the administrator's screen: every authorisation per organisation with its history;
 * granting a new user (the initial password shown once), changing role or capacity, revoking after a confirmation.
 */
export class AuthorisationsPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/autorisaties');
    await this.waitLoaded();
  }

  async gotoViaMenu(): Promise<void> {
    await this.page.getByTestId('nav-authorisations').click();
    await this.page.waitForURL('**/autorisaties');
    await this.waitLoaded();
  }

  /** Waits until the list is shown, or refused. */
  async waitLoaded(): Promise<void> {
    await this.page
      .locator('[data-testid="authorisations-view"]:is([data-state="loaded"], [data-state="error"])')
      .waitFor();
  }

  state(): Promise<string | null> {
    return this.page.getByTestId('authorisations-view').getAttribute('data-state');
  }

  errorText(): Promise<string> {
    return this.page.getByTestId('authorisations-view').getByTestId('error-text').innerText();
  }

  immediateText(): Promise<string> {
    return this.page.getByTestId('authorisations-immediate').innerText();
  }

  row(username: string): Locator {
    return this.page.locator(`[data-testid="authorisation-row"][data-username="${username}"]`);
  }

  /** 'active' or 'revoked'. */
  rowState(username: string): Promise<string | null> {
    return this.row(username).getAttribute('data-state');
  }

  capacity(username: string): Promise<string> {
    return this.row(username).getByTestId('authorisation-capacity').innerText();
  }

  /** Grants the authorisation and returns the initial password, read from the box that shows it once. */
  async grant(authorisation: NewAuthorisation): Promise<string> {
    await this.page.getByTestId('authorisation-new').click();
    const form = this.page.getByTestId('authorisation-grant-form');
    await form.waitFor();
    await form.getByTestId('grant-username').fill(authorisation.username);
    await form.getByTestId('grant-name').fill(authorisation.displayName);
    await form.getByTestId('grant-organisation').selectOption({ label: authorisation.organisation });
    await form.getByTestId('grant-role').selectOption(authorisation.role);
    await form.getByTestId('grant-capacity').fill(authorisation.capacity);
    await form.getByTestId('grant-submit').click();
    const password = this.page.getByTestId('grant-initial-password');
    await password.waitFor();
    return (await password.innerText()).trim();
  }

  /** The box with the initial password and its warning, while it is shown. */
  initialPasswordBox(): Locator {
    return this.page.getByTestId('grant-initial-password-box');
  }

  async dismissInitialPassword(): Promise<void> {
    await this.page.getByTestId('grant-initial-dismiss').click();
    await this.initialPasswordBox().waitFor({ state: 'detached' });
  }

  /** Changes the capacity (and the role, if given); waits until the list shows the new capacity. */
  async change(
    username: string,
    change: { capacity: string; role?: NewAuthorisation['role'] },
  ): Promise<void> {
    const row = this.row(username);
    await row.getByTestId('authorisation-change').click();
    if (change.role) await row.getByTestId('change-role').selectOption(change.role);
    await row.getByTestId('change-capacity').fill(change.capacity);
    await row.getByTestId('change-submit').click();
    await row.getByTestId('change-submit').waitFor({ state: 'detached' });
    await row.getByTestId('authorisation-capacity').filter({ hasText: change.capacity }).waitFor();
  }

  /** Asks to revoke; the confirmation is shown and nothing has happened yet. */
  async askRevoke(username: string): Promise<string> {
    const row = this.row(username);
    await row.getByTestId('authorisation-revoke').click();
    const confirm = row.getByTestId('authorisation-revoke-confirm');
    await confirm.waitFor();
    return row.locator('.notice--warning').innerText();
  }

  async confirmRevoke(username: string): Promise<void> {
    await this.row(username).getByTestId('authorisation-revoke-confirm').click();
    await this.page
      .locator(`[data-testid="authorisation-row"][data-username="${username}"][data-state="revoked"]`)
      .waitFor();
  }

  /** The history, one line per step (the grant first); opens it if closed. */
  async history(username: string): Promise<string[]> {
    const history = this.row(username).getByTestId('authorisation-history');
    if ((await history.getAttribute('open')) === null) await history.locator('summary').click();
    return history.locator('li').allInnerTexts();
  }
}
