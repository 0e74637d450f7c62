import { loadActor } from '../../services/actors';
import { meetingsOfCase } from '../../services/disclosures';
import type { Actor } from '../../../shared/index';
import type { Control } from './control';
import { meetingsIn, room, type ControlSocket } from './sockets';

/** What the control server does when the domain changes (server/events/): the meetings concerned hear of it. */
export function controlSubscriptions({ app, io, states }: Control): Array<() => void> {
  return [
    // The user's sockets are told and act under the new authorisation, or are disconnected when it was revoked.
    app.events.subscribe('membership.changed', async ({ membershipId }) => {
      const actor = await loadActor(app.db, membershipId);
      // This instance's sockets: the event reaches every instance, and each acts on its own.
      const sockets = [...io.of('/').sockets.values()].filter(
        (socket) => socket.data.actor.membershipId === membershipId,
      );
      for (const meetingId of actUnder(actor, sockets)) await states.broadcastHere(meetingId);
    }),
    // After this instance may have missed events of another (Redis pub/sub may lose them): every socket acts
    // under its membership as the database has it now, a revoked one is disconnected, and the meetings with
    // sockets here get their state again (an agenda change may have been missed). Ended sessions:
    // server/live/session-watch.ts.
    app.events.onResync(async () => {
      const touched = new Set<string>();
      const actors = new Map<string, Awaited<ReturnType<typeof loadActor>>>();
      for (const socket of [...io.of('/').sockets.values()]) {
        const { membershipId } = socket.data.actor;
        if (!actors.has(membershipId)) actors.set(membershipId, await loadActor(app.db, membershipId));
        for (const meetingId of actUnder(actors.get(membershipId) ?? null, [socket], false))
          touched.add(meetingId);
      }
      for (const meetingId of touched) await states.broadcastHere(meetingId);
    }),
    app.events.subscribe('disclosure.changed', async ({ caseFileId }) => {
      for (const meetingId of await meetingsOfCase(app.db, caseFileId)) await states.broadcastHere(meetingId);
    }),
    app.events.subscribe('agenda.changed', async ({ meetingId }) => {
      await states.broadcastHere(meetingId);
    }),
    app.events.subscribe('meeting.fenced', async ({ meetingId }) => {
      await states.broadcastHere(meetingId);
    }),
    app.events.subscribe('meeting.fence-lifted', async ({ meetingId }) => {
      await states.broadcastHere(meetingId);
    }),
    // A hand went down (and maybe the floor moved): each instance changes the sockets it holds (remote sockets
    // cannot be written), then everyone in the meeting gets the new state.
    app.events.subscribe('hand.lowered', async ({ meetingId, membershipId, floor, at }) => {
      for (const socket of io.of('/').sockets.values()) {
        if (!socket.rooms.has(room(meetingId))) continue;
        const theirs = socket.data.actor.membershipId === membershipId;
        if (theirs) delete socket.data.hands[meetingId];
        if (floor && theirs) socket.data.floor[meetingId] = at;
        else if (floor) delete socket.data.floor[meetingId];
      }
      await states.broadcastHere(meetingId);
    }),
    app.events.subscribe('meeting.frozen', async ({ meetingId }) => {
      await states.broadcastHere(meetingId);
    }),
    app.events.subscribe('meeting.cancelled', async ({ meetingId }) => {
      await states.broadcastHere(meetingId);
    }),
    app.events.subscribe('agenda-item.removed', async ({ meetingId }) => {
      await states.broadcastHere(meetingId);
    }),
  ];
}

/**
 * Sockets of one membership act under it as the database has it now (`actor`), or are told it was revoked and
 * disconnected (null). Returns the meetings they were in, whose state changes with who is there and as what.
 */
export function actUnder(actor: Actor | null, sockets: ControlSocket[], tell = true): Set<string> {
  const touched = new Set<string>();
  for (const socket of sockets) {
    if (tell || !actor) socket.emit('session:changed', { revoked: actor === null });
    for (const meetingId of meetingsIn(socket.rooms)) touched.add(meetingId);
    if (!actor) {
      socket.disconnect(true);
      continue;
    }
    // The socket acts under the new authorisation from its next event on.
    socket.data.actor = actor;
  }
  return touched;
}
