import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import {
  CONTROL_PAYLOADS,
  ControlHandshakeAuthSchema,
  controlHandshakeAuth,
  type ClientToServerEvents,
} from './control';
import { LIVE_PROTOCOL_VERSION } from './protocol';

const ID = '3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f';

/** A payload of every event as the client sends it (the keys are checked to be all of them). */
const SENT: { [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]>[0] } = {
  'meeting:join': { meetingId: ID },
  'meeting:leave': { meetingId: ID },
  'chair:open': { meetingId: ID },
  'chair:close': { meetingId: ID },
  'chair:discuss': { meetingId: ID, itemId: ID },
  'chair:admit': { meetingId: ID, membershipId: ID, items: [ID] },
  'chair:consent-ask': { meetingId: ID, itemId: ID, proposal: { advice: 'close' } },
  'consent:vote': { meetingId: ID, itemId: ID, vote: 'object', remark: 'Niet eens' },
  'chair:outcome': { meetingId: ID, itemId: ID, outcome: 'carried_over' },
  'hand:raise': { meetingId: ID, raised: false },
  'chair:lower-hand': { meetingId: ID, membershipId: ID, floor: true },
};

describe('meeting-control payload schemas', () => {
  it('declare every client event, and take what the typed client sends', () => {
    expect(Object.keys(CONTROL_PAYLOADS).sort()).toEqual(Object.keys(SENT).sort());
    for (const [event, payload] of Object.entries(SENT))
      expect(Value.Check(CONTROL_PAYLOADS[event as keyof typeof SENT], payload), event).toBe(true);
  });

  it('refuse unknown fields and ids that are no UUID, for every event', () => {
    for (const [event, payload] of Object.entries(SENT)) {
      const schema = CONTROL_PAYLOADS[event as keyof typeof SENT];
      expect(Value.Check(schema, { ...payload, extra: 1 }), event).toBe(false);
      expect(Value.Check(schema, { ...payload, meetingId: 'x' }), event).toBe(false);
    }
  });

  it('the handshake names this protocol version', () => {
    expect(controlHandshakeAuth()).toEqual({ protocolVersion: LIVE_PROTOCOL_VERSION });
    expect(Value.Check(ControlHandshakeAuthSchema, controlHandshakeAuth())).toBe(true);
    expect(Value.Check(ControlHandshakeAuthSchema, {})).toBe(false);
  });
});
