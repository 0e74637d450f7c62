import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { agendaItems, auditLog, meetingAttendance, meetings, memberships } from '../../../db/schema/index';
import type { Actor, Me } from '../../../shared/index';
import type { RequestContext } from '../../context';
import type { DomainEvent } from '../../events/events';
import { AppError } from '../../errors';
import {
  addWeighingItem,
  newWeighingItem,
  recordDecision,
  startTestServer,
  type TestServer,
} from '../../testing/harness';
import { freezeDepsOf } from '../../live/freeze-deps';
import { loadActor } from '../actors';
import { discussItem, openMeeting } from './agenda';
import { admitParticipant } from './admissions';
import { closeMeeting } from './close';
import { askForConsent, recordOutcome, voteOnItem } from './consent';
import { lowerHand } from './hands';
import { joinMeeting } from './presence';

/** The meeting-control use cases, called directly: no socket, the real database, the same refusals as REST. */
describe('meeting-control use cases (without sockets)', () => {
  let server: TestServer;
  const actors: Record<string, Actor> = {};
  const ctx = (user: string): RequestContext => ({
    actor: actors[user]!,
    origin: { ip: '192.0.2.10', userAgent: 'use-case test' },
  });
  /** What a refused step throws: an AppError with REST's status and code. */
  const refusalOf = async (step: Promise<unknown>) => {
    const error = await step.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const { statusCode, code, rule } = error as AppError;
    return { statusCode, code, rule };
  };
  const published: DomainEvent[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    for (const user of ['voorzitter', 'politie', 'gemeente', 'om', 'ggz', 'uitvoerder']) {
      const me = (await (await server.login(user)).get<{ me: Me }>('/api/session')).body.me;
      actors[user] = (await loadActor(server.app.db, me.membershipId))!;
    }
    for (const type of ['admission.changed', 'meeting.fenced', 'meeting.frozen', 'hand.lowered'] as const)
      server.app.events.subscribe(type, (event) => {
        published.push(event);
      });
  });
  afterAll(async () => {
    await server.close();
  });

  it('join: a participant is let in and audited; who does not take part is refused (art. 9.1), audited too', async () => {
    const { meetingId } = await newWeighingItem(server, 'UseCase-Join');
    await joinMeeting(server.app.db, ctx('politie'), meetingId);
    expect(await refusalOf(joinMeeting(server.app.db, ctx('ggz'), meetingId))).toEqual({
      statusCode: 403,
      code: 'FORBIDDEN',
      rule: 'art. 9.1',
    });
    const audited = await server.database.db
      .select({ result: auditLog.result, ip: auditLog.ip })
      .from(auditLog)
      .where(and(eq(auditLog.objectId, meetingId), eq(auditLog.fieldGroup, 'live')));
    expect(audited.map((a) => a.result).sort()).toEqual(['allowed', 'denied']);
    expect(audited.every((a) => a.ip === '192.0.2.10')).toBe(true);
    expect(
      await refusalOf(joinMeeting(server.app.db, ctx('politie'), '00000000-0000-4000-8000-000000000000')),
    ).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('open and discuss: chair only (art. 5), once; attendance is recorded for who is present', async () => {
    const { meetingId, itemId } = await newWeighingItem(server, 'UseCase-Open');
    expect(await refusalOf(openMeeting(server.app.db, ctx('politie'), meetingId))).toEqual({
      statusCode: 403,
      code: 'FORBIDDEN',
      rule: 'art. 5',
    });
    expect(
      await refusalOf(discussItem(server.app.db, ctx('voorzitter'), meetingId, itemId, [])),
    ).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    await openMeeting(server.app.db, ctx('voorzitter'), meetingId);
    const [meeting] = await server.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(meeting!.state).toBe('open');
    expect(await refusalOf(openMeeting(server.app.db, ctx('voorzitter'), meetingId))).toMatchObject({
      statusCode: 409,
      code: 'CONFLICT',
    });

    // Present: the police twice (two tabs) and a satellite that is no participant: only the police attend.
    const present = [actors.politie!, actors.politie!, actors.ggz!];
    await discussItem(server.app.db, ctx('voorzitter'), meetingId, itemId, present);
    const attending = await server.database.db
      .select({ membershipId: meetingAttendance.membershipId })
      .from(meetingAttendance)
      .where(eq(meetingAttendance.agendaItemId, itemId));
    expect(attending).toEqual([{ membershipId: actors.politie!.membershipId }]);
    expect(
      await refusalOf(discussItem(server.app.db, ctx('voorzitter'), meetingId, meetingId, present)),
    ).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('consent, admission and close: each step audited, refusals coded, the freeze published', async () => {
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, 'UseCase-Consent');
    await openMeeting(server.app.db, ctx('voorzitter'), meetingId);
    // No decision recorded yet: nothing to agree to (art. 7.4).
    expect(
      await refusalOf(askForConsent(server.app.db, ctx('voorzitter'), meetingId, itemId, undefined)),
    ).toEqual({ statusCode: 409, code: 'CONFLICT', rule: 'art. 7.4' });
    // Closing is refused while the item has no outcome.
    expect(
      await refusalOf(
        closeMeeting(freezeDepsOf(server.app), server.app.events, ctx('voorzitter'), meetingId),
      ),
    ).toMatchObject({ statusCode: 409, code: 'CONFLICT' });

    await recordDecision(server, weighingFileId, { outcome: 'not_substantial', meetingId });
    expect(
      await refusalOf(askForConsent(server.app.db, ctx('politie'), meetingId, itemId, undefined)),
    ).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    await askForConsent(server.app.db, ctx('voorzitter'), meetingId, itemId, undefined);
    expect(
      await refusalOf(voteOnItem(server.app.db, ctx('politie'), meetingId, itemId, 'object')),
    ).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
    expect(await refusalOf(voteOnItem(server.app.db, ctx('voorzitter'), meetingId, itemId, 'agree'))).toEqual(
      { statusCode: 403, code: 'FORBIDDEN', rule: 'art. 5' },
    );
    await voteOnItem(server.app.db, ctx('politie'), meetingId, itemId, 'agree');

    // The chair narrows the municipality to this item: published, so open documents of other items close.
    await admitParticipant(
      server.app.db,
      server.app.events,
      ctx('voorzitter'),
      meetingId,
      actors.gemeente!.membershipId,
      [itemId],
      [],
    );
    expect(published).toContainEqual({
      type: 'admission.changed',
      meetingId,
      membershipId: actors.gemeente!.membershipId,
      items: [itemId],
    });
    expect(
      await refusalOf(
        admitParticipant(
          server.app.db,
          server.app.events,
          ctx('voorzitter'),
          meetingId,
          actors.ggz!.membershipId,
          'all',
          [],
        ),
      ),
    ).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });

    // Only the police agreed: the weegploeg decides with all three core parties (art. 7.4).
    expect(
      await refusalOf(recordOutcome(server.app.db, ctx('voorzitter'), meetingId, itemId, 'agreed')),
    ).toEqual({ statusCode: 409, code: 'CONFLICT', rule: 'art. 7.3' });
    await voteOnItem(server.app.db, ctx('gemeente'), meetingId, itemId, 'agree');
    await voteOnItem(server.app.db, ctx('om'), meetingId, itemId, 'agree');
    await recordOutcome(server.app.db, ctx('voorzitter'), meetingId, itemId, 'agreed');
    const consentAudit = await server.database.db
      .select({ rule: auditLog.rule })
      .from(auditLog)
      .where(and(eq(auditLog.objectId, meetingId), eq(auditLog.fieldGroup, 'consent')));
    expect(consentAudit).toEqual(Array.from({ length: 5 }, () => ({ rule: 'art. 7.4' })));

    published.length = 0;
    await closeMeeting(freezeDepsOf(server.app), server.app.events, ctx('voorzitter'), meetingId);
    expect(published).toEqual([
      { type: 'meeting.fenced', meetingId },
      { type: 'meeting.frozen', meetingId },
    ]);
    const [meeting] = await server.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(meeting!.state).toBe('closed');
    expect(
      await refusalOf(
        closeMeeting(freezeDepsOf(server.app), server.app.events, ctx('voorzitter'), meetingId),
      ),
    ).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
  });

  // Art. 7.3 (the core parties decide together) with art. 15 (a revocation takes effect at once): a vote counts only
  // while whoever cast it could still cast it.
  it('consent: a vote whose membership was revoked, or whose role no longer votes, does not carry the decision', async () => {
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, 'UseCase-Revoked-Vote');
    await openMeeting(server.app.db, ctx('voorzitter'), meetingId);
    await recordDecision(server, weighingFileId, { outcome: 'not_substantial', meetingId });
    await askForConsent(server.app.db, ctx('voorzitter'), meetingId, itemId, undefined);
    for (const user of ['politie', 'gemeente', 'om'])
      await voteOnItem(server.app.db, ctx(user), meetingId, itemId, 'agree');
    const police = eq(memberships.id, actors.politie!.membershipId);
    const outcome = () => recordOutcome(server.app.db, ctx('voorzitter'), meetingId, itemId, 'agreed');
    const notCarried = async () => {
      const error = await outcome().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ statusCode: 409, code: 'CONFLICT', rule: 'art. 7.3' });
      expect((error as AppError).message).toContain('not yet agreed by: police');
    };
    try {
      await server.database.db.update(memberships).set({ revokedAt: new Date() }).where(police);
      await notCarried();
      await server.database.db.update(memberships).set({ revokedAt: null, role: 'chair' }).where(police);
      await notCarried();
    } finally {
      await server.database.db.update(memberships).set({ revokedAt: null, role: 'member' }).where(police);
    }
    // Authorised as it was when it voted: the vote counts again.
    await outcome();
  });

  // Art. 10.5 (who received what): admitted while present to the item under discussion is attending it.
  it('admission: a participant present and admitted to the item under discussion attends it from then on', async () => {
    const { meetingId, itemId: first } = await newWeighingItem(server, 'UseCase-Admit-Attend');
    const second = await addWeighingItem(server, meetingId, 'UseCase-Tweede');
    const municipality = actors.gemeente!;
    const admit = (items: string[], present: Actor[]) =>
      admitParticipant(
        server.app.db,
        server.app.events,
        ctx('voorzitter'),
        meetingId,
        municipality.membershipId,
        items,
        present,
      );
    const attends = async () =>
      (
        await server.database.db
          .select()
          .from(meetingAttendance)
          .where(
            and(
              eq(meetingAttendance.agendaItemId, second),
              eq(meetingAttendance.membershipId, municipality.membershipId),
            ),
          )
      ).length;
    await openMeeting(server.app.db, ctx('voorzitter'), meetingId);
    await admit([first], [municipality]);
    await discussItem(server.app.db, ctx('voorzitter'), meetingId, second, [municipality]);
    expect(await attends()).toBe(0);
    // Admitted while not connected: nothing received yet.
    await admit([first, second], []);
    expect(await attends()).toBe(0);
    await admit([first, second], [municipality]);
    expect(await attends()).toBe(1);
  });

  it('lower a hand, give the floor: the chair only (art. 5), a participant present, not after the close', async () => {
    const { meetingId, itemId } = await newWeighingItem(server, 'UseCase-Hands');
    const db = server.app.db;
    const present = [actors.voorzitter!, actors.politie!];
    const police = actors.politie!.membershipId;
    const at = new Date('2026-12-01T09:30:00Z');
    expect(
      await refusalOf(lowerHand(db, server.app.events, ctx('gemeente'), meetingId, police, true, present)),
    ).toEqual({ statusCode: 403, code: 'FORBIDDEN', rule: 'art. 5' });
    // The municipality takes part but is not connected: nobody to give the floor to.
    expect(
      await refusalOf(
        lowerHand(
          db,
          server.app.events,
          ctx('voorzitter'),
          meetingId,
          actors.gemeente!.membershipId,
          true,
          present,
        ),
      ),
    ).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(
      await refusalOf(
        lowerHand(
          db,
          server.app.events,
          ctx('voorzitter'),
          '00000000-0000-4000-8000-000000000000',
          police,
          true,
          present,
        ),
      ),
    ).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });

    published.length = 0;
    // Hands go up before the meeting is opened too; the chair may take them.
    await lowerHand(db, server.app.events, ctx('voorzitter'), meetingId, police, false, present, at);
    await openMeeting(db, ctx('voorzitter'), meetingId);
    await lowerHand(db, server.app.events, ctx('voorzitter'), meetingId, police, true, present, at);
    expect(published).toEqual([
      { type: 'hand.lowered', meetingId, membershipId: police, floor: false, at: at.toISOString() },
      { type: 'hand.lowered', meetingId, membershipId: police, floor: true, at: at.toISOString() },
    ]);

    await recordOutcome(db, ctx('voorzitter'), meetingId, itemId, 'carried_over');
    await closeMeeting(freezeDepsOf(server.app), server.app.events, ctx('voorzitter'), meetingId);
    expect(
      await refusalOf(lowerHand(db, server.app.events, ctx('voorzitter'), meetingId, police, true, present)),
    ).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
  });

  it('time used per item: each turn of discussion is added to its item, when the chair moves on or closes', async () => {
    const { meetingId, itemId } = await newWeighingItem(server, 'UseCase-Time');
    const db = server.app.db;
    const at = (minute: number, second = 0) => new Date(Date.UTC(2020, 11, 1, 9, minute, second));
    const used = async () =>
      (
        await server.database.db
          .select({ seconds: agendaItems.discussedSeconds })
          .from(agendaItems)
          .where(eq(agendaItems.id, itemId))
      )[0]!.seconds;
    await openMeeting(db, ctx('voorzitter'), meetingId);
    await discussItem(db, ctx('voorzitter'), meetingId, itemId, [], at(0));
    expect(await used()).toBe(0);
    // The same item again (a page reload, a second click): the turn so far is kept, a new one starts.
    await discussItem(db, ctx('voorzitter'), meetingId, itemId, [], at(7, 30));
    expect(await used()).toBe(450);
    const [meeting] = await server.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    expect(meeting!.currentItemSince).toEqual(at(7, 30));
    await recordOutcome(db, ctx('voorzitter'), meetingId, itemId, 'carried_over');
    await closeMeeting(freezeDepsOf(server.app), server.app.events, ctx('voorzitter'), meetingId);
    // Once closed, the agenda says each item's outcome (the live state is gone).
    const detail = await (await server.login('politie')).get(`/api/meetings/${meetingId}`);
    expect(detail.body.agenda).toEqual([expect.objectContaining({ id: itemId, outcome: 'carried_over' })]);
    // Closing counts the last turn (up to the real clock, later than the turn that started on 1 December 2020 09:07:30).
    expect(await used()).toBeGreaterThan(450);
  });
});
