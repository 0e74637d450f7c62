/** A meeting is a weegploeg (art. 7) or a casusoverleg (art. 9). */
export const MEETING_KINDS = ['weighing', 'case'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/**
 * The life of a meeting, declared once: scheduled → open (the chair opened it) → closing (being frozen into its
 * record) → closed (frozen); or scheduled → cancelled (the executor called it off before it began, art. 5). Every
 * place that asks what a state allows asks the questions below.
 */
export const MEETING_STATES = ['scheduled', 'open', 'closing', 'closed', 'cancelled'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

/** Where a meeting starts when the executor schedules it (art. 5). */
export const INITIAL_MEETING_STATE: MeetingState = 'scheduled';

/** Which state may follow which. Nothing follows `closed`: the record is final (changes go by rectification, art. 12). */
export const MEETING_TRANSITIONS: Readonly<Record<MeetingState, readonly MeetingState[]>> = {
  // The chair opens the meeting, or the executor calls it off.
  scheduled: ['open', 'cancelled'],
  // The chair closes it: the fence goes up before the record is made.
  open: ['closing'],
  // The record is stored (closed), or freezing failed and nothing was frozen (open again). A freeze cut short by a
  // crash leaves the meeting fenced: the chair fences it again and retries.
  closing: ['closing', 'closed', 'open'],
  closed: [],
  // Nothing was held: there is no record, and the files on its agenda are free for another meeting.
  cancelled: [],
};

export const isMeetingState = (value: string): value is MeetingState =>
  (MEETING_STATES as readonly string[]).includes(value);

export const canTransition = (from: MeetingState, to: MeetingState): boolean =>
  MEETING_TRANSITIONS[from].includes(to);

/** The states a meeting may come from to reach `to`: the guard of a conditional update. */
export const statesBefore = (to: MeetingState): MeetingState[] =>
  MEETING_STATES.filter((from) => canTransition(from, to));

/** The states for which a question holds: to ask it in a database query. */
export const statesWhere = (question: (state: MeetingState) => boolean): MeetingState[] =>
  MEETING_STATES.filter(question);

/** Not begun yet: still preparing; an item carried over goes onto the next such meeting (art. 9). */
export const isUpcoming = (state: MeetingState): boolean => state === 'scheduled';

/**
 * The live documents take edits while the meeting is prepared and held. From the fence on nobody writes: what is
 * in the record is what was accepted before it.
 */
export const acceptsEdits = (state: MeetingState): boolean => state === 'scheduled' || state === 'open';

/** Held now: the chair discusses items and asks for consent; outcomes and votes are recorded. */
export const isInSession = (state: MeetingState): boolean => state === 'open';

/** Being frozen, frozen or called off: its agenda, admissions and outcomes no longer change. */
export const isOver = (state: MeetingState): boolean =>
  state === 'closing' || state === 'closed' || state === 'cancelled';

/** Called off before it began: nothing of it is held or recorded. */
export const isCancelled = (state: MeetingState): boolean => state === 'cancelled';

/**
 * Holds the files on its agenda: retention waits for it (art. 13), since its documents may still be written or
 * frozen. A frozen meeting has its record, a cancelled one has nothing left to do.
 */
export const holdsItsFiles = (state: MeetingState): boolean => state !== 'closed' && state !== 'cancelled';

/** Frozen into its record: live documents are refused, the minutes are what remains. */
export const isFrozen = (state: MeetingState): boolean => state === 'closed';
