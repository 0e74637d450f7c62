import type { PartyNoticeList, PartyNoticeView } from '../../../shared/api/party-notices';
import type { Message } from '../minutes/format';

/**
 * Notices to the parties (art. 12.6: "Zij doet hiervan een kennisgeving aan partijen") on screen: what a notice
 * says in plain words, who saw it for the party, the executor's overview of what was sent to whom, and when the
 * header's count is due to be asked again. Texts are message descriptors (minutes/format.ts); dates and times are
 * formatted by the caller, in the reader's language. A notice holds no content: a correction of the minutes is
 * read in the party's own view of them.
 */

type Format = (value: string) => string;

/**
 * What happened: "Het verslag van Casusoverleg december (4 december 2026), agendapunt 1, is gecorrigeerd
 * (art. 12.6)", or "Een verzoek van betrokkene PGA-2026-0001 tot verwijdering is uitgevoerd (art. 12.6)".
 */
export function noticeMessage(notice: PartyNoticeView, formatDay: Format): Message {
  if (notice.kind === 'rectification')
    return notice.meeting && notice.itemPosition !== null
      ? {
          key: 'partyNotices.messages.rectification',
          params: {
            title: { text: notice.meeting.title },
            date: formatDay(notice.meeting.scheduledAt),
            position: notice.itemPosition,
          },
        }
      : { key: 'partyNotices.messages.rectificationUnknown' };
  const reference = { text: notice.subjectReference };
  return notice.requestKind
    ? {
        key: 'partyNotices.messages.requestCarriedOut',
        params: { reference, kind: { key: `partyNotices.requestKinds.${notice.requestKind}` } },
      }
    : { key: 'partyNotices.messages.requestCarriedOutUnknown', params: { reference } };
}

/** The minutes a rectification notice points at (read through the party's own view), or null. */
export const minutesOf = (notice: PartyNoticeView): string | null =>
  notice.kind === 'rectification' ? (notice.meeting?.id ?? null) : null;

export const isAcknowledged = (notice: Pick<PartyNoticeView, 'acknowledgedAt'>): boolean =>
  notice.acknowledgedAt !== null;

/** "Gezien door Dirk Visser op …", "Gezien op …" (the member is no longer known), or "Nog niet gezien". */
export function acknowledgementMessage(
  notice: Pick<PartyNoticeView, 'acknowledgedAt' | 'acknowledgedBy'>,
  formatWhen: Format,
): Message {
  if (notice.acknowledgedAt === null) return { key: 'partyNotices.notAcknowledged' };
  const when = formatWhen(notice.acknowledgedAt);
  return notice.acknowledgedBy
    ? { key: 'partyNotices.acknowledged', params: { name: { text: notice.acknowledgedBy }, when } }
    : { key: 'partyNotices.acknowledgedUnknown', params: { when } };
}

/** The list after a member acknowledged one of its notices: that notice replaced, the count again. */
export function withAcknowledged(list: PartyNoticeList, updated: PartyNoticeView): PartyNoticeList {
  const notices = list.notices.map((known) => (known.id === updated.id ? updated : known));
  return { notices, unacknowledged: notices.filter((notice) => !isAcknowledged(notice)).length };
}

// ---------- what the executor sent (scope=sent) ----------

/** One correction or carried-out request, with every party it was sent to. */
export interface SentNotice {
  key: string;
  /** The notice to the first party: what it says is the same for all of them. */
  notice: PartyNoticeView;
  /** Per party, by name. */
  parties: PartyNoticeView[];
  acknowledged: number;
}

/**
 * The executor's list, one row per party, as one entry per event: the server creates the notices of one
 * correction (or one request carried out) together, at the same instant, for the same subject. Newest first,
 * as the server sends them.
 */
export function groupSent(notices: readonly PartyNoticeView[]): SentNotice[] {
  const groups = new Map<string, PartyNoticeView[]>();
  for (const notice of notices) {
    const key = [
      notice.kind,
      notice.createdAt,
      notice.subjectReference,
      notice.meeting?.id ?? '',
      notice.itemPosition ?? '',
      notice.requestKind ?? '',
    ].join('|');
    groups.set(key, [...(groups.get(key) ?? []), notice]);
  }
  return [...groups].map(([key, parties]) => ({
    key,
    notice: parties[0]!,
    parties: [...parties].sort((a, b) => a.organisation.localeCompare(b.organisation, 'nl')),
    acknowledged: parties.filter(isAcknowledged).length,
  }));
}

// ---------- the count in the header ----------

/** The header asks for the count at most this often (on navigation; there is no polling). */
export const BADGE_INTERVAL_MS = 60_000;

/** When, and for whom, the count was last asked. */
export interface BadgeCheck {
  membershipId: string;
  at: number;
}

/** Whether the count is due to be asked again: never asked, another login, or asked a minute ago or longer. */
export function badgeDue(last: BadgeCheck | null, membershipId: string, now: number): boolean {
  return last === null || last.membershipId !== membershipId || now - last.at >= BADGE_INTERVAL_MS;
}
