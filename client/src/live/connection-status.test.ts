import { describe, expect, it } from 'vitest';
import { summarizeConnection, type ConnectionInput, type DocumentStatus } from './connection-status';

const synced: DocumentStatus = {
  connection: 'connected',
  synced: true,
  loaded: true,
  unsent: false,
  ended: null,
};
const base: ConnectionInput = {
  online: true,
  control: 'connected',
  everConnected: true,
  sessionEnded: false,
  documents: [synced, synced],
};

describe('summarizeConnection', () => {
  it('is connected when the control socket and every document are up and synced', () => {
    expect(summarizeConnection(base)).toEqual({ kind: 'connected', unsent: false, lost: false });
    expect(summarizeConnection({ ...base, documents: [] }).kind).toBe('connected');
  });

  it('is connecting before the first connection, reconnecting after', () => {
    const down = { ...base, control: 'connecting' as const };
    expect(summarizeConnection({ ...down, everConnected: false }).kind).toBe('connecting');
    expect(summarizeConnection(down).kind).toBe('reconnecting');
    const unsynced = { ...base, documents: [synced, { ...synced, synced: false }] };
    expect(summarizeConnection(unsynced).kind).toBe('reconnecting');
  });

  it('is not yet connected while the masking policy, which decides what to open, is loading', () => {
    expect(summarizeConnection({ ...base, pending: true }).kind).toBe('connecting');
    expect(summarizeConnection({ ...base, pending: false }).kind).toBe('connected');
  });

  it('is offline without a network, and says when changes wait to be sent', () => {
    const offline = {
      ...base,
      online: false,
      control: 'disconnected' as const,
      documents: [{ ...synced, connection: 'disconnected' as const, synced: false, unsent: true }],
    };
    expect(summarizeConnection(offline)).toEqual({ kind: 'offline', unsent: true, lost: false });
  });

  it('reports edits still on their way from the document of an earlier agenda item', () => {
    expect(summarizeConnection({ ...base, retiringUnsent: true })).toEqual({
      kind: 'connected',
      unsent: true,
      lost: false,
    });
  });

  it('ignores a document the server refused for good (no access to that compartment)', () => {
    const refused = { ...synced, connection: 'disconnected' as const, ended: { code: 4403, reason: '' } };
    expect(summarizeConnection({ ...base, documents: [synced, refused] }).kind).toBe('connected');
  });

  it('is ended when the meeting closed, and reports changes that could not be sent any more', () => {
    const ended = {
      ...base,
      sessionEnded: true,
      documents: [{ ...synced, unsent: true, ended: { code: 4403, reason: 'the meeting was closed' } }],
    };
    expect(summarizeConnection(ended)).toEqual({ kind: 'ended', unsent: false, lost: true });
  });
});
