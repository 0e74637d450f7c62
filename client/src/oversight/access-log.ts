import type { AccessLogEntry, AccessLogQuery } from '../../../shared/api/oversight';
import { MANY_SUBJECTS, type AccessFlag } from '../../../shared/domain/access-review';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES } from '../../../shared/domain/audit-vocabulary';
import { addDays } from '../../../shared/domain/dates';
import type { Message } from '../minutes/format';
import { isDay } from '../subject-rights/dates';

/**
 * The access log for the officer's review (art. 15.2e) on screen: the filter, how an entry reads (action, object,
 * result, flags), and the query the API takes. Texts are message descriptors (minutes/format.ts).
 */

export interface AccessFilter {
  from: string;
  to: string;
  subjectReference: string;
  result: '' | 'allowed' | 'denied';
  flagged: boolean;
}

/** The last 30 days up to today, as the server defaults too. */
export const defaultFilter = (today: string): AccessFilter => ({
  from: addDays(today, -30),
  to: today,
  subjectReference: '',
  result: '',
  flagged: false,
});

export type FilterProblems = Partial<Record<'from' | 'to', string>>;

export function filterProblems(filter: AccessFilter): FilterProblems {
  const problems: FilterProblems = {};
  if (!isDay(filter.from)) problems.from = 'oversight.log.dateRequired';
  if (!isDay(filter.to)) problems.to = 'oversight.log.dateRequired';
  if (!problems.from && !problems.to && filter.from > filter.to) problems.from = 'oversight.log.fromAfterTo';
  return problems;
}

/** The API's query: empty filters left out. */
export function toQuery(filter: AccessFilter): AccessLogQuery {
  const query: AccessLogQuery = { from: filter.from, to: filter.to };
  const reference = filter.subjectReference.trim();
  if (reference) query.subjectReference = reference;
  if (filter.result) query.result = filter.result;
  if (filter.flagged) query.flagged = 'true';
  return query;
}

/** `?from=…&to=…` for a query (values encoded; keys in a fixed order, so equal queries give equal URLs). */
export function searchOf(query: AccessLogQuery): string {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'subjectReference', 'userId', 'result', 'flagged', 'format'] as const) {
    const value = query[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

// ---------- how an entry reads ----------

// The vocabulary is the server's (shared/domain/audit-vocabulary.ts); an unknown value is shown as it is.

const known = (values: readonly string[], value: string) => values.includes(value);

/** "Inzage · weegploegbestand": the action and what it was on; values the screen does not know are shown as they are. */
export function actionMessage(entry: Pick<AccessLogEntry, 'action' | 'objectType'>): Message {
  return {
    key: 'oversight.log.actionOn',
    params: {
      action: known(AUDIT_ACTIONS, entry.action)
        ? { key: `oversight.log.actions.${entry.action}` }
        : { text: entry.action },
      object: known(AUDIT_OBJECT_TYPES, entry.objectType)
        ? { key: `oversight.log.objects.${entry.objectType}` }
        : { text: entry.objectType },
    },
  };
}

/** "Toegestaan (art. 8.4)", "Geweigerd (art. 8.4)". */
export function resultMessage(entry: Pick<AccessLogEntry, 'result' | 'rule'>): Message {
  const result: Message =
    entry.result === 'allowed' || entry.result === 'denied'
      ? { key: `oversight.log.results.${entry.result}` }
      : { text: entry.result };
  return entry.rule ? { key: 'oversight.log.withRule', params: { result, rule: entry.rule } } : result;
}

export const FLAG_ORDER: readonly AccessFlag[] = ['denied', 'outside_meeting', 'many_subjects'];

/** "Geweigerde poging", "Inzage zonder bespreking van deze persoon", "Veel personen in korte tijd". */
export const flagMessage = (flag: AccessFlag): Message => ({ key: `oversight.log.flags.${flag}` });

/** Why an entry with this flag deserves a look (the legend under the filter). */
export const flagExplanation = (flag: AccessFlag): Message => ({
  key: `oversight.log.flagExplanations.${flag}`,
  params: { count: MANY_SUBJECTS.count, minutes: MANY_SUBJECTS.minutes },
});

/** For a row's `data-flags`: the flags in a fixed order, space-separated. */
export const flagsAttribute = (flags: readonly AccessFlag[]): string =>
  FLAG_ORDER.filter((flag) => flags.includes(flag)).join(' ');
