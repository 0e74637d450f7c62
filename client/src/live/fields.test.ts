import { describe, expect, it } from 'vitest';
import type { CompartmentVerdict } from '../../../shared/api/policy';
import type { DocumentStatus } from './connection-status';
import {
  ITEM_COMPARTMENTS_BY_KIND,
  canOpen,
  compartmentState,
  itemAccess,
  type StateDisclosure,
} from './fields';

const loaded: DocumentStatus = {
  connection: 'connected',
  synced: true,
  loaded: true,
  unsent: false,
  ended: null,
};
const input = { status: loaded, writable: true, stopped: false, hasDoc: true };

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

  it('says when a read-only compartment was disclosed to the own organisation (art. 10.5)', () => {
    expect(compartmentState({ ...input, writable: false, disclosed: true })).toEqual({
      editable: false,
      note: 'disclosed',
    });
  });

  it('says why editing stopped', () => {
    expect(compartmentState({ ...input, stopped: true })).toEqual({ editable: false, note: 'stopped' });
    // Closed before the text arrived: the empty field is not the text; the record is.
    const unloaded = { ...loaded, loaded: false, synced: false };
    expect(compartmentState({ ...input, stopped: true, status: unloaded }).note).toBe('stoppedUnloaded');
    const refused = { ...loaded, ended: { code: 4403, reason: '' } };
    expect(compartmentState({ ...input, status: refused })).toEqual({ editable: false, note: 'noAccess' });
    const loggedOut = { ...loaded, ended: { code: 4401, reason: '' } };
    expect(compartmentState({ ...input, status: loggedOut }).note).toBe('loggedOut');
    const tooMany = { ...loaded, ended: { code: 4429, reason: 'too many connections for this user' } };
    expect(compartmentState({ ...input, status: tooMany }).note).toBe('tooManyConnections');
  });
});

describe('itemAccess', () => {
  const mine: CompartmentVerdict[] = [
    { compartment: 'plan', access: 'write', rule: 'art. 10.5', label: null },
    {
      compartment: 'analysis',
      access: 'masked',
      rule: 'art. 10.5',
      label: 'Afgeschermd — gegevens uit het casusoverlegbestand',
    },
    { compartment: 'network', access: 'hidden', rule: 'art. 10.2f–g, 10.5', label: null },
  ];
  const active: StateDisclosure = {
    id: 'd1',
    itemId: 'item-1',
    compartment: 'analysis',
    recipientPartyId: 'ggz',
    state: 'active',
  };
  const of = (
    compartment: Parameters<typeof itemAccess>[0]['compartment'],
    disclosures: StateDisclosure[] = [],
    partyId: string | null = 'ggz',
  ) => itemAccess({ mine, disclosures, itemId: 'item-1', partyId, compartment });

  it("takes the meeting policy's verdict, with its rule and label", () => {
    expect(of('plan')).toEqual({
      compartment: 'plan',
      access: 'write',
      rule: 'art. 10.5',
      label: null,
      disclosed: false,
    });
    expect(of('analysis')).toMatchObject({
      access: 'masked',
      rule: 'art. 10.5',
      label: 'Afgeschermd — gegevens uit het casusoverlegbestand',
      disclosed: false,
    });
  });

  it('hides what the policy does not mention', () => {
    expect(of('identity')).toMatchObject({ access: 'hidden', rule: 'art. 10.4', label: null });
  });

  it('reads a masked or hidden compartment while a disclosure to the own party is in effect (art. 10.5)', () => {
    expect(of('analysis', [active])).toMatchObject({ access: 'read', disclosed: true });
    expect(of('network', [{ ...active, compartment: 'network' }])).toMatchObject({ access: 'read' });
  });

  it('does not upgrade for a proposal, another item, field or party, or without a party', () => {
    expect(of('analysis', [{ ...active, state: 'proposed' }]).access).toBe('masked');
    expect(of('analysis', [{ ...active, itemId: 'item-2' }]).access).toBe('masked');
    expect(of('analysis', [{ ...active, compartment: 'identity' }]).access).toBe('masked');
    expect(of('analysis', [{ ...active, recipientPartyId: 'jeugd' }]).access).toBe('masked');
    expect(of('analysis', [active], null).access).toBe('masked');
    expect(
      itemAccess({ mine, disclosures: [active], itemId: null, partyId: 'ggz', compartment: 'analysis' })
        .access,
    ).toBe('masked');
  });

  it('never lowers what the policy grants', () => {
    // (A disclosure never names the plan: external partners write it already. Forced here to test the rule.)
    expect(of('plan', [{ ...active, compartment: 'plan' as 'analysis' }])).toMatchObject({
      access: 'write',
      disclosed: false,
    });
  });
});

describe('canOpen and the compartments per kind of meeting', () => {
  it('opens a document for read and write only', () => {
    expect(canOpen('read')).toBe(true);
    expect(canOpen('write')).toBe(true);
    expect(canOpen('masked')).toBe(false);
    expect(canOpen('hidden')).toBe(false);
  });

  it('shows the case file fields in a casusoverleg', () => {
    expect(ITEM_COMPARTMENTS_BY_KIND.case).toEqual(
      expect.arrayContaining(['identity', 'signals', 'analysis', 'plan', 'network', 'notes']),
    );
    expect(ITEM_COMPARTMENTS_BY_KIND.weighing).not.toContain('plan');
  });
});
