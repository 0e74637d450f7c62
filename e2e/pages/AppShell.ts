import type { Locator, Page } from 'playwright-core';

/** The header every logged-in screen shares: who is logged in, the menu, logout, language. */
export class AppShell {
  constructor(private readonly page: Page) {}

  whoami(): Promise<string> {
    return this.page.getByTestId('whoami').innerText();
  }

  hasNavEntry(
    testId:
      | 'nav-meetings'
      | 'nav-weighing-files'
      | 'nav-register-signal'
      | 'nav-notifications'
      | 'nav-subject-requests'
      | 'nav-party-notices'
      | 'nav-covenant',
  ): Promise<boolean> {
    return this.page.getByTestId(testId).isVisible();
  }

  async goToRegisterSignal(): Promise<void> {
    await this.page.getByTestId('nav-register-signal').click();
    await this.page.getByTestId('register-signal-form').waitFor();
  }

  async goToWeighingFiles(): Promise<void> {
    await this.page.getByTestId('nav-weighing-files').click();
    await this.page.waitForURL('**/weegploegbestand');
  }

  async goToNotifications(): Promise<void> {
    await this.page.getByTestId('nav-notifications').click();
    await this.page.waitForURL('**/informatieplicht');
  }

  async goToSubjectRequests(): Promise<void> {
    await this.page.getByTestId('nav-subject-requests').click();
    await this.page.waitForURL('**/verzoeken');
  }

  /** Kennisgevingen (art. 12.6), from the menu. */
  async goToPartyNotices(): Promise<void> {
    await this.page.getByTestId('nav-party-notices').click();
    await this.page.waitForURL('**/kennisgevingen');
  }

  /** The count of notices to the party nobody of it has seen yet, next to "Kennisgevingen"; absent at 0. */
  partyNoticesBadge(): Locator {
    return this.page.getByTestId('nav-party-notices-badge');
  }

  async goToMeetings(): Promise<void> {
    await this.page.getByTestId('nav-meetings').click();
    await this.page.waitForURL('**/overleggen');
  }

  async logout(): Promise<void> {
    await this.page.getByTestId('logout').click();
    await this.page.getByTestId('login-form').waitFor();
  }

  async toggleLanguage(): Promise<void> {
    await this.page.getByTestId('language-toggle').click();
  }

  flashText(): Promise<string> {
    return this.page.getByTestId('flash').innerText();
  }
}
