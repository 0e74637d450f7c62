import type { Page } from 'playwright-core';

export interface NewSubjectSignal {
  subject: { name: string; dateOfBirth?: string; address?: string; residence?: string };
  description: string;
  observedOn: string;
  reporter: { name: string; contact: string };
  phenomenon: string;
  setting: string;
  /** Executor only: the name of the core party that brought the signal. */
  broughtBy?: string;
}

/** Signaal registreren. */
export class RegisterSignalPage {
  constructor(private readonly page: Page) {}

  async fillNewSubject(signal: NewSubjectSignal): Promise<void> {
    const page = this.page;
    await page.getByTestId('signal-subject-new').check();
    await page.getByTestId('signal-subject-name').fill(signal.subject.name);
    if (signal.subject.dateOfBirth)
      await page.getByTestId('signal-subject-dob').fill(signal.subject.dateOfBirth);
    if (signal.subject.address) await page.getByTestId('signal-subject-address').fill(signal.subject.address);
    if (signal.subject.residence)
      await page.getByTestId('signal-subject-residence').fill(signal.subject.residence);
    await page.getByTestId('signal-description').fill(signal.description);
    await page.getByTestId('signal-observed-on').fill(signal.observedOn);
    await page.getByTestId('signal-phenomenon').selectOption(signal.phenomenon);
    await page.getByTestId('signal-setting').selectOption(signal.setting);
    if (signal.broughtBy)
      await page.getByTestId('signal-brought-by').selectOption({ label: signal.broughtBy });
    await page.getByTestId('signal-reporter-name').fill(signal.reporter.name);
    await page.getByTestId('signal-reporter-contact').fill(signal.reporter.contact);
  }

  /** Submits and waits for the weighing file the signal landed in; returns that file's id. */
  async submit(): Promise<string> {
    await this.page.getByTestId('signal-submit').click();
    await this.page.waitForURL(/\/weegploegbestand\/[0-9a-f-]{36}$/);
    await this.page.getByTestId('subject-name').waitFor();
    const id = new URL(this.page.url()).pathname.split('/').pop();
    if (!id) throw new Error(`no weighing file id in ${this.page.url()}`);
    return id;
  }
}
