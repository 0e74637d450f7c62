import type { CovenantPolicy } from './covenant-policy';
import { wallClock } from './dates';

/**
 * Retention of the two files (convenant art. 13), as pure rules over a file's last processing. Every period is a
 * covenant policy value (the model convenant's by default). Periods are calendar months in Dutch time: "6 months
 * after 31 August, 14:00" is 28 (or 29) February, 14:00 — whatever the clocks did in between.
 */

interface WallClock {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function wallClockOf(instant: Date): WallClock {
  const [year, month, day, hour, minute, second] = wallClock(instant);
  return { year, month, day, hour, minute, second, ms: instant.getUTCMilliseconds() };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);

/**
 * The instant at which Amsterdam's clocks show this wall-clock time. In the spring gap (02:00–03:00 does not
 * exist) the time an hour later; in the autumn overlap the first of the two.
 */
function instantOf(wall: WallClock): Date {
  const target = asUtc(wall);
  // The offset is +1 or +2 hours: try both, keep those that show the wanted wall-clock time, take the earliest.
  const candidates = [1, 2]
    .map((hours) => new Date(target - hours * 3_600_000))
    .filter((candidate) => asUtc(wallClockOf(candidate)) === target)
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates[0] ?? new Date(target - 3_600_000);
}

/** `months` calendar months after `instant`, in Dutch time; the day is clamped to the month's end (29 Feb → 28 Feb). */
export function addMonths(instant: Date, months: number): Date {
  const wall = wallClockOf(instant);
  const index = wall.year * 12 + (wall.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return instantOf({ ...wall, year, month, day: Math.min(wall.day, lastDay) });
}

export type FileKind = 'weighing' | 'case';
/** What the destruction log (art. 13) records: a file's key, a subject's key, or a frozen record's payload. */
export const DESTROYED_OBJECTS = ['file_key', 'subject_key', 'record_payload'] as const;
export type DestroyedObject = (typeof DESTROYED_OBJECTS)[number];
export type RetentionAction = 'archive' | 'destroy';

/** What retention needs to know of a file. */
export interface RetainedFile {
  kind: FileKind;
  /** Weighing file: open, agendaed, not_substantial, closed; case file: open, closed. */
  status: string;
  lastProcessedAt: Date;
  archivedAt: Date | null;
  destroyedAt: Date | null;
}

export interface RetentionStep {
  action: RetentionAction;
  at: Date;
  /** The convenant article the step rests on. */
  rule: 'art. 13.1' | 'art. 13.2' | 'art. 13.3';
}

/**
 * The steps still ahead of a file, earliest first:
 * - art. 13.3: weegploeg data on a subject not put on the casusoverleg agenda are destroyed at most
 *   `notAgendaedMaxMonths` (6) after the last processing;
 * - art. 13.2: at most `archiveAfterMonths` (12) after the last processing, the file goes to the non-active
 *   archive that only the core parties can consult;
 * - art. 13.1: `destroyAfterYears` (5) after the last processing, it is destroyed.
 * Any new processing moves the clock: the steps are computed from `lastProcessedAt`.
 */
export function retentionSteps(file: RetainedFile, policy: CovenantPolicy['retention']): RetentionStep[] {
  if (file.destroyedAt) return [];
  const steps: RetentionStep[] = [];
  const notAgendaed =
    file.kind === 'weighing' && (file.status === 'open' || file.status === 'not_substantial');
  if (notAgendaed)
    steps.push({
      action: 'destroy',
      at: addMonths(file.lastProcessedAt, policy.notAgendaedMaxMonths),
      rule: 'art. 13.3',
    });
  if (!file.archivedAt)
    steps.push({
      action: 'archive',
      at: addMonths(file.lastProcessedAt, policy.archiveAfterMonths),
      rule: 'art. 13.2',
    });
  steps.push({
    action: 'destroy',
    at: addMonths(file.lastProcessedAt, policy.destroyAfterYears * 12),
    rule: 'art. 13.1',
  });
  const sorted = steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  // Nothing after the first destruction.
  const first = sorted.findIndex((s) => s.action === 'destroy');
  return sorted.slice(0, first + 1);
}

/** The step due at `now`, if any: a due destruction wins over a due archiving. */
export function dueStep(
  file: RetainedFile,
  policy: CovenantPolicy['retention'],
  now: Date,
): RetentionStep | null {
  const due = retentionSteps(file, policy).filter((s) => s.at.getTime() <= now.getTime());
  return due.find((s) => s.action === 'destroy') ?? due[0] ?? null;
}
