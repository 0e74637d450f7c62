import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { agendaItems, meetings } from '../../../db/schema/index';
import {
  LIVE_PROTOCOL_VERSION,
  isInSession,
  type Actor,
  type MeetingControlState,
} from '../../../shared/index';
import { participantsOf } from '../../services/admissions';
import { meetingConsent } from '../../services/consent';
import { remarkBasisOf } from '../../services/consent-remarks';
import { meetingDisclosures } from '../../services/disclosures';
import { stateFor, type ServerControlState } from '../control-view';
import { room, type ControlServer } from './sockets';

const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b);
const latest = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

/**
 * The meeting's state as the server holds it: what the database says, and who is present (the sockets in the
 * meeting's room, which a Redis adapter would span across instances). Each reader gets its own cut (control-view.ts).
 */
export class MeetingStates {
  constructor(
    private readonly app: FastifyInstance,
    private readonly io: ControlServer,
  ) {}

  /** The actors connected to the meeting now. */
  async present(meetingId: string): Promise<Actor[]> {
    return (await this.io.in(room(meetingId)).fetchSockets()).map((s) => s.data.actor);
  }

  async of(meetingId: string): Promise<ServerControlState> {
    const { db } = this.app;
    const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId)).limit(1);
    const items = await db
      .select({ id: agendaItems.id, discussedSeconds: agendaItems.discussedSeconds })
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, meetingId))
      .orderBy(asc(agendaItems.position));
    const sockets = await this.io.in(room(meetingId)).fetchSockets();
    const present = new Map<string, MeetingControlState['present'][number]>();
    for (const s of sockets) {
      const actor = s.data.actor;
      const previous = present.get(actor.membershipId);
      // One participant in several tabs: the hand went up when it first went up in any of them.
      present.set(actor.membershipId, {
        membershipId: actor.membershipId,
        name: actor.displayName,
        organisation: actor.organisationName,
        role: actor.role,
        handRaisedAt: earliest(previous?.handRaisedAt ?? null, s.data.hands[meetingId] ?? null),
        floorSince: latest(previous?.floorSince ?? null, s.data.floor[meetingId] ?? null),
      });
    }
    return {
      protocolVersion: LIVE_PROTOCOL_VERSION,
      meetingId,
      state: meeting?.state ?? 'closed',
      currentItemId: meeting?.currentItemId ?? null,
      agendaItemIds: items.map((item) => item.id),
      discussedSeconds: Object.fromEntries(items.map((item) => [item.id, item.discussedSeconds])),
      currentItemSince:
        meeting && isInSession(meeting.state) && meeting.currentItemId && meeting.currentItemSince
          ? meeting.currentItemSince.toISOString()
          : null,
      present: [...present.values()].sort((a, b) => a.name.localeCompare(b.name)),
      participants: await participantsOf(db, meetingId),
      disclosures: await meetingDisclosures(db, meetingId),
      consent: await meetingConsent(db, meetingId),
      remarkBasis: await remarkBasisOf(db, meeting),
    };
  }

  /**
   * Sends everyone in the meeting their view of its state, on every instance (after an action on a socket here);
   * returns the state.
   */
  async broadcast(meetingId: string): Promise<ServerControlState> {
    const state = await this.of(meetingId);
    // Each socket gets its own view (fetchSockets also reaches other instances' sockets through the adapter).
    for (const socket of await this.io.in(room(meetingId)).fetchSockets())
      socket.emit('meeting:state', stateFor(socket.data.actor, state));
    return state;
  }

  /**
   * The same for the meeting's sockets on this instance only: after a domain event, which reaches every instance
   * (server/events/), so each tells its own sockets and nobody hears it twice. The state itself (presence) is the
   * whole meeting's.
   */
  async broadcastHere(meetingId: string): Promise<void> {
    const state = await this.of(meetingId);
    for (const socket of await this.io.local.in(room(meetingId)).fetchSockets())
      socket.emit('meeting:state', stateFor(socket.data.actor, state));
  }
}
