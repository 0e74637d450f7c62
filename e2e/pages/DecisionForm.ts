import type { Page } from 'playwright-core';

export interface Decision {
  outcome: 'agenda' | 'not_substantial' | 'more_information';
  grounds: string;
  /** One finding for every criterion, by criterion code (G1, G2, …); criteria not named get `fallback`. */
  findings: Record<string, 'present' | 'absent' | 'unknown'>;
  fallback: 'present' | 'absent' | 'unknown';
  /** Names of non-core parties to involve in the casusoverleg (outcome `agenda`). */
  involve?: string[];
}

/** "Besluit vastleggen" on a weighing file. */
export class DecisionForm {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('open-decision-form').click();
    await this.page.getByTestId('decision-form').waitFor();
  }

  async fill(decision: Decision): Promise<void> {
    const page = this.page;
    await page.getByTestId(`decision-outcome-${decision.outcome}`).check();
    await page.getByTestId('decision-grounds').fill(decision.grounds);
    const selects = page.locator('select[data-testid^="decision-finding-"]');
    for (const select of await selects.all()) {
      const code = (await select.getAttribute('data-testid'))?.replace('decision-finding-', '') ?? '';
      await select.selectOption(decision.findings[code] ?? decision.fallback);
    }
    for (const name of decision.involve ?? []) {
      await page.getByTestId('decision-involved').getByLabel(name, { exact: true }).check();
    }
  }

  async setCoreParty(
    organisationType: 'municipality' | 'police' | 'prosecution',
    checked: boolean,
  ): Promise<void> {
    await this.page.getByTestId(`decision-decided-by-${organisationType}`).setChecked(checked);
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('decision-submit').click();
  }

  errorText(): Promise<string> {
    return this.page.getByTestId('decision-form').getByTestId('error-text').innerText();
  }
}
