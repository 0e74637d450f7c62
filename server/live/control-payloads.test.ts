import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ControlAck } from '../../shared/index';
import { startTestServer, type TestServer } from '../testing/harness';
import { controlClients, type ControlClient } from '../testing/live-clients';

const ID = '00000000-0000-4000-8000-000000000000';

/** A well-formed payload of every client-to-server event (the keys are checked to be all of them). */
const VALID: { [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]>[0] } = {
  'meeting:join': { meetingId: ID },
  'meeting:leave': { meetingId: ID },
  'chair:open': { meetingId: ID },
  'chair:close': { meetingId: ID },
  'chair:discuss': { meetingId: ID, itemId: ID },
  'chair:admit': { meetingId: ID, membershipId: ID, items: 'all' },
  'chair:consent-ask': { meetingId: ID, itemId: ID },
  'consent:vote': { meetingId: ID, itemId: ID, vote: 'agree' },
  'chair:outcome': { meetingId: ID, itemId: ID, outcome: 'agreed' },
  'hand:raise': { meetingId: ID, raised: true },
  'chair:lower-hand': { meetingId: ID, membershipId: ID, floor: true },
};

/** Bad variants of a valid payload: [label, arguments before the ack, what the message must say]. */
function badArguments(valid: Record<string, unknown>): [string, unknown[], string][] {
  const [key] = Object.keys(valid);
  return [
    ['no payload', [], 'payload is required'],
    ['a null payload', [null], 'payload'],
    ['a string payload', ['meeting'], 'payload'],
    ['an array payload', [[valid]], 'payload'],
    ['two payloads', [valid, valid], 'one payload'],
    ['an over-long id', [{ ...valid, [key!]: ID + 'x'.repeat(10_000) }], `payload.${key}`],
    ['a malformed id', [{ ...valid, [key!]: 'abc' }], `payload.${key} must be a UUID`],
    ['an id of the wrong type', [{ ...valid, [key!]: 42 }], `payload.${key}`],
    ['a missing id', [{ ...valid, [key!]: undefined }], `payload.${key}`],
    ['an extra property', [{ ...valid, isAdmin: true }], 'payload.isAdmin is not a known field'],
    ['deep nesting', [{ ...valid, x: JSON.parse('['.repeat(1000) + ']'.repeat(1000)) }], 'deeper than'],
  ];
}

/** Every event with an acknowledgement answers a bad payload with BAD_REQUEST naming the problem, at once. */
describe('meeting control payload validation', () => {
  let server: TestServer;
  let socket: ControlClient;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    socket = control.connect(await server.login('voorzitter'));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  const emit = (event: string, args: unknown[]) =>
    new Promise<ControlAck>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no acknowledgement of ${event}`)), 2000);
      (socket.emit as (e: string, ...rest: unknown[]) => void)(event, ...args, (ack: ControlAck) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });

  const cases = Object.entries(VALID).flatMap(([event, valid]) =>
    badArguments(valid as Record<string, unknown>).map(
      ([label, args, says]) => [event, label, args, says] as const,
    ),
  );

  it.each(cases)('%s: answers %s with BAD_REQUEST', async (event, _label, args, says) => {
    const ack = await emit(event, args);
    expect(ack.ok).toBe(false);
    if (ack.ok) return;
    expect(ack.error.code).toBe('BAD_REQUEST');
    expect(ack.error.message).toContain(says);
    // Never the value sent.
    expect(ack.error.message).not.toContain('xxxxxxxx');
  });

  it.each([
    ['chair:admit', { ...VALID['chair:admit'], items: ['abc'] }, "payload.items must be 'all' or a list"],
    ['chair:admit', { ...VALID['chair:admit'], items: 'some' }, "payload.items must be 'all' or a list"],
    [
      'consent:vote',
      { ...VALID['consent:vote'], vote: 'maybe' },
      'payload.vote must be one of: agree, object',
    ],
    ['consent:vote', { ...VALID['consent:vote'], remark: 7 }, 'payload.remark'],
    ['consent:vote', { ...VALID['consent:vote'], remark: 'x'.repeat(2001) }, 'payload.remark'],
    ['chair:outcome', { ...VALID['chair:outcome'], outcome: 'x' }, 'payload.outcome must be one of'],
    ['chair:consent-ask', { ...VALID['chair:consent-ask'], proposal: 'go' }, 'payload.proposal'],
    ['hand:raise', { ...VALID['hand:raise'], raised: 'yes' }, 'payload.raised'],
  ] as const)('%s: says %j', async (event, payload, says) => {
    const ack = await emit(event, [payload]);
    expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!ack.ok) expect(ack.error.message).toContain(says);
  });

  it('names the failing field, as REST does', async () => {
    const ack = await emit('chair:discuss', [{ ...VALID['chair:discuss'], itemId: 'abc' }]);
    expect(ack).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringContaining('must be a UUID'),
        field: 'payload.itemId',
      },
    });
  });

  it('still answers a valid payload (the schema lets the contract through)', async () => {
    const ack = await emit('meeting:join', [VALID['meeting:join']]);
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
