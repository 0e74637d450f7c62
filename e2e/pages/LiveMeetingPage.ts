import type { Locator, Page } from 'playwright-core';

/**
 * A live field's key (as in the awareness): `analysis`, `conclusions`, `notes`, `goal`, `criterion/<id>`,
 * `measure/<id>/<key>`.
 */
export type LiveField = string;
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'ended';

/**
 * The live meeting screen: state, connection, agenda (order, time, status), following the chair, admission,
 * presence, the chair's controls, the live fields and who is editing them.
 */
export class LiveMeetingPage {
  constructor(private readonly page: Page) {}

  /** Waits until the screen has joined the meeting over socket.io and every live document is synced. */
  /** `timeout`: longer where a server has to start first (a restart under the open screen). */
  async waitConnected(timeout?: number): Promise<void> {
    await this.page
      .locator('[data-testid="live-connection"][data-state="connected"]')
      .waitFor(timeout === undefined ? {} : { timeout });
  }

  async waitForConnection(state: ConnectionState): Promise<void> {
    await this.page.locator(`[data-testid="live-connection"][data-state="${state}"]`).waitFor();
  }

  connectionText(): Promise<string> {
    return this.page.getByTestId('live-connection').innerText();
  }

  async hasUnsentChanges(): Promise<boolean> {
    return (await this.page.getByTestId('live-connection').getAttribute('data-unsent')) === 'true';
  }

  /** Waits until no local edit is waiting for the server any more. */
  async waitAllSent(): Promise<void> {
    await this.page.locator('[data-testid="live-connection"][data-unsent="false"]').waitFor();
  }

  meetingState(): Promise<string> {
    return this.page.getByTestId('live-meeting-state').innerText();
  }

  /** The meeting's state as a code: 'scheduled', 'open', 'closing' or 'closed'. */
  meetingStateCode(): Promise<string | null> {
    return this.page.getByTestId('live-meeting-state').getAttribute('data-state');
  }

  async waitForMeetingState(state: 'scheduled' | 'open' | 'closing' | 'closed'): Promise<void> {
    await this.page.locator(`[data-testid="live-meeting-state"][data-state="${state}"]`).waitFor();
  }

  /** Chair: "Overleg openen". */
  async openMeeting(): Promise<void> {
    await this.page.getByTestId('live-open-meeting').click();
    await this.waitForMeetingState('open');
  }

  /** Chair: "Overleg sluiten…", confirmed. */
  async closeMeeting(): Promise<void> {
    await this.askToClose();
    await this.confirmClose();
  }

  agendaItem(position: number): Locator {
    return this.page.getByTestId('live-agenda-item').nth(position - 1);
  }

  /** Chair: "Bespreek dit punt" on the agenda item at `position` (1-based). */
  async discuss(position: number): Promise<void> {
    await this.agendaItem(position).getByTestId('live-discuss').click();
    await this.page.locator('[data-testid="live-agenda-item"][data-current="true"]').waitFor();
    await this.waitForCurrentItem(await this.agendaItemText(position));
  }

  async agendaItemText(position: number): Promise<string> {
    return (await this.agendaItem(position).locator('.agenda__name').innerText()).trim();
  }

  /** Position (1-based) of the highlighted agenda item, or 0. */
  async currentAgendaPosition(): Promise<number> {
    const flags = await this.page
      .getByTestId('live-agenda-item')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-current') === 'true'));
    return flags.indexOf(true) + 1;
  }

  async waitForCurrentItem(text: string): Promise<void> {
    await this.page.getByTestId('live-item-title').filter({ hasText: text }).waitFor();
  }

  /** Waits until the item panel shows the agenda item with this id. */
  async waitForItem(itemId: string): Promise<void> {
    await this.page.locator(`[data-testid="live-item"][data-item-id="${itemId}"]`).waitFor();
  }

  currentItemTitle(): Promise<string> {
    return this.page.getByTestId('live-item-title').innerText();
  }

  text(field: LiveField): Locator {
    return this.page.getByTestId(`live-text-${field}`);
  }

  /** Types at the end of a live text, key by key, as a person would. */
  async typeAtEnd(field: LiveField, words: string): Promise<void> {
    const textarea = this.text(field);
    await textarea.click();
    await textarea.press('Control+End');
    await textarea.pressSequentially(words, { delay: 5 });
  }

  /** Types at the start of a live text. */
  async typeAtStart(field: LiveField, words: string): Promise<void> {
    const textarea = this.text(field);
    await textarea.click();
    await textarea.press('Control+Home');
    await textarea.pressSequentially(words, { delay: 5 });
  }

  /** The id of the agenda item under discussion (the live documents' names contain it). */
  async currentItemId(): Promise<string> {
    const id = await this.page.getByTestId('live-item').getAttribute('data-item-id');
    if (!id) throw new Error('no agenda item under discussion');
    return id;
  }

  value(field: LiveField): Promise<string> {
    return this.text(field).inputValue();
  }

  async waitForText(field: LiveField, fragment: string, timeout = 15_000): Promise<void> {
    await this.page.waitForFunction(
      ([selector, wanted]) =>
        (document.querySelector<HTMLTextAreaElement>(selector)?.value ?? '').includes(wanted),
      [`[data-testid="live-text-${field}"]`, fragment] as const,
      { timeout },
    );
  }

  async isReadOnly(field: LiveField): Promise<boolean> {
    return (await this.text(field).getAttribute('readonly')) !== null;
  }

  presentNames(): Promise<string[]> {
    return this.page.locator('[data-testid="live-present"] .presence__name').allInnerTexts();
  }

  async waitForPresent(count: number): Promise<void> {
    await this.page.waitForFunction(
      (wanted) => document.querySelectorAll('[data-testid="live-present"]').length === wanted,
      count,
    );
  }

  async toggleHand(): Promise<void> {
    await this.page.getByTestId('live-hand').click();
  }

  async waitForRaisedHand(name: string): Promise<void> {
    await this.page
      .locator('[data-testid="live-present"][data-hand="raised"]')
      .filter({ hasText: name })
      .waitFor();
  }

  closedNotice(): Promise<string> {
    return this.page.getByTestId('live-closed').innerText();
  }

  // ---------- agenda: order, time, status ----------

  /** The agenda item whose subject (name or reference) contains `text`. */
  agendaItemFor(text: string): Locator {
    return this.page.getByTestId('live-agenda-item').filter({ hasText: text });
  }

  /** Subjects in the agenda's live order. */
  agendaOrder(): Promise<string[]> {
    return this.page.locator('[data-testid="live-agenda-item"] .agenda__name').allInnerTexts();
  }

  async waitForAgendaOrder(subjects: readonly string[]): Promise<void> {
    await this.page.waitForFunction(
      (wanted) =>
        JSON.stringify(
          [...document.querySelectorAll('[data-testid="live-agenda-item"] .agenda__name')].map((e) =>
            (e as HTMLElement).innerText.trim(),
          ),
        ) === JSON.stringify(wanted),
      subjects,
    );
  }

  /** Organisers: types minutes for the item and confirms with Enter. */
  async setMinutes(subject: string, minutes: string): Promise<void> {
    const input = this.agendaItemFor(subject).getByTestId('live-agenda-minutes-input');
    await input.fill(minutes);
    await input.press('Enter');
  }

  minutesError(subject: string): Locator {
    return this.agendaItemFor(subject).getByTestId('live-agenda-minutes-error');
  }

  /** Organisers: picks a status ("In bespreking") for the item. */
  async setStatus(subject: string, label: string): Promise<void> {
    await this.agendaItemFor(subject).getByTestId('live-agenda-status-select').selectOption({ label });
  }

  async moveUp(subject: string): Promise<void> {
    await this.agendaItemFor(subject).getByTestId('live-agenda-up').click();
  }

  /** Read-only agenda: waits until the item shows this status and time ("In bespreking", "20 min."). */
  async waitForAgendaFacts(subject: string, status: string, minutes: string): Promise<void> {
    const item = this.agendaItemFor(subject);
    await item.getByTestId('live-agenda-status').filter({ hasText: status }).waitFor();
    await item.getByTestId('live-agenda-minutes').filter({ hasText: minutes }).waitFor();
  }

  hasAgendaControls(): Promise<number> {
    return this.page.getByTestId('live-agenda-minutes-input').count();
  }

  // ---------- following the chair ----------

  async setFollowing(on: boolean): Promise<void> {
    await this.page.getByTestId('live-follow').setChecked(on);
  }

  isFollowing(): Promise<boolean> {
    return this.page.getByTestId('live-follow').isChecked();
  }

  /** Not following: shows the item whose subject contains `subject`. */
  async view(subject: string): Promise<void> {
    await this.agendaItemFor(subject).getByTestId('live-view').click();
    await this.waitForCurrentItem(subject);
  }

  /** The banner while not following ("De voorzitter bespreekt nu: …"). */
  notFollowingBanner(): Locator {
    return this.page.getByTestId('live-not-following');
  }

  async followAgain(): Promise<void> {
    await this.page.getByTestId('live-follow-again').click();
    await this.notFollowingBanner().waitFor({ state: 'detached' });
  }

  /** How the item panel shows its item: 'current', 'viewing' or 'last'. */
  itemMode(): Promise<string | null> {
    return this.page.getByTestId('live-item').getAttribute('data-mode');
  }

  // ---------- admission ----------

  /** Chair: the admission block of one participant. */
  admissionOf(name: string): Locator {
    return this.page.getByTestId('live-admission-participant').filter({ hasText: name });
  }

  /** Chair: "Hele overleg" on or off for a participant; waits until the server's answer shows it. */
  async admitWholeMeeting(name: string, on: boolean): Promise<void> {
    await this.admissionOf(name).getByTestId('live-admission-all').click();
    await this.admissionOf(name)
      .locator(`[data-testid="live-admission-all"]${on ? ':checked' : ':not(:checked)'}`)
      .waitFor();
  }

  /** Chair: ticks or unticks one agenda item for a participant (no wait: the server may refuse). */
  async toggleAdmission(name: string, itemId: string): Promise<void> {
    await this.admissionOf(name)
      .locator(`[data-testid="live-admission-item"][data-item-id="${itemId}"]`)
      .click();
  }

  admissionItemChecked(name: string, itemId: string): Promise<boolean> {
    return this.admissionOf(name)
      .locator(`[data-testid="live-admission-item"][data-item-id="${itemId}"]`)
      .isChecked();
  }

  admissionError(): Locator {
    return this.page.getByTestId('live-admission').getByTestId('error-notice');
  }

  notAdmitted(): Locator {
    return this.page.getByTestId('live-not-admitted');
  }

  compartmentCount(): Promise<number> {
    return this.page.getByTestId('live-compartment').count();
  }

  // ---------- fields and who edits them ----------

  field(key: LiveField): Locator {
    return this.page.locator(`[data-testid="live-field"][data-field="${key}"]`);
  }

  /** The key of the criterion field whose label starts with `code` ("G1"). */
  async criterionKey(code: string): Promise<string> {
    const field = this.page
      .locator('[data-testid="live-field"][data-field^="criterion/"]')
      .filter({ has: this.page.locator('label.field__label', { hasText: new RegExp(`^${code} `) }) });
    const key = await field.getAttribute('data-field');
    if (!key) throw new Error(`no criterion field ${code}`);
    return key;
  }

  /** Puts the caret in a field (which tells the others this user is editing it). */
  async focus(key: LiveField): Promise<void> {
    await this.text(key).click();
  }

  /** Leaves a field. */
  async blur(key: LiveField): Promise<void> {
    await this.text(key).blur();
  }

  editorsText(key: LiveField): Promise<string> {
    return this.field(key).getByTestId('live-editors').innerText();
  }

  async waitForEditor(key: LiveField, name: string): Promise<void> {
    await this.field(key).getByTestId('live-editors').filter({ hasText: name }).waitFor();
  }

  async waitForNoEditors(key: LiveField): Promise<void> {
    // Empty, the indicator takes no space (not "visible"), but stays in the page as a live region.
    await this.field(key)
      .locator('[data-testid="live-editors"][data-count="0"]')
      .waitFor({ state: 'attached' });
  }

  // ---------- plan of approach ----------

  measures(): Locator {
    return this.page.getByTestId('live-measure');
  }

  /** Adds a measure and returns its id (its description field has the focus). */
  async addMeasure(): Promise<string> {
    const before = await this.measures().count();
    await this.page.getByTestId('live-measure-add').click();
    await this.measures().nth(before).waitFor();
    const id = await this.measures().nth(before).getAttribute('data-measure-id');
    if (!id) throw new Error('the new measure has no id');
    return id;
  }

  measure(id: string): Locator {
    return this.page.locator(`[data-testid="live-measure"][data-measure-id="${id}"]`);
  }

  async setMeasure(id: string, values: { owner?: string; due?: string; status?: string }): Promise<void> {
    const measure = this.measure(id);
    if (values.owner !== undefined)
      await measure.getByTestId('live-measure-owner').selectOption({ label: values.owner });
    if (values.due !== undefined) await measure.getByTestId('live-measure-due').fill(values.due);
    if (values.status !== undefined)
      await measure.getByTestId('live-measure-status').selectOption({ label: values.status });
  }

  /** The values a measure shows: selected labels and the date, as the form holds them. */
  async measureValues(id: string): Promise<{ owner: string; due: string; status: string }> {
    const measure = this.measure(id);
    const label = (testId: string) =>
      measure
        .getByTestId(testId)
        .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text ?? '');
    return {
      owner: await label('live-measure-owner'),
      due: await measure.getByTestId('live-measure-due').inputValue(),
      status: await label('live-measure-status'),
    };
  }

  async removeMeasure(id: string): Promise<void> {
    await this.measure(id).getByTestId('live-measure-remove').click();
    await this.measure(id).getByTestId('live-measure-remove-confirm').click();
    await this.measure(id).waitFor({ state: 'detached' });
  }

  // ---------- consent round per agenda item, closing ----------

  /** The consent round of the item on screen ("Instemmingsronde"). */
  consentPanel(): Locator {
    return this.page.getByTestId('consent-panel');
  }

  /** Chair: "Vraag instemming" (a weegploeg item proposes its recorded decision; nothing to fill in). */
  async askConsent(): Promise<void> {
    await this.consentPanel().getByTestId('consent-ask').click();
  }

  /** Chair, casusoverleg item: the advice to continue with a next review date, or to close the plan. */
  async askCaseConsent(
    proposal: { advice: 'continue'; nextReviewDate: string } | { advice: 'close' },
  ): Promise<void> {
    const panel = this.consentPanel();
    await panel.getByTestId(`consent-advice-${proposal.advice}`).check();
    if (proposal.advice === 'continue')
      await panel.getByTestId('consent-next-review').fill(proposal.nextReviewDate);
    await panel.getByTestId('consent-ask').click();
  }

  /** Waits until the panel shows this round ("Instemmingsronde 1"). */
  async waitForConsentRound(round: number): Promise<void> {
    await this.page.locator(`[data-testid="consent-round"][data-round="${round}"]`).waitFor();
  }

  consentProposal(): Promise<string> {
    return this.consentPanel().getByTestId('consent-proposal').innerText();
  }

  /** The refusal shown when a weegploeg item has no decision recorded in this meeting (art. 7.4). */
  consentNoDecision(): Locator {
    return this.consentPanel().getByTestId('consent-no-decision');
  }

  /**
   * Chair: "Vraag instemming" says beforehand why it cannot work yet (read with the button); pressed anyway, it
   * looks again and asks nothing, so no refusal comes back. Returns the reason.
   */
  async askBlockedReason(): Promise<string> {
    const reason = this.consentPanel().getByTestId('consent-ask-blocked');
    await reason.waitFor();
    const button = this.consentPanel().getByTestId('consent-ask');
    const describedBy = (await button.getAttribute('aria-describedby')) ?? '';
    if (describedBy !== (await reason.getAttribute('id')))
      throw new Error('the reason is not read with the button');
    await button.click();
    await this.page.waitForFunction(() =>
      document.querySelector('[data-testid="live-announcer"]')?.textContent?.includes('besluitvoorstel'),
    );
    if ((await this.consentPanel().getByTestId('consent-not-asked').count()) !== 1)
      throw new Error('consent was asked without a proposal');
    if ((await this.consentPanel().getByTestId('error-notice').count()) !== 0)
      throw new Error('the server was asked and refused');
    return reason.innerText();
  }

  /** By keyboard only: the item's "Naar instemming" link, then Tab; returns the testid that has the focus. */
  async tabToVote(): Promise<string | null> {
    await this.page.getByTestId('live-jump-consent').focus();
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Tab');
    return this.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  }

  /** A member or satellite: "Akkoord"; waits until the server's answer shows it as the own vote. */
  async agree(): Promise<void> {
    await this.consentPanel().getByTestId('consent-agree').click();
    await this.consentPanel().locator('[data-testid="consent-own-vote"][data-vote="agree"]').waitFor();
  }

  /** A member or satellite: "Bezwaar" with its (required) remark; waits until it shows as the own vote. */
  async object(remark: string): Promise<void> {
    const panel = this.consentPanel();
    await panel.getByTestId('consent-object').click();
    await panel.getByTestId('consent-remark').fill(remark);
    await panel.getByTestId('consent-object-submit').click();
    await panel.locator('[data-testid="consent-own-vote"][data-vote="object"]').waitFor();
  }

  async waitForVotes(count: number): Promise<void> {
    await this.page.waitForFunction(
      (wanted) => document.querySelectorAll('[data-testid="consent-vote"]').length === wanted,
      count,
    );
  }

  /** Every vote row: the vote, and the row's text (name, organisation, vote, remark). */
  async consentVotes(): Promise<{ vote: string | null; text: string }[]> {
    return this.consentPanel()
      .getByTestId('consent-vote')
      .evaluateAll((rows) =>
        rows.map((row) => ({ vote: row.getAttribute('data-vote'), text: (row as HTMLElement).innerText })),
      );
  }

  /** Chair: "Vaststellen" or "Doorschuiven"; waits until the item shows the outcome. */
  async setOutcome(outcome: 'agreed' | 'carried_over'): Promise<void> {
    const testId = outcome === 'agreed' ? 'consent-outcome-agreed' : 'consent-outcome-carried-over';
    await this.consentPanel().getByTestId(testId).click();
    await this.waitForConsentOutcome(outcome);
  }

  /** Waits until the item on screen shows this outcome, and returns its text. */
  async waitForConsentOutcome(outcome: 'agreed' | 'carried_over'): Promise<string> {
    const shown = this.page.locator(`[data-testid="consent-outcome"][data-outcome="${outcome}"]`);
    await shown.waitFor();
    return shown.innerText();
  }

  /** Chair: the explanation why the meeting cannot be closed yet (items without an outcome). */
  closeBlocked(): Locator {
    return this.page.getByTestId('live-close-blocked');
  }

  /** Chair: whether "Overleg sluiten" can be pressed (not while an item lacks an outcome). */
  async canClose(): Promise<boolean> {
    return this.page.getByTestId('live-close-meeting').isEnabled();
  }

  /** After the close: the link to the frozen minutes. */
  openMinutesLink(): Locator {
    return this.page.getByTestId('live-open-minutes');
  }

  /** After the close: follows the link to the frozen minutes (the minutes screen then loads them). */
  async openMinutes(): Promise<void> {
    await this.openMinutesLink().click();
    await this.page.waitForURL(/\/overleggen\/[0-9a-f-]{36}\/verslag$/);
  }

  /** After the freeze: the edits of this client the record did not take. */
  lateEditsNotice(): Locator {
    return this.page.getByTestId('late-edits-notice');
  }

  /** Waits until the late edits are listed (compared with the record) and returns the notice's text. */
  async waitForLateEdits(): Promise<string> {
    const listed = this.page.locator('[data-testid="late-edits-notice"][data-state="listed"]');
    await listed.waitFor();
    return listed.innerText();
  }

  // ---------- closing in two steps ----------

  /** Chair: "Overleg sluiten…", the first step: opens the confirmation, freezes nothing. */
  async askToClose(): Promise<void> {
    await this.page.getByTestId('live-close-meeting').click();
    await this.closeConfirmation().waitFor();
  }

  closeConfirmation(): Locator {
    return this.page.getByTestId('live-close-confirmation');
  }

  /** The confirmation's list of what is frozen: each item's text and outcome ('' for none). */
  async closeItems(): Promise<{ outcome: string | null; text: string }[]> {
    return this.closeConfirmation()
      .getByTestId('live-close-item')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          outcome: row.getAttribute('data-outcome'),
          text: (row as HTMLElement).innerText,
        })),
      );
  }

  /** The confirmation's list of who is present. */
  closePresent(): Promise<string[]> {
    return this.closeConfirmation().getByTestId('live-close-person').allInnerTexts();
  }

  /** Chair: "Annuleren" in the confirmation; the close button is back. */
  async cancelClose(): Promise<void> {
    await this.page.getByTestId('live-close-cancel').click();
    await this.page.getByTestId('live-close-meeting').waitFor();
  }

  /** Chair: "Ja, overleg sluiten", the second step. */
  async confirmClose(): Promise<void> {
    await this.page.getByTestId('live-close-confirm').click();
    await this.waitForMeetingState('closed');
  }

  // ---------- speakers queue ----------

  /** Chair: the queue of raised hands, in order: place and text (name, organisation, since when). */
  async queuedHands(): Promise<{ place: number; text: string }[]> {
    return this.page.getByTestId('live-queued-hand').evaluateAll((rows) =>
      rows.map((row) => ({
        place: Number(row.getAttribute('data-place')),
        text: (row as HTMLElement).innerText,
      })),
    );
  }

  async waitForQueueLength(count: number): Promise<void> {
    await this.page.waitForFunction(
      (wanted) => document.querySelectorAll('[data-testid="live-queued-hand"]').length === wanted,
      count,
    );
  }

  queuedHand(name: string): Locator {
    return this.page.getByTestId('live-queued-hand').filter({ hasText: name });
  }

  /** Chair: "Het woord geven" to the one in the queue with this name; waits until they have the floor. */
  async giveFloor(name: string): Promise<void> {
    await this.queuedHand(name).getByTestId('live-give-floor').click();
    await this.page.getByTestId('live-floor').filter({ hasText: name }).waitFor();
  }

  /** Chair: "Hand laten zakken" for the one in the queue with this name. */
  async lowerHandOf(name: string): Promise<void> {
    await this.queuedHand(name).getByTestId('live-lower-hand').click();
    await this.queuedHand(name).waitFor({ state: 'detached' });
  }

  /** What the screen reader is told (politely) by the live screen's one live region. */
  announcement(): Promise<string> {
    return this.page.getByTestId('live-announcer').innerText();
  }

  /** Waits until the live region says this (a later announcement may replace it). */
  async waitForAnnouncement(text: string): Promise<void> {
    await this.page.waitForFunction(
      (expected) => document.querySelector('[data-testid="live-announcer"]')?.textContent?.includes(expected),
      text,
    );
  }

  /** Participant: waits until the screen shows this place in the queue. */
  async waitForHandPlace(place: number): Promise<void> {
    await this.page.locator(`[data-testid="live-hand-place"][data-place="${place}"]`).waitFor();
  }

  /** Participant: "U hebt het woord". */
  haveFloor(): Locator {
    return this.page.getByTestId('live-have-floor');
  }

  // ---------- agenda progress ----------

  /** The status the agenda shows for the item (the chair sees it above the settings): e.g. 'carried_over'. */
  async waitForProgress(subject: string, status: string): Promise<void> {
    await this.agendaItemFor(subject)
      .locator(
        `[data-testid="live-agenda-progress"][data-status="${status}"], [data-testid="live-agenda-status"][data-status="${status}"]`,
      )
      .waitFor();
  }

  agendaUsed(subject: string): Locator {
    return this.agendaItemFor(subject).getByTestId('live-agenda-used');
  }

  /** Chair: "Volgend agendapunt". */
  nextItemButton(): Locator {
    return this.page.getByTestId('live-next-item');
  }

  async nextItem(): Promise<void> {
    await this.nextItemButton().click();
  }

  // ---------- masking, secrecy, who sees what ----------

  /** A compartment shown with its content (read or write): its live document is open. */
  compartment(name: string): Locator {
    return this.page.locator(`[data-testid="live-compartment"][data-compartment="${name}"]`);
  }

  /** A masked compartment's placeholder: category and rule, no content, no document. */
  masked(name: string): Locator {
    return this.page.locator(`[data-testid="live-masked"][data-compartment="${name}"]`);
  }

  /** The secrecy notice (convenant art. 14) an external partner sees. */
  secrecy(): Locator {
    return this.page.getByTestId('live-secrecy');
  }

  /** Chair and executor: unfolds "Wie ziet wat" and waits for its table. */
  async openPolicyTable(): Promise<Locator> {
    await this.page.getByTestId('live-policy-toggle').click();
    const table = this.page.getByTestId('live-policy-table');
    await table.waitFor();
    return table;
  }

  /** One cell of "Wie ziet wat": the participant (by name) and the compartment. */
  policyCell(name: string, compartment: string): Locator {
    return this.page
      .getByTestId('live-policy-row')
      .filter({ hasText: name })
      .locator(`[data-testid="live-policy-cell"][data-compartment="${compartment}"]`);
  }
}
