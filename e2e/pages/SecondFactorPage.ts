import type { Page } from 'playwright-core';
import * as OTPAuth from 'otpauth';

/** The code an authenticator app with this base32 secret shows at `at`. */
export const appCode = (secret: string, at = Date.now()) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at });

/** The steps of a login after the password: enrolling a passkey or an authenticator app, or using one. */
export class SecondFactorPage {
  constructor(private readonly page: Page) {}

  /**
   * Enrols as a person with an app would, choosing the app over a passkey (the fallback): reads the key under the
   * QR code and types the app's code.
   */
  async enrol(): Promise<{ secret: string; recoveryCodes: string[] }> {
    await this.page.getByTestId('enrol-app').click();
    const secretElement = this.page.getByTestId('enrolment-secret');
    await secretElement.waitFor();
    const secret = (await secretElement.getAttribute('data-secret'))!;
    await this.page.getByTestId('enrolment-code').fill(appCode(secret));
    await this.page.getByTestId('enrolment-submit').click();
    await this.page.getByTestId('recovery-codes').waitFor();
    const recoveryCodes = await this.page.getByTestId('recovery-code').allInnerTexts();
    return { secret, recoveryCodes: recoveryCodes.map((code) => code.trim()) };
  }

  /** Makes a passkey on the browser's authenticator; answers the recovery codes shown once. */
  async enrolPasskey(): Promise<string[]> {
    await this.page.getByTestId('enrol-passkey').click();
    await this.page.getByTestId('recovery-codes').waitFor();
    return (await this.page.getByTestId('recovery-code').allInnerTexts()).map((code) => code.trim());
  }

  /** The second step with the passkey: one click, the authenticator does the rest. */
  async usePasskey(): Promise<void> {
    await this.page.getByTestId('second-factor-passkey-use').click();
  }

  passkeyError(): Promise<string> {
    return this.page.getByTestId('second-factor-passkey').getByTestId('error-text').innerText();
  }

  /** After the recovery codes: on into the app. */
  async keptRecoveryCodes(): Promise<void> {
    await this.page.getByTestId('recovery-codes-kept').click();
    await this.page.getByTestId('whoami').waitFor();
  }

  async enterCode(code: string): Promise<void> {
    await this.page.getByTestId('second-factor-code').fill(code);
    await this.page.getByTestId('second-factor-submit').click();
  }

  codeError(): Promise<string> {
    return this.page.locator('#second-factor-code-error').innerText();
  }
}
