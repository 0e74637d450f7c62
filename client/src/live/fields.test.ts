import { describe, expect, it } from 'vitest';
import type { Me } from '../../../shared/api/session';
import type { DocumentStatus } from './connection-status';
import { compartmentAccess, compartmentState } from './fields';

const loaded: DocumentStatus = {
  connection: 'connected',
  synced: true,
  loaded: true,
  unsent: false,
  ended: null,
};
const input = { status: loaded, writable: true, stopped: false, hasDoc: true };

const me = (role: Me['role'], kind: 'core' | 'case' | 'external' | null) =>
  ({ role, party: kind ? { id: 'p', kind } : null }) as Me;

describe('compartmentState', () => {
  it('is editable once loaded, for a writer, while the meeting is on', () => {
    expect(compartmentState(input)).toEqual({ editable: true, note: 'hint' });
    expect(compartmentState({ ...input, writable: false })).toEqual({ editable: false, note: 'readOnly' });
    expect(compartmentState({ ...input, status: { ...loaded, loaded: false } })).toEqual({
      editable: false,
      note: 'loading',
    });
    expect(compartmentState({ ...input, hasDoc: false }).editable).toBe(false);
  });

  it('says why editing stopped', () => {
    expect(compartmentState({ ...input, stopped: true })).toEqual({ editable: false, note: 'stopped' });
    const refused = { ...loaded, ended: { code: 4403, reason: '' } };
    expect(compartmentState({ ...input, status: refused })).toEqual({ editable: false, note: 'noAccess' });
    const loggedOut = { ...loaded, ended: { code: 4401, reason: '' } };
    expect(compartmentState({ ...input, status: loggedOut }).note).toBe('loggedOut');
  });
});

describe('compartmentAccess', () => {
  it("lets organisers write the chair's notes and the agenda, core parties read them in a weegploeg", () => {
    expect(compartmentAccess(me('chair', null), 'weighing', 'notes')).toBe('write');
    expect(compartmentAccess(me('executor', null), 'case', 'agenda')).toBe('write');
    expect(compartmentAccess(me('member', 'core'), 'weighing', 'notes')).toBe('read');
    expect(compartmentAccess(me('member', 'core'), 'weighing', 'agenda')).toBe('read');
    expect(compartmentAccess(me('member', 'core'), 'weighing', 'analysis')).toBe('write');
    expect(compartmentAccess(me('satellite', 'external'), 'case', 'notes')).toBe('none');
    expect(compartmentAccess(me('satellite', 'external'), 'case', 'plan')).toBe('write');
  });
});
