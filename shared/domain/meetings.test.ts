import { describe, expect, it } from 'vitest';
import {
  MEETING_STATES,
  acceptsEdits,
  canTransition,
  holdsItsFiles,
  isCancelled,
  isFrozen,
  isInSession,
  isMeetingState,
  isOver,
  isUpcoming,
  statesBefore,
  statesWhere,
  type MeetingState,
} from './meetings';

const allowed = (from: MeetingState) => MEETING_STATES.filter((to) => canTransition(from, to));

describe('the meeting lifecycle', () => {
  it('goes scheduled → open → closing → closed, and nowhere from closed', () => {
    expect(allowed('scheduled')).toEqual(['open', 'cancelled']);
    expect(allowed('open')).toEqual(['closing']);
    expect(allowed('closed')).toEqual([]);
  });

  it('is called off only before it began, and then for good (art. 5)', () => {
    expect(statesBefore('cancelled')).toEqual(['scheduled']);
    expect(allowed('cancelled')).toEqual([]);
    expect(statesWhere(isCancelled)).toEqual(['cancelled']);
    // A cancelled meeting holds no file from retention; a frozen one has its record (art. 13).
    expect(statesWhere(holdsItsFiles)).toEqual(['scheduled', 'open', 'closing']);
  });

  it('ends a freeze in the record or back open, and lets a freeze cut short be fenced again', () => {
    expect(allowed('closing')).toEqual(['open', 'closing', 'closed']);
    // Never skipping the fence: the record is made from what was accepted before it.
    expect(canTransition('open', 'closed')).toBe(false);
    expect(canTransition('scheduled', 'closing')).toBe(false);
    // Never reopening a frozen meeting or un-opening one.
    expect(canTransition('closed', 'open')).toBe(false);
    expect(canTransition('open', 'scheduled')).toBe(false);
  });

  it('names the states a transition may come from, for a conditional update', () => {
    expect(statesBefore('closing')).toEqual(['open', 'closing']);
    expect(statesBefore('closed')).toEqual(['closing']);
    expect(statesBefore('open')).toEqual(['scheduled', 'closing']);
    expect(statesBefore('scheduled')).toEqual([]);
  });

  it('takes live edits while prepared and held, never from the fence on', () => {
    expect(statesWhere(acceptsEdits)).toEqual(['scheduled', 'open']);
  });

  it('holds consent rounds only while open', () => {
    expect(statesWhere(isInSession)).toEqual(['open']);
  });

  it('is over from the fence on, frozen only when closed, upcoming only when scheduled', () => {
    expect(statesWhere(isOver)).toEqual(['closing', 'closed', 'cancelled']);
    expect(statesWhere(isFrozen)).toEqual(['closed']);
    expect(statesWhere(isUpcoming)).toEqual(['scheduled']);
  });

  it('recognises a stored state, and nothing else', () => {
    for (const state of MEETING_STATES) expect(isMeetingState(state)).toBe(true);
    expect(isMeetingState('frozen')).toBe(false);
    expect(isMeetingState('')).toBe(false);
  });
});
