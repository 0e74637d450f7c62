import type { RestoreFileBody, RetentionOverview } from '../../../shared/api/retention';
import { dutchDay } from '../../../shared/domain/dates';
import type { Message } from '../minutes/format';
import { daysBetween } from '../subject-rights/dates';

/**
 * Retention (art. 13) on screen for the executor: per file what happens next and when, in plain words, with the
 * covenant article and the time left. Dates are Dutch calendar days (the retention rules count in Dutch time,
 * shared/domain/retention.ts), written `DD-MM-YYYY`. Texts are message descriptors (minutes/format.ts).
 */

export type RetainedFileView = RetentionOverview['files'][number];
export type RetentionPolicyView = RetentionOverview['policy'];

/** An instant's Dutch calendar day as `DD-MM-YYYY`, e.g. "10-07-2027"; an unreadable value as it is. */
export function numericDutchDay(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const [year, month, day] = dutchDay(date).split('-');
  return `${day}-${month}-${year}`;
}

/** The article and why: "art. 13.3: niet geagendeerd, max. 6 maanden". */
export function ruleMessage(rule: string, policy: RetentionPolicyView): Message {
  switch (rule) {
    case 'art. 13.3':
      return { key: 'retention.rules.notAgendaed', params: { months: policy.notAgendaedMaxMonths } };
    case 'art. 13.2':
      return { key: 'retention.rules.archive', params: { months: policy.archiveAfterMonths } };
    case 'art. 13.1':
      return { key: 'retention.rules.destroy', params: { years: policy.destroyAfterYears } };
    default:
      return { text: rule };
  }
}

/**
 * "Vernietigen op 10-07-2027 (art. 13.3: niet geagendeerd, max. 6 maanden)", "Naar niet-actief archief op …",
 * or that nothing is planned.
 */
export function nextStepMessage(file: RetainedFileView, policy: RetentionPolicyView): Message {
  if (!file.next) return { key: 'retention.next.none' };
  return {
    key: `retention.next.${file.next.action}`,
    params: { date: numericDutchDay(file.next.at), rule: ruleMessage(file.next.rule, policy) },
  };
}

/**
 * How long until the step: "nog 12 dagen", "nog 5 maanden", "nog 4 jaar"; a step already due is taken by the
 * next run of the retention job (after a meeting that still has the file on its agenda).
 */
export function timeLeftMessage(at: string, now: Date): Message {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return { text: '' };
  const days = daysBetween(dutchDay(now), dutchDay(date));
  if (days < 0 || date.getTime() <= now.getTime()) return { key: 'retention.left.due' };
  if (days === 0) return { key: 'retention.left.today' };
  if (days === 1) return { key: 'retention.left.dayOne' };
  if (days <= 60) return { key: 'retention.left.days', params: { n: days } };
  const months = wholeMonths(dutchDay(now), dutchDay(date));
  if (months < 24) return { key: 'retention.left.months', params: { n: months } };
  return { key: 'retention.left.years', params: { n: Math.floor(months / 12) } };
}

/** Whole calendar months from one day to a later one (`YYYY-MM-DD`): 23 Nov to 23 May is 6, to 22 May 5. */
export function wholeMonths(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/** The file's status in the words of its own file (weegploegbestand, casusoverlegbestand). */
export function statusMessage(file: Pick<RetainedFileView, 'kind' | 'status'>): Message {
  const known =
    file.kind === 'weighing'
      ? ['open', 'agendaed', 'not_substantial', 'closed'].includes(file.status)
      : ['open', 'closed'].includes(file.status);
  if (!known) return { text: file.status };
  return {
    key:
      file.kind === 'weighing' ? `weighingFiles.statuses.${file.status}` : `caseFile.statuses.${file.status}`,
  };
}

// ---------- restoring an archived file (art. 13.4) ----------

/** The longest order the server takes (shared/api/retention.ts, RestoreFileBody). */
export const RESTORE_ORDER_MAX = 2000;

export interface RestoreDraft {
  /** The controller's order: who ordered it, and why renewed processing is needed. */
  order: string;
}

/** Art. 13.4: an archived file comes back only on the controller's order, so the order is required. */
export function restoreProblems(draft: RestoreDraft): { order?: string } {
  const order = draft.order.trim();
  if (order === '') return { order: 'retention.restore.orderRequired' };
  if (order.length > RESTORE_ORDER_MAX) return { order: 'retention.restore.orderTooLong' };
  return {};
}

export function toRestoreBody(
  file: Pick<RetainedFileView, 'kind' | 'fileId'>,
  draft: RestoreDraft,
): RestoreFileBody {
  return { kind: file.kind, fileId: file.fileId, order: draft.order.trim() };
}
