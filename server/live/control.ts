import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { agendaItems, meetingAttendance, meetings, memberships, parties } from '../../db/schema/index';
import {
  CONTROL_PATH,
  CloseCode,
  LIMITS,
  LIVE_PROTOCOL_VERSION,
  parseDocName,
  type Admission,
  type Actor,
  type ClientToServerEvents,
  type ControlAck,
  type MeetingControlState,
  type MeetingState,
  type ServerToClientEvents,
} from '../../shared/index';
import { appendAudit, appendAuditBatched } from '../services/audit';
import { loadActor } from '../services/actors';
import { meetingDisclosures, meetingsOfCase } from '../services/disclosures';
import { admissionOf, admits, participantsOf, setAdmission } from '../services/admissions';
import { loggableError } from '../safe-log';
import { askConsent, castVote, meetingConsent, setOutcome } from '../services/consent';
import { remarkBasisOf } from '../services/consent-remarks';
import { ControlError } from './control-error';
import { stateFor, type ServerControlState } from './control-view';
import { checkedPayload } from './control-payloads';
import { isDatabaseUnavailable } from '../database-outage';
import { FreezeError, freezeMeeting, itemsLackingOutcome, lackingOutcomeMessage } from './freeze';
import { handshakeActor, handshakeOrigin, handshakeRefusal } from './handshake';
import { clientAddress } from './caps';
import type { WatchedSession } from './session-watch';

interface SocketData {
  actor: Actor;
  /** The session the socket was opened with: it is disconnected when that session ends (session-watch.ts). */
  session: WatchedSession;
  /** Meetings this socket joined, with its raised hand per meeting. */
  hands: Record<string, boolean>;
}
type ControlSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
declare module 'fastify' {
  interface FastifyInstance {
    liveControl: {
      /** Tells everyone in the meeting that its agenda changed (an item was added); never throws. */
      agendaChanged(meetingId: string): Promise<void>;
      /**
       * A membership's role, capacity or validity changed: its open documents close with 4501 (reconnect and be
       * authorised anew), its control sockets are told and act under the new authorisation, or are disconnected
       * when the membership was revoked. Takes effect at once. Never throws.
       */
      membershipChanged(membershipId: string): Promise<void>;
      /**
       * A disclosure of this case took effect or ended: the meetings of the case hear of it, and on revocation the
       * recipient's open connections to that field close at once (4403). Never throws.
       */
      disclosuresChanged(
        caseFileId: string,
        revoked?: { compartment: string; recipientPartyId: string },
      ): Promise<void>;
    };
  }
}

type ControlServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const room = (meetingId: string) => `meeting:${meetingId}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PURPOSE = 'live overleg: aanwezigheid en agenda (convenant art. 9, 10.5)';

function uuidOf(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value))
    throw new ControlError('BAD_REQUEST', `${field} must be a UUID`);
  return value;
}

function admissionItems(value: unknown): Admission {
  if (value === 'all') return 'all';
  if (!Array.isArray(value) || value.length > LIMITS.agendaItemsPerMeeting)
    throw new ControlError('BAD_REQUEST', `items must be 'all' or a list of agenda item ids`);
  return value.map((item, i) => uuidOf(item, `items[${i}]`));
}

async function meetingOf(db: Database, actor: Actor, meetingId: string) {
  const [meeting] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.covenantId, actor.covenantId)))
    .limit(1);
  if (!meeting) throw new ControlError('NOT_FOUND', 'no such meeting');
  return meeting;
}

/** Records who is present for the item under discussion (attendance per agenda item). */
async function recordAttendance(db: Database, itemId: string, membershipIds: string[], now = new Date()) {
  if (membershipIds.length === 0) return;
  await db
    .insert(meetingAttendance)
    .values(
      [...new Set(membershipIds)].map((membershipId) => ({
        agendaItemId: itemId,
        membershipId,
        firstSeenAt: now,
      })),
    )
    .onConflictDoNothing();
}

/**
 * Meeting control on socket.io, on the same server as the API. The handshake is authenticated from the session
 * cookie (and the Origin checked) on every connection, reconnections included; socket.io's connection-state
 * recovery is not used. Meeting state and the current item live in the database; presence is the set of sockets
 * in the meeting's room, which a Redis adapter would span across instances.
 */
export default fp(
  async (app: FastifyInstance) => {
    const io: ControlServer = new Server(app.server, {
      path: CONTROL_PATH,
      serveClient: false,
      // Leave upgrades of other paths (the Yjs endpoint) alone, however long their authentication takes.
      destroyUpgrade: false,
      maxHttpBufferSize: 16 * 1024,
      allowRequest: (request, callback) => {
        const refused = handshakeRefusal(app, request);
        callback(refused?.reason ?? null, refused === null);
      },
    });

    const refusal = (code: string) => Object.assign(new Error(code), { data: { code } });
    io.use((socket, next) => {
      // Control sockets count toward the same caps as the Yjs documents; the slots go back when the transport closes.
      const addressSlot = app.live.caps.address(clientAddress(app, socket.request));
      if (!addressSlot) return next(refusal('TOO_MANY_CONNECTIONS'));
      socket.conn.once('close', addressSlot);
      app.live.handshakes
        .run(() => handshakeActor(app, socket.request))
        .then(
          (handshake) => {
            if (!handshake) {
              addressSlot();
              return next(refusal('NOT_AUTHENTICATED'));
            }
            const { actor, session } = handshake;
            // The client may have gone while the handshake ran: its transport's close has passed, take no slot.
            if (socket.conn.readyState === 'closed') {
              addressSlot();
              return next(refusal('NOT_CONNECTED'));
            }
            const userSlot = app.live.caps.user(actor.membershipId);
            if (!userSlot) {
              addressSlot();
              return next(refusal('TOO_MANY_CONNECTIONS'));
            }
            socket.conn.once('close', userSlot);
            socket.data.actor = actor;
            socket.data.session = session;
            socket.data.hands = {};
            next();
          },
          (error: unknown) => {
            addressSlot();
            app.log.error({ error: loggableError(error) }, 'live control: handshake failed');
            next(refusal(isDatabaseUnavailable(error) ? 'UNAVAILABLE' : 'INTERNAL'));
          },
        );
    });

    async function stateOf(meetingId: string): Promise<ServerControlState> {
      const [meeting] = await app.db.select().from(meetings).where(eq(meetings.id, meetingId)).limit(1);
      const sockets = await io.in(room(meetingId)).fetchSockets();
      const present = new Map<string, MeetingControlState['present'][number]>();
      for (const s of sockets) {
        const actor = s.data.actor;
        const previous = present.get(actor.membershipId);
        present.set(actor.membershipId, {
          membershipId: actor.membershipId,
          name: actor.displayName,
          organisation: actor.organisationName,
          role: actor.role,
          handRaised: Boolean(previous?.handRaised || s.data.hands[meetingId]),
        });
      }
      return {
        protocolVersion: LIVE_PROTOCOL_VERSION,
        meetingId,
        state: (meeting?.state ?? 'closed') as MeetingState,
        currentItemId: meeting?.currentItemId ?? null,
        agendaItemIds: (
          await app.db
            .select({ id: agendaItems.id })
            .from(agendaItems)
            .where(eq(agendaItems.meetingId, meetingId))
            .orderBy(asc(agendaItems.position))
        ).map((item) => item.id),
        present: [...present.values()].sort((a, b) => a.name.localeCompare(b.name)),
        participants: await participantsOf(app.db, meetingId),
        disclosures: await meetingDisclosures(app.db, meetingId),
        consent: await meetingConsent(app.db, meetingId),
        remarkBasis: await remarkBasisOf(app.db, meeting),
      };
    }

    async function broadcast(meetingId: string): Promise<ServerControlState> {
      const state = await stateOf(meetingId);
      // Each socket gets its own view (fetchSockets also reaches other instances' sockets through an adapter).
      for (const socket of await io.in(room(meetingId)).fetchSockets())
        socket.emit('meeting:state', stateFor(socket.data.actor, state));
      return state;
    }

    /** Who is present and admitted to the item: attendance records only those (art. 10.5: who received what). */
    async function presentFor(meetingId: string, itemId: string): Promise<string[]> {
      const present = new Map(
        (await io.in(room(meetingId)).fetchSockets()).map((s) => [s.data.actor.membershipId, s.data.actor]),
      );
      const admitted: string[] = [];
      for (const [membershipId, actor] of present)
        if (admits(await admissionOf(app.db, meetingId, actor), itemId)) admitted.push(membershipId);
      return admitted;
    }

    function chairOnly(socket: ControlSocket) {
      if (socket.data.actor.role !== 'chair')
        throw new ControlError('FORBIDDEN', 'only the chair controls the meeting', 'art. 5');
    }

    function joined(socket: ControlSocket, meetingId: string) {
      if (!socket.rooms.has(room(meetingId))) throw new ControlError('CONFLICT', 'join the meeting first');
    }

    async function setState(meetingId: string, from: MeetingState[], to: MeetingState) {
      const updated = await app.db
        .update(meetings)
        .set({ state: to })
        .where(and(eq(meetings.id, meetingId), inArray(meetings.state, from)))
        .returning({ id: meetings.id });
      if (updated.length === 0)
        throw new ControlError('CONFLICT', `the meeting cannot go to ${to} from its current state`);
    }

    type Handler<P> = (socket: ControlSocket, payload: P) => Promise<ServerControlState>;
    /**
     * Every event with an acknowledgement gets one: its state, or an error (BAD_REQUEST naming what is wrong
     * with the payload, UNAVAILABLE while the database is unreachable) — never silence until the client's timeout.
     */
    function on<E extends keyof ClientToServerEvents>(
      socket: ControlSocket,
      event: E,
      handler: Handler<Parameters<ClientToServerEvents[E]>[0]>,
    ) {
      socket.on(event, ((...args: unknown[]) => {
        const ack = args.at(-1);
        const reply = typeof ack === 'function' ? (ack as (result: ControlAck) => void) : () => undefined;
        const payloadArgs = typeof ack === 'function' ? args.slice(0, -1) : args;
        Promise.resolve()
          .then(() => handler(socket, checkedPayload(event, payloadArgs)))
          .then(
            (state) => reply({ ok: true, state: stateFor(socket.data.actor, state) }),
            (error: unknown) => {
              if (error instanceof ControlError) {
                const { code, message, rule } = error;
                return reply({ ok: false, error: { code, message, ...(rule ? { rule } : {}) } });
              }
              app.log.error({ error: loggableError(error) }, `live control: ${event} failed`);
              if (isDatabaseUnavailable(error))
                return reply({
                  ok: false,
                  error: {
                    code: 'UNAVAILABLE',
                    message: 'the database is temporarily unavailable; try again shortly',
                  },
                });
              reply({ ok: false, error: { code: 'BAD_REQUEST', message: 'the request failed' } });
            },
          );
      }) as never);
    }

    io.on('connection', (socket: ControlSocket) => {
      const sessionId = socket.data.session.id;
      // The session's end (logout, expiry) ends this socket too; every event counts as live activity.
      const unwatch = app.sessionWatch.watch(socket.data.session, (reason) => {
        socket.emit('session:ended', { reason });
        socket.disconnect(true);
      });
      socket.on('disconnect', unwatch);
      socket.use((_, next) => {
        app.sessionWatch.activity(sessionId);
        next();
      });
      const origin = handshakeOrigin(app, socket.request);

      on(socket, 'meeting:join', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        const { actor } = s.data;
        const meeting = await meetingOf(app.db, actor, meetingId);
        const admission = await admissionOf(app.db, meetingId, actor);
        const allowed = admission !== null;
        await appendAuditBatched(app.db, [
          {
            actor,
            origin,
            action: 'read',
            objectType: 'meeting',
            objectId: meetingId,
            fieldGroup: 'live',
            result: allowed ? 'allowed' : 'denied',
            rule: 'art. 9.1',
            purpose: PURPOSE,
          },
        ]);
        if (!allowed) throw new ControlError('FORBIDDEN', 'not a participant of this meeting', 'art. 9.1');
        if (meeting.state === 'closed') throw new ControlError('CONFLICT', 'the meeting is closed');
        await s.join(room(meetingId));
        if (meeting.currentItemId && admits(admission, meeting.currentItemId))
          await recordAttendance(app.db, meeting.currentItemId, [actor.membershipId]);
        return broadcast(meetingId);
      });

      on(socket, 'meeting:leave', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        await s.leave(room(meetingId));
        delete s.data.hands[meetingId];
        await broadcast(meetingId);
        return stateOf(meetingId);
      });

      on(socket, 'chair:open', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        chairOnly(s);
        await meetingOf(app.db, s.data.actor, meetingId);
        joined(s, meetingId);
        await setState(meetingId, ['scheduled'], 'open');
        return broadcast(meetingId);
      });

      on(socket, 'chair:discuss', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        const itemId = uuidOf(payload.itemId, 'itemId');
        chairOnly(s);
        const meeting = await meetingOf(app.db, s.data.actor, meetingId);
        joined(s, meetingId);
        if (meeting.state !== 'open') throw new ControlError('CONFLICT', 'open the meeting first');
        const [item] = await app.db
          .select({ id: agendaItems.id })
          .from(agendaItems)
          .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)))
          .limit(1);
        if (!item) throw new ControlError('NOT_FOUND', 'no such agenda item in this meeting');
        await app.db.update(meetings).set({ currentItemId: itemId }).where(eq(meetings.id, meetingId));
        await recordAttendance(app.db, itemId, await presentFor(meetingId, itemId));
        return broadcast(meetingId);
      });

      on(socket, 'chair:close', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        chairOnly(s);
        await meetingOf(app.db, s.data.actor, meetingId);
        joined(s, meetingId);
        // Every item needs an outcome first (agreed, or carried over); checked again inside the fence.
        const open = await itemsLackingOutcome(app.db, meetingId);
        if (open.length > 0) throw new ControlError('CONFLICT', lackingOutcomeMessage(open));
        // Closing freezes the meeting into its record (fence, persist, record, closed) or leaves it open.
        try {
          await freezeMeeting(app.live.deps, meetingId, s.data.actor, async () => {
            await broadcast(meetingId);
          });
        } catch (error) {
          await broadcast(meetingId);
          if (error instanceof FreezeError) throw new ControlError('CONFLICT', error.message);
          throw error;
        }
        // The live session is over: remaining (read-only) document connections close for good.
        await app.live.registry.closeMeeting(meetingId, CloseCode.Frozen, 'the meeting is frozen');
        const state = await broadcast(meetingId);
        io.in(room(meetingId)).socketsLeave(room(meetingId));
        return state;
      });

      /** A consent step, in one transaction with the meeting locked (one change at a time), audited. */
      async function consentStep(
        s: ControlSocket,
        meetingId: string,
        step: (
          tx: Executor,
          meeting: { id: string; kind: string; state: string },
        ) => Promise<{ subjectId: string }>,
      ) {
        await meetingOf(app.db, s.data.actor, meetingId);
        joined(s, meetingId);
        await app.db.transaction(async (tx) => {
          const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
          const { subjectId } = await step(tx, meeting!);
          await appendAudit(tx, [
            {
              actor: s.data.actor,
              origin,
              action: 'update',
              objectType: 'meeting',
              objectId: meetingId,
              subjectId,
              fieldGroup: 'consent',
              result: 'allowed',
              // The weegploeg decides on agenda-ing (art. 7.4); the casusoverleg on the plan of approach (art. 9.4).
              rule: meeting!.kind === 'weighing' ? 'art. 7.4' : 'art. 9.4',
              purpose: PURPOSE,
            },
          ]);
        });
        return broadcast(meetingId);
      }

      on(socket, 'chair:consent-ask', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        const itemId = uuidOf(payload.itemId, 'itemId');
        chairOnly(s);
        return consentStep(s, meetingId, (tx, meeting) =>
          askConsent(tx, meeting, itemId, s.data.actor, payload.proposal),
        );
      });

      on(socket, 'consent:vote', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        const itemId = uuidOf(payload.itemId, 'itemId');
        return consentStep(s, meetingId, (tx, meeting) =>
          castVote(tx, meeting, itemId, s.data.actor, payload.vote, payload.remark),
        );
      });

      on(socket, 'chair:outcome', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        const itemId = uuidOf(payload.itemId, 'itemId');
        chairOnly(s);
        return consentStep(s, meetingId, (tx, meeting) =>
          setOutcome(tx, meeting, itemId, s.data.actor, payload.outcome),
        );
      });

      on(socket, 'chair:admit', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        const membershipId = uuidOf(payload.membershipId, 'membershipId');
        const items = admissionItems(payload.items);
        chairOnly(s);
        const meeting = await meetingOf(app.db, s.data.actor, meetingId);
        joined(s, meetingId);
        if (meeting.state === 'closed' || meeting.state === 'closing')
          throw new ControlError('CONFLICT', 'the meeting is over');
        const refusal = await app.db.transaction(async (tx) => {
          // One admission change per meeting at a time, as for the agenda itself.
          await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, meetingId)).for('update');
          const refused = await setAdmission(tx, meeting, membershipId, items);
          await appendAudit(tx, [
            {
              actor: s.data.actor,
              origin,
              action: 'update',
              objectType: 'meeting',
              objectId: meetingId,
              fieldGroup: 'admission',
              result: refused ? 'denied' : 'allowed',
              rule: refused?.kind === 'rule' ? refused.rule : 'art. 9.1',
              purpose: PURPOSE,
            },
          ]);
          return refused;
        });
        if (refusal?.kind === 'not-participant')
          throw new ControlError('NOT_FOUND', 'no such participant in this meeting');
        if (refusal?.kind === 'unknown-item')
          throw new ControlError('NOT_FOUND', 'no such agenda item in this meeting');
        if (refusal?.kind === 'rule') throw new ControlError('FORBIDDEN', refusal.reason, refusal.rule);
        // Whatever was withdrawn stops now: the participant's open documents of other items are closed.
        await app.live.registry.closeMeeting(
          meetingId,
          CloseCode.Forbidden,
          'not admitted to this agenda item',
          (name, peer) => {
            if (peer.membershipId !== membershipId) return false;
            const address = parseDocName(name);
            return address?.itemId != null && !admits(items, address.itemId);
          },
        );
        return broadcast(meetingId);
      });

      on(socket, 'hand:raise', async (s, payload) => {
        const meetingId = uuidOf(payload.meetingId, 'meetingId');
        joined(s, meetingId);
        s.data.hands[meetingId] = payload.raised === true;
        return broadcast(meetingId);
      });

      socket.on('disconnecting', () => {
        const meetingsLeft = [...socket.rooms]
          .filter((r) => r.startsWith('meeting:'))
          .map((r) => r.slice('meeting:'.length));
        // After the socket has left its rooms, tell the others who is still present.
        setImmediate(() => {
          for (const meetingId of meetingsLeft) {
            broadcast(meetingId).catch((error: unknown) =>
              app.log.error({ error: loggableError(error) }, 'live control: presence update failed'),
            );
          }
        });
      });
    });

    /** Closes the recipient's open connections to a revoked field of a case, in every meeting of that case. */
    async function closeRevoked(
      caseFileId: string,
      meetingIds: string[],
      revoked: { compartment: string; recipientPartyId: string },
    ) {
      const members = new Set(
        (
          await app.db
            .select({ id: memberships.id })
            .from(memberships)
            .innerJoin(parties, eq(parties.organisationId, memberships.organisationId))
            .where(eq(parties.id, revoked.recipientPartyId))
        ).map((m) => m.id),
      );
      const items = new Set(
        (
          await app.db
            .select({ id: agendaItems.id })
            .from(agendaItems)
            .where(eq(agendaItems.caseFileId, caseFileId))
        ).map((i) => i.id),
      );
      for (const meetingId of meetingIds) {
        await app.live.registry.closeMeeting(
          meetingId,
          CloseCode.Forbidden,
          'the disclosure was revoked',
          (name, peer) => {
            const address = parseDocName(name);
            return (
              members.has(peer.membershipId) &&
              address?.itemId != null &&
              items.has(address.itemId) &&
              address.compartment === revoked.compartment
            );
          },
        );
      }
    }

    app.decorate('liveControl', {
      async membershipChanged(membershipId) {
        try {
          // Documents: closed with "reconnect"; the next upgrade decides under the new authorisation.
          await app.live.registry.closeWhere(
            (_, peer) => peer.membershipId === membershipId,
            CloseCode.Reauthorise,
            'your authorisation changed',
          );
          const actor = await loadActor(app.db, membershipId);
          const touched = new Set<string>();
          for (const socket of await io.fetchSockets()) {
            if (socket.data.actor.membershipId !== membershipId) continue;
            socket.emit('session:changed', { revoked: actor === null });
            for (const r of socket.rooms)
              if (r.startsWith('meeting:')) touched.add(r.slice('meeting:'.length));
            if (!actor) {
              socket.disconnect(true);
              continue;
            }
            // Same instance: the socket acts under the new authorisation from its next event on.
            const local = io.of('/').sockets.get(socket.id);
            if (local) local.data.actor = actor;
            else socket.disconnect(true);
          }
          for (const meetingId of touched) await broadcast(meetingId);
        } catch (error) {
          app.log.error({ error: loggableError(error) }, 'live control: authorisation change failed');
        }
      },
      async disclosuresChanged(caseFileId, revoked) {
        try {
          const meetingIds = await meetingsOfCase(app.db, caseFileId);
          if (revoked) await closeRevoked(caseFileId, meetingIds, revoked);
          for (const meetingId of meetingIds) await broadcast(meetingId);
        } catch (error) {
          app.log.error({ error: loggableError(error) }, 'live control: disclosure update failed');
        }
      },
      async agendaChanged(meetingId: string) {
        try {
          await broadcast(meetingId);
        } catch (error) {
          app.log.error({ error: loggableError(error) }, 'live control: agenda update failed');
        }
      },
    });

    // Not io.close(): that would close the HTTP server, which Fastify closes itself.
    app.addHook('preClose', async () => {
      io.disconnectSockets(true);
      io.engine.close();
    });
  },
  { name: 'live-control', dependencies: ['live'] },
);
