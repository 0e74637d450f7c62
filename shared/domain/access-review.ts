/**
 * The periodic review of the access log (art. 15.2e: "automatische logging van toegang tot gegevens, inclusief een
 * periodieke controleprocedure"): entries that deserve a look are flagged.
 * - `denied`: an attempt that was refused;
 * - `outside_meeting`: a party's member or partner read a subject's data without ever having attended an agenda
 *   item on that subject (the chair and the executor keep the files, art. 5, and are not flagged for this);
 * - `many_subjects`: one user read more than MANY_SUBJECTS.count different subjects within MANY_SUBJECTS.minutes.
 */
export const ACCESS_FLAGS = ['denied', 'outside_meeting', 'many_subjects'] as const;
export type AccessFlag = (typeof ACCESS_FLAGS)[number];

export const MANY_SUBJECTS = { count: 10, minutes: 10 } as const;

export interface ReviewedEntry {
  seq: number;
  at: Date;
  userId: string | null;
  role: string | null;
  action: string;
  subjectId: string | null;
  result: string;
  /** Did this user attend any agenda item on this subject (any meeting)? */
  attendedSubject: boolean;
}

export function flagAccess(entries: readonly ReviewedEntry[]): Map<number, AccessFlag[]> {
  const flags = new Map<number, AccessFlag[]>();
  const add = (seq: number, flag: AccessFlag) => {
    const list = flags.get(seq) ?? [];
    if (!list.includes(flag)) list.push(flag);
    flags.set(seq, list);
  };
  for (const e of entries) {
    if (e.result === 'denied') add(e.seq, 'denied');
    const party = e.role === 'member' || e.role === 'satellite';
    if (party && e.action === 'read' && e.result === 'allowed' && e.subjectId && !e.attendedSubject)
      add(e.seq, 'outside_meeting');
  }
  // Many subjects in a short time: a sliding window over each user's reads of subject data, oldest first.
  const reads = entries
    .filter((e) => e.action === 'read' && e.result === 'allowed' && e.subjectId && e.userId)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const byUser = new Map<string, ReviewedEntry[]>();
  for (const e of reads) byUser.set(e.userId!, [...(byUser.get(e.userId!) ?? []), e]);
  const span = MANY_SUBJECTS.minutes * 60_000;
  for (const list of byUser.values()) {
    let start = 0;
    for (let end = 0; end < list.length; end++) {
      while (list[end]!.at.getTime() - list[start]!.at.getTime() > span) start++;
      const window = list.slice(start, end + 1);
      if (new Set(window.map((e) => e.subjectId)).size > MANY_SUBJECTS.count)
        for (const e of window) add(e.seq, 'many_subjects');
    }
  }
  return flags;
}

/**
 * When a user took part in a meeting on a subject: from the first moment they were present at its agenda item until
 * the meeting was closed (null: not closed yet).
 */
export interface MeetingWindow {
  userId: string;
  subjectId: string;
  from: Date;
  to: Date | null;
}

/** Access through the live meeting itself (its documents, its control channel) is in the meeting by definition. */
const LIVE_OBJECTS = new Set(['live_document', 'meeting']);

/**
 * Was this access made in a meeting? Through the live meeting, or a read of a subject's data while the user was
 * taking part in a meeting on that subject (between their first presence at its item and the meeting's close).
 */
export function inMeeting(
  entry: { at: Date; userId: string | null; subjectId: string | null; objectType: string },
  windows: readonly MeetingWindow[],
): boolean {
  if (LIVE_OBJECTS.has(entry.objectType)) return true;
  if (!entry.userId || !entry.subjectId) return false;
  const at = entry.at.getTime();
  return windows.some(
    (w) =>
      w.userId === entry.userId &&
      w.subjectId === entry.subjectId &&
      w.from.getTime() <= at &&
      (w.to === null || at <= w.to.getTime()),
  );
}

/** Art. 15.2g (art. 34a Wbp, now art. 33 AVG): a data breach is reported to the supervisory authority within 72 h. */
export const AUTHORITY_DEADLINE_HOURS = 72;

/** Must the supervisory authority be told of an incident (art. 33 AVG)? 'undecided' until assessed. */
export const AUTHORITY_NOTIFICATIONS = ['required', 'not_required', 'undecided'] as const;
export type AuthorityNotification = (typeof AUTHORITY_NOTIFICATIONS)[number];

export type IncidentStatus = 'open' | 'notification_due' | 'notification_overdue' | 'closed';

export function incidentStatus(
  incident: {
    closedAt: Date | null;
    authorityNotification: AuthorityNotification;
    authorityNotifiedAt: Date | null;
    discoveredAt: Date;
  },
  now: Date,
): IncidentStatus {
  if (incident.closedAt) return 'closed';
  if (incident.authorityNotification === 'not_required' || incident.authorityNotifiedAt) return 'open';
  const deadline = incident.discoveredAt.getTime() + AUTHORITY_DEADLINE_HOURS * 3_600_000;
  return now.getTime() > deadline ? 'notification_overdue' : 'notification_due';
}
