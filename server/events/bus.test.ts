import { describe, expect, it } from 'vitest';
import { InProcessBus } from './bus';
import type { DomainEvent } from './events';

describe('the in-process event bus', () => {
  const quiet = () => undefined;

  it('publish resolves after every subscriber of the type has run, and only those', async () => {
    const bus = new InProcessBus(quiet);
    const seen: string[] = [];
    bus.subscribe('agenda.changed', async (event) => {
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(`a:${event.meetingId}`);
    });
    bus.subscribe('agenda.changed', (event) => {
      seen.push(`b:${event.meetingId}`);
    });
    bus.subscribe('meeting.frozen', () => {
      seen.push('frozen');
    });
    await bus.publish({ type: 'agenda.changed', meetingId: 'm1' });
    expect(seen).toEqual(['a:m1', 'b:m1']);
  });

  it('a failing subscriber is reported; the others run and the publisher does not fail', async () => {
    const failures: [unknown, DomainEvent][] = [];
    const bus = new InProcessBus((error, event) => failures.push([error, event]));
    const seen: string[] = [];
    bus.subscribe('membership.changed', () => {
      throw new Error('boom');
    });
    bus.subscribe('membership.changed', async () => Promise.reject(new Error('async boom')));
    bus.subscribe('membership.changed', (event) => {
      seen.push(event.membershipId);
    });
    const event = { type: 'membership.changed', membershipId: 'x' } as const;
    await expect(bus.publish(event)).resolves.toBeUndefined();
    expect(seen).toEqual(['x']);
    expect(failures.map(([error]) => (error as Error).message)).toEqual(['boom', 'async boom']);
    expect(failures[0]![1]).toEqual(event);
  });

  it('an ended subscription hears nothing more; publishing without subscribers is fine', async () => {
    const bus = new InProcessBus(quiet);
    let count = 0;
    const stop = bus.subscribe('file.destroyed', () => {
      count += 1;
    });
    await bus.publish({ type: 'file.destroyed', documents: ['meeting/a/item/b/'] });
    stop();
    await bus.publish({ type: 'file.destroyed', documents: [] });
    await bus.publish({ type: 'session.ended', sessionId: 's', reason: 'logout' });
    expect(count).toBe(1);
  });

  it('events are plain data: they survive a JSON round trip unchanged (they will cross instances)', () => {
    const events: DomainEvent[] = [
      { type: 'membership.changed', membershipId: 'm' },
      { type: 'session.ended', sessionId: 's', reason: 'idle' },
      {
        type: 'disclosure.changed',
        caseFileId: 'c',
        revoked: { compartment: 'plan', recipientPartyId: 'p' },
      },
      { type: 'admission.changed', meetingId: 'm', membershipId: 'x', items: ['i'] },
      { type: 'agenda.changed', meetingId: 'm' },
      { type: 'meeting.fenced', meetingId: 'm' },
      { type: 'meeting.frozen', meetingId: 'm' },
      { type: 'file.destroyed', documents: ['d/'] },
    ];
    for (const event of events) expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });

  // A handshake compares this count before it decides and as it joins (server/live/plugin.ts).
  it('counts the events that may take access away, before their subscribers run, and no others', async () => {
    const bus = new InProcessBus(quiet);
    const countSeen: number[] = [];
    bus.subscribe('membership.changed', () => {
      countSeen.push(bus.accessChanges);
    });
    await bus.publish({ type: 'agenda.changed', meetingId: 'm1' });
    await bus.publish({ type: 'hand.lowered', meetingId: 'm1', membershipId: 'x', floor: false, at: '' });
    await bus.publish({ type: 'session.ended', sessionId: 's', reason: 'logout' });
    expect(bus.accessChanges).toBe(0);
    await bus.publish({ type: 'membership.changed', membershipId: 'x' });
    await bus.publish({ type: 'meeting.fenced', meetingId: 'm1' });
    await bus.publish({ type: 'file.destroyed', documents: [] });
    expect(bus.accessChanges).toBe(3);
    expect(countSeen).toEqual([1]);
  });
});
