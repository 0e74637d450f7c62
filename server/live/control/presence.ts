import { loggableError } from '../../safe-log';
import { lowerHand, lowerOwnHand } from '../../services/meeting-control/hands';
import { joinMeeting } from '../../services/meeting-control/presence';
import { joined, type Control } from './control';
import { on } from './on';
import { contextOf, meetingsIn, room, type ControlSocket } from './sockets';

/** Presence: joining and leaving a meeting, raised hands and the floor, and who is still there after a disconnection. */
export function presenceHandlers({ app, states }: Control, socket: ControlSocket): void {
  on(app, socket, 'meeting:join', async (s, { meetingId }) => {
    await joinMeeting(app.db, contextOf(s), meetingId);
    await s.join(room(meetingId));
    return states.broadcast(meetingId);
  });

  on(app, socket, 'meeting:leave', async (s, { meetingId }) => {
    // The answer is the meeting's state, which is for its participants (art. 9.1): only a socket that joined it,
    // and so was decided a participant, leaves it.
    joined(s, meetingId);
    await s.leave(room(meetingId));
    delete s.data.hands[meetingId];
    delete s.data.floor[meetingId];
    await states.broadcast(meetingId);
    return states.of(meetingId);
  });

  on(app, socket, 'hand:raise', async (s, { meetingId, raised }) => {
    joined(s, meetingId);
    if (!raised) {
      // Published: the subscriber lowers it on every socket of this participant and tells the meeting.
      await lowerOwnHand(app.events, contextOf(s), meetingId);
      return states.of(meetingId);
    }
    // Raised again while up: it keeps its place in the queue.
    s.data.hands[meetingId] ??= new Date().toISOString();
    return states.broadcast(meetingId);
  });

  on(app, socket, 'chair:lower-hand', async (s, { meetingId, membershipId, floor }) => {
    joined(s, meetingId);
    await lowerHand(
      app.db,
      app.events,
      contextOf(s),
      meetingId,
      membershipId,
      floor,
      await states.present(meetingId),
    );
    return states.of(meetingId);
  });

  socket.on('disconnecting', () => {
    const left = meetingsIn(socket.rooms);
    // After the socket has left its rooms, tell the others who is still present.
    setImmediate(() => {
      // Shutting down: this instance's sockets all go, and its link to the others is closing; the participants
      // elsewhere learn who is present from their own instance's next state.
      if (app.lifecycle.draining) return;
      for (const meetingId of left) {
        states
          .broadcast(meetingId)
          .catch((error: unknown) =>
            app.log.error({ error: loggableError(error) }, 'live control: presence update failed'),
          );
      }
    });
  });
}
